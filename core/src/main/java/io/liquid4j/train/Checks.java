package io.liquid4j.train;

/**
 * Argument checks shared by losses, metrics, optimizers and schedules. Every message names the
 * argument and quotes the offending value, so a caller can tell which of several arrays is wrong.
 */
final class Checks {
  private Checks() {}

  /** B, T and W must all be at least 1. */
  static void dims(int batch, int steps, int width) {
    positive("batch", batch);
    positive("steps", steps);
    positive("width", width);
  }

  static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /** A finite value ≥ 0 (NaN fails). */
  static double nonNegative(String name, double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  /** A finite value &gt; 0 (NaN fails). */
  static double positive(String name, double value) {
    if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
    return value;
  }

  /** A value in [0, 1), like PyTorch's betas and momentum-style decay rates. */
  static double unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }

  /** An array of exactly {@code expected} values; {@code shape} says where that comes from. */
  static void length(String name, double[] array, int expected, String shape) {
    if (array == null) {
      throw new IllegalArgumentException(name + " must not be null; it needs " + shape);
    }
    if (array.length != expected) {
      throw new IllegalArgumentException(
          name + " has " + array.length + " values but " + shape + " needs " + expected);
    }
  }

  /** An optional (null = all ones) array of weights: right length, each finite and ≥ 0. */
  static void weights(String name, double[] array, int expected, String shape) {
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
   * The (B, T, W) shape checks common to losses and metrics.
   *
   * @param targetWidth values per step in targets: W for regression, 1 for class indices
   */
  static void sequenceArrays(
      double[] outputs,
      int batch,
      int steps,
      int width,
      double[] targets,
      int targetWidth,
      double[] mask,
      double[] sampleWeights) {
    dims(batch, steps, width);
    String bt = "(batch, steps) = (" + batch + ", " + steps + ")";
    String btw = "(batch, steps, width) = (" + batch + ", " + steps + ", " + width + ")";
    length("outputs", outputs, batch * steps * width, btw);
    length("targets", targets, batch * steps * targetWidth, targetWidth == 1 ? bt : btw);
    weights("mask", mask, batch * steps, bt);
    weights("sampleWeights", sampleWeights, batch, "(batch) = (" + batch + ")");
  }

  /** m_bt·s_b, with null arrays read as all ones. */
  static double stepWeight(double[] mask, double[] sampleWeights, int b, int t, int steps) {
    double m = mask == null ? 1.0 : mask[b * steps + t];
    double s = sampleWeights == null ? 1.0 : sampleWeights[b];
    return m * s;
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
          "mask and sampleWeights: total weight is " + total
              + " (all steps are masked out or have zero weight)");
    }
  }

  /** dOutputs must have the shape of outputs and must not be the same array. */
  static void gradientBuffer(double[] dOutputs, double[] outputs) {
    if (dOutputs == null) {
      return;
    }
    if (dOutputs == outputs) {
      throw new IllegalArgumentException("dOutputs must not be the outputs array itself");
    }
    if (dOutputs.length != outputs.length) {
      throw new IllegalArgumentException(
          "dOutputs has " + dOutputs.length + " values but outputs has " + outputs.length);
    }
  }

  /** Schedules are told about epochs in order 0, 1, 2, ...; anything else is a caller's bug. */
  static void nextEpoch(String schedule, int expected, int epoch) {
    if (epoch != expected) {
      throw new IllegalArgumentException(
          "epoch: " + schedule + " expects epoch " + expected + " next (epochs are reported once"
              + " each, in order, from 0), got " + epoch);
    }
  }
}
