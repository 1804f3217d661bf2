package io.liquid4j.reservoir.task;

import static io.liquid4j.reservoir.task.MackeyGlassTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Lorenz: a tight-tolerance scipy reference, RK4 convergence, the attractor's bounds. */
class LorenzTest {
  static final double[] START = {1, 1, 1};

  static double[] withSubsteps(int samples, int substeps) {
    return Lorenz.generate(samples, 0.03, 28, 10, 8.0 / 3, START, substeps);
  }

  // scipy 1.17 solve_ivp(DOP853, rtol = atol = 1e-13) at t = 0.03·i from (1, 1, 1).
  static final int[] REFERENCE_SAMPLES = {1, 10, 100, 300};
  static final double[][] REFERENCE = {
    {1.1072062802852547, 1.79831461184975, 0.9651590915283512},
    {16.684813966286214, 27.183492350031823, 26.206460202021013},
    {-7.45665826065894, -6.190996127652427, 27.44180650548823},
    {-9.981836823751417, -12.930829370174314, 24.84927804188917},
  };

  static double largestReferenceError(double[] xyz) {
    double largest = 0;
    for (int k = 0; k < REFERENCE_SAMPLES.length; k++) {
      for (int c = 0; c < 3; c++) {
        largest = Math.max(largest,
            Math.abs(xyz[3 * REFERENCE_SAMPLES[k] + c] - REFERENCE[k][c]));
      }
    }
    return largest;
  }

  @Test
  void firstSampleIsTheStartAndLayoutIsRowMajor() {
    double[] xyz = Lorenz.generate(5);
    assertEquals(15, xyz.length);
    assertArrayEquals(START, new double[] {xyz[0], xyz[1], xyz[2]});
    assertArrayEquals(
        new double[] {0, 1, 1.05},
        java.util.Arrays.copyOf(
            Lorenz.generate(3, 0.01, 28, 10, 8.0 / 3, new double[] {0, 1, 1.05}), 3));
  }

  @Test
  void agreesWithATightToleranceReference() {
    assertTrue(largestReferenceError(Lorenz.generate(301)) < 5e-6);
    assertTrue(largestReferenceError(withSubsteps(301, 100)) < 1e-9);
  }

  @Test
  void converges() {
    // Halving the substep changes the first 100 samples (t ≤ 3) by a tiny amount ...
    double[] coarse = withSubsteps(100, 10);
    double[] fine = withSubsteps(100, 20);
    double[] finer = withSubsteps(100, 40);
    double change = largestDifference(coarse, fine);
    double nextChange = largestDifference(fine, finer);
    // (values reach about 27 there, so 1e-5 is below one part in a million)
    assertTrue(change < 1e-5, "10 -> 20 substeps changed samples by " + change);
    // ... and by about 2^4 = 16 times less at each further halving: RK4's fourth order.
    double order = Math.log(change / nextChange) / Math.log(2);
    assertEquals(4.0, order, 0.3, "measured order");
  }

  static double largestDifference(double[] a, double[] b) {
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      largest = Math.max(largest, Math.abs(a[i] - b[i]));
    }
    return largest;
  }

  @Test
  void staysOnTheAttractor() {
    double[] xyz = Lorenz.generate(100_000); // t up to 3000
    double zMax = Double.NEGATIVE_INFINITY;
    boolean positiveX = false;
    boolean negativeX = false;
    for (int t = 0; t < 100_000; t++) {
      double x = xyz[3 * t];
      double y = xyz[3 * t + 1];
      double z = xyz[3 * t + 2];
      assertTrue(Math.abs(x) < 25 && Math.abs(y) < 30 && z > 0 && z < 55,
          "sample " + t + " = (" + x + ", " + y + ", " + z + ")");
      zMax = Math.max(zMax, z);
      positiveX |= x > 10;
      negativeX |= x < -10;
    }
    assertTrue(positiveX && negativeX, "the trajectory should switch between the two lobes");
    assertTrue(zMax > 40, "z reaches about 47.6 on the attractor, found " + zMax);
  }

  @Test
  void defaultsAreReservoirPys() {
    assertArrayEquals(
        Lorenz.generate(200), Lorenz.generate(200, 0.03, 28, 10, 8.0 / 3, START));
    assertArrayEquals(Lorenz.generate(200), Lorenz.generate(200, 0.03));
  }

  @Test
  void rejectsBadArguments() {
    assertMessage("nTimesteps", () -> Lorenz.generate(-1));
    assertMessage("h", () -> Lorenz.generate(10, 0));
    assertMessage("x0", () -> Lorenz.generate(10, 0.03, 28, 10, 8.0 / 3, new double[2]));
    assertMessage("x0[0]",
        () -> Lorenz.generate(10, 0.03, 28, 10, 8.0 / 3, new double[] {Double.NaN, 0, 0}));
    assertMessage("rho", () -> Lorenz.generate(10, 0.03, Double.NaN, 10, 8.0 / 3, START));
    assertMessage("substeps", () -> Lorenz.generate(10, 0.03, 28, 10, 8.0 / 3, START, 0));
    assertEquals(0, Lorenz.generate(0).length);
  }
}
