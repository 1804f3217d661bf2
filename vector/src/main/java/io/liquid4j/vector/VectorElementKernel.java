package io.liquid4j.vector;

import io.liquid4j.cell.ElementKernel;
import io.liquid4j.cell.MathFunctions;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * σ and tanh on the Java Vector API, with the widest vectors the CPU has: C2 does not vectorise
 * {@link Math#exp}, whose out-of-line stub dominates an LTC step.
 *
 * <p>A run's tail that does not fill a vector is computed by scalar twins of the same arithmetic
 * (bit for bit equal), not by masked vectors, which C2 does not always compile to vector code.
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
 *
 * <p>The float32 methods run on {@link FloatVector#SPECIES_PREFERRED} (twice the lanes) and
 * repeat, lane by lane, the float operations of {@link MathFunctions#sigmoid(float)} and {@link
 * MathFunctions#tanh(float)}, which are their definition: they give those functions' bits for
 * every element, and the tail of a run that does not fill a vector is computed by those functions.
 */
public final class VectorElementKernel implements ElementKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LONGS =
      VectorSpecies.of(long.class, SPECIES.vectorShape());
  private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);
  private static final long BIAS = Double.doubleToRawLongBits(0x1p52); // 2^52's bits
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
  private static final DoubleVector MINUS_LN2_HI = DoubleVector.broadcast(SPECIES, -LN2_HI);
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

  // The float32 constants, the same expressions as MathFunctions' (so the same floats).
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> INTS =
      VectorSpecies.of(int.class, FLOATS.vectorShape());
  private static final FloatVector ONE_F = FloatVector.broadcast(FLOATS, 1f);
  private static final int BIAS_F = Float.floatToRawIntBits(0x1p23f); // 2^23's bits
  private static final float INV_LN2_F = (float) (1.0 / Math.log(2.0));
  private static final float LN2_HI_F = (float) Math.log(2.0);
  private static final float LN2_LO_F = (float) (Math.log(2.0) - LN2_HI_F);
  private static final float EXP_MIN_F = -104f;
  private static final float EXP_MAX_F = 89f;
  private static final float ROUND_F = 0x1.8p23f;
  private static final FloatVector MINUS_LN2_HI_F = FloatVector.broadcast(FLOATS, -LN2_HI_F);
  private static final FloatVector MINUS_LN2_LO_F = FloatVector.broadcast(FLOATS, -LN2_LO_F);
  private static final FloatVector F2 = FloatVector.broadcast(FLOATS, 1f / 2);
  private static final FloatVector F3 = FloatVector.broadcast(FLOATS, (float) (1.0 / 6));
  private static final FloatVector F4 = FloatVector.broadcast(FLOATS, (float) (1.0 / 24));
  private static final FloatVector F5 = FloatVector.broadcast(FLOATS, (float) (1.0 / 120));
  private static final FloatVector F6 = FloatVector.broadcast(FLOATS, (float) (1.0 / 720));
  private static final FloatVector F7 = FloatVector.broadcast(FLOATS, (float) (1.0 / 5040));
  private static final FloatVector F8 = FloatVector.broadcast(FLOATS, (float) (1.0 / 40320));

  /** For {@link java.util.ServiceLoader}. */
  public VectorElementKernel() {}

  // Each loop holds all its vector arithmetic, written out. The Vector API runs at speed only when
  // C2 inlines every call down to its intrinsics; a helper compiled on its own would box the
  // vectors passed to it. And at over 325 bytecodes (C2's FreqInlineSize) these methods are not
  // inlined into the cells' deep call chains but compiled as roots of their own, so that the
  // Vector API's own nesting stays within C2's inlining depth (MaxInlineLevel 15): inlined into
  // an LTC streaming step, the kernel fell back to boxed, interpreted-speed vectors in one run of
  // three.
  //
  // 2^k is built as (k + 1023)·2^52 in the exponent bits, the integer k + 1023 taken from the low
  // bits of k + 1023 + 2^52 (reinterpreting through constant species, which C2 folds).

  @Override
  public void sigmoid(double[] z, int from, int to) {
    int lanes = SPECIES.length();
    int i = from;
    for (; i <= to - lanes; i += lanes) {
      // 1 / (1 + e^x) at x = −z
      DoubleVector x = DoubleVector.fromArray(SPECIES, z, i).neg().max(-746.0).min(710.0);
      DoubleVector kd = x.mul(INV_LN2).add(0x1.8p52).sub(0x1.8p52);
      DoubleVector r = kd.fma(MINUS_LN2_HI, x).add(kd.mul(-LN2_LO));
      DoubleVector p = r.fma(V13, V12).fma(r, V11).fma(r, V10).fma(r, V9).fma(r, V8).fma(r, V7)
          .fma(r, V6).fma(r, V5).fma(r, V4).fma(r, V3).fma(r, V2);
      DoubleVector q = p.mul(r).fma(r, r);
      DoubleVector kd1 = kd.mul(0.5).add(0x1.8p52).sub(0x1.8p52);
      LongVector u1 = (LongVector) kd1.add(1023.0 + 0x1p52).reinterpretShape(LONGS, 0);
      LongVector u2 = (LongVector) kd.sub(kd1).add(1023.0 + 0x1p52).reinterpretShape(LONGS, 0);
      DoubleVector s1 = (DoubleVector) u1.sub(BIAS).mul(1L << 52).reinterpretShape(SPECIES, 0);
      DoubleVector s2 = (DoubleVector) u2.sub(BIAS).mul(1L << 52).reinterpretShape(SPECIES, 0);
      DoubleVector e = q.add(1.0).mul(s1).mul(s2);
      ONE.div(e.add(1.0)).intoArray(z, i);
    }
    for (; i < to; i++) {
      z[i] = sigmoid(z[i]);
    }
  }

  @Override
  public void tanh(double[] z, int from, int to) {
    int lanes = SPECIES.length();
    int i = from;
    for (; i <= to - lanes; i += lanes) {
      // sign(v) · (−m / (2 + m)) with m = e^x − 1 at x = −2|v|
      DoubleVector v = DoubleVector.fromArray(SPECIES, z, i);
      DoubleVector x = v.abs().mul(-2.0).max(-746.0).min(710.0);
      DoubleVector kd = x.mul(INV_LN2).add(0x1.8p52).sub(0x1.8p52);
      DoubleVector r = kd.fma(MINUS_LN2_HI, x).add(kd.mul(-LN2_LO));
      DoubleVector p = r.fma(V13, V12).fma(r, V11).fma(r, V10).fma(r, V9).fma(r, V8).fma(r, V7)
          .fma(r, V6).fma(r, V5).fma(r, V4).fma(r, V3).fma(r, V2);
      DoubleVector q = p.mul(r).fma(r, r);
      DoubleVector kd1 = kd.mul(0.5).add(0x1.8p52).sub(0x1.8p52);
      LongVector u1 = (LongVector) kd1.add(1023.0 + 0x1p52).reinterpretShape(LONGS, 0);
      LongVector u2 = (LongVector) kd.sub(kd1).add(1023.0 + 0x1p52).reinterpretShape(LONGS, 0);
      DoubleVector s1 = (DoubleVector) u1.sub(BIAS).mul(1L << 52).reinterpretShape(SPECIES, 0);
      DoubleVector s2 = (DoubleVector) u2.sub(BIAS).mul(1L << 52).reinterpretShape(SPECIES, 0);
      DoubleVector scale = s1.mul(s2);
      DoubleVector m = scale.sub(1.0).add(scale.mul(q));
      // |tanh| is −m/(2 + m) ≥ 0, except −0.0 at v = ±0 (m = +0): abs() makes it +0, and the sign
      // is v's sign bit (not v < 0, which −0.0 fails), so tanh(±0) = ±0 as in MathFunctions.
      DoubleVector t = m.neg().div(m.add(2.0)).abs();
      VectorMask<Double> negative =
          ((LongVector) v.reinterpretShape(LONGS, 0)).compare(VectorOperators.LT, 0L).cast(SPECIES);
      t.blend(t.neg(), negative).intoArray(z, i);
    }
    for (; i < to; i++) {
      z[i] = tanh(z[i]);
    }
  }

  // 2^k1 and 2^k2 (k1 = round(k/2), k2 = k − k1) are built as (kj + 127)·2^23 in the exponent
  // bits, the integer kj + 127 taken from the low bits of kj + 127 + 2^23, as MathFunctions'
  // (int) kj + 127 << 23: the same bits. NaN lanes get some exponent, and stay NaN.

  @Override
  public void sigmoid(float[] z, int from, int to) {
    int lanes = FLOATS.length();
    int i = from;
    for (; i <= to - lanes; i += lanes) {
      // (z < 0 ? e : 1) / (1 + e) with e = e^x at x = −|z|
      FloatVector v = FloatVector.fromArray(FLOATS, z, i);
      FloatVector x = v.abs().neg().max(EXP_MIN_F).min(EXP_MAX_F);
      FloatVector kd = x.mul(INV_LN2_F).add(ROUND_F).sub(ROUND_F);
      FloatVector r = kd.fma(MINUS_LN2_LO_F, kd.fma(MINUS_LN2_HI_F, x));
      FloatVector p = r.fma(F8, F7).fma(r, F6).fma(r, F5).fma(r, F4).fma(r, F3).fma(r, F2);
      FloatVector q = p.mul(r).fma(r, r);
      FloatVector kd1 = kd.mul(0.5f).add(ROUND_F).sub(ROUND_F);
      IntVector u1 = (IntVector) kd1.add(127f + 0x1p23f).reinterpretShape(INTS, 0);
      IntVector u2 = (IntVector) kd.sub(kd1).add(127f + 0x1p23f).reinterpretShape(INTS, 0);
      FloatVector s1 = (FloatVector) u1.sub(BIAS_F).lanewise(VectorOperators.LSHL, 23)
          .reinterpretShape(FLOATS, 0);
      FloatVector s2 = (FloatVector) u2.sub(BIAS_F).lanewise(VectorOperators.LSHL, 23)
          .reinterpretShape(FLOATS, 0);
      FloatVector e = q.fma(s1, s1).mul(s2);
      ONE_F.blend(e, v.compare(VectorOperators.LT, 0f)).div(e.add(1f)).intoArray(z, i);
    }
    for (; i < to; i++) {
      z[i] = MathFunctions.sigmoid(z[i]);
    }
  }

  @Override
  public void tanh(float[] z, int from, int to) {
    int lanes = FLOATS.length();
    int i = from;
    for (; i <= to - lanes; i += lanes) {
      // |−m / (2 + m)| with the sign of v, m = e^x − 1 at x = −2|v|
      FloatVector v = FloatVector.fromArray(FLOATS, z, i);
      FloatVector x = v.abs().mul(-2f).max(EXP_MIN_F);
      FloatVector kd = x.mul(INV_LN2_F).add(ROUND_F).sub(ROUND_F);
      FloatVector r = kd.fma(MINUS_LN2_LO_F, kd.fma(MINUS_LN2_HI_F, x));
      FloatVector p = r.fma(F8, F7).fma(r, F6).fma(r, F5).fma(r, F4).fma(r, F3).fma(r, F2);
      FloatVector q = p.mul(r).fma(r, r);
      FloatVector kd1 = kd.mul(0.5f).add(ROUND_F).sub(ROUND_F);
      IntVector u1 = (IntVector) kd1.add(127f + 0x1p23f).reinterpretShape(INTS, 0);
      IntVector u2 = (IntVector) kd.sub(kd1).add(127f + 0x1p23f).reinterpretShape(INTS, 0);
      FloatVector s1 = (FloatVector) u1.sub(BIAS_F).lanewise(VectorOperators.LSHL, 23)
          .reinterpretShape(FLOATS, 0);
      FloatVector s2 = (FloatVector) u2.sub(BIAS_F).lanewise(VectorOperators.LSHL, 23)
          .reinterpretShape(FLOATS, 0);
      FloatVector scale = s1.mul(s2);
      FloatVector m = scale.fma(q, scale.sub(1f));
      FloatVector t = m.neg().div(m.add(2f));
      IntVector magnitude = ((IntVector) t.reinterpretShape(INTS, 0)).and(0x7fffffff);
      IntVector sign = ((IntVector) v.reinterpretShape(INTS, 0)).and(0x80000000);
      ((FloatVector) magnitude.or(sign).reinterpretShape(FLOATS, 0)).intoArray(z, i);
    }
    for (; i < to; i++) {
      z[i] = MathFunctions.tanh(z[i]);
    }
  }

  // The same arithmetic one value at a time, for the tail of a run that does not fill a vector:
  // every operation rounds as its vector twin (fma as Math.fma), so the values are equal bit for
  // bit, and no element's result depends on where it lies.

  static double sigmoid(double z) {
    return 1.0 / (expm1(-z, true) + 1.0);
  }

  static double tanh(double x) {
    double m = expm1(Math.abs(x) * -2.0, false);
    double t = Math.abs(-m / (m + 2.0));
    return Math.copySign(t, x);
  }

  private static double expm1(double x, boolean plain) {
    double xc = Math.min(Math.max(x, -746.0), 710.0);
    double kd = xc * INV_LN2 + 0x1.8p52 - 0x1.8p52;
    double r = Math.fma(kd, -LN2_HI, xc) + kd * -LN2_LO;
    double p = Math.fma(r, C13, C12);
    p = Math.fma(p, r, C11);
    p = Math.fma(p, r, C10);
    p = Math.fma(p, r, C9);
    p = Math.fma(p, r, C8);
    p = Math.fma(p, r, C7);
    p = Math.fma(p, r, C6);
    p = Math.fma(p, r, C5);
    p = Math.fma(p, r, C4);
    p = Math.fma(p, r, C3);
    p = Math.fma(p, r, C2);
    double q = Math.fma(p * r, r, r);
    double kd1 = kd * 0.5 + 0x1.8p52 - 0x1.8p52;
    double s1 = Math.scalb(1.0, (int) kd1);
    double s2 = Math.scalb(1.0, (int) (kd - kd1));
    if (plain) {
      return (q + 1.0) * s1 * s2;
    }
    double scale = s1 * s2;
    return (scale - 1.0) + scale * q;
  }

  @Override
  public String name() {
    return "vector-" + SPECIES.vectorBitSize();
  }
}
