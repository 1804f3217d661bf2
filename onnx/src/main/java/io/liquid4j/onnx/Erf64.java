package io.liquid4j.onnx;

import io.liquid4j.cell.CodyErf;
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

  // The coefficients MathFunctions.erf uses, so that graph and Java compute the same function.
  private static final double[] A = CodyErf.erfA();
  private static final double[] B = CodyErf.erfB();
  private static final double[] C = CodyErf.erfcC();
  private static final double[] D = CodyErf.erfcD();
  private static final double[] P = CodyErf.erfcP();
  private static final double[] Q = CodyErf.erfcQ();

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
