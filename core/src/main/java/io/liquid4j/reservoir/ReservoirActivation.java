package io.liquid4j.reservoir;

import io.liquid4j.cell.ElementKernel;
import io.liquid4j.cell.Kernels;
import java.util.Locale;

/** A reservoir unit's nonlinearity f, applied in place to a run of pre-activations. */
public enum ReservoirActivation {
  TANH,
  SIGMOID,
  /** f(z) = z: a linear reservoir. */
  IDENTITY,
  RELU;

  /** z[i] ← f(z[i]) for from ≤ i &lt; to. */
  void apply(double[] z, int from, int to) {
    ElementKernel kernel = Kernels.elements();
    switch (this) {
      case TANH -> kernel.tanh(z, from, to);
      case SIGMOID -> kernel.sigmoid(z, from, to);
      case IDENTITY -> { }
      case RELU -> {
        for (int i = from; i < to; i++) {
          z[i] = Math.max(0, z[i]);
        }
      }
    }
  }

  /** The name as the CLI spells it: tanh, sigmoid, identity, relu. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a CLI name; the message names {@code argument} and the choices. */
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
