package io.liquid4j.reservoir.task;

/**
 * Argument checks shared by the generators and metrics of this package, so that every rejection
 * reads the same way: the argument, what was expected, what was found.
 */
final class Checks {
  private Checks() {}

  static void requireFinite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + ": expected a finite number, found " + value);
    }
  }

  static void requirePositive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          name + ": expected a finite number > 0, found " + value);
    }
  }

  static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          name + ": expected a finite number >= 0, found " + value);
    }
  }

  static void requireNonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": expected an integer >= 0, found " + value);
    }
  }

  static void requireAtLeast(String name, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(
          name + ": expected an integer >= " + minimum + ", found " + value);
    }
  }

  static void requireSeed(long seed) {
    // numpy's default_rng rejects negative seeds, and so does NumpyGenerator.
    if (seed < 0) {
      throw new IllegalArgumentException("seed: expected a value >= 0, found " + seed);
    }
  }

  static void requireNotNull(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + ": expected an array, found null");
    }
  }

  /** Every element finite: one NaN would otherwise turn a whole metric or rescaling into NaN. */
  static void requireAllFinite(String name, double[] values) {
    requireNotNull(name, values);
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + "[" + i + "]: expected a finite number, found " + values[i]);
      }
    }
  }

  static void requireNotEmpty(String name, double[] values) {
    requireNotNull(name, values);
    if (values.length == 0) {
      throw new IllegalArgumentException(name + ": expected at least one value, found none");
    }
  }

  /** A row-major T×columns array: length a positive multiple of columns. */
  static int rowsOf(String name, double[] rowMajor, int columns) {
    requireNotNull(name, rowMajor);
    requireAtLeast("columns", columns, 1);
    if (rowMajor.length % columns != 0) {
      throw new IllegalArgumentException(name + ": expected a length that is a multiple of "
          + columns + " columns, found " + rowMajor.length);
    }
    return rowMajor.length / columns;
  }
}
