package io.liquid4j.train;

import io.liquid4j.internal.ArgumentChecks;

/**
 * Argument checks of the losses, optimizers and schedules that only this package needs; the
 * generic ones (positive, lengths, weights, class indices) are in {@link ArgumentChecks}, shared
 * with the metrics of {@code io.liquid4j.evaluation}. Every message names the argument and quotes
 * the offending value, so a caller can tell which of several arrays is wrong.
 */
final class Checks {
  private Checks() {}

  /** B, T and W must all be at least 1. */
  static void dims(int batch, int steps, int width) {
    ArgumentChecks.positive("batch", batch);
    ArgumentChecks.positive("steps", steps);
    ArgumentChecks.positive("width", width);
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
    ArgumentChecks.length("outputs", outputs, batch * steps * width, btw);
    ArgumentChecks.length(
        "targets", targets, batch * steps * targetWidth, targetWidth == 1 ? bt : btw);
    ArgumentChecks.weights("mask", mask, batch * steps, bt);
    ArgumentChecks.weights("sampleWeights", sampleWeights, batch, "(batch) = (" + batch + ")");
  }

  /** m_bt·s_b, with null arrays read as all ones. */
  static double stepWeight(double[] mask, double[] sampleWeights, int b, int t, int steps) {
    double m = mask == null ? 1.0 : mask[b * steps + t];
    double s = sampleWeights == null ? 1.0 : sampleWeights[b];
    return m * s;
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
