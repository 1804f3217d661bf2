package io.liquid4j.cli;

import io.liquid4j.model.ModelSpec;
import io.liquid4j.io.Quoted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The model options of a command that builds a network: a full {@link ModelSpec} with {@code
 * --model-spec}, or the shorthands {@code --model}, {@code --units}, {@code --wiring}, {@code
 * --solver}, {@code --cfc-variant}, {@code --mixed-memory}, {@code --forget-bias} and {@code
 * --ltc-init}, which produce one. The two forms exclude
 * each other.
 */
final class ModelOptions {
  static final String DEFAULT_MODEL = "ltc";
  static final int DEFAULT_UNITS = 32;

  @Option(names = "--model-spec", paramLabel = "FILE|JSON",
      description = "Model specification: a JSON object, such as '{\"model\": \"cfc\", \"units\":"
          + " 16}', or the path of a JSON file, with ncps's constructor keywords (see the"
          + " README). Excludes --model, --units, --wiring and --solver (default: the"
          + " shorthands).")
  String modelSpec;

  @Option(names = "--model", paramLabel = "KIND",
      description = "Shorthand: ltc, cfc, ctrnn or lstm (default: " + DEFAULT_MODEL + ").")
  String model;

  @Option(names = "--units", paramLabel = "N",
      description = "Shorthand: neurons (default: " + DEFAULT_UNITS + ").")
  Integer units;

  @Option(names = "--wiring", paramLabel = "WIRING",
      description = "Shorthand: fully-connected, random, ncp or autoncp (LTC, CfC; default: a"
          + " plain number of units, projected to the targets).")
  String wiring;

  @Option(names = "--solver", paramLabel = "SOLVER",
      description = "Shorthand: the ODE solver, fused, euler, rk4 or dopri5 for an LTC (default:"
          + " fused); euler, rk4 or dopri5 for a CTRNN (default: euler).")
  String solver;

  @Option(names = "--cfc-variant", paramLabel = "VARIANT",
      description = "Shorthand: ncps or paper, the CfC whose code a CfC follows where the two"
          + " differ: the paper's applies backbone dropout after every layer and lecun_tanh on"
          + " its ff1/ff2 heads (spec key cfc_variant; CfC without --wiring; default: ncps).")
  String cfcVariant;

  @Option(names = "--mixed-memory",
      description = "Shorthand: add the mixed-memory LSTM (spec key mixed_memory; LTC, CfC,"
          + " CTRNN). With --cfc-variant paper it is the CfC paper's MixedCfcCell, whose LSTM"
          + " output is the CfC's input; otherwise ncps's, whose LSTM output is the CfC's state.")
  boolean mixedMemory;

  @Option(names = "--forget-bias", paramLabel = "BETA",
      description = "Shorthand: the mixed-memory LSTM's forget bias β of σ(fg + β) (spec key"
          + " forget_bias; needs --mixed-memory; default: 1, ncps's).")
  Double forgetBias;

  @Option(names = "--ltc-init", paramLabel = "INIT",
      description = "Shorthand: ncps or paper, how an LTC's parameters are first drawn; paper is"
          + " the LTC paper's initialisation, with its parameters kept positive by clipping"
          + " (spec keys init and implicit_param_constraints false; default: ncps).")
  String ltcInit;

  /**
   * The spec the options give.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  ModelSpec spec() {
    if (modelSpec != null) {
      List<String> shorthands = new ArrayList<>();
      if (model != null) {
        shorthands.add("--model");
      }
      if (units != null) {
        shorthands.add("--units");
      }
      if (wiring != null) {
        shorthands.add("--wiring");
      }
      if (solver != null) {
        shorthands.add("--solver");
      }
      if (cfcVariant != null) {
        shorthands.add("--cfc-variant");
      }
      if (ltcInit != null) {
        shorthands.add("--ltc-init");
      }
      if (mixedMemory) {
        shorthands.add("--mixed-memory");
      }
      if (forgetBias != null) {
        shorthands.add("--forget-bias");
      }
      if (!shorthands.isEmpty()) {
        throw new IllegalArgumentException("--model-spec and " + String.join(", ", shorthands)
            + " exclude each other: give the whole model in --model-spec, or use the shorthands");
      }
      return ModelSpec.parse(modelSpec, "--model-spec");
    }
    ModelSpec spec;
    try {
      spec = ModelSpec.shorthand(model != null ? model : DEFAULT_MODEL,
          units != null ? units : DEFAULT_UNITS, wiring, solver)
          .withSource("--model/--units/--wiring");
    } catch (IllegalArgumentException e) {
      // The library names its parameters; on the command line they are options.
      throw new IllegalArgumentException("--" + e.getMessage(), e);
    }
    if (forgetBias != null && !mixedMemory) {
      throw new IllegalArgumentException("--forget-bias: it is the mixed-memory LSTM's"
          + " forget-gate bias; add --mixed-memory (got --forget-bias " + forgetBias
          + " without it)");
    }
    if (cfcVariant == null && ltcInit == null && !mixedMemory) {
      return spec;
    }
    Map<String, Object> map = spec.toMap();
    String kind = String.valueOf(map.get("model"));
    if (mixedMemory) {
      if (kind.equals("LSTM")) {
        throw new IllegalArgumentException("--mixed-memory: applies to --model ltc, cfc or"
            + " ctrnn, got --model lstm");
      }
      map.put("mixed_memory", true);
      if (forgetBias != null) {
        if (!Double.isFinite(forgetBias)) {
          throw new IllegalArgumentException(
              "--forget-bias: expected a finite number, got " + forgetBias);
        }
        map.put("forget_bias", forgetBias);
      }
    }
    if (cfcVariant != null) {
      checkName("--cfc-variant", cfcVariant);
      if (!kind.equals("CfC") || wiring != null) {
        throw new IllegalArgumentException("--cfc-variant: applies to --model cfc without"
            + " --wiring, got --model " + kind.toLowerCase(java.util.Locale.ROOT)
            + (wiring != null ? " with --wiring " + wiring : ""));
      }
      map.put("cfc_variant", cfcVariant);
    }
    if (ltcInit != null) {
      checkName("--ltc-init", ltcInit);
      if (!kind.equals("LTC")) {
        throw new IllegalArgumentException("--ltc-init: applies to --model ltc, got --model "
            + kind.toLowerCase(java.util.Locale.ROOT));
      }
      map.put("init", ltcInit);
      if (ltcInit.equals("paper")) {
        // The paper's values are the parameters themselves, kept positive by clipping.
        map.put("implicit_param_constraints", false);
      }
    }
    return ModelSpec.fromMap(map, "--model/--units/--wiring").withSource(
        "--model/--units/--wiring");
  }

  private static void checkName(String option, String value) {
    if (!value.equals("ncps") && !value.equals("paper")) {
      throw new IllegalArgumentException(
          option + ": expected ncps or paper, got " + Quoted.of(value));
    }
  }
}
