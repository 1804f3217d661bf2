package io.liquid4j.cell;

/**
 * A {@link Cell.Workspace} bound to one parameter array and offset, whose scratch grows with the
 * batch: what the LTC and CfC workspaces share. A training loop rebinds one workspace to each new
 * parameter array ({@link #bind}) instead of allocating its scratch again every step.
 */
abstract class BoundWorkspace implements Cell.Workspace {
  double[] p;
  int pOff;

  /**
   * Binds this workspace to {@code p[pOff...]} and recomputes what the cell derives from those
   * parameters. Subclass constructors call it once their own fields exist.
   */
  final void bind(double[] p, int pOff) {
    this.p = p;
    this.pOff = pOff;
    derive();
  }

  /** Computes the derived parameters (transposes, softplus'd conductances) from p[pOff...]. */
  abstract void derive();

  /** Grows the scratch arrays to hold at least {@code batch} samples. */
  abstract void ensure(int batch);

  /**
   * Readies this workspace for a step on {@code p[pOff...]} with {@code batch} samples; a workspace
   * made for other parameters would silently compute with them, so that is an error.
   */
  final void prepare(double[] p, int pOff, int batch) {
    if (this.p != p || this.pOff != pOff) {
      throw new IllegalArgumentException(
          "workspace was made for another parameter array or offset");
    }
    ensure(batch);
  }
}
