package io.liquid4j.solver;

/** Explicit Euler with a fixed number of equal steps: v ← v + h·f(v), h = duration / steps. */
public final class ExplicitEuler implements OdeSolver {
  private final int steps;

  /** @param steps number of equal sub-steps per call, &gt;= 1 */
  public ExplicitEuler(int steps) {
    this.steps = Solvers.checkSteps(steps);
  }

  @Override
  public int integrate(OdeSystem f, double[] v, double duration) {
    int n = f.dimension();
    double h = duration / steps;
    double[] k = new double[n];
    for (int s = 0; s < steps; s++) {
      f.derivative(v, k);
      for (int i = 0; i < n; i++) {
        v[i] += h * k[i];
      }
    }
    return steps;
  }

  @Override
  public String toString() {
    return "euler(" + steps + " steps)";
  }
}
