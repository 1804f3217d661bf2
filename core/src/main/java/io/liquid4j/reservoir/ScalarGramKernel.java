package io.liquid4j.reservoir;

/**
 * {@link GramKernel} with scalar fused multiply-adds over 4 × 4 tiles of the result: sixteen
 * running sums stay in registers while the block's rows stream past, so each row's values are
 * loaded once per tile instead of once per entry.
 */
final class ScalarGramKernel implements GramKernel {
  static final ScalarGramKernel INSTANCE = new ScalarGramKernel();

  private ScalarGramKernel() {}

  @Override
  public void accumulateLower(double[] x, int offset, int rows, int n, double[] gram, int iFrom,
      int iTo) {
    int i0 = iFrom;
    for (; i0 + 4 <= iTo; i0 += 4) {
      int jEnd = i0 + 4;
      int j0 = 0;
      for (; j0 + 4 <= jEnd; j0 += 4) {
        tile4x4(x, offset, rows, n, gram, i0, j0);
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

  /** Σ_r x[r][i]·x[r][j] in row order with fused multiply-adds. */
  static double entry(double[] x, int offset, int rows, int n, int i, int j) {
    double s = 0;
    for (int r = 0, base = offset; r < rows; r++, base += n) {
      s = Math.fma(x[base + i], x[base + j], s);
    }
    return s;
  }

  private static void tile4x4(double[] x, int offset, int rows, int n, double[] gram, int i0,
      int j0) {
    double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
    double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
    double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
    double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
    for (int r = 0, base = offset; r < rows; r++, base += n) {
      double a0 = x[base + i0];
      double a1 = x[base + i0 + 1];
      double a2 = x[base + i0 + 2];
      double a3 = x[base + i0 + 3];
      double b0 = x[base + j0];
      double b1 = x[base + j0 + 1];
      double b2 = x[base + j0 + 2];
      double b3 = x[base + j0 + 3];
      s00 = Math.fma(a0, b0, s00);
      s01 = Math.fma(a0, b1, s01);
      s02 = Math.fma(a0, b2, s02);
      s03 = Math.fma(a0, b3, s03);
      s10 = Math.fma(a1, b0, s10);
      s11 = Math.fma(a1, b1, s11);
      s12 = Math.fma(a1, b2, s12);
      s13 = Math.fma(a1, b3, s13);
      s20 = Math.fma(a2, b0, s20);
      s21 = Math.fma(a2, b1, s21);
      s22 = Math.fma(a2, b2, s22);
      s23 = Math.fma(a2, b3, s23);
      s30 = Math.fma(a3, b0, s30);
      s31 = Math.fma(a3, b1, s31);
      s32 = Math.fma(a3, b2, s32);
      s33 = Math.fma(a3, b3, s33);
    }
    int g0 = i0 * n + j0;
    int g1 = g0 + n;
    int g2 = g1 + n;
    int g3 = g2 + n;
    gram[g0] += s00;
    gram[g0 + 1] += s01;
    gram[g0 + 2] += s02;
    gram[g0 + 3] += s03;
    gram[g1] += s10;
    gram[g1 + 1] += s11;
    gram[g1 + 2] += s12;
    gram[g1 + 3] += s13;
    gram[g2] += s20;
    gram[g2 + 1] += s21;
    gram[g2 + 2] += s22;
    gram[g2 + 3] += s23;
    gram[g3] += s30;
    gram[g3 + 1] += s31;
    gram[g3 + 2] += s32;
    gram[g3 + 3] += s33;
  }

  @Override
  public String name() {
    return "scalar";
  }
}
