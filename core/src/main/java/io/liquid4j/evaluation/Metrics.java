package io.liquid4j.evaluation;

import io.liquid4j.train.Loss;
import io.liquid4j.train.MeanAbsoluteError;
import io.liquid4j.train.MeanSquaredError;

/**
 * Evaluation metrics over the (B, T, W) arrays of {@link Loss}, with an optional (B, T) mask.
 *
 * <p>Masked steps (weight 0) are excluded and not read; other steps count with their mask weight
 * (1 for a 0/1 mask). Each function throws {@link IllegalArgumentException} when every step is
 * masked out, rather than returning NaN. Stateless.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Fraction of steps whose predicted class (argmax of the logits; see {@link
   * ConfusionMatrix#predictedClass}) equals the target class.
   *
   * @param logits (B, T, W) logits, or (B, T, 1) single logits (class 1 when &gt; 0). Not
   *     modified.
   * @param batch B ≥ 1
   * @param steps T ≥ 1
   * @param width W ≥ 1, classes (1 for single logits)
   * @param targets (B, T) class indices stored as doubles. Not modified.
   * @param mask (B, T) step weights ≥ 0, or null for all 1. Not modified.
   * @return the weighted fraction, in [0, 1]
   * @throws IllegalArgumentException for arrays of the wrong length, a bad mask weight, a target
   *     that is not a class index, or when every step is masked out
   */
  public static double accuracy(
      double[] logits, int batch, int steps, int width, double[] targets, double[] mask) {
    return ConfusionMatrix.of(logits, batch, steps, width, targets, mask).accuracy();
  }

  /**
   * Binary F1 score of class 1, 2·TP / (2·TP + FP + FN), as scikit-learn's {@code f1_score}
   * (pos_label=1); 0 when class 1 neither occurs nor is predicted.
   *
   * @param logits (B, T, 2) logits, or (B, T, 1) single logits (class 1 when &gt; 0). Not
   *     modified.
   * @param batch B ≥ 1
   * @param steps T ≥ 1
   * @param width W, 1 or 2
   * @param targets (B, T) class indices stored as doubles. Not modified.
   * @param mask (B, T) step weights ≥ 0, or null for all 1. Not modified.
   * @return the F1 score of class 1, in [0, 1]
   * @throws IllegalArgumentException when there are more than two classes (use {@link #macroF1}),
   *     or as {@link #accuracy}
   */
  public static double f1(
      double[] logits, int batch, int steps, int width, double[] targets, double[] mask) {
    if (width > 2) {
      throw new IllegalArgumentException(
          "f1 is the binary score of class 1 but the logits have width " + width
              + "; use macroF1 for multi-class");
    }
    return ConfusionMatrix.of(logits, batch, steps, width, targets, mask).f1(1);
  }

  /**
   * Macro-averaged F1 over the classes seen; see {@link ConfusionMatrix#macroF1()}.
   *
   * @param logits (B, T, W) logits, or (B, T, 1) single logits (class 1 when &gt; 0). Not
   *     modified.
   * @param batch B ≥ 1
   * @param steps T ≥ 1
   * @param width W ≥ 1, classes (1 for single logits)
   * @param targets (B, T) class indices stored as doubles. Not modified.
   * @param mask (B, T) step weights ≥ 0, or null for all 1. Not modified.
   * @return the unweighted mean of the per-class F1 scores, in [0, 1]
   * @throws IllegalArgumentException as {@link #accuracy}
   */
  public static double macroF1(
      double[] logits, int batch, int steps, int width, double[] targets, double[] mask) {
    return ConfusionMatrix.of(logits, batch, steps, width, targets, mask).macroF1();
  }

  /**
   * Masked mean of (y − ŷ)² over steps and width; see {@link MeanSquaredError}.
   *
   * @param outputs (B, T, W) predictions ŷ. Not modified.
   * @param batch B ≥ 1
   * @param steps T ≥ 1
   * @param width W ≥ 1, values per step
   * @param targets (B, T, W) targets y. Not modified.
   * @param mask (B, T) step weights ≥ 0, or null for all 1. Not modified.
   * @return the weighted mean squared error
   * @throws IllegalArgumentException for arrays of the wrong length, a bad mask weight, or when
   *     every step is masked out
   */
  public static double meanSquaredError(
      double[] outputs, int batch, int steps, int width, double[] targets, double[] mask) {
    return new MeanSquaredError()
        .evaluate(outputs, batch, steps, width, targets, mask, null, null);
  }

  /**
   * Masked mean of |y − ŷ| over steps and width; see {@link MeanAbsoluteError}.
   *
   * @param outputs (B, T, W) predictions ŷ. Not modified.
   * @param batch B ≥ 1
   * @param steps T ≥ 1
   * @param width W ≥ 1, values per step
   * @param targets (B, T, W) targets y. Not modified.
   * @param mask (B, T) step weights ≥ 0, or null for all 1. Not modified.
   * @return the weighted mean absolute error
   * @throws IllegalArgumentException for arrays of the wrong length, a bad mask weight, or when
   *     every step is masked out
   */
  public static double meanAbsoluteError(
      double[] outputs, int batch, int steps, int width, double[] targets, double[] mask) {
    return new MeanAbsoluteError()
        .evaluate(outputs, batch, steps, width, targets, mask, null, null);
  }
}
