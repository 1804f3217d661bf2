package io.liquid4j.reservoir;

/**
 * Recursive least squares, the learning rule of FORCE (Sussillo &amp; Abbott 2009), as ReservoirPy's
 * {@code RLS} node: with z = [x, 1] (the constant feature learns the bias),
 *
 * <pre>
 *   P₀ = I/α
 *   k  = P·z
 *   P  ← (P − k·kᵀ / (λ + zᵀ·k)) / λ
 *   e  = z·W − y
 *   W  ← W − (P·z)·eᵀ
 * </pre>
 *
 * with forgetting factor λ ∈ (0, 1] (1 remembers everything). Each step costs O(features²).
 * FORCE learning is this rule on a reservoir whose feedback is the readout's own output
 * ({@link ReservoirSession#setFeedback} with the prediction).
 */
public final class Rls implements OnlineReadout {
  private final int features;
  private final int outputs;
  private final int size;
  private final double forgetting;
  private final double[] p; // size × size, symmetric
  private final double[] weights; // size × outputs, last row is the bias
  private final double[] z;
  private final double[] pz;
  private final double[] error;

  /**
   * @param features F, the width of a state row, ≥ 1
   * @param outputs M, the width of a target row, ≥ 1
   * @param alpha the inverse of P's initial diagonal, &gt; 0 (small α: fast, large changes
   *     early)
   * @param forgetting λ in (0, 1]
   */
  public Rls(int features, int outputs, double alpha, double forgetting) {
    if (features < 1 || outputs < 1) {
      throw new IllegalArgumentException("RLS readout: expected at least one feature and one "
          + "output, found " + features + " and " + outputs);
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha: expected a positive number, found " + alpha);
    }
    if (!(forgetting > 0 && forgetting <= 1)) {
      throw new IllegalArgumentException(
          "forgetting factor: expected a value in (0, 1], found " + forgetting);
    }
    this.features = features;
    this.outputs = outputs;
    this.size = features + 1;
    this.forgetting = forgetting;
    this.p = new double[Math.multiplyExact(size, size)];
    for (int i = 0; i < size; i++) {
      p[i * size + i] = 1 / alpha;
    }
    this.weights = new double[size * outputs];
    this.z = new double[size];
    this.pz = new double[size];
    this.error = new double[outputs];
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public int outputs() {
    return outputs;
  }

  @Override
  public void predict(double[] x, int xOff, double[] y, int yOff) {
    for (int o = 0; o < outputs; o++) {
      double sum = weights[features * outputs + o];
      for (int f = 0; f < features; f++) {
        sum += x[xOff + f] * weights[f * outputs + o];
      }
      y[yOff + o] = sum;
    }
  }

  @Override
  public void train(double[] x, int xOff, double[] target, int targetOff, double[] y, int yOff) {
    System.arraycopy(x, xOff, z, 0, features);
    z[features] = 1;
    // k = P·z (P symmetric) and zᵀ·k
    double zPz = 0;
    for (int i = 0; i < size; i++) {
      double sum = 0;
      int row = i * size;
      for (int j = 0; j < size; j++) {
        sum += p[row + j] * z[j];
      }
      pz[i] = sum;
      zPz += z[i] * sum;
    }
    double denominator = forgetting + zPz;
    double inverseForgetting = 1 / forgetting;
    // P is updated as exactly symmetric (lower triangle computed, mirrored): rounding that made
    // it slightly asymmetric would be amplified by 1/λ every step and, with forgetting, blow up
    // within a few hundred steps.
    for (int i = 0; i < size; i++) {
      double ki = pz[i] / denominator;
      int row = i * size;
      for (int j = 0; j <= i; j++) {
        double v = (p[row + j] - ki * pz[j]) * inverseForgetting;
        p[row + j] = v;
        p[j * size + i] = v;
      }
    }
    // The updated P times z is the gain: P'z = Pz / (λ + zᵀPz).
    predict(x, xOff, y, yOff);
    for (int o = 0; o < outputs; o++) {
      error[o] = y[yOff + o] - target[targetOff + o];
      if (!Double.isFinite(error[o])) {
        throw new IllegalArgumentException("RLS readout: the error became " + error[o]
            + " (target " + target[targetOff + o] + "); check the inputs and alpha");
      }
    }
    for (int i = 0; i < size; i++) {
      double gain = pz[i] / denominator;
      for (int o = 0; o < outputs; o++) {
        weights[i * outputs + o] -= gain * error[o];
      }
    }
  }

  @Override
  public Readout snapshot() {
    double[] w = new double[features * outputs];
    System.arraycopy(weights, 0, w, 0, w.length);
    double[] b = new double[outputs];
    System.arraycopy(weights, features * outputs, b, 0, outputs);
    return new Readout(features, outputs, w, b);
  }
}
