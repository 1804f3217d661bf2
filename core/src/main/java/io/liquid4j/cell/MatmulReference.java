package io.liquid4j.cell;

/**
 * The plain triple loops that define {@link MatmulKernel}'s products, entry by entry, in the
 * order every implementation must follow: the reference the fast kernels are tested against.
 */
final class MatmulReference {
  private MatmulReference() {}

  /**
   * {@link MatmulKernel#multiplyAdd}: c[r][j] = (zero ? 0 : c[r][j]) + Σ_k a[r][aOff + k]·b[k][j].
   */
  static void multiplyAdd(double[][] c, boolean zero, double[][] a, int aOff, double[][] b,
      int cols, int depth, int rows) {
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        double s = zero ? 0 : c[r][j];
        for (int k = 0; k < depth; k++) {
          s = Math.fma(a[r][aOff + k], b[k][j], s);
        }
        c[r][j] = s;
      }
    }
  }

  /** {@link MatmulKernel#weightGradient}: dW[o, i] += Σ_r dy[r][col + o]·x[r][i]·mask[o][i]. */
  static void weightGradient(double[] dW, int wOff, double[][] dy, int col, double[][] x,
      double[][] mask, int out, int in, int rows) {
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        double s = dW[wOff + o * in + i];
        double m = mask == null ? 1 : mask[o][i];
        for (int r = 0; r < rows; r++) {
          s = Math.fma(dy[r][col + o], x[r][i] * m, s);
        }
        dW[wOff + o * in + i] = s;
      }
    }
  }

  /** The float32 {@link MatmulKernel#multiplyAdd(float[][], boolean, float[][], int, float[][], int, int, int)}. */
  static void multiplyAdd(float[][] c, boolean zero, float[][] a, int aOff, float[][] b,
      int cols, int depth, int rows) {
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        float s = zero ? 0 : c[r][j];
        for (int k = 0; k < depth; k++) {
          s = Math.fma(a[r][aOff + k], b[k][j], s);
        }
        c[r][j] = s;
      }
    }
  }

  /** The float32 weight gradient: dW[o, i] += Σ_r dy[r][col + o]·x[r][i]·mask[o][i]. */
  static void weightGradient(float[] dW, int wOff, float[][] dy, int col, float[][] x,
      float[][] mask, int out, int in, int rows) {
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        float s = dW[wOff + o * in + i];
        float m = mask == null ? 1 : mask[o][i];
        for (int r = 0; r < rows; r++) {
          s = Math.fma(dy[r][col + o], x[r][i] * m, s);
        }
        dW[wOff + o * in + i] = s;
      }
    }
  }

  /** {@link MatmulKernel#weightGradientMixed}: dW[o, i] += (Σ_r dy[r][col + o]·x[r][i]·mask[o][i] in float). */
  static void weightGradientMixed(double[] dW, int wOff, float[][] dy, int col, float[][] x,
      float[][] mask, int out, int in, int rows) {
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        float s = 0;
        float m = mask == null ? 1 : mask[o][i];
        for (int r = 0; r < rows; r++) {
          s = Math.fma(dy[r][col + o], x[r][i] * m, s);
        }
        dW[wOff + o * in + i] += s;
      }
    }
  }
}
