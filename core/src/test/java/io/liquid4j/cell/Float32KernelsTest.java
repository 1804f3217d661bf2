package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 kernels, core's scalar ones and the ones in use (the Vector API ones when the vector
 * module's tests run this class), against their plain references: the elementwise kernels give
 * {@link MathFunctions}' float bits for every element of a run and touch nothing outside it; the
 * matrix-product kernels give the bits of {@link MatmulReference}'s float loops (each entry the
 * same float fma chain), over seeded shapes with odd sizes that fall in every tile's tail, aOff
 * &gt; 0, zero true and false, mask null and not; and the reference itself is the product, to
 * the float rounding bound against a float64 sum.
 */
class Float32KernelsTest {
  private static ElementKernel[] elementKernels() {
    return new ElementKernel[] {ElementKernel.scalar(), Kernels.elements()};
  }

  private static MatmulKernel[] matmulKernels() {
    return new MatmulKernel[] {MatmulKernel.scalar(), Kernels.matmul()};
  }

  /** Arguments where the cells' pre-activations lie, far out, and the special values. */
  private static float[] elementArguments(long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MIN_VALUE, -Float.MIN_VALUE, 88.73f, -88.73f, 104f, -104f, 8.5f, -17f};
    float[] z = new float[n];
    for (int i = 0; i < n; i++) {
      if (i % 11 == 0) {
        z[i] = special[(i / 11) % special.length];
      } else if (i % 5 == 0) {
        z[i] = (float) rng.nextDouble(-120, 120);
      } else {
        z[i] = (float) rng.nextDouble(-12, 12);
      }
    }
    return z;
  }

  @Test
  void elementKernelsGiveMathFunctionsBitsForEveryElement() {
    float[] z = elementArguments(3, 100_003);
    for (ElementKernel kernel : elementKernels()) {
      float[] s = z.clone();
      float[] t = z.clone();
      kernel.sigmoid(s, 0, s.length);
      kernel.tanh(t, 0, t.length);
      for (int i = 0; i < z.length; i++) {
        assertEquals(Float.floatToIntBits(MathFunctions.sigmoid(z[i])), Float.floatToIntBits(s[i]),
            kernel.name() + ": σ(" + z[i] + ")");
        assertEquals(Float.floatToIntBits(MathFunctions.tanh(z[i])), Float.floatToIntBits(t[i]),
            kernel.name() + ": tanh(" + z[i] + ")");
      }
    }
  }

  /** Runs [from, to) of every start and length up to a few vectors: the tails included. */
  @Test
  void elementKernelsTransformExactlyTheRun() {
    float[] z = elementArguments(4, 75);
    for (ElementKernel kernel : elementKernels()) {
      for (boolean tanh : new boolean[] {false, true}) {
        for (int from = 0; from < 19; from++) {
          for (int to = from; to <= z.length; to += 3) {
            float[] s = z.clone();
            if (tanh) {
              kernel.tanh(s, from, to);
            } else {
              kernel.sigmoid(s, from, to);
            }
            for (int i = 0; i < z.length; i++) {
              float expected = i < from || i >= to ? z[i]
                  : tanh ? MathFunctions.tanh(z[i]) : MathFunctions.sigmoid(z[i]);
              assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(s[i]),
                  kernel.name() + (tanh ? " tanh" : " σ") + ", element " + i + " of run ["
                      + from + ", " + to + ")");
            }
          }
        }
      }
    }
  }

  /**
   * Fixed shapes (1; 3, 17, 33, 65 and other odd sizes; a CfC-sized product) and seeded random
   * ones: rows, depth (or in), cols (or out), and zero (or masked).
   */
  static Stream<Arguments> shapes() {
    Stream.Builder<Arguments> s = Stream.builder();
    int[][] fixed = {{1, 1, 1}, {1, 3, 17}, {3, 17, 33}, {17, 33, 65}, {65, 3, 1}, {4, 16, 32},
        {5, 65, 33}, {1, 65, 97}, {8, 1, 129}, {33, 272, 256}, {2, 7, 65}, {13, 33, 3}};
    for (int[] f : fixed) {
      s.add(Arguments.of(f[0], f[1], f[2], false));
      s.add(Arguments.of(f[0], f[1], f[2], true));
    }
    SplittableRandom r = new SplittableRandom(1717);
    for (int k = 0; k < 30; k++) {
      s.add(Arguments.of(1 + r.nextInt(13), 1 + r.nextInt(100), 1 + r.nextInt(140),
          r.nextBoolean()));
    }
    return s.build();
  }

  static float[][] random(SplittableRandom r, int rows, int cols) {
    float[][] m = new float[rows][cols];
    for (float[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) r.nextDouble(-1, 1);
      }
    }
    return m;
  }

  static float[][] copy(float[][] m) {
    float[][] c = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  /** Equal bit for bit (so +0 and −0 differ), element by element. */
  static void assertSameBits(float[] expected, float[] got, String what) {
    int[] e = new int[expected.length];
    int[] g = new int[got.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = Float.floatToRawIntBits(expected[i]);
    }
    for (int i = 0; i < g.length; i++) {
      g[i] = Float.floatToRawIntBits(got[i]);
    }
    assertArrayEquals(e, g, what);
  }

  /** The float rounding bound of a sum of n terms: n·2^−24 of the sum of their magnitudes, ×2. */
  private static double bound(int n, double magnitudes) {
    return 2 * (n + 1) * 0x1p-24 * magnitudes;
  }

  @ParameterizedTest(name = "rows {0}, depth {1}, cols {2}, zero {3}")
  @MethodSource("shapes")
  void multiplyAddEqualsTheReferenceBitForBit(int rows, int depth, int cols, boolean zero) {
    SplittableRandom r = new SplittableRandom(rows * 1_000_003L + depth * 1009L + cols);
    int aOff = 3;
    float[][] a = random(r, rows, aOff + depth + 2);
    float[][] b = random(r, depth, cols + 1);
    float[][] c = random(r, rows, cols + 1); // the extra column must stay as it is
    float[][] expected = copy(c);
    MatmulReference.multiplyAdd(expected, zero, a, aOff, b, cols, depth, rows);
    for (MatmulKernel kernel : matmulKernels()) {
      float[][] got = copy(c);
      kernel.multiplyAdd(got, zero, a, aOff, b, cols, depth, rows);
      for (int i = 0; i < rows; i++) {
        assertSameBits(expected[i], got[i], kernel.name() + ", row " + i);
      }
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double sum = zero ? 0 : c[i][j];
        double magnitudes = Math.abs(sum);
        for (int k = 0; k < depth; k++) {
          double term = (double) a[i][aOff + k] * b[k][j];
          sum += term;
          magnitudes += Math.abs(term);
        }
        assertEquals(sum, expected[i][j], bound(depth, magnitudes), "float64 sum (" + i + ", "
            + j + ")");
      }
      assertEquals(c[i][cols], expected[i][cols], 0f, "column past cols");
    }
  }

  @ParameterizedTest(name = "rows {0}, in {1}, out {2}, masked {3}")
  @MethodSource("shapes")
  void weightGradientEqualsTheReferenceBitForBit(int rows, int in, int out, boolean masked) {
    SplittableRandom r = new SplittableRandom(rows * 7919L + in * 31L + out);
    int col = 2;
    int wOff = 5;
    float[][] dy = random(r, rows, col + out + 1);
    float[][] x = random(r, rows, in);
    float[][] mask = null;
    if (masked) {
      mask = new float[out][in];
      for (float[] m : mask) {
        for (int i = 0; i < in; i++) {
          m[i] = r.nextInt(3) == 0 ? 0 : 1;
        }
      }
    }
    float[] dW = random(r, 1, wOff + out * in + 3)[0];
    float[] expected = dW.clone();
    MatmulReference.weightGradient(expected, wOff, dy, col, x, mask, out, in, rows);
    for (MatmulKernel kernel : matmulKernels()) {
      float[] got = dW.clone();
      kernel.weightGradient(got, wOff, dy, col, x, mask, out, in, rows, new float[in]);
      assertSameBits(expected, got, kernel.name());
    }
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        int at = wOff + o * in + i;
        double sum = dW[at];
        double magnitudes = Math.abs(sum);
        for (int s = 0; s < rows; s++) {
          double term = (double) dy[s][col + o] * x[s][i] * (mask == null ? 1 : mask[o][i]);
          sum += term;
          magnitudes += Math.abs(term);
        }
        assertEquals(sum, expected[at], bound(rows, magnitudes), "float64 sum (" + o + ", " + i
            + ")");
      }
    }
  }

  @ParameterizedTest(name = "rows {0}, in {1}, out {2}, masked {3}")
  @MethodSource("shapes")
  void mixedWeightGradientIsTheFloatSumAddedToTheDoubleTotal(int rows, int in, int out,
      boolean masked) {
    SplittableRandom r = new SplittableRandom(rows * 7919L + in * 31L + out + 17);
    int col = 1;
    int wOff = 3;
    float[][] dy = random(r, rows, col + out + 2);
    float[][] x = random(r, rows, in);
    float[][] mask = null;
    if (masked) {
      mask = new float[out][in];
      for (float[] m : mask) {
        for (int i = 0; i < in; i++) {
          m[i] = r.nextInt(3) == 0 ? 0 : 1;
        }
      }
    }
    double[] dW = new double[wOff + out * in + 2];
    for (int i = 0; i < dW.length; i++) {
      dW[i] = r.nextDouble(-1, 1);
    }
    // The definition: the float kernel's sums from zero, then added in double.
    float[] sums = new float[out * in];
    MatmulReference.weightGradient(sums, 0, dy, col, x, mask, out, in, rows);
    double[] expected = dW.clone();
    for (int k = 0; k < sums.length; k++) {
      expected[wOff + k] += sums[k];
    }
    double[] reference = dW.clone();
    MatmulReference.weightGradientMixed(reference, wOff, dy, col, x, mask, out, in, rows);
    assertArrayEquals(expected, reference, "reference");
    for (MatmulKernel kernel : matmulKernels()) {
      double[] got = dW.clone();
      kernel.weightGradientMixed(got, wOff, dy, col, x, mask, out, in, rows, new float[in]);
      assertArrayEquals(expected, got, kernel.name());
    }
  }

  /** A sample's row of the product does not depend on the batch it is in (or its tile there). */
  @ParameterizedTest(name = "rows {0}, depth {1}, cols {2}, zero {3}")
  @MethodSource("shapes")
  void aRowGivesTheSameBitsAloneAsInABatch(int rows, int depth, int cols, boolean zero) {
    SplittableRandom r = new SplittableRandom(rows * 13L + depth * 17L + cols);
    float[][] a = random(r, rows, depth);
    float[][] b = random(r, depth, cols);
    float[][] start = random(r, rows, cols);
    for (MatmulKernel kernel : matmulKernels()) {
      float[][] batch = copy(start);
      kernel.multiplyAdd(batch, zero, a, 0, b, cols, depth, rows);
      for (int i = 0; i < rows; i++) {
        float[][] alone = {start[i].clone()};
        kernel.multiplyAdd(alone, zero, new float[][] {a[i]}, 0, b, cols, depth, 1);
        assertSameBits(batch[i], alone[0], kernel.name() + ", row " + i);
      }
    }
  }
}
