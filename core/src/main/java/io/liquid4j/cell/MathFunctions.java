package io.liquid4j.cell;

/** Scalar functions shared by the cells. */
public final class MathFunctions {
  private MathFunctions() {}

  /**
   * The logistic sigmoid 1 / (1 + e^−x).
   *
   * @param x any double
   * @return σ(x), in [0, 1]
   */
  public static double sigmoid(double x) {
    return 1.0 / (1.0 + exp(-x));
  }

  // 2^(j/32) for j < 32, and ln2/32 split so that k·LN2_32_HI is exact for |k| < 2^21 (the high
  // part has 32 significant bits; fdlibm's ln2_hi and ln2_lo divided by 32).
  private static final double[] EXP2_J_32 = new double[32];

  static {
    for (int j = 0; j < 32; j++) {
      EXP2_J_32[j] = Math.pow(2.0, j / 32.0);
    }
  }

  private static final double INV_LN2_32 = 32.0 / Math.log(2.0);
  private static final double LN2_32_HI = 6.93147180369123816490e-01 / 32;
  private static final double LN2_32_LO = 1.90821492927058770002e-10 / 32;

  /**
   * e^x within 1 ulp of {@link Math#exp} (tested over 10^6 seeded values), computed in line: on
   * JDK 17 {@code Math.exp} is an out-of-line stub whose call spills every vector register, and
   * the LTC's sigmoids spend most of a streaming step in it.
   *
   * <p>Tang's method: x = (32m + j)·ln2/32 + r with |r| ≤ ln2/64, so e^x = 2^m · 2^(j/32) · e^r,
   * with e^r − 1 by its Taylor series to r⁶ (first omitted term under 4e-18). Outside [−700, 700]
   * (overflow, subnormal results, NaN) it is {@code Math.exp}.
   *
   * @param x any double
   * @return e^x
   */
  public static double exp(double x) {
    if (!(x > -700.0 && x < 700.0)) {
      return Math.exp(x);
    }
    double kd = Math.rint(x * INV_LN2_32);
    long k = (long) kd;
    double r = (x - kd * LN2_32_HI) - kd * LN2_32_LO;
    double p = r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0
        + r * (1.0 / 720.0))))));
    double scale = Double.longBitsToDouble(((k >> 5) + 1023) << 52) * EXP2_J_32[(int) (k & 31)];
    return scale + scale * p;
  }

  /**
   * tanh(x) from the intrinsic {@link Math#exp}, within a few ulp of {@link Math#tanh}. (Not from
   * {@link #exp}: 1 − e cancels, and its 1-ulp error would grow to several.) On JDK 17
   * {@code Math.tanh} is a native fdlibm call that costs several times an exp, and CfC spends more
   * time in tanh than in its matrix products.
   *
   * <p>tanh|x| = (1 − e^−2|x|) / (1 + e^−2|x|) loses relative accuracy as |x| → 0 (1 − e cancels),
   * so below |x| = 1/16 the Taylor series to x¹³ is used; its first omitted term is under 1e-20·|x|
   * there. Above 20, tanh rounds to ±1.
   *
   * @param x any double
   * @return tanh(x), in [−1, 1]
   */
  public static double tanh(double x) {
    double ax = Math.abs(x);
    if (ax < 0.0625) {
      double x2 = x * x;
      return x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (2.0 / 15.0 + x2 * (-17.0 / 315.0
          + x2 * (62.0 / 2835.0 + x2 * (-1382.0 / 155925.0 + x2 * (21844.0 / 6081075.0)))))));
    }
    if (Double.isNaN(x)) {
      return x;
    }
    double t = 1.0;
    if (ax < 20.0) {
      double e = Math.exp(-2.0 * ax);
      t = (1.0 - e) / (1.0 + e);
    }
    return Math.copySign(t, x);
  }

  /**
   * PyTorch's {@code nn.Softplus()} (beta 1, threshold 20): x itself above 20, log(1 + e^x) below.
   *
   * @param x any double
   * @return softplus(x) = log(1 + e^x), ≥ 0
   */
  public static double softplus(double x) {
    return x > 20.0 ? x : Math.log1p(Math.exp(x));
  }

  // W. J. Cody's rational approximations (CALERF), accurate to double precision.
  private static final double[] ERF_A = CodyErf.erfA();
  private static final double[] ERF_B = CodyErf.erfB();
  private static final double[] ERFC_C = CodyErf.erfcC();
  private static final double[] ERFC_D = CodyErf.erfcD();
  private static final double[] ERFC_P = CodyErf.erfcP();
  private static final double[] ERFC_Q = CodyErf.erfcQ();

  /**
   * The error function to double precision, for the exact GELU (the JDK has no erf, and the usual
   * single-formula fits are only good to about 1e-7).
   *
   * @param x any double
   * @return erf(x), in [−1, 1]
   */
  public static double erf(double x) {
    double y = Math.abs(x);
    if (y <= 0.5) {
      double ysq = y * y;
      double num = ERF_A[4] * ysq;
      double den = ysq;
      for (int i = 0; i < 3; i++) {
        num = (num + ERF_A[i]) * ysq;
        den = (den + ERF_B[i]) * ysq;
      }
      return x * (num + ERF_A[3]) / (den + ERF_B[3]);
    }
    double erfc;
    if (y <= 4.0) {
      double num = ERFC_C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + ERFC_C[i]) * y;
        den = (den + ERFC_D[i]) * y;
      }
      erfc = Math.exp(-y * y) * (num + ERFC_C[7]) / (den + ERFC_D[7]);
    } else if (y < 27.0) {
      double ysq = 1.0 / (y * y);
      double num = ERFC_P[5] * ysq;
      double den = ysq;
      for (int i = 0; i < 4; i++) {
        num = (num + ERFC_P[i]) * ysq;
        den = (den + ERFC_Q[i]) * ysq;
      }
      double r = ysq * (num + ERFC_P[4]) / (den + ERFC_Q[4]);
      erfc = Math.exp(-y * y) * (0.5641895835477562869 - r) / y;
    } else {
      erfc = 0.0;
    }
    return x < 0 ? erfc - 1.0 : 1.0 - erfc;
  }

  // ---- float32 -------------------------------------------------------------------------------
  //
  // The float functions below are the definitions of the FLOAT32 path's nonlinearities, and the
  // Vector API kernel (liquid4j-vector's VectorElementKernel) repeats them lane by lane. So they
  // are built only from operations that round the same way in every lane, interpreted or compiled:
  // float +, −, ×, ÷, fma, min, max, abs and exponent bits, no table look-up and no Math.exp
  // (whose vector form is an SVML routine once C2 has compiled the loop, but Math.exp per lane
  // before). Each value is then computed alike wherever it lies in an array and whatever the JIT
  // has done so far, and a seeded float32 run repeats itself bit for bit.
  //
  // e^x = 2^k · e^r with k = round(x / ln2) and r = x − k·ln2, |r| ≤ ln2/2 (+ rounding): k·ln2_hi
  // is subtracted by a fused multiply-add, exact because the result is small, then k·ln2_lo.
  // e^r − 1 = r + r²·P(r), P the Taylor series of (e^r − 1 − r)/r² to r⁶ (first omitted term
  // r⁹/9! < 2e-10 relative, a thousandth of a float ulp). 2^k is applied as 2^k1 · 2^k2 with
  // k1 = round(k/2), both factors normal floats, so that results near overflow and subnormal
  // results round once, as a correctly rounded exp does (the last product only).

  private static final float INV_LN2_F = (float) (1.0 / Math.log(2.0));
  private static final float LN2_HI_F = (float) Math.log(2.0);
  private static final float LN2_LO_F = (float) (Math.log(2.0) - LN2_HI_F);
  // Cn = 1/n!: the coefficients of (e^r − 1 − r) / r² = 1/2! + r/3! + … + r⁶/8!.
  private static final float EXP_C2 = 1f / 2;
  private static final float EXP_C3 = (float) (1.0 / 6);
  private static final float EXP_C4 = (float) (1.0 / 24);
  private static final float EXP_C5 = (float) (1.0 / 120);
  private static final float EXP_C6 = (float) (1.0 / 720);
  private static final float EXP_C7 = (float) (1.0 / 5040);
  private static final float EXP_C8 = (float) (1.0 / 40320);
  /** Below this, e^x rounds to 0 in float (e^−104 &lt; 2^−150); clamping keeps k small. */
  private static final float EXP_MIN_F = -104f;
  /** Above this, e^x overflows in float (ln(2^128) ≈ 88.72); clamping keeps k small. */
  private static final float EXP_MAX_F = 89f;
  /** 1.5·2^23: adding and subtracting it rounds a float below 2^22 to an integer (ties even). */
  private static final float ROUND_F = 0x1.8p23f;

  /**
   * e^x in float32 arithmetic, within 1 ulp of the correctly rounded value (measured over 10^6
   * seeded values against {@code (float) Math.exp(x)}, subnormal results included). e^x is 0 below
   * about −103.97, +∞ above about 88.72, NaN for NaN.
   *
   * <p>Built from float additions, multiplications, fused multiply-adds and exponent bits only (see
   * the comment above), so the Vector API kernel computes the same bits lane by lane.
   *
   * @param x any float
   * @return e^x
   */
  public static float exp(float x) {
    float xc = Math.min(Math.max(x, EXP_MIN_F), EXP_MAX_F); // NaN stays NaN
    float kd = xc * INV_LN2_F + ROUND_F - ROUND_F;
    float r = Math.fma(kd, -LN2_LO_F, Math.fma(kd, -LN2_HI_F, xc));
    float q = Math.fma(expPolynomial(r) * r, r, r); // e^r − 1
    float kd1 = kd * 0.5f + ROUND_F - ROUND_F;
    return Math.fma(q, powerOfTwo(kd1), powerOfTwo(kd1)) * powerOfTwo(kd - kd1);
  }

  /** P(r) = (e^r − 1 − r) / r² by Horner's rule, the fused multiply-adds the vector kernel runs. */
  private static float expPolynomial(float r) {
    float p = Math.fma(r, EXP_C8, EXP_C7);
    p = Math.fma(p, r, EXP_C6);
    p = Math.fma(p, r, EXP_C5);
    p = Math.fma(p, r, EXP_C4);
    p = Math.fma(p, r, EXP_C3);
    return Math.fma(p, r, EXP_C2);
  }

  /** 2^k for an integral float k with −126 ≤ k ≤ 127, from its exponent bits. */
  private static float powerOfTwo(float k) {
    return Float.intBitsToFloat(((int) k + 127) << 23);
  }

  /**
   * σ(x) = 1 / (1 + e^−x) in float32 arithmetic (the {@link Precision#FLOAT32} path), within 2 ulp
   * of the correctly rounded value (measured: see the test). Computed as 1 / (1 + e) for x ≥ 0 and
   * e / (1 + e) for x &lt; 0 with e = e^−|x| ≤ 1, which never overflows: σ is exactly 1 from
   * about 16.64 (1 + e rounds to 1; the correctly rounded σ is 1 − 2^−24 up to 17.33) and follows
   * the true value into the subnormals below 0, reaching exactly 0 below about −103.97. Bit for
   * bit what the Vector API kernel computes.
   *
   * @param x any float
   * @return σ(x), in [0, 1]; NaN for NaN
   */
  public static float sigmoid(float x) {
    float e = exp(-Math.abs(x));
    return (x < 0f ? e : 1f) / (1f + e);
  }

  /**
   * tanh(x) in float32 arithmetic (the {@link Precision#FLOAT32} path), within 2 ulp of the
   * correctly rounded value (measured: see the test). tanh|x| = −m / (2 + m) with m = e^−2|x| − 1
   * computed without cancellation (as 2^k·(e^r − 1) + (2^k − 1), one fused multiply-add), so small
   * arguments keep their relative accuracy without a separate series; tanh is exactly ±1 from
   * about 8.49 (the correctly rounded tanh is 1 − 2^−24 up to 9.01), keeps the sign of x
   * (tanh(−0) = −0) and is NaN for NaN. Bit for bit what the Vector API kernel computes.
   *
   * @param x any float
   * @return tanh(x), in [−1, 1]
   */
  public static float tanh(float x) {
    float y = Math.max(Math.abs(x) * -2f, EXP_MIN_F); // ≤ 0, no upper clamp needed
    float kd = y * INV_LN2_F + ROUND_F - ROUND_F;
    float r = Math.fma(kd, -LN2_LO_F, Math.fma(kd, -LN2_HI_F, y));
    float q = Math.fma(expPolynomial(r) * r, r, r);
    float kd1 = kd * 0.5f + ROUND_F - ROUND_F;
    float scale = powerOfTwo(kd1) * powerOfTwo(kd - kd1); // 2^k, 0 at k = −150
    float m = Math.fma(scale, q, scale - 1f); // e^y − 1 ∈ [−1, 0]
    float t = -m / (m + 2f);
    // |t| with the sign of x, by bits: tanh(±0) = ±0 (m = +0 there gives t = −0).
    return Float.intBitsToFloat((Float.floatToRawIntBits(t) & 0x7fffffff)
        | (Float.floatToRawIntBits(x) & 0x80000000));
  }
}
