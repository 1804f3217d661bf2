package io.liquid4j.reservoir;

/**
 * A linear readout y = x·W_out + b from a liquid's state x (features) to outputs, as ReservoirPy
 * stores it: W_out is features × outputs. Immutable; made by {@link Ridge}, or snapshotted from
 * an online readout.
 *
 * <pre>{@code
 * double[] predictions = readout.predict(states, steps);   // steps × outputs
 * }</pre>
 */
public final class Readout {
  private final int features;
  private final int outputs;
  private final double[] weights;
  private final double[] bias;

  /**
   * @param features F, the width of a state row
   * @param outputs M, the width of a prediction row
   * @param weights (features × outputs) row-major. Copied.
   * @param bias (outputs). Copied.
   * @throws IllegalArgumentException if the arrays do not have F·M and M values
   */
  public Readout(int features, int outputs, double[] weights, double[] bias) {
    if (weights.length != features * outputs || bias.length != outputs) {
      throw new IllegalArgumentException("readout: expected " + features + " × " + outputs
          + " weights and " + outputs + " biases, found " + weights.length + " and "
          + bias.length);
    }
    this.features = features;
    this.outputs = outputs;
    this.weights = weights.clone();
    this.bias = bias.clone();
  }

  /**
   * Number of features F, the width of a state row.
   *
   * @return F
   */
  public int features() {
    return features;
  }

  /**
   * Number of outputs M, the width of a prediction row.
   *
   * @return M
   */
  public int outputs() {
    return outputs;
  }

  /**
   * A copy of W_out (features × outputs).
   *
   * @return a new array of F·M weights, row-major
   */
  public double[] weights() {
    return weights.clone();
  }

  /**
   * A copy of b.
   *
   * @return a new array of M biases
   */
  public double[] bias() {
    return bias.clone();
  }

  /**
   * y[yOff ..] = x[xOff ..]·W_out + b for one state.
   *
   * @param x states. Not modified.
   * @param xOff index in {@code x} of the state's F values
   * @param y receives the M predicted values. Modified.
   * @param yOff index in {@code y} of the first predicted value
   */
  public void predict(double[] x, int xOff, double[] y, int yOff) {
    predict(weights, bias, features, outputs, x, xOff, y, yOff);
  }

  /**
   * One prediction per row of {@code states} (rows × features); returns rows × outputs.
   *
   * @param states (rows × F) row-major. Not modified.
   * @param rows number of states
   * @return a new (rows × M) row-major array of predictions
   */
  public double[] predict(double[] states, int rows) {
    if (states.length < (long) rows * features) {
      throw new IllegalArgumentException("states: expected " + rows + " × " + features
          + " values, found " + states.length);
    }
    double[] y = new double[rows * outputs];
    for (int t = 0; t < rows; t++) {
      predict(states, t * features, y, t * outputs);
    }
    return y;
  }

  static void predict(double[] weights, double[] bias, int features, int outputs, double[] x,
      int xOff, double[] y, int yOff) {
    for (int o = 0; o < outputs; o++) {
      y[yOff + o] = bias[o];
    }
    for (int f = 0; f < features; f++) {
      double xf = x[xOff + f];
      int row = f * outputs;
      for (int o = 0; o < outputs; o++) {
        y[yOff + o] += xf * weights[row + o];
      }
    }
  }
}
