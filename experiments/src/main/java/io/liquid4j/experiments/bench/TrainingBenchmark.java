package io.liquid4j.experiments.bench;

import io.liquid4j.model.ModelConfig;
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
 * A training and inference speed benchmark against ncps 1.0.1 on PyTorch
 * 1.13 with 2 threads on a 2-core machine: LTC (input 8, AutoNCP(32, 4)) and CfC (input 8, 64
 * units, backbone 128 × 1), batch 32, sequence 64, Δt 1, MSE against random targets; one Adam step
 * (forward, backward, update); and one streaming step at batch 1. Each figure is the median of
 * timed repetitions after warm-up (at least as many runs, and at least 5 s: with both cores
 * training, C2's compiler threads get little time, and after 2 s the LTC step was still 1.5×
 * slower than once compiled).
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

  /** The LTC of the benchmark. */
  public static ModelConfig ltc() {
    return ModelSpec.parse("""
        {"model": "ltc", "units": {"type": "AutoNCP", "units": 32, "output_size": 4}}
        """, "the benchmark's LTC").toConfig(8, 4, true);
  }

  /** The CfC of the benchmark (64 outputs: every unit). */
  public static ModelConfig cfc() {
    return ModelSpec.parse("""
        {"model": "cfc", "units": 64, "backbone_units": 128}
        """, "the benchmark's CfC").toConfig(8, 64, true);
  }

  /** The measurements, in the order {@link #run} makes them. */
  public static final List<String> KEYS = List.of(
      "train_ltc_s_per_step", "train_cfc_s_per_step", "infer_ltc_step_s", "infer_cfc_step_s");

  /**
   * Runs all four measurements in this JVM, one after the other. The JIT's profile of one
   * measurement then shapes the code of the next (the streaming steps run loops that training
   * compiled for batches of 16); {@code liquid4j bench} therefore runs each {@link #measure} in a
   * JVM of its own, as JMH forks.
   *
   * @param repetitions timed repetitions per measurement (after as many warm-up runs)
   * @return median seconds by key, in the order of {@link #KEYS}
   */
  public static Map<String, Double> run(int repetitions) {
    Map<String, Double> r = new LinkedHashMap<>();
    for (String key : KEYS) {
      r.put(key, measure(key, repetitions, DEFAULT_WARM_UP_SECONDS));
    }
    return r;
  }

  /** Warm-up of {@link #run} and of {@code liquid4j bench}, in seconds. */
  public static final double DEFAULT_WARM_UP_SECONDS = 5.0;

  /**
   * One measurement: the median seconds of a training step or of one streaming step.
   *
   * @param key one of {@link #KEYS}
   * @param repetitions timed repetitions (after at least as many warm-up runs)
   * @param warmUpSeconds the warm-up lasts at least this long: the JIT compiles by invocation and
   *     loop counts that take a while to reach, so a count alone would warm a fast step up for
   *     less time than a slow one and time it before the compiled code is in place
   * @throws IllegalArgumentException for an unknown key or repetitions below 1
   */
  public static double measure(String key, int repetitions, double warmUpSeconds) {
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
    }
    long warmUp = (long) (warmUpSeconds * 1e9);
    switch (key) {
      case "train_ltc_s_per_step":
      case "train_cfc_s_per_step": {
        List<AutoCloseable> open = new ArrayList<>();
        try {
          return median(trainStep(key.contains("ltc") ? ltc() : cfc(), open), repetitions,
              warmUp);
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
      case "infer_ltc_step_s":
        return median(inferSteps(ltc(), 1000), repetitions, warmUp) / 1000;
      case "infer_cfc_step_s":
        return median(inferSteps(cfc(), 1000), repetitions, warmUp) / 1000;
      default:
        throw new IllegalArgumentException(
            "measurement: unknown '" + key + "' (expected one of " + String.join(", ", KEYS)
                + ")");
    }
  }

  /**
   * One Adam step through {@link Trainer.Stepper}: the trainer's data-parallel gradient over
   * chunks of 16 sequences on every core (its result does not depend on the number of threads).
   */
  private static Runnable trainStep(ModelConfig config, List<AutoCloseable> open) {
    int b = 32;
    int l = 64;
    SequenceModel model = SequenceModel.create(config, 1);
    SplittableRandom rng = new SplittableRandom(2);
    double[] x = rng.doubles(b * l * 8, -1, 1).toArray();
    double[] y = rng.doubles(b * l * model.outputSize(), -1, 1).toArray();
    SequenceDataset.Batch batch = new SequenceDataset.Batch(b, l, 8, x, null, y, null, null);
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
    double[] x = new SplittableRandom(3).doubles(8, -1, 1).toArray();
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
