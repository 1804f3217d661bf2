package io.liquid4j.reservoir;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Accumulates a block of rows into the lower triangle of a Gram matrix Σ xᵀx, the cost that
 * dominates a ridge readout (4·10⁹ multiply-adds for 8000 states of 1000 units). Core computes it
 * with scalar fused multiply-adds; the optional module {@code liquid4j-vector} provides a Vector
 * API implementation, found through {@link ServiceLoader} when {@code jdk.incubator.vector} is
 * resolved.
 *
 * <p>Every implementation computes each entry in the same order, so all give the same bits: for
 * i in [iFrom, iTo) and j ≤ i, {@code s = 0; for r = 0 … rows−1: s = fma(x[r][i], x[r][j], s);}
 * then {@code gram[i][j] += s}. Entries above the diagonal of those rows may be written too and
 * mean nothing.
 */
public interface GramKernel {
  /**
   * Adds Σ_r x[r][i]·x[r][j] to {@code gram[i][j]} for i in [iFrom, iTo) and j ≤ i.
   *
   * @param x rows × n states, row-major, from {@code offset}. Not modified.
   * @param offset index in {@code x} of the block's first state
   * @param rows number of rows (states) in the block
   * @param n number of columns (units) of a state, and the order of {@code gram}
   * @param gram n × n, row-major. Rows {@code iFrom} to {@code iTo − 1} are updated.
   * @param iFrom first row of {@code gram} to update
   * @param iTo one past the last row of {@code gram} to update
   */
  void accumulateLower(double[] x, int offset, int rows, int n, double[] gram, int iFrom, int iTo);

  /**
   * A short name for diagnostics.
   *
   * @return the implementation's name, e.g. "scalar" or "vector-256"
   */
  String name();

  /**
   * The kernel in use: the Vector API one where available, unless -Dliquid4j.kernels=scalar.
   *
   * @return the kernel chosen once per JVM
   */
  static GramKernel get() {
    return Holder.KERNEL;
  }

  /**
   * Core's scalar implementation.
   *
   * @return the scalar kernel, whatever the JVM provides
   */
  static GramKernel scalar() {
    return ScalarGramKernel.INSTANCE;
  }

  /** Loads the kernel once. */
  final class Holder {
    private static final GramKernel KERNEL = choose();

    private Holder() {}

    private static GramKernel choose() {
      if ("scalar".equals(System.getProperty("liquid4j.kernels"))
          || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return ScalarGramKernel.INSTANCE;
      }
      try {
        for (GramKernel k : ServiceLoader.load(GramKernel.class)) {
          return k;
        }
      } catch (ServiceConfigurationError | LinkageError e) {
        // A provider that cannot run on this JVM: the scalar kernel gives the same bits.
      }
      return ScalarGramKernel.INSTANCE;
    }
  }
}
