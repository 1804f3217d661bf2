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
  int features();

  int outputs();

  /** y = x·W_out + b with the current weights. */
  void predict(double[] x, int xOff, double[] y, int yOff);

  /**
   * Predicts from x into y, then updates the weights towards {@code target}.
   *
   * @param y receives the prediction made before the update (its error drove the update)
   */
  void train(double[] x, int xOff, double[] target, int targetOff, double[] y, int yOff);

  /** The current weights as an immutable readout. */
  Readout snapshot();

  /** Trains on every row of a run (rows × features states, rows × outputs targets). */
  default void trainAll(double[] states, double[] targets, int rows) {
    double[] y = new double[outputs()];
    for (int t = 0; t < rows; t++) {
      train(states, t * features(), targets, t * outputs(), y, 0);
    }
  }
}
