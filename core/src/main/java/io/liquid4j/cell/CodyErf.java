package io.liquid4j.cell;

/**
 * W. J. Cody's rational approximations of erf and erfc (CALERF, "Rational Chebyshev
 * approximations for the error function", Math. Comp. 1969), accurate to double precision: the
 * one set of coefficients behind {@link MathFunctions#erf} and any other implementation of the
 * same algorithm, such as the ONNX export's float64 GELU, so that the two cannot drift apart.
 */
public final class CodyErf {
  private CodyErf() {}

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
   * The coefficients of the numerator of erf on |x| ≤ 0.5.
   *
   * @return a copy
   */
  public static double[] erfA() {
    return ERF_A.clone();
  }

  /**
   * The coefficients of the denominator of erf on |x| ≤ 0.5.
   *
   * @return a copy
   */
  public static double[] erfB() {
    return ERF_B.clone();
  }

  /**
   * The coefficients of the numerator of erfc on 0.5 &lt; |x| ≤ 4, times e^(−x²).
   *
   * @return a copy
   */
  public static double[] erfcC() {
    return ERFC_C.clone();
  }

  /**
   * The coefficients of the denominator of erfc on 0.5 &lt; |x| ≤ 4.
   *
   * @return a copy
   */
  public static double[] erfcD() {
    return ERFC_D.clone();
  }

  /**
   * The coefficients of the numerator of erfc on |x| > 4, in 1/x².
   *
   * @return a copy
   */
  public static double[] erfcP() {
    return ERFC_P.clone();
  }

  /**
   * The coefficients of the denominator of erfc on |x| > 4, in 1/x².
   *
   * @return a copy
   */
  public static double[] erfcQ() {
    return ERFC_Q.clone();
  }
}
