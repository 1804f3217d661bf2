package io.liquid4j.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.cell.Kernels;
import io.liquid4j.cell.MatmulKernel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API matrix-product kernel gives the scalar kernel's bits (so training does not
 * depend on which one runs), and both give the product, over shapes that exercise every tile and
 * edge: 1, odd sizes, sizes that are no multiple of the 4-row tiles or of 1, 2 or 4 vectors.
 */
class VectorMatmulKernelTest {
  private static double[][] random(SplittableRandom r, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = r.doubles(cols, -1, 1).toArray();
    }
    return m;
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  @ParameterizedTest(name = "rows {0}, depth {1}, cols {2}, zero {3}")
  @CsvSource({"1, 1, 1, true", "1, 256, 1024, true", "4, 16, 16, false", "5, 33, 17, true",
      "64, 272, 256, true", "64, 256, 272, false", "7, 3, 41, false", "3, 9, 35, true",
      "13, 1, 63, false", "2, 65, 8, true"})
  void multiplyAddMatchesTheScalarKernelBitForBit(int rows, int depth, int cols, boolean zero) {
    SplittableRandom r = new SplittableRandom(rows * 31L + depth * 7L + cols);
    int aOff = 2;
    double[][] a = random(r, rows, aOff + depth);
    double[][] b = random(r, depth, cols);
    double[][] c = random(r, rows, cols + 1);
    double[][] scalar = copy(c);
    double[][] vector = copy(c);
    MatmulKernel.scalar().multiplyAdd(scalar, zero, a, aOff, b, cols, depth, rows);
    new VectorMatmulKernel().multiplyAdd(vector, zero, a, aOff, b, cols, depth, rows);
    for (int i = 0; i < rows; i++) {
      assertArrayEquals(scalar[i], vector[i], 0.0, "row " + i);
      for (int j = 0; j < cols; j++) {
        double sum = zero ? 0 : c[i][j];
        for (int k = 0; k < depth; k++) {
          sum += a[i][aOff + k] * b[k][j];
        }
        assertEquals(sum, vector[i][j], 1e-12 * Math.max(1, Math.abs(sum)) * depth);
      }
      assertEquals(c[i][cols], vector[i][cols], 0.0, "column past cols, row " + i);
    }
  }

  @ParameterizedTest(name = "rows {0}, in {1}, out {2}, masked {3}")
  @CsvSource({"1, 1, 1, false", "64, 272, 256, false", "64, 256, 1024, false",
      "5, 17, 33, false", "3, 41, 7, true", "9, 15, 6, false", "2, 8, 5, true"})
  void weightGradientMatchesTheScalarKernelBitForBit(int rows, int in, int out,
      boolean masked) {
    SplittableRandom r = new SplittableRandom(rows * 131L + in * 17L + out);
    int col = 3;
    int wOff = 7;
    double[][] dy = random(r, rows, col + out);
    double[][] x = random(r, rows, in);
    double[][] mask = null;
    if (masked) {
      mask = new double[out][in];
      for (double[] m : mask) {
        for (int i = 0; i < in; i++) {
          m[i] = r.nextInt(2);
        }
      }
    }
    double[] dW = r.doubles(wOff + out * in + 2, -1, 1).toArray();
    double[] scalar = dW.clone();
    double[] vector = dW.clone();
    MatmulKernel.scalar().weightGradient(scalar, wOff, dy, col, x, mask, out, in, rows,
        new double[in]);
    new VectorMatmulKernel().weightGradient(vector, wOff, dy, col, x, mask, out, in, rows,
        new double[in]);
    assertArrayEquals(scalar, vector, 0.0);
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        int at = wOff + o * in + i;
        double sum = dW[at];
        for (int s = 0; s < rows; s++) {
          sum += dy[s][col + o] * x[s][i] * (mask == null ? 1 : mask[o][i]);
        }
        assertEquals(sum, vector[at], 1e-12 * Math.max(1, Math.abs(sum)) * rows);
      }
    }
  }

  @Test
  void isTheKernelInUse() {
    assertEquals(new VectorMatmulKernel().name(), Kernels.matmul().name());
  }
}
