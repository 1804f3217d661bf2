package io.liquid4j.train;

import java.util.Arrays;

/**
 * Mean squared error, PyTorch's {@code nn.MSELoss} extended with a step mask and sample weights.
 *
 * <pre>
 *   ℓ_bt = (1/W) Σ_k (y_btk − ŷ_btk)²
 *   L    = Σ_bt m_bt·s_b·ℓ_bt / Z,          Z = Σ_bt m_bt·s_b
 *   ∂L/∂y_btk = 2·m_bt·s_b·(y_btk − ŷ_btk) / (Z·W)
 * </pre>
 *
 * With an all-ones mask and weights L is {@code MSELoss(reduction='mean')}: the mean over all
 * B·T·W values.
 *
 * <p>Stateless and safe to share between threads.
 */
public final class MeanSquaredError implements Loss {

  /** {@inheritDoc} Targets are (B, T, W), like the outputs. */
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
    Checks.sequenceArrays(outputs, batch, steps, width, targets, width, mask, sampleWeights);
    Checks.gradientBuffer(dOutputs, outputs);
    double total = weightSum(batch, steps, width, targets, mask, sampleWeights);
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
        int off_bt = (b * steps + t) * width;
        double squares = 0;
        for (int k = 0; k < width; k++) {
          double diff = outputs[off_bt + k] - targets[off_bt + k];
          squares += diff * diff;
        }
        sum += w_bt * squares / width;
        if (dOutputs != null) {
          double scale = 2 * w_bt / (total * width);
          for (int k = 0; k < width; k++) {
            dOutputs[off_bt + k] = scale * (outputs[off_bt + k] - targets[off_bt + k]);
          }
        }
      }
    }
    return sum / total;
  }

  @Override
  public String name() {
    return "mse";
  }

  @Override
  public String toString() {
    return "MeanSquaredError()";
  }
}
