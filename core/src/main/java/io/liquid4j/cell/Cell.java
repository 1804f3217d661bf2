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
  /** Number of input features S. */
  int inputSize();

  /** Size N of the state carried from step to step. */
  int stateSize();

  /** Size M of the output emitted each step. */
  int outputSize();

  /** Names, shapes and offsets of the parameters, relative to {@code pOff}. */
  ParameterLayout layout();

  /**
   * Writes freshly initialised parameters (ncps's initialisation ranges) at {@code p[pOff...]}.
   *
   * @param p parameter array. Modified.
   * @param rng source of randomness. Modified (advanced).
   */
  void initParameters(double[] p, int pOff, java.util.random.RandomGenerator rng);

  /**
   * Advances a batch by one step.
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param x (B, S) inputs. Not modified.
   * @param h (B, N) current state. Not modified.
   * @param dt (B) elapsed time of each sample since its previous step. Not modified.
   * @param hNext (B, N) next state. Modified; must not be {@code h}.
   * @param out (B, M) outputs. Modified.
   */
  void step(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out);
}
