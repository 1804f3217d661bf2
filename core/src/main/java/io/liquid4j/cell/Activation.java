package io.liquid4j.cell;

import java.util.Arrays;
import java.util.Locale;

/** Backbone activations of CfC, with ncps's names and constants. */
public enum Activation {
  /** x·σ(x). */
  SILU("silu"),
  /** max(x, 0). */
  RELU("relu"),
  /** tanh(x). */
  TANH("tanh"),
  /** Exact GELU, x·Φ(x) with the error function (PyTorch's default). */
  GELU("gelu"),
  /** 1.7159·tanh(0.666·x): ncps uses 0.666, not 2/3. */
  LECUN_TANH("lecun_tanh");

  private final String ncpsName;

  Activation(String ncpsName) {
    this.ncpsName = ncpsName;
  }

  /**
   * The name ncps uses in its constructor arguments.
   *
   * @return {@code "silu"}, {@code "relu"}, {@code "tanh"}, {@code "gelu"} or {@code "lecun_tanh"}
   */
  public String ncpsName() {
    return ncpsName;
  }

  /**
   * Applies the activation.
   *
   * @param x the pre-activation
   * @return act(x)
   */
  public double apply(double x) {
    switch (this) {
      case SILU:
        return x / (1.0 + Math.exp(-x));
      case RELU:
        return x > 0 ? x : 0.0;
      case TANH:
        return MathFunctions.tanh(x);
      case GELU:
        return 0.5 * x * (1.0 + MathFunctions.erf(x / Math.sqrt(2.0)));
      case LECUN_TANH:
        return 1.7159 * MathFunctions.tanh(0.666 * x);
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * The derivative act'(x), as PyTorch's autograd computes it:
   *
   * <pre>
   * silu:       σ(x)·(1 + x·(1 − σ(x)))
   * relu:       1 for x &gt; 0, else 0 (PyTorch's choice at 0)
   * tanh:       1 − tanh²(x)
   * gelu:       Φ(x) + x·φ(x),   Φ(x) = (1 + erf(x/√2))/2, φ(x) = e^(−x²/2)/√(2π)
   * lecun_tanh: 1.7159·0.666·(1 − tanh²(0.666·x))
   * </pre>
   *
   * @param x the pre-activation
   * @return act'(x)
   */
  public double derivative(double x) {
    switch (this) {
      case SILU:
        {
          double s = MathFunctions.sigmoid(x);
          return s * (1.0 + x * (1.0 - s));
        }
      case RELU:
        return x > 0 ? 1.0 : 0.0;
      case TANH:
        {
          double t = MathFunctions.tanh(x);
          return 1.0 - t * t;
        }
      case GELU:
        return 0.5 * (1.0 + MathFunctions.erf(x / Math.sqrt(2.0)))
            + x * Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
      case LECUN_TANH:
        {
          double t = MathFunctions.tanh(0.666 * x);
          return 1.7159 * 0.666 * (1.0 - t * t);
        }
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * v ← act(v) on {@code v[off, off + n)} and, when d is not null, d[dOff + k] = act'(v_k) at the
   * same inputs. Equal to {@link #apply} and {@link #derivative} element by element, but tanh and
   * lecun_tanh evaluate their tanh once for both.
   *
   * @param v values. Modified.
   * @param d derivatives, or null. Modified.
   */
  void applyInPlace(double[] v, int off, int n, double[] d, int dOff) {
    if (this == LECUN_TANH || this == TANH) {
      // All the tanh in one kernel call, which can vectorise them.
      if (this == LECUN_TANH) {
        for (int k = off; k < off + n; k++) {
          v[k] = 0.666 * v[k];
        }
      }
      KERNEL.tanh(v, off, off + n);
      double scale = this == LECUN_TANH ? 1.7159 : 1.0;
      double slope = this == LECUN_TANH ? 1.7159 * 0.666 : 1.0;
      for (int k = 0; k < n; k++) {
        double t = v[off + k];
        v[off + k] = scale * t;
        if (d != null) {
          d[dOff + k] = slope * (1.0 - t * t);
        }
      }
      return;
    }
    for (int k = 0; k < n; k++) {
      double x = v[off + k];
      v[off + k] = apply(x);
      if (d != null) {
        d[dOff + k] = derivative(x);
      }
    }
  }

  private static final ElementKernel KERNEL = Kernels.elements();

  /**
   * Looks an activation up by its ncps name.
   *
   * @param argument the option or config key the name came from, quoted in the error message
   * @param name the ncps name, as {@link #ncpsName()} gives it
   * @return the activation of that name
   * @throws IllegalArgumentException naming the argument, the allowed names and what was given
   */
  public static Activation fromName(String argument, String name) {
    for (Activation a : values()) {
      if (a.ncpsName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        argument
            + ": unknown activation "
            + io.liquid4j.io.Quoted.of(name)
            + " (expected one of "
            + String.join(", ", Arrays.stream(values()).map(Activation::ncpsName).toList())
            + ")");
  }

  @Override
  public String toString() {
    return ncpsName.toLowerCase(Locale.ROOT);
  }
}
