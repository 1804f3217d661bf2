package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Activation derivatives against central finite differences of the activations. */
class ActivationTest {
  static Stream<Arguments> activationsAndPoints() {
    // Away from ReLU's kink at 0, which a central difference straddles.
    return Arrays.stream(Activation.values())
        .flatMap(a -> DoubleStream.of(-6.0, -2.5, -1.0, -0.3, 0.01, 0.4, 1.0, 2.2, 5.0, 12.0)
            .mapToObj(x -> Arguments.of(a, x)));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("activationsAndPoints")
  void derivativeMatchesCentralDifferences(Activation a, double x) {
    double eps = 1e-6;
    double numeric = (a.apply(x + eps) - a.apply(x - eps)) / (2 * eps);
    assertEquals(numeric, a.derivative(x), 1e-8 * Math.max(1, Math.abs(numeric)), a + " at " + x);
  }

  @Test
  void derivativesAtZeroFollowPyTorch() {
    assertEquals(0.0, Activation.RELU.derivative(0.0), 0.0); // PyTorch's choice at the kink
    assertEquals(1.0, Activation.RELU.derivative(1e-300), 0.0);
    assertEquals(0.5, Activation.SILU.derivative(0.0), 0.0);
    assertEquals(1.0, Activation.TANH.derivative(0.0), 0.0);
    assertEquals(0.5, Activation.GELU.derivative(0.0), 0.0);
    assertEquals(1.7159 * 0.666, Activation.LECUN_TANH.derivative(0.0), 0.0);
  }

  @Test
  void geluDerivativeIsPhiPlusXTimesDensity() {
    // Φ(1) = 0.841344746068543, φ(1) = 0.241970724519143
    assertEquals(0.841344746068543 + 0.241970724519143, Activation.GELU.derivative(1.0), 1e-14);
  }
}
