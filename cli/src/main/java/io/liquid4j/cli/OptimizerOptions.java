package io.liquid4j.cli;

import io.liquid4j.train.OptimizerConfig;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The optimizer options of {@code liquid4j train}, giving an {@link OptimizerConfig}. An option
 * the chosen optimizer does not have is an error naming the option, not silently ignored.
 */
final class OptimizerOptions {
  @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
      description = "adam, adamw, sgd or rmsprop (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--betas", split = ",", paramLabel = "B1,B2", hideParamSyntax = true,
      description = "Adam's and AdamW's moment decay rates, each in [0, 1)"
          + " (default: 0.9,0.999).")
  double[] betas;

  @Option(names = "--eps", paramLabel = "EPS",
      description = "Term added to the denominator (adam, adamw, rmsprop; default: 1e-8).")
  Double eps;

  @Option(names = "--eps-inside-sqrt",
      description = "Add --eps inside the square root, as Keras's RMSprop does (rmsprop;"
          + " default: after it, as PyTorch).")
  boolean epsInsideSqrt;

  @Option(names = "--weight-decay", paramLabel = "L",
      description = "Weight decay: L2 penalty (adam, sgd, rmsprop; default: 0) or decoupled"
          + " decay (adamw; default: 0.01).")
  Double weightDecay;

  @Option(names = "--momentum", paramLabel = "M",
      description = "Momentum factor (sgd, rmsprop; default: 0).")
  Double momentum;

  @Option(names = "--nesterov",
      description = "Nesterov momentum (sgd, with --momentum > 0; default: off).")
  boolean nesterov;

  /**
   * The configured optimizer.
   *
   * @throws IllegalArgumentException naming the option: an unknown optimizer, an option the
   *     optimizer does not have, or a value out of range
   */
  OptimizerConfig config() {
    String name = optimizer.toLowerCase(Locale.ROOT);
    if (!OptimizerConfig.NAMES.contains(name)) {
      throw new IllegalArgumentException("--optimizer: expected adam, adamw, sgd or rmsprop,"
          + " got '" + optimizer + "'");
    }
    OptimizerConfig c = OptimizerConfig.named(name);
    if (betas != null) {
      only("--betas", name, "adam", "adamw");
      if (betas.length != 2) {
        throw new IllegalArgumentException(
            "--betas: expected two values B1,B2, got " + betas.length);
      }
      c = apply("--betas", c, o -> o.withBetas(betas[0], betas[1]));
    }
    if (eps != null) {
      only("--eps", name, "adam", "adamw", "rmsprop");
      c = apply("--eps", c, o -> o.withEps(eps));
    }
    if (epsInsideSqrt) {
      only("--eps-inside-sqrt", name, "rmsprop");
      c = apply("--eps-inside-sqrt", c, o -> o.withEpsInsideSqrt(true));
    }
    if (weightDecay != null) {
      c = apply("--weight-decay", c, o -> o.withWeightDecay(weightDecay));
    }
    if (momentum != null) {
      only("--momentum", name, "sgd", "rmsprop");
      c = apply("--momentum", c, o -> o.withMomentum(momentum));
    }
    if (nesterov) {
      only("--nesterov", name, "sgd");
      if (momentum == null || !(momentum > 0)) {
        throw new IllegalArgumentException("--nesterov: needs --momentum > 0, got "
            + (momentum == null ? "none" : momentum));
      }
      c = apply("--nesterov", c, o -> o.withNesterov(true));
    }
    return c;
  }

  private static void only(String option, String name, String... optimizers) {
    if (!List.of(optimizers).contains(name)) {
      throw new IllegalArgumentException(option + ": the " + name + " optimizer has no such"
          + " setting (it applies to --optimizer " + String.join(" or ", optimizers) + ")");
    }
  }

  /** The library names its argument (eps, betas[0]); the command line names the option. */
  private static OptimizerConfig apply(
      String option, OptimizerConfig c, UnaryOperator<OptimizerConfig> change) {
    try {
      return change.apply(c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }
}
