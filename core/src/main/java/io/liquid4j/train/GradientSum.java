package io.liquid4j.train;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The loss and gradient of some of a mini-batch's sequences as sums, not means, so that parts
 * computed apart (threads, processes, cluster nodes) merge into the whole batch's: the batch's
 * weighted-mean loss is {@code Σ lossSum / Σ weightSum} and its gradient {@code Σ gradient / Σ
 * weightSum}, whatever the split (up to the order of the floating-point sums).
 *
 * <pre>{@code
 * GradientSum a = trainer.gradientSum(model, data.batch(new int[] {0, 1}), seed);
 * GradientSum b = trainer.gradientSum(model, data.batch(new int[] {2, 3}), seed + 1);
 * try (Trainer.Stepper s = trainer.stepper(model)) {
 *   double loss = s.step(a.merge(b));   // one update on the batch {0, 1, 2, 3}
 * }
 * }</pre>
 *
 * <p>Mutable ({@link #merge} adds into this instance, as Spark's {@code treeAggregate} expects)
 * and serializable. Not thread-safe: merge parts on one thread, or give each thread its own sum
 * and merge them afterwards.
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  /** @serial Σ of the weighted per-step loss gradients, one per parameter. */
  private final double[] gradient;

  /** @serial Σ of the weighted per-step losses. */
  private double lossSum;

  /** @serial Σ of the step weights, ≥ 0. */
  private double weightSum;

  /** @serial Number of sequences summed, ≥ 0. */
  private long count;

  /**
   * Sums taken as given.
   *
   * @param gradient Σ of the weighted per-step loss gradients, one per parameter; not copied
   * @param lossSum Σ of the weighted per-step losses
   * @param weightSum Σ of the step weights (mask × sample weight × class weight), ≥ 0
   * @param count number of sequences summed, ≥ 0
   * @throws IllegalArgumentException for a null gradient, a negative or NaN weight sum, or a
   *     negative count
   */
  public GradientSum(double[] gradient, double lossSum, double weightSum, long count) {
    if (gradient == null) {
      throw new IllegalArgumentException("gradient: expected an array, found null");
    }
    if (!(weightSum >= 0) || count < 0) {
      throw new IllegalArgumentException("gradient sum: expected weightSum >= 0 and count >= 0, "
          + "found " + weightSum + " and " + count);
    }
    this.gradient = gradient;
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.count = count;
  }

  /**
   * The sum over no sequences.
   *
   * @param parameters the model's number of parameters
   * @return a new sum of zeros, to merge parts into
   */
  public static GradientSum zero(int parameters) {
    return new GradientSum(new double[parameters], 0, 0, 0);
  }

  /**
   * Adds {@code other} into this sum.
   *
   * @param other the sum to add; not modified
   * @return this
   * @throws IllegalArgumentException when the two are of different models (gradient lengths)
   */
  public GradientSum merge(GradientSum other) {
    if (other.gradient.length != gradient.length) {
      throw new IllegalArgumentException("gradient sum: cannot merge " + other.gradient.length
          + " parameters into " + gradient.length);
    }
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += other.gradient[i];
    }
    lossSum += other.lossSum;
    weightSum += other.weightSum;
    count += other.count;
    return this;
  }

  /** {@return the summed gradient, one value per parameter (the live array, not a copy)} */
  public double[] gradient() {
    return gradient;
  }

  /** {@return Σ of the weighted per-step losses} */
  public double lossSum() {
    return lossSum;
  }

  /** {@return Σ of the step weights: the denominator of the weighted mean} */
  public double weightSum() {
    return weightSum;
  }

  /** {@return the number of sequences summed} */
  public long count() {
    return count;
  }

  /**
   * {@return the weighted-mean loss, {@code lossSum / weightSum} (not finite when the weight sum is
   * 0)}
   */
  public double meanLoss() {
    return lossSum / weightSum;
  }

  @Override
  public String toString() {
    return "GradientSum(count=" + count + ", weightSum=" + weightSum + ", lossSum=" + lossSum
        + ", parameters=" + gradient.length + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GradientSum g && Arrays.equals(gradient, g.gradient)
        && Double.compare(lossSum, g.lossSum) == 0 && Double.compare(weightSum, g.weightSum) == 0
        && count == g.count;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(gradient) * 31 + Long.hashCode(count);
  }
}
