package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import java.util.SplittableRandom;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scalar functions the cells are built from, against published values. */
class MathFunctionsTest {
  @ParameterizedTest
  @CsvSource({
    // x, erf(x) from Abramowitz & Stegun table 7.1 / high-precision evaluation
    "0.0, 0.0",
    "0.1, 0.1124629160182849",
    "0.5, 0.5204998778130465",
    "1.0, 0.8427007929497149",
    "1.5, 0.9661051464753108",
    "2.0, 0.9953222650189527",
    "3.0, 0.9999779095030014",
    "4.5, 0.9999999998033839",
    "-0.7, -0.6778011938374184",
    "-2.5, -0.9995930479825550",
    "30.0, 1.0"
  })
  void erfMatchesReferenceValues(double x, double expected) {
    assertEquals(expected, MathFunctions.erf(x), 2e-16 + 1e-15 * Math.abs(expected));
  }

  @ParameterizedTest
  @CsvSource({"-5.0", "-1.0", "0.0", "0.5", "3.0", "19.99", "20.0", "20.01", "40.0"})
  void softplusFollowsTorchWithThresholdTwenty(double x) {
    double expected = x > 20 ? x : Math.log(1 + Math.exp(x));
    assertEquals(expected, MathFunctions.softplus(x), 1e-12 * Math.max(1, Math.abs(x)));
  }

  @ParameterizedTest
  @CsvSource({"-2.0", "-0.3", "0.0", "0.7", "2.5"})
  void activationsFollowNcps(double x) {
    double lecun = 1.7159 * Math.tanh(0.666 * x);
    assertEquals(lecun, Activation.LECUN_TANH.apply(x), 1e-15 * Math.abs(lecun));
    assertEquals(x / (1 + Math.exp(-x)), Activation.SILU.apply(x), 1e-15);
    assertEquals(Math.max(0, x), Activation.RELU.apply(x), 0.0);
    // GELU(x) = x·Φ(x); Φ from erf, cross-checked here by numerical integration of the density.
    double phi = 0.5;
    int steps = 20000;
    double h = x / steps;
    for (int i = 0; i < steps; i++) {
      double t = (i + 0.5) * h;
      phi += h * Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
    }
    assertEquals(x * phi, Activation.GELU.apply(x), 1e-9);
  }

  /** Both branches of the exp-based tanh and the switch between them, against the JDK's. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void tanhIsWithinAFewUlpOfTheJdk(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < 20000; i++) {
      // log-uniform magnitudes from 1e-12 to 30, either sign
      double x = Math.exp(rng.nextDouble(Math.log(1e-12), Math.log(30))) * (rng.nextBoolean() ? 1 : -1);
      double expected = Math.tanh(x);
      assertEquals(expected, MathFunctions.tanh(x), 4 * Math.ulp(expected), "tanh(" + x + ")");
    }
  }

  @ParameterizedTest
  @CsvSource({"0.0625", "-0.0625", "0.06249999999999999", "19.999", "20.0", "700.0", "-1e300"})
  void tanhAtBranchEdges(double x) {
    double expected = Math.tanh(x);
    assertEquals(expected, MathFunctions.tanh(x), 4 * Math.ulp(expected));
  }

  @org.junit.jupiter.api.Test
  void tanhSpecialValues() {
    assertEquals(1.0, MathFunctions.tanh(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(-1.0, MathFunctions.tanh(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(MathFunctions.tanh(-0.0)));
    assertEquals(true, Double.isNaN(MathFunctions.tanh(Double.NaN)));
  }

  /** The in-line exp over its whole polynomial range, against the JDK's (itself within 1 ulp). */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void expIsWithinOneUlpOfTheJdk(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < 200_000; i++) {
      // half uniform over the range, half near 0 where most sigmoid arguments are
      double x = i % 2 == 0 ? rng.nextDouble(-700, 700) : rng.nextDouble(-20, 20);
      double expected = Math.exp(x);
      assertEquals(expected, MathFunctions.exp(x), Math.ulp(expected), "exp(" + x + ")");
    }
  }

  /** The ends of the table and of the polynomial range, and what falls back to the JDK. */
  @ParameterizedTest
  @CsvSource({"0.0", "-0.0", "1e-300", "-1e-17", "0.010830424696249145", "-0.010830424696249145",
      "0.6931471805599453", "-0.6931471805599453", "1.0", "-1.0", "699.999", "-699.999", "700.0",
      "-700.0", "709.78", "709.8", "-708.5", "-745.1", "-746.0", "1e300", "-1e300"})
  void expAtEdges(double x) {
    double expected = Math.exp(x);
    assertEquals(expected, MathFunctions.exp(x), Math.ulp(expected), "exp(" + x + ")");
  }

  @org.junit.jupiter.api.Test
  void expAndSigmoidSpecialValues() {
    assertEquals(Double.POSITIVE_INFINITY, MathFunctions.exp(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(0.0, MathFunctions.exp(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(true, Double.isNaN(MathFunctions.exp(Double.NaN)));
    assertEquals(1.0, MathFunctions.sigmoid(800.0), 0.0);
    assertEquals(0.0, MathFunctions.sigmoid(-800.0), 0.0);
    assertEquals(0.5, MathFunctions.sigmoid(0.0), 0.0);
  }
}
