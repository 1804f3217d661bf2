package io.liquid4j.train;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.evaluation.Evaluator;
import io.liquid4j.internal.Parallel;
import io.liquid4j.model.Gradients;
import io.liquid4j.model.ModelKind;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import io.liquid4j.model.TrainingPass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Trains a {@link SequenceModel} by mini-batch backpropagation through time. Immutable and safe
 * to share between threads: one trainer can run any number of fits, also at the same time, since
 * each {@link #fit} makes its own optimizer, schedule copy and thread pool and returns a new model
 * (give concurrent fits distinct checkpoint files). A {@link Stepper} is not thread-safe: one per
 * thread.
 *
 * <p>Each epoch shuffles the training sequences with a generator seeded by (seed, epoch) — so a
 * resumed run shuffles exactly as an uninterrupted one — and for every mini-batch:
 *
 * <pre>
 * forward + tape     per chunk of {@code chunkSize} sequences, chunks in parallel
 * loss, dL/dy        once over the whole batch (weighted mean, masks, sample weights)
 * backward           per chunk in parallel; chunk gradients summed in chunk order
 * penalty            L2 penalty on the weight matrices added to loss and gradient (if set)
 * clip, step         per-tensor, then global-norm clipping, optimizer update, LTC constraints
 * schedule           the learning rate stepped here when the schedule is stepped per batch
 * </pre>
 *
 * Because the chunks, not the threads, fix the order of every floating-point sum, the result is
 * bit-identical for any number of threads. After each epoch the model is validated (accuracy for
 * classification, loss for regression), the best parameters are kept, early stopping is checked,
 * and a checkpoint is written atomically; {@code resume} continues from it to the same final
 * weights as an uninterrupted run. A non-finite loss or gradient stops the run with a {@link
 * TrainingException} naming the epoch and batch; the last checkpoint is left intact.
 *
 * <p>A run also ends cleanly, before its last epoch, on a {@link TrainerConfig#timeBudget()} or
 * when a listener calls {@link TrainingControl#requestStop()}: after the current step (finishing
 * the epoch when it was its last step) or epoch. The result then holds the run so far ({@link
 * TrainingResult#stopReason()}), and the checkpoint of the last whole epoch resumes it to the same
 * weights as an uninterrupted run (an unfinished epoch is repeated exactly).
 */
public final class Trainer {
  private final TrainerConfig config;
  private final Loss loss;
  private final LearningRateSchedule schedule;
  private final Selection selection;
  private final Map<String, String> runSettings;

  /**
   * A trainer with a constant learning rate.
   *
   * @param config hyperparameters
   * @param loss the loss; {@link #defaultLoss} picks cross-entropy or MSE from the data
   */
  public Trainer(TrainerConfig config, Loss loss) {
    this(config, loss, LearningRateSchedule.constant(config.learningRate()));
  }

  /**
   * A trainer whose learning rate follows a schedule, stepped after each epoch's validation with
   * the validation loss (the training loss without validation data), or after every optimizer
   * step with {@link TrainerConfig#schedulePer()} {@link SchedulePer#BATCH}. Each fit uses a
   * fresh copy.
   *
   * @param config hyperparameters; its learning rate is not used, the schedule's base rate is
   * @param loss the loss; {@link #defaultLoss} picks cross-entropy or MSE from the data
   * @param schedule the learning-rate schedule; copied, so this trainer never changes it
   */
  public Trainer(TrainerConfig config, Loss loss, LearningRateSchedule schedule) {
    this(config, loss, schedule, Selection.DEFAULT, Map.of());
  }

  private Trainer(
      TrainerConfig config, Loss loss, LearningRateSchedule schedule, Selection selection,
      Map<String, String> runSettings) {
    this.config = config;
    this.loss = loss;
    this.schedule = schedule.copy();
    this.selection = selection;
    this.runSettings = runSettings;
  }

  /**
   * This trainer, picking the best epoch by another validation score.
   *
   * @param value the score that selects the best epoch and drives early stopping
   * @return a new trainer; this one is unchanged
   */
  public Trainer selectingBy(Selection value) {
    return new Trainer(config, loss, schedule, value, runSettings);
  }

  /**
   * This trainer, recording in its checkpoints settings of the run made outside it, such as how
   * the data were read and split: a {@link #fit} that resumes refuses a checkpoint whose settings
   * differ in any entry, or that lacks one or has another, with a {@link
   * CheckpointMismatchException} naming the entry (values that start with {@link
   * DataFingerprint#PREFIX} are reported as fingerprints). The trainer itself records its
   * schedule, loss, selection and the fingerprints of the training and validation data.
   *
   * <pre>{@code
   * Trainer t = trainer.withRunSettings(Map.of("windowLength", "16", "testFraction", "0.15"));
   * }</pre>
   *
   * @param settings setting name to value, in the order they are checked; copied
   * @return a new trainer; this one is unchanged
   * @throws NullPointerException when a name or value is null
   */
  public Trainer withRunSettings(Map<String, String> settings) {
    Map<String, String> copy = new LinkedHashMap<>();
    settings.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "setting name"),
        Objects.requireNonNull(v, k)));
    return new Trainer(config, loss, schedule, selection, Collections.unmodifiableMap(copy));
  }

  /**
   * Cross-entropy for classification, mean squared error for regression.
   *
   * @param data the training data, whose task decides
   * @return a new loss with default settings
   */
  public static Loss defaultLoss(SequenceDataset data) {
    return data.task() == TaskKind.CLASSIFICATION ? new CrossEntropy() : new MeanSquaredError();
  }

  /** {@return the hyperparameters} */
  public TrainerConfig config() {
    return config;
  }

  /**
   * Trains from {@code model}'s parameters. Listener calls come from the calling thread.
   *
   * @param model the model to train; it is not changed (the result holds a new one)
   * @param train the training data, at least one sequence
   * @param validation data for model selection and early stopping, or null
   * @param listener progress hooks, or null for none
   * @param checkpoint file written after every epoch, or null for none
   * @param resume continue from {@code checkpoint} when it exists; refused unless the data and
   *     every setting but the number of epochs, the threads and {@code restoreBest} are those of
   *     the run that wrote it (a checkpoint written before data fingerprints were recorded has
   *     its model, settings and optimizer checked, not its data)
   * @return the trained model, the best and the last models, the per-epoch history and how the
   *     run ended
   * @throws IllegalArgumentException when the model does not fit the data, when the selection
   *     scores classes on regression data, when a plateau schedule is to be stepped per batch, or
   *     when dropping the last partial batch leaves no
   *     batch
   * @throws TrainingException on a non-finite loss or gradient
   * @throws CheckpointMismatchException when resuming from a checkpoint of another run: another
   *     model, other training or validation data, settings or run settings ({@link
   *     #withRunSettings}), naming the first that differs; nothing is written then
   * @throws IOException when the checkpoint cannot be written or read, or is not a checkpoint
   */
  public TrainingResult fit(
      SequenceModel model,
      SequenceDataset train,
      SequenceDataset validation,
      TrainingListener listener,
      Path checkpoint,
      boolean resume)
      throws IOException {
    checkCompatible(model, train, "training data");
    if (validation != null) {
      checkCompatible(model, validation, "validation data");
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("training data: no sequences");
    }
    selection.checkApplies(train.task());
    listener = listener == null ? TrainingListener.NONE : listener;
    boolean perBatch = config.schedulePer() == SchedulePer.BATCH;
    if (perBatch && schedule instanceof ReduceLrOnPlateau) {
      throw new IllegalArgumentException("schedulePer: the plateau schedule watches each epoch's"
          + " validation loss, so it steps per epoch, not per batch");
    }
    if (config.dropLastPartialBatch() && train.size() < config.batchSize()) {
      throw new IllegalArgumentException("dropLastPartialBatch: the training data has "
          + train.size() + " sequences, fewer than one batch of " + config.batchSize()
          + ", so no step would be taken");
    }
    Optimizer optimizer = config.optimizer().create(model.layout(), config.learningRate());
    LearningRateSchedule lrs = schedule.copy();
    optimizer.setLearningRate(lrs.learningRate());
    RunState state = new RunState(model.parameters());
    Map<String, String> fingerprint =
        checkpoint == null ? null : fingerprint(train, validation);
    if (resume && checkpoint != null && Files.exists(checkpoint)) {
      state = Checkpoint.read(checkpoint, model, config, optimizer, lrs, fingerprint);
    }
    long start = System.nanoTime();
    long budgetNanos = config.timeBudget() == null ? Long.MAX_VALUE
        : saturatedNanos(config.timeBudget());
    final RunState run = state;
    TrainingControl control = new TrainingControl(() -> model.withParameters(run.params));
    ExecutorService pool = Parallel.daemonPool(config.threads(), "liquid4j-trainer");
    StopReason stop = StopReason.COMPLETED;
    StepScratch passes = new StepScratch();
    try {
      for (int epoch = state.nextEpoch; epoch < config.epochs(); epoch++) {
        long epochStart = System.nanoTime();
        int[][] epochBatches = epochBatches(train.size(), epoch);
        int batches = epochBatches.length;
        listener.epochStarted(epoch, config.epochs(), batches);
        double epochLr = optimizer.learningRate();
        double lossSum = 0;
        boolean unfinished = false;
        for (int batch = 0; batch < batches; batch++) {
          int[] idx = epochBatches[batch];
          double batchLoss;
          try {
            batchLoss = update(model, state.params, optimizer, train.batch(idx), pool,
                seedOf(config.seed(), epoch, batch), passes);
          } catch (NonFinite e) {
            throw nonFinite(epoch, batch, e.getMessage(), checkpoint, state);
          }
          lossSum += batchLoss;
          if (perBatch) {
            optimizer.setLearningRate(lrs.next(lrs.epochs(), batchLoss));
          }
          listener.batchFinished(epoch, batch, batches, batchLoss, control);
          if (stop == StopReason.COMPLETED) {
            stop = control.stopRequested() ? StopReason.REQUESTED
                : System.nanoTime() - start >= budgetNanos ? StopReason.TIME_BUDGET
                : StopReason.COMPLETED;
          }
          // A stop within the epoch leaves the epoch unfinished: the checkpoint of the last whole
          // epoch stays, and resuming repeats this epoch exactly. At its last step the epoch is
          // finished instead, so that nothing done is lost.
          if (stop != StopReason.COMPLETED && batch < batches - 1) {
            unfinished = true;
            break;
          }
        }
        if (unfinished) {
          break;
        }
        double valLoss = Double.NaN;
        double valMetric = Double.NaN;
        boolean improved = false;
        if (validation != null && validation.size() > 0) {
          Evaluation ev = evaluator().evaluate(model.withParameters(state.params), validation);
          valLoss = ev.loss();
          Selection by = selection != Selection.DEFAULT ? selection
              : train.task() == TaskKind.CLASSIFICATION ? Selection.ACCURACY : Selection.LOSS;
          valMetric = switch (by) {
            case ACCURACY -> ev.accuracy();
            case F1 -> ev.f1();
            default -> ev.loss();
          };
          double score = by == Selection.LOSS ? -ev.loss() : valMetric;
          if (state.bestEpoch < 0 || score > state.bestScore) {
            improved = true;
            state.bestScore = score;
            state.bestEpoch = epoch;
            state.bestParams = state.params.clone();
            state.sinceImprovement = 0;
          } else {
            state.sinceImprovement++;
          }
        }
        EpochSummary summary = new EpochSummary(epoch, lossSum / batches, valLoss, valMetric,
            epochLr, (System.nanoTime() - epochStart) / 1e9, improved);
        if (!perBatch) {
          optimizer.setLearningRate(
              lrs.next(epoch, Double.isNaN(valLoss) ? lossSum / batches : valLoss));
        }
        state.history.add(summary);
        state.nextEpoch = epoch + 1;
        if (checkpoint != null) {
          Checkpoint.write(checkpoint, model, config, optimizer, lrs, state, fingerprint);
        }
        listener.epochFinished(summary, control);
        if (stop == StopReason.COMPLETED && config.patience() > 0
            && state.sinceImprovement >= config.patience()) {
          stop = StopReason.EARLY_STOPPING;
        }
        if (stop == StopReason.COMPLETED) {
          stop = control.stopRequested() ? StopReason.REQUESTED
              : System.nanoTime() - start >= budgetNanos ? StopReason.TIME_BUDGET
              : StopReason.COMPLETED;
        }
        if (stop != StopReason.COMPLETED) {
          break;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    SequenceModel last = model.withParameters(state.params);
    SequenceModel best = state.bestParams == null ? null : model.withParameters(state.bestParams);
    return new TrainingResult(config.restoreBest() && best != null ? best : last, state.history,
        state.bestEpoch, stop == StopReason.EARLY_STOPPING, (System.nanoTime() - start) / 1e9,
        best, last, stop);
  }

  /**
   * What a checkpoint records besides the model and the hyperparameters, in the order a resume
   * checks it: the run settings, then this trainer's schedule, loss and selection, then the data.
   */
  private Map<String, String> fingerprint(SequenceDataset train, SequenceDataset validation) {
    Map<String, String> m = new LinkedHashMap<>(runSettings);
    m.put("schedule", describe(schedule, schedule.name()));
    m.put("loss", describe(loss, loss.name()));
    m.put("selection", selection.name().toLowerCase(java.util.Locale.ROOT));
    m.put("training data", DataFingerprint.of(train));
    m.put("validation data", validation == null || validation.size() == 0 ? "none"
        : DataFingerprint.of(validation));
    return m;
  }

  /**
   * liquid4j's own schedules and losses describe all their settings in toString; another class
   * is named by its class and name (its toString may hold an identity hash).
   */
  private static String describe(Object o, String name) {
    return o.getClass().getPackageName().equals(Trainer.class.getPackageName())
        ? o.toString() : o.getClass().getName() + " " + name;
  }

  /**
   * Optimizer steps on batches the caller supplies (a benchmark, a custom loop), each exactly as
   * {@link #fit} updates on one mini-batch: the same chunked, data-parallel gradient (so the result
   * does not depend on the number of threads), clipping, optimizer update and LTC constraints. No
   * shuffling, validation or checkpoints. Close it to stop its threads.
   *
   * <pre>{@code
   * try (Trainer.Stepper s = trainer.stepper(model)) {
   *   double loss = s.step(data.batch(indices));
   *   SequenceModel trained = s.model();
   * }
   * }</pre>
   *
   * <p>Not thread-safe: it holds the optimizer's state and the parameters being trained. One per
   * thread (and per model being trained); its own worker threads are internal.
   */
  public final class Stepper implements AutoCloseable {
    private final SequenceModel structure;
    private final Optimizer optimizer;
    private final ExecutorService pool;
    private final double[] params;
    private final StepScratch passes = new StepScratch();
    private long steps;

    private Stepper(SequenceModel model) {
      this.structure = model;
      this.optimizer = config.optimizer().create(model.layout(), config.learningRate());
      this.params = model.parameters();
      this.pool = Parallel.daemonPool(config.threads(), "liquid4j-stepper");
    }

    /**
     * One update on {@code batch}.
     *
     * @param batch the sequences of the mini-batch, with the model's number of features
     * @return the batch loss before the update
     * @throws IllegalArgumentException when the batch does not fit the model
     * @throws TrainingException on a non-finite loss or gradient (the parameters are unchanged)
     */
    public double step(SequenceDataset.Batch batch) {
      if (batch.features() != structure.inputSize()) {
        throw new IllegalArgumentException("batch: the model takes " + structure.inputSize()
            + " features per step, the batch has " + batch.features());
      }
      try {
        return update(structure, params, optimizer, batch, pool,
            seedOf(config.seed(), -1, steps++), passes);
      } catch (NonFinite e) {
        throw new TrainingException(e.getMessage() + "; the step was not applied");
      }
    }

    /**
     * One update with a gradient summed elsewhere ({@link Trainer#gradientSum} over parts of a
     * mini-batch, merged): the mean gradient {@code sum.gradient() / sum.weightSum()} is clipped
     * and applied exactly as {@link #step(SequenceDataset.Batch)} applies a batch's.
     *
     * @param sum the merged sums of the mini-batch's parts; not modified
     * @return the batch loss before the update, {@code sum.meanLoss()}
     * @throws IllegalArgumentException when the sum is of another model or has no weight
     * @throws TrainingException on a non-finite loss or gradient (the parameters are unchanged)
     */
    public double step(GradientSum sum) {
      if (sum.gradient().length != params.length) {
        throw new IllegalArgumentException("gradient sum: the model has " + params.length
            + " parameters, the sum " + sum.gradient().length);
      }
      if (!(sum.weightSum() > 0)) {
        throw new IllegalArgumentException(
            "gradient sum: expected a positive total weight, found " + sum.weightSum());
      }
      double[] mean = new double[params.length];
      double[] g = sum.gradient();
      for (int i = 0; i < mean.length; i++) {
        mean[i] = g[i] / sum.weightSum();
      }
      steps++;
      try {
        return apply(structure, params, optimizer, sum.meanLoss(), mean);
      } catch (NonFinite e) {
        throw new TrainingException(e.getMessage() + "; the step was not applied");
      }
    }

    /** {@return a new model holding a copy of the current parameters} */
    public SequenceModel model() {
      return structure.withParameters(params);
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  /**
   * Steps on caller-supplied batches from {@code model}'s parameters; see {@link Stepper}.
   *
   * @param model the model to train; it is not changed
   * @return a new stepper with a fresh optimizer; close it when done
   */
  public Stepper stepper(SequenceModel model) {
    return new Stepper(model);
  }

  private TrainingException nonFinite(
      int epoch, int batch, String what, Path checkpoint, RunState state) {
    String kept = checkpoint == null
        ? "no checkpoint was requested"
        : state.nextEpoch > 0
            ? "the checkpoint " + checkpoint + " of epoch " + state.nextEpoch + " is intact"
            : "no checkpoint had been written yet";
    return new TrainingException("epoch " + (epoch + 1) + ", batch " + (batch + 1) + ": " + what
        + "; training stopped and " + kept
        + " (try a lower learning rate or gradient clipping)");
  }

  /** A non-finite loss or gradient met by {@link #update}; the caller says where. */
  private static final class NonFinite extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NonFinite(String what) {
      super(what);
    }
  }

  /**
   * One optimizer update on a mini-batch: chunked parallel gradient, clipping, optimizer step,
   * constraints. Returns the batch loss; on a non-finite loss or gradient throws {@link NonFinite}
   * with the parameters unchanged.
   */
  private double update(
      SequenceModel structure, double[] params, Optimizer optimizer, SequenceDataset.Batch batch,
      ExecutorService pool, long stepSeed, StepScratch passes) {
    BatchGradient g = gradient(structure.withParameters(params), batch, pool, stepSeed, passes);
    return apply(structure, params, optimizer, g.loss, g.grads);
  }

  /** The part of an update after the gradient: checks, clipping, optimizer step, constraints. */
  private double apply(
      SequenceModel structure, double[] params, Optimizer optimizer, double loss, double[] grads) {
    if (!Double.isFinite(loss)) {
      throw new NonFinite("the loss is " + loss);
    }
    if (config.l2() > 0) {
      // Keras adds the penalty to the loss, so its gradient is clipped with the data's.
      loss += L2Penalty.addGradient(params, grads, structure.layout(), config.l2(),
          config.l2Scope());
    }
    if (config.clipTensorNorm() > 0) {
      GradientClipping.clipPerTensor(grads, structure.layout(), config.clipTensorNorm());
    }
    double norm = config.clipNorm() > 0
        ? GradientClipping.clipByGlobalNorm(grads, structure.layout(), config.clipNorm())
        : GradientClipping.globalNorm(grads, structure.layout());
    if (!Double.isFinite(norm)) {
      throw new NonFinite("the gradient norm is " + norm);
    }
    optimizer.step(params, grads);
    applyConstraints(structure, params);
    return loss;
  }

  /**
   * The loss and gradient of {@code batch} as sums (see {@link GradientSum}), on the calling
   * thread: the building block of data-parallel training elsewhere (a cluster's partitions each
   * sum their part of a mini-batch; {@link Stepper#step(GradientSum)} applies the merged sum).
   * Sequences are processed in chunks of {@code chunkSize}, as {@link #fit} does.
   *
   * <pre>{@code
   * GradientSum part = trainer.gradientSum(model, data.batch(new int[] {4, 9}), 7L);
   * }</pre>
   *
   * @param model the model whose loss and gradient are summed
   * @param batch this part's sequences, with the model's number of features
   * @param seed fixes the random parts (dropout) of this part's forward pass
   * @return the sums; all zero (with the count) when no step of the batch has weight
   * @throws IllegalArgumentException when the batch does not fit the model
   */
  public GradientSum gradientSum(SequenceModel model, SequenceDataset.Batch batch, long seed) {
    if (batch.features() != model.inputSize()) {
      throw new IllegalArgumentException("batch: the model takes " + model.inputSize()
          + " features per step, the batch has " + batch.features());
    }
    int steps = model.config().returnSequences() ? batch.length() : 1;
    double[] mask = steps == 1 && batch.length() > 1 ? null : batch.stepWeights();
    double weight = loss.weightSum(batch.size(), steps, model.outputSize(), batch.targets(), mask,
        batch.sampleWeights());
    if (batch.size() == 0 || weight == 0) {
      return new GradientSum(new double[model.layout().size()], 0, 0, batch.size());
    }
    // The loss is a mean over this part alone; times its own weight it becomes the part's sum.
    BatchGradient g = gradient(model, batch, null, seed, new StepScratch());
    double[] grads = g.grads;
    for (int i = 0; i < grads.length; i++) {
      grads[i] *= weight;
    }
    return new GradientSum(grads, g.loss * weight, weight, batch.size());
  }

  /**
   * The mini-batches of one epoch of {@link #fit}, in its order: the epoch's seeded shuffle of
   * {@code 0..size−1} cut into runs of {@code batchSize} (the last may be shorter, or is left out
   * with {@link TrainerConfig#dropLastPartialBatch()}). Lets training
   * elsewhere visit the sequences exactly as {@code fit} does.
   *
   * <pre>{@code
   * int[][] batches = trainer.epochBatches(data.size(), 0);   // batches[0]: the first batch
   * }</pre>
   *
   * @param size the number of training sequences, ≥ 0
   * @param epoch the 0-based epoch, which with the seed fixes the shuffle
   * @return the sequence indices of each batch, in order
   * @throws IllegalArgumentException for a negative size
   */
  public int[][] epochBatches(int size, int epoch) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    int[] order = permutation(size, config.seed(), epoch);
    int batches = config.dropLastPartialBatch() ? size / config.batchSize()
        : (size + config.batchSize() - 1) / config.batchSize();
    int[][] out = new int[batches][];
    for (int batch = 0; batch < batches; batch++) {
      int from = batch * config.batchSize();
      out[batch] = java.util.Arrays.copyOfRange(order, from,
          Math.min(from + config.batchSize(), order.length));
    }
    return out;
  }

  /** A duration in nanoseconds, Long.MAX_VALUE for one too long to count. */
  private static long saturatedNanos(java.time.Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** LTC without softplus keeps w, sensory_w, cm and gleak non-negative by clipping (ncps). */
  private static void applyConstraints(SequenceModel model, double[] params) {
    if (model.config().model() == ModelKind.LTC && !model.config().implicitParamConstraints()) {
      Constraints.clipNonNegative(params, model.layout(),
          Constraints.leafNamed(Constraints.LTC_NON_NEGATIVE));
    }
  }

  /** Sum of loss and gradients of one mini-batch. */
  private record BatchGradient(double loss, double[] grads) {}

  /**
   * The seed of one step's random parts (dropout): fixed by (seed, epoch, batch), so a resumed
   * run draws the same masks, and split per chunk, so the thread count does not matter.
   */
  static long seedOf(long seed, long epoch, long batch) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batch)
        .nextLong();
  }

  /**
   * What one update leaves for the next to overwrite: each chunk's training pass (a pass holds
   * megabytes of tapes; allocating them anew every step costs more than the LTC's arithmetic
   * where fresh memory is slow to touch) and the batch's outputs and their gradient. One per fit
   * or stepper.
   */
  private static final class StepScratch {
    TrainingPass[] byChunk = new TrainingPass[0];
    double[] outputs = new double[0];
    double[] dOutputs = new double[0];

    /** The outputs and dL/d outputs arrays, of exactly {@code size} values. */
    void ensureOutputs(int size) {
      if (outputs.length != size) {
        outputs = new double[size];
        dOutputs = new double[size];
      }
    }
  }

  private BatchGradient gradient(
      SequenceModel model, SequenceDataset.Batch batch, ExecutorService pool, long stepSeed,
      StepScratch reuse) {
    int b = batch.size();
    int length = batch.length();
    int s = batch.features();
    int chunks = (b + config.chunkSize() - 1) / config.chunkSize();
    if (reuse.byChunk.length < chunks) {
      reuse.byChunk = java.util.Arrays.copyOf(reuse.byChunk, chunks);
    }
    List<Callable<TrainingPass>> forwards = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      int from = c * config.chunkSize();
      int to = Math.min(b, from + config.chunkSize());
      double[] x = java.util.Arrays.copyOfRange(batch.inputs(), from * length * s, to * length * s);
      double[] ts = batch.timespans() == null ? null
          : java.util.Arrays.copyOfRange(batch.timespans(), from * length, to * length);
      double[] valid = batch.validSteps() == null ? null
          : java.util.Arrays.copyOfRange(batch.validSteps(), from * length, to * length);
      long chunkSeed = seedOf(stepSeed, 0, c);
      TrainingPass previous = reuse.byChunk[c];
      forwards.add(() -> model.forwardForTraining(x, to - from, length, ts, valid, null,
          chunkSeed, previous));
    }
    List<TrainingPass> passes = runAll(pool, forwards);
    for (int c = 0; c < chunks; c++) {
      reuse.byChunk[c] = passes.get(c);
    }
    int width = model.outputSize();
    int steps = model.config().returnSequences() ? length : 1;
    reuse.ensureOutputs(b * steps * width);
    double[] outputs = reuse.outputs;
    double[] dOutputs = reuse.dOutputs;
    int at = 0;
    for (TrainingPass pass : passes) {
      pass.copyOutputs(outputs, at);
      at += pass.outputLength();
    }
    double value = loss.evaluate(outputs, b, steps, width, batch.targets(),
        steps == 1 && length > 1 ? null : batch.stepWeights(), batch.sampleWeights(), dOutputs);
    List<Callable<Gradients>> backwards = new ArrayList<>();
    at = 0;
    for (TrainingPass pass : passes) {
      int from = at;
      at += pass.outputLength();
      backwards.add(() -> pass.backward(dOutputs, from, null, null));
    }
    double[] grads = new double[model.layout().size()];
    for (Gradients g : runAll(pool, backwards)) {
      double[] gp = g.parameters();
      for (int i = 0; i < grads.length; i++) {
        grads[i] += gp[i];
      }
    }
    return new BatchGradient(value, grads);
  }

  /** Runs the tasks on the pool, or one after another on this thread when it is null. */
  private static <T> List<T> runAll(ExecutorService pool, List<Callable<T>> tasks) {
    return Parallel.runAll(pool, tasks, "training");
  }

  /**
   * Loss and metrics of a model on a dataset: {@link #evaluator()}{@code .evaluate(model, data)}.
   *
   * @param model the model to evaluate
   * @param data the sequences and their targets
   * @return the loss and the task's metrics
   * @throws IllegalArgumentException when the model does not fit the data
   */
  public Evaluation evaluate(SequenceModel model, SequenceDataset data) {
    return evaluator().evaluate(model, data);
  }

  /**
   * The evaluator that validates each epoch of {@link #fit}: this trainer's loss and threads, and
   * chunks of at least {@link Evaluator#DEFAULT_CHUNK_SIZE} sequences.
   *
   * @return a new evaluator
   */
  public Evaluator evaluator() {
    return Evaluator.create()
        .withThreads(config.threads())
        .withLoss(loss)
        .withChunkSize(Math.max(config.chunkSize(), Evaluator.DEFAULT_CHUNK_SIZE));
  }

  /** The model must read the data's features and emit what its targets need. */
  static void checkCompatible(SequenceModel model, SequenceDataset data, String what) {
    if (model.inputSize() != data.features()) {
      throw new IllegalArgumentException(what + ": the model takes " + model.inputSize()
          + " features per step, the data has " + data.features());
    }
    if (model.outputSize() != data.targetWidth()) {
      throw new IllegalArgumentException(what + ": the model emits " + model.outputSize()
          + " values per step, the data needs " + data.targetWidth()
          + (data.task() == TaskKind.CLASSIFICATION ? " (one logit per class)" : ""));
    }
    if (model.config().returnSequences() != data.perStep()) {
      throw new IllegalArgumentException(what + ": the data has "
          + (data.perStep() ? "a target per step, so the model must return sequences"
              : "one target per sequence, so the model must return only the last step"));
    }
  }

  /** The epoch's shuffle: Fisher–Yates with a generator fixed by (seed, epoch). */
  static int[] permutation(int n, long seed, int epoch) {
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Everything that changes during a run and that a checkpoint must hold. */
  static final class RunState {
    double[] params;
    double[] bestParams;
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestEpoch = -1;
    int sinceImprovement;
    int nextEpoch;
    final List<EpochSummary> history = new ArrayList<>();

    RunState(double[] params) {
      this.params = params;
    }
  }
}
