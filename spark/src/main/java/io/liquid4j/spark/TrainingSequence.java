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
 * <p>A plain value, serialised as its components (so it is left off the Serialized Form page)
 * into the tasks with the RDD that holds it. The arrays are kept as given, not copied, so the
 * record is safe to share between threads only while nobody writes to them; {@link
 * DistributedTrainer} only reads them (it trains on checked copies).
 *
 * @param key names the sequence in error messages
 * @param inputs {@code inputs[t]} is step t's observation, the model's input size wide
 * @param targets see above
 * @param timestamps one per step, strictly increasing, or null for Δt = 1 throughout
 * @param weight the sample weight, ≥ 0 (the loss is a weighted mean over the batch)
 * @serial exclude
 */
public record TrainingSequence(
    String key, double[][] inputs, double[][] targets, double[] timestamps, double weight)
    implements Serializable {
  /**
   * Checks that {@code key}, {@code inputs} and {@code targets} are not null; the arrays are
   * kept, not copied, and the weight is checked where the record is used.
   *
   * @param key names the sequence in error messages
   * @param inputs {@code inputs[t]} is step t's observation, the model's input size wide
   * @param targets a row per step for a model that returns sequences, else one row; a row holds
   *     the class index for cross-entropy, else the model's output size of values
   * @param timestamps one per step, strictly increasing, or null for Δt = 1 throughout
   * @param weight the sample weight, ≥ 0
   * @throws NullPointerException if {@code key}, {@code inputs} or {@code targets} is null
   */
  public TrainingSequence {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
  }

  /**
   * A sequence of weight 1.
   *
   * @param key names the sequence in error messages
   * @param inputs {@code inputs[t]} is step t's observation, the model's input size wide
   * @param targets as for the canonical constructor
   * @param timestamps one per step, strictly increasing, or null for Δt = 1 throughout
   * @throws NullPointerException if {@code key}, {@code inputs} or {@code targets} is null
   */
  public TrainingSequence(String key, double[][] inputs, double[][] targets, double[] timestamps) {
    this(key, inputs, targets, timestamps, 1.0);
  }

  /**
   * Number of time steps.
   *
   * @return {@code inputs.length}
   */
  public int length() {
    return inputs.length;
  }
}
