package io.liquid4j.reservoir.task;

import io.liquid4j.rng.NumpyGenerator;

/**
 * The NARMA benchmark (nonlinear auto-regressive moving average, Atiya &amp; Parlos 2000): a
 * system driven by i.i.d. inputs u(t) ~ U[0, 0.5] whose output needs a memory of {@code order}
 * steps to predict:
 *
 * <pre>
 * y(t+1) = a1·y(t) + a2·y(t)·Σ_{i=0..order−1} y(t−i) + b·u(t−order+1)·u(t) + c
 * </pre>
 *
 * <p>NARMA-10 is order 10 with a1 = 0.3, a2 = 0.05, b = 1.5, c = 0.1 ({@link #narma10}). The first
 * {@code order} outputs are 0 (the initial condition) and the recurrence fills the rest, so
 * discard a washout of a few hundred steps before training or scoring.
 *
 * <p>Seed semantics: the inputs are {@code np.random.default_rng(seed).uniform(0, 0.5,
 * nTimesteps)}, reproduced draw for draw by {@link NumpyGenerator}.
 *
 * <p>Not ReservoirPy's {@code narma}: that one defaults to order 30, a1 = 0.2, a2 = 0.04, c =
 * 0.001, and indexes its sum and delayed input one step further back (Σ y[t−order .. t−1] and
 * u[t−order]); it also draws {@code nTimesteps + order} inputs. This class follows the textbook
 * NARMA-10 definition instead.
 *
 * <p>The recurrence is not unconditionally stable: for NARMA-10 about one input draw in twenty
 * makes y run away within 10 000 steps (for example seed 4, around step 9 200). Rather than hand
 * back infinities, the generators throw {@link ArithmeticException} when y stops being finite;
 * use another seed or a shorter series.
 *
 * <pre>{@code
 * NarmaSeries s = Narma.narma10(4200, 1);
 * double[] u = s.u(), y = s.y();
 * }</pre>
 */
public final class Narma {
  /** NARMA-10's order. */
  public static final int NARMA10_ORDER = 10;
  /** NARMA-10's a1 = 0.3. */
  public static final double NARMA10_A1 = 0.3;
  /** NARMA-10's a2 = 0.05. */
  public static final double NARMA10_A2 = 0.05;
  /** NARMA-10's b = 1.5. */
  public static final double NARMA10_B = 1.5;
  /** NARMA-10's c = 0.1. */
  public static final double NARMA10_C = 0.1;
  /** Upper end of the input distribution U[0, 0.5]. */
  public static final double INPUT_MAX = 0.5;

  private Narma() {}

  /**
   * NARMA-10 with {@code nTimesteps} steps: inputs from {@code default_rng(seed)}, the NARMA-10
   * constants, zero initial condition.
   *
   * <pre>{@code
   * NarmaSeries s = Narma.narma10(10_000, 0);
   * }</pre>
   *
   * @param nTimesteps number of steps, ≥ 0
   * @param seed seed of {@code np.random.default_rng}, ≥ 0
   * @return the inputs u and outputs y, {@code nTimesteps} each
   * @throws ArithmeticException when this input draw makes y diverge
   */
  public static NarmaSeries narma10(int nTimesteps, long seed) {
    return generate(
        nTimesteps, NARMA10_ORDER, NARMA10_A1, NARMA10_A2, NARMA10_B, NARMA10_C, seed);
  }

  /**
   * NARMA of any order and coefficients, the inputs drawn from {@code default_rng(seed)}.
   *
   * <pre>{@code
   * NarmaSeries narma20 = Narma.generate(4000, 20, 0.3, 0.05, 1.5, 0.01, 3);
   * }</pre>
   *
   * @param nTimesteps number of steps, ≥ 0
   * @param order memory of the system, ≥ 1
   * @param a1 coefficient of y(t)
   * @param a2 coefficient of y(t)·Σ y(t−i)
   * @param b coefficient of u(t−order+1)·u(t)
   * @param c constant term
   * @param seed seed of {@code np.random.default_rng}, ≥ 0
   * @return the inputs u and outputs y, {@code nTimesteps} each
   * @throws ArithmeticException when this input draw makes y diverge
   */
  public static NarmaSeries generate(
      int nTimesteps, int order, double a1, double a2, double b, double c, long seed) {
    Checks.requireNonNegative("nTimesteps", nTimesteps);
    Checks.requireSeed(seed);
    NumpyGenerator rng = new NumpyGenerator(seed);
    double[] u = new double[nTimesteps];
    for (int t = 0; t < nTimesteps; t++) {
      // numpy's uniform(low, high) is low + (high − low)·random(); low = 0 here.
      u[t] = 0.0 + INPUT_MAX * rng.nextDouble();
    }
    return fromInputs(u, order, a1, a2, b, c);
  }

  /**
   * The NARMA response to given inputs (any values; U[0, 0.5] keeps NARMA-10 mostly stable).
   *
   * <pre>{@code
   * NarmaSeries s = Narma.fromInputs(myInputs, 10, 0.3, 0.05, 1.5, 0.1);
   * }</pre>
   *
   * @param u inputs, all finite; not modified
   * @param order memory of the system, ≥ 1
   * @param a1 coefficient of y(t)
   * @param a2 coefficient of y(t)·Σ y(t−i)
   * @param b coefficient of u(t−order+1)·u(t)
   * @param c constant term
   * @return {@code u} and its response
   * @throws ArithmeticException when y diverges
   */
  public static NarmaSeries fromInputs(
      double[] u, int order, double a1, double a2, double b, double c) {
    Checks.requireAllFinite("u", u);
    Checks.requireAtLeast("order", order, 1);
    Checks.requireFinite("a1", a1);
    Checks.requireFinite("a2", a2);
    Checks.requireFinite("b", b);
    Checks.requireFinite("c", c);
    int n = u.length;
    double[] y = new double[n];
    // A running window sum would drift by rounding; order is small, so sum afresh each step.
    for (int t = order - 1; t < n - 1; t++) {
      double window = 0;
      for (int i = 0; i < order; i++) {
        window += y[t - i];
      }
      y[t + 1] = a1 * y[t] + a2 * y[t] * window + b * u[t - order + 1] * u[t] + c;
      if (!Double.isFinite(y[t + 1])) {
        throw new ArithmeticException("NARMA output diverged at step " + (t + 1)
            + ": expected finite values, found " + y[t + 1]
            + "; this input series drives the recurrence unstable, use another seed");
      }
    }
    return new NarmaSeries(u, y);
  }
}
