package io.liquid4j.cell;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the array kernels once per JVM: an {@link ElementKernel} and a {@link MatmulKernel}
 * found through {@link ServiceLoader} (the {@code liquid4j-vector} module) when {@code jdk.incubator.vector} is
 * resolved (the JVM was started with {@code --add-modules jdk.incubator.vector}, as the {@code
 * liquid4j} launcher does), else core's scalar ones. The system property {@code
 * liquid4j.kernels=scalar} forces the scalar kernels.
 *
 * <p>The float64 elementwise kernels agree to within 8 ulp per value (4 measured), not bit for bit: a run resumed
 * from a checkpoint reproduces an uninterrupted run exactly only with the same kernel, which
 * {@link #elements()}'s {@link ElementKernel#name()} tells. The float32 ones agree bit for bit
 * (both compute {@link MathFunctions#sigmoid(float)} and {@link MathFunctions#tanh(float)}'s
 * operations), as do all matrix-product kernels in both precisions.
 */
public final class Kernels {
  // Its float32 sigmoid and tanh are ElementKernel's defaults, the plain loops through
  // MathFunctions' float functions.
  static final ElementKernel SCALAR = new ElementKernel() {
    @Override
    public void sigmoid(double[] z, int from, int to) {
      for (int i = from; i < to; i++) {
        z[i] = MathFunctions.sigmoid(z[i]);
      }
    }

    @Override
    public void tanh(double[] z, int from, int to) {
      for (int i = from; i < to; i++) {
        z[i] = MathFunctions.tanh(z[i]);
      }
    }

    @Override
    public String name() {
      return "scalar";
    }
  };

  private static final ElementKernel ELEMENTS = choose(ElementKernel.class, SCALAR);
  private static final MatmulKernel MATMUL = choose(MatmulKernel.class, MatmulKernel.scalar());

  private Kernels() {}

  /**
   * The elementwise kernel in use.
   *
   * @return the Vector API kernel when available and not disabled, else the scalar one
   */
  public static ElementKernel elements() {
    return ELEMENTS;
  }

  /**
   * The matrix-product kernel in use. Unlike the elementwise kernels, all matrix-product kernels
   * give the same bits (see {@link MatmulKernel}).
   *
   * @return the Vector API kernel when available and not disabled, else the scalar one
   */
  public static MatmulKernel matmul() {
    return MATMUL;
  }

  private static <T> T choose(Class<T> type, T scalar) {
    if ("scalar".equals(System.getProperty("liquid4j.kernels"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return scalar;
    }
    try {
      for (T k : ServiceLoader.load(type)) {
        return k;
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      // A provider that cannot run on this JVM: the scalar kernel computes the same values.
    }
    return scalar;
  }
}
