package io.liquid4j.train;

import io.liquid4j.internal.ArgumentChecks;
import java.util.Arrays;

/**
 * Softmax cross-entropy on logits, PyTorch's {@code nn.CrossEntropyLoss} (optionally with per-class
 * weights, its {@code weight} argument) extended with a step mask and sample weights. There is no
 * {@code ignore_index} or label smoothing; use the mask for padding.
 *
 * <p>Outputs are logits z (B, T, C); targets are class indices y (B, T) stored as doubles. With
 * class weights w_c (all 1 when absent):
 *
 * <pre>
 *   log p_btc = z_btc − logsumexp_c'(z_btc')     (max-shifted, so large logits do not overflow)
 *   ℓ_bt      = −log p_bt,y                       (y = y_bt)
 *   L         = Σ_bt w_y·m_bt·s_b·ℓ_bt / Z,      Z = Σ_bt w_y·m_bt·s_b
 *   ∂L/∂z_btc = w_y·m_bt·s_b·(p_btc − [c = y]) / Z
 * </pre>
 *
 * The denominator carries the class weights, as PyTorch's weighted mean does: with an all-ones
 * mask and sample weights, L equals {@code CrossEntropyLoss(weight=w, reduction='mean')}.
 *
 * <p>Immutable (the class weights are copied in and out) and safe to share between threads.
 */
public final class CrossEntropy implements Loss {
  private final double[] classWeights; // (C) or null

  /** Unweighted classes. */
  public CrossEntropy() {
    this.classWeights = null;
  }

  /**
   * With per-class weights (PyTorch's {@code weight}).
   *
   * @param classWeights (C) weights ≥ 0, one per class; must match the output width. Copied.
   */
  public CrossEntropy(double[] classWeights) {
    if (classWeights == null || classWeights.length == 0) {
      throw new IllegalArgumentException("classWeights must hold one weight per class");
    }
    ArgumentChecks.weights("classWeights", classWeights, classWeights.length, "one per class");
    this.classWeights = classWeights.clone();
  }

  /** {@return a copy of the (C) class weights, or null when unweighted} */
  public double[] classWeights() {
    return classWeights == null ? null : classWeights.clone();
  }

  /** {@inheritDoc} Targets are (B, T) class indices in [0, W). */
  @Override
  public double evaluate(
      double[] outputs,
      int batch,
      int steps,
      int width,
      double[] targets,
      double[] mask,
      double[] sampleWeights,
      double[] dOutputs) {
    Checks.sequenceArrays(outputs, batch, steps, width, targets, 1, mask, sampleWeights);
    Checks.gradientBuffer(dOutputs, outputs);
    if (classWeights != null && classWeights.length != width) {
      throw new IllegalArgumentException(
          "classWeights has " + classWeights.length + " entries but the outputs have width "
              + width + " (classes)");
    }
    // First pass: check every read class index and form Z = Σ w_y·m·s.
    double total = 0;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        double w_bt = Checks.stepWeight(mask, sampleWeights, b, t, steps);
        if (w_bt == 0) {
          continue;
        }
        int y = ArgumentChecks.classIndex(targets, b * steps + t, width, b, t);
        total += classWeight(y) * w_bt;
      }
    }
    Checks.totalWeight(total);
    if (dOutputs != null) {
      Arrays.fill(dOutputs, 0.0);
    }
    double sum = 0;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        double w_bt = Checks.stepWeight(mask, sampleWeights, b, t, steps);
        if (w_bt == 0) {
          continue; // padding: not read, zero gradient
        }
        int y = (int) targets[b * steps + t];
        double coef = classWeight(y) * w_bt;
        if (coef == 0) {
          continue; // a class of weight 0 contributes nothing
        }
        int off_bt = (b * steps + t) * width;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < width; c++) {
          max = Math.max(max, outputs[off_bt + c]);
        }
        double sumExp = 0;
        for (int c = 0; c < width; c++) {
          sumExp += Math.exp(outputs[off_bt + c] - max);
        }
        double logSumExp = max + Math.log(sumExp);
        sum += coef * (logSumExp - outputs[off_bt + y]);
        if (dOutputs != null) {
          double scale = coef / total;
          for (int c = 0; c < width; c++) {
            double p = Math.exp(outputs[off_bt + c] - max) / sumExp;
            dOutputs[off_bt + c] = scale * (c == y ? p - 1 : p);
          }
        }
      }
    }
    return sum / total;
  }

  /** {@inheritDoc} Class weights count, as in {@link #evaluate}'s denominator. */
  @Override
  public double weightSum(
      int batch, int steps, int width, double[] targets, double[] mask, double[] sampleWeights) {
    double total = 0;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        double w_bt = Checks.stepWeight(mask, sampleWeights, b, t, steps);
        if (w_bt != 0) {
          total += classWeight(ArgumentChecks.classIndex(targets, b * steps + t, width, b, t)) * w_bt;
        }
      }
    }
    return total;
  }

  private double classWeight(int c) {
    return classWeights == null ? 1.0 : classWeights[c];
  }

  @Override
  public String name() {
    return "cross_entropy";
  }

  @Override
  public String toString() {
    return classWeights == null
        ? "CrossEntropy()"
        : "CrossEntropy(weight=" + Arrays.toString(classWeights) + ")";
  }
}
