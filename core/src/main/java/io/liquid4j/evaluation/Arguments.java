package io.liquid4j.evaluation;

import io.liquid4j.internal.ArgumentChecks;

/**
 * Argument checks of the metrics that only this package needs; the generic ones are in {@link
 * ArgumentChecks}, shared with the losses of {@code io.liquid4j.train} so that both reject the same
 * arrays in the same words.
 */
final class Arguments {
  private Arguments() {}

  /**
   * The (B, T, W) logits, (B, T) class targets and optional (B, T) mask of a classification
   * metric.
   */
  static void classArrays(
      double[] logits, int batch, int steps, int width, double[] targets, double[] mask) {
    ArgumentChecks.positive("batch", batch);
    ArgumentChecks.positive("steps", steps);
    ArgumentChecks.positive("width", width);
    String bt = "(batch, steps) = (" + batch + ", " + steps + ")";
    ArgumentChecks.length("outputs", logits, (long) batch * steps * width,
        "(batch, steps, width) = (" + batch + ", " + steps + ", " + width + ")");
    ArgumentChecks.length("targets", targets, (long) batch * steps, bt);
    ArgumentChecks.weights("mask", mask, (long) batch * steps, bt);
  }

  /** The denominator of a weighted mean must not be zero. */
  static void totalWeight(double total) {
    if (!(total > 0)) {
      throw new IllegalArgumentException(
          "mask: total weight is " + total + " (all steps are masked out or have zero weight)");
    }
  }
}
