package io.liquid4j.reservoir;

import io.liquid4j.cell.MathFunctions;
import java.util.Locale;

/** A reservoir unit's nonlinearity f, applied in place to a run of pre-activations. */
public enum ReservoirActivation {
  /** f(z) = tanh(z), in (−1, 1): the default. */
  TANH,
  /** f(z) = 1 / (1 + e^−z), in (0, 1). */
  SIGMOID,
  /** f(z) = z: a linear reservoir. */
  IDENTITY,
  /** f(z) = max(0, z). */
  RELU;

  /**
   * z[i] ← f(z[i]) for from ≤ i &lt; to, with core's scalar functions whichever element kernel
   * {@link io.liquid4j.cell.Kernels} chose. A reservoir of 1000 units applies f to 500–1000
   * values per call, ten thousand calls in a run: too few values per call for the Vector API
   * kernel to gain much once compiled, and in a fresh JVM that kernel runs on the Vector API's
   * unintrinsified fallback (an object per vector operation) until C2 compiles it, which took
   * about a third of a one-shot {@code liquid4j reservoir} (JFR samples) against about 1 % for
   * the scalar functions. A reservoir's states thus are the same bits with and without
   * {@code jdk.incubator.vector}.
   */
  void apply(double[] z, int from, int to) {
    switch (this) {
      case TANH -> {
        for (int i = from; i < to; i++) {
          z[i] = MathFunctions.tanh(z[i]);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          z[i] = MathFunctions.sigmoid(z[i]);
        }
      }
      case IDENTITY -> { }
      case RELU -> {
        for (int i = from; i < to; i++) {
          z[i] = Math.max(0, z[i]);
        }
      }
    }
  }

  /**
   * The name as the CLI spells it: tanh, sigmoid, identity, relu.
   *
   * @return {@code "tanh"}, {@code "sigmoid"}, {@code "identity"} or {@code "relu"}
   */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a CLI name; the message names {@code argument} and the choices.
   *
   * @param argument the option or config key the name came from, quoted in the error message
   * @param name the CLI name, as {@link #cliName()} gives it
   * @return the activation of that name
   * @throws IllegalArgumentException if no activation has that name
   */
  public static ReservoirActivation fromName(String argument, String name) {
    for (ReservoirActivation a : values()) {
      if (a.cliName().equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        argument + ": expected tanh, sigmoid, identity or relu, found '" + name + "'");
  }
}
