package io.liquid4j.reservoir;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An echo state network's reservoir: a fixed, random, recurrent layer whose state x follows
 * ReservoirPy 0.4's update
 *
 * <pre>
 *   x[t+1] = (1 − lr) ⊙ x[t] + lr ⊙ f( W·x[t] + W_in·u[t+1] + W_fb·y[t] + b )
 * </pre>
 *
 * with per-unit leak rates lr, an activation f, an optional output feedback y (the readout's
 * previous output, or the teacher's while training) and, as ReservoirPy 0.3 had, optional
 * Gaussian noise on the input, the feedback and the state. Immutable and thread-safe: the state
 * lives in a {@link ReservoirSession}.
 *
 * <p>A tanh liquid of 500 neurons in a few lines:
 *
 * <pre>{@code
 * Reservoir liquid = Reservoir.builder(500)
 *     .spectralRadius(0.95).connectivity(0.1).inputScaling(1).seed(42)
 *     .build(1);
 * double[] states = liquid.newSession().run(inputs, steps);   // steps × 500
 * Readout readout = new Ridge(500, 1, 1e-6).add(states, targets, steps, 100).fit();
 * }</pre>
 */
public final class Reservoir {
  private final int units;
  private final int inputs;
  private final int feedbacks;
  private final SparseMatrix w;
  private final double[] inputWeights;
  private final double[] feedbackWeights;
  private final double[] bias;
  private final double[] leak;
  private final ReservoirActivation activation;
  private final double inputNoise;
  private final double feedbackNoise;
  private final double stateNoise;
  private final long noiseSeed;

  Reservoir(Builder b, int inputs, SparseMatrix w, double[] inputWeights,
      double[] feedbackWeights, double[] bias, double[] leak, long noiseSeed) {
    this.units = b.units;
    this.inputs = inputs;
    this.feedbacks = b.feedbacks;
    this.w = w;
    this.inputWeights = inputWeights;
    this.feedbackWeights = feedbackWeights;
    this.bias = bias;
    this.leak = leak;
    this.activation = b.activation;
    this.inputNoise = b.inputNoise;
    this.feedbackNoise = b.feedbackNoise;
    this.stateNoise = b.stateNoise;
    this.noiseSeed = noiseSeed;
  }

  /**
   * A builder with ReservoirPy 0.4's defaults for a reservoir of {@code units} neurons.
   *
   * @param units N, the number of neurons, ≥ 1
   * @return a new builder
   */
  public static Builder builder(int units) {
    return new Builder(units);
  }

  /**
   * A fresh session at the zero state; long runs use up to as many threads as there are
   * processors (at most 4).
   *
   * @return a new session
   */
  public ReservoirSession newSession() {
    return new ReservoirSession(this, Math.min(Runtime.getRuntime().availableProcessors(), 4));
  }

  /**
   * A fresh session whose long runs split each step's neurons between {@code threads} threads.
   * The states are the same bits whatever the number: each neuron is computed by one thread in
   * a fixed order.
   *
   * @param threads the most threads a long run uses, ≥ 1 (fewer for small reservoirs)
   * @return a new session
   */
  public ReservoirSession newSession(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected at least 1, found " + threads);
    }
    return new ReservoirSession(this, threads);
  }

  /**
   * Number of neurons N, the width of a state.
   *
   * @return N
   */
  public int units() {
    return units;
  }

  /**
   * Number of input features this reservoir was built for.
   *
   * @return the width of an input row
   */
  public int inputs() {
    return inputs;
  }

  /**
   * The size of the output fed back, 0 without feedback.
   *
   * @return the width of the feedback, or 0
   */
  public int feedbacks() {
    return feedbacks;
  }

  /**
   * The recurrent weights W (units × units, row = receiving neuron), already scaled.
   *
   * @return W itself, not a copy (a {@link SparseMatrix} cannot be changed)
   */
  public SparseMatrix recurrentWeights() {
    return w;
  }

  /**
   * A copy of W_in, units × inputs, row-major.
   *
   * @return a new array of N · inputs values
   */
  public double[] inputWeights() {
    return inputWeights.clone();
  }

  /**
   * A copy of the bias b.
   *
   * @return a new array of N values
   */
  public double[] bias() {
    return bias.clone();
  }

  /**
   * A copy of the per-unit leak rates.
   *
   * @return a new array of N values, each in (0, 1]
   */
  public double[] leak() {
    return leak.clone();
  }

  /**
   * The units' nonlinearity f.
   *
   * @return f
   */
  public ReservoirActivation activation() {
    return activation;
  }

  boolean noisy() {
    return inputNoise != 0 || feedbackNoise != 0 || stateNoise != 0;
  }

  long noiseSeed() {
    return noiseSeed;
  }

  /**
   * One update of {@code x} in place.
   *
   * @param x (units) state. Modified.
   * @param u (inputs) input at offset {@code uOff}.
   * @param feedback (feedbacks) previous output, ignored without feedback.
   * @param pre (units) scratch.
   * @param noise the session's noise stream, used only if noise is on.
   */
  void step(double[] x, double[] u, int uOff, double[] feedback, double[] pre,
      SplittableRandom noise) {
    w.multiply(x, pre);
    for (int i = 0; i < units; i++) {
      double sum = pre[i] + bias[i];
      int row = i * inputs;
      for (int j = 0; j < inputs; j++) {
        double input = u[uOff + j];
        if (inputNoise != 0) {
          input += inputNoise * WeightDistribution.gaussian(noise);
        }
        sum += inputWeights[row + j] * input;
      }
      int fbRow = i * feedbacks;
      for (int j = 0; j < feedbacks; j++) {
        double y = feedback[j];
        if (feedbackNoise != 0) {
          y += feedbackNoise * WeightDistribution.gaussian(noise);
        }
        sum += feedbackWeights[fbRow + j] * y;
      }
      pre[i] = sum;
    }
    activation.apply(pre, 0, units);
    for (int i = 0; i < units; i++) {
      x[i] = (1 - leak[i]) * x[i] + leak[i] * pre[i];
      if (stateNoise != 0) {
        x[i] += stateNoise * WeightDistribution.gaussian(noise);
      }
    }
  }

  /**
   * Neurons [from, to) of one noise-free update: next = (1 − lr)·x + lr·f(W·x + W_in·u + W_fb·y
   * + b), reading only {@code x}, so threads can update disjoint ranges of {@code next} at once.
   *
   * @param pre (units) scratch; entries [from, to) are used.
   */
  void stepRows(double[] x, double[] next, double[] u, int uOff, double[] feedback,
      double[] pre, int from, int to) {
    w.multiplyRows(x, pre, from, to);
    for (int i = from; i < to; i++) {
      double sum = pre[i] + bias[i];
      int row = i * inputs;
      for (int j = 0; j < inputs; j++) {
        sum += inputWeights[row + j] * u[uOff + j];
      }
      int fbRow = i * feedbacks;
      for (int j = 0; j < feedbacks; j++) {
        sum += feedbackWeights[fbRow + j] * feedback[j];
      }
      pre[i] = sum;
    }
    activation.apply(pre, from, to);
    for (int i = from; i < to; i++) {
      next[i] = (1 - leak[i]) * x[i] + leak[i] * pre[i];
    }
  }

  /**
   * What a reservoir is made of. Defaults are ReservoirPy 0.4.2's {@code Reservoir}: leak 1,
   * spectral radius 1, input scaling 1, input and recurrent connectivity 0.1, W normal, W_in
   * Bernoulli ±1, no bias, tanh, no feedback, no noise, seed 0.
   */
  public static final class Builder {
    private final int units;
    private double[] leak = {1.0};
    private Double spectralRadius = 1.0;
    private double connectivity = 0.1;
    private int degree;
    private RandomMatrices.Direction degreeDirection = RandomMatrices.Direction.IN;
    private WeightDistribution recurrentDistribution = WeightDistribution.NORMAL;
    private double[] inputScaling = {1.0};
    private double inputConnectivity = 0.1;
    private WeightDistribution inputDistribution = WeightDistribution.BERNOULLI;
    private double biasScaling;
    private double biasConnectivity = 1.0;
    private int feedbacks;
    private double feedbackScaling = 1.0;
    private double feedbackConnectivity = 0.1;
    private ReservoirActivation activation = ReservoirActivation.TANH;
    private double inputNoise;
    private double feedbackNoise;
    private double stateNoise;
    private long seed;

    private Builder(int units) {
      if (units < 1) {
        throw new IllegalArgumentException("units: expected at least 1, found " + units);
      }
      this.units = units;
    }

    /**
     * One leak rate lr ∈ (0, 1] for every unit (1 = no leak, the plain ESN).
     *
     * @param rate lr, in (0, 1]
     * @return this builder
     */
    public Builder leak(double rate) {
      checkLeak(rate);
      this.leak = new double[] {rate};
      return this;
    }

    /**
     * A leak rate per unit, each in (0, 1].
     *
     * @param rates N leak rates, each in (0, 1]. Copied.
     * @return this builder
     */
    public Builder leak(double[] rates) {
      if (rates.length != units) {
        throw new IllegalArgumentException(
            "leak rates: expected " + units + " values, one per unit, found " + rates.length);
      }
      for (double r : rates) {
        checkLeak(r);
      }
      this.leak = rates.clone();
      return this;
    }

    /**
     * W is rescaled so that its spectral radius is {@code radius} (&gt; 0).
     *
     * @param radius the spectral radius ρ(W) to scale to, finite and &gt; 0
     * @return this builder
     */
    public Builder spectralRadius(double radius) {
      if (!(radius > 0) || Double.isInfinite(radius)) {
        throw new IllegalArgumentException(
            "spectral radius: expected a positive number, found " + radius);
      }
      this.spectralRadius = radius;
      return this;
    }

    /**
     * W is used as drawn, not rescaled.
     *
     * @return this builder
     */
    public Builder noSpectralRadiusScaling() {
      this.spectralRadius = null;
      return this;
    }

    /**
     * The fraction of W's entries that are non-zero, in (0, 1].
     *
     * @param fraction fraction of non-zero entries, in (0, 1]
     * @return this builder
     */
    public Builder connectivity(double fraction) {
      RandomMatrices.checkConnectivity("connectivity", fraction);
      this.connectivity = fraction;
      this.degree = 0;
      return this;
    }

    /**
     * Exactly {@code degree} connections per neuron, received (IN) or sent (OUT).
     *
     * @param degree non-zeros per neuron, in [1, N]
     * @param direction IN: connections received; OUT: connections sent
     * @return this builder
     */
    public Builder degree(int degree, RandomMatrices.Direction direction) {
      if (degree < 1 || degree > units) {
        throw new IllegalArgumentException(
            "degree: expected an integer in [1, " + units + "], found " + degree);
      }
      this.degree = degree;
      this.degreeDirection = direction;
      return this;
    }

    /**
     * The law of W's non-zero values before scaling (normal by default).
     *
     * @param distribution normal, uniform or bernoulli
     * @return this builder
     */
    public Builder recurrentDistribution(WeightDistribution distribution) {
      this.recurrentDistribution = distribution;
      return this;
    }

    /**
     * Multiplies W_in: one factor for every input (or use the per-input overload).
     *
     * @param scale the factor, finite
     * @return this builder
     */
    public Builder inputScaling(double scale) {
      checkFinite("input scaling", scale);
      this.inputScaling = new double[] {scale};
      return this;
    }

    /**
     * One factor per input feature.
     *
     * @param scales one finite factor per input feature. Copied.
     * @return this builder
     */
    public Builder inputScaling(double[] scales) {
      for (double s : scales) {
        checkFinite("input scaling", s);
      }
      this.inputScaling = scales.clone();
      return this;
    }

    /**
     * The fraction of W_in's entries that are non-zero, in (0, 1].
     *
     * @param fraction fraction of non-zero entries, in (0, 1]
     * @return this builder
     */
    public Builder inputConnectivity(double fraction) {
      RandomMatrices.checkConnectivity("input connectivity", fraction);
      this.inputConnectivity = fraction;
      return this;
    }

    /**
     * The law of W_in's non-zero values before scaling (bernoulli by default).
     *
     * @param distribution normal, uniform or bernoulli
     * @return this builder
     */
    public Builder inputDistribution(WeightDistribution distribution) {
      this.inputDistribution = distribution;
      return this;
    }

    /**
     * A Bernoulli ±scale bias at the given connectivity (ReservoirPy 0.3's default: 1, 0.1).
     *
     * @param scale the bias magnitude, finite
     * @param connectivity fraction of non-zero biases, in (0, 1]
     * @return this builder
     */
    public Builder bias(double scale, double connectivity) {
      checkFinite("bias scaling", scale);
      RandomMatrices.checkConnectivity("bias connectivity", connectivity);
      this.biasScaling = scale;
      this.biasConnectivity = connectivity;
      return this;
    }

    /**
     * Feeds an output of {@code size} values back into the reservoir through a Bernoulli W_fb
     * of the given scaling and connectivity.
     *
     * @param size number of values fed back, ≥ 1
     * @param scaling the magnitude of W_fb's entries, finite
     * @param connectivity fraction of non-zero entries of W_fb, in (0, 1]
     * @return this builder
     */
    public Builder feedback(int size, double scaling, double connectivity) {
      if (size < 1) {
        throw new IllegalArgumentException("feedback size: expected at least 1, found " + size);
      }
      checkFinite("feedback scaling", scaling);
      RandomMatrices.checkConnectivity("feedback connectivity", connectivity);
      this.feedbacks = size;
      this.feedbackScaling = scaling;
      this.feedbackConnectivity = connectivity;
      return this;
    }

    /**
     * The units' nonlinearity (tanh by default).
     *
     * @param activation f
     * @return this builder
     */
    public Builder activation(ReservoirActivation activation) {
      this.activation = activation;
      return this;
    }

    /**
     * Standard deviations of Gaussian noise added to the input, the feedback and the state.
     *
     * @param input standard deviation of the input noise, ≥ 0
     * @param feedback standard deviation of the feedback noise, ≥ 0
     * @param state standard deviation of the state noise, ≥ 0
     * @return this builder
     */
    public Builder noise(double input, double feedback, double state) {
      for (double s : new double[] {input, feedback, state}) {
        if (!(s >= 0) || Double.isInfinite(s)) {
          throw new IllegalArgumentException("noise: expected a gain ≥ 0, found " + s);
        }
      }
      this.inputNoise = input;
      this.feedbackNoise = feedback;
      this.stateNoise = state;
      return this;
    }

    /**
     * Fixes W, W_in, the bias, W_fb and the noise stream.
     *
     * @param seed the seed of every random draw
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Draws the matrices for {@code inputs} input features.
     *
     * @param inputs number of input features, ≥ 1
     * @return a new reservoir
     * @throws IllegalArgumentException if inputs is below 1 or the input scaling has neither 1 nor
     *     {@code inputs} values
     */
    public Reservoir build(int inputs) {
      if (inputs < 1) {
        throw new IllegalArgumentException("inputs: expected at least 1, found " + inputs);
      }
      if (inputScaling.length != 1 && inputScaling.length != inputs) {
        throw new IllegalArgumentException("input scaling: expected 1 or " + inputs
            + " values, found " + inputScaling.length);
      }
      // One independent stream per matrix, split in a fixed order, so that changing (say) the
      // input connectivity does not change W.
      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom recurrentRng = root.split();
      SplittableRandom inputRng = root.split();
      SplittableRandom biasRng = root.split();
      SplittableRandom feedbackRng = root.split();
      long noiseSeed = root.nextLong();

      SparseMatrix w = degree > 0
          ? RandomMatrices.withDegree(units, units, degree, degreeDirection,
              recurrentDistribution, recurrentRng)
          : RandomMatrices.sparse(units, units, connectivity, recurrentDistribution,
              recurrentRng);
      if (spectralRadius != null) {
        double radius = SpectralRadius.of(w);
        w = w.scale(spectralRadius / Math.max(radius, 1e-8));
      }
      double[] win = RandomMatrices.dense(units, inputs, inputConnectivity, inputDistribution,
          inputRng);
      for (int i = 0; i < units; i++) {
        for (int j = 0; j < inputs; j++) {
          win[i * inputs + j] *= inputScaling.length == 1 ? inputScaling[0] : inputScaling[j];
        }
      }
      double[] b = new double[units];
      if (biasScaling != 0) {
        b = RandomMatrices.dense(units, 1, biasConnectivity, WeightDistribution.BERNOULLI,
            biasRng);
        for (int i = 0; i < units; i++) {
          b[i] *= biasScaling;
        }
      }
      double[] wfb = new double[0];
      if (feedbacks > 0) {
        wfb = RandomMatrices.dense(units, feedbacks, feedbackConnectivity,
            WeightDistribution.BERNOULLI, feedbackRng);
        for (int k = 0; k < wfb.length; k++) {
          wfb[k] *= feedbackScaling;
        }
      }
      double[] rates = leak.length == units ? leak.clone() : filled(units, leak[0]);
      return new Reservoir(this, inputs, w, win, wfb, b, rates, noiseSeed);
    }

    private static double[] filled(int n, double value) {
      double[] a = new double[n];
      Arrays.fill(a, value);
      return a;
    }

    private static void checkLeak(double rate) {
      if (!(rate > 0 && rate <= 1)) {
        throw new IllegalArgumentException("leak rate: expected a value in (0, 1], found " + rate);
      }
    }

    private static void checkFinite(String argument, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(argument + ": expected a finite number, found " + value);
      }
    }
  }
}
