package io.liquid4j.reservoir.task;

import io.liquid4j.solver.ClassicRk4;
import io.liquid4j.solver.OdeSystem;

/**
 * The Lorenz (1963) system dx/dt = σ(y − x), dy/dt = x(ρ − z) − y, dz/dt = xy − βz, sampled every
 * {@code h} time units, with ReservoirPy's {@code lorenz} defaults: ρ = 28, σ = 10, β = 8/3, start
 * (1, 1, 1), h = 0.03.
 *
 * <p>Integration: classic fixed-step RK4 with {@link #DEFAULT_SUBSTEPS} = 10 equal substeps per
 * sample (step 0.003 at the default h). Against a tight-tolerance reference (scipy DOP853, rtol
 * 1e-13) the default series is off by about 4e-7 at t = 3 and 1.5e-6 at t = 9, and the error
 * shrinks about 16-fold per doubling of {@code substeps} (3e-8 at 20, 5e-11 at 100, at t = 3); over
 * longer spans chaos amplifies any error, so only the attractor, not the exact trajectory, is
 * meaningful. A fixed step makes the series reproducible bit for bit across machines.
 * ReservoirPy instead calls {@code scipy.integrate.solve_ivp} (RK45, rtol 1e-3) and, in current
 * versions, samples at {@code linspace(0, n·h, n)}, i.e. every {@code n·h/(n−1)}; so its values
 * agree with these only over the first few time units, and both are equally valid samples of the
 * attractor after that.
 *
 * <p>Sample {@code i} is the state at time {@code i·h}; sample 0 is the initial state itself.
 * The result is row-major T×3: sample {@code i} is {@code [3i, 3i+1, 3i+2]} = (x, y, z).
 *
 * <pre>{@code
 * double[] xyz = Lorenz.generate(10_000);            // 10 000 × 3, row-major
 * double[] x = Series.column(xyz, 3, 0);             // the x component
 * }</pre>
 */
public final class Lorenz {
  /** Number of components per sample (x, y, z). */
  public static final int DIMENSION = 3;
  /** Default ρ = 28. */
  public static final double DEFAULT_RHO = 28.0;
  /** Default σ = 10. */
  public static final double DEFAULT_SIGMA = 10.0;
  /** Default β = 8/3. */
  public static final double DEFAULT_BETA = 8.0 / 3.0;
  /** Default time between samples, 0.03 (ReservoirPy's). */
  public static final double DEFAULT_H = 0.03;
  /** Default RK4 substeps per sample. */
  public static final int DEFAULT_SUBSTEPS = 10;

  private Lorenz() {}

  /**
   * {@code nTimesteps} samples with the defaults (ρ 28, σ 10, β 8/3, start (1, 1, 1), h 0.03).
   *
   * @param nTimesteps number of samples, ≥ 0
   * @return row-major nTimesteps × 3
   */
  public static double[] generate(int nTimesteps) {
    return generate(nTimesteps, DEFAULT_H);
  }

  /**
   * {@code nTimesteps} samples {@code h} apart, other settings at their defaults.
   *
   * <pre>{@code
   * double[] xyz = Lorenz.generate(5000, 0.01);
   * }</pre>
   *
   * @param nTimesteps number of samples, ≥ 0
   * @param h time between samples, &gt; 0
   * @return row-major nTimesteps × 3
   */
  public static double[] generate(int nTimesteps, double h) {
    return generate(
        nTimesteps, h, DEFAULT_RHO, DEFAULT_SIGMA, DEFAULT_BETA, new double[] {1, 1, 1});
  }

  /**
   * {@code nTimesteps} samples of the Lorenz system with the given parameters and start, with
   * {@link #DEFAULT_SUBSTEPS} RK4 substeps per sample.
   *
   * <pre>{@code
   * double[] xyz = Lorenz.generate(2000, 0.03, 28, 10, 8.0 / 3, new double[] {0, 1, 1.05});
   * }</pre>
   *
   * @param nTimesteps number of samples, ≥ 0
   * @param h time between samples, &gt; 0
   * @param rho ρ
   * @param sigma σ
   * @param beta β
   * @param x0 the initial state (x, y, z), 3 finite values; not modified
   * @return row-major nTimesteps × 3, the first row being {@code x0}
   */
  public static double[] generate(
      int nTimesteps, double h, double rho, double sigma, double beta, double[] x0) {
    return generate(nTimesteps, h, rho, sigma, beta, x0, DEFAULT_SUBSTEPS);
  }

  /**
   * As {@link #generate(int, double, double, double, double, double[])} with a chosen number of
   * RK4 substeps per sample; more substeps, smaller error (RK4: about 16× smaller per doubling).
   *
   * <pre>{@code
   * double[] precise = Lorenz.generate(1000, 0.03, 28, 10, 8.0 / 3, new double[] {1, 1, 1}, 100);
   * }</pre>
   *
   * @param nTimesteps number of samples, ≥ 0
   * @param h time between samples, &gt; 0
   * @param rho ρ
   * @param sigma σ
   * @param beta β
   * @param x0 the initial state (x, y, z), 3 finite values; not modified
   * @param substeps RK4 steps per sample, ≥ 1
   * @return row-major nTimesteps × 3, the first row being {@code x0}
   */
  public static double[] generate(
      int nTimesteps,
      double h,
      double rho,
      double sigma,
      double beta,
      double[] x0,
      int substeps) {
    Checks.requireNonNegative("nTimesteps", nTimesteps);
    Checks.requirePositive("h", h);
    Checks.requireFinite("rho", rho);
    Checks.requireFinite("sigma", sigma);
    Checks.requireFinite("beta", beta);
    Checks.requireAllFinite("x0", x0);
    if (x0.length != DIMENSION) {
      throw new IllegalArgumentException(
          "x0: expected 3 values (x, y, z), found " + x0.length);
    }
    Checks.requireAtLeast("substeps", substeps, 1);
    if ((long) nTimesteps * DIMENSION > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("nTimesteps: expected at most "
          + (Integer.MAX_VALUE - 8) / DIMENSION + " samples, found " + nTimesteps);
    }
    OdeSystem lorenz =
        new OdeSystem() {
          @Override
          public int dimension() {
            return DIMENSION;
          }

          @Override
          public void derivative(double[] v, double[] dvdt) {
            dvdt[0] = sigma * (v[1] - v[0]);
            dvdt[1] = v[0] * (rho - v[2]) - v[1];
            dvdt[2] = v[0] * v[1] - beta * v[2];
          }
        };
    ClassicRk4 rk4 = new ClassicRk4(substeps);
    double[] samples = new double[nTimesteps * DIMENSION];
    double[] state = x0.clone();
    for (int t = 0; t < nTimesteps; t++) {
      System.arraycopy(state, 0, samples, t * DIMENSION, DIMENSION);
      if (t + 1 < nTimesteps) {
        rk4.integrate(lorenz, state, h);
      }
    }
    return samples;
  }
}
