package io.liquid4j.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.reservoir.GramKernel;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API Gram kernel gives the scalar kernel's bits (so a ridge readout does not depend
 * on which one runs), and both give Σ xᵀx over the rows.
 */
class VectorGramKernelTest {
  @ParameterizedTest(name = "{0} rows, n {1}, rows {2}..{3}")
  @CsvSource({"64, 100, 0, 100", "17, 37, 4, 33", "1, 9, 0, 9", "64, 1000, 312, 500",
      "5, 3, 0, 3"})
  void matchesTheScalarKernelBitForBit(int rows, int n, int iFrom, int iTo) {
    SplittableRandom rng = new SplittableRandom(rows * 31L + n);
    int offset = 3 * n;
    double[] x = new double[offset + rows * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.nextDouble() * 2 - 1;
    }
    double[] start = new double[n * n];
    for (int k = 0; k < start.length; k++) {
      start[k] = rng.nextDouble();
    }
    double[] scalar = start.clone();
    double[] vector = start.clone();
    GramKernel.scalar().accumulateLower(x, offset, rows, n, scalar, iFrom, iTo);
    new VectorGramKernel().accumulateLower(x, offset, rows, n, vector, iFrom, iTo);
    assertArrayEquals(scalar, vector, 0);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double expected = start[i * n + j];
        if (i >= iFrom && i < iTo && j <= i) {
          double sum = 0;
          for (int r = 0; r < rows; r++) {
            sum += x[offset + r * n + i] * x[offset + r * n + j];
          }
          expected += sum;
          assertEquals(expected, vector[i * n + j], 1e-12, "(" + i + ", " + j + ")");
        } else if (j <= i) {
          assertEquals(expected, vector[i * n + j], 0, "outside rows: (" + i + ", " + j + ")");
        }
      }
    }
  }
}
