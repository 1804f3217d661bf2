package io.liquid4j.cell;

import java.util.Arrays;

/**
 * Core's {@link MatmulKernel}: {@link MatmulReference}'s sums, each in the same order, arranged so
 * that C2 vectorizes them:
 * <ul>
 *   <li>matrices are arrays of rows, and every innermost loop indexes all its arrays with the same
 *       expression (c[j], b[j]): C2 (JDK 17) vectorizes such loops, but not loops that index two
 *       arrays at different offsets (it cannot rule out that they are one array, overlapping);
 *   <li>the innermost loop runs along a result row (an outer-product update) instead of being a
 *       dot product, a serial chain of dependent additions;
 *   <li>four result rows (or four k) share each pass over a row of b.
 * </ul>
 * The float32 overloads are the same loops on float[] (twice the lanes per vector register).
 */
final class ScalarMatmulKernel implements MatmulKernel {
  static final ScalarMatmulKernel INSTANCE = new ScalarMatmulKernel();

  private ScalarMatmulKernel() {}

  @Override
  public void multiplyAdd(double[][] c, boolean zero, double[][] a, int aOff, double[][] b,
      int cols, int depth, int rows) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      double[] c0 = c[r];
      double[] c1 = c[r + 1];
      double[] c2 = c[r + 2];
      double[] c3 = c[r + 3];
      double[] a0 = a[r];
      double[] a1 = a[r + 1];
      double[] a2 = a[r + 2];
      double[] a3 = a[r + 3];
      if (zero) {
        Arrays.fill(c0, 0, cols, 0.0);
        Arrays.fill(c1, 0, cols, 0.0);
        Arrays.fill(c2, 0, cols, 0.0);
        Arrays.fill(c3, 0, cols, 0.0);
      }
      for (int k = 0; k < depth; k++) {
        double v0 = a0[aOff + k];
        double v1 = a1[aOff + k];
        double v2 = a2[aOff + k];
        double v3 = a3[aOff + k];
        double[] bk = b[k];
        for (int j = 0; j < cols; j++) {
          double w = bk[j];
          c0[j] = Math.fma(v0, w, c0[j]);
          c1[j] = Math.fma(v1, w, c1[j]);
          c2[j] = Math.fma(v2, w, c2[j]);
          c3[j] = Math.fma(v3, w, c3[j]);
        }
      }
    }
    // Single rows (streaming): four k per pass over the result row instead, still adding
    // k = 0, 1, 2, ... in order to each entry.
    for (; r < rows; r++) {
      double[] cr = c[r];
      double[] ar = a[r];
      if (zero) {
        Arrays.fill(cr, 0, cols, 0.0);
      }
      int k = 0;
      for (; k + 4 <= depth; k += 4) {
        double v0 = ar[aOff + k];
        double v1 = ar[aOff + k + 1];
        double v2 = ar[aOff + k + 2];
        double v3 = ar[aOff + k + 3];
        double[] b0 = b[k];
        double[] b1 = b[k + 1];
        double[] b2 = b[k + 2];
        double[] b3 = b[k + 3];
        for (int j = 0; j < cols; j++) {
          double s = cr[j];
          s = Math.fma(v0, b0[j], s);
          s = Math.fma(v1, b1[j], s);
          s = Math.fma(v2, b2[j], s);
          s = Math.fma(v3, b3[j], s);
          cr[j] = s;
        }
      }
      for (; k < depth; k++) {
        double v = ar[aOff + k];
        double[] bk = b[k];
        for (int j = 0; j < cols; j++) {
          cr[j] = Math.fma(v, bk[j], cr[j]);
        }
      }
    }
  }

  @Override
  public void weightGradient(double[] dW, int wOff, double[][] dy, int col, double[][] x,
      double[][] mask, int out, int in, int rows, double[] scratch) {
    // One weight row at a time, copied out so that the inner loop has no offsets.
    double[] row = scratch;
    for (int o = 0; o < out; o++) {
      int c = col + o;
      System.arraycopy(dW, wOff + o * in, row, 0, in);
      double[] m = mask == null ? null : mask[o];
      int r = 0;
      for (; r + 4 <= rows; r += 4) {
        double d0 = dy[r][c];
        double d1 = dy[r + 1][c];
        double d2 = dy[r + 2][c];
        double d3 = dy[r + 3][c];
        double[] x0 = x[r];
        double[] x1 = x[r + 1];
        double[] x2 = x[r + 2];
        double[] x3 = x[r + 3];
        if (m == null) {
          for (int i = 0; i < in; i++) {
            double s = row[i];
            s = Math.fma(d0, x0[i], s);
            s = Math.fma(d1, x1[i], s);
            s = Math.fma(d2, x2[i], s);
            s = Math.fma(d3, x3[i], s);
            row[i] = s;
          }
        } else {
          for (int i = 0; i < in; i++) {
            double s = row[i];
            s = Math.fma(d0, x0[i] * m[i], s);
            s = Math.fma(d1, x1[i] * m[i], s);
            s = Math.fma(d2, x2[i] * m[i], s);
            s = Math.fma(d3, x3[i] * m[i], s);
            row[i] = s;
          }
        }
      }
      for (; r < rows; r++) {
        double d = dy[r][c];
        double[] xr = x[r];
        if (m == null) {
          for (int i = 0; i < in; i++) {
            row[i] = Math.fma(d, xr[i], row[i]);
          }
        } else {
          for (int i = 0; i < in; i++) {
            row[i] = Math.fma(d, xr[i] * m[i], row[i]);
          }
        }
      }
      System.arraycopy(row, 0, dW, wOff + o * in, in);
    }
  }

  // The float32 overloads: the float64 loops above with float types, so each entry is the same
  // chain of float fused multiply-adds as MatmulReference's float loops (and twice the lanes).

  @Override
  public void multiplyAdd(float[][] c, boolean zero, float[][] a, int aOff, float[][] b,
      int cols, int depth, int rows) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      float[] c0 = c[r];
      float[] c1 = c[r + 1];
      float[] c2 = c[r + 2];
      float[] c3 = c[r + 3];
      float[] a0 = a[r];
      float[] a1 = a[r + 1];
      float[] a2 = a[r + 2];
      float[] a3 = a[r + 3];
      if (zero) {
        Arrays.fill(c0, 0, cols, 0f);
        Arrays.fill(c1, 0, cols, 0f);
        Arrays.fill(c2, 0, cols, 0f);
        Arrays.fill(c3, 0, cols, 0f);
      }
      for (int k = 0; k < depth; k++) {
        float v0 = a0[aOff + k];
        float v1 = a1[aOff + k];
        float v2 = a2[aOff + k];
        float v3 = a3[aOff + k];
        float[] bk = b[k];
        for (int j = 0; j < cols; j++) {
          float w = bk[j];
          c0[j] = Math.fma(v0, w, c0[j]);
          c1[j] = Math.fma(v1, w, c1[j]);
          c2[j] = Math.fma(v2, w, c2[j]);
          c3[j] = Math.fma(v3, w, c3[j]);
        }
      }
    }
    // Single rows (streaming): four k per pass over the result row, as in the float64 version.
    for (; r < rows; r++) {
      float[] cr = c[r];
      float[] ar = a[r];
      if (zero) {
        Arrays.fill(cr, 0, cols, 0f);
      }
      int k = 0;
      for (; k + 4 <= depth; k += 4) {
        float v0 = ar[aOff + k];
        float v1 = ar[aOff + k + 1];
        float v2 = ar[aOff + k + 2];
        float v3 = ar[aOff + k + 3];
        float[] b0 = b[k];
        float[] b1 = b[k + 1];
        float[] b2 = b[k + 2];
        float[] b3 = b[k + 3];
        for (int j = 0; j < cols; j++) {
          float s = cr[j];
          s = Math.fma(v0, b0[j], s);
          s = Math.fma(v1, b1[j], s);
          s = Math.fma(v2, b2[j], s);
          s = Math.fma(v3, b3[j], s);
          cr[j] = s;
        }
      }
      for (; k < depth; k++) {
        float v = ar[aOff + k];
        float[] bk = b[k];
        for (int j = 0; j < cols; j++) {
          cr[j] = Math.fma(v, bk[j], cr[j]);
        }
      }
    }
  }

  @Override
  public void weightGradient(float[] dW, int wOff, float[][] dy, int col, float[][] x,
      float[][] mask, int out, int in, int rows, float[] scratch) {
    // One weight row at a time, copied out so that the inner loop has no offsets (as above).
    float[] row = scratch;
    for (int o = 0; o < out; o++) {
      System.arraycopy(dW, wOff + o * in, row, 0, in);
      gradientRow(row, dy, col + o, x, mask == null ? null : mask[o], in, rows);
      System.arraycopy(row, 0, dW, wOff + o * in, in);
    }
  }

  @Override
  public void weightGradientMixed(double[] dW, int wOff, float[][] dy, int col, float[][] x,
      float[][] mask, int out, int in, int rows, float[] scratch) {
    float[] row = scratch;
    for (int o = 0; o < out; o++) {
      java.util.Arrays.fill(row, 0, in, 0.0f);
      gradientRow(row, dy, col + o, x, mask == null ? null : mask[o], in, rows);
      int at = wOff + o * in;
      for (int i = 0; i < in; i++) {
        dW[at + i] += row[i];
      }
    }
  }

  /** row[i] ← row[i] + Σ_r dy[r][c]·x[r][i]·m[i], samples in order, four at a time. */
  private static void gradientRow(float[] row, float[][] dy, int c, float[][] x, float[] m,
      int in, int rows) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      float d0 = dy[r][c];
      float d1 = dy[r + 1][c];
      float d2 = dy[r + 2][c];
      float d3 = dy[r + 3][c];
      float[] x0 = x[r];
      float[] x1 = x[r + 1];
      float[] x2 = x[r + 2];
      float[] x3 = x[r + 3];
      if (m == null) {
        for (int i = 0; i < in; i++) {
          float s = row[i];
          s = Math.fma(d0, x0[i], s);
          s = Math.fma(d1, x1[i], s);
          s = Math.fma(d2, x2[i], s);
          s = Math.fma(d3, x3[i], s);
          row[i] = s;
        }
      } else {
        for (int i = 0; i < in; i++) {
          float s = row[i];
          s = Math.fma(d0, x0[i] * m[i], s);
          s = Math.fma(d1, x1[i] * m[i], s);
          s = Math.fma(d2, x2[i] * m[i], s);
          s = Math.fma(d3, x3[i] * m[i], s);
          row[i] = s;
        }
      }
    }
    for (; r < rows; r++) {
      float d = dy[r][c];
      float[] xr = x[r];
      if (m == null) {
        for (int i = 0; i < in; i++) {
          row[i] = Math.fma(d, xr[i], row[i]);
        }
      } else {
        for (int i = 0; i < in; i++) {
          row[i] = Math.fma(d, xr[i] * m[i], row[i]);
        }
      }
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
