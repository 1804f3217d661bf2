package io.liquid4j.cell;

/**
 * The matrix products of a dense layer over a batch, where a CfC, an LSTM and the projections
 * spend most of a training step: the forward product Y = X·Wᵀ and the input gradient dX = dY·W
 * (both {@link #multiplyAdd}), and the weight gradient dW += dYᵀ·X ({@link #weightGradient}).
 * Core's implementation is scalar code that C2 vectorizes; the optional module {@code
 * liquid4j-vector} provides one on the Java Vector API with register tiles, which {@link
 * Kernels#matmul()} picks up when it is on the class path and {@code jdk.incubator.vector} is
 * resolved.
 *
 * <p>Every implementation computes each result entry as one chain of fused multiply-adds over k
 * in increasing order, starting from 0 or from the entry's value as documented, whatever the tile
 * the entry falls in. So all implementations give the same bits as the plain triple loops of {@code MatmulReference}, and a
 * sample's result does not depend on which other samples share its batch. Implementations must be
 * thread-safe (they are called on disjoint outputs from several threads).
 */
public interface MatmulKernel {
  /**
   * c[r][j] ← s[r][j] + Σ_{k &lt; depth} a[r][aOff + k]·b[k][j] for r &lt; rows and j &lt; cols,
   * where s = 0 when {@code zero}, else the current c; the sum runs as {@code s =
   * fma(a[r][aOff + k], b[k][j], s)} for k = 0, 1, … . With a = X, b = Wᵀ it is a layer's
   * forward product; with a = dY, b = W its input gradient.
   *
   * @param c (rows, ≥ cols) results. Modified.
   * @param zero whether each sum starts at 0 (else at c's current value)
   * @param a (rows, ≥ aOff + depth) left factor. Not modified.
   * @param aOff first column of a used
   * @param b (depth, ≥ cols) right factor. Not modified.
   * @param cols number of result columns
   * @param depth length of each sum
   * @param rows number of result rows (samples)
   */
  void multiplyAdd(double[][] c, boolean zero, double[][] a, int aOff, double[][] b, int cols,
      int depth, int rows);

  /**
   * dW[o, i] ← dW[o, i] + Σ_{r &lt; rows} dy[r][col + o]·x[r][i]·mask[o][i] for o &lt; out, i &lt;
   * in, the sum running as {@code dW = fma(dy[r][col + o], x[r][i]·mask[o][i], dW)} for r = 0, 1,
   * … (mask null: as if all ones): a layer's weight gradient, samples added in increasing order as
   * when the one-sample backward runs sample by sample.
   *
   * @param dW (out, in) row-major at {@code dW[wOff...]}; ADDED to. Modified.
   * @param wOff index of dW[0, 0]
   * @param dy (rows, ≥ col + out) output gradients in columns [col, col + out). Not modified.
   * @param col first column of dy used
   * @param x (rows, ≥ in) the forward inputs. Not modified.
   * @param mask (out, ≥ in) 0/1 multiplier of the weight, or null. Not modified.
   * @param out number of outputs (rows of dW)
   * @param in number of inputs (columns of dW)
   * @param rows number of samples
   * @param scratch at least {@code in} values an implementation may use. Modified.
   */
  void weightGradient(double[] dW, int wOff, double[][] dy, int col, double[][] x,
      double[][] mask, int out, int in, int rows, double[] scratch);

  /**
   * {@link #multiplyAdd(double[][], boolean, double[][], int, double[][], int, int, int)} in
   * float32: each entry one chain of float fused multiply-adds over k in increasing order, so every
   * implementation gives the same bits. This default is the plain triple loop of {@code
   * MatmulReference}; core's scalar kernel and the Vector API one override it with tiled loops.
   *
   * @param c (rows, ≥ cols) results. Modified.
   * @param zero whether each sum starts at 0 (else at c's current value)
   * @param a (rows, ≥ aOff + depth) left factor. Not modified.
   * @param aOff first column of a used
   * @param b (depth, ≥ cols) right factor. Not modified.
   * @param cols number of result columns
   * @param depth length of each sum
   * @param rows number of result rows (samples)
   */
  default void multiplyAdd(float[][] c, boolean zero, float[][] a, int aOff, float[][] b, int cols,
      int depth, int rows) {
    MatmulReference.multiplyAdd(c, zero, a, aOff, b, cols, depth, rows);
  }

  /**
   * {@link #weightGradient(double[], int, double[][], int, double[][], double[][], int, int, int,
   * double[])} in float32, the sums as float fused multiply-adds over r in increasing order, so
   * every implementation gives the same bits. This default is the plain loop of {@code
   * MatmulReference}; core's scalar kernel and the Vector API one override it with tiled loops.
   *
   * @param dW (out, in) row-major at {@code dW[wOff...]}; ADDED to. Modified.
   * @param wOff index of dW[0, 0]
   * @param dy (rows, ≥ col + out) output gradients in columns [col, col + out). Not modified.
   * @param col first column of dy used
   * @param x (rows, ≥ in) the forward inputs. Not modified.
   * @param mask (out, ≥ in) 0/1 multiplier of the weight, or null. Not modified.
   * @param out number of outputs (rows of dW)
   * @param in number of inputs (columns of dW)
   * @param rows number of samples
   * @param scratch at least {@code in} values an implementation may use. Modified.
   */
  default void weightGradient(float[] dW, int wOff, float[][] dy, int col, float[][] x,
      float[][] mask, int out, int in, int rows, float[] scratch) {
    MatmulReference.weightGradient(dW, wOff, dy, col, x, mask, out, in, rows);
  }

  /**
   * The float32 weight gradient of one call added to float64 totals: for each entry, s = Σ_r
   * dy[r][col + o]·x[r][i]·mask[o][i] as a float fused multiply-add chain over r in increasing
   * order starting from 0, then dW[o, i] ← dW[o, i] + s in double. The same bits as {@link
   * #weightGradient(float[], int, float[][], int, float[][], float[][], int, int, int, float[])}
   * into a zeroed float buffer followed by adding that buffer to dW, without the buffer: the float32
   * paths use it so that a backward call passes over the float64 gradient once, as the float64
   * path does, instead of zeroing, filling and then adding a whole float copy.
   *
   * @param dW (out, in) row-major at {@code dW[wOff...]}; ADDED to. Modified.
   * @param wOff index of dW[0, 0]
   * @param dy (rows, ≥ col + out) output gradients in columns [col, col + out). Not modified.
   * @param col first column of dy used
   * @param x (rows, ≥ in) the forward inputs. Not modified.
   * @param mask (out, ≥ in) 0/1 multiplier of the weight, or null. Not modified.
   * @param out number of outputs (rows of dW)
   * @param in number of inputs (columns of dW)
   * @param rows number of samples
   * @param scratch at least {@code in} values an implementation may use. Modified.
   */
  default void weightGradientMixed(double[] dW, int wOff, float[][] dy, int col, float[][] x,
      float[][] mask, int out, int in, int rows, float[] scratch) {
    MatmulReference.weightGradientMixed(dW, wOff, dy, col, x, mask, out, in, rows);
  }

  /**
   * A short name for diagnostics, such as {@code scalar} or {@code vector-512}.
   *
   * @return the implementation's name
   */
  String name();

  /**
   * Core's implementation, scalar code that C2 vectorizes.
   *
   * @return the scalar kernel, whatever the JVM provides
   */
  static MatmulKernel scalar() {
    return ScalarMatmulKernel.INSTANCE;
  }
}
