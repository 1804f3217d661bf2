package io.liquid4j.vector;

import io.liquid4j.reservoir.GramKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GramKernel} on the Vector API: tiles of 4 result rows × 2 vectors of columns, eight
 * vector accumulators in registers while the block's rows stream past. Each lane does exactly
 * the scalar kernel's fused multiply-adds in the same order, so the two give the same bits.
 */
public final class VectorGramKernel implements GramKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  @Override
  public void accumulateLower(double[] x, int offset, int rows, int n, double[] gram, int iFrom,
      int iTo) {
    int i0 = iFrom;
    for (; i0 + 4 <= iTo; i0 += 4) {
      int jEnd = i0 + 4;
      int j0 = 0;
      for (; j0 + 2 * LANES <= jEnd; j0 += 2 * LANES) {
        tile(x, offset, rows, n, gram, i0, j0);
      }
      for (int i = i0; i < i0 + 4; i++) {
        for (int j = j0; j < jEnd; j++) {
          gram[i * n + j] += entry(x, offset, rows, n, i, j);
        }
      }
    }
    for (int i = i0; i < iTo; i++) {
      for (int j = 0; j <= i; j++) {
        gram[i * n + j] += entry(x, offset, rows, n, i, j);
      }
    }
  }

  private static double entry(double[] x, int offset, int rows, int n, int i, int j) {
    double s = 0;
    for (int r = 0, base = offset; r < rows; r++, base += n) {
      s = Math.fma(x[base + i], x[base + j], s);
    }
    return s;
  }

  private static void tile(double[] x, int offset, int rows, int n, double[] gram, int i0,
      int j0) {
    DoubleVector s0a = DoubleVector.zero(SPECIES);
    DoubleVector s0b = s0a;
    DoubleVector s1a = s0a;
    DoubleVector s1b = s0a;
    DoubleVector s2a = s0a;
    DoubleVector s2b = s0a;
    DoubleVector s3a = s0a;
    DoubleVector s3b = s0a;
    for (int r = 0, base = offset; r < rows; r++, base += n) {
      DoubleVector ba = DoubleVector.fromArray(SPECIES, x, base + j0);
      DoubleVector bb = DoubleVector.fromArray(SPECIES, x, base + j0 + LANES);
      DoubleVector a0 = DoubleVector.broadcast(SPECIES, x[base + i0]);
      DoubleVector a1 = DoubleVector.broadcast(SPECIES, x[base + i0 + 1]);
      DoubleVector a2 = DoubleVector.broadcast(SPECIES, x[base + i0 + 2]);
      DoubleVector a3 = DoubleVector.broadcast(SPECIES, x[base + i0 + 3]);
      s0a = ba.fma(a0, s0a);
      s0b = bb.fma(a0, s0b);
      s1a = ba.fma(a1, s1a);
      s1b = bb.fma(a1, s1b);
      s2a = ba.fma(a2, s2a);
      s2b = bb.fma(a2, s2b);
      s3a = ba.fma(a3, s3a);
      s3b = bb.fma(a3, s3b);
    }
    add(gram, i0 * n + j0, s0a, s0b);
    add(gram, (i0 + 1) * n + j0, s1a, s1b);
    add(gram, (i0 + 2) * n + j0, s2a, s2b);
    add(gram, (i0 + 3) * n + j0, s3a, s3b);
  }

  private static void add(double[] gram, int at, DoubleVector a, DoubleVector b) {
    DoubleVector.fromArray(SPECIES, gram, at).add(a).intoArray(gram, at);
    DoubleVector.fromArray(SPECIES, gram, at + LANES).add(b).intoArray(gram, at + LANES);
  }

  @Override
  public String name() {
    return "vector-" + SPECIES.vectorBitSize();
  }
}
