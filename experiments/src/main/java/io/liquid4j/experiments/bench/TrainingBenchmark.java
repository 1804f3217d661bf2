package io.liquid4j.experiments.bench;

import io.liquid4j.cell.Precision;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.StreamingSession;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.train.MeanSquaredError;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.TrainerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training and inference speed benchmark that {@code liquid4j bench} runs, on the workloads
 * that {@code benchmarks/bench_ncps.py} times ncps 1.0.1 on (PyTorch, 2 threads), under the same
 * keys. The basic suite: LTC (input 8, AutoNCP(32, 4)) and CfC (input 8, 64 units, backbone
 * 128 × 1), batch 32, sequence 64; the scaling suite ({@link #SCALING_KEYS}): a fully connected
 * LTC, a 128-neuron NCP, batch 256, a 256-unit CfC, 512-step sequences, a mixed-memory CfC and two
 * more streaming steps ({@link #workload} gives each one's shape). A training measurement is one
 * Adam step (forward, backward, update) of MSE against uniform(−1, 1) targets, inputs uniform(−1,
 * 1), Δt = 1; a streaming measurement one step at batch 1 with the state carried. Each figure is
 * the median of timed repetitions after warm-up (at least as many runs, at least 3, and at least
 * 5 s: with both cores training, C2's compiler threads get little time, and after 2 s the LTC step
 * was still 1.5× slower than once compiled). {@code bench_ncps.py} times 5 repetitions after 3 s.
 *
 * <p>Every workload runs in float64 unless a precision is given ({@link #workload(String,
 * Precision)}, {@link #measure(String, int, double, Precision)}): then its model is the same
 * network computing each step in that precision (every workload is an LTC without dopri5 or a
 * CfC, so each offers float32), under the same key.
 *
 * <p>Stateless: every measurement builds its own model, data, trainer and session. Measurements
 * may run on several threads at once, but their timings then disturb each other; run them one at
 * a time.
 */
public final class TrainingBenchmark {
  /**
   * ncps's seconds for the same four measurements, by key, as recorded once on this project's
   * 2-core machine kind (not measured by this code; see {@link #NCPS_RECORDED_SOURCE}).
   */
  public static final Map<String, Double> NCPS_RECORDED = Map.of(
      "train_ltc_s_per_step", 0.204,
      "train_cfc_s_per_step", 0.079,
      "infer_ltc_step_s", 288e-6,
      "infer_cfc_step_s", 78e-6);

  /** Where {@link #NCPS_RECORDED} comes from. */
  public static final String NCPS_RECORDED_SOURCE =
      "ncps 1.0.1 on PyTorch 1.13, 2 threads, the same models and batch, recorded 2026-11";

  private TrainingBenchmark() {}

  /**
   * The LTC of the benchmark.
   *
   * @return AutoNCP(32 neurons, 4 motor neurons) over 8 inputs, returning sequences
   */
  public static ModelConfig ltc() {
    return ModelSpec.parse("""
        {"model": "ltc", "units": {"type": "AutoNCP", "units": 32, "output_size": 4}}
        """, "the benchmark's LTC").toConfig(8, 4, true);
  }

  /**
   * The CfC of the benchmark (64 outputs: every unit).
   *
   * @return 64 units with a 128-unit backbone over 8 inputs, returning sequences
   */
  public static ModelConfig cfc() {
    return ModelSpec.parse("""
        {"model": "cfc", "units": 64, "backbone_units": 128}
        """, "the benchmark's CfC").toConfig(8, 64, true);
  }

  /** The measurements of the basic suite, in the order {@link #run} makes them. */
  public static final List<String> KEYS = List.of(
      "train_ltc_s_per_step", "train_cfc_s_per_step", "infer_ltc_step_s", "infer_cfc_step_s");

  /**
   * The measurements of the scaling suite (issue 17's table and two streaming steps), in the
   * order {@code benchmarks/bench_ncps.py --suite scaling} makes them and under its keys.
   */
  public static final List<String> SCALING_KEYS = List.of(
      "train_ltc_fc64", "train_ltc_ncp128", "train_ltc_b256", "train_cfc_256", "train_cfc_l512",
      "train_cfc_mixed", "infer_ltc_fc64_step_s", "infer_cfc_256_step_s");

  /** Streaming steps per timed run of a streaming measurement ({@code bench_ncps.py}: 100). */
  public static final int STREAMING_STEPS_PER_RUN = 1000;

  /** Which measurements a run makes, as {@code bench_ncps.py --suite} chooses them. */
  public enum Suite {
    /** LTC AutoNCP(32, 4) and CfC 64/128, training and streaming: {@link #KEYS}. */
    BASIC,
    /** Wider, denser, longer and larger-batch workloads: {@link #SCALING_KEYS}. */
    SCALING,
    /** Both, basic first. */
    ALL;

    /**
     * The keys of this suite's measurements, in the order they are made.
     *
     * @return {@link #KEYS}, {@link #SCALING_KEYS} or both
     */
    public List<String> keys() {
      switch (this) {
        case BASIC:
          return KEYS;
        case SCALING:
          return SCALING_KEYS;
        default:
          List<String> all = new ArrayList<>(KEYS);
          all.addAll(SCALING_KEYS);
          return List.copyOf(all);
      }
    }

    /**
     * The suite named as on the command line.
     *
     * @param name {@code basic}, {@code scaling} or {@code all} (any case)
     * @return the suite
     * @throws IllegalArgumentException for another name
     */
    public static Suite parse(String name) {
      for (Suite s : values()) {
        if (s.name().equalsIgnoreCase(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown suite '" + name + "' (expected basic, scaling or all)");
    }
  }

  private static final Map<String, Workload> WORKLOADS = workloadsByKey();

  private static Map<String, Workload> workloadsByKey() {
    ModelConfig fc64 = ModelConfig.ltc(8, 64).build();
    ModelConfig ncp128 = ModelConfig.ltc(16, new AutoNcp(128, 8)).build();
    ModelConfig cfc256 = ModelConfig.cfc(16, 256).backbone(256, 1, 0.0).build();
    ModelConfig mixed = ModelConfig.cfc(17, 128).backbone(128, 2, 0.0).mixedMemory(true).build();
    Suite b = Suite.BASIC;
    Suite s = Suite.SCALING;
    int run = STREAMING_STEPS_PER_RUN;
    List<Workload> all = List.of(
        new Workload("train_ltc_s_per_step", b, ltc(), 32, 64, true,
            "LTC 8 -> AutoNCP(32, 4), 32 x 64"),
        new Workload("train_cfc_s_per_step", b, cfc(), 32, 64, true,
            "CfC 8 -> 64 units, backbone 128, 32 x 64"),
        new Workload("infer_ltc_step_s", b, ltc(), 1, run, false,
            "LTC 8 -> AutoNCP(32, 4), streaming step"),
        new Workload("infer_cfc_step_s", b, cfc(), 1, run, false,
            "CfC 8 -> 64 units, backbone 128, streaming step"),
        new Workload("train_ltc_fc64", s, fc64, 32, 64, true,
            "LTC 8 -> FullyConnected(64), 32 x 64"),
        new Workload("train_ltc_ncp128", s, ncp128, 32, 128, true,
            "LTC 16 -> AutoNCP(128, 8), 32 x 128"),
        new Workload("train_ltc_b256", s, ltc(), 256, 64, true,
            "LTC 8 -> AutoNCP(32, 4), 256 x 64"),
        new Workload("train_cfc_256", s, cfc256, 64, 128, true,
            "CfC 16 -> 256 units, backbone 256, 64 x 128"),
        new Workload("train_cfc_l512", s, cfc(), 32, 512, true,
            "CfC 8 -> 64 units, backbone 128, 32 x 512"),
        new Workload("train_cfc_mixed", s, mixed, 128, 64, true,
            "CfC 17 -> 128 units, mixed memory, backbone 2 x 128, 128 x 64"),
        new Workload("infer_ltc_fc64_step_s", s, fc64, 1, run, false,
            "LTC 8 -> FullyConnected(64), streaming step"),
        new Workload("infer_cfc_256_step_s", s, cfc256, 1, run, false,
            "CfC 16 -> 256 units, backbone 256, streaming step"));
    Map<String, Workload> byKey = new LinkedHashMap<>();
    for (Workload w : all) {
      byKey.put(w.key(), w);
    }
    return java.util.Collections.unmodifiableMap(byKey);
  }

  /**
   * The workload measured under a key.
   *
   * @param key one of {@link Suite#ALL}'s keys
   * @return its model, shape and description
   * @throws IllegalArgumentException for an unknown key
   */
  public static Workload workload(String key) {
    Workload w = WORKLOADS.get(key);
    if (w == null) {
      throw new IllegalArgumentException("measurement: unknown '" + key + "' (expected one of "
          + String.join(", ", Suite.ALL.keys()) + ")");
    }
    return w;
  }

  /**
   * The workload measured under a key, its model computing in {@code precision}.
   *
   * @param key one of {@link Suite#ALL}'s keys
   * @param precision the arithmetic of the model's steps
   * @return its model (in that precision), shape and description
   * @throws IllegalArgumentException for an unknown key
   */
  public static Workload workload(String key, Precision precision) {
    Workload w = workload(key);
    if (w.model().precision() == precision) {
      return w;
    }
    return new Workload(w.key(), w.suite(), w.model().toBuilder().precision(precision).build(),
        w.batch(), w.length(), w.training(), w.description());
  }

  /**
   * Runs the basic suite's four measurements in this JVM, one after the other. The JIT's profile
   * of one measurement then shapes the code of the next (the streaming steps run loops that
   * training compiled for batches of 16); {@code liquid4j bench} therefore runs each {@link
   * #measure} in a JVM of its own, as JMH forks.
   *
   * @param repetitions timed repetitions per measurement (after as many warm-up runs)
   * @return median seconds by key, in the order of {@link #KEYS}
   */
  public static Map<String, Double> run(int repetitions) {
    return run(Suite.BASIC, repetitions, DEFAULT_WARM_UP_SECONDS);
  }

  /**
   * Runs a suite's measurements in this JVM, one after the other (see {@link #run(int)} for why
   * {@code liquid4j bench} forks a JVM per measurement instead).
   *
   * @param suite the measurements to make
   * @param repetitions timed repetitions per measurement (after at least as many warm-up runs)
   * @param warmUpSeconds the warm-up of each measurement lasts at least this long
   * @return median seconds by key, in the order of {@link Suite#keys()}
   * @throws IllegalArgumentException for repetitions below 1 or a negative or NaN warm-up
   */
  public static Map<String, Double> run(Suite suite, int repetitions, double warmUpSeconds) {
    return run(suite, repetitions, warmUpSeconds, Precision.FLOAT64);
  }

  /**
   * As {@link #run(Suite, int, double)}, the workloads' models computing in {@code precision}.
   *
   * @param suite the measurements to make
   * @param repetitions timed repetitions per measurement (after at least as many warm-up runs)
   * @param warmUpSeconds the warm-up of each measurement lasts at least this long
   * @param precision the arithmetic of the models' steps
   * @return median seconds by key, in the order of {@link Suite#keys()}
   * @throws IllegalArgumentException for repetitions below 1 or a negative or NaN warm-up
   */
  public static Map<String, Double> run(Suite suite, int repetitions, double warmUpSeconds,
      Precision precision) {
    Map<String, Double> r = new LinkedHashMap<>();
    for (String key : suite.keys()) {
      r.put(key, measure(key, repetitions, warmUpSeconds, precision));
    }
    return r;
  }

  /** Warm-up of {@link #run} and of {@code liquid4j bench}, in seconds. */
  public static final double DEFAULT_WARM_UP_SECONDS = 5.0;

  /** Timed repetitions of {@code liquid4j bench} ({@code bench_ncps.py} times 5). */
  public static final int DEFAULT_REPETITIONS = 10;

  /**
   * One measurement: the median seconds of a training step or of one streaming step.
   *
   * @param key one of {@link Suite#ALL}'s keys
   * @param repetitions timed repetitions (after at least as many warm-up runs, and at least 3)
   * @param warmUpSeconds the warm-up lasts at least this long: the JIT compiles by invocation and
   *     loop counts that take a while to reach, so a count alone would warm a fast step up for
   *     less time than a slow one and time it before the compiled code is in place
   * @return the median seconds of one training step ({@code train_…}) or of one streaming step
   *     ({@code infer_…}: the median of {@value #STREAMING_STEPS_PER_RUN}-step runs, divided by
   *     {@value #STREAMING_STEPS_PER_RUN})
   * @throws IllegalArgumentException for an unknown key, repetitions below 1 or a negative or NaN
   *     warm-up
   */
  public static double measure(String key, int repetitions, double warmUpSeconds) {
    return measure(key, repetitions, warmUpSeconds, Precision.FLOAT64);
  }

  /**
   * As {@link #measure(String, int, double)}, the workload's model computing in {@code
   * precision} ({@link #workload(String, Precision)}).
   *
   * @param key one of {@link Suite#ALL}'s keys
   * @param repetitions timed repetitions (after at least as many warm-up runs, and at least 3)
   * @param warmUpSeconds the warm-up lasts at least this long
   * @param precision the arithmetic of the model's steps
   * @return the median seconds of one training step or of one streaming step
   * @throws IllegalArgumentException for an unknown key, repetitions below 1 or a negative or NaN
   *     warm-up
   */
  public static double measure(String key, int repetitions, double warmUpSeconds,
      Precision precision) {
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
    }
    if (!(warmUpSeconds >= 0)) {
      throw new IllegalArgumentException("warm-up must be >= 0 seconds, got " + warmUpSeconds);
    }
    Workload w = workload(key, precision);
    long warmUp = (long) (warmUpSeconds * 1e9);
    if (!w.training()) {
      return median(inferSteps(w.model(), w.length()), repetitions, warmUp) / w.length();
    }
    List<AutoCloseable> open = new ArrayList<>();
    try {
      return median(trainStep(w, open), repetitions, warmUp);
    } finally {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * One Adam step through {@link Trainer.Stepper}: the trainer's data-parallel gradient over
   * chunks of 16 sequences on every core (its result does not depend on the number of threads).
   * Inputs and targets are uniform(−1, 1), Δt = 1.
   */
  private static Runnable trainStep(Workload w, List<AutoCloseable> open) {
    int b = w.batch();
    int l = w.length();
    int s = w.model().inputSize();
    SequenceModel model = SequenceModel.create(w.model(), 1);
    SplittableRandom rng = new SplittableRandom(2);
    double[] x = rng.doubles((long) b * l * s, -1, 1).toArray();
    double[] y = rng.doubles((long) b * l * model.outputSize(), -1, 1).toArray();
    SequenceDataset.Batch batch = new SequenceDataset.Batch(b, l, s, x, null, y, null, null);
    // Chunks of 16: one per core of the reference machine; the trainer's default of 4 would
    // spend more on per-chunk setup than it balances.
    TrainerConfig tc = TrainerConfig.builder()
        .epochs(1)
        .batchSize(b)
        .learningRate(1e-3)
        .optimizer(OptimizerConfig.adam())
        .chunkSize(16)
        .build();
    Trainer.Stepper stepper = new Trainer(tc, new MeanSquaredError()).stepper(model);
    open.add(stepper);
    return () -> stepper.step(batch);
  }

  private static Runnable inferSteps(ModelConfig config, int steps) {
    StreamingSession s = SequenceModel.create(config, 1).newSession();
    double[] x = new SplittableRandom(3).doubles(config.inputSize(), -1, 1).toArray();
    return () -> {
      for (int i = 0; i < steps; i++) {
        s.step(x, 1.0);
      }
    };
  }

  private static double median(Runnable task, int repetitions, long warmUpNanos) {
    long warmUpStart = System.nanoTime();
    for (int i = 0; i < Math.max(3, repetitions)
        || System.nanoTime() - warmUpStart < warmUpNanos; i++) {
      task.run();
    }
    double[] t = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long start = System.nanoTime();
      task.run();
      t[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(t);
    return t[repetitions / 2];
  }
}
