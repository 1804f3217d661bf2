package io.liquid4j.train;

import io.liquid4j.io.Quoted;
import java.util.Locale;

/**
 * A training loss over a batch of sequences: a weighted mean of per-step losses, and its gradient
 * with respect to the outputs.
 *
 * <p>With step weight m_bt (the mask) and sample weight s_b, every implementation returns
 *
 * <pre>
 *   L = Σ_bt m_bt·s_b·ℓ_bt / Σ_bt m_bt·s_b
 * </pre>
 *
 * where ℓ_bt is the loss of step t of sequence b (see each class). When the mask and the sample
 * weights are all 1 (or null), this is PyTorch's {@code reduction='mean'}.
 *
 * <p>Steps of weight m_bt·s_b = 0 are not read at all: padded positions may hold any value, NaN
 * or an out-of-range class index included, and get a zero gradient.
 *
 * <p>The implementations here are immutable and safe to share between threads; each call writes
 * only its own {@code dOutputs}.
 */
public interface Loss {

  /**
   * Evaluates the loss and, on request, its gradient.
   *
   * @param outputs (B, T, W) model outputs; logits for {@link CrossEntropy}. Not modified.
   * @param batch B ≥ 1
   * @param steps T ≥ 1 (1 for a last-step or sequence-level target)
   * @param width W ≥ 1, values per step (number of classes for cross-entropy)
   * @param targets (B, T, W) for regression losses, (B, T) class indices stored as doubles for
   *     cross-entropy. Not modified.
   * @param mask (B, T) step weights ≥ 0, 0 for padding; null means all 1. Not modified.
   * @param sampleWeights (B) sequence weights ≥ 0; null means all 1. Not modified.
   * @param dOutputs (B, T, W) receives dL/d outputs, overwritten (not accumulated); null to skip
   *     the gradient. Modified.
   * @return the weighted mean loss L
   * @throws IllegalArgumentException naming the argument for wrong lengths, negative or non-finite
   *     weights, a class index that is not an integer in [0, W), or a total weight of zero
   */
  double evaluate(
      double[] outputs,
      int batch,
      int steps,
      int width,
      double[] targets,
      double[] mask,
      double[] sampleWeights,
      double[] dOutputs);

  /**
   * The denominator Z of {@link #evaluate}'s weighted mean over these sequences: Σ m_bt·s_b (times
   * the target's class weight for a weighted {@link CrossEntropy}). {@code evaluate(...)·Z} is then
   * the loss as a sum, which adds up over disjoint parts of a batch (see {@link GradientSum}).
   *
   * @param batch B ≥ 1
   * @param steps T ≥ 1
   * @param width W ≥ 1
   * @param targets as for {@link #evaluate}; a weighted cross-entropy reads the class indices
   * @param mask (B, T) step weights, or null for all 1
   * @param sampleWeights (B) sequence weights, or null for all 1
   * @return Z ≥ 0; 0 when no step of these sequences counts
   */
  default double weightSum(
      int batch, int steps, int width, double[] targets, double[] mask, double[] sampleWeights) {
    double total = 0;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        total += Checks.stepWeight(mask, sampleWeights, b, t, steps);
      }
    }
    return total;
  }

  /** {@return the short name: {@code mse}, {@code mae} or {@code cross_entropy}} */
  String name();

  /**
   * The loss of that name with default settings (cross-entropy without class weights).
   *
   * @param name {@code mse}, {@code mae} or {@code cross_entropy}, in any case
   * @return a new loss
   * @throws IllegalArgumentException listing the valid names
   */
  static Loss of(String name) {
    switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "mse":
        return new MeanSquaredError();
      case "mae":
        return new MeanAbsoluteError();
      case "cross_entropy":
        return new CrossEntropy();
      default:
        throw new IllegalArgumentException(
            "loss: unknown " + Quoted.of(name) + " (valid: mse, mae, cross_entropy)");
    }
  }
}
