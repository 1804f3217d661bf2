package io.liquid4j.spark;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.EpochSummary;
import io.liquid4j.train.GradientSum;
import io.liquid4j.train.Loss;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingException;
import io.liquid4j.train.TrainingResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Synchronous data-parallel training of a {@link SequenceModel} on an RDD of {@link
 * TrainingSequence}s. Every optimizer step is one of {@link Trainer#fit}'s: the driver picks the
 * step's mini-batch (the same sequence indices, in the same order of batches, as {@code fit} for
 * the same seed), broadcasts the current parameters as a {@code double[]}, each partition sums the
 * loss and gradient of its members of the batch ({@link Trainer#gradientSum}), the sums meet in a
 * {@code treeAggregate}, and the driver divides by the total weight and takes core's optimizer
 * step (clipping, Adam or another, LTC constraints) on the mean.
 *
 * <pre>{@code
 * JavaRDD<TrainingSequence> data = ...;   // one record per sequence
 * SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, 32).projSize(2).build(), 1);
 * DistributedTrainer trainer = new DistributedTrainer(
 *     TrainerConfig.defaults().withEpochs(10), new CrossEntropy());
 * SequenceModel trained = trainer.fit(data, model).model();
 * }</pre>
 *
 * <p>The result equals {@code new Trainer(config, loss).fit(model, dataset, null, null, null,
 * false)} on the same sequences in the RDD's order, up to the order of the floating-point sums,
 * for any number of partitions; models with dropout draw other masks than on one machine. Only
 * the parameters (about 8 bytes each) travel per step each way, so a step costs a Spark job: worth
 * it when a batch's forward and backward passes take far longer than a job's scheduling (large
 * batches, long sequences). Not done here: validation, early stopping, learning-rate schedules,
 * checkpoints (the configured learning rate is constant).
 *
 * <p>What travels per {@link #fit}: the model file's bytes, broadcast once; the current
 * parameters ({@code double[]}), broadcast once per step and destroyed after it; and, serialised
 * into every step's tasks, the batch's member indices, the seeds, the chunk size and the loss (a
 * {@link Serializable} loss as it is, a built-in one that is not by its name and class weights).
 * The checked records are cached in executor memory for the whole fit and released at its end.
 *
 * <p>Thread safety: a trainer holds only its configuration, loss and first time span and never
 * changes them, so one instance may be shared between threads as long as its {@link Loss} is
 * (the built-in losses are immutable). Each {@code fit} has its own optimizer state, broadcasts
 * and cached RDD; concurrent fits run as separate Spark jobs on the context.
 */
public final class DistributedTrainer {
  private final TrainerConfig config;
  private final Loss loss;
  private final double firstTimespan;

  /**
   * A trainer giving the first step of a sequence with time stamps Δt = 1.
   *
   * @param config as for {@link Trainer}; see {@link #DistributedTrainer(TrainerConfig, Loss,
   *     double)}
   * @param loss mean squared error, mean absolute error, cross-entropy, or any serializable loss
   * @throws IllegalArgumentException if the loss is neither serializable nor a built-in one
   */
  public DistributedTrainer(TrainerConfig config, Loss loss) {
    this(config, loss, 1.0);
  }

  /**
   * A trainer.
   *
   * @param config as for {@link Trainer}; {@code threads} is not used (each partition computes on
   *     its own task's thread), validation settings neither
   * @param loss mean squared error, mean absolute error, cross-entropy, or any serializable loss
   * @param firstTimespan Δt of the first step of a sequence with time stamps; &gt; 0
   * @throws IllegalArgumentException if {@code firstTimespan} is not a positive finite number, or
   *     the loss is neither serializable nor a built-in one
   */
  public DistributedTrainer(TrainerConfig config, Loss loss, double firstTimespan) {
    if (!(firstTimespan > 0) || !Double.isFinite(firstTimespan)) {
      throw new IllegalArgumentException(
          "first timespan: expected a positive finite number, found " + firstTimespan);
    }
    if (!(loss instanceof Serializable)) {
      LossSpec.of(loss); // fails now, on the driver, for a loss the executors cannot rebuild
    }
    this.config = config;
    this.loss = loss;
    this.firstTimespan = firstTimespan;
  }

  /**
   * Trains for {@code config.epochs()} epochs from {@code model}'s parameters.
   *
   * <p>A first pass checks every record and keeps the checked arrays in memory; a malformed one
   * (no steps, a step of the wrong width, a non-finite value, time stamps not strictly
   * increasing, targets of the wrong shape or a class index out of range, a negative weight)
   * fails the job with the record's key and index, before any step: Spark throws its {@code
   * org.apache.spark.SparkException} on the driver (undeclared), whose cause is an {@link
   * IllegalArgumentException}. An empty RDD or sequences of different lengths are rejected on the
   * driver after that pass, also before any step.
   *
   * @param data one record per sequence, all of the same length; the RDD's order is the order
   *     {@code Trainer.fit} would see
   * @param model the starting point; not modified
   * @return the trained model and one {@link EpochSummary} per epoch (mean batch loss; no
   *     validation figures)
   * @throws TrainingException on a non-finite loss or gradient, naming epoch and batch
   * @throws IllegalArgumentException if the RDD is empty or its sequences differ in length
   */
  public TrainingResult fit(JavaRDD<TrainingSequence> data, SequenceModel model) {
    long start = System.nanoTime();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(data.context());
    Shape shape = new Shape(model.inputSize(), model.outputSize(),
        model.config().returnSequences(), loss instanceof CrossEntropy, firstTimespan);
    JavaRDD<Checked> checked = data.zipWithIndex()
        .map(pair -> Checked.of(pair._1(), pair._2(), shape))
        .persist(StorageLevel.MEMORY_ONLY());
    Object lossForExecutors = loss instanceof Serializable ? loss : LossSpec.of(loss);
    Broadcast<byte[]> modelBytes = context.broadcast(ModelFile.toBytes(model));
    try {
      long[] sizes = checked.treeAggregate(new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE},
          (acc, c) -> new long[] {acc[0] + 1, Math.min(acc[1], c.length),
              Math.max(acc[2], c.length)},
          (a, b) -> new long[] {a[0] + b[0], Math.min(a[1], b[1]), Math.max(a[2], b[2])});
      if (sizes[0] == 0) {
        throw new IllegalArgumentException("training data: no sequences");
      }
      if (sizes[1] != sizes[2]) {
        throw new IllegalArgumentException("training data: sequences must share one length, "
            + "found lengths from " + sizes[1] + " to " + sizes[2]);
      }
      int n = Math.toIntExact(sizes[0]);
      int length = (int) sizes[1];
      Trainer trainer = new Trainer(config.withThreads(1), loss);
      int chunkSize = config.chunkSize();
      long seed = config.seed();
      List<EpochSummary> history = new ArrayList<>();
      try (Trainer.Stepper stepper = trainer.stepper(model)) {
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
          long epochStart = System.nanoTime();
          int[][] batches = trainer.epochBatches(n, epoch);
          double lossSum = 0;
          for (int batch = 0; batch < batches.length; batch++) {
            int[] members = batches[batch].clone();
            Arrays.sort(members);
            Broadcast<double[]> params = context.broadcast(stepper.model().parameters());
            long stepSeed = mix(seed, epoch, batch);
            GradientSum sum = checked
                .mapPartitionsWithIndex((partition, records) -> {
                  List<Checked> mine = new ArrayList<>();
                  records.forEachRemaining(c -> {
                    if (Arrays.binarySearch(members, (int) c.index) >= 0) {
                      mine.add(c);
                    }
                  });
                  SequenceModel local = rebuild(modelBytes.value()).withParameters(params.value());
                  Trainer partTrainer = partTrainer(lossForExecutors, chunkSize, seed);
                  // Each partition draws its own dropout masks, as each chunk does on one machine.
                  GradientSum part = mine.isEmpty()
                      ? GradientSum.zero(params.value().length)
                      : partTrainer.gradientSum(local, batchOf(mine, length, shape),
                          mix(stepSeed, partition, 0));
                  return List.of(part).iterator();
                }, false)
                .treeAggregate(GradientSum.zero(model.layout().size()), GradientSum::merge,
                    GradientSum::merge);
            params.destroy();
            try {
              lossSum += stepper.step(sum);
            } catch (TrainingException | IllegalArgumentException e) {
              throw new TrainingException("epoch " + (epoch + 1) + ", batch " + (batch + 1)
                  + ": " + e.getMessage());
            }
          }
          history.add(new EpochSummary(epoch, lossSum / batches.length, Double.NaN, Double.NaN,
              config.learningRate(), (System.nanoTime() - epochStart) / 1e9, false));
        }
        return new TrainingResult(stepper.model(), history, -1, false,
            (System.nanoTime() - start) / 1e9);
      }
    } finally {
      checked.unpersist(false);
      modelBytes.destroy();
    }
  }

  private static long mix(long seed, long a, long b) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b)
        .nextLong();
  }

  private static Trainer partTrainer(Object loss, int chunkSize, long seed) {
    Loss l = loss instanceof LossSpec spec ? spec.rebuild() : (Loss) loss;
    // Only the chunk size matters to gradientSum; the rest must merely be valid.
    return new Trainer(TrainerConfig.builder().epochs(1).batchSize(1).learningRate(1e-3)
        .restoreBest(false).seed(seed).threads(1).chunkSize(chunkSize).build(), l);
  }

  private static SequenceModel rebuild(byte[] bytes) {
    try {
      return ModelFile.fromBytes(bytes, "broadcast model");
    } catch (FileFormatException e) {
      throw new IllegalStateException("broadcast model could not be read back: " + e.getMessage(),
          e);
    }
  }

  /** The partition's members of the batch as one core batch (all arrays already checked). */
  private static SequenceDataset.Batch batchOf(List<Checked> records, int length, Shape shape) {
    int b = records.size();
    int s = shape.features;
    int perTarget = records.get(0).targets.length;
    boolean timed = records.stream().anyMatch(c -> c.timespans != null);
    double[] x = new double[b * length * s];
    double[] dt = timed ? new double[b * length] : null;
    double[] y = new double[b * perTarget];
    double[] w = new double[b];
    for (int i = 0; i < b; i++) {
      Checked c = records.get(i);
      System.arraycopy(c.inputs, 0, x, i * length * s, length * s);
      if (timed) {
        if (c.timespans == null) {
          Arrays.fill(dt, i * length, (i + 1) * length, 1.0);
        } else {
          System.arraycopy(c.timespans, 0, dt, i * length, length);
        }
      }
      System.arraycopy(c.targets, 0, y, i * perTarget, perTarget);
      w[i] = c.weight;
    }
    return new SequenceDataset.Batch(b, length, s, x, dt, y, null, w);
  }

  /** What a record must look like, from the model and the loss. */
  private record Shape(int features, int outputs, boolean perStep, boolean classes,
      double firstTimespan) implements Serializable {}

  /** A record checked and flattened once, kept in memory for every step. */
  private record Checked(long index, int length, double[] inputs, double[] timespans,
      double[] targets, double weight) implements Serializable {

    static Checked of(TrainingSequence s, long index, Shape shape) {
      String where = "sequence '" + s.key() + "' (index " + index + ")";
      int length = s.length();
      if (length == 0) {
        throw new IllegalArgumentException(where + ": expected at least one step, found none");
      }
      double[] x = new double[length * shape.features];
      for (int t = 0; t < length; t++) {
        copyRow(s.inputs()[t], x, t, shape.features, where + ": step " + t, "features");
      }
      int rows = shape.perStep ? length : 1;
      int width = shape.classes ? 1 : shape.outputs;
      if (s.targets().length != rows) {
        throw new IllegalArgumentException(where + ": expected " + rows + " target rows ("
            + (shape.perStep ? "one per step" : "one per sequence") + "), found "
            + s.targets().length);
      }
      double[] y = new double[rows * width];
      for (int r = 0; r < rows; r++) {
        copyRow(s.targets()[r], y, r, width, where + ": target row " + r, "values");
        if (shape.classes && (y[r] != Math.rint(y[r]) || y[r] < 0 || y[r] >= shape.outputs)) {
          throw new IllegalArgumentException(where + ": target row " + r
              + " expected a class index in 0.." + (shape.outputs - 1) + ", found " + y[r]);
        }
      }
      if (!(s.weight() >= 0) || !Double.isFinite(s.weight())) {
        throw new IllegalArgumentException(
            where + ": expected a finite weight >= 0, found " + s.weight());
      }
      return new Checked(index, length, x, timespans(s, where, shape.firstTimespan), y,
          s.weight());
    }

    private static void copyRow(double[] row, double[] into, int r, int width, String where,
        String what) {
      if (row == null || row.length != width) {
        throw new IllegalArgumentException(where + " expected " + width + " " + what
            + ", found " + (row == null ? "null" : String.valueOf(row.length)));
      }
      for (int k = 0; k < width; k++) {
        if (!Double.isFinite(row[k])) {
          throw new IllegalArgumentException(
              where + " value " + k + " expected a finite number, found " + row[k]);
        }
      }
      System.arraycopy(row, 0, into, r * width, width);
    }

    private static double[] timespans(TrainingSequence s, String where, double first) {
      double[] stamps = s.timestamps();
      if (stamps == null) {
        return null;
      }
      if (stamps.length != s.length()) {
        throw new IllegalArgumentException(where + ": expected " + s.length()
            + " timestamps (one per step), found " + stamps.length);
      }
      double[] dt = new double[stamps.length];
      dt[0] = first;
      for (int t = 0; t < stamps.length; t++) {
        if (!Double.isFinite(stamps[t])) {
          throw new IllegalArgumentException(where + ": timestamp " + t
              + " expected a finite number, found " + stamps[t]);
        }
        if (t > 0) {
          dt[t] = stamps[t] - stamps[t - 1];
          if (!(dt[t] > 0) || !Double.isFinite(dt[t])) {
            throw new IllegalArgumentException(where + ": timestamps expected to increase "
                + "strictly, found " + stamps[t] + " at step " + t + " after " + stamps[t - 1]);
          }
        }
      }
      return dt;
    }
  }

  /** A built-in loss that is not serializable, by name and class weights. */
  private record LossSpec(String name, double[] classWeights) implements Serializable {
    static LossSpec of(Loss loss) {
      Loss.of(loss.name()); // only the built-in names can be rebuilt
      String cls = loss.getClass().getPackageName();
      if (!cls.equals("io.liquid4j.train")) {
        throw new IllegalArgumentException("loss: " + loss
            + " must be Serializable to travel to the executors");
      }
      return new LossSpec(loss.name(),
          loss instanceof CrossEntropy ce ? ce.classWeights() : null);
    }

    Loss rebuild() {
      return classWeights != null ? new CrossEntropy(classWeights) : Loss.of(name);
    }
  }
}
