package io.liquid4j.cell;

import java.util.random.RandomGenerator;

/** Dense-layer kernels over flat arrays, in PyTorch's layout: weight (out, in), y = W·x + b. */
final class Linear {
  private Linear() {}

  /**
   * y[o] = Σ_i W[o, i]·x[i] + b[o] for one sample.
   *
   * @param y (out) result. Modified.
   * @param x (in) input at {@code x[xOff...]}. Not modified.
   * @param p weight (out, in) at {@code p[wOff...]}, bias (out) at {@code p[bOff...]} (bOff &lt; 0:
   *     no bias)
   * @param mask (out, in) 0/1 multiplier of the weight, or null
   */
  static void forward(
      double[] y,
      double[] x,
      int xOff,
      double[] p,
      int wOff,
      int bOff,
      double[] mask,
      int out,
      int in) {
    for (int o = 0; o < out; o++) {
      double sum = 0;
      int row = wOff + o * in;
      if (mask == null) {
        for (int i = 0; i < in; i++) {
          sum += p[row + i] * x[xOff + i];
        }
      } else {
        int mrow = o * in;
        for (int i = 0; i < in; i++) {
          sum += p[row + i] * mask[mrow + i] * x[xOff + i];
        }
      }
      y[o] = bOff >= 0 ? sum + p[bOff + o] : sum;
    }
  }

  /**
   * Backward of {@link #forward} for one sample. In the forward pass this was y = (W⊙mask)·x + b,
   * so now dW += (dy ⊗ x)⊙mask (PyTorch's gradient of W⊙mask with respect to W, so masked weights
   * get none), db += dy and dx += (W⊙mask)ᵀ·dy.
   *
   * @param dx (in) gradient of the input; ADDED to (+=). Modified.
   * @param dP gradient of the weight at {@code dP[wOff...]} and of the bias at {@code dP[bOff...]}
   *     (bOff &lt; 0: no bias); ADDED to (+=). Modified.
   * @param dy (out) gradient of the output. Not modified.
   * @param x (in) the forward input at {@code x[xOff...]}. Not modified.
   * @param p weight (out, in) at {@code p[wOff...]}, the same offset as in dP. Not modified.
   * @param mask (out, in) 0/1 multiplier of the weight, or null. Not modified.
   */
  static void backward(
      double[] dx,
      double[] dP,
      int wOff,
      int bOff,
      double[] dy,
      double[] x,
      int xOff,
      double[] p,
      double[] mask,
      int out,
      int in) {
    for (int o = 0; o < out; o++) {
      double d = dy[o];
      if (bOff >= 0) {
        dP[bOff + o] += d;
      }
      int row = wOff + o * in;
      if (mask == null) {
        for (int i = 0; i < in; i++) {
          dP[row + i] += d * x[xOff + i];
          dx[i] += p[row + i] * d;
        }
      } else {
        int mrow = o * in;
        for (int i = 0; i < in; i++) {
          double m = mask[mrow + i];
          dP[row + i] += d * x[xOff + i] * m;
          dx[i] += p[row + i] * m * d;
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Batched kernels. forward and backward above are the reference: one sample, one dot product per
  // output. The kernels below compute the same sums in the same order, so the results are equal
  // bit for bit (LinearTest checks it), but they are arranged for speed:
  // - matrices are arrays of rows, and every innermost loop indexes all its arrays with the same
  //   expression (y[o], w[o]): C2 (JDK 17) vectorizes such loops, but not loops that index two
  //   arrays at different offsets (it cannot rule out that they are one array, overlapping);
  // - the forward pass uses the weight transposed, (in, out), so the inner loop runs along an
  //   output row instead of being a dot product (a serial chain of dependent additions);
  // - four samples (or four output rows) share each pass over a weight row.

  /**
   * Writes the weight (out, in) at {@code p[wOff...]}, times mask when given, as rows: w[o][i] =
   * W[o, i]·mask[o, i].
   *
   * @param w (out, ≥ in) rows. Modified.
   * @param mask (out, in) 0/1 multiplier, or null
   */
  static void rows(double[][] w, double[] p, int wOff, double[] mask, int out, int in) {
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        w[o][i] = mask == null ? p[wOff + o * in + i] : p[wOff + o * in + i] * mask[o * in + i];
      }
    }
  }

  /**
   * Writes the weight (out, in) at {@code p[wOff...]}, times mask when given, transposed into
   * columns {@code [col, col + out)} of wt: wt[i][col + o] = W[o, i]·mask[o, i].
   *
   * @param wt (in, ≥ col + out) rows. Modified.
   */
  static void transpose(double[][] wt, int col, double[] p, int wOff, double[] mask, int out,
      int in) {
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        double w = p[wOff + o * in + i];
        wt[i][col + o] = mask == null ? w : w * mask[o * in + i];
      }
    }
  }

  /**
   * y[b][o] = Σ_i x[b][i]·wt[i][o] + bias[o] for b &lt; batch: {@link #forward} for a batch, with
   * the weight transposed by {@link #transpose}. Each sum starts at 0 and runs over i in
   * increasing order, then adds the bias, as in forward.
   *
   * @param y (batch, ≥ out) results. Modified.
   * @param x (batch, ≥ in) inputs. Not modified.
   * @param wt (in, out) transposed weight (times mask). Not modified.
   * @param bias (out), or null. Not modified.
   */
  static void forwardBatch(
      double[][] y, double[][] x, double[][] wt, double[] bias, int out, int in, int batch) {
    int b = 0;
    for (; b + 4 <= batch; b += 4) {
      double[] y0 = y[b];
      double[] y1 = y[b + 1];
      double[] y2 = y[b + 2];
      double[] y3 = y[b + 3];
      double[] x0 = x[b];
      double[] x1 = x[b + 1];
      double[] x2 = x[b + 2];
      double[] x3 = x[b + 3];
      java.util.Arrays.fill(y0, 0, out, 0.0);
      java.util.Arrays.fill(y1, 0, out, 0.0);
      java.util.Arrays.fill(y2, 0, out, 0.0);
      java.util.Arrays.fill(y3, 0, out, 0.0);
      for (int i = 0; i < in; i++) {
        double a0 = x0[i];
        double a1 = x1[i];
        double a2 = x2[i];
        double a3 = x3[i];
        double[] w = wt[i];
        for (int o = 0; o < out; o++) {
          double v = w[o];
          y0[o] += a0 * v;
          y1[o] += a1 * v;
          y2[o] += a2 * v;
          y3[o] += a3 * v;
        }
      }
    }
    // Single samples (streaming): four weight rows per pass over y instead, still adding
    // i = 0, 1, 2, ... in order to each y[o].
    for (; b < batch; b++) {
      double[] yb = y[b];
      double[] xb = x[b];
      java.util.Arrays.fill(yb, 0, out, 0.0);
      int i = 0;
      for (; i + 4 <= in; i += 4) {
        double a0 = xb[i];
        double a1 = xb[i + 1];
        double a2 = xb[i + 2];
        double a3 = xb[i + 3];
        double[] w0 = wt[i];
        double[] w1 = wt[i + 1];
        double[] w2 = wt[i + 2];
        double[] w3 = wt[i + 3];
        for (int o = 0; o < out; o++) {
          double acc = yb[o];
          acc += a0 * w0[o];
          acc += a1 * w1[o];
          acc += a2 * w2[o];
          acc += a3 * w3[o];
          yb[o] = acc;
        }
      }
      for (; i < in; i++) {
        double a = xb[i];
        double[] w = wt[i];
        for (int o = 0; o < out; o++) {
          yb[o] += a * w[o];
        }
      }
    }
    if (bias != null) {
      for (b = 0; b < batch; b++) {
        double[] yb = y[b];
        for (int o = 0; o < out; o++) {
          yb[o] += bias[o];
        }
      }
    }
  }

  /**
   * {@link #backward} for a batch: dW += Σ_b (dy_b ⊗ x_b)⊙mask, db += Σ_b dy_b and dx_b +=
   * (W⊙mask)ᵀ·dy_b. Samples are added in increasing b to every dW and db entry, and outputs in
   * increasing o to every dx entry, as when backward is called sample by sample.
   *
   * @param dx (batch, ≥ in) gradient of the input; ADDED to (+=). Modified.
   * @param dP gradient of the weight at {@code dP[wOff...]} and of the bias at {@code dP[bOff...]}
   *     (bOff &lt; 0: no bias); ADDED to (+=). Modified.
   * @param dy (batch, ≥ col + out) gradient of the output in columns [col, col + out). Not
   *     modified.
   * @param x (batch, ≥ in) the forward input. Not modified.
   * @param w (out, in) rows of the weight times mask ({@link #rows}). Not modified.
   * @param mask (out, in) rows of the 0/1 mask, or null. Not modified.
   * @param row scratch of at least {@code in} values. Modified.
   */
  static void backwardBatch(
      double[][] dx, double[] dP, int wOff, int bOff, double[][] dy, int col, double[][] x,
      double[][] w, double[][] mask, int out, int in, int batch, double[] row) {
    // dW and db, one weight row at a time (copied out so that the inner loop has no offsets).
    for (int o = 0; o < out; o++) {
      int c = col + o;
      if (bOff >= 0) {
        for (int b = 0; b < batch; b++) {
          dP[bOff + o] += dy[b][c];
        }
      }
      System.arraycopy(dP, wOff + o * in, row, 0, in);
      double[] m = mask == null ? null : mask[o];
      int b = 0;
      for (; b + 4 <= batch; b += 4) {
        double d0 = dy[b][c];
        double d1 = dy[b + 1][c];
        double d2 = dy[b + 2][c];
        double d3 = dy[b + 3][c];
        double[] x0 = x[b];
        double[] x1 = x[b + 1];
        double[] x2 = x[b + 2];
        double[] x3 = x[b + 3];
        if (m == null) {
          for (int i = 0; i < in; i++) {
            double acc = row[i];
            acc += d0 * x0[i];
            acc += d1 * x1[i];
            acc += d2 * x2[i];
            acc += d3 * x3[i];
            row[i] = acc;
          }
        } else {
          for (int i = 0; i < in; i++) {
            double acc = row[i];
            acc += d0 * x0[i] * m[i];
            acc += d1 * x1[i] * m[i];
            acc += d2 * x2[i] * m[i];
            acc += d3 * x3[i] * m[i];
            row[i] = acc;
          }
        }
      }
      for (; b < batch; b++) {
        double d = dy[b][c];
        double[] xb = x[b];
        if (m == null) {
          for (int i = 0; i < in; i++) {
            row[i] += d * xb[i];
          }
        } else {
          for (int i = 0; i < in; i++) {
            row[i] += d * xb[i] * m[i];
          }
        }
      }
      System.arraycopy(row, 0, dP, wOff + o * in, in);
    }
    // dx, four weight rows at a time.
    int o = 0;
    for (; o + 4 <= out; o += 4) {
      double[] w0 = w[o];
      double[] w1 = w[o + 1];
      double[] w2 = w[o + 2];
      double[] w3 = w[o + 3];
      for (int b = 0; b < batch; b++) {
        double[] g = dy[b];
        double d0 = g[col + o];
        double d1 = g[col + o + 1];
        double d2 = g[col + o + 2];
        double d3 = g[col + o + 3];
        double[] xb = dx[b];
        for (int i = 0; i < in; i++) {
          double acc = xb[i];
          acc += w0[i] * d0;
          acc += w1[i] * d1;
          acc += w2[i] * d2;
          acc += w3[i] * d3;
          xb[i] = acc;
        }
      }
    }
    for (; o < out; o++) {
      double[] wo = w[o];
      for (int b = 0; b < batch; b++) {
        double d = dy[b][col + o];
        double[] xb = dx[b];
        for (int i = 0; i < in; i++) {
          xb[i] += wo[i] * d;
        }
      }
    }
  }

  /** Xavier (Glorot) uniform: U(±√(6 / (fan_in + fan_out))), as torch's xavier_uniform_. */
  static void xavierUniform(double[] p, int off, int out, int in, RandomGenerator rng) {
    double bound = Math.sqrt(6.0 / (in + out));
    for (int i = 0; i < out * in; i++) {
      p[off + i] = bound * (2 * rng.nextDouble() - 1);
    }
  }

  /** PyTorch's default nn.Linear bias init: U(±1/√fan_in). */
  static void defaultBias(double[] p, int off, int out, int in, RandomGenerator rng) {
    double bound = 1.0 / Math.sqrt(in);
    for (int i = 0; i < out; i++) {
      p[off + i] = bound * (2 * rng.nextDouble() - 1);
    }
  }
}
