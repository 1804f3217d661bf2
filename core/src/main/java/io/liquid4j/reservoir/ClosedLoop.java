package io.liquid4j.reservoir;

/**
 * Generation in closed loop: after teacher forcing has brought the reservoir to the state of the
 * signal, each prediction is fed back as the next input, so the network runs on its own for N
 * steps (Jaeger &amp; Haas 2004's Mackey–Glass experiment; ReservoirPy users' most asked-about
 * feature). The readout must predict the next input (outputs = inputs); a reservoir with output
 * feedback of that size also gets each prediction as its feedback.
 *
 * <pre>{@code
 * session.run(history, 1000);                          // teacher forcing
 * double[] future = ClosedLoop.generate(session, readout, 84);
 * }</pre>
 */
public final class ClosedLoop {
  private ClosedLoop() {}

  /**
   * Runs {@code steps} steps from the session's current state.
   *
   * @param session a session of a reservoir whose inputs are the readout's outputs; its state
   *     advances
   * @param readout predicts the next input from a state
   * @param steps number of predictions, ≥ 0
   * @return (steps × outputs): row 0 is the readout's prediction from the current state, row
   *     t + 1 the prediction after feeding row t back
   */
  public static double[] generate(ReservoirSession session, Readout readout, int steps) {
    Reservoir reservoir = session.reservoir();
    if (readout.features() != reservoir.units() || readout.outputs() != reservoir.inputs()) {
      throw new IllegalArgumentException("closed loop: expected a readout from " + reservoir.units()
          + " states to " + reservoir.inputs() + " inputs, found " + readout.features() + " to "
          + readout.outputs());
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps: expected at least 1, found " + steps);
    }
    int d = readout.outputs();
    double[] outputs = new double[steps * d];
    double[] state = session.state();
    readout.predict(state, 0, outputs, 0);
    double[] next = new double[d];
    for (int t = 1; t < steps; t++) {
      System.arraycopy(outputs, (t - 1) * d, next, 0, d);
      if (reservoir.feedbacks() == d) {
        session.setFeedback(next);
      }
      double[] x = session.step(next);
      readout.predict(x, 0, outputs, t * d);
    }
    return outputs;
  }
}
