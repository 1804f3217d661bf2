package io.liquid4j.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One input sequence for {@link BatchScoring}: a key, the observations, and optionally their time
 * stamps. With time stamps the elapsed time of step k &gt; 0 is {@code timestamps[k] −
 * timestamps[k − 1]} (they must increase strictly) and step 0 gets a fixed first-step Δt; without
 * them every step has Δt = 1.
 *
 * <pre>{@code
 * Sequence regular = new Sequence("room-1", new double[][] {{0.1, 2}, {0.3, 1}}, null);
 * Sequence irregular = new Sequence("room-2", new double[][] {{0.1, 2}, {0.3, 1}},
 *     new double[] {0.0, 2.5});
 * }</pre>
 *
 * <p>Only null-checked when built: the feature count, finiteness and time stamps are checked on
 * the executor, where a bad record fails the job with its key.
 *
 * <p>A plain value, serialised as its components (so it is left off the Serialized Form page)
 * into the tasks with the RDD that holds it. The arrays are kept as given, not copied, so the
 * record is safe to share between threads only while nobody writes to them; {@link
 * BatchScoring} only reads them.
 *
 * @param key names the sequence in the prediction and in error messages
 * @param inputs {@code inputs[t]} is step t's observation, the model's input size wide
 * @param timestamps one per step, strictly increasing, or null for Δt = 1 throughout
 * @serial exclude
 */
public record Sequence(String key, double[][] inputs, double[] timestamps)
    implements Serializable {
  /**
   * Checks that {@code key} and {@code inputs} are not null; the arrays are kept, not copied.
   *
   * @param key names the sequence in the prediction and in error messages
   * @param inputs {@code inputs[t]} is step t's observation, the model's input size wide
   * @param timestamps one per step, strictly increasing, or null for Δt = 1 throughout
   * @throws NullPointerException if {@code key} or {@code inputs} is null
   */
  public Sequence {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(inputs, "inputs");
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
