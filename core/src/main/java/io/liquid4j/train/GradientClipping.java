package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;

/**
 * Gradient clipping: by the global norm with PyTorch's {@code torch.nn.utils.clip_grad_norm_}
 * semantics, or per tensor with Keras's {@code clipnorm} semantics. Stateless.
 */
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

  /**
   * Rescales each trainable parameter tensor's gradient on its own so that its L2 norm is at
   * most {@code maxNorm}, as Keras's {@code clipnorm} ({@code tf.clip_by_norm} per variable):
   *
   * <pre>
   *   ‖g_t‖ = √(Σ_{i∈t} g_i²)            for each trainable layout entry t
   *   g_t   ← g_t·maxNorm / max(‖g_t‖, maxNorm)
   * </pre>
   *
   * <p>A tensor whose norm is at most {@code maxNorm} is left exactly as it is. Non-finite: when
   * some gradient is NaN or infinite, nothing is changed and the (non-finite) global norm is
   * returned, as {@link #clipByGlobalNorm} does.
   *
   * @param grads (layout size) gradient. Modified (trainable entries whose norm exceeds maxNorm).
   * @param layout the layout of {@code grads}; each trainable entry is one tensor
   * @param maxNorm largest allowed norm per tensor, finite and &gt; 0
   * @return the global norm of the gradient before clipping
   * @throws IllegalArgumentException for a null layout, grads of another length or a bad maxNorm
   */
  public static double clipPerTensor(double[] grads, ParameterLayout layout, double maxNorm) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must not be null");
    }
    ArgumentChecks.length("grads", grads, layout.size(), "the parameter layout");
    ArgumentChecks.positive("maxNorm", maxNorm);
    double global = globalNorm(grads, TrainableRanges.of(layout));
    if (!Double.isFinite(global)) {
      return global;
    }
    for (ParameterLayout.Entry e : layout.entries()) {
      if (!e.trainable()) {
        continue;
      }
      int from = e.offset();
      int to = from + e.size();
      double sumSquares = 0;
      for (int i = from; i < to; i++) {
        sumSquares += grads[i] * grads[i];
      }
      double norm = Math.sqrt(sumSquares);
      if (norm > maxNorm) {
        double coef = maxNorm / norm;
        for (int i = from; i < to; i++) {
          grads[i] *= coef;
        }
      }
    }
    return global;
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
