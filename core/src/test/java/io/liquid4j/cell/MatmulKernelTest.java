package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix-product kernels (core's scalar one, and the one in use: the Vector API one when the
 * vector module's tests run this class) against the plain triple loops of {@link
 * MatmulReference}: equal bit for bit, since each entry is the same chain of fused multiply-adds;
 * and the reference against a naive sum of products to 1e-12 relative, so the reference itself
 * computes the product. Shapes include 1, odd sizes and sizes that are no multiple of any tile.
 */
class MatmulKernelTest {
  static Stream<Arguments> shapes() {
    SplittableRandom r = new SplittableRandom(17);
    Stream.Builder<Arguments> s = Stream.builder();
    int[][] fixed = {{1, 1, 1}, {1, 7, 1}, {4, 16, 8}, {5, 33, 17}, {64, 272, 256},
        {3, 1, 40}, {9, 24, 3}, {2, 65, 9}, {1, 256, 1024}};
    for (int[] f : fixed) {
      s.add(Arguments.of(f[0], f[1], f[2], false));
    }
    for (int k = 0; k < 24; k++) {
      s.add(Arguments.of(1 + r.nextInt(13), 1 + r.nextInt(70), 1 + r.nextInt(70),
          r.nextInt(3) == 0));
    }
    return s.build();
  }

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

  @ParameterizedTest(name = "rows {0}, depth {1}, cols {2}")
  @MethodSource("shapes")
  void multiplyAddEqualsTheReferenceBitForBit(int rows, int depth, int cols, boolean zero) {
    SplittableRandom r = new SplittableRandom(rows * 1_000_003L + depth * 1009L + cols);
    int aOff = 3;
    double[][] a = random(r, rows, aOff + depth + 2);
    double[][] b = random(r, depth, cols + 1);
    double[][] c = random(r, rows, cols + 1); // the extra column must stay as it is
    double[][] expected = copy(c);
    MatmulReference.multiplyAdd(expected, zero, a, aOff, b, cols, depth, rows);
    for (MatmulKernel kernel : new MatmulKernel[] {MatmulKernel.scalar(), Kernels.matmul()}) {
      double[][] got = copy(c);
      kernel.multiplyAdd(got, zero, a, aOff, b, cols, depth, rows);
      for (int i = 0; i < rows; i++) {
        assertArrayEquals(expected[i], got[i], 0.0, kernel.name() + ", row " + i);
      }
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double sum = zero ? 0 : c[i][j];
        double scale = Math.abs(sum);
        for (int k = 0; k < depth; k++) {
          sum += a[i][aOff + k] * b[k][j];
          scale += Math.abs(a[i][aOff + k] * b[k][j]);
        }
        assertEquals(sum, expected[i][j], 1e-12 * scale, "naive sum (" + i + ", " + j + ")");
      }
      assertEquals(c[i][cols], expected[i][cols], 0.0, "column past cols");
    }
  }

  @ParameterizedTest(name = "rows {0}, in {1}, out {2}, masked {3}")
  @MethodSource("shapes")
  void weightGradientEqualsTheReferenceBitForBit(int rows, int in, int out, boolean masked) {
    SplittableRandom r = new SplittableRandom(rows * 7919L + in * 31L + out);
    int col = 2;
    int wOff = 5;
    double[][] dy = random(r, rows, col + out + 1);
    double[][] x = random(r, rows, in);
    double[][] mask = null;
    if (masked) {
      mask = new double[out][in];
      for (double[] m : mask) {
        for (int i = 0; i < in; i++) {
          m[i] = r.nextInt(3) == 0 ? 0 : 1;
        }
      }
    }
    double[] dW = r.doubles(wOff + out * in + 3, -1, 1).toArray();
    double[] expected = dW.clone();
    MatmulReference.weightGradient(expected, wOff, dy, col, x, mask, out, in, rows);
    for (MatmulKernel kernel : new MatmulKernel[] {MatmulKernel.scalar(), Kernels.matmul()}) {
      double[] got = dW.clone();
      kernel.weightGradient(got, wOff, dy, col, x, mask, out, in, rows, new double[in]);
      assertArrayEquals(expected, got, 0.0, kernel.name());
    }
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        int at = wOff + o * in + i;
        double sum = dW[at];
        double scale = Math.abs(sum);
        for (int s = 0; s < rows; s++) {
          double term = dy[s][col + o] * x[s][i] * (mask == null ? 1 : mask[o][i]);
          sum += term;
          scale += Math.abs(term);
        }
        assertEquals(sum, expected[at], 1e-12 * scale, "naive sum (" + o + ", " + i + ")");
      }
    }
  }

  @ParameterizedTest(name = "rows {0}, depth {1}, cols {2}")
  @MethodSource("shapes")
  void aRowGivesTheSameBitsAloneAsInABatch(int rows, int depth, int cols, boolean zero) {
    SplittableRandom r = new SplittableRandom(rows * 13L + depth * 17L + cols);
    double[][] a = random(r, rows, depth);
    double[][] b = random(r, depth, cols);
    double[][] batch = random(r, rows, cols);
    double[][] start = copy(batch);
    Kernels.matmul().multiplyAdd(batch, zero, a, 0, b, cols, depth, rows);
    for (int i = 0; i < rows; i++) {
      double[][] alone = {start[i].clone()};
      Kernels.matmul().multiplyAdd(alone, zero, new double[][] {a[i]}, 0, b, cols, depth, 1);
      assertArrayEquals(batch[i], alone[0], 0.0, "row " + i);
    }
  }
}
