package io.liquid4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Elementwise comparisons that report where and by how much arrays differ (llm.c's check_tensor). */
public final class Tensors {
  private Tensors() {}

  /**
   * Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise, reporting the worst entry.
   */
  public static void assertClose(
      String label, double[] expected, double[] actual, double atol, double rtol) {
    assertEquals(expected.length, actual.length, label + ": length");
    int worst = -1;
    double worstExcess = 0;
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(actual[i] - expected[i]);
      maxDiff = Math.max(maxDiff, diff);
      double excess = diff - (atol + rtol * Math.abs(expected[i]));
      if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Double.isNaN(excess))) {
        worst = i;
        worstExcess = excess;
      }
    }
    if (worst >= 0) {
      fail(
          String.format(
              "%s: entry %d is %.9g, expected %.9g (|diff| %.3g > %.3g + %.3g·|x|); max |diff| %.3g",
              label, worst, actual[worst], expected[worst],
              Math.abs(actual[worst] - expected[worst]), atol, rtol, maxDiff));
    }
  }

  /** Maximum absolute difference. */
  public static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
