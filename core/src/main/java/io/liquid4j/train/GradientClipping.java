package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;

/** Gradient clipping with PyTorch's {@code torch.nn.utils.clip_grad_norm_} semantics. Stateless. */
public final class GradientClipping {
  /** Added to the norm before dividing, as in PyTorch, so a zero gradient is left alone. */
  public static final double NORM_EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * Rescales the gradient so that its global L2 norm is at most about {@code maxNorm}.
   *
   * <pre>
   *   ‖g‖  = √(Σ_i g_i²)                 over the trainable entries only
   *   coef = maxNorm / (‖g‖ + 1e-6)
   *   g    ← coef·g                      only when coef &lt; 1
   * </pre>
   *
   * <p>PyTorch computes the norm of the per-tensor norms; that is the same number (up to
   * rounding) as the norm of all entries here. Frozen entries are neither counted nor scaled.
   *
   * <p>Non-finite norm: when some gradient is NaN or infinite the norm is NaN or +∞; then the
   * gradient is left unchanged and the norm is returned, so the caller can decide (typically:
   * skip the step and report it). PyTorch (with {@code error_if_nonfinite=False}) would instead
   * multiply every gradient by 0 or NaN.
   *
   * @param grads (layout size) gradient. Modified (trainable entries, when clipped).
   * @param layout the layout of {@code grads}; only its trainable entries count
   * @param maxNorm largest allowed norm, finite and &gt; 0
   * @return the norm before clipping
   * @throws IllegalArgumentException for a null layout, grads of another length or a bad maxNorm
   */
  public static double clipByGlobalNorm(double[] grads, ParameterLayout layout, double maxNorm) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must not be null");
    }
    ArgumentChecks.length("grads", grads, layout.size(), "the parameter layout");
    ArgumentChecks.positive("maxNorm", maxNorm);
    int[] ranges = TrainableRanges.of(layout);
    double norm = globalNorm(grads, ranges);
    if (!Double.isFinite(norm)) {
      return norm;
    }
    double coef = maxNorm / (norm + NORM_EPSILON);
    if (coef < 1) {
      for (int r = 0; r < ranges.length; r += 2) {
        for (int i = ranges[r]; i < ranges[r + 1]; i++) {
          grads[i] *= coef;
        }
      }
    }
    return norm;
  }

  /**
   * The L2 norm √(Σ g_i²) over the trainable entries, without changing anything.
   *
   * @param grads (layout size). Not modified.
   * @param layout the layout of {@code grads}; only its trainable entries count
   * @return the norm, NaN or +∞ when some gradient is not finite
   * @throws IllegalArgumentException for a null layout or grads of another length
   */
  public static double globalNorm(double[] grads, ParameterLayout layout) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must not be null");
    }
    ArgumentChecks.length("grads", grads, layout.size(), "the parameter layout");
    return globalNorm(grads, TrainableRanges.of(layout));
  }

  private static double globalNorm(double[] grads, int[] ranges) {
    double sumSquares = 0;
    for (int r = 0; r < ranges.length; r += 2) {
      for (int i = ranges[r]; i < ranges[r + 1]; i++) {
        sumSquares += grads[i] * grads[i];
      }
    }
    return Math.sqrt(sumSquares);
  }
}
