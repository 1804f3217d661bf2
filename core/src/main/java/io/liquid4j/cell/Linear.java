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
