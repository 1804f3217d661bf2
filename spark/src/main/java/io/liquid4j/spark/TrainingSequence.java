package io.liquid4j.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One training sequence for {@link DistributedTrainer}: a key, the observations, their targets,
 * optionally time stamps, and a sample weight.
 *
 * <p>{@code targets} has a row per step for a model that returns sequences, else one row; a row
 * holds the class index (one value) for cross-entropy, else the model's output size of values.
 *
 * <pre>{@code
 * // Two steps of two features, a class per step, Δt from the time stamps, weight 1.
 * TrainingSequence s = new TrainingSequence("room-1", new double[][] {{0.1, 2}, {0.3, 1}},
 *     new double[][] {{0}, {1}}, new double[] {0.0, 2.5}, 1.0);
 * }</pre>
 *
 * <p>Only null-checked when built: shapes, finiteness and time stamps are checked on the
 * executors, where a bad record fails the job with its key and index.
 *
 * @param key names the sequence in error messages
 * @param inputs {@code inputs[t]} is step t's observation, the model's input size wide
 * @param targets see above
 * @param timestamps one per step, strictly increasing, or null for Δt = 1 throughout
 * @param weight the sample weight, ≥ 0 (the loss is a weighted mean over the batch)
 */
public record TrainingSequence(
    String key, double[][] inputs, double[][] targets, double[] timestamps, double weight)
    implements Serializable {
  public TrainingSequence {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
  }

  /** A sequence of weight 1. */
  public TrainingSequence(String key, double[][] inputs, double[][] targets, double[] timestamps) {
    this(key, inputs, targets, timestamps, 1.0);
  }

  /** Number of time steps. */
  public int length() {
    return inputs.length;
  }
}
