package io.liquid4j.internal;

/**
 * Argument checks shared by the losses and optimizers of {@code io.liquid4j.train} and the metrics
 * of {@code io.liquid4j.evaluation}, so that both reject the same arrays in the same words. Every
 * message names the argument and quotes the offending value, so a caller can tell which of several
 * arrays is wrong. Not part of liquid4j's API (see the package comment).
 */
public final class ArgumentChecks {
  private ArgumentChecks() {}

  /**
   * An integer ≥ 1.
   *
   * @param name the argument's name, as the message shows it
   * @param value the value checked
   * @return {@code value}
   * @throws IllegalArgumentException "NAME must be &gt;= 1, got VALUE"
   */
  public static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  /**
   * An integer ≥ 0.
   *
   * @param name the argument's name, as the message shows it
   * @param value the value checked
   * @return {@code value}
   * @throws IllegalArgumentException "NAME must be &gt;= 0, got VALUE"
   */
  public static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /**
   * A finite value ≥ 0 (NaN fails).
   *
   * @param name the argument's name, as the message shows it
   * @param value the value checked
   * @return {@code value}
   * @throws IllegalArgumentException "NAME must be finite and &gt;= 0, got VALUE"
   */
  public static double nonNegative(String name, double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  /**
   * A finite value &gt; 0 (NaN fails).
   *
   * @param name the argument's name, as the message shows it
   * @param value the value checked
   * @return {@code value}
   * @throws IllegalArgumentException "NAME must be finite and &gt; 0, got VALUE"
   */
  public static double positive(String name, double value) {
    if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
    return value;
  }

  /**
   * A value in [0, 1), like PyTorch's betas and momentum-style decay rates.
   *
   * @param name the argument's name, as the message shows it
   * @param value the value checked
   * @return {@code value}
   * @throws IllegalArgumentException "NAME must be in [0, 1), got VALUE"
   */
  public static double unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }

  /**
   * An array of exactly {@code expected} values.
   *
   * @param name the array's name, as the message shows it
   * @param array the array checked. Not modified.
   * @param expected the number of values it must hold
   * @param shape where that number comes from, e.g. "(batch, steps) = (4, 10)"
   * @throws IllegalArgumentException if the array is null or has another length
   */
  public static void length(String name, double[] array, long expected, String shape) {
    if (array == null) {
      throw new IllegalArgumentException(name + " must not be null; it needs " + shape);
    }
    if (array.length != expected) {
      throw new IllegalArgumentException(
          name + " has " + array.length + " values but " + shape + " needs " + expected);
    }
  }

  /**
   * An optional (null = all ones) array of weights: the right length, each finite and ≥ 0.
   *
   * @param name the array's name, as the message shows it
   * @param array the weights, or null. Not modified.
   * @param expected the number of values it must hold
   * @param shape where that number comes from
   * @throws IllegalArgumentException if the length is wrong or a weight is negative, NaN or
   *     infinite, naming its index
   */
  public static void weights(String name, double[] array, long expected, String shape) {
    if (array == null) {
      return;
    }
    length(name, array, expected, shape);
    for (int i = 0; i < array.length; i++) {
      double v = array[i];
      if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            name + "[" + i + "] = " + v + ": weights must be finite and >= 0");
      }
    }
  }

  /**
   * The class index stored as a double at {@code targets[i]}: an integer in [0, classes).
   *
   * @param targets the (B, T) class targets. Not modified.
   * @param i the flat index b·T + t
   * @param classes the number of classes
   * @param b the sequence, for the message
   * @param t the step, for the message
   * @return the class index
   * @throws IllegalArgumentException naming the position (b, t) and the value
   */
  public static int classIndex(double[] targets, int i, int classes, int b, int t) {
    double y = targets[i];
    if (!(y >= 0 && y < classes) || y != Math.rint(y)) {
      throw new IllegalArgumentException(
          "targets[" + b + ", " + t + "] = " + y + " is not a class index in [0, " + classes
              + ")");
    }
    return (int) y;
  }
}
