package io.liquid4j.onnx;

import java.util.List;

/**
 * erf(x) to double precision from elementary operators: W. J. Cody's rational approximations
 * (CALERF), the same coefficients and evaluation order as liquid4j's {@code
 * io.liquid4j.cell.MathFunctions#erf}. All three ranges are computed for every element and the
 * right one chosen by Where (an unused range may hold inf or NaN, which Where drops):
 *
 * <pre>
 * |x| ≤ 0.5:      erf  = x·P_A(x²)/Q_B(x²)
 * 0.5 &lt; |x| ≤ 4: erfc = e^(−y²)·P_C(y)/Q_D(y),                 y = |x|
 * 4 &lt; |x| &lt; 27:  erfc = e^(−y²)·(1/√π − y⁻²·P_P(y⁻²)/Q_Q(y⁻²))/y
 * |x| ≥ 27:       erfc = 0;    erf = sign(x)·(1 − erfc)
 * </pre>
 */
final class Erf64 {
  private Erf64() {}

  private static final double[] A = {
    3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
    3.20937758913846947e03, 1.85777706184603153e-1
  };
  private static final double[] B = {
    2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03
  };
  private static final double[] C = {
    5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
    2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
    2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8
  };
  private static final double[] D = {
    1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
    1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
    3.43936767414372164e03, 1.23033935480374942e03
  };
  private static final double[] P = {
    3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
    1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2
  };
  private static final double[] Q = {
    2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1,
    6.05183413124413191e-2, 2.33520497626869185e-3
  };

  static String emit(OnnxGraph g, String x) {
    String y = g.abs(x);
    // |x| ≤ 0.5
    String ysq = g.mul(y, y);
    String num = g.mul(g.scalar(A[4]), ysq);
    String den = ysq;
    for (int i = 0; i < 3; i++) {
      num = g.mul(g.add(num, g.scalar(A[i])), ysq);
      den = g.mul(g.add(den, g.scalar(B[i])), ysq);
    }
    String small = g.div(g.mul(x, g.add(num, g.scalar(A[3]))), g.add(den, g.scalar(B[3])));
    // e^(−y²)
    String gauss = g.exp(g.mul(g.neg(y), y));
    // 0.5 < |x| ≤ 4
    num = g.mul(g.scalar(C[8]), y);
    den = y;
    for (int i = 0; i < 7; i++) {
      num = g.mul(g.add(num, g.scalar(C[i])), y);
      den = g.mul(g.add(den, g.scalar(D[i])), y);
    }
    String erfcMid = g.div(g.mul(gauss, g.add(num, g.scalar(C[7]))), g.add(den, g.scalar(D[7])));
    // 4 < |x| < 27
    String inv = g.div(g.scalar(1.0), g.mul(y, y));
    num = g.mul(g.scalar(P[5]), inv);
    den = inv;
    for (int i = 0; i < 4; i++) {
      num = g.mul(g.add(num, g.scalar(P[i])), inv);
      den = g.mul(g.add(den, g.scalar(Q[i])), inv);
    }
    String r = g.div(g.mul(inv, g.add(num, g.scalar(P[4]))), g.add(den, g.scalar(Q[4])));
    String erfcLarge = g.div(g.mul(gauss, g.sub(g.scalar(0.5641895835477562869), r)), y);
    String erfc = where(g, g.op("LessOrEqual", List.of(y, g.scalar(4.0))), erfcMid,
        where(g, g.op("Less", List.of(y, g.scalar(27.0))), erfcLarge, g.scalar(0.0)));
    // x < 0 ? erfc − 1 : 1 − erfc
    String large = where(g, g.op("Less", List.of(x, g.scalar(0.0))),
        g.sub(erfc, g.scalar(1.0)), g.sub(g.scalar(1.0), erfc));
    return where(g, g.op("LessOrEqual", List.of(y, g.scalar(0.5))), small, large);
  }

  private static String where(OnnxGraph g, String condition, String a, String b) {
    return g.op("Where", List.of(condition, a, b));
  }
}
