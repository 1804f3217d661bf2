package io.liquid4j.reservoir.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.rng.NumpyGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MackeyGlass against values from a literal Python transcription of ReservoirPy's {@code
 * mackey_glass} / {@code _mg_rk4} run with numpy 2.4 ({@code default_rng(seed).random}), against a
 * hand-written step, and for the qualitative properties of the series.
 */
class MackeyGlassTest {
  // x[i] of mackey_glass(2000, seed=s)[:, 0] (defaults tau 17, a .2, b .1, n 10, x0 1.2, h 1).
  static Stream<Arguments> reservoirPyValues() {
    return Stream.of(
        Arguments.of(5555, 1, 1.1354969068838492),
        Arguments.of(5555, 2, 1.057359724580625),
        Arguments.of(5555, 16, 0.4804175568351707),
        Arguments.of(5555, 17, 0.4675952944832385),
        Arguments.of(5555, 18, 0.454855039044518),
        Arguments.of(5555, 19, 0.4589283132708468),
        Arguments.of(5555, 100, 1.2987879341478634),
        Arguments.of(5555, 500, 1.0832410908936039),
        Arguments.of(5555, 999, 1.005295481778754),
        Arguments.of(1234, 1, 1.103045768133891),
        Arguments.of(1234, 17, 0.468835755438967),
        Arguments.of(1234, 100, 1.1291631349315763),
        Arguments.of(1234, 500, 1.1289210652431656),
        Arguments.of(1234, 999, 1.2318893540850693));
  }

  @ParameterizedTest(name = "seed {0}, x[{1}]")
  @MethodSource("reservoirPyValues")
  void matchesReservoirPy(long seed, int index, double expected) {
    double[] x = MackeyGlass.generate(2000, seed);
    // Bit-level agreement is expected; the slack only allows for a last-ulp pow difference
    // growing through 1000 chaotic steps.
    assertEquals(expected, x[index], 1e-12, "x[" + index + "]");
  }

  @Test
  void matchesReservoirPyAtTheEndOfALongSeries() {
    // Chaos amplifies any rounding difference, so 2000 steps get a looser bound.
    assertEquals(0.5228837023051724, MackeyGlass.generate(2000, 5555)[1999], 1e-8);
    assertEquals(0.4641016149672189, MackeyGlass.generate(2000, 1234)[1999], 1e-8);
  }

  @Test
  void defaultSeedIsReservoirPys() {
    assertArrayEquals(MackeyGlass.generate(300, 5555), MackeyGlass.generate(300));
  }

  @Test
  void otherParametersMatchReservoirPy() {
    double[] half = MackeyGlass.generate(500, 17, 0.2, 0.1, 10, 1.2, 0.5, 42);
    assertEquals(1.1529392471402098, half[1], 1e-13);
    assertEquals(0.49282171129849994, half[34], 1e-13);
    assertEquals(0.4850620514768883, half[35], 1e-13);
    assertEquals(0.5391137831514562, half[40], 1e-13);
    assertEquals(1.163572019705875, half[499], 1e-10);

    double[] longDelay = MackeyGlass.generate(1000, 30, 0.2, 0.1, 10, 1.2, 1.0, 3);
    assertEquals(1.3126248300149335, longDelay[999], 1e-8);

    // tau = 0: ReservoirPy feeds x(t - tau) = 0, a pure decay x(t+1) = x(t)·rk4(e^-0.1).
    double[] decay = MackeyGlass.generate(50, 0, 0.2, 0.1, 10, 1.2, 1.0, 42);
    assertEquals(0.008935939348342638, decay[49], 1e-15);
  }

  @Test
  void historyIsX0PlusCentredUniformsFromDefaultRng() {
    double[] history = MackeyGlass.randomHistory(17, 1.2, 1.0, 5555);
    assertEquals(17, history.length);
    // From numpy: 1.2 + 0.2 * (default_rng(5555).random(17) - 0.5).
    assertEquals(1.127430835220808, history[0], 0);
    assertEquals(1.2093806719066065, history[1], 0);
    assertEquals(1.1944393344079718, history[16], 0);
    NumpyGenerator rng = new NumpyGenerator(5555);
    for (double h : history) {
      assertEquals(1.2 + 0.2 * (rng.nextDouble() - 0.5), h, 0);
      assertTrue(h >= 1.1 && h < 1.3, "history value " + h);
    }
    assertEquals(34, MackeyGlass.randomHistory(17, 1.2, 0.5, 1).length);
    assertEquals(0, MackeyGlass.randomHistory(0, 1.2, 1.0, 1).length);
  }

  /** ReservoirPy's _mg_rk4 written out by hand: RK4 stages with x(t − τ) held fixed. */
  static double handStep(double xt, double xtau, double h) {
    double a = 0.2;
    double b = 0.1;
    double frozenProduction = a * xtau / (1 + Math.pow(xtau, 10));
    double k1 = h * (-b * xt + frozenProduction);
    double k2 = h * (-b * (xt + 0.5 * k1) + frozenProduction);
    double k3 = h * (-b * (xt + 0.5 * k2) + frozenProduction);
    double k4 = h * (-b * (xt + k3) + frozenProduction);
    return xt + k1 / 6 + k2 / 3 + k3 / 3 + k4 / 6;
  }

  @Test
  void firstStepsAreHandComputedRk4StepsOnTheHistory() {
    double[] history = MackeyGlass.randomHistory(17, 1.2, 1.0, 5555);
    double[] x = MackeyGlass.generate(40, 5555);
    assertEquals(1.2, x[0], 0);
    // For the first 17 steps x(t − τ) is history[t], oldest first; afterwards it is x[t − 17].
    double expected = 1.2;
    for (int t = 0; t < 39; t++) {
      double delayed = t < 17 ? history[t] : x[t - 17];
      expected = handStep(x[t], delayed, 1.0);
      assertEquals(expected, x[t + 1], 1e-15, "x[" + (t + 1) + "]");
    }
    assertEquals(MackeyGlass.rk4Step(1.2, history[0], 0.2, 0.1, 10, 1.0), x[1], 0);
  }

  @Test
  void stepIsRk4OfTheLinearOdeWithTheDelayedTermFrozen() {
    // With x(t − τ) frozen the step depends only on (x, xτ); a constant delayed value makes it the
    // exact RK4 of a linear ODE with constant forcing, whose exact solution is known.
    double x = 0.9;
    double delayed = 1.1;
    double forcing = 0.2 * delayed / (1 + Math.pow(delayed, 10));
    double exact = forcing / 0.1 + (x - forcing / 0.1) * Math.exp(-0.1);
    assertEquals(exact, MackeyGlass.rk4Step(x, delayed, 0.2, 0.1, 10, 1.0), 1e-7);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {0, 1, 7, 1234, 5555, 99999})
  void staysInTheKnownRangeAndIsChaoticNotPeriodic(long seed) {
    double[] x = MackeyGlass.generate(10_000, seed);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(min > 0.2 && max < 1.4, "range [" + min + ", " + max + "]");
    assertTrue(max - min > 0.8, "the attractor spans about 0.4 .. 1.33, found " + (max - min));
    // Chaotic, so no short period: the late series never comes back to within 1e-6 of a shift.
    for (int period = 1; period <= 200; period++) {
      double largestGap = 0;
      for (int t = 5000; t < 6000; t++) {
        largestGap = Math.max(largestGap, Math.abs(x[t + period] - x[t]));
      }
      assertTrue(largestGap > 1e-3, "looks periodic with period " + period);
    }
  }

  @Test
  void deterministicPerSeedAndDifferentAcrossSeeds() {
    assertArrayEquals(MackeyGlass.generate(1000, 8), MackeyGlass.generate(1000, 8));
    double[] a = MackeyGlass.generate(1000, 8);
    double[] b = MackeyGlass.generate(1000, 9);
    assertEquals(a[0], b[0], 0); // both start at x0
    double largestGap = 0;
    for (int t = 0; t < a.length; t++) {
      largestGap = Math.max(largestGap, Math.abs(a[t] - b[t]));
    }
    assertTrue(largestGap > 0.1, "seeds 8 and 9 differ by at most " + largestGap);
  }

  @Test
  void sensitiveToTheInitialHistory() {
    double[] history = MackeyGlass.randomHistory(17, 1.2, 1.0, 5555);
    double[] nudged = history.clone();
    nudged[0] += 1e-10;
    double[] a = MackeyGlass.generateFromHistory(4000, 17, 0.2, 0.1, 10, 1.2, 1.0, history);
    double[] b = MackeyGlass.generateFromHistory(4000, 17, 0.2, 0.1, 10, 1.2, 1.0, nudged);
    assertArrayEquals(MackeyGlass.generate(4000, 5555), a);
    assertTrue(Math.abs(a[100] - b[100]) < 1e-8, "early on the nudge stays small");
    double lateGap = 0;
    for (int t = 3000; t < 4000; t++) {
      lateGap = Math.max(lateGap, Math.abs(a[t] - b[t]));
    }
    assertTrue(lateGap > 1e-4, "a 1e-10 nudge should have grown, found " + lateGap);
  }

  @Test
  void generateFromHistoryUsesTheMostRecentValues() {
    double[] history = MackeyGlass.randomHistory(17, 1.2, 1.0, 3);
    double[] longer = new double[30];
    System.arraycopy(history, 0, longer, 13, 17);
    longer[0] = 100; // never read: only the last floor(tau / h) values are
    assertArrayEquals(
        MackeyGlass.generate(200, 17, 0.2, 0.1, 10, 1.2, 1.0, 3),
        MackeyGlass.generateFromHistory(200, 17, 0.2, 0.1, 10, 1.2, 1.0, longer));
  }

  @Test
  void rejectsBadArguments() {
    assertMessage("nTimesteps", () -> MackeyGlass.generate(-1, 1));
    assertMessage("seed", () -> MackeyGlass.generate(10, -3));
    assertMessage("h", () -> MackeyGlass.generate(10, 17, 0.2, 0.1, 10, 1.2, 0, 1));
    assertMessage("h", () -> MackeyGlass.generate(10, 17, 0.2, 0.1, 10, 1.2, Double.NaN, 1));
    assertMessage("tau", () -> MackeyGlass.generate(10, -1, 0.2, 0.1, 10, 1.2, 1, 1));
    assertMessage("tau", () -> MackeyGlass.generate(10, 0.5, 0.2, 0.1, 10, 1.2, 1, 1));
    assertMessage("x0", () -> MackeyGlass.generate(10, 17, 0.2, 0.1, 10, Double.NaN, 1, 1));
    assertMessage("history", () ->
        MackeyGlass.generateFromHistory(10, 17, 0.2, 0.1, 10, 1.2, 1, new double[16]));
    assertMessage("history[2]", () -> MackeyGlass.generateFromHistory(
        10, 2, 0.2, 0.1, 10, 1.2, 1, new double[] {1, 1, Double.NaN}));
    assertEquals(0, MackeyGlass.generate(0, 1).length);
  }

  static void assertMessage(String argument, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(argument + ":"), e.getMessage());
  }
}
