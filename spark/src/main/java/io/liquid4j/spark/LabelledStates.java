package io.liquid4j.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One sequence's liquid states and the targets a readout should produce from them, as rows of the
 * same length: state row r (features wide) is paired with target row r (outputs wide).
 *
 * <pre>{@code
 * double[] states = reservoir.newSession().run(inputs, steps);        // steps × units
 * LabelledStates record = new LabelledStates("sensor-7", steps, states, targets);
 * }</pre>
 *
 * <p>Only null-checked when built: the shapes and values are checked where the record is used (on
 * an executor), so that a bad record read from storage fails the job with its key rather than
 * some other error.
 *
 * <p>A plain value, serialised as its components (so it is left off the Serialized Form page)
 * into the tasks with the RDD that holds it. The arrays are kept as given, not copied, so the
 * record is safe to share between threads only while nobody writes to them; {@link
 * DistributedRidge} only reads them.
 *
 * @param key names the record in error messages (a sequence id, a file name)
 * @param rows number of time steps
 * @param states (rows × features) row-major
 * @param targets (rows × outputs) row-major
 * @serial exclude
 */
public record LabelledStates(String key, int rows, double[] states, double[] targets)
    implements Serializable {
  /**
   * Checks that no reference is null; the arrays are kept, not copied.
   *
   * @param key names the record in error messages
   * @param rows number of time steps
   * @param states (rows × features) row-major
   * @param targets (rows × outputs) row-major
   * @throws NullPointerException if {@code key}, {@code states} or {@code targets} is null
   */
  public LabelledStates {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(states, "states");
    Objects.requireNonNull(targets, "targets");
  }
}
