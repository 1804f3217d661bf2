package io.liquid4j.reservoir;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A reservoir's running state: the state vector, the last output fed back and the noise stream.
 * Runs are stateful, as in ReservoirPy: each call continues from where the previous one stopped,
 * so a test run after training continues the training run. Not thread-safe.
 *
 * <pre>{@code
 * ReservoirSession s = reservoir.newSession();
 * double[] trainStates = s.run(trainInputs, 8000);   // 8000 × units
 * double[] testStates = s.run(testInputs, 1990);     // continues from the last training state
 * }</pre>
 */
public final class ReservoirSession {
  /** Runs shorter than this, or reservoirs with fewer non-zeros, stay on one thread. */
  private static final int PARALLEL_MIN_STEPS = 32;
  private static final int PARALLEL_MIN_NON_ZEROS = 20_000;

  private final Reservoir reservoir;
  private final int threads;
  private final double[] state;
  private final double[] feedback;
  private final double[] pre;
  private SplittableRandom noise;
  private long steps;

  ReservoirSession(Reservoir reservoir, int threads) {
    this.reservoir = reservoir;
    this.threads = Math.min(threads, Math.max(1, reservoir.units() / 64));
    this.state = new double[reservoir.units()];
    this.feedback = new double[reservoir.feedbacks()];
    this.pre = new double[reservoir.units()];
    this.noise = new SplittableRandom(reservoir.noiseSeed());
  }

  /**
   * The reservoir this session runs.
   *
   * @return the reservoir, shared with its other sessions
   */
  public Reservoir reservoir() {
    return reservoir;
  }

  /**
   * Advances by one input.
   *
   * @param u (inputs) input. Not modified.
   * @return the new state, a view that the next step overwrites
   */
  public double[] step(double[] u) {
    checkInput(u, 0, reservoir.inputs(), "input");
    if (reservoir.noisy()) {
      reservoir.step(state, u, 0, feedback, pre, noise);
    } else {
      reservoir.stepRows(state, state, u, 0, feedback, pre, 0, state.length);
    }
    steps++;
    return state;
  }

  /**
   * Runs over {@code steps} inputs and returns every state.
   *
   * @param inputs (steps × inputs) row-major. Not modified.
   * @param steps number of inputs
   * @return (steps × units) row-major: row t is the state after input t
   */
  public double[] run(double[] inputs, int steps) {
    double[] states = new double[Math.multiplyExact(steps, reservoir.units())];
    run(inputs, steps, states);
    return states;
  }

  /**
   * As {@link #run(double[], int)}, into {@code states} (steps × units).
   *
   * @param inputs (steps × inputs) row-major. Not modified.
   * @param steps number of inputs
   * @param states (steps × units) row-major: row t receives the state after input t. Modified.
   */
  public void run(double[] inputs, int steps, double[] states) {
    int d = reservoir.inputs();
    int n = reservoir.units();
    if (steps < 0 || inputs.length < (long) steps * d) {
      throw new IllegalArgumentException("inputs: expected " + steps + " × " + d
          + " values, found " + inputs.length);
    }
    if (states.length < (long) steps * n) {
      throw new IllegalArgumentException("states: expected room for " + steps + " × " + n
          + " values, found " + states.length);
    }
    checkInput(inputs, 0, steps * d, "inputs");
    if (reservoir.noisy()) {
      // The noise is drawn neuron by neuron in one stream, so noisy runs stay on one thread.
      for (int t = 0; t < steps; t++) {
        reservoir.step(state, inputs, t * d, feedback, pre, noise);
        System.arraycopy(state, 0, states, t * n, n);
      }
    } else if (threads > 1 && steps >= PARALLEL_MIN_STEPS
        && reservoir.recurrentWeights().nonZeros() >= PARALLEL_MIN_NON_ZEROS) {
      new ParallelRun(reservoir, threads, inputs, states, feedback).run(state, steps);
    } else {
      for (int t = 0; t < steps; t++) {
        reservoir.stepRows(state, state, inputs, t * d, feedback, pre, 0, n);
        System.arraycopy(state, 0, states, t * n, n);
      }
    }
    this.steps += steps;
  }

  /**
   * Sets the output fed back at the next step: the teacher's output while training (teacher
   * forcing), the readout's prediction while generating.
   *
   * @param y the output, {@link Reservoir#feedbacks()} finite values. Copied.
   * @throws IllegalArgumentException if {@code y} has the wrong length or a non-finite value
   */
  public void setFeedback(double[] y) {
    if (y.length != feedback.length) {
      throw new IllegalArgumentException("feedback: expected " + feedback.length
          + " values, found " + y.length);
    }
    checkInput(y, 0, y.length, "feedback");
    System.arraycopy(y, 0, feedback, 0, y.length);
  }

  /**
   * A copy of the state.
   *
   * @return a new array of the N unit values
   */
  public double[] state() {
    return state.clone();
  }

  /**
   * Replaces the state (for example with one saved earlier).
   *
   * @param x N finite values. Copied.
   * @throws IllegalArgumentException if {@code x} has the wrong length or a non-finite value
   */
  public void setState(double[] x) {
    if (x.length != state.length) {
      throw new IllegalArgumentException("state: expected " + state.length + " values, found "
          + x.length);
    }
    checkInput(x, 0, x.length, "state");
    System.arraycopy(x, 0, state, 0, x.length);
  }

  /** Back to the zero state, zero feedback and the start of the noise stream. */
  public void reset() {
    Arrays.fill(state, 0);
    Arrays.fill(feedback, 0);
    noise = new SplittableRandom(reservoir.noiseSeed());
    steps = 0;
  }

  /**
   * Steps since creation or the last reset.
   *
   * @return the number of inputs run since creation or the last {@link #reset()}
   */
  public long steps() {
    return steps;
  }

  private static void checkInput(double[] values, int from, int to, String what) {
    if (to - from > values.length) {
      throw new IllegalArgumentException(what + ": expected " + (to - from) + " values, found "
          + values.length);
    }
    for (int i = from; i < to; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            what + ": expected finite numbers, found " + values[i] + " at index " + i);
      }
    }
  }
}
