package io.liquid4j.reservoir.task;

import io.liquid4j.rng.NumpyGenerator;

/**
 * The Mackey–Glass delay differential equation dx/dt = a·x(t−τ) / (1 + x(t−τ)ⁿ) − b·x(t),
 * sampled every {@code h} time units exactly as ReservoirPy's {@code
 * reservoirpy.datasets.mackey_glass} does, so that the same seed gives the same series.
 *
 * <p>ReservoirPy's scheme, reproduced step for step:
 *
 * <ul>
 *   <li>The delay line holds {@code L = floor(tau / h)} past values, initialised to {@code x0 +
 *       0.2·(U[0,1) − 0.5)} with the uniforms drawn by {@code np.random.default_rng(seed).random(L)}
 *       ({@link NumpyGenerator#nextDouble()} reproduces that stream draw for draw).
 *   <li>Sample 0 is {@code x0}. At each step the oldest delay-line value is taken as x(t−τ) and the
 *       current value is pushed, then one {@link #rk4Step} of length {@code h} advances x.
 *   <li>{@code rk4Step} is ReservoirPy's {@code _mg_rk4}: four RK4 stages in which x(t−τ) stays
 *       frozen at its value at the start of the step (a true DDE solver would interpolate it at
 *       the half and full step), so the result is not textbook RK4 for a DDE.
 *   <li>{@code tau == 0} feeds x(t−τ) = 0 (ReservoirPy's special case), which makes the series a
 *       plain exponential decay.
 * </ul>
 *
 * <p>Seed semantics: {@code seed} here is the integer given to ReservoirPy's {@code
 * mackey_glass(..., seed=seed)} (equivalently {@code np.random.default_rng(seed)}); ReservoirPy's
 * own default, used when no seed is passed and {@code set_seed} was never called, is {@link
 * #DEFAULT_SEED} 5555. Step arithmetic follows the Python expression order, so values agree with
 * ReservoirPy to the last bit or so; since the series is chaotic, rounding differences (for
 * instance in {@code pow}) grow slowly over thousands of steps.
 *
 * <p>Current ReservoirPy passes {@code h} on to {@code _mg_rk4}; older releases called it without
 * {@code h}, so they always stepped by 1 while sizing the delay line with the given {@code h}. The
 * two agree at the default {@code h = 1}; this class follows the current code.
 *
 * <pre>{@code
 * double[] x = MackeyGlass.generate(2000, 5555);         // mackey_glass(2000, seed=5555)[:, 0]
 * double[] scaled = Series.minMaxScale(x, -1, 1);        // the tutorial's rescaling to [-1, 1]
 * }</pre>
 */
public final class MackeyGlass {
  /** ReservoirPy's default dataset seed ({@code reservoirpy.datasets._seed}). */
  public static final long DEFAULT_SEED = 5555;
  /** Default delay τ = 17, the usual mildly chaotic regime. */
  public static final double DEFAULT_TAU = 17;
  /** Default production coefficient a = 0.2. */
  public static final double DEFAULT_A = 0.2;
  /** Default decay rate b = 0.1. */
  public static final double DEFAULT_B = 0.1;
  /** Default Hill exponent n = 10. */
  public static final double DEFAULT_N = 10;
  /** Default initial value x0 = 1.2. */
  public static final double DEFAULT_X0 = 1.2;
  /** Default time between samples h = 1. */
  public static final double DEFAULT_H = 1.0;

  private MackeyGlass() {}

  /**
   * {@code nTimesteps} samples with ReservoirPy's defaults and default seed: {@code
   * mackey_glass(nTimesteps)}.
   *
   * @param nTimesteps number of samples, ≥ 0
   * @return the series; element 0 is x0 = 1.2
   */
  public static double[] generate(int nTimesteps) {
    return generate(nTimesteps, DEFAULT_SEED);
  }

  /**
   * {@code nTimesteps} samples with ReservoirPy's defaults (tau 17, a 0.2, b 0.1, n 10, x0 1.2,
   * h 1): {@code mackey_glass(nTimesteps, seed=seed)}.
   *
   * <pre>{@code
   * double[] x = MackeyGlass.generate(1000, 1234);
   * }</pre>
   *
   * @param nTimesteps number of samples, ≥ 0
   * @param seed seed of {@code np.random.default_rng} for the delay-line history, ≥ 0
   * @return the series; element 0 is x0 = 1.2
   */
  public static double[] generate(int nTimesteps, long seed) {
    return generate(
        nTimesteps, DEFAULT_TAU, DEFAULT_A, DEFAULT_B, DEFAULT_N, DEFAULT_X0, DEFAULT_H, seed);
  }

  /**
   * {@code mackey_glass(nTimesteps, tau, a, b, n, x0, h, seed=seed)} with a random delay-line
   * history drawn from {@code seed} (see the class comment).
   *
   * <pre>{@code
   * double[] fine = MackeyGlass.generate(4000, 17, 0.2, 0.1, 10, 1.2, 0.5, 42);
   * }</pre>
   *
   * @param nTimesteps number of samples, ≥ 0
   * @param tau delay τ, 0 or ≥ h
   * @param a production coefficient
   * @param b decay rate
   * @param n Hill exponent
   * @param x0 initial value, also the centre of the random history
   * @param h time between samples (and RK4 step), &gt; 0
   * @param seed seed of {@code np.random.default_rng}, ≥ 0
   * @return the series x(0), x(h), …, x((nTimesteps − 1)·h)
   */
  public static double[] generate(
      int nTimesteps, double tau, double a, double b, double n, double x0, double h, long seed) {
    checkParameters(nTimesteps, tau, a, b, n, x0, h);
    return run(nTimesteps, tau, a, b, n, x0, h, randomHistory(tau, x0, h, seed));
  }

  /**
   * Like {@link #generate(int, double, double, double, double, double, double, long)} but with a
   * given delay-line history instead of a random one, as ReservoirPy's {@code history=} argument:
   * only its last {@code floor(tau / h)} values are used, oldest first.
   *
   * <pre>{@code
   * double[] past = MackeyGlass.generate(100, 7);
   * double[] continued = MackeyGlass.generateFromHistory(500, 17, 0.2, 0.1, 10, past[99], 1, past);
   * }</pre>
   *
   * @param nTimesteps number of samples, ≥ 0
   * @param tau delay τ, 0 or ≥ h
   * @param a production coefficient
   * @param b decay rate
   * @param n Hill exponent
   * @param x0 initial value
   * @param h time between samples (and RK4 step), &gt; 0
   * @param history past values, at least {@code floor(tau / h)} of them, all finite; not modified
   * @return the series, element 0 being {@code x0}
   */
  public static double[] generateFromHistory(
      int nTimesteps,
      double tau,
      double a,
      double b,
      double n,
      double x0,
      double h,
      double[] history) {
    checkParameters(nTimesteps, tau, a, b, n, x0, h);
    Checks.requireAllFinite("history", history);
    int length = historyLength(tau, h);
    if (history.length < length) {
      throw new IllegalArgumentException("history: expected at least floor(tau / h) = " + length
          + " values, found " + history.length);
    }
    double[] delayLine = new double[length];
    System.arraycopy(history, history.length - length, delayLine, 0, length);
    return run(nTimesteps, tau, a, b, n, x0, h, delayLine);
  }

  /**
   * ReservoirPy's random initial history: {@code x0 + 0.2·(U[0,1) − 0.5)} for each of the {@code
   * floor(tau / h)} delay-line slots, oldest first, the uniforms being {@code
   * np.random.default_rng(seed).random(floor(tau / h))}.
   *
   * <pre>{@code
   * double[] history = MackeyGlass.randomHistory(17, 1.2, 1, 5555);   // 17 values in [1.1, 1.3)
   * }</pre>
   *
   * @param tau delay τ, 0 or ≥ h
   * @param x0 centre of the history
   * @param h time between samples, &gt; 0
   * @param seed seed of {@code np.random.default_rng}, ≥ 0
   * @return {@code floor(tau / h)} values (none when tau is 0)
   */
  public static double[] randomHistory(double tau, double x0, double h, long seed) {
    Checks.requireFinite("x0", x0);
    Checks.requirePositive("h", h);
    Checks.requireSeed(seed);
    int length = historyLength(tau, h);
    NumpyGenerator rng = new NumpyGenerator(seed);
    double[] history = new double[length];
    for (int i = 0; i < length; i++) {
      // Same expression as x0 * np.ones(L) + 0.2 * (rs.random(L) - 0.5); x0 * 1.0 is exact.
      history[i] = x0 + 0.2 * (rng.nextDouble() - 0.5);
    }
    return history;
  }

  /**
   * One step of ReservoirPy's {@code _mg_rk4}: classic RK4 stages on dx/dt = a·xτ/(1 + xτⁿ) − b·x
   * with xτ held at {@code xDelayed} for the whole step.
   *
   * <pre>{@code
   * double next = MackeyGlass.rk4Step(1.2, 1.15, 0.2, 0.1, 10, 1.0);
   * }</pre>
   *
   * @param x x(t)
   * @param xDelayed x(t − τ), frozen over the step
   * @param a production coefficient
   * @param b decay rate
   * @param n Hill exponent
   * @param h the step, &gt; 0
   * @return x(t + h) as ReservoirPy computes it
   */
  public static double rk4Step(double x, double xDelayed, double a, double b, double n, double h) {
    double k1 = h * derivative(x, xDelayed, a, b, n);
    double k2 = h * derivative(x + 0.5 * k1, xDelayed, a, b, n);
    double k3 = h * derivative(x + 0.5 * k2, xDelayed, a, b, n);
    double k4 = h * derivative(x + k3, xDelayed, a, b, n);
    // Python's left-to-right order: xt + k1 / 6 + k2 / 3 + k3 / 3 + k4 / 6.
    return x + k1 / 6 + k2 / 3 + k3 / 3 + k4 / 6;
  }

  /** ReservoirPy's {@code _mg_eq}, in its operation order: −b·x + (a·xτ) / (1 + xτⁿ). */
  private static double derivative(double x, double xDelayed, double a, double b, double n) {
    return -b * x + a * xDelayed / (1 + Math.pow(xDelayed, n));
  }

  private static double[] run(
      int nTimesteps, double tau, double a, double b, double n, double x0, double h,
      double[] delayLine) {
    double[] series = new double[nTimesteps];
    int length = delayLine.length;
    int oldest = 0; // the delay line is a ring: this slot is x(t − τ) and then receives x(t)
    double x = x0;
    for (int t = 0; t < nTimesteps; t++) {
      series[t] = x;
      double xDelayed;
      if (tau == 0) {
        xDelayed = 0.0;
      } else {
        xDelayed = delayLine[oldest];
        delayLine[oldest] = x;
        oldest = oldest + 1 == length ? 0 : oldest + 1;
      }
      x = rk4Step(x, xDelayed, a, b, n, h);
    }
    return series;
  }

  private static void checkParameters(
      int nTimesteps, double tau, double a, double b, double n, double x0, double h) {
    Checks.requireNonNegative("nTimesteps", nTimesteps);
    Checks.requireFinite("a", a);
    Checks.requireFinite("b", b);
    Checks.requireFinite("n", n);
    Checks.requireFinite("x0", x0);
    Checks.requirePositive("h", h);
    historyLength(tau, h);
  }

  /** floor(tau / h), rejecting a delay shorter than one step, which ReservoirPy cannot run. */
  private static int historyLength(double tau, double h) {
    Checks.requireNonNegative("tau", tau);
    Checks.requirePositive("h", h);
    double length = Math.floor(tau / h);
    if (tau > 0 && length < 1) {
      throw new IllegalArgumentException(
          "tau: expected 0 or at least h = " + h + ", found " + tau);
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("tau / h: expected a delay line of at most "
          + (Integer.MAX_VALUE - 8) + " samples, found " + length);
    }
    return (int) length;
  }
}
