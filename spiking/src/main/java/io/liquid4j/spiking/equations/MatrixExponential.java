package io.liquid4j.spiking.equations;

/**
 * exp(A) of a small dense matrix by scaling and squaring: A is halved until its norm is at most
 * ½, the Taylor series is summed until its terms vanish in double precision, and the result is
 * squared back. Exact linear integration calls this once per run, not per step.
 */
final class MatrixExponential {
  private MatrixExponential() {}

  /**
   * @param a (n, n) row-major. Not modified.
   * @return exp(a), (n, n) row-major
   */
  static double[] expm(double[] a, int n) {
    double norm = 0;
    for (int r = 0; r < n; r++) {
      double row = 0;
      for (int c = 0; c < n; c++) {
        row += Math.abs(a[r * n + c]);
      }
      norm = Math.max(norm, row);
    }
    if (!Double.isFinite(norm)) {
      throw new IllegalArgumentException("matrix exponential: expected finite entries");
    }
    int squarings = 0;
    while (norm > 0.5) {
      norm /= 2;
      squarings++;
    }
    double scale = Math.scalb(1.0, -squarings);
    double[] x = new double[n * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = a[k] * scale;
    }
    double[] result = identity(n);
    double[] term = identity(n);
    for (int k = 1; k <= 30; k++) {
      term = multiply(term, x, n);
      double largest = 0;
      for (int j = 0; j < term.length; j++) {
        term[j] /= k;
        result[j] += term[j];
        largest = Math.max(largest, Math.abs(term[j]));
      }
      if (largest < 1e-18) {
        break;
      }
    }
    for (int s = 0; s < squarings; s++) {
      result = multiply(result, result, n);
    }
    return result;
  }

  private static double[] identity(int n) {
    double[] out = new double[n * n];
    for (int k = 0; k < n; k++) {
      out[k * n + k] = 1;
    }
    return out;
  }

  private static double[] multiply(double[] a, double[] b, int n) {
    double[] out = new double[n * n];
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < n; k++) {
        double ark = a[r * n + k];
        if (ark == 0) {
          continue;
        }
        for (int c = 0; c < n; c++) {
          out[r * n + c] += ark * b[k * n + c];
        }
      }
    }
    return out;
  }
}
