package io.liquid4j.solver;

/** Creates the generic (non-fused) solvers. */
public final class Solvers {
  /** Default relative tolerance of {@link DormandPrince54} in the cells. */
  public static final double DEFAULT_RTOL = 1e-6;

  /** Default absolute tolerance of {@link DormandPrince54} in the cells. */
  public static final double DEFAULT_ATOL = 1e-8;

  private Solvers() {}

  /**
   * A solver of the given kind.
   *
   * @param kind which solver: {@link SolverKind#EULER}, {@link SolverKind#RK4} or
   *     {@link SolverKind#DOPRI5}
   * @param steps sub-steps per call (Euler, RK4) or initial step fraction (Dopri5)
   * @param rtol relative tolerance of Dopri5 (ignored by the fixed-step solvers)
   * @param atol absolute tolerance of Dopri5 (ignored by the fixed-step solvers)
   * @return a new solver; Dopri5 takes at most 100,000 steps per call
   * @throws IllegalArgumentException for {@link SolverKind#FUSED}, which only the LTC cell
   *     implements
   */
  public static OdeSolver of(SolverKind kind, int steps, double rtol, double atol) {
    switch (kind) {
      case EULER:
        return new ExplicitEuler(steps);
      case RK4:
        return new ClassicRk4(steps);
      case DOPRI5:
        return new DormandPrince54(rtol, atol, steps, 100_000);
      default:
        throw new IllegalArgumentException(
            "solver: the fused solver is specific to the LTC cell, not a generic ODE solver");
    }
  }

  static int checkSteps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    return steps;
  }
}
