package io.liquid4j.spark.bench;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.spark.BatchScoring;
import io.liquid4j.spark.DistributedTrainer;
import io.liquid4j.spark.Sequence;
import io.liquid4j.spark.Sweep;
import io.liquid4j.spark.SweepData;
import io.liquid4j.spark.TrainingSequence;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Throughput of batch scoring (sequences per second), of a sweep (trainings per second) or of
 * {@link DistributedTrainer} (training sequences per second) on a given Spark master, next to the
 * same work in this JVM on one thread.
 *
 * <pre>
 * java -cp "$(cat cp.txt):spark/target/classes" io.liquid4j.spark.bench.ThroughputBench \
 *     --master local[2] --job score --sequences 4000
 * java -Dspark.jars=liquid4j-spark.jar,liquid4j-core.jar,... -cp ... ThroughputBench \
 *     --master spark://127.0.0.1:7077 --executors 2 --job sweep --runs 16
 * java -Dspark.jars=... -cp ... ThroughputBench --master spark://127.0.0.1:7077 --executors 2 \
 *     --job train
 * </pre>
 *
 * <p>Options: {@code --master URL} (default local[2]); {@code --job score|sweep|train}; {@code
 * --sequences N} (score, default 4000, 64 steps of 5 features through an LTC of 32 units); {@code
 * --runs N} (sweep, default 16 trainings of an LTC of 8 units, 3 epochs on 64 sequences); {@code
 * --train-sequences N}, {@code --batch B}, {@code --epochs E} (train, default 512 sequences of 32
 * steps × 2 features, per-step classification by an LTC of 32 units, batch 64, Adam, 3 timed
 * epochs: the setting of the module's DistributedTrainerBench; one warm-up epoch first, on Spark
 * one partition per executor, or per core in local mode, against {@code Trainer.fit} on one
 * thread in the driver); {@code --executors E} (standalone: E executors of one core each);
 * {@code --repetitions R} (default 3, after one warm-up; the median is printed). The scored
 * sequences are generated on the executors, so the figure is the cluster's scoring rate, not the
 * driver's upload rate; so are the training sequences.
 */
public final class ThroughputBench {
  private static final int STEPS = 64;
  private static final int FEATURES = 5;
  private static final int TRAIN_STEPS = 32;

  private ThroughputBench() {}

  /**
   * Runs the measurement the options describe and prints the two rates and their ratio.
   *
   * @param args option and value pairs, as in the class comment
   * @throws IllegalArgumentException for an option without a value, an unknown option or job
   * @throws NumberFormatException for a count that is not an integer
   */
  public static void main(String[] args) {
    String master = "local[2]";
    String job = "score";
    int sequences = 4000;
    int runs = 16;
    int executors = 0;
    int repetitions = 3;
    int trainSequences = 512;
    int batch = 64;
    int epochs = 3;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + ": expected a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--master" -> master = v;
        case "--job" -> job = v;
        case "--sequences" -> sequences = Integer.parseInt(v);
        case "--runs" -> runs = Integer.parseInt(v);
        case "--executors" -> executors = Integer.parseInt(v);
        case "--repetitions" -> repetitions = Integer.parseInt(v);
        case "--train-sequences" -> trainSequences = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--epochs" -> epochs = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    if (!List.of("score", "sweep", "train").contains(job)) {
      throw new IllegalArgumentException("--job: expected score, sweep or train, got '" + job
          + "'");
    }
    SparkConf conf = new SparkConf().setMaster(master).setAppName("liquid4j-throughput")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .setIfMissing("spark.driver.host", "127.0.0.1")
        .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    if (executors > 0) {
      // Standalone: one core per executor, so --executors 2 gets two executor JVMs.
      conf.set("spark.executor.cores", "1").set("spark.cores.max", String.valueOf(executors))
          .setIfMissing("spark.executor.memory", "1g");
    }
    JavaSparkContext sc = new JavaSparkContext(conf);
    sc.setLogLevel("WARN");
    try {
      int cores = sc.defaultParallelism();
      double inProcess;
      double onSpark;
      String unit;
      if (job.equals("score")) {
        unit = "sequences/s";
        int n = sequences;
        SequenceModel model = SequenceModel.create(ModelConfig.ltc(FEATURES, 32).projSize(2)
            .build(), 1);
        inProcess = median(repetitions, () -> scoreInProcess(model, n));
        // Four partitions per core evens out the tasks without making them tiny.
        int partitions = 4 * cores;
        onSpark = median(repetitions, () -> scoreOnSpark(sc, model, n, partitions));
      } else if (job.equals("train")) {
        unit = "sequences/s";
        int n = trainSequences;
        SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, 32).projSize(2).build(), 1);
        TrainerConfig config = TrainerConfig.builder()
            .epochs(epochs)
            .batchSize(batch)
            .learningRate(0.005)
            .optimizer(OptimizerConfig.adam())
            .restoreBest(false)
            .seed(1)
            .threads(1)
            .build();
        SequenceDataset local = trainingSequencesAsDataset(n);
        int e = epochs;
        inProcess = trainRate(repetitions, n, e,
            c -> fitInProcess(new Trainer(c, new CrossEntropy()), model, local), config);
        // The sequences are generated on the executors and cached there, one partition per
        // executor core (defaultParallelism is at least 2, even for one executor of one core).
        int partitions = executors > 0 ? executors : cores;
        JavaRDD<TrainingSequence> data = sc.parallelize(IntStream.range(0, n).boxed().toList(),
            partitions).map(ThroughputBench::trainingSequence).cache();
        data.count();
        onSpark = trainRate(repetitions, n, e,
            c -> new DistributedTrainer(c, new CrossEntropy()).fit(data, model), config);
        System.out.printf(Locale.ROOT, "train: LTC 32 units, %d sequences x %d steps, batch %d,"
            + " %d timed epochs after 1 warm-up epoch, %d partitions%n", n, TRAIN_STEPS, batch,
            epochs, partitions);
      } else {
        unit = "trainings/s";
        SweepData data = SweepData.of(trainingData());
        List<Sweep.Settings> settings = Sweep.grid().units(8).learningRates(0.01, 0.003)
            .epochs(3).batchSizes(16).seeds(seeds(runs / 2)).all();
        inProcess = median(repetitions, () -> {
          long t0 = System.nanoTime();
          Sweep.runInProcess(settings, data, null);
          return settings.size() / ((System.nanoTime() - t0) / 1e9);
        });
        onSpark = median(repetitions, () -> {
          long t0 = System.nanoTime();
          Sweep.run(sc, settings, data, null);
          return settings.size() / ((System.nanoTime() - t0) / 1e9);
        });
      }
      System.out.printf(Locale.ROOT, "master %s, job %s, %d cores for tasks, median of %d%n",
          master, job, cores, repetitions);
      System.out.printf(Locale.ROOT, "in this JVM, one thread: %10.1f %s%n", inProcess, unit);
      System.out.printf(Locale.ROOT, "on Spark:                %10.1f %s%n", onSpark, unit);
      System.out.printf(Locale.ROOT, "ratio (Spark / one thread): %.2f%n", onSpark / inProcess);
    } finally {
      sc.stop();
    }
  }

  /** One warm-up fit of one epoch, then the median rate of {@code repetitions} timed fits. */
  private static double trainRate(int repetitions, int n, int epochs,
      java.util.function.Consumer<TrainerConfig> fit, TrainerConfig config) {
    fit.accept(config.withEpochs(1));
    double[] rates = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long t0 = System.nanoTime();
      fit.accept(config.withEpochs(epochs));
      rates[r] = (double) n * epochs / ((System.nanoTime() - t0) / 1e9);
    }
    Arrays.sort(rates);
    return rates[repetitions / 2];
  }

  private static void fitInProcess(Trainer trainer, SequenceModel model, SequenceDataset data) {
    try {
      trainer.fit(model, data, null, null, null, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Training sequence {@code id}: 32 steps of 2 features in [-1, 1), per-step class 1 when the
   * first feature is positive; seeded by its number, so any executor builds the same one.
   */
  static TrainingSequence trainingSequence(int id) {
    SplittableRandom rng = new SplittableRandom(1_000_003L * id + 3);
    double[][] x = new double[TRAIN_STEPS][2];
    double[][] y = new double[TRAIN_STEPS][1];
    for (int t = 0; t < TRAIN_STEPS; t++) {
      x[t][0] = rng.nextDouble(-1, 1);
      x[t][1] = rng.nextDouble(-1, 1);
      y[t][0] = x[t][0] > 0 ? 1 : 0;
    }
    return new TrainingSequence("train-" + id, x, y, null);
  }

  /** The same sequences as one core dataset, in the same order. */
  private static SequenceDataset trainingSequencesAsDataset(int n) {
    double[] x = new double[n * TRAIN_STEPS * 2];
    double[] y = new double[n * TRAIN_STEPS];
    for (int b = 0; b < n; b++) {
      TrainingSequence s = trainingSequence(b);
      for (int t = 0; t < TRAIN_STEPS; t++) {
        x[(b * TRAIN_STEPS + t) * 2] = s.inputs()[t][0];
        x[(b * TRAIN_STEPS + t) * 2 + 1] = s.inputs()[t][1];
        y[b * TRAIN_STEPS + t] = s.targets()[t][0];
      }
    }
    return SequenceDataset.classification(x, n, TRAIN_STEPS, 2, y, true, 2);
  }

  /** Seeds 1..count: each of the two learning rates is trained with each seed. */
  private static long[] seeds(int count) {
    return java.util.stream.LongStream.rangeClosed(1, Math.max(1, count)).toArray();
  }

  private interface Measurement {
    double rate();
  }

  /** One warm-up (JIT, executor start, broadcast), then the median of the timed repetitions. */
  private static double median(int repetitions, Measurement m) {
    m.rate();
    double[] rates = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      rates[r] = m.rate();
    }
    Arrays.sort(rates);
    return rates[repetitions / 2];
  }

  private static double scoreInProcess(SequenceModel model, int n) {
    long t0 = System.nanoTime();
    double sink = 0;
    for (int i = 0; i < n; i++) {
      Sequence s = sequence(i);
      double[] x = new double[STEPS * FEATURES];
      for (int t = 0; t < STEPS; t++) {
        System.arraycopy(s.inputs()[t], 0, x, t * FEATURES, FEATURES);
      }
      sink += model.forward(x, 1, STEPS, null, null).outputs()[0];
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("the model produced NaN");
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static double scoreOnSpark(JavaSparkContext sc, SequenceModel model, int n,
      int partitions) {
    long t0 = System.nanoTime();
    List<Integer> ids = IntStream.range(0, n).boxed().toList();
    long count = BatchScoring.predict(
        sc.parallelize(ids, partitions).map(ThroughputBench::sequence), model).count();
    if (count != n) {
      throw new IllegalStateException("expected " + n + " predictions, got " + count);
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  /** Sequence {@code id}: seeded by its number, so any executor builds the same one. */
  static Sequence sequence(int id) {
    SplittableRandom rng = new SplittableRandom(id);
    double[][] x = new double[STEPS][FEATURES];
    for (double[] step : x) {
      for (int f = 0; f < FEATURES; f++) {
        step[f] = rng.nextGaussian();
      }
    }
    return new Sequence("seq-" + id, x, null);
  }

  private static SequenceDataset trainingData() {
    int n = 64;
    int length = 16;
    SplittableRandom rng = new SplittableRandom(3);
    double[] x = new double[n * length * 2];
    double[] y = new double[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    for (int s = 0; s < n; s++) {
      y[s] = x[s * length * 2] > 0 ? 1 : 0;
    }
    return SequenceDataset.classification(x, n, length, 2, y, false, 2);
  }
}
