package io.liquid4j.experiments.bench;

import io.liquid4j.model.ModelConfig;

/**
 * One measurement of {@link TrainingBenchmark}: a model, the shape of its data and what is timed.
 * The shapes are those of {@code benchmarks/bench_ncps.py}, which times ncps on the same
 * workloads under the same keys.
 *
 * @param key the measurement's key, as in {@code bench_ncps.py}'s JSON (seconds per step)
 * @param suite the suite it belongs to ({@link TrainingBenchmark.Suite#BASIC} or {@link
 *     TrainingBenchmark.Suite#SCALING})
 * @param model the model, returning sequences
 * @param batch sequences per training step, or 1 for a streaming step
 * @param length time steps per sequence of a training step; for a streaming measurement, the
 *     steps of one timed run (whose time is divided by them)
 * @param training true: one Adam step (forward, backward, update) of MSE against uniform(−1, 1)
 *     targets; false: one streaming step at batch 1 with the state carried
 * @param description what the workload is, in words, for tables
 */
public record Workload(
    String key,
    TrainingBenchmark.Suite suite,
    ModelConfig model,
    int batch,
    int length,
    boolean training,
    String description) {

  /**
   * A workload; a streaming one has a batch of 1 (its length is the steps of a timed run).
   *
   * @param key the measurement's key
   * @param suite the suite it belongs to
   * @param model the model, returning sequences
   * @param batch sequences per training step, or 1 for a streaming step
   * @param length time steps per sequence, or streaming steps per timed run
   * @param training a training step (true) or streaming steps (false)
   * @param description what the workload is, in words
   * @throws IllegalArgumentException when batch or length is below 1, or a streaming workload's
   *     batch is not 1
   */
  public Workload {
    if (batch < 1 || length < 1) {
      throw new IllegalArgumentException(
          key + ": batch and length must be >= 1, got " + batch + " and " + length);
    }
    if (!training && batch != 1) {
      throw new IllegalArgumentException(key + ": a streaming step runs at batch 1, got " + batch);
    }
  }
}
