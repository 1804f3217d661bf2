package io.liquid4j.reservoir.task;

import static io.liquid4j.reservoir.task.MackeyGlassTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.rng.NumpyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Narma: the recurrence re-checked on the output with independently written code, the inputs
 * against numpy's {@code default_rng(seed).uniform(0, 0.5, n)}, and the outputs against a numpy
 * transcription of the NARMA-10 recurrence.
 */
class NarmaTest {
  @Test
  void inputsAreNumpyUniformDraws() {
    double[] u = Narma.narma10(10_000, 0).u();
    // numpy 2.4: default_rng(0).uniform(0, 0.5, 10000)[[0, 9999]]
    assertEquals(0.31848084366072715, u[0], 0);
    assertEquals(0.010968277562077022, u[9999], 0);
    double[] u7 = Narma.narma10(30, 7).u();
    assertEquals(0.3125477333023335, u7[0], 0);
    assertEquals(0.44860690048478774, u7[1], 0);
    assertEquals(0.38784284512259676, u7[2], 0);
    NumpyGenerator rng = new NumpyGenerator(7);
    for (double v : u7) {
      assertEquals(0.5 * rng.nextDouble(), v, 0);
    }
  }

  @Test
  void outputsMatchANumpyRun() {
    double[] y = Narma.narma10(10_000, 0).y();
    assertEquals(0.32335199080885707, y[10], 1e-15);
    assertEquals(0.28477334122029296, y[11], 1e-15);
    assertEquals(0.782172503527614, y[100], 1e-13);
    assertEquals(0.5647109447047589, y[9999], 1e-12);
    double[] y7 = Narma.narma10(30, 7).y();
    assertEquals(0.20968900663317944, y7[10], 1e-15);
    assertEquals(0.2670620042714409, y7[11], 1e-15);
    assertEquals(0.5865633845132008, y7[29], 1e-14);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {0, 1, 2, 3, 5, 6, 7, 8, 9, 1234})
  void recurrenceHoldsAndStaysBoundedOverTenThousandSteps(long seed) {
    NarmaSeries s = Narma.narma10(10_000, seed);
    double[] u = s.u();
    double[] y = s.y();
    assertEquals(10_000, s.length());
    for (int t = 0; t < 10; t++) {
      assertEquals(0.0, y[t], 0, "initial condition y[" + t + "]");
    }
    for (int t = 9; t < y.length - 1; t++) {
      double sumOfLastTen = 0;
      for (int lag = 0; lag <= 9; lag++) {
        sumOfLastTen += y[t - lag];
      }
      double expected = 0.3 * y[t] + 0.05 * y[t] * sumOfLastTen + 1.5 * u[t - 9] * u[t] + 0.1;
      assertEquals(expected, y[t + 1], 1e-14, "y[" + (t + 1) + "]");
    }
    for (int t = 0; t < y.length; t++) {
      assertTrue(u[t] >= 0 && u[t] < 0.5, "u[" + t + "] = " + u[t]);
      assertTrue(y[t] >= 0 && y[t] < 1.5, "y[" + t + "] = " + y[t]);
    }
  }

  @Test
  void generalOrderAndCoefficients() {
    double[] u = {0.1, 0.2, 0.3, 0.4, 0.5};
    NarmaSeries s = Narma.fromInputs(u, 2, 0.5, 0.25, 2.0, 0.01);
    double[] y = s.y();
    // Order 2: y[t+1] = 0.5 y[t] + 0.25 y[t] (y[t] + y[t-1]) + 2 u[t-1] u[t] + 0.01, from t = 1.
    assertEquals(0, y[0], 0);
    assertEquals(0, y[1], 0);
    double y2 = 2 * 0.1 * 0.2 + 0.01;
    double y3 = 0.5 * y2 + 0.25 * y2 * (y2 + 0) + 2 * 0.2 * 0.3 + 0.01;
    double y4 = 0.5 * y3 + 0.25 * y3 * (y3 + y2) + 2 * 0.3 * 0.4 + 0.01;
    assertEquals(y2, y[2], 1e-15);
    assertEquals(y3, y[3], 1e-15);
    assertEquals(y4, y[4], 1e-15);
    assertArrayEquals(u, s.u());
    assertEquals(
        Narma.narma10(500, 3),
        Narma.generate(500, 10, 0.3, 0.05, 1.5, 0.1, 3));
  }

  @Test
  void deterministicPerSeedAndDifferentAcrossSeeds() {
    assertEquals(Narma.narma10(2000, 11), Narma.narma10(2000, 11));
    assertNotEquals(Narma.narma10(2000, 11), Narma.narma10(2000, 12));
  }

  @Test
  void seriesIsImmutable() {
    NarmaSeries s = Narma.narma10(100, 1);
    double[] y = s.y();
    y[50] = 42;
    assertNotEquals(42.0, s.y()[50]);
  }

  @Test
  void divergenceIsReportedNotReturned() {
    // Seed 4's inputs make NARMA-10 run away around step 9 200 (numpy shows the same overflow).
    ArithmeticException e =
        assertThrows(ArithmeticException.class, () -> Narma.narma10(10_000, 4));
    assertTrue(e.getMessage().contains("diverged at step"), e.getMessage());
    // The first 9 000 steps of the same draw are fine.
    assertEquals(9000, Narma.narma10(9000, 4).length());
  }

  @Test
  void rejectsBadArguments() {
    assertMessage("nTimesteps", () -> Narma.narma10(-1, 0));
    assertMessage("seed", () -> Narma.narma10(10, -1));
    assertMessage("order", () -> Narma.generate(10, 0, 0.3, 0.05, 1.5, 0.1, 0));
    assertMessage("a2", () -> Narma.generate(10, 10, 0.3, Double.NaN, 1.5, 0.1, 0));
    assertMessage("u[1]", () -> Narma.fromInputs(new double[] {0, Double.NaN}, 1, 0, 0, 0, 0));
    assertMessage("u", () -> Narma.fromInputs(null, 1, 0, 0, 0, 0));
    assertMessage("y", () -> new NarmaSeries(new double[2], new double[3]));
    assertEquals(0, Narma.narma10(0, 0).length());
    assertEquals(5, Narma.narma10(5, 0).length()); // shorter than the order: all initial zeros
  }
}
