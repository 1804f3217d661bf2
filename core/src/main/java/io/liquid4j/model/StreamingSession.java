package io.liquid4j.model;

/**
 * Online inference one sample at a time: each call advances the kept state by one observation and
 * its elapsed time, as a deployed model sees a live stream. Created by {@link
 * SequenceModel#newSession()}.
 *
 * <p>A stream has no padded steps: where a batch of sequences of different lengths is padded and
 * given valid steps ({@link SequenceModel#forward(double[], int, int, double[], double[],
 * ModelState)}), a session simply is not stepped, and stepping it on a sequence's valid steps only
 * (with their own Δt) gives exactly the batch's outputs at those steps and its final state.
 *
 * <p>Not thread-safe: a session holds its stream's state and its own scratch arrays, so use one
 * session per stream (sensor, account, patient) and call it from one thread at a time. Sessions
 * of the same model are independent and may run on different threads at once, since the model
 * is immutable.
 *
 * <pre>{@code
 * StreamingSession s = model.newSession();
 * double[] y1 = s.step(x1, 0.5);   // 0.5 time units after the previous observation
 * ModelState saved = s.state();    // checkpoint
 * s.reset();                       // back to zeros
 * s.restore(saved);
 * }</pre>
 */
public final class StreamingSession {
  private final SequenceModel model;
  private final SequenceModel.StepBuffers buffers;
  private double[] h;
  private final double[] c;
  private long steps;

  StreamingSession(SequenceModel model) {
    this.model = model;
    int n = model.stateSize();
    this.buffers = model.newStepBuffers(1);
    this.h = new double[n];
    this.c = model.config().mixedMemory() ? new double[n] : null;
  }

  /**
   * The model this session runs.
   *
   * @return the model, shared with whoever else uses it
   */
  public SequenceModel model() {
    return model;
  }

  /**
   * Advances by one observation with Δt = 1; as {@link #step(double[], double)}.
   *
   * @param x (S) features. Not modified.
   * @return the output (O), a new array
   * @throws IllegalArgumentException on a wrong size or a non-finite feature; the state is then
   *     unchanged
   */
  public double[] step(double[] x) {
    return step(x, 1.0);
  }

  /**
   * Advances the state by one observation.
   *
   * @param x (S) features. Not modified.
   * @param dt time since the previous observation, &gt; 0
   * @return the output (O), a new array
   * @throws IllegalArgumentException on a wrong size, a non-finite feature or a bad Δt; the state
   *     is then unchanged
   */
  public double[] step(double[] x, double dt) {
    if (x == null || x.length != model.inputSize()) {
      throw new IllegalArgumentException(
          "x: expected " + model.inputSize() + " features, got "
              + (x == null ? "null" : String.valueOf(x.length)));
    }
    InputChecks.finite("x", x);
    InputChecks.elapsed("dt", dt, "");
    double[] y = new double[model.outputSize()];
    h = model.step(x, h, c, new double[] {dt}, 1, y, buffers);
    steps++;
    return y;
  }

  /**
   * Number of steps since creation or the last reset/restore.
   *
   * @return the count of successful {@link #step} calls since then
   */
  public long steps() {
    return steps;
  }

  /**
   * A copy of the current state, for checkpoints and {@link #restore}.
   *
   * @return the state with batch 1 (with memory c when the model has mixed memory)
   */
  public ModelState state() {
    return new ModelState(1, model.stateSize(), h, c);
  }

  /** Back to the zero state. */
  public void reset() {
    java.util.Arrays.fill(h, 0.0);
    if (c != null) {
      java.util.Arrays.fill(c, 0.0);
    }
    steps = 0;
  }

  /**
   * Continues from a saved state (batch 1, this model's size and memory) and sets {@link #steps()}
   * to 0.
   *
   * @param state the state to continue from; its arrays are copied
   * @throws IllegalArgumentException if the state's shape or memory does not fit the model, or a
   *     value is not finite; the session is then unchanged
   */
  public void restore(ModelState state) {
    if (state.batch() != 1 || state.stateSize() != model.stateSize()) {
      throw new IllegalArgumentException(
          "state: expected shape (1, " + model.stateSize() + "), got (" + state.batch() + ", "
              + state.stateSize() + ")");
    }
    if (state.hasMemory() != (c != null)) {
      throw new IllegalArgumentException(
          c != null
              ? "state: the model has mixed memory, so the state needs the memory c too"
              : "state: the model has no mixed memory, but the state carries a memory c");
    }
    // Both checks come before either assignment, so a refused state leaves the session as it was.
    InputChecks.finite("state h", state.h());
    if (c != null) {
      InputChecks.finite("state c", state.c());
    }
    h = state.h();
    if (c != null) {
      System.arraycopy(state.c(), 0, c, 0, c.length);
    }
    steps = 0;
  }
}
