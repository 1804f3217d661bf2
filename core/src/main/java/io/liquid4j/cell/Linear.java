package io.liquid4j.cell;

import java.util.random.RandomGenerator;

/** Dense-layer kernels over flat arrays, in PyTorch's layout: weight (out, in), y = W·x + b. */
final class Linear {
  private Linear() {}

  /**
   * y[o] = Σ_i W[o, i]·x[i] + b[o] for one sample, the sum a chain of fused multiply-adds over i in
   * increasing order (as every {@link MatmulKernel} computes it), then the bias added.
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
          sum = Math.fma(p[row + i], x[xOff + i], sum);
        }
      } else {
        int mrow = o * in;
        for (int i = 0; i < in; i++) {
          sum = Math.fma(p[row + i] * mask[mrow + i], x[xOff + i], sum);
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
          dP[row + i] = Math.fma(d, x[xOff + i], dP[row + i]);
          dx[i] = Math.fma(p[row + i], d, dx[i]);
        }
      } else {
        int mrow = o * in;
        for (int i = 0; i < in; i++) {
          double m = mask[mrow + i];
          dP[row + i] = Math.fma(d, x[xOff + i] * m, dP[row + i]);
          dx[i] = Math.fma(p[row + i] * m, d, dx[i]);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Batched kernels. forward and backward above are the reference: one sample, one chain of fused
  // multiply-adds per output. The batched kernels below compute the same chains in the same order
  // through the MatmulKernel in use (core's scalar one, or the Vector API one of liquid4j-vector),
  // so the results are equal bit for bit (LinearTest checks it) whichever samples share a batch.

  private static final MatmulKernel MATMUL = Kernels.matmul();

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
    MATMUL.multiplyAdd(y, true, x, 0, wt, out, in, batch);
    if (bias != null) {
      for (int b = 0; b < batch; b++) {
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
    if (bOff >= 0) {
      for (int o = 0; o < out; o++) {
        double s = dP[bOff + o];
        for (int b = 0; b < batch; b++) {
          s += dy[b][col + o];
        }
        dP[bOff + o] = s;
      }
    }
    MATMUL.weightGradient(dP, wOff, dy, col, x, mask, out, in, batch, row);
    MATMUL.multiplyAdd(dx, false, dy, col, w, in, out, batch);
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
