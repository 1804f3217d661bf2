package io.liquid4j.vector;

import io.liquid4j.cell.MatmulKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatmulKernel} on the Vector API, with register tiles: 4 result rows × 2 vectors of
 * columns (eight vector accumulators) while k streams past, so each k costs two vector loads of
 * b and four broadcasts of a for eight fused multiply-adds, and the results are stored once
 * instead of once per k. Single rows (streaming) take 1 row × 4 vectors. Each lane does exactly
 * the scalar kernel's fused multiply-adds in the same order (edges included, by scalar {@link
 * Math#fma}), so the two give the same bits. The float32 overloads are the same tiles on {@link
 * FloatVector#SPECIES_PREFERRED}, giving the bits of the float loops of core's plain reference.
 */
public final class VectorMatmulKernel implements MatmulKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final int FLANES = FLOATS.length();

  /** A kernel for the JVM's preferred vector size (found through the ServiceLoader). */
  public VectorMatmulKernel() {}

  @Override
  public void multiplyAdd(double[][] c, boolean zero, double[][] a, int aOff, double[][] b,
      int cols, int depth, int rows) {
    // Column strips outside, row tiles inside: a strip of b (depth × 2 vectors, 35 KB for a
    // depth of 272 at 512 bits) stays in cache while every tile of rows passes over it, where
    // rows outside would stream all of b (0.5-2 MB for a CfC 256) once per four rows.
    int tiled = rows - rows % 4;
    int j = 0;
    for (; j + 2 * LANES <= cols; j += 2 * LANES) {
      for (int r = 0; r < tiled; r += 4) {
        tile4x2(c, zero, a, aOff, b, depth, r, j);
      }
    }
    for (; j + LANES <= cols; j += LANES) {
      for (int r = 0; r < tiled; r += 4) {
        tile4x1(c, zero, a, aOff, b, depth, r, j);
      }
    }
    for (int r = 0; r < tiled; r++) {
      edge(c[r], zero, a[r], aOff, b, j, cols, depth);
    }
    for (int r = tiled; r < rows; r++) {
      double[] cr = c[r];
      double[] ar = a[r];
      j = 0;
      for (; j + 4 * LANES <= cols; j += 4 * LANES) {
        tile1x4(cr, zero, ar, aOff, b, depth, j);
      }
      for (; j + LANES <= cols; j += LANES) {
        DoubleVector s = start(zero, cr, j);
        for (int k = 0; k < depth; k++) {
          s = DoubleVector.fromArray(SPECIES, b[k], j)
              .fma(DoubleVector.broadcast(SPECIES, ar[aOff + k]), s);
        }
        s.intoArray(cr, j);
      }
      edge(cr, zero, ar, aOff, b, j, cols, depth);
    }
  }

  /** Columns [from, to) of one result row, one scalar chain per entry. */
  private static void edge(double[] cr, boolean zero, double[] ar, int aOff, double[][] b,
      int from, int to, int depth) {
    for (int j = from; j < to; j++) {
      double s = zero ? 0 : cr[j];
      for (int k = 0; k < depth; k++) {
        s = Math.fma(ar[aOff + k], b[k][j], s);
      }
      cr[j] = s;
    }
  }

  private static DoubleVector start(boolean zero, double[] c, int j) {
    return zero ? DoubleVector.zero(SPECIES) : DoubleVector.fromArray(SPECIES, c, j);
  }

  private static void tile4x2(double[][] c, boolean zero, double[][] a, int aOff, double[][] b,
      int depth, int r, int j) {
    double[] c0 = c[r];
    double[] c1 = c[r + 1];
    double[] c2 = c[r + 2];
    double[] c3 = c[r + 3];
    double[] a0 = a[r];
    double[] a1 = a[r + 1];
    double[] a2 = a[r + 2];
    double[] a3 = a[r + 3];
    DoubleVector s0a = start(zero, c0, j);
    DoubleVector s0b = start(zero, c0, j + LANES);
    DoubleVector s1a = start(zero, c1, j);
    DoubleVector s1b = start(zero, c1, j + LANES);
    DoubleVector s2a = start(zero, c2, j);
    DoubleVector s2b = start(zero, c2, j + LANES);
    DoubleVector s3a = start(zero, c3, j);
    DoubleVector s3b = start(zero, c3, j + LANES);
    for (int k = 0; k < depth; k++) {
      double[] bk = b[k];
      DoubleVector ba = DoubleVector.fromArray(SPECIES, bk, j);
      DoubleVector bb = DoubleVector.fromArray(SPECIES, bk, j + LANES);
      DoubleVector v0 = DoubleVector.broadcast(SPECIES, a0[aOff + k]);
      DoubleVector v1 = DoubleVector.broadcast(SPECIES, a1[aOff + k]);
      DoubleVector v2 = DoubleVector.broadcast(SPECIES, a2[aOff + k]);
      DoubleVector v3 = DoubleVector.broadcast(SPECIES, a3[aOff + k]);
      s0a = v0.fma(ba, s0a);
      s0b = v0.fma(bb, s0b);
      s1a = v1.fma(ba, s1a);
      s1b = v1.fma(bb, s1b);
      s2a = v2.fma(ba, s2a);
      s2b = v2.fma(bb, s2b);
      s3a = v3.fma(ba, s3a);
      s3b = v3.fma(bb, s3b);
    }
    s0a.intoArray(c0, j);
    s0b.intoArray(c0, j + LANES);
    s1a.intoArray(c1, j);
    s1b.intoArray(c1, j + LANES);
    s2a.intoArray(c2, j);
    s2b.intoArray(c2, j + LANES);
    s3a.intoArray(c3, j);
    s3b.intoArray(c3, j + LANES);
  }

  private static void tile4x1(double[][] c, boolean zero, double[][] a, int aOff, double[][] b,
      int depth, int r, int j) {
    double[] a0 = a[r];
    double[] a1 = a[r + 1];
    double[] a2 = a[r + 2];
    double[] a3 = a[r + 3];
    DoubleVector s0 = start(zero, c[r], j);
    DoubleVector s1 = start(zero, c[r + 1], j);
    DoubleVector s2 = start(zero, c[r + 2], j);
    DoubleVector s3 = start(zero, c[r + 3], j);
    for (int k = 0; k < depth; k++) {
      DoubleVector bv = DoubleVector.fromArray(SPECIES, b[k], j);
      s0 = DoubleVector.broadcast(SPECIES, a0[aOff + k]).fma(bv, s0);
      s1 = DoubleVector.broadcast(SPECIES, a1[aOff + k]).fma(bv, s1);
      s2 = DoubleVector.broadcast(SPECIES, a2[aOff + k]).fma(bv, s2);
      s3 = DoubleVector.broadcast(SPECIES, a3[aOff + k]).fma(bv, s3);
    }
    s0.intoArray(c[r], j);
    s1.intoArray(c[r + 1], j);
    s2.intoArray(c[r + 2], j);
    s3.intoArray(c[r + 3], j);
  }

  /** One row, four vectors of columns: four independent chains hide the fma latency. */
  private static void tile1x4(double[] cr, boolean zero, double[] ar, int aOff, double[][] b,
      int depth, int j) {
    DoubleVector s0 = start(zero, cr, j);
    DoubleVector s1 = start(zero, cr, j + LANES);
    DoubleVector s2 = start(zero, cr, j + 2 * LANES);
    DoubleVector s3 = start(zero, cr, j + 3 * LANES);
    for (int k = 0; k < depth; k++) {
      double[] bk = b[k];
      DoubleVector v = DoubleVector.broadcast(SPECIES, ar[aOff + k]);
      s0 = v.fma(DoubleVector.fromArray(SPECIES, bk, j), s0);
      s1 = v.fma(DoubleVector.fromArray(SPECIES, bk, j + LANES), s1);
      s2 = v.fma(DoubleVector.fromArray(SPECIES, bk, j + 2 * LANES), s2);
      s3 = v.fma(DoubleVector.fromArray(SPECIES, bk, j + 3 * LANES), s3);
    }
    s0.intoArray(cr, j);
    s1.intoArray(cr, j + LANES);
    s2.intoArray(cr, j + 2 * LANES);
    s3.intoArray(cr, j + 3 * LANES);
  }

  @Override
  public void weightGradient(double[] dW, int wOff, double[][] dy, int col, double[][] x,
      double[][] mask, int out, int in, int rows, double[] scratch) {
    if (mask != null) {
      // Masked weights (sparse CfC heads) are rare; core's kernel computes the same bits.
      MatmulKernel.scalar().weightGradient(dW, wOff, dy, col, x, mask, out, in, rows, scratch);
      return;
    }
    int o = 0;
    for (; o + 4 <= out; o += 4) {
      int i = 0;
      for (; i + 2 * LANES <= in; i += 2 * LANES) {
        gradientTile4x2(dW, wOff, dy, col, x, in, rows, o, i);
      }
      for (int q = o; q < o + 4; q++) {
        gradientEdge(dW, wOff, dy, col, x, in, rows, q, i);
      }
    }
    for (; o < out; o++) {
      int i = 0;
      for (; i + LANES <= in; i += LANES) {
        int at = wOff + o * in + i;
        DoubleVector s = DoubleVector.fromArray(SPECIES, dW, at);
        for (int r = 0; r < rows; r++) {
          s = DoubleVector.broadcast(SPECIES, dy[r][col + o])
              .fma(DoubleVector.fromArray(SPECIES, x[r], i), s);
        }
        s.intoArray(dW, at);
      }
      gradientEdge(dW, wOff, dy, col, x, in, rows, o, i);
    }
  }

  /** Columns [from, in) of weight row o, one scalar chain per entry. */
  private static void gradientEdge(double[] dW, int wOff, double[][] dy, int col, double[][] x,
      int in, int rows, int o, int from) {
    for (int i = from; i < in; i++) {
      int at = wOff + o * in + i;
      double s = dW[at];
      for (int r = 0; r < rows; r++) {
        s = Math.fma(dy[r][col + o], x[r][i], s);
      }
      dW[at] = s;
    }
  }

  private static void gradientTile4x2(double[] dW, int wOff, double[][] dy, int col,
      double[][] x, int in, int rows, int o, int i) {
    int at0 = wOff + o * in + i;
    int at1 = at0 + in;
    int at2 = at1 + in;
    int at3 = at2 + in;
    DoubleVector s0a = DoubleVector.fromArray(SPECIES, dW, at0);
    DoubleVector s0b = DoubleVector.fromArray(SPECIES, dW, at0 + LANES);
    DoubleVector s1a = DoubleVector.fromArray(SPECIES, dW, at1);
    DoubleVector s1b = DoubleVector.fromArray(SPECIES, dW, at1 + LANES);
    DoubleVector s2a = DoubleVector.fromArray(SPECIES, dW, at2);
    DoubleVector s2b = DoubleVector.fromArray(SPECIES, dW, at2 + LANES);
    DoubleVector s3a = DoubleVector.fromArray(SPECIES, dW, at3);
    DoubleVector s3b = DoubleVector.fromArray(SPECIES, dW, at3 + LANES);
    int c = col + o;
    for (int r = 0; r < rows; r++) {
      double[] xr = x[r];
      double[] g = dy[r];
      DoubleVector xa = DoubleVector.fromArray(SPECIES, xr, i);
      DoubleVector xb = DoubleVector.fromArray(SPECIES, xr, i + LANES);
      DoubleVector d0 = DoubleVector.broadcast(SPECIES, g[c]);
      DoubleVector d1 = DoubleVector.broadcast(SPECIES, g[c + 1]);
      DoubleVector d2 = DoubleVector.broadcast(SPECIES, g[c + 2]);
      DoubleVector d3 = DoubleVector.broadcast(SPECIES, g[c + 3]);
      s0a = d0.fma(xa, s0a);
      s0b = d0.fma(xb, s0b);
      s1a = d1.fma(xa, s1a);
      s1b = d1.fma(xb, s1b);
      s2a = d2.fma(xa, s2a);
      s2b = d2.fma(xb, s2b);
      s3a = d3.fma(xa, s3a);
      s3b = d3.fma(xb, s3b);
    }
    s0a.intoArray(dW, at0);
    s0b.intoArray(dW, at0 + LANES);
    s1a.intoArray(dW, at1);
    s1b.intoArray(dW, at1 + LANES);
    s2a.intoArray(dW, at2);
    s2b.intoArray(dW, at2 + LANES);
    s3a.intoArray(dW, at3);
    s3b.intoArray(dW, at3 + LANES);
  }

  // The float32 overloads: the same tiles on FloatVector.SPECIES_PREFERRED (twice the lanes, so
  // each tile covers twice the columns), each entry the same chain of float fused multiply-adds
  // as MatmulReference's float loops, edges by scalar float Math.fma.

  @Override
  public void multiplyAdd(float[][] c, boolean zero, float[][] a, int aOff, float[][] b,
      int cols, int depth, int rows) {
    // Column strips outside, row tiles inside, as in the float64 version (a strip of b is as many
    // bytes: twice the columns, half the bytes each).
    int tiled = rows - rows % 4;
    int j = 0;
    for (; j + 2 * FLANES <= cols; j += 2 * FLANES) {
      for (int r = 0; r < tiled; r += 4) {
        tile4x2(c, zero, a, aOff, b, depth, r, j);
      }
    }
    for (; j + FLANES <= cols; j += FLANES) {
      for (int r = 0; r < tiled; r += 4) {
        tile4x1(c, zero, a, aOff, b, depth, r, j);
      }
    }
    for (int r = 0; r < tiled; r++) {
      edge(c[r], zero, a[r], aOff, b, j, cols, depth);
    }
    for (int r = tiled; r < rows; r++) {
      float[] cr = c[r];
      float[] ar = a[r];
      j = 0;
      for (; j + 4 * FLANES <= cols; j += 4 * FLANES) {
        tile1x4(cr, zero, ar, aOff, b, depth, j);
      }
      for (; j + FLANES <= cols; j += FLANES) {
        FloatVector s = start(zero, cr, j);
        for (int k = 0; k < depth; k++) {
          s = FloatVector.fromArray(FLOATS, b[k], j)
              .fma(FloatVector.broadcast(FLOATS, ar[aOff + k]), s);
        }
        s.intoArray(cr, j);
      }
      edge(cr, zero, ar, aOff, b, j, cols, depth);
    }
  }

  /** Columns [from, to) of one result row, one scalar chain per entry. */
  private static void edge(float[] cr, boolean zero, float[] ar, int aOff, float[][] b,
      int from, int to, int depth) {
    for (int j = from; j < to; j++) {
      float s = zero ? 0 : cr[j];
      for (int k = 0; k < depth; k++) {
        s = Math.fma(ar[aOff + k], b[k][j], s);
      }
      cr[j] = s;
    }
  }

  private static FloatVector start(boolean zero, float[] c, int j) {
    return zero ? FloatVector.zero(FLOATS) : FloatVector.fromArray(FLOATS, c, j);
  }

  private static void tile4x2(float[][] c, boolean zero, float[][] a, int aOff, float[][] b,
      int depth, int r, int j) {
    float[] c0 = c[r];
    float[] c1 = c[r + 1];
    float[] c2 = c[r + 2];
    float[] c3 = c[r + 3];
    float[] a0 = a[r];
    float[] a1 = a[r + 1];
    float[] a2 = a[r + 2];
    float[] a3 = a[r + 3];
    FloatVector s0a = start(zero, c0, j);
    FloatVector s0b = start(zero, c0, j + FLANES);
    FloatVector s1a = start(zero, c1, j);
    FloatVector s1b = start(zero, c1, j + FLANES);
    FloatVector s2a = start(zero, c2, j);
    FloatVector s2b = start(zero, c2, j + FLANES);
    FloatVector s3a = start(zero, c3, j);
    FloatVector s3b = start(zero, c3, j + FLANES);
    for (int k = 0; k < depth; k++) {
      float[] bk = b[k];
      FloatVector ba = FloatVector.fromArray(FLOATS, bk, j);
      FloatVector bb = FloatVector.fromArray(FLOATS, bk, j + FLANES);
      FloatVector v0 = FloatVector.broadcast(FLOATS, a0[aOff + k]);
      FloatVector v1 = FloatVector.broadcast(FLOATS, a1[aOff + k]);
      FloatVector v2 = FloatVector.broadcast(FLOATS, a2[aOff + k]);
      FloatVector v3 = FloatVector.broadcast(FLOATS, a3[aOff + k]);
      s0a = v0.fma(ba, s0a);
      s0b = v0.fma(bb, s0b);
      s1a = v1.fma(ba, s1a);
      s1b = v1.fma(bb, s1b);
      s2a = v2.fma(ba, s2a);
      s2b = v2.fma(bb, s2b);
      s3a = v3.fma(ba, s3a);
      s3b = v3.fma(bb, s3b);
    }
    s0a.intoArray(c0, j);
    s0b.intoArray(c0, j + FLANES);
    s1a.intoArray(c1, j);
    s1b.intoArray(c1, j + FLANES);
    s2a.intoArray(c2, j);
    s2b.intoArray(c2, j + FLANES);
    s3a.intoArray(c3, j);
    s3b.intoArray(c3, j + FLANES);
  }

  private static void tile4x1(float[][] c, boolean zero, float[][] a, int aOff, float[][] b,
      int depth, int r, int j) {
    float[] a0 = a[r];
    float[] a1 = a[r + 1];
    float[] a2 = a[r + 2];
    float[] a3 = a[r + 3];
    FloatVector s0 = start(zero, c[r], j);
    FloatVector s1 = start(zero, c[r + 1], j);
    FloatVector s2 = start(zero, c[r + 2], j);
    FloatVector s3 = start(zero, c[r + 3], j);
    for (int k = 0; k < depth; k++) {
      FloatVector bv = FloatVector.fromArray(FLOATS, b[k], j);
      s0 = FloatVector.broadcast(FLOATS, a0[aOff + k]).fma(bv, s0);
      s1 = FloatVector.broadcast(FLOATS, a1[aOff + k]).fma(bv, s1);
      s2 = FloatVector.broadcast(FLOATS, a2[aOff + k]).fma(bv, s2);
      s3 = FloatVector.broadcast(FLOATS, a3[aOff + k]).fma(bv, s3);
    }
    s0.intoArray(c[r], j);
    s1.intoArray(c[r + 1], j);
    s2.intoArray(c[r + 2], j);
    s3.intoArray(c[r + 3], j);
  }

  /** One row, four vectors of columns: four independent chains hide the fma latency. */
  private static void tile1x4(float[] cr, boolean zero, float[] ar, int aOff, float[][] b,
      int depth, int j) {
    FloatVector s0 = start(zero, cr, j);
    FloatVector s1 = start(zero, cr, j + FLANES);
    FloatVector s2 = start(zero, cr, j + 2 * FLANES);
    FloatVector s3 = start(zero, cr, j + 3 * FLANES);
    for (int k = 0; k < depth; k++) {
      float[] bk = b[k];
      FloatVector v = FloatVector.broadcast(FLOATS, ar[aOff + k]);
      s0 = v.fma(FloatVector.fromArray(FLOATS, bk, j), s0);
      s1 = v.fma(FloatVector.fromArray(FLOATS, bk, j + FLANES), s1);
      s2 = v.fma(FloatVector.fromArray(FLOATS, bk, j + 2 * FLANES), s2);
      s3 = v.fma(FloatVector.fromArray(FLOATS, bk, j + 3 * FLANES), s3);
    }
    s0.intoArray(cr, j);
    s1.intoArray(cr, j + FLANES);
    s2.intoArray(cr, j + 2 * FLANES);
    s3.intoArray(cr, j + 3 * FLANES);
  }

  @Override
  public void weightGradient(float[] dW, int wOff, float[][] dy, int col, float[][] x,
      float[][] mask, int out, int in, int rows, float[] scratch) {
    if (mask != null) {
      // Masked weights (sparse CfC heads) are rare; core's kernel computes the same bits.
      MatmulKernel.scalar().weightGradient(dW, wOff, dy, col, x, mask, out, in, rows, scratch);
      return;
    }
    int o = 0;
    for (; o + 4 <= out; o += 4) {
      int i = 0;
      for (; i + 2 * FLANES <= in; i += 2 * FLANES) {
        gradientTile4x2(dW, wOff, dy, col, x, in, rows, o, i);
      }
      if (i + FLANES <= in) {
        // One vector of columns left (272 = 8·32 + 16 inputs in the 256-unit CfC): still a tile,
        // not 4·16 scalar chains.
        gradientTile4x1(dW, wOff, dy, col, x, in, rows, o, i);
        i += FLANES;
      }
      for (int q = o; q < o + 4; q++) {
        gradientEdge(dW, wOff, dy, col, x, in, rows, q, i);
      }
    }
    for (; o < out; o++) {
      int i = 0;
      for (; i + FLANES <= in; i += FLANES) {
        int at = wOff + o * in + i;
        FloatVector s = FloatVector.fromArray(FLOATS, dW, at);
        for (int r = 0; r < rows; r++) {
          s = FloatVector.broadcast(FLOATS, dy[r][col + o])
              .fma(FloatVector.fromArray(FLOATS, x[r], i), s);
        }
        s.intoArray(dW, at);
      }
      gradientEdge(dW, wOff, dy, col, x, in, rows, o, i);
    }
  }

  /** Columns [from, in) of weight row o, one scalar chain per entry. */
  private static void gradientEdge(float[] dW, int wOff, float[][] dy, int col, float[][] x,
      int in, int rows, int o, int from) {
    for (int i = from; i < in; i++) {
      int at = wOff + o * in + i;
      float s = dW[at];
      for (int r = 0; r < rows; r++) {
        s = Math.fma(dy[r][col + o], x[r][i], s);
      }
      dW[at] = s;
    }
  }

  private static void gradientTile4x1(float[] dW, int wOff, float[][] dy, int col,
      float[][] x, int in, int rows, int o, int i) {
    int at0 = wOff + o * in + i;
    int at1 = at0 + in;
    int at2 = at1 + in;
    int at3 = at2 + in;
    FloatVector s0 = FloatVector.fromArray(FLOATS, dW, at0);
    FloatVector s1 = FloatVector.fromArray(FLOATS, dW, at1);
    FloatVector s2 = FloatVector.fromArray(FLOATS, dW, at2);
    FloatVector s3 = FloatVector.fromArray(FLOATS, dW, at3);
    int c = col + o;
    for (int r = 0; r < rows; r++) {
      float[] g = dy[r];
      FloatVector xa = FloatVector.fromArray(FLOATS, x[r], i);
      s0 = FloatVector.broadcast(FLOATS, g[c]).fma(xa, s0);
      s1 = FloatVector.broadcast(FLOATS, g[c + 1]).fma(xa, s1);
      s2 = FloatVector.broadcast(FLOATS, g[c + 2]).fma(xa, s2);
      s3 = FloatVector.broadcast(FLOATS, g[c + 3]).fma(xa, s3);
    }
    s0.intoArray(dW, at0);
    s1.intoArray(dW, at1);
    s2.intoArray(dW, at2);
    s3.intoArray(dW, at3);
  }

  /** Per thread: four weight rows of float sums for {@link #weightGradientMixed}. */
  private static final ThreadLocal<float[][]> MIXED_ROWS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0]});

  /**
   * Four weight rows at a time: their float sums from 0 into a per-thread buffer with the float
   * kernel above, then added to the double totals while the buffer is in cache.
   */
  @Override
  public void weightGradientMixed(double[] dW, int wOff, float[][] dy, int col, float[][] x,
      float[][] mask, int out, int in, int rows, float[] scratch) {
    if (mask != null) {
      MatmulKernel.scalar().weightGradientMixed(dW, wOff, dy, col, x, mask, out, in, rows, scratch);
      return;
    }
    float[][] holder = MIXED_ROWS.get();
    if (holder[0].length < 4 * in) {
      holder[0] = new float[4 * in];
    }
    float[] buf = holder[0];
    for (int o = 0; o < out; o += 4) {
      int q = Math.min(4, out - o);
      java.util.Arrays.fill(buf, 0, q * in, 0.0f);
      weightGradient(buf, 0, dy, col + o, x, null, q, in, rows, scratch);
      int at = wOff + o * in;
      for (int k = 0; k < q * in; k++) {
        dW[at + k] += buf[k];
      }
    }
  }

  private static void gradientTile4x2(float[] dW, int wOff, float[][] dy, int col,
      float[][] x, int in, int rows, int o, int i) {
    int at0 = wOff + o * in + i;
    int at1 = at0 + in;
    int at2 = at1 + in;
    int at3 = at2 + in;
    FloatVector s0a = FloatVector.fromArray(FLOATS, dW, at0);
    FloatVector s0b = FloatVector.fromArray(FLOATS, dW, at0 + FLANES);
    FloatVector s1a = FloatVector.fromArray(FLOATS, dW, at1);
    FloatVector s1b = FloatVector.fromArray(FLOATS, dW, at1 + FLANES);
    FloatVector s2a = FloatVector.fromArray(FLOATS, dW, at2);
    FloatVector s2b = FloatVector.fromArray(FLOATS, dW, at2 + FLANES);
    FloatVector s3a = FloatVector.fromArray(FLOATS, dW, at3);
    FloatVector s3b = FloatVector.fromArray(FLOATS, dW, at3 + FLANES);
    int c = col + o;
    for (int r = 0; r < rows; r++) {
      float[] xr = x[r];
      float[] g = dy[r];
      FloatVector xa = FloatVector.fromArray(FLOATS, xr, i);
      FloatVector xb = FloatVector.fromArray(FLOATS, xr, i + FLANES);
      FloatVector d0 = FloatVector.broadcast(FLOATS, g[c]);
      FloatVector d1 = FloatVector.broadcast(FLOATS, g[c + 1]);
      FloatVector d2 = FloatVector.broadcast(FLOATS, g[c + 2]);
      FloatVector d3 = FloatVector.broadcast(FLOATS, g[c + 3]);
      s0a = d0.fma(xa, s0a);
      s0b = d0.fma(xb, s0b);
      s1a = d1.fma(xa, s1a);
      s1b = d1.fma(xb, s1b);
      s2a = d2.fma(xa, s2a);
      s2b = d2.fma(xb, s2b);
      s3a = d3.fma(xa, s3a);
      s3b = d3.fma(xb, s3b);
    }
    s0a.intoArray(dW, at0);
    s0b.intoArray(dW, at0 + FLANES);
    s1a.intoArray(dW, at1);
    s1b.intoArray(dW, at1 + FLANES);
    s2a.intoArray(dW, at2);
    s2b.intoArray(dW, at2 + FLANES);
    s3a.intoArray(dW, at3);
    s3b.intoArray(dW, at3 + FLANES);
  }

  @Override
  public String name() {
    return "vector-" + SPECIES.vectorBitSize();
  }
}
