package io.liquid4j.spiking.equations;

/**
 * The type of a value: Brian2's {@code float}, {@code integer} (declared {@code x : integer}; the
 * index {@code i} and the size {@code N}) and {@code boolean} (conditions, {@code not_refractory},
 * {@code x : boolean}). Integers are stored as doubles and truncated towards zero when assigned.
 */
public enum ValueType {
  /** A double. */
  FLOAT,
  /** A whole number, stored as a double. */
  INTEGER,
  /** A condition. */
  BOOLEAN
}
