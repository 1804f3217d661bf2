package io.liquid4j.solver;

/**
 * The classic fourth-order Runge–Kutta method with a fixed number of equal steps:
 *
 * <pre>
 * k1 = f(v), k2 = f(v + h/2·k1), k3 = f(v + h/2·k2), k4 = f(v + h·k3)
 * v ← v + h/6·(k1 + 2·k2 + 2·k3 + k4)
 * </pre>
 */
public final class ClassicRk4 implements OdeSolver {
  private final int steps;

  /** @param steps number of equal sub-steps per call, &gt;= 1 */
  public ClassicRk4(int steps) {
    this.steps = Solvers.checkSteps(steps);
  }

  @Override
  public int integrate(OdeSystem f, double[] v, double duration) {
    int n = f.dimension();
    double h = duration / steps;
    double[] k1 = new double[n];
    double[] k2 = new double[n];
    double[] k3 = new double[n];
    double[] k4 = new double[n];
    double[] tmp = new double[n];
    for (int s = 0; s < steps; s++) {
      f.derivative(v, k1);
      for (int i = 0; i < n; i++) {
        tmp[i] = v[i] + 0.5 * h * k1[i];
      }
      f.derivative(tmp, k2);
      for (int i = 0; i < n; i++) {
        tmp[i] = v[i] + 0.5 * h * k2[i];
      }
      f.derivative(tmp, k3);
      for (int i = 0; i < n; i++) {
        tmp[i] = v[i] + h * k3[i];
      }
      f.derivative(tmp, k4);
      for (int i = 0; i < n; i++) {
        v[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
      }
    }
    return 4 * steps;
  }

  @Override
  public String toString() {
    return "rk4(" + steps + " steps)";
  }
}
