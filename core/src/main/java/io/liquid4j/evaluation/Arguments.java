package io.liquid4j.evaluation;

/**
 * Argument checks of the metrics. Every message names the argument and quotes the offending value,
 * in the words the losses of {@code io.liquid4j.train} use for the same arrays.
 */
final class Arguments {
  private Arguments() {}

  /** A finite value ≥ 0 (NaN fails). */
  static double nonNegative(String name, double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  /** An array of exactly {@code expected} values; {@code shape} says where that comes from. */
  static void length(String name, double[] array, long expected, String shape) {
    if (array == null) {
      throw new IllegalArgumentException(name + " must not be null; it needs " + shape);
    }
    if (array.length != expected) {
      throw new IllegalArgumentException(
          name + " has " + array.length + " values but " + shape + " needs " + expected);
    }
  }

  /**
   * The (B, T, W) logits, (B, T) class targets and optional (B, T) mask of a classification
   * metric.
   */
  static void classArrays(
      double[] logits, int batch, int steps, int width, double[] targets, double[] mask) {
    positive("batch", batch);
    positive("steps", steps);
    positive("width", width);
    String bt = "(batch, steps) = (" + batch + ", " + steps + ")";
    length("outputs", logits, (long) batch * steps * width,
        "(batch, steps, width) = (" + batch + ", " + steps + ", " + width + ")");
    length("targets", targets, (long) batch * steps, bt);
    if (mask != null) {
      length("mask", mask, (long) batch * steps, bt);
      for (int i = 0; i < mask.length; i++) {
        double v = mask[i];
        if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException(
              "mask[" + i + "] = " + v + ": weights must be finite and >= 0");
        }
      }
    }
  }

  /**
   * The class index stored as a double at targets[i]: an integer in [0, classes).
   *
   * @throws IllegalArgumentException naming the position (b, t) and the value
   */
  static int classIndex(double[] targets, int i, int classes, int b, int t) {
    double y = targets[i];
    if (!(y >= 0 && y < classes) || y != Math.rint(y)) {
      throw new IllegalArgumentException(
          "targets[" + b + ", " + t + "] = " + y + " is not a class index in [0, " + classes
              + ")");
    }
    return (int) y;
  }

  /** The denominator of a weighted mean must not be zero. */
  static void totalWeight(double total) {
    if (!(total > 0)) {
      throw new IllegalArgumentException(
          "mask: total weight is " + total + " (all steps are masked out or have zero weight)");
    }
  }
}
