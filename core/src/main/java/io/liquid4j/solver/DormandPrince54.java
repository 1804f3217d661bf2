package io.liquid4j.solver;

/**
 * Adaptive Dormand–Prince 5(4) (the method of MATLAB's ode45 and SciPy's RK45): each step computes
 * a fifth-order solution and an embedded fourth-order one; their difference estimates the local
 * error, and the step size adapts to keep it within {@code atol + rtol·|v|} per component (RMS
 * norm). The last stage of an accepted step is the first of the next (FSAL).
 */
public final class DormandPrince54 implements OdeSolver {
  // Butcher tableau (Dormand & Prince 1980).
  private static final double A21 = 1.0 / 5;
  private static final double A31 = 3.0 / 40, A32 = 9.0 / 40;
  private static final double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
  private static final double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187;
  private static final double A53 = 64448.0 / 6561, A54 = -212.0 / 729;
  private static final double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247;
  private static final double A64 = 49.0 / 176, A65 = -5103.0 / 18656;
  // Fifth-order weights (also the last row of A: first same as last).
  private static final double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192;
  private static final double B5 = -2187.0 / 6784, B6 = 11.0 / 84;
  // Fifth minus fourth order weights: the error estimate.
  private static final double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920;
  private static final double E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

  private final double rtol;
  private final double atol;
  private final int initialSteps;
  private final int maxSteps;

  /**
   * @param rtol relative tolerance, &gt; 0
   * @param atol absolute tolerance, &gt; 0
   * @param initialSteps the first trial step is duration / initialSteps
   * @param maxSteps give up (IllegalStateException) after this many attempted steps
   */
  public DormandPrince54(double rtol, double atol, int initialSteps, int maxSteps) {
    if (!(rtol > 0) || !Double.isFinite(rtol)) {
      throw new IllegalArgumentException("rtol must be a positive number, got " + rtol);
    }
    if (!(atol > 0) || !Double.isFinite(atol)) {
      throw new IllegalArgumentException("atol must be a positive number, got " + atol);
    }
    this.rtol = rtol;
    this.atol = atol;
    this.initialSteps = Solvers.checkSteps(initialSteps);
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
    }
    this.maxSteps = maxSteps;
  }

  @Override
  public int integrate(OdeSystem f, double[] v, double duration) {
    int n = f.dimension();
    double[] k1 = new double[n];
    double[] k2 = new double[n];
    double[] k3 = new double[n];
    double[] k4 = new double[n];
    double[] k5 = new double[n];
    double[] k6 = new double[n];
    double[] k7 = new double[n];
    double[] tmp = new double[n];
    double[] next = new double[n];
    int evaluations = 1;
    f.derivative(v, k1);
    double t = 0;
    double h = duration / initialSteps;
    for (int attempt = 0; attempt < maxSteps; attempt++) {
      boolean last = t + h >= duration;
      if (last) {
        h = duration - t;
      }
      for (int i = 0; i < n; i++) {
        tmp[i] = v[i] + h * A21 * k1[i];
      }
      f.derivative(tmp, k2);
      for (int i = 0; i < n; i++) {
        tmp[i] = v[i] + h * (A31 * k1[i] + A32 * k2[i]);
      }
      f.derivative(tmp, k3);
      for (int i = 0; i < n; i++) {
        tmp[i] = v[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
      }
      f.derivative(tmp, k4);
      for (int i = 0; i < n; i++) {
        tmp[i] = v[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
      }
      f.derivative(tmp, k5);
      for (int i = 0; i < n; i++) {
        tmp[i] = v[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
      }
      f.derivative(tmp, k6);
      for (int i = 0; i < n; i++) {
        next[i] = v[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
      }
      f.derivative(next, k7);
      evaluations += 6;
      double errSq = 0;
      for (int i = 0; i < n; i++) {
        double e =
            h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
        double scale = atol + rtol * Math.max(Math.abs(v[i]), Math.abs(next[i]));
        errSq += (e / scale) * (e / scale);
      }
      double err = Math.sqrt(errSq / n);
      if (!Double.isFinite(err)) {
        throw new IllegalStateException(
            "dopri5: the solution became non-finite at t = " + t + " (step " + h + ")");
      }
      if (err <= 1.0) {
        t += h;
        System.arraycopy(next, 0, v, 0, n);
        System.arraycopy(k7, 0, k1, 0, n);
        if (last) {
          return evaluations;
        }
      }
      // Standard controller: shrink or grow by 0.9·err^(−1/5), within [0.2, 5].
      double factor = err == 0 ? 5.0 : Math.min(5.0, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
      h *= factor;
    }
    throw new IllegalStateException(
        "dopri5: no convergence within "
            + maxSteps
            + " steps (rtol "
            + rtol
            + ", atol "
            + atol
            + "); the ODE may be stiff or the tolerances too tight");
  }

  @Override
  public String toString() {
    return "dopri5(rtol " + rtol + ", atol " + atol + ")";
  }
}
