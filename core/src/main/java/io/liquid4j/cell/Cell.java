package io.liquid4j.cell;

/**
 * A recurrent cell: one step maps input x, state h and elapsed time Δt to the next state and an
 * output. The cell holds the structure (sizes, wiring, mode); the numbers live in a flat parameter
 * array described by {@link #layout()} and passed to every call, so the same cell serves many
 * parameter sets (optimizers, threads, saved models).
 *
 * <p>Shapes (row-major, flat): B batch, S inputs, N state, M outputs.
 */
public interface Cell {
  /**
   * Number of input features S.
   *
   * @return S, the width of a row of {@code x}
   */
  int inputSize();

  /**
   * Size N of the state carried from step to step.
   *
   * @return N, the width of a row of {@code h} and {@code hNext}
   */
  int stateSize();

  /**
   * Size M of the output emitted each step.
   *
   * @return M, the width of a row of {@code out}
   */
  int outputSize();

  /**
   * Names, shapes and offsets of the parameters, relative to {@code pOff}.
   *
   * @return the layout of the {@link ParameterLayout#size()} values this cell reads from {@code p}
   */
  ParameterLayout layout();

  /**
   * Writes freshly initialised parameters (ncps's initialisation ranges) at {@code p[pOff...]}.
   *
   * @param p parameter array. Modified.
   * @param pOff index in {@code p} of the cell's first parameter
   * @param rng source of randomness. Modified (advanced).
   */
  void initParameters(double[] p, int pOff, java.util.random.RandomGenerator rng);

  /**
   * Values a forward step records for its backward step (activations, sub-step states). Each cell
   * has its own kind; a tape is sized for one batch size and can be reused for later steps of
   * that size.
   */
  interface Tape {}

  /**
   * A tape for steps of {@code batch} samples.
   *
   * @param batch B, the number of samples per step
   * @return a new tape
   */
  Tape newTape(int batch);

  /**
   * A tape for a training step whose random parts (dropout masks) are drawn from {@code rng}; the
   * forward and backward calls that use the tape apply them. Cells without randomness ignore it.
   *
   * @param batch B, the number of samples per step
   * @param rng source of the step's randomness, or null for none (inference semantics)
   * @return a new tape
   */
  default Tape newTape(int batch, java.util.random.RandomGenerator rng) {
    return newTape(batch);
  }

  /**
   * A training tape as {@link #newTape(int, java.util.random.RandomGenerator)}, reusing the arrays
   * of {@code old} when it is a tape this cell made for the same batch size (everything in it is
   * overwritten, random parts redrawn from {@code rng}), so that a training loop allocates its
   * tapes once instead of every step. Cells that do not override it allocate a new tape.
   *
   * @param batch B, the number of samples per step
   * @param rng source of the step's randomness, or null for none (inference semantics)
   * @param old a tape of an earlier, finished step, or null
   * @return {@code old} refilled, or a new tape
   */
  default Tape newTape(int batch, java.util.random.RandomGenerator rng, Tape old) {
    return newTape(batch, rng);
  }

  /**
   * What a cell computes once from one parameter set and reuses for every step with it
   * (transposed weights, softplus'd conductances), plus scratch arrays, so that a step allocates
   * nothing. Valid only while {@code p[pOff...]} stays unchanged (a model's parameters are
   * immutable; a caller that edits p in place must make a new workspace). Not thread-safe: one
   * per thread.
   */
  interface Workspace {}

  /**
   * A workspace for the parameters at {@code p[pOff...]}, or null when this cell has nothing to
   * precompute. The array is kept (not copied) and must not change while the workspace is used.
   *
   * @param p parameter array. Not modified.
   * @param pOff index in {@code p} of the cell's first parameter
   * @param batch the usual batch size (the scratch grows for larger batches)
   * @return a new workspace, or null
   */
  default Workspace newWorkspace(double[] p, int pOff, int batch) {
    return null;
  }

  /**
   * A workspace as {@link #newWorkspace(double[], int, int)}, reusing the arrays of {@code old}
   * when it is a workspace of this cell (rebound to {@code p[pOff...]}; {@code old} must not be
   * used for its former parameters afterwards). Cells that do not override it make a new one.
   *
   * @param p parameter array. Not modified.
   * @param pOff index in {@code p} of the cell's first parameter
   * @param batch the usual batch size (the scratch grows for larger batches)
   * @param old a workspace of an earlier step, or null
   * @return {@code old} rebound, a new workspace, or null
   */
  default Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
    return newWorkspace(p, pOff, batch);
  }

  /**
   * Advances a batch by one step.
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param pOff index in {@code p} of the cell's first parameter
   * @param x (B, S) inputs. Not modified.
   * @param h (B, N) current state. Not modified.
   * @param dt (B) elapsed time of each sample since its previous step. Not modified.
   * @param batch B, the number of samples
   * @param hNext (B, N) next state. Modified; must not be {@code h}.
   * @param out (B, M) outputs. Modified.
   * @param tape where to record what {@link #backward} needs, or null for inference. Modified.
   * @param workspace from {@link #newWorkspace} for the same {@code p} and {@code pOff}, or null
   *     (then the cell computes what it needs itself); the results do not depend on it
   */
  void forward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out,
      Tape tape,
      Workspace workspace);

  /**
   * {@link #forward} without a workspace.
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param pOff index in {@code p} of the cell's first parameter
   * @param x (B, S) inputs. Not modified.
   * @param h (B, N) current state. Not modified.
   * @param dt (B) elapsed time of each sample since its previous step. Not modified.
   * @param batch B, the number of samples
   * @param hNext (B, N) next state. Modified; must not be {@code h}.
   * @param out (B, M) outputs. Modified.
   * @param tape where to record what {@link #backward} needs, or null for inference. Modified.
   */
  default void forward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out,
      Tape tape) {
    forward(p, pOff, x, h, dt, batch, hNext, out, tape, null);
  }

  /**
   * Inference step: {@link #forward} without recording.
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param pOff index in {@code p} of the cell's first parameter
   * @param x (B, S) inputs. Not modified.
   * @param h (B, N) current state. Not modified.
   * @param dt (B) elapsed time of each sample since its previous step. Not modified.
   * @param batch B, the number of samples
   * @param hNext (B, N) next state. Modified; must not be {@code h}.
   * @param out (B, M) outputs. Modified.
   */
  default void step(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out) {
    forward(p, pOff, x, h, dt, batch, hNext, out, null);
  }

  /**
   * Backward of one step recorded by {@link #forward} with the same arguments: given the
   * gradients of the loss with respect to the step's results, computes those with respect to its
   * parameters, input and previous state (exact, by the chain rule through the step's arithmetic,
   * including every ODE sub-step).
   *
   * @param p parameters at {@code p[pOff...]}, as given to the forward call. Not modified.
   * @param pOff index in {@code p} and {@code dP} of the cell's first parameter
   * @param x (B, S) inputs of the forward call. Not modified.
   * @param h (B, N) state of the forward call. Not modified.
   * @param dt (B) elapsed times of the forward call. Not modified.
   * @param batch B, the number of samples
   * @param tape filled by the forward call. Not modified.
   * @param dHNext (B, N) dL/dhNext. Not modified.
   * @param dOut (B, M) dL/dout. Not modified.
   * @param dP gradient of the raw parameters at {@code dP[pOff...]}; ADDED to (+=). Modified.
   * @param dX (B, S) dL/dx; overwritten. Modified.
   * @param dH (B, N) dL/dh; overwritten. Modified.
   * @param workspace as for {@link #forward}, or null
   */
  void backward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      Tape tape,
      double[] dHNext,
      double[] dOut,
      double[] dP,
      double[] dX,
      double[] dH,
      Workspace workspace);

  /**
   * {@link #backward} without a workspace.
   *
   * @param p parameters at {@code p[pOff...]}, as given to the forward call. Not modified.
   * @param pOff index in {@code p} and {@code dP} of the cell's first parameter
   * @param x (B, S) inputs of the forward call. Not modified.
   * @param h (B, N) state of the forward call. Not modified.
   * @param dt (B) elapsed times of the forward call. Not modified.
   * @param batch B, the number of samples
   * @param tape filled by the forward call. Not modified.
   * @param dHNext (B, N) dL/dhNext. Not modified.
   * @param dOut (B, M) dL/dout. Not modified.
   * @param dP gradient of the raw parameters at {@code dP[pOff...]}; ADDED to (+=). Modified.
   * @param dX (B, S) dL/dx; overwritten. Modified.
   * @param dH (B, N) dL/dh; overwritten. Modified.
   */
  default void backward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      Tape tape,
      double[] dHNext,
      double[] dOut,
      double[] dP,
      double[] dX,
      double[] dH) {
    backward(p, pOff, x, h, dt, batch, tape, dHNext, dOut, dP, dX, dH, null);
  }
}
