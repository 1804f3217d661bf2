package io.liquid4j.cell;

/**
 * A {@link Cell.Workspace} bound to one parameter array and offset, whose scratch grows with the
 * batch: what the LTC and CfC workspaces share.
 */
abstract class BoundWorkspace implements Cell.Workspace {
  final double[] p;
  final int pOff;

  BoundWorkspace(double[] p, int pOff) {
    this.p = p;
    this.pOff = pOff;
  }

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
