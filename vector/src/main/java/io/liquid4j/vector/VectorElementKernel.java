package io.liquid4j.vector;

import io.liquid4j.cell.ElementKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * σ and tanh on the Java Vector API, with the widest vectors the CPU has: C2 does not vectorise
 * {@link Math#exp}, whose out-of-line stub dominates an LTC step.
 *
 * <p>exp is written out here from additions, multiplications, fused multiply-adds and bit
 * operations rather than taken from {@link VectorOperators#EXP}: that one is an SVML routine once
 * C2 has compiled the loop but {@link Math#exp} per lane before, so results would change (by a few
 * ulp) with the JIT's progress, and a seeded run would not repeat itself. The operations used here
 * round the same way interpreted and compiled, in every lane and for every vector size, so every
 * element is computed alike whatever its position in the array, and a sample's result does not
 * depend on the batch it is in.
 *
 * <p>e^x = 2^k · e^r with k = round(x / ln2) and r = x − k·ln2 (|r| ≤ ln2/2, ln2 in two parts so
 * that k·ln2_hi is exact), e^r − 1 by its Taylor series to r¹³ (first omitted term under 5e-18),
 * and 2^k applied as 2^⌊k/2⌋ · 2^(k − ⌊k/2⌋) so that subnormal results and overflow come out as
 * {@link Math#exp}'s. tanh|x| = −m / (2 + m) with m = e^−2|x| − 1 computed without cancellation.
 */
public final class VectorElementKernel implements ElementKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final double INV_LN2 = 1.0 / Math.log(2.0);
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  // Cn = 1/n!: the coefficients of (e^r − 1 − r) / r² = 1/2! + r/3! + ... + r¹¹/13!.
  private static final double C2 = 1.0 / 2;
  private static final double C3 = C2 / 3;
  private static final double C4 = C3 / 4;
  private static final double C5 = C4 / 5;
  private static final double C6 = C5 / 6;
  private static final double C7 = C6 / 7;
  private static final double C8 = C7 / 8;
  private static final double C9 = C8 / 9;
  private static final double C10 = C9 / 10;
  private static final double C11 = C10 / 11;
  private static final double C12 = C11 / 12;
  private static final double C13 = C12 / 13;
  private static final DoubleVector V2 = DoubleVector.broadcast(SPECIES, C2);
  private static final DoubleVector V3 = DoubleVector.broadcast(SPECIES, C3);
  private static final DoubleVector V4 = DoubleVector.broadcast(SPECIES, C4);
  private static final DoubleVector V5 = DoubleVector.broadcast(SPECIES, C5);
  private static final DoubleVector V6 = DoubleVector.broadcast(SPECIES, C6);
  private static final DoubleVector V7 = DoubleVector.broadcast(SPECIES, C7);
  private static final DoubleVector V8 = DoubleVector.broadcast(SPECIES, C8);
  private static final DoubleVector V9 = DoubleVector.broadcast(SPECIES, C9);
  private static final DoubleVector V10 = DoubleVector.broadcast(SPECIES, C10);
  private static final DoubleVector V11 = DoubleVector.broadcast(SPECIES, C11);
  private static final DoubleVector V12 = DoubleVector.broadcast(SPECIES, C12);
  private static final DoubleVector V13 = DoubleVector.broadcast(SPECIES, C13);

  /** For {@link java.util.ServiceLoader}. */
  public VectorElementKernel() {}

  @Override
  public void sigmoid(double[] z, int from, int to) {
    int lanes = SPECIES.length();
    int i = from;
    for (; i <= to - lanes; i += lanes) {
      sigmoid(DoubleVector.fromArray(SPECIES, z, i)).intoArray(z, i);
    }
    if (i < to) {
      VectorMask<Double> m = SPECIES.indexInRange(i, to);
      sigmoid(DoubleVector.fromArray(SPECIES, z, i, m)).intoArray(z, i, m);
    }
  }

  @Override
  public void tanh(double[] z, int from, int to) {
    int lanes = SPECIES.length();
    int i = from;
    for (; i <= to - lanes; i += lanes) {
      tanh(DoubleVector.fromArray(SPECIES, z, i)).intoArray(z, i);
    }
    if (i < to) {
      VectorMask<Double> m = SPECIES.indexInRange(i, to);
      tanh(DoubleVector.fromArray(SPECIES, z, i, m)).intoArray(z, i, m);
    }
  }

  /** 1 / (1 + e^−z). */
  private static DoubleVector sigmoid(DoubleVector z) {
    DoubleVector e = expm1(z.neg(), true);
    return DoubleVector.broadcast(SPECIES, 1.0).div(e.add(1.0));
  }

  /** sign(x) · (−m / (2 + m)), m = e^−2|x| − 1. */
  private static DoubleVector tanh(DoubleVector x) {
    DoubleVector m = expm1(x.abs().mul(-2.0), false);
    DoubleVector t = m.neg().div(m.add(2.0));
    return t.blend(t.neg(), x.compare(VectorOperators.LT, 0.0));
  }

  /**
   * e^x when {@code plain} (then the result is 2^k · (1 + q) in one rounding), else e^x − 1 as
   * (2^k − 1) + 2^k·q, which keeps its relative accuracy for small x.
   */
  private static DoubleVector expm1(DoubleVector x, boolean plain) {
    // Beyond these e^x is 0 or ∞ in double; clamping keeps 2^k's two factors normal numbers.
    DoubleVector xc = x.max(-746.0).min(710.0);
    DoubleVector kd = xc.mul(INV_LN2).add(0x1.8p52).sub(0x1.8p52); // x / ln2 rounded
    DoubleVector r = kd.fma(DoubleVector.broadcast(SPECIES, -LN2_HI), xc).add(kd.mul(-LN2_LO));
    // Written out: a loop over the coefficients would not be unrolled, and its vectors boxed.
    DoubleVector p = r.fma(V13, V12);
    p = p.fma(r, V11);
    p = p.fma(r, V10);
    p = p.fma(r, V9);
    p = p.fma(r, V8);
    p = p.fma(r, V7);
    p = p.fma(r, V6);
    p = p.fma(r, V5);
    p = p.fma(r, V4);
    p = p.fma(r, V3);
    p = p.fma(r, V2);
    DoubleVector q = p.mul(r).fma(r, r); // e^r − 1 = r + r²·p
    // 2^k = 2^k1 · 2^k2 with k1 = k/2 rounded, each factor built in the exponent bits: u + 2^52
    // holds the integer u in its low bits, and multiplying by 2^52 moves them to the exponent.
    // (Shifts and conversions would do the same, but C2 boxes their vectors.)
    DoubleVector kd1 = kd.mul(0.5).add(0x1.8p52).sub(0x1.8p52);
    DoubleVector s1 = pow2(kd1);
    DoubleVector s2 = pow2(kd.sub(kd1));
    if (plain) {
      return q.add(1.0).mul(s1).mul(s2);
    }
    // Only used for x ≤ 0 (tanh), where k ≥ −1077 and 2^k − 1 is exact for k ≥ −53.
    DoubleVector scale = s1.mul(s2);
    return scale.sub(1.0).add(scale.mul(q));
  }

  /** 2^k for an integer −1022 ≤ k ≤ 1023: the bits (k + 1023)·2^52. */
  private static DoubleVector pow2(DoubleVector k) {
    LongVector u = (LongVector) k.add(1023.0 + 0x1p52).viewAsIntegralLanes();
    return (DoubleVector) u.sub(0x4330000000000000L).mul(1L << 52).viewAsFloatingLanes();
  }

  @Override
  public String name() {
    return "vector-" + SPECIES.vectorBitSize();
  }
}
