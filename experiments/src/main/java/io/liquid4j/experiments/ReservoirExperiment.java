package io.liquid4j.experiments;

import io.liquid4j.reservoir.ClosedLoop;
import io.liquid4j.reservoir.Lms;
import io.liquid4j.reservoir.OnlineReadout;
import io.liquid4j.reservoir.Readout;
import io.liquid4j.reservoir.Reservoir;
import io.liquid4j.reservoir.ReservoirSession;
import io.liquid4j.reservoir.Ridge;
import io.liquid4j.reservoir.Rls;
import io.liquid4j.reservoir.WeightDistribution;
import io.liquid4j.reservoir.task.Lorenz;
import io.liquid4j.reservoir.task.MackeyGlass;
import io.liquid4j.reservoir.task.Metrics;
import io.liquid4j.reservoir.task.Narma;
import io.liquid4j.reservoir.task.NarmaSeries;
import io.liquid4j.reservoir.task.Series;
import java.util.Arrays;
import java.util.Locale;

/**
 * One reservoir-computing benchmark run, as {@code liquid4j reservoir} runs it: make the task's
 * series, build an echo state network, run it over the training inputs and fit the readout, run
 * it on over the test inputs, and score the predictions; optionally generate in closed loop.
 * Timings follow ReservoirPy's split: initialisation (drawing W, W_in and rescaling W), fit
 * (running over the training inputs plus the readout's solve) and run (the test inputs plus the
 * readout).
 *
 * <pre>{@code
 * Result r = ReservoirExperiment.run(Options.defaults(Task.MACKEY_GLASS));
 * System.out.println(r.nrmse());
 * }</pre>
 *
 * <p>Thread safety: {@link Options} are immutable and safe to share between threads; an {@link
 * Options.Builder} is not thread-safe. {@link #run} keeps no state between calls (each builds its
 * own series, reservoir, session and readout), so runs may go on several threads at once.
 */
public final class ReservoirExperiment {
  private ReservoirExperiment() {}

  /** The benchmark tasks. */
  public enum Task {
    /**
     * Mackey–Glass (τ = 17, ReservoirPy's generator and its dataset seed 5555), min–max scaled
     * to [−1, 1]; predict x(t + horizon) from x(t).
     */
    MACKEY_GLASS("mackey-glass"),
    /** NARMA-10: predict y(t + horizon) from the input u(t) (horizon 1: the next output). */
    NARMA10("narma10"),
    /** Lorenz (h = 0.03), each coordinate min–max scaled to [−1, 1]; predict the state ahead. */
    LORENZ("lorenz");

    private final String cliName;

    Task(String cliName) {
      this.cliName = cliName;
    }

    /**
     * The task's name on the command line.
     *
     * @return "mackey-glass", "narma10" or "lorenz"
     */
    public String cliName() {
      return cliName;
    }

    /**
     * Parses a CLI name; the message names {@code argument} and the choices.
     *
     * @param argument what to call the name in the error message (an option, a field)
     * @param name "mackey-glass", "narma10" or "lorenz", exactly
     * @return the task of that {@link #cliName()}
     * @throws IllegalArgumentException for any other name
     */
    public static Task fromName(String argument, String name) {
      for (Task t : values()) {
        if (t.cliName.equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          argument + ": expected mackey-glass, narma10 or lorenz, found '" + name + "'");
    }
  }

  /** How the readout learns. */
  public enum ReadoutKind {
    /** Ridge regression over the training states, solved once ({@link Ridge}). */
    RIDGE,
    /** Recursive least squares, one training step at a time ({@link Rls}). */
    RLS,
    /** Least mean squares, one training step at a time ({@link Lms}). */
    LMS
  }

  /**
   * Everything a run depends on. Immutable and safe to share between threads; {@link
   * #builder(Task)} starts from a task's defaults and {@link Builder#build()} validates, so every
   * instance can run.
   *
   * <pre>{@code
   * Options o = Options.builder(Task.MACKEY_GLASS)
   *     .units(200)
   *     .readout(ReadoutKind.RLS)
   *     .alpha(1e-6)
   *     .build();
   * Options longer = o.toBuilder().length(20_000).build();
   * }</pre>
   *
   * <p>The validation messages name each setting by its builder method ({@code spectralRadius});
   * the {@code liquid4j reservoir} command reports them with its option names.
   */
  public static final class Options {
    /**
     * The largest {@code units}: ReservoirPy's examples use hundreds to a few thousand, and the
     * ridge readout solves a dense units × units system (800 MB at this limit).
     */
    public static final int MAX_UNITS = 10_000;

    /** The largest {@code length} of a task's series (and so of train, test and generate). */
    public static final int MAX_LENGTH = 10_000_000;

    private final Task task;
    private final int units;
    private final double leak;
    private final double spectralRadius;
    private final double inputScaling;
    private final double connectivity;
    private final double inputConnectivity;
    private final double bias;
    private final double biasConnectivity;
    private final WeightDistribution distribution;
    private final double ridge;
    private final int length;
    private final int horizon;
    private final int train;
    private final int test;
    private final int warmup;
    private final long seed;
    private final long dataSeed;
    private final int generate;
    private final ReadoutKind readout;
    private final double alpha;
    private final double forgetting;
    private final double learningRate;
    private final WeightDistribution inputDistribution;
    private final boolean inputToReadout;

    private Options(Builder b) {
      this.task = b.task;
      this.units = b.units;
      this.leak = b.leak;
      this.spectralRadius = b.spectralRadius;
      this.inputScaling = b.inputScaling;
      this.connectivity = b.connectivity;
      this.inputConnectivity = b.inputConnectivity;
      this.bias = b.bias;
      this.biasConnectivity = b.biasConnectivity;
      this.distribution = b.distribution;
      this.ridge = b.ridge;
      this.length = b.length;
      this.horizon = b.horizon;
      this.train = b.train;
      this.test = b.test;
      this.warmup = b.warmup;
      this.seed = b.seed;
      this.dataSeed = b.dataSeed;
      this.generate = b.generate;
      this.readout = b.readout;
      this.alpha = b.alpha;
      this.forgetting = b.forgetting;
      this.learningRate = b.learningRate;
      this.inputDistribution = b.inputDistribution;
      this.inputToReadout = b.inputToReadout;
      validate();
    }

    /**
     * The task's usual setting (for Mackey–Glass, ReservoirPy's tutorial benchmark with
     * ReservoirPy 0.3.16's default input bias: Bernoulli ±1 at connectivity 0.2; {@code
     * bias(0)} gives ReservoirPy 0.4's setting, without bias).
     *
     * @param task the benchmark task
     * @return the task's default options
     * @throws NullPointerException if {@code task} is null
     */
    public static Options defaults(Task task) {
      return builder(task).build();
    }

    /**
     * A builder holding {@link #defaults(Task)} of the task.
     *
     * @param task the benchmark task
     * @return a new builder
     * @throws NullPointerException if {@code task} is null
     */
    public static Builder builder(Task task) {
      return new Builder(task);
    }

    /**
     * A builder holding these options.
     *
     * @return a new builder; changing it leaves these options as they are
     */
    public Builder toBuilder() {
      Builder b = new Builder(task);
      b.units = units;
      b.leak = leak;
      b.spectralRadius = spectralRadius;
      b.inputScaling = inputScaling;
      b.connectivity = connectivity;
      b.inputConnectivity = inputConnectivity;
      b.bias = bias;
      b.biasConnectivity = biasConnectivity;
      b.distribution = distribution;
      b.ridge = ridge;
      b.length = length;
      b.horizon = horizon;
      b.train = train;
      b.test = test;
      b.warmup = warmup;
      b.seed = seed;
      b.dataSeed = dataSeed;
      b.generate = generate;
      b.readout = readout;
      b.alpha = alpha;
      b.forgetting = forgetting;
      b.learningRate = learningRate;
      b.inputDistribution = inputDistribution;
      b.inputToReadout = inputToReadout;
      return b;
    }

    /**
     * Collects the options of a run, starting from a task's defaults. Mutable and not
     * thread-safe: fill it on one thread; {@link #build()} takes a snapshot, so later changes do
     * not reach options already built.
     */
    public static final class Builder {
      private Task task;
      private int units;
      private double leak;
      private double spectralRadius;
      private double inputScaling;
      private double connectivity;
      private double inputConnectivity;
      private double bias;
      private double biasConnectivity = 1.0;
      private WeightDistribution distribution;
      private double ridge;
      private int length;
      private int horizon;
      private int train;
      private int test;
      private int warmup;
      private long seed;
      private long dataSeed;
      private int generate;
      private ReadoutKind readout;
      private double alpha;
      private double forgetting;
      private double learningRate;
      private WeightDistribution inputDistribution;
      private boolean inputToReadout;

      private Builder(Task task) {
        this.task = java.util.Objects.requireNonNull(task, "task");
        switch (task) {
          case MACKEY_GLASS -> {
            units = 1000;
            leak = 0.3;
            spectralRadius = 1.25;
            inputScaling = 1.0;
            connectivity = 0.1;
            inputConnectivity = 0.2;
            // ReservoirPy 0.3.16's Reservoir default: a Bernoulli ±1 input bias drawn at the
            // input connectivity. Without it (ReservoirPy 0.4's default, bias 0) the test NRMSE
            // scatters over two orders of magnitude with the draw of W.
            bias = 1.0;
            biasConnectivity = 0.2;
            distribution = WeightDistribution.NORMAL;
            ridge = 1e-8;
            length = 10_000;
            horizon = 10;
            train = 8000;
            test = 1990;
            warmup = 100;
            dataSeed = MackeyGlass.DEFAULT_SEED;
            inputDistribution = WeightDistribution.BERNOULLI;
          }
          // The usual NARMA-10 protocol: density 10/N, uniform W and W_in, washout 200, then
          // 2000 training and 2000 test steps, the readout reading [x; u; 1].
          case NARMA10 -> {
            units = 400;
            leak = 1.0;
            spectralRadius = 0.9;
            inputScaling = 0.1;
            connectivity = 0.025;
            inputConnectivity = 1.0;
            distribution = WeightDistribution.UNIFORM;
            ridge = 1e-10;
            length = 4200;
            horizon = 1;
            train = 2200;
            test = 1999;
            warmup = 200;
            dataSeed = 1;
            inputDistribution = WeightDistribution.UNIFORM;
            inputToReadout = true;
          }
          case LORENZ -> {
            units = 500;
            leak = 0.3;
            spectralRadius = 0.9;
            inputScaling = 0.5;
            connectivity = 0.1;
            inputConnectivity = 1.0;
            distribution = WeightDistribution.NORMAL;
            ridge = 1e-8;
            length = 10_000;
            horizon = 1;
            train = 8000;
            test = 1999;
            warmup = 100;
            dataSeed = 0;
            inputDistribution = WeightDistribution.BERNOULLI;
          }
          default -> throw new IllegalStateException("unknown task " + task);
        }
        seed = 1234;
        readout = ReadoutKind.RIDGE;
        alpha = 1.0;
        forgetting = 1.0;
        learningRate = 1e-3;
      }

      /**
       * Sets the reservoir neurons N.
       *
       * @param value N, ≥ 1; checked by {@link #build()}
       * @return this builder
       */
      public Builder units(int value) {
        units = value;
        return this;
      }

      /**
       * Sets the leak rate.
       *
       * @param value the leak rate, in (0, 1] (1: no leak); checked by {@link #build()}
       * @return this builder
       */
      public Builder leak(double value) {
        leak = value;
        return this;
      }

      /**
       * Sets the spectral radius W is rescaled to.
       *
       * @param value the radius, &gt; 0 and finite; checked by {@link #build()}
       * @return this builder
       */
      public Builder spectralRadius(double value) {
        spectralRadius = value;
        return this;
      }

      /**
       * Sets the scale of W_in.
       *
       * @param value the factor W_in's weights are multiplied by, finite; checked by {@link
       *     #build()}
       * @return this builder
       */
      public Builder inputScaling(double value) {
        inputScaling = value;
        return this;
      }

      /**
       * Sets the density of W.
       *
       * @param value the fraction of non-zero weights, in (0, 1]; checked by {@link #build()}
       * @return this builder
       */
      public Builder connectivity(double value) {
        connectivity = value;
        return this;
      }

      /**
       * Sets the density of W_in.
       *
       * @param value the fraction of non-zero weights, in (0, 1]; checked by {@link #build()}
       * @return this builder
       */
      public Builder inputConnectivity(double value) {
        inputConnectivity = value;
        return this;
      }

      /**
       * Sets the magnitude of the Bernoulli ±scale input bias b (0: no bias, ReservoirPy 0.4's
       * default; Mackey–Glass's default 1 is ReservoirPy 0.3.16's).
       *
       * @param value the bias magnitude, finite; checked by {@link #build()}
       * @return this builder
       */
      public Builder bias(double value) {
        bias = value;
        return this;
      }

      /**
       * Sets the fraction of neurons with a non-zero bias (ReservoirPy 0.3.16 draws the bias at
       * the input connectivity: 0.2 in the Mackey–Glass default).
       *
       * @param value the fraction, in (0, 1]; checked by {@link #build()}
       * @return this builder
       */
      public Builder biasConnectivity(double value) {
        biasConnectivity = value;
        return this;
      }

      /**
       * Sets the distribution of W's non-zero weights.
       *
       * @param value the distribution
       * @return this builder
       * @throws NullPointerException if {@code value} is null
       */
      public Builder distribution(WeightDistribution value) {
        distribution = java.util.Objects.requireNonNull(value, "distribution");
        return this;
      }

      /**
       * Sets the ridge readout's regularisation.
       *
       * @param value λ, finite and ≥ 0; checked by {@link #build()}
       * @return this builder
       */
      public Builder ridge(double value) {
        ridge = value;
        return this;
      }

      /**
       * Sets the steps of the series.
       *
       * @param value the series' length, ≥ train + test + horizon; checked by {@link #build()}
       * @return this builder
       */
      public Builder length(int value) {
        length = value;
        return this;
      }

      /**
       * Sets the steps ahead to predict.
       *
       * @param value the horizon, ≥ 0; checked by {@link #build()}
       * @return this builder
       */
      public Builder horizon(int value) {
        horizon = value;
        return this;
      }

      /**
       * Sets the training steps.
       *
       * @param value the number of training steps, ≥ 1; checked by {@link #build()}
       * @return this builder
       */
      public Builder train(int value) {
        train = value;
        return this;
      }

      /**
       * Sets the test steps.
       *
       * @param value the number of test steps, ≥ 1; checked by {@link #build()}
       * @return this builder
       */
      public Builder test(int value) {
        test = value;
        return this;
      }

      /**
       * Sets the training steps discarded before the readout is fitted.
       *
       * @param value the warm-up, in [0, train); checked by {@link #build()}
       * @return this builder
       */
      public Builder warmup(int value) {
        warmup = value;
        return this;
      }

      /**
       * Sets the seed of the reservoir's weights.
       *
       * @param value the seed
       * @return this builder
       */
      public Builder seed(long value) {
        seed = value;
        return this;
      }

      /**
       * Sets the seed of the series (Mackey–Glass history, NARMA inputs); Lorenz has none.
       *
       * @param value the seed; ignored for Lorenz
       * @return this builder
       */
      public Builder dataSeed(long value) {
        dataSeed = value;
        return this;
      }

      /**
       * Sets the closed-loop steps after the training run (needs horizon 1, Mackey–Glass or
       * Lorenz, and a readout of the states alone).
       *
       * @param value the number of steps, ≥ 0 (0: none); checked by {@link #build()}
       * @return this builder
       */
      public Builder generate(int value) {
        generate = value;
        return this;
      }

      /**
       * Sets how the readout learns.
       *
       * @param value the readout kind
       * @return this builder
       * @throws NullPointerException if {@code value} is null
       */
      public Builder readout(ReadoutKind value) {
        readout = java.util.Objects.requireNonNull(value, "readout");
        return this;
      }

      /**
       * Sets the RLS's initial inverse correlation P₀ = I/α.
       *
       * @param value α, &gt; 0 and finite; checked by {@link #build()}
       * @return this builder
       */
      public Builder alpha(double value) {
        alpha = value;
        return this;
      }

      /**
       * Sets the RLS's forgetting factor.
       *
       * @param value the factor, in (0, 1] (1: no forgetting); checked by {@link #build()}
       * @return this builder
       */
      public Builder forgetting(double value) {
        forgetting = value;
        return this;
      }

      /**
       * Sets the LMS's learning rate η.
       *
       * @param value η, &gt; 0 and finite; checked by {@link #build()}
       * @return this builder
       */
      public Builder learningRate(double value) {
        learningRate = value;
        return this;
      }

      /**
       * Sets the distribution of W_in's non-zero weights.
       *
       * @param value the distribution
       * @return this builder
       * @throws NullPointerException if {@code value} is null
       */
      public Builder inputDistribution(WeightDistribution value) {
        inputDistribution = java.util.Objects.requireNonNull(value, "inputDistribution");
        return this;
      }

      /**
       * Sets whether the readout reads [x; u; 1] rather than [x; 1].
       *
       * @param value true for the readout to also read the input
       * @return this builder
       */
      public Builder inputToReadout(boolean value) {
        inputToReadout = value;
        return this;
      }

      /**
       * The options.
       *
       * @return new options holding this builder's settings
       * @throws IllegalArgumentException for settings that cannot run; the message names the
       *     setting by its builder method, e.g. {@code leak: expected a rate in (0, 1], found 1.5}
       */
      public Options build() {
        return new Options(this);
      }
    }

    /**
     * The benchmark task.
     *
     * @return the task
     */
    public Task task() {
      return task;
    }

    /**
     * Reservoir neurons N.
     *
     * @return N, ≥ 1
     */
    public int units() {
      return units;
    }

    /**
     * Leak rate.
     *
     * @return the leak rate, in (0, 1] (1: no leak)
     */
    public double leak() {
      return leak;
    }

    /**
     * Spectral radius W is rescaled to.
     *
     * @return the radius, &gt; 0
     */
    public double spectralRadius() {
      return spectralRadius;
    }

    /**
     * Scale of W_in.
     *
     * @return the factor W_in's weights are multiplied by, finite
     */
    public double inputScaling() {
      return inputScaling;
    }

    /**
     * Density of W.
     *
     * @return the fraction of non-zero weights, in (0, 1]
     */
    public double connectivity() {
      return connectivity;
    }

    /**
     * Density of W_in.
     *
     * @return the fraction of non-zero weights, in (0, 1]
     */
    public double inputConnectivity() {
      return inputConnectivity;
    }

    /**
     * The magnitude of the Bernoulli ±scale input bias.
     *
     * @return the scale; 0 for no bias
     */
    public double bias() {
      return bias;
    }

    /**
     * The fraction of neurons with a non-zero bias (unused when {@link #bias()} is 0).
     *
     * @return the fraction, in (0, 1]
     */
    public double biasConnectivity() {
      return biasConnectivity;
    }

    /**
     * Distribution of W's non-zero weights.
     *
     * @return the distribution
     */
    public WeightDistribution distribution() {
      return distribution;
    }

    /**
     * The ridge readout's regularisation.
     *
     * @return λ, ≥ 0
     */
    public double ridge() {
      return ridge;
    }

    /**
     * Steps of the series.
     *
     * @return the series' length, ≥ train + test + horizon
     */
    public int length() {
      return length;
    }

    /**
     * Steps ahead to predict.
     *
     * @return the horizon, ≥ 0
     */
    public int horizon() {
      return horizon;
    }

    /**
     * Training steps.
     *
     * @return the number of training steps, ≥ 1
     */
    public int train() {
      return train;
    }

    /**
     * Test steps.
     *
     * @return the number of test steps, ≥ 1
     */
    public int test() {
      return test;
    }

    /**
     * Training steps discarded before the readout is fitted.
     *
     * @return the warm-up, in [0, train)
     */
    public int warmup() {
      return warmup;
    }

    /**
     * Seed of the reservoir's weights.
     *
     * @return the seed
     */
    public long seed() {
      return seed;
    }

    /**
     * Seed of the series (Mackey–Glass history, NARMA inputs); Lorenz has none.
     *
     * @return the seed
     */
    public long dataSeed() {
      return dataSeed;
    }

    /**
     * Closed-loop steps after the training run.
     *
     * @return the number of steps, ≥ 0 (0: none)
     */
    public int generate() {
      return generate;
    }

    /**
     * How the readout learns.
     *
     * @return the readout kind
     */
    public ReadoutKind readout() {
      return readout;
    }

    /**
     * The RLS's initial inverse correlation P₀ = I/α.
     *
     * @return α, &gt; 0
     */
    public double alpha() {
      return alpha;
    }

    /**
     * The RLS's forgetting factor.
     *
     * @return the factor, in (0, 1] (1: no forgetting)
     */
    public double forgetting() {
      return forgetting;
    }

    /**
     * The LMS's learning rate η.
     *
     * @return η, &gt; 0
     */
    public double learningRate() {
      return learningRate;
    }

    /**
     * Distribution of W_in's non-zero weights.
     *
     * @return the distribution
     */
    public WeightDistribution inputDistribution() {
      return inputDistribution;
    }

    /**
     * Whether the readout reads [x; u; 1] rather than [x; 1].
     *
     * @return true when the readout also reads the input
     */
    public boolean inputToReadout() {
      return inputToReadout;
    }

    /** Every setting by name, in declaration order. */
    private java.util.Map<String, Object> settings() {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("task", task);
      m.put("units", units);
      m.put("leak", leak);
      m.put("spectralRadius", spectralRadius);
      m.put("inputScaling", inputScaling);
      m.put("connectivity", connectivity);
      m.put("inputConnectivity", inputConnectivity);
      m.put("bias", bias);
      m.put("biasConnectivity", biasConnectivity);
      m.put("distribution", distribution);
      m.put("ridge", ridge);
      m.put("length", length);
      m.put("horizon", horizon);
      m.put("train", train);
      m.put("test", test);
      m.put("warmup", warmup);
      m.put("seed", seed);
      m.put("dataSeed", dataSeed);
      m.put("generate", generate);
      m.put("readout", readout);
      m.put("alpha", alpha);
      m.put("forgetting", forgetting);
      m.put("learningRate", learningRate);
      m.put("inputDistribution", inputDistribution);
      m.put("inputToReadout", inputToReadout);
      return m;
    }

    /**
     * Equal when every setting is.
     *
     * @param o the object to compare with
     * @return whether {@code o} is an {@code Options} with the same value for every setting
     */
    @Override
    public boolean equals(Object o) {
      return o instanceof Options other && settings().equals(other.settings());
    }

    @Override
    public int hashCode() {
      return settings().hashCode();
    }

    /**
     * Every setting by name.
     *
     * @return {@code Options{task=…, units=…, …}}
     */
    @Override
    public String toString() {
      return "Options" + settings();
    }

    /**
     * Rejects settings that cannot run. The message names each setting by its builder method
     * ({@code spectralRadius: expected a positive number, found -1.0}).
     */
    private void validate() {
      positive("units", units);
      if (units > MAX_UNITS) {
        fail("units", "at most " + MAX_UNITS + " (liquid4j's limit)", units);
      }
      if (!(leak > 0 && leak <= 1)) {
        fail("leak", "a rate in (0, 1]", leak);
      }
      if (!(spectralRadius > 0) || Double.isInfinite(spectralRadius)) {
        fail("spectralRadius", "a positive number", spectralRadius);
      }
      if (!Double.isFinite(inputScaling)) {
        fail("inputScaling", "a finite number", inputScaling);
      }
      fraction("connectivity", connectivity);
      fraction("inputConnectivity", inputConnectivity);
      if (!Double.isFinite(bias)) {
        fail("bias", "a finite number", bias);
      }
      fraction("biasConnectivity", biasConnectivity);
      if (!(ridge >= 0) || Double.isInfinite(ridge)) {
        fail("ridge", "a finite number ≥ 0", ridge);
      }
      if (!(alpha > 0) || Double.isInfinite(alpha)) {
        fail("alpha", "a positive number", alpha);
      }
      if (!(forgetting > 0 && forgetting <= 1)) {
        fail("forgetting", "a factor in (0, 1]", forgetting);
      }
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        fail("learningRate", "a positive number", learningRate);
      }
      positive("length", length);
      positive("train", train);
      positive("test", test);
      if (horizon < 0) {
        fail("horizon", "an integer ≥ 0", horizon);
      }
      if (warmup < 0 || warmup >= train) {
        fail("warmup", "an integer in [0, train)", warmup);
      }
      if ((long) train + test + horizon > length) {
        throw new IllegalArgumentException("train + test + horizon: expected at most length ("
            + length + "), found " + ((long) train + test + horizon));
      }
      if (generate < 0) {
        fail("generate", "an integer ≥ 0", generate);
      }
      if (generate > 0 && inputToReadout) {
        throw new IllegalArgumentException("generate: expected a readout of the states alone,"
            + " found inputToReadout");
      }
      if (generate > 0 && (horizon != 1 || task == Task.NARMA10)) {
        throw new IllegalArgumentException("generate: expected horizon 1 on mackey-glass or "
            + "lorenz (each prediction becomes the next input), found horizon " + horizon
            + " on " + task.cliName());
      }
      if ((long) train + generate + horizon > length) {
        fail("generate", "at most length − train − 1 steps", generate);
      }
      if (length > MAX_LENGTH) {
        fail("length", "at most " + MAX_LENGTH + " steps (liquid4j's limit)", length);
      }
      long need = estimatedBytes();
      long max = Runtime.getRuntime().maxMemory();
      if (max != Long.MAX_VALUE && need > max) {
        throw new IllegalArgumentException("units, length: expected settings whose states fit in"
            + " the JVM's maximum heap of " + (max >> 20) + " MiB, found units " + units
            + " and length " + length + " that need about " + (need >> 20) + " MiB");
      }
    }

    /**
     * The memory a run of these options needs at least, from the sizes alone: the series, the
     * reservoir's states over the training and test steps (with a copy for the readout's
     * features), the sparse recurrent matrix and the readout's features × features system.
     *
     * @return bytes
     */
    public long estimatedBytes() {
      long columns = 3; // the widest task (lorenz) has 3 columns
      long features = units + (inputToReadout ? columns : 0);
      long series = 2 * 8 * (long) length * columns;
      long states = 2 * 8 * ((long) train + test) * features;
      long recurrent = 12 * (long) Math.ceil(connectivity * units * (double) units);
      long readout = 2 * 8 * features * features;
      return series + states + recurrent + readout;
    }

    private static void fraction(String setting, double value) {
      if (!(value > 0 && value <= 1)) {
        fail(setting, "a fraction in (0, 1]", value);
      }
    }

    private static void positive(String setting, int value) {
      if (value < 1) {
        fail(setting, "a positive integer", value);
      }
    }

    private static void fail(String setting, String expected, Object found) {
      throw new IllegalArgumentException(setting + ": expected " + expected + ", found " + found);
    }
  }

  /**
   * What a run measured. NRMSE is ReservoirPy's (RMSE over the range of the truth); {@code
   * nrmseStd} divides by the truth's standard deviation instead. Generation figures are NaN
   * without {@code generate}.
   *
   * <p>The arrays are kept as given, not copied: the result is safe to share between threads as
   * long as nobody writes to them.
   *
   * @param nrmse RMSE of the test predictions over the range of the truth
   * @param nrmseStd RMSE of the test predictions over the truth's standard deviation
   * @param rmse root mean squared error of the test predictions
   * @param rsquare coefficient of determination R² of the test predictions
   * @param initSeconds drawing W and W_in and rescaling W, in seconds
   * @param fitSeconds running over the training inputs and fitting the readout, in seconds
   * @param runSeconds running over the test inputs and predicting, in seconds
   * @param outputs D, the values predicted per step (1 for Mackey–Glass and NARMA, 3 for Lorenz)
   * @param predictions the test predictions, (test × D) row-major
   * @param targets the test truth, (test × D) row-major
   * @param generated the closed-loop outputs, (generate × D) row-major; empty without {@code
   *     generate}
   * @param generationTruth the series over the generated steps, (generate × D); empty without
   *     {@code generate}
   * @param generationNrmse NRMSE of the generated steps
   * @param generationFinalError the error at the last generated step over the series' standard
   *     deviation, root mean square over the D columns (Jaeger &amp; Haas)
   */
  public record Result(double nrmse, double nrmseStd, double rmse, double rsquare,
      double initSeconds, double fitSeconds, double runSeconds, int outputs,
      double[] predictions, double[] targets, double[] generated, double[] generationTruth,
      double generationNrmse, double generationFinalError) {}

  /**
   * Runs the experiment.
   *
   * @param o the settings
   * @return the test scores, the timings and the predictions
   */
  public static Result run(Options o) {
    TaskData data = taskData(o);
    int d = data.columns;
    int n = o.units();

    long t0 = System.nanoTime();
    Reservoir reservoir = reservoirBuilder(o).build(d);
    long t1 = System.nanoTime();

    ReservoirSession session = reservoir.newSession();
    double[] trainInputs = Arrays.copyOfRange(data.inputs, 0, o.train() * d);
    double[] trainTargets = Arrays.copyOfRange(data.targets, 0, o.train() * data.outputs);
    double[] trainStates = session.run(trainInputs, o.train());
    int features = o.inputToReadout() ? n + d : n;
    double[] trainFeatures = o.inputToReadout()
        ? withInputs(trainStates, trainInputs, o.train(), n, d) : trainStates;
    Readout readout = fitReadout(o, trainFeatures, trainTargets, features, data.outputs);
    long t2 = System.nanoTime();

    double[] afterTraining = o.generate() > 0 ? session.state() : null;
    double[] testInputs = Arrays.copyOfRange(data.inputs, o.train() * d, (o.train() + o.test()) * d);
    double[] testStates = session.run(testInputs, o.test());
    double[] predictions = readout.predict(o.inputToReadout()
        ? withInputs(testStates, testInputs, o.test(), n, d) : testStates, o.test());
    long t3 = System.nanoTime();

    double[] truth = Arrays.copyOfRange(data.targets, o.train() * data.outputs,
        (o.train() + o.test()) * data.outputs);
    double[] generated = new double[0];
    double[] generationTruth = new double[0];
    double generationNrmse = Double.NaN;
    double finalError = Double.NaN;
    if (o.generate() > 0) {
      session.setState(afterTraining);
      generated = ClosedLoop.generate(session, readout, o.generate());
      // The state after input train − 1 predicts target train − 1, the next input.
      generationTruth = Arrays.copyOfRange(data.targets, (o.train() - 1) * d,
          (o.train() - 1 + o.generate()) * d);
      generationNrmse = Metrics.nrmse(generationTruth, generated);
      finalError = finalError(generationTruth, generated, d, data.targets);
    }
    return new Result(Metrics.nrmse(truth, predictions), Metrics.nrmseByStd(truth, predictions),
        Metrics.rmse(truth, predictions), Metrics.rsquare(truth, predictions),
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, data.outputs, predictions, truth,
        generated, generationTruth, generationNrmse, finalError);
  }

  /**
   * The reservoir a run of these options builds, before {@link Reservoir.Builder#build(int)}
   * with the task's input width: so a Java user gets the command's reservoir, bias included.
   *
   * @param o the settings
   * @return a builder holding the reservoir's settings and seed
   */
  public static Reservoir.Builder reservoirBuilder(Options o) {
    Reservoir.Builder b = Reservoir.builder(o.units()).leak(o.leak())
        .spectralRadius(o.spectralRadius()).inputScaling(o.inputScaling())
        .connectivity(o.connectivity()).inputConnectivity(o.inputConnectivity())
        .recurrentDistribution(o.distribution()).inputDistribution(o.inputDistribution())
        .seed(o.seed());
    if (o.bias() != 0) {
      b.bias(o.bias(), o.biasConnectivity());
    }
    return b;
  }

  /**
   * The test NRMSE of each seed of the reservoir's matrices, the other settings kept.
   *
   * @param seeds the seeds of W, W_in and the bias
   * @param nrmse the test NRMSE per seed, in the order of {@code seeds}
   */
  public record SeedSweep(long[] seeds, double[] nrmse) {
    /**
     * The median NRMSE over the seeds (the mean of the middle two for an even count).
     *
     * @return the median
     */
    public double median() {
      double[] v = nrmse.clone();
      Arrays.sort(v);
      int m = v.length / 2;
      return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
  }

  /**
   * Runs the experiment once per seed of the reservoir's matrices ({@link Options#seed()}
   * replaced), one after the other, and collects the test NRMSE: how much the figure depends on
   * the draw. Each run is {@link #run} of {@code o.toBuilder().seed(s).build()}.
   *
   * @param o the settings other than the seed
   * @param seeds the seeds, at least one
   * @param each called after each run with its result and seed (progress); may be null
   * @return the NRMSE per seed
   * @throws IllegalArgumentException if {@code seeds} is empty
   */
  public static SeedSweep runSeeds(Options o, long[] seeds,
      java.util.function.ObjLongConsumer<Result> each) {
    if (seeds.length == 0) {
      throw new IllegalArgumentException("seeds: expected at least one seed, found none");
    }
    double[] nrmse = new double[seeds.length];
    for (int i = 0; i < seeds.length; i++) {
      Result r = run(o.toBuilder().seed(seeds[i]).build());
      nrmse[i] = r.nrmse();
      if (each != null) {
        each.accept(r, seeds[i]);
      }
    }
    return new SeedSweep(seeds.clone(), nrmse);
  }

  /** Rows [x; u]: each state followed by the input that produced it. */
  private static double[] withInputs(double[] states, double[] inputs, int rows, int n, int d) {
    double[] features = new double[rows * (n + d)];
    for (int t = 0; t < rows; t++) {
      System.arraycopy(states, t * n, features, t * (n + d), n);
      System.arraycopy(inputs, t * d, features, t * (n + d) + n, d);
    }
    return features;
  }

  private static Readout fitReadout(Options o, double[] states, double[] targets, int n,
      int outputs) {
    if (o.readout() == ReadoutKind.RIDGE) {
      return new Ridge(n, outputs, o.ridge()).add(states, targets, o.train(), o.warmup()).fit();
    }
    OnlineReadout online = o.readout() == ReadoutKind.RLS
        ? new Rls(n, outputs, o.alpha(), o.forgetting())
        : new Lms(n, outputs, o.learningRate());
    int from = o.warmup();
    double[] x = Arrays.copyOfRange(states, from * n, o.train() * n);
    double[] y = Arrays.copyOfRange(targets, from * outputs, o.train() * outputs);
    online.trainAll(x, y, o.train() - from);
    return online.snapshot();
  }

  /**
   * Jaeger &amp; Haas's measure: the error at the last generated step over the series' standard
   * deviation, as a root mean square over the output columns.
   */
  private static double finalError(double[] truth, double[] generated, int d, double[] series) {
    int last = truth.length / d - 1;
    double sum = 0;
    for (int c = 0; c < d; c++) {
      double[] column = Series.column(series, d, c);
      double std = Math.sqrt(variance(column));
      double e = (generated[last * d + c] - truth[last * d + c]) / std;
      sum += e * e;
    }
    return Math.sqrt(sum / d);
  }

  private static double variance(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return s / x.length;
  }

  /** Inputs (rows × columns) and targets (rows × outputs), pair t = (input t, target t). */
  private record TaskData(double[] inputs, double[] targets, int columns, int outputs) {}

  private static TaskData taskData(Options o) {
    int h = o.horizon();
    switch (o.task()) {
      case MACKEY_GLASS -> {
        double[] x = Series.minMaxScale(MackeyGlass.generate(o.length(), o.dataSeed()), -1, 1);
        return pairs(x, 1, h);
      }
      case NARMA10 -> {
        NarmaSeries s = Narma.narma10(o.length(), o.dataSeed());
        int rows = o.length() - h;
        return new TaskData(Arrays.copyOf(s.u(), rows), Arrays.copyOfRange(s.y(), h, h + rows),
            1, 1);
      }
      case LORENZ -> {
        double[] xyz = Lorenz.generate(o.length());
        double[] scaled = new double[xyz.length];
        for (int c = 0; c < Lorenz.DIMENSION; c++) {
          double[] column = Series.minMaxScale(Series.column(xyz, Lorenz.DIMENSION, c), -1, 1);
          for (int t = 0; t < column.length; t++) {
            scaled[t * Lorenz.DIMENSION + c] = column[t];
          }
        }
        return pairs(scaled, Lorenz.DIMENSION, h);
      }
      default -> throw new IllegalStateException(o.task().toString());
    }
  }

  private static TaskData pairs(double[] x, int columns, int h) {
    int rows = x.length / columns - h;
    return new TaskData(Arrays.copyOf(x, rows * columns),
        Arrays.copyOfRange(x, h * columns, (h + rows) * columns), columns, columns);
  }

  /**
   * A one-line summary for logs.
   *
   * @param r a run's result
   * @return the NRMSE, R² and the three timings on one line, without a line break
   */
  public static String summary(Result r) {
    return String.format(Locale.ROOT, "NRMSE %.3e  R² %.6f  init %.3f s  fit %.3f s  run %.3f s",
        r.nrmse(), r.rsquare(), r.initSeconds(), r.fitSeconds(), r.runSeconds());
  }
}
