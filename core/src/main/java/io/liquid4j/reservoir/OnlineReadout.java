package io.liquid4j.reservoir;

/**
 * A readout that learns while the liquid runs: each {@link #train} call first predicts from the
 * state, then corrects its weights by that prediction's error, one step at a time, so a deployed
 * model keeps adapting to a drifting stream. Works on the states of any liquid: a {@link
 * Reservoir}, the neurons of a trained LTC/CfC model ({@link ModelLiquid}), or a spiking liquid's
 * filtered spike trains.
 *
 * <pre>{@code
 * OnlineReadout rls = new Rls(units, 1, 1.0, 1.0);   // α = 1, no forgetting
 * double[] y = new double[1];
 * for (int t = 0; t < steps; t++) {
 *   double[] x = session.step(input[t]);
 *   rls.train(x, 0, target, t, y, 0);   // y: the prediction before this step's update
 * }
 * Readout frozen = rls.snapshot();
 * }</pre>
 */
public interface OnlineReadout {
  /**
   * Number of features F, the width of a state row.
   *
   * @return F
   */
  int features();

  /**
   * Number of outputs M, the width of a prediction or target row.
   *
   * @return M
   */
  int outputs();

  /**
   * y = x·W_out + b with the current weights.
   *
   * @param x states. Not modified.
   * @param xOff index in {@code x} of the state's F values
   * @param y receives the M predicted values. Modified.
   * @param yOff index in {@code y} of the first predicted value
   */
  void predict(double[] x, int xOff, double[] y, int yOff);

  /**
   * Predicts from x into y, then updates the weights towards {@code target}.
   *
   * @param x states. Not modified.
   * @param xOff index in {@code x} of the state's F values
   * @param target targets. Not modified.
   * @param targetOff index in {@code target} of the M target values
   * @param y receives the prediction made before the update (its error drove the update)
   * @param yOff index in {@code y} of the first predicted value
   */
  void train(double[] x, int xOff, double[] target, int targetOff, double[] y, int yOff);

  /**
   * The current weights as an immutable readout.
   *
   * @return a readout with a copy of the current W_out and b
   */
  Readout snapshot();

  /**
   * Trains on every row of a run (rows × features states, rows × outputs targets).
   *
   * @param states (rows × F) row-major. Not modified.
   * @param targets (rows × M) row-major. Not modified.
   * @param rows number of steps, trained in order
   */
  default void trainAll(double[] states, double[] targets, int rows) {
    double[] y = new double[outputs()];
    for (int t = 0; t < rows; t++) {
      train(states, t * features(), targets, t * outputs(), y, 0);
    }
  }
}
