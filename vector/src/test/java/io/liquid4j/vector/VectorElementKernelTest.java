package io.liquid4j.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Kernels;
import io.liquid4j.cell.MathFunctions;
import io.liquid4j.cell.ElementKernel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Vector API σ and tanh against core's scalar ones. */
class VectorElementKernelTest {
  private final ElementKernel kernel = new VectorElementKernel();

  /** Otherwise core's tests, run again in this module, would silently use the scalar kernel. */
  @Test
  void coreUsesThisKernelWhenTheModuleIsResolved() {
    assertTrue(Kernels.elements() instanceof VectorElementKernel,
        "kernel in use: " + Kernels.elements().name());
    assertTrue(kernel.name().startsWith("vector-"), kernel.name());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void withinEightUlpOfTheScalarSigmoid(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] z = new double[100_003];
    for (int i = 0; i < z.length; i++) {
      // most arguments of an LTC's synapses lie within ±40; some far out, where σ is 0 or 1
      z[i] = i % 10 == 0 ? rng.nextDouble(-800, 800) : rng.nextDouble(-40, 40);
    }
    double[] s = z.clone();
    kernel.sigmoid(s, 0, s.length);
    double worst = 0;
    for (int i = 0; i < z.length; i++) {
      double expected = MathFunctions.sigmoid(z[i]);
      worst = Math.max(worst, Math.abs(s[i] - expected) / Math.ulp(expected));
      assertEquals(expected, s[i], 8 * Math.ulp(expected), "σ(" + z[i] + ")");
    }
    System.out.println("σ: largest difference " + worst + " ulp");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void tanhWithinEightUlpOfTheScalarTanh(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] z = new double[100_003];
    for (int i = 0; i < z.length; i++) {
      // log-uniform magnitudes from 1e-12 to 40, either sign: both of tanh's regimes
      z[i] = Math.exp(rng.nextDouble(Math.log(1e-12), Math.log(40))) * (rng.nextBoolean() ? 1 : -1);
    }
    double[] t = z.clone();
    kernel.tanh(t, 0, t.length);
    double worst = 0;
    for (int i = 0; i < z.length; i++) {
      double expected = MathFunctions.tanh(z[i]);
      worst = Math.max(worst, Math.abs(t[i] - expected) / Math.ulp(expected));
      assertEquals(expected, t[i], 8 * Math.ulp(expected), "tanh(" + z[i] + ")");
    }
    System.out.println("tanh: largest difference " + worst + " ulp");
  }

  /**
   * The vector lanes equal, bit for bit, the kernel's scalar twins (the same arithmetic one value
   * at a time with {@link Math#fma}): the kernel uses only correctly rounded operations, so the
   * Vector API's scalar fallback (before C2 compiles the loop) and its compiled vectors give the
   * same results, and a seeded run repeats itself whatever the JIT has done so far.
   */
  @ParameterizedTest
  @ValueSource(longs = {5, 6})
  void vectorLanesEqualTheScalarTwins(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] z = new double[20_000]; // a multiple of every vector length: no tail
    for (int i = 0; i < z.length; i++) {
      z[i] = i % 7 == 0 ? rng.nextDouble(-760, 760) : rng.nextDouble(-30, 30);
    }
    double[] s = z.clone();
    double[] t = z.clone();
    kernel.sigmoid(s, 0, s.length);
    kernel.tanh(t, 0, t.length);
    for (int i = 0; i < z.length; i++) {
      assertEquals(Double.doubleToRawLongBits(VectorElementKernel.sigmoid(z[i])),
          Double.doubleToRawLongBits(s[i]), "σ(" + z[i] + ")");
      assertEquals(Double.doubleToRawLongBits(VectorElementKernel.tanh(z[i])),
          Double.doubleToRawLongBits(t[i]), "tanh(" + z[i] + ")");
    }
  }

  @Test
  void limitsAndSpecialValues() {
    double[] z = {0.0, -0.0, 800.0, -800.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, 1e-300, -1e-300};
    kernel.sigmoid(z, 0, z.length);
    assertEquals(0.5, z[0], 0.0);
    assertEquals(0.5, z[1], 0.0);
    assertEquals(1.0, z[2], 0.0);
    assertEquals(0.0, z[3], 0.0);
    assertEquals(1.0, z[4], 0.0);
    assertEquals(0.0, z[5], 0.0);
    assertTrue(Double.isNaN(z[6]));
    assertEquals(0.5, z[7], 0.0);
    assertEquals(0.5, z[8], 0.0);
  }

  /** tanh keeps the sign of zero, as MathFunctions.tanh and Math.tanh do (it gave −0.0 for +0.0). */
  @Test
  void tanhOfSignedZeroKeepsTheSign() {
    int lanes = 32; // more than one vector of any width, so the vector loop runs
    double[] z = new double[lanes];
    for (int i = 0; i < lanes; i++) {
      z[i] = i % 2 == 0 ? 0.0 : -0.0;
    }
    kernel.tanh(z, 0, lanes);
    for (int i = 0; i < lanes; i++) {
      double expected = i % 2 == 0 ? 0.0 : -0.0;
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(z[i]),
          "tanh(" + expected + ") at " + i);
    }
    assertEquals(Double.doubleToRawLongBits(0.0),
        Double.doubleToRawLongBits(VectorElementKernel.tanh(0.0)));
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(VectorElementKernel.tanh(-0.0)));
  }

  /**
   * Every element is computed alike wherever it lies (full vector or masked tail), and nothing
   * outside [from, to) is touched: a sample's result does not depend on its batch.
   */
  @Test
  void resultDoesNotDependOnPositionOrRunLength() {
    SplittableRandom rng = new SplittableRandom(4);
    double[] z = rng.doubles(70, -10, 10).toArray();
    for (boolean tanh : new boolean[] {false, true}) {
      assertPositionIndependent(z, tanh);
    }
  }

  private void assertPositionIndependent(double[] z, boolean tanh) {
    double[] alone = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      double[] one = {z[i]};
      apply(one, 0, 1, tanh);
      alone[i] = one[0];
    }
    for (int from = 0; from < 20; from++) {
      for (int to = from; to <= z.length; to += 7) {
        double[] s = z.clone();
        apply(s, from, to, tanh);
        for (int i = 0; i < z.length; i++) {
          double expected = i >= from && i < to ? alone[i] : z[i];
          assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(s[i]),
              "element " + i + " of run [" + from + ", " + to + ")");
        }
      }
    }
    double[] empty = z.clone();
    apply(empty, 5, 5, tanh);
    assertTrue(Arrays.equals(z, empty));
  }

  private void apply(double[] z, int from, int to, boolean tanh) {
    if (tanh) {
      kernel.tanh(z, from, to);
    } else {
      kernel.sigmoid(z, from, to);
    }
  }
}
