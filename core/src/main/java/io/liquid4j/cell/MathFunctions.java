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
  private static final double[] ERF_A = {
    3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
    3.20937758913846947e03, 1.85777706184603153e-1
  };
  private static final double[] ERF_B = {
    2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03
  };
  private static final double[] ERFC_C = {
    5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
    2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
    2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8
  };
  private static final double[] ERFC_D = {
    1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
    1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
    3.43936767414372164e03, 1.23033935480374942e03
  };
  private static final double[] ERFC_P = {
    3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
    1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2
  };
  private static final double[] ERFC_Q = {
    2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1,
    6.05183413124413191e-2, 2.33520497626869185e-3
  };

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

  /**
   * σ(x) = 1 / (1 + e^−x) in float32 (the {@link Precision#FLOAT32} path's plain reference).
   *
   * @param x argument
   * @return σ(x) rounded to float
   */
  public static float sigmoid(float x) {
    return (float) sigmoid((double) x);
  }

  /**
   * tanh(x) in float32 (the {@link Precision#FLOAT32} path's plain reference).
   *
   * @param x argument
   * @return tanh(x) rounded to float
   */
  public static float tanh(float x) {
    return (float) tanh((double) x);
  }
}
