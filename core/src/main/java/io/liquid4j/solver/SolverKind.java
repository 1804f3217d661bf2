package io.liquid4j.solver;

import java.util.Locale;

/** The ODE solvers a liquid cell can use for one step. */
public enum SolverKind {
  /**
   * ncps's fused semi-implicit Euler step for LTC (the default): terms linear in v implicit,
   * synaptic activations explicit, {@code ode_unfolds} sub-steps.
   */
  FUSED,
  /** Explicit Euler with {@code ode_unfolds} equal sub-steps. */
  EULER,
  /** Classic Runge–Kutta 4 with {@code ode_unfolds} equal sub-steps. */
  RK4,
  /** Adaptive Dormand–Prince 5(4) with relative and absolute tolerances. */
  DOPRI5;

  /**
   * Lower-case name used in configs and on the command line.
   *
   * @return the name in lower case: {@code "fused"}, {@code "euler"}, {@code "rk4"} or
   *     {@code "dopri5"}
   */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses "fused", "euler", "rk4" or "dopri5".
   *
   * @param argument the option or config key the name came from, quoted in the error message
   * @param name the lower-case name, as {@link #configName()} gives it
   * @return the solver kind of that name
   * @throws IllegalArgumentException if no kind has that name
   */
  public static SolverKind fromName(String argument, String name) {
    for (SolverKind k : values()) {
      if (k.configName().equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        argument + ": unknown solver " + io.liquid4j.io.Quoted.of(name) + " (expected fused, euler, rk4 or dopri5)");
  }
}
