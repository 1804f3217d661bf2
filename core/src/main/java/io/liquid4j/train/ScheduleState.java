package io.liquid4j.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a learning-rate schedule's mutable state. The values are copied into an
 * unmodifiable map, so a snapshot never changes: immutable and safe to share between threads.
 * Serializable (its serialized form is its three components).
 *
 * @serial exclude
 * @param schedule the schedule's {@link LearningRateSchedule#name()}, checked on restore
 * @param epochs epochs reported so far (PyTorch's {@code last_epoch})
 * @param values named numbers: always {@code lr}; for the plateau schedule also {@code best},
 *     {@code num_bad_epochs} and {@code cooldown_counter} (PyTorch's attribute names)
 */
public record ScheduleState(String schedule, int epochs, Map<String, Double> values)
    implements Serializable {

  /**
   * Checks the components and copies the values.
   *
   * @param schedule the schedule's {@link LearningRateSchedule#name()}
   * @param epochs epochs reported so far, ≥ 0
   * @param values name → value; copied
   * @throws NullPointerException for a null name, map, value name or value
   * @throws IllegalArgumentException for a negative epoch count
   */
  public ScheduleState {
    Objects.requireNonNull(schedule, "schedule");
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
    }
    Map<String, Double> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      copy.put(
          Objects.requireNonNull(e.getKey(), "value name"),
          Objects.requireNonNull(e.getValue(), "value " + e.getKey()));
    }
    values = Collections.unmodifiableMap(copy);
  }

  /**
   * One value.
   *
   * @param name the value's name, such as {@code lr}
   * @return the value
   * @throws IllegalArgumentException when there is no value of that name (listing those present)
   */
  public double value(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "state: no value '" + name + "' (present: " + String.join(", ", values.keySet()) + ")");
    }
    return v;
  }

  /** Checks the schedule name and that every needed value is present. */
  void checkRestorable(String name, String... names) {
    if (!schedule.equals(name)) {
      throw new IllegalArgumentException(
          "state: saved by schedule '" + schedule + "', cannot restore into '" + name + "'");
    }
    for (String n : names) {
      if (!values.containsKey(n)) {
        throw new IllegalArgumentException(
            "state: no value '" + n + "' (needs " + Arrays.toString(names) + ")");
      }
    }
    double lr = values.get("lr");
    if (!(lr >= 0) || lr == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("state: lr must be finite and >= 0, got " + lr);
    }
  }
}
