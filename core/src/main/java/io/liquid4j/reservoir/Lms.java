package io.liquid4j.reservoir;

/**
 * Least mean squares, as ReservoirPy's {@code LMS} node: e = x·W + b − y; W ← W − η·xᵀe;
 * b ← b − η·e. O(features) per step; stable for η below 2 / (largest eigenvalue of E[xᵀx]).
 */
public final class Lms implements OnlineReadout {
  private final int features;
  private final int outputs;
  private final double learningRate;
  private final double[] weights;
  private final double[] bias;

  /**
   * @param features F, the width of a state row, ≥ 1
   * @param outputs M, the width of a target row, ≥ 1
   * @param learningRate η &gt; 0
   */
  public Lms(int features, int outputs, double learningRate) {
    if (features < 1 || outputs < 1) {
      throw new IllegalArgumentException("LMS readout: expected at least one feature and one "
          + "output, found " + features + " and " + outputs);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate: expected a positive number, found " + learningRate);
    }
    this.features = features;
    this.outputs = outputs;
    this.learningRate = learningRate;
    this.weights = new double[features * outputs];
    this.bias = new double[outputs];
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
    Readout.predict(weights, bias, features, outputs, x, xOff, y, yOff);
  }

  @Override
  public void train(double[] x, int xOff, double[] target, int targetOff, double[] y, int yOff) {
    predict(x, xOff, y, yOff);
    for (int o = 0; o < outputs; o++) {
      double step = learningRate * (y[yOff + o] - target[targetOff + o]);
      if (!Double.isFinite(step)) {
        throw new IllegalArgumentException("LMS readout: the update became " + step
            + "; the learning rate " + learningRate + " is too large for these states");
      }
      for (int f = 0; f < features; f++) {
        weights[f * outputs + o] -= step * x[xOff + f];
      }
      bias[o] -= step;
    }
  }

  @Override
  public Readout snapshot() {
    return new Readout(features, outputs, weights, bias);
  }
}
