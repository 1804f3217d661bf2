package io.liquid4j.train;

import java.time.Duration;
import java.util.Objects;

/**
 * Hyperparameters of a training run. Immutable (safe to share between threads) and validated when
 * built; make one with {@link #builder()} (which starts from {@link #defaults()}) and change it
 * with the {@code with…} methods or {@link #toBuilder()}.
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.builder()
 *     .epochs(30)
 *     .batchSize(32)
 *     .learningRate(0.01)
 *     .optimizer(OptimizerConfig.sgd().withMomentum(0.9).withNesterov(true))
 *     .clipNorm(1.0)
 *     .patience(5)
 *     .seed(7)
 *     .build();
 * TrainerConfig longer = config.withEpochs(60);
 * }</pre>
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>epochs</td><td>20</td><td>passes over the training data, ≥ 1</td></tr>
 *   <tr><td>batchSize</td><td>16</td><td>sequences per mini-batch, ≥ 1</td></tr>
 *   <tr><td>learningRate</td><td>0.005</td><td>initial learning rate, &gt; 0</td></tr>
 *   <tr><td>optimizer</td><td>{@link OptimizerConfig#adam()}</td><td>the optimizer and its
 *       hyperparameters</td></tr>
 *   <tr><td>clipNorm</td><td>0</td><td>clip gradients to this global L2 norm; 0: no
 *       clipping</td></tr>
 *   <tr><td>clipTensorNorm</td><td>0</td><td>clip each parameter tensor's gradient to this L2
 *       norm (Keras's {@code clipnorm}), before any global clipping; 0: no clipping</td></tr>
 *   <tr><td>l2</td><td>0</td><td>L2 penalty λ·Σw² on the weight matrices ({@link L2Penalty}),
 *       Keras's {@code kernel_regularizer}; 0: none</td></tr>
 *   <tr><td>l2Scope</td><td>{@link L2Penalty.Scope#WEIGHT_MATRICES WEIGHT_MATRICES}</td><td>which
 *       weight matrices l2 covers: all, or the CfC cell's kernels only (the CfC paper's)</td></tr>
 *   <tr><td>schedulePer</td><td>{@link SchedulePer#EPOCH EPOCH}</td><td>step the learning-rate
 *       schedule after every epoch or after every batch</td></tr>
 *   <tr><td>dropLastPartialBatch</td><td>false</td><td>skip each epoch's last batch when it is
 *       shorter than batchSize</td></tr>
 *   <tr><td>timeBudget</td><td>none</td><td>stop cleanly after the step that exhausts this wall
 *       time; the run can be resumed from its checkpoint</td></tr>
 *   <tr><td>patience</td><td>0</td><td>stop after this many epochs without validation
 *       improvement; 0: never stop early</td></tr>
 *   <tr><td>restoreBest</td><td>true</td><td>end with the parameters of the best validation
 *       epoch (true) or of the last</td></tr>
 *   <tr><td>seed</td><td>42</td><td>fixes the shuffling and dropout of every epoch</td></tr>
 *   <tr><td>threads</td><td>all cores</td><td>worker threads of the data-parallel gradient; the
 *       result does not depend on it</td></tr>
 *   <tr><td>chunkSize</td><td>4</td><td>sequences per parallel work item; fixing it (not the
 *       thread count) fixes the floating-point reduction order, so results are identical for any
 *       number of threads</td></tr>
 * </table>
 */
public final class TrainerConfig {
  private final int epochs;
  private final int batchSize;
  private final double learningRate;
  private final OptimizerConfig optimizer;
  private final double clipNorm;
  private final double clipTensorNorm;
  private final double l2;
  private final L2Penalty.Scope l2Scope;
  private final SchedulePer schedulePer;
  private final boolean dropLastPartialBatch;
  private final Duration timeBudget;
  private final int patience;
  private final boolean restoreBest;
  private final long seed;
  private final int threads;
  private final int chunkSize;

  private TrainerConfig(Builder b) {
    if (b.epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + b.epochs);
    }
    if (b.batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + b.batchSize);
    }
    if (!(b.learningRate > 0) || !Double.isFinite(b.learningRate)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got "
          + b.learningRate);
    }
    if (!(b.clipNorm >= 0) || !Double.isFinite(b.clipNorm)) {
      throw new IllegalArgumentException("clip norm must be >= 0 (0: off), got " + b.clipNorm);
    }
    if (!(b.clipTensorNorm >= 0) || !Double.isFinite(b.clipTensorNorm)) {
      throw new IllegalArgumentException("clip tensor norm must be >= 0 (0: off), got "
          + b.clipTensorNorm);
    }
    if (!(b.l2 >= 0) || !Double.isFinite(b.l2)) {
      throw new IllegalArgumentException("l2 must be finite and >= 0 (0: off), got " + b.l2);
    }
    if (b.timeBudget != null && (b.timeBudget.isNegative() || b.timeBudget.isZero())) {
      throw new IllegalArgumentException("time budget must be positive, got " + b.timeBudget);
    }
    if (b.patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0 (0: off), got " + b.patience);
    }
    if (b.threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + b.threads);
    }
    if (b.chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + b.chunkSize);
    }
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
    this.clipNorm = b.clipNorm + 0.0;
    this.clipTensorNorm = b.clipTensorNorm + 0.0;
    this.l2 = b.l2 + 0.0;
    this.l2Scope = Objects.requireNonNull(b.l2Scope, "l2Scope");
    this.schedulePer = Objects.requireNonNull(b.schedulePer, "schedulePer");
    this.dropLastPartialBatch = b.dropLastPartialBatch;
    this.timeBudget = b.timeBudget;
    this.patience = b.patience;
    this.restoreBest = b.restoreBest;
    this.seed = b.seed;
    this.threads = b.threads;
    this.chunkSize = b.chunkSize;
  }

  /**
   * Adam with PyTorch's defaults, learning rate 0.005, batch 16, 20 epochs, no clipping or early
   * stopping, the best validation epoch restored, seed 42, all cores, chunks of 4: the LTC
   * repository's habits.
   *
   * @return the default configuration
   */
  public static TrainerConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding the {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this configuration's settings.
   *
   * @return a new builder; changing it leaves this configuration as it is
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.optimizer = optimizer;
    b.clipNorm = clipNorm;
    b.clipTensorNorm = clipTensorNorm;
    b.l2 = l2;
    b.l2Scope = l2Scope;
    b.schedulePer = schedulePer;
    b.dropLastPartialBatch = dropLastPartialBatch;
    b.timeBudget = timeBudget;
    b.patience = patience;
    b.restoreBest = restoreBest;
    b.seed = seed;
    b.threads = threads;
    b.chunkSize = chunkSize;
    return b;
  }

  /**
   * Collects the settings of a {@link TrainerConfig}; starts from the {@link #defaults()}. Not
   * thread-safe; {@link #build()} validates every setting.
   */
  public static final class Builder {
    private int epochs = 20;
    private int batchSize = 16;
    private double learningRate = 0.005;
    private OptimizerConfig optimizer = OptimizerConfig.adam();
    private double clipNorm = 0;
    private double clipTensorNorm = 0;
    private double l2 = 0;
    private L2Penalty.Scope l2Scope = L2Penalty.Scope.WEIGHT_MATRICES;
    private SchedulePer schedulePer = SchedulePer.EPOCH;
    private boolean dropLastPartialBatch = false;
    private Duration timeBudget = null;
    private int patience = 0;
    private boolean restoreBest = true;
    private long seed = 42;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int chunkSize = 4;

    private Builder() {}

    /**
     * Passes over the training data.
     *
     * @param value the number of epochs, ≥ 1
     * @return this builder
     */
    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    /**
     * Sequences per mini-batch.
     *
     * @param value the batch size, ≥ 1
     * @return this builder
     */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /**
     * The initial learning rate (a schedule given to the {@link Trainer} may change it).
     *
     * @param value the learning rate, finite and &gt; 0
     * @return this builder
     */
    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    /**
     * The optimizer and its hyperparameters.
     *
     * @param value the optimizer's configuration
     * @return this builder
     * @throws NullPointerException if the value is null
     */
    public Builder optimizer(OptimizerConfig value) {
      optimizer = Objects.requireNonNull(value, "optimizer");
      return this;
    }

    /**
     * Clip gradients to this global L2 norm.
     *
     * @param value the norm, finite and ≥ 0; 0 for no clipping
     * @return this builder
     */
    public Builder clipNorm(double value) {
      clipNorm = value;
      return this;
    }

    /**
     * Clip each parameter tensor's gradient to this L2 norm on its own, as Keras's {@code
     * clipnorm} does (see {@link GradientClipping#clipPerTensor}); applied before the global
     * clipping of {@link #clipNorm} when both are set.
     *
     * @param value the norm per tensor, finite and ≥ 0; 0 for no clipping
     * @return this builder
     */
    public Builder clipTensorNorm(double value) {
      clipTensorNorm = value;
      return this;
    }

    /**
     * An L2 penalty λ·Σw² on the weight matrices, added to each batch's loss (and 2λw to the
     * gradient, before clipping), as Keras's {@code kernel_regularizer=L2(λ)}; which parameters
     * count is {@link L2Penalty#isPenalised}. Unlike the optimizer's weight decay it spares the
     * biases and the cells' other parameters.
     *
     * @param value λ, finite and ≥ 0; 0 for no penalty
     * @return this builder
     */
    public Builder l2(double value) {
      l2 = value;
      return this;
    }

    /**
     * Which weight matrices {@link #l2} covers: every one (the default) or, as the CfC paper's
     * code, only the CfC cell's Dense kernels ({@link L2Penalty.Scope#CFC_KERNELS}).
     *
     * @param value the scope
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder l2Scope(L2Penalty.Scope value) {
      l2Scope = Objects.requireNonNull(value, "l2Scope");
      return this;
    }

    /**
     * Step the learning-rate schedule after every optimizer step (Keras) or after every epoch
     * (PyTorch, the default); see {@link SchedulePer}.
     *
     * @param value when the schedule is stepped
     * @return this builder
     * @throws NullPointerException if the value is null
     */
    public Builder schedulePer(SchedulePer value) {
      schedulePer = Objects.requireNonNull(value, "schedulePer");
      return this;
    }

    /**
     * Skip each epoch's last mini-batch when it holds fewer than {@code batchSize} sequences
     * (PyTorch's {@code drop_last}); its sequences are shuffled into other batches in other
     * epochs.
     *
     * @param value true to drop the partial batch
     * @return this builder
     */
    public Builder dropLastPartialBatch(boolean value) {
      dropLastPartialBatch = value;
      return this;
    }

    /**
     * Stop cleanly after the optimizer step at which this much wall time has passed since the
     * fit began: the result holds the run so far and the last checkpoint (written at the end of
     * the last whole epoch) resumes it to the same weights as an uninterrupted run.
     *
     * @param value the budget, positive; null for none
     * @return this builder
     */
    public Builder timeBudget(Duration value) {
      timeBudget = value;
      return this;
    }

    /**
     * Stop after this many epochs without validation improvement.
     *
     * @param value the number of epochs, ≥ 0; 0 never stops early
     * @return this builder
     */
    public Builder patience(int value) {
      patience = value;
      return this;
    }

    /**
     * End with the parameters of the best validation epoch or of the last.
     *
     * @param value true for the best validation epoch, false for the last
     * @return this builder
     */
    public Builder restoreBest(boolean value) {
      restoreBest = value;
      return this;
    }

    /**
     * Fixes the shuffling and the random parts (dropout) of every epoch.
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /**
     * Worker threads for the data-parallel gradient; the result does not depend on it.
     *
     * @param value the number of threads, ≥ 1
     * @return this builder
     */
    public Builder threads(int value) {
      threads = value;
      return this;
    }

    /**
     * Sequences per parallel work item, ≥ 1: it fixes the floating-point reduction order, so
     * changing it changes the result in the last bits (and resuming a checkpoint requires the
     * same).
     *
     * @param value the number of sequences, ≥ 1
     * @return this builder
     */
    public Builder chunkSize(int value) {
      chunkSize = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @return a new configuration holding this builder's settings
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public TrainerConfig build() {
      return new TrainerConfig(this);
    }
  }

  /** {@return the passes over the training data, ≥ 1} */
  public int epochs() {
    return epochs;
  }

  /** {@return the sequences per mini-batch, ≥ 1} */
  public int batchSize() {
    return batchSize;
  }

  /** {@return the initial learning rate, &gt; 0} */
  public double learningRate() {
    return learningRate;
  }

  /** {@return the optimizer and its hyperparameters} */
  public OptimizerConfig optimizer() {
    return optimizer;
  }

  /** {@return the global gradient norm clipped to; 0 for no clipping} */
  public double clipNorm() {
    return clipNorm;
  }

  /** {@return the norm each parameter tensor's gradient is clipped to; 0 for no clipping} */
  public double clipTensorNorm() {
    return clipTensorNorm;
  }

  /** {@return the L2 penalty λ on the weight matrices; 0 for none} */
  public double l2() {
    return l2;
  }

  /** {@return which weight matrices the L2 penalty covers} */
  public L2Penalty.Scope l2Scope() {
    return l2Scope;
  }

  /** {@return when the learning-rate schedule is stepped} */
  public SchedulePer schedulePer() {
    return schedulePer;
  }

  /** {@return whether each epoch's last, partial mini-batch is skipped} */
  public boolean dropLastPartialBatch() {
    return dropLastPartialBatch;
  }

  /** {@return the wall-time budget of a fit, or null for none} */
  public Duration timeBudget() {
    return timeBudget;
  }

  /** {@return the epochs without validation improvement before stopping; 0 never stops early} */
  public int patience() {
    return patience;
  }

  /** {@return whether a run ends with the parameters of its best validation epoch} */
  public boolean restoreBest() {
    return restoreBest;
  }

  /** {@return the seed of the shuffling and dropout} */
  public long seed() {
    return seed;
  }

  /** {@return the worker threads, ≥ 1} */
  public int threads() {
    return threads;
  }

  /** {@return the sequences per parallel work item, ≥ 1} */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * A copy with another number of epochs; see {@link Builder#epochs}.
   *
   * @param value the number of epochs, ≥ 1
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withEpochs(int value) {
    return toBuilder().epochs(value).build();
  }

  /**
   * A copy with another batch size; see {@link Builder#batchSize}.
   *
   * @param value the batch size, ≥ 1
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withBatchSize(int value) {
    return toBuilder().batchSize(value).build();
  }

  /**
   * A copy with another learning rate; see {@link Builder#learningRate}.
   *
   * @param value the learning rate, finite and &gt; 0
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withLearningRate(double value) {
    return toBuilder().learningRate(value).build();
  }

  /**
   * A copy with another optimizer; see {@link Builder#optimizer}.
   *
   * @param value the optimizer's configuration, not null
   * @return a new configuration; this one is unchanged
   * @throws NullPointerException if the value is null
   */
  public TrainerConfig withOptimizer(OptimizerConfig value) {
    return toBuilder().optimizer(value).build();
  }

  /**
   * A copy with another gradient clipping norm; see {@link Builder#clipNorm}.
   *
   * @param value the norm, finite and ≥ 0; 0 for no clipping
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withClipNorm(double value) {
    return toBuilder().clipNorm(value).build();
  }

  /**
   * A copy with another per-tensor clipping norm; see {@link Builder#clipTensorNorm}.
   *
   * @param value the norm, finite and ≥ 0; 0 for no clipping
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withClipTensorNorm(double value) {
    return toBuilder().clipTensorNorm(value).build();
  }

  /**
   * A copy with another L2 penalty; see {@link Builder#l2}.
   *
   * @param value λ, finite and ≥ 0; 0 for none
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withL2(double value) {
    return toBuilder().l2(value).build();
  }

  /**
   * A copy stepping the schedule at another time; see {@link Builder#schedulePer}.
   *
   * @param value when the schedule is stepped, not null
   * @return a new configuration; this one is unchanged
   */
  public TrainerConfig withSchedulePer(SchedulePer value) {
    return toBuilder().schedulePer(value).build();
  }

  /**
   * A copy dropping the last partial batch or not; see {@link Builder#dropLastPartialBatch}.
   *
   * @param value true to drop it
   * @return a new configuration; this one is unchanged
   */
  public TrainerConfig withDropLastPartialBatch(boolean value) {
    return toBuilder().dropLastPartialBatch(value).build();
  }

  /**
   * A copy with another time budget; see {@link Builder#timeBudget}.
   *
   * @param value the budget, positive; null for none
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the budget is zero or negative
   */
  public TrainerConfig withTimeBudget(Duration value) {
    return toBuilder().timeBudget(value).build();
  }

  /**
   * A copy with another early-stopping patience; see {@link Builder#patience}.
   *
   * @param value the number of epochs, ≥ 0; 0 never stops early
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withPatience(int value) {
    return toBuilder().patience(value).build();
  }

  /**
   * A copy restoring the best epoch or not; see {@link Builder#restoreBest}.
   *
   * @param value true for the best validation epoch, false for the last
   * @return a new configuration; this one is unchanged
   */
  public TrainerConfig withRestoreBest(boolean value) {
    return toBuilder().restoreBest(value).build();
  }

  /**
   * A copy with another seed; see {@link Builder#seed}.
   *
   * @param value the seed
   * @return a new configuration; this one is unchanged
   */
  public TrainerConfig withSeed(long value) {
    return toBuilder().seed(value).build();
  }

  /**
   * A copy with another number of threads; see {@link Builder#threads}.
   *
   * @param value the number of threads, ≥ 1
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withThreads(int value) {
    return toBuilder().threads(value).build();
  }

  /**
   * A copy with another chunk size; see {@link Builder#chunkSize}.
   *
   * @param value the number of sequences per work item, ≥ 1
   * @return a new configuration; this one is unchanged
   * @throws IllegalArgumentException if the value is out of range
   */
  public TrainerConfig withChunkSize(int value) {
    return toBuilder().chunkSize(value).build();
  }

  /** Equal when every setting is. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TrainerConfig c && epochs == c.epochs && batchSize == c.batchSize
        && Double.compare(learningRate, c.learningRate) == 0 && optimizer.equals(c.optimizer)
        && Double.compare(clipNorm, c.clipNorm) == 0
        && Double.compare(clipTensorNorm, c.clipTensorNorm) == 0
        && Double.compare(l2, c.l2) == 0 && l2Scope == c.l2Scope && schedulePer == c.schedulePer
        && dropLastPartialBatch == c.dropLastPartialBatch
        && Objects.equals(timeBudget, c.timeBudget) && patience == c.patience
        && restoreBest == c.restoreBest && seed == c.seed && threads == c.threads
        && chunkSize == c.chunkSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(epochs, batchSize, learningRate, optimizer, clipNorm, clipTensorNorm, l2,
        l2Scope, schedulePer, dropLastPartialBatch, timeBudget, patience, restoreBest, seed, threads,
        chunkSize);
  }

  /** Every setting by name, for logs. */
  @Override
  public String toString() {
    return "TrainerConfig[epochs=" + epochs + ", batchSize=" + batchSize + ", learningRate="
        + learningRate + ", optimizer=" + optimizer + ", clipNorm=" + clipNorm + ", clipTensorNorm=" + clipTensorNorm + ", l2=" + l2
        // Named only when not the default, so that settings recorded before it read the same.
        + (l2Scope == L2Penalty.Scope.WEIGHT_MATRICES ? "" : ", l2Scope=" + l2Scope)
        + ", schedulePer=" + schedulePer + ", dropLastPartialBatch=" + dropLastPartialBatch
        + ", timeBudget=" + timeBudget + ", patience="
        + patience + ", restoreBest=" + restoreBest + ", seed=" + seed + ", threads=" + threads
        + ", chunkSize=" + chunkSize + "]";
  }
}
