package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    assertEquals(1.7159 * Math.tanh(0.666 * x), Activation.LECUN_TANH.apply(x), 0.0);
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
}
