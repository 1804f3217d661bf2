package io.liquid4j.spiking.lsm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Spike trains as sorted arrays of times in seconds, and the measures the 2002 paper uses on
 * them: Poisson trains, the distance d(u, v) between two inputs, the liquid state (each neuron's
 * train filtered by an exponential of τ = 30 ms) and the distance between two liquid states.
 * Conventions follow Brian2's example of the paper, which matches the paper's figures: distances
 * are not square-rooted, and the input distance is evaluated on the simulation's time grid.
 *
 * <pre>{@code
 * double[] u = SpikeTrains.poisson(20, 0.5, 1e-4, rng);           // 20 Hz for 500 ms
 * double d = SpikeTrains.inputDistance(u, v, 0.5, 1e-4);           // the paper's d(u, v)
 * double[] trace = SpikeTrains.exponentialFilter(train, 0.03, grid); // liquid state of one neuron
 * }</pre>
 */
public final class SpikeTrains {
  /** Width of the Gaussian kernel exp(−(t/τ)²) of the input distance: 5 ms. */
  public static final double INPUT_KERNEL = 5e-3;

  /** Time constant of the liquid state's exponential filter: 30 ms. */
  public static final double STATE_FILTER = 30e-3;

  private SpikeTrains() {}

  /**
   * A Poisson train of the given rate over [0, duration), with at most one spike per time step of
   * {@code dt} (a train with two spikes in one step is drawn again, as Brian2's example does, so
   * that a spike generator can replay it exactly).
   *
   * @param rate spikes per second, ≥ 0
   * @param duration the length, in seconds
   * @param dt the time step, in seconds
   * @param rng the source. Modified (advanced).
   * @return sorted spike times, in seconds
   */
  public static double[] poisson(double rate, double duration, double dt, SplittableRandom rng) {
    if (!(rate >= 0) || !(duration > 0) || !(dt > 0)) {
      throw new IllegalArgumentException("poisson: expected rate ≥ 0, duration > 0 and dt > 0,"
          + " found " + rate + " Hz, " + duration + " s and " + dt + " s");
    }
    while (true) {
      int n = poissonCount(rate * duration, rng);
      double[] spikes = new double[n];
      for (int k = 0; k < n; k++) {
        spikes[k] = duration * rng.nextDouble();
      }
      Arrays.sort(spikes);
      boolean distinct = true;
      for (int k = 1; k < n && distinct; k++) {
        distinct = step(spikes[k], dt) != step(spikes[k - 1], dt);
      }
      if (distinct) {
        return spikes;
      }
    }
  }

  /** The time step a spike at time t falls in (with Brian2's small shift against rounding). */
  static long step(double t, double dt) {
    return (long) ((t + 1e-3 * dt) / dt);
  }

  /** A Poisson count of the given mean (Knuth's product method; means here are tens). */
  static int poissonCount(double mean, SplittableRandom rng) {
    if (mean > 500) {
      // Products of hundreds of uniforms underflow; a normal approximation is exact enough.
      return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * Draws.gaussian(rng)));
    }
    double limit = Math.exp(-mean);
    int k = 0;
    double p = rng.nextDouble();
    while (p > limit) {
      k++;
      p *= rng.nextDouble();
    }
    return k;
  }

  /**
   * The paper's distance between two inputs: each train convolved with exp(−(t/5 ms)²), sampled
   * on the grid 0, dt, 2dt ... &lt; duration, and the squared difference integrated over the grid
   * and divided by the duration.
   *
   * @param u one input's sorted spike times, in seconds
   * @param v the other's
   * @param duration the length of the inputs, in seconds
   * @param dt the grid step, in seconds
   * @return d(u, v) ≥ 0
   */
  public static double inputDistance(double[] u, double[] v, double duration, double dt) {
    double[] cu = gaussianConvolution(u, duration, dt);
    double[] cv = gaussianConvolution(v, duration, dt);
    double sum = 0;
    for (int k = 0; k < cu.length; k++) {
      double d = cu[k] - cv[k];
      sum += d * d;
    }
    return sum * dt / duration;
  }

  /** Σ exp(−((t − s)/5 ms)²) on the grid; each spike touches only the grid points within 8τ. */
  static double[] gaussianConvolution(double[] spikes, double duration, double dt) {
    int steps = (int) Math.ceil(duration / dt - 1e-9);
    double[] out = new double[steps];
    int reach = (int) Math.ceil(8 * INPUT_KERNEL / dt);
    for (double s : spikes) {
      int centre = (int) Math.round(s / dt);
      for (int k = Math.max(0, centre - reach); k < Math.min(steps, centre + reach + 1); k++) {
        double x = (k * dt - s) / INPUT_KERNEL;
        out[k] += Math.exp(-x * x);
      }
    }
    return out;
  }

  /**
   * One neuron's contribution to the liquid state at each of {@code times}: Σ over its spikes s ≤
   * t of exp(−(t − s)/τ).
   *
   * @param train sorted spike times
   * @param tau τ, in seconds
   * @param times sorted sample times
   * @return one value per sample time
   */
  public static double[] exponentialFilter(double[] train, double tau, double[] times) {
    double[] out = new double[times.length];
    int next = 0;
    double trace = 0;
    double last = 0;
    for (int k = 0; k < times.length; k++) {
      double t = times[k];
      trace *= Math.exp(-(t - last) / tau);
      last = t;
      while (next < train.length && train[next] <= t) {
        trace += Math.exp(-(t - train[next]) / tau);
        next++;
      }
      out[k] = trace;
    }
    return out;
  }

  /**
   * The distance between two liquid states at each sample time: the mean over neurons of the
   * squared difference of their filtered trains (Brian2's example; no square root, to match the
   * paper's axis).
   *
   * @param u (neurons × times) filtered trains of one run
   * @param v the same for the other run
   * @return one distance per sample time
   */
  public static double[] stateDistance(double[][] u, double[][] v) {
    if (u.length != v.length || u.length == 0) {
      throw new IllegalArgumentException("state distance: expected two states of the same"
          + " number of neurons, found " + u.length + " and " + v.length);
    }
    double[] d = new double[u[0].length];
    for (int n = 0; n < u.length; n++) {
      for (int k = 0; k < d.length; k++) {
        double diff = u[n][k] - v[n][k];
        d[k] += diff * diff / u.length;
      }
    }
    return d;
  }

  /**
   * The grid 0, dt, 2dt ... &lt; duration.
   *
   * @param duration the end, excluded, in seconds
   * @param dt the step, in seconds
   * @return the grid points, in seconds
   */
  public static double[] grid(double duration, double dt) {
    int steps = (int) Math.ceil(duration / dt - 1e-9);
    double[] t = new double[steps];
    for (int k = 0; k < steps; k++) {
      t[k] = k * dt;
    }
    return t;
  }

  /**
   * A jittered copy of a template: each spike moved by N(0, sd²), kept inside [0, duration) and
   * sorted (the spike-template classification task).
   *
   * @param template sorted spike times, in seconds
   * @param sd the jitter's standard deviation, in seconds
   * @param duration the end of the train, in seconds
   * @param rng the source. Modified (advanced).
   * @return a new sorted train
   */
  public static double[] jitter(double[] template, double sd, double duration,
      SplittableRandom rng) {
    double[] out = new double[template.length];
    for (int k = 0; k < template.length; k++) {
      double t = template[k] + sd * Draws.gaussian(rng);
      out[k] = Math.min(Math.max(t, 0), Math.nextDown(duration));
    }
    Arrays.sort(out);
    return out;
  }
}
