package io.liquid4j.cell;

/**
 * How an {@link LtcCell} computes its steps: the cell's plain reference, or one of the fast
 * kernels ({@link LtcSparseKernel} for wirings with few synapses, {@link LtcDenseKernel} for
 * wirings where most of the N × N synapses exist, {@link LtcDenseFloat32Kernel} for every wiring in
 * float32). Each is the whole of the cell's {@link Cell}
 * contract for tapes, workspaces, forward and backward; the cell checks the arguments common to
 * all and delegates. Tapes and workspaces belong to the kernel that made them.
 */
abstract class LtcKernel {
  /** The implementations, for choosing one explicitly (tests compare them with each other). */
  enum Kind {
    /** {@link LtcCell}'s sample-at-a-time reference: the equations written out, slow. */
    REFERENCE,
    /** Synapse lists, batch innermost: fast when each neuron has few synapses. */
    SPARSE,
    /** Dense N × N matrices, one sample at a time, neurons innermost: fast for dense wirings. */
    DENSE,
    /** {@link #DENSE}'s loops in float32 arithmetic: every wiring in {@link Precision#FLOAT32}. */
    DENSE_FLOAT32
  }

  /**
   * Which implementation this is.
   *
   * @return the kind
   */
  abstract Kind kind();

  /** As {@link Cell#newTape(int, java.util.random.RandomGenerator, Cell.Tape)} without rng. */
  abstract Cell.Tape newTape(int batch, Cell.Tape old);

  /** As {@link Cell#newWorkspace(double[], int, int, Cell.Workspace)}. */
  abstract Cell.Workspace newWorkspace(double[] p, int pOff, int batch, Cell.Workspace old);

  /** As {@link Cell#forward}; the cell has already checked the solver against the tape. */
  abstract void forward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out,
      Cell.Tape tape,
      Cell.Workspace workspace);

  /** As {@link Cell#backward}. */
  abstract void backward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      Cell.Tape tape,
      double[] dHNext,
      double[] dOut,
      double[] dP,
      double[] dX,
      double[] dH,
      Cell.Workspace workspace);
}
