package io.liquid4j.reservoir;

import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.StreamingSession;

/**
 * The neurons of a trained LTC, CfC or CT-RNN model used as a liquid: the model runs as a stream
 * and its hidden state after each observation is the state a {@link Ridge} or {@link
 * OnlineReadout} reads, so a deployed model can learn a new readout, or keep adapting one,
 * without touching its trained weights.
 *
 * <pre>{@code
 * ModelLiquid liquid = new ModelLiquid(model);
 * double[] states = liquid.run(inputs, null, steps);   // steps × model.stateSize()
 * Readout readout = new Ridge(liquid.stateSize(), 1, 1e-6).add(states, targets, steps, 10).fit();
 * }</pre>
 */
public final class ModelLiquid {
  private final StreamingSession session;
  private final int inputSize;
  private final int stateSize;

  /**
   * A liquid of the model's neurons, starting from its initial state.
   *
   * @param model a trained sequence model
   */
  public ModelLiquid(SequenceModel model) {
    this.session = model.newSession();
    this.inputSize = model.inputSize();
    this.stateSize = model.stateSize();
  }

  /**
   * Number of neurons whose state {@link #step} returns.
   *
   * @return the model's state size
   */
  public int stateSize() {
    return stateSize;
  }

  /**
   * Advances by one observation and returns a copy of the hidden state.
   *
   * @param x one observation, the model's input size wide. Not modified.
   * @param dt elapsed time since the previous observation, &gt; 0
   * @return a new array of the hidden state after this observation
   */
  public double[] step(double[] x, double dt) {
    session.step(x, dt);
    return session.state().h();
  }

  /**
   * Runs over {@code steps} observations, continuing from the current state.
   *
   * @param inputs (steps × inputSize) row-major.
   * @param dt (steps) elapsed times, or null for 1 each.
   * @param steps number of observations
   * @return (steps × stateSize) hidden states
   */
  public double[] run(double[] inputs, double[] dt, int steps) {
    if (inputs.length != steps * inputSize || (dt != null && dt.length != steps)) {
      throw new IllegalArgumentException("inputs: expected " + steps + " × " + inputSize
          + " values" + (dt == null ? "" : " and " + steps + " time steps") + ", found "
          + inputs.length + (dt == null ? "" : " and " + dt.length));
    }
    double[] states = new double[steps * stateSize];
    double[] x = new double[inputSize];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(inputs, t * inputSize, x, 0, inputSize);
      double[] h = step(x, dt == null ? 1 : dt[t]);
      System.arraycopy(h, 0, states, t * stateSize, stateSize);
    }
    return states;
  }

  /** Back to the zero state. */
  public void reset() {
    session.reset();
  }
}
