package io.liquid4j.cell;

/**
 * The elementwise functions the cells spend their time in, over a run of an array, in place: an
 * LTC spends about half of a training step and most of a streaming step in its synapses'
 * sigmoids, a CfC a sixth of its step in tanh. Core computes them one value at a time ({@link
 * MathFunctions}); the optional module {@code liquid4j-vector} provides an implementation on the
 * Java Vector API (several times faster), which {@link Kernels#elements()} picks up when it is on
 * the class path and {@code jdk.incubator.vector} is resolved.
 *
 * <p>An implementation must compute each element independently of the others and of its position
 * (so that a sample's result does not depend on the batch it is in), within 8 ulp of {@link
 * MathFunctions}'s (the Vector API's exp differs from {@link Math#exp} by up to 4 ulp measured),
 * and be thread-safe. The float32 methods are stricter: every implementation gives exactly the
 * bits of {@link MathFunctions#sigmoid(float)} and {@link MathFunctions#tanh(float)}, which are
 * built so that vector lanes can repeat them, so a float32 run gives the same bits whichever
 * kernel is in use.
 */
public interface ElementKernel {
  /**
   * z[i] ← σ(z[i]) = 1 / (1 + e^−z[i]) for {@code from ≤ i < to}.
   *
   * @param z values. Modified.
   * @param from first index to transform
   * @param to one past the last index to transform
   */
  void sigmoid(double[] z, int from, int to);

  /**
   * z[i] ← tanh(z[i]) for {@code from ≤ i < to}.
   *
   * @param z values. Modified.
   * @param from first index to transform
   * @param to one past the last index to transform
   */
  void tanh(double[] z, int from, int to);

  /**
   * z[i] ← σ(z[i]) in float32 arithmetic, for {@code from ≤ i < to} (the {@link Precision#FLOAT32}
   * path), each value bit for bit {@link MathFunctions#sigmoid(float)}'s. This default, core's
   * scalar kernel, is the plain loop through that function.
   *
   * @param z values. Modified.
   * @param from first index to transform
   * @param to one past the last index to transform
   */
  default void sigmoid(float[] z, int from, int to) {
    for (int i = from; i < to; i++) {
      z[i] = MathFunctions.sigmoid(z[i]);
    }
  }

  /**
   * z[i] ← tanh(z[i]) in float32 arithmetic, for {@code from ≤ i < to}, each value bit for bit
   * {@link MathFunctions#tanh(float)}'s. This default, core's scalar kernel, is the plain loop
   * through that function.
   *
   * @param z values. Modified.
   * @param from first index to transform
   * @param to one past the last index to transform
   */
  default void tanh(float[] z, int from, int to) {
    for (int i = from; i < to; i++) {
      z[i] = MathFunctions.tanh(z[i]);
    }
  }

  /**
   * A short name for diagnostics, such as {@code scalar} or {@code vector-512}.
   *
   * @return the implementation's name
   */
  String name();

  /**
   * The one-at-a-time implementation of core.
   *
   * @return core's scalar kernel, whatever the JVM provides
   */
  static ElementKernel scalar() {
    return Kernels.SCALAR;
  }
}
