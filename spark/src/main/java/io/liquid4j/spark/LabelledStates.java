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
 * @param key names the record in error messages (a sequence id, a file name)
 * @param rows number of time steps
 * @param states (rows × features) row-major
 * @param targets (rows × outputs) row-major
 */
public record LabelledStates(String key, int rows, double[] states, double[] targets)
    implements Serializable {
  public LabelledStates {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(states, "states");
    Objects.requireNonNull(targets, "targets");
  }
}
