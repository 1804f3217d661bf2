package io.liquid4j.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.liquid4j.cell.ElementKernel;
import io.liquid4j.cell.MathFunctions;
import io.liquid4j.cell.MatmulKernel;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API float32 kernels against their plain references, bit for bit: σ and tanh lane by
 * lane against {@link MathFunctions}' float functions (whose accuracy core's
 * Float32MathFunctionsTest measures), call after call while C2 compiles the loops (so the bits do
 * not depend on the JIT's progress); the matrix products against {@link MatmulKernel}'s default
 * float methods, which are the plain float triple loops of core's MatmulReference, over shapes
 * that exercise every tile and edge at {@link FloatVector#SPECIES_PREFERRED}'s lane count.
 */
class VectorFloat32KernelsTest {
  private static final int LANES = FloatVector.SPECIES_PREFERRED.length();
  private final ElementKernel elements = new VectorElementKernel();
  private final MatmulKernel matmul = new VectorMatmulKernel();

  /** MatmulKernel's float defaults: the plain reference loops (its float64 methods are unused). */
  private static final MatmulKernel REFERENCE = new MatmulKernel() {
    @Override
    public void multiplyAdd(double[][] c, boolean zero, double[][] a, int aOff, double[][] b,
        int cols, int depth, int rows) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void weightGradient(double[] dW, int wOff, double[][] dy, int col, double[][] x,
        double[][] mask, int out, int in, int rows, double[] scratch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String name() {
      return "reference";
    }
  };

  /**
   * Every lane of full vectors (a length that is a multiple of every vector size: no scalar tail)
   * equals the scalar function, and repeating the call while C2 compiles the loop (interpreted
   * Vector API lanes first, then vector instructions) changes no bit.
   */
  @ParameterizedTest
  @ValueSource(longs = {5, 6})
  void vectorLanesEqualTheScalarFunctionsCallAfterCall(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] z = new float[4096];
    float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MIN_VALUE, -Float.MIN_VALUE, 88.72284f, -88.72284f, -103.9f, 104f, -104f, 9.02f,
        -8.5f, 16.7f, -17f, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, -0.5198604f};
    for (int i = 0; i < z.length; i++) {
      z[i] = i % 13 == 0 ? special[(i / 13) % special.length]
          : i % 7 == 0 ? (float) rng.nextDouble(-120, 120)
          : i % 5 == 0 ? Float.intBitsToFloat(rng.nextInt())
          : (float) rng.nextDouble(-12, 12);
    }
    int[] sigmoid = new int[z.length];
    int[] tanh = new int[z.length];
    for (int i = 0; i < z.length; i++) {
      sigmoid[i] = Float.floatToIntBits(MathFunctions.sigmoid(z[i]));
      tanh[i] = Float.floatToIntBits(MathFunctions.tanh(z[i]));
    }
    for (int call = 0; call < 300; call++) {
      float[] s = z.clone();
      float[] t = z.clone();
      elements.sigmoid(s, 0, s.length);
      elements.tanh(t, 0, t.length);
      for (int i = 0; i < z.length; i++) {
        if (Float.floatToIntBits(s[i]) != sigmoid[i] || Float.floatToIntBits(t[i]) != tanh[i]) {
          fail("call " + call + ", x = " + z[i] + ": σ " + s[i] + " (scalar "
              + MathFunctions.sigmoid(z[i]) + "), tanh " + t[i] + " (scalar "
              + MathFunctions.tanh(z[i]) + ")");
        }
      }
    }
  }

  /** Every element alike wherever it lies (vector lane or scalar tail); nothing outside the run. */
  @Test
  void resultDoesNotDependOnPositionOrRunLength() {
    float[] z = new float[3 * LANES + 5];
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) rng.nextDouble(-10, 10);
    }
    for (boolean tanh : new boolean[] {false, true}) {
      for (int from = 0; from <= LANES + 1; from++) {
        for (int to = from; to <= z.length; to++) {
          float[] s = z.clone();
          if (tanh) {
            elements.tanh(s, from, to);
          } else {
            elements.sigmoid(s, from, to);
          }
          for (int i = 0; i < z.length; i++) {
            float expected = i < from || i >= to ? z[i]
                : tanh ? MathFunctions.tanh(z[i]) : MathFunctions.sigmoid(z[i]);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(s[i]),
                (tanh ? "tanh" : "σ") + ", element " + i + " of run [" + from + ", " + to + ")");
          }
        }
      }
    }
  }

  /**
   * Sizes around the tiles at this machine's lane count L: 1, 3, 17, 33, 65, L − 1, L + 1,
   * 2L + 3, 4L + 1 columns; 1 to 9 rows (4-row tiles and their leftovers); depths 1 to 272.
   */
  static Stream<Arguments> shapes() {
    Stream.Builder<Arguments> s = Stream.builder();
    int[] cols = {1, 3, 17, 33, 65, LANES - 1, LANES + 1, 2 * LANES + 3, 4 * LANES + 1};
    int[] rows = {1, 3, 4, 5, 8, 9};
    int[] depths = {1, 3, 17, 33, 65};
    SplittableRandom r = new SplittableRandom(99);
    for (int c : cols) {
      for (int n : rows) {
        s.add(Arguments.of(n, depths[r.nextInt(depths.length)], c, r.nextBoolean()));
      }
    }
    s.add(Arguments.of(64, 272, 256, true));
    s.add(Arguments.of(33, 256, 272, false));
    s.add(Arguments.of(1, 256, 1024, true));
    for (int k = 0; k < 20; k++) {
      s.add(Arguments.of(1 + r.nextInt(13), 1 + r.nextInt(80), 1 + r.nextInt(5 * LANES),
          r.nextBoolean()));
    }
    return s.build();
  }

  private static float[][] random(SplittableRandom r, int rows, int cols) {
    float[][] m = new float[rows][cols];
    for (float[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) r.nextDouble(-1, 1);
      }
    }
    return m;
  }

  private static float[][] copy(float[][] m) {
    float[][] c = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  @ParameterizedTest(name = "rows {0}, depth {1}, cols {2}, zero {3}")
  @MethodSource("shapes")
  void multiplyAddEqualsTheReferenceBitForBit(int rows, int depth, int cols, boolean zero) {
    SplittableRandom r = new SplittableRandom(rows * 31L + depth * 7L + cols);
    int aOff = 2;
    float[][] a = random(r, rows, aOff + depth + 1);
    float[][] b = random(r, depth, cols + 1);
    float[][] c = random(r, rows, cols + 1); // the column past cols must stay as it is
    float[][] expected = copy(c);
    float[][] got = copy(c);
    REFERENCE.multiplyAdd(expected, zero, a, aOff, b, cols, depth, rows);
    matmul.multiplyAdd(got, zero, a, aOff, b, cols, depth, rows);
    for (int i = 0; i < rows; i++) {
      assertArrayEquals(bits(expected[i]), bits(got[i]), "row " + i);
      assertEquals(c[i][cols], got[i][cols], 0f, "column past cols, row " + i);
    }
  }

  @ParameterizedTest(name = "rows {0}, in {1}, out {2}, masked {3}")
  @MethodSource("shapes")
  void weightGradientEqualsTheReferenceBitForBit(int rows, int in, int out, boolean masked) {
    SplittableRandom r = new SplittableRandom(rows * 131L + in * 17L + out);
    int col = 3;
    int wOff = 7;
    float[][] dy = random(r, rows, col + out + 1);
    float[][] x = random(r, rows, in);
    float[][] mask = null;
    if (masked) {
      mask = new float[out][in];
      for (float[] m : mask) {
        for (int i = 0; i < in; i++) {
          m[i] = r.nextInt(2);
        }
      }
    }
    float[] dW = random(r, 1, wOff + out * in + 2)[0];
    float[] expected = dW.clone();
    float[] got = dW.clone();
    REFERENCE.weightGradient(expected, wOff, dy, col, x, mask, out, in, rows, new float[in]);
    matmul.weightGradient(got, wOff, dy, col, x, mask, out, in, rows, new float[in]);
    assertArrayEquals(bits(expected), bits(got));
  }
}
