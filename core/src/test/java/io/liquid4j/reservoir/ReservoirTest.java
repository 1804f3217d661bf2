package io.liquid4j.reservoir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reservoir's update against the equation written out with dense loops, its seeding, its
 * independence from the number of threads, feedback and noise, and the rejection of bad
 * hyperparameters.
 */
class ReservoirTest {
  @ParameterizedTest(name = "{0}")
  @EnumSource(ReservoirActivation.class)
  void theNonlinearityIsCoresScalarFunctionWhateverElementKernelIsInUse(
      ReservoirActivation activation) {
    // Re-run by the vector module with the Vector API element kernel chosen: the reservoir must
    // still give the scalar functions' bits, so its states do not depend on the kernel.
    SplittableRandom rng = new SplittableRandom(11);
    double[] z = new double[1003];
    for (int i = 0; i < z.length; i++) {
      z[i] = rng.nextGaussian() * (i % 3 == 0 ? 0.05 : 3);
    }
    double[] applied = z.clone();
    activation.apply(applied, 2, 1001);
    for (int i = 0; i < z.length; i++) {
      double expected = i < 2 || i >= 1001 ? z[i] : switch (activation) {
        case TANH -> io.liquid4j.cell.MathFunctions.tanh(z[i]);
        case SIGMOID -> io.liquid4j.cell.MathFunctions.sigmoid(z[i]);
        case IDENTITY -> z[i];
        case RELU -> Math.max(0, z[i]);
      };
      assertEquals(expected, applied[i], 0, "index " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ReservoirActivation.class)
  void eachStepIsTheLeakyUpdateOfReservoirPy(ReservoirActivation activation) {
    int n = 30;
    int d = 2;
    double[] leak = new double[n];
    for (int i = 0; i < n; i++) {
      leak[i] = 0.1 + 0.9 * i / (n - 1);
    }
    Reservoir r = Reservoir.builder(n).leak(leak).spectralRadius(0.9).connectivity(0.3)
        .inputScaling(new double[] {0.5, 2}).inputConnectivity(0.5).bias(0.3, 0.5)
        .activation(activation).seed(7).build(d);
    double[] w = r.recurrentWeights().toDense();
    double[] win = r.inputWeights();
    double[] b = r.bias();
    ReservoirSession s = r.newSession();
    double[] x = new double[n];
    SplittableRandom rng = new SplittableRandom(1);
    for (int t = 0; t < 20; t++) {
      double[] u = {rng.nextDouble() - 0.5, rng.nextDouble() - 0.5};
      double[] next = new double[n];
      for (int i = 0; i < n; i++) {
        double pre = b[i];
        for (int j = 0; j < n; j++) {
          pre += w[i * n + j] * x[j];
        }
        for (int j = 0; j < d; j++) {
          pre += win[i * d + j] * u[j];
        }
        next[i] = (1 - leak[i]) * x[i] + leak[i] * f(activation, pre);
      }
      x = next;
      assertArrayEquals(x, s.step(u), 1e-13, "step " + t);
    }
    assertEquals(20, s.steps());
  }

  private static double f(ReservoirActivation activation, double z) {
    return switch (activation) {
      case TANH -> Math.tanh(z);
      case SIGMOID -> 1 / (1 + Math.exp(-z));
      case IDENTITY -> z;
      case RELU -> Math.max(0, z);
    };
  }

  @Test
  void inputWeightsFollowTheirScalingAndConnectivity() {
    Reservoir r = Reservoir.builder(200).inputScaling(new double[] {0.5, 3})
        .inputConnectivity(0.25).seed(3).build(2);
    double[] win = r.inputWeights();
    int nonZeros = 0;
    for (int i = 0; i < 200; i++) {
      for (int j = 0; j < 2; j++) {
        double v = win[i * 2 + j];
        if (v != 0) {
          nonZeros++;
          assertEquals(j == 0 ? 0.5 : 3, Math.abs(v), 0, "Bernoulli ± scaling");
        }
      }
    }
    assertEquals(100, nonZeros);
    assertArrayEquals(new double[200], r.bias(), 0, "no bias by default");
  }

  @Test
  void theSeedFixesEveryMatrixAndEachMatrixHasItsOwnStream() {
    Supplier<Reservoir.Builder> base = () -> Reservoir.builder(100).connectivity(0.1)
        .bias(1, 0.5).seed(5);
    Reservoir a = base.get().build(1);
    Reservoir b = base.get().build(1);
    assertArrayEquals(a.recurrentWeights().toDense(), b.recurrentWeights().toDense(), 0);
    assertArrayEquals(a.inputWeights(), b.inputWeights(), 0);
    assertArrayEquals(a.bias(), b.bias(), 0);
    // Changing the input layer leaves W and the bias as they were.
    Reservoir c = base.get().inputConnectivity(0.5).build(1);
    assertArrayEquals(a.recurrentWeights().toDense(), c.recurrentWeights().toDense(), 0);
    assertArrayEquals(a.bias(), c.bias(), 0);
    assertFalse(Arrays.equals(a.inputWeights(), c.inputWeights()));
    Reservoir other = Reservoir.builder(100).connectivity(0.1).bias(1, 0.5).seed(6).build(1);
    assertFalse(Arrays.equals(a.recurrentWeights().toDense(), other.recurrentWeights().toDense()));
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {2, 3, 4})
  void statesAreTheSameBitsWhateverTheNumberOfThreads(int threads) {
    Reservoir r = Reservoir.builder(1000).leak(0.3).spectralRadius(1.25).inputConnectivity(0.2)
        .seed(1234).build(1);
    assertTrue(r.recurrentWeights().nonZeros() >= 20_000, "large enough to run in parallel");
    double[] u = new double[300];
    for (int t = 0; t < u.length; t++) {
      u[t] = Math.sin(0.1 * t);
    }
    ReservoirSession one = r.newSession(1);
    ReservoirSession many = r.newSession(threads);
    assertArrayEquals(one.run(u, 300), many.run(u, 300), 0);
    // A second run continues from the last state, in both.
    assertArrayEquals(one.run(u, 100), many.run(u, 100), 0);
    assertArrayEquals(one.state(), many.state(), 0);
    // And a run equals the same inputs stepped one by one.
    ReservoirSession stepped = r.newSession(1);
    double[] last = null;
    for (int t = 0; t < 300; t++) {
      last = stepped.step(new double[] {u[t]});
    }
    ReservoirSession fresh = r.newSession(threads);
    double[] states = fresh.run(u, 300);
    assertArrayEquals(last, Arrays.copyOfRange(states, 299 * 1000, 300 * 1000), 0);
  }

  @Test
  void feedbackEntersThroughABernoulliMatrix() {
    Reservoir r = Reservoir.builder(200).activation(ReservoirActivation.IDENTITY)
        .feedback(1, 0.7, 0.25).seed(2).build(1);
    ReservoirSession with = r.newSession();
    ReservoirSession without = r.newSession();
    with.setFeedback(new double[] {2});
    double[] a = with.step(new double[] {0.5}).clone();
    double[] b = without.step(new double[] {0.5});
    int reached = 0;
    for (int i = 0; i < 200; i++) {
      double difference = a[i] - b[i];
      if (difference != 0) {
        reached++;
        assertEquals(1.4, Math.abs(difference), 1e-12, "unit " + i);
      }
    }
    assertEquals(50, reached, "a quarter of the units receive the feedback");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> with.setFeedback(new double[] {1, 2}));
    assertEquals("feedback: expected 1 values, found 2", e.getMessage());
  }

  @Test
  void noiseIsSeededAndResetRestartsIt() {
    Reservoir noisy = Reservoir.builder(50).noise(0.01, 0, 0.001).seed(4).build(1);
    Reservoir quiet = Reservoir.builder(50).seed(4).build(1);
    double[] u = new double[100];
    Arrays.fill(u, 0.3);
    ReservoirSession s = noisy.newSession();
    double[] first = s.run(u, 100);
    s.reset();
    assertArrayEquals(first, s.run(u, 100), 0);
    assertArrayEquals(first, noisy.newSession().run(u, 100), 0);
    double[] clean = quiet.newSession().run(u, 100);
    double largest = 0;
    for (int k = 0; k < first.length; k++) {
      largest = Math.max(largest, Math.abs(first[k] - clean[k]));
    }
    assertTrue(largest > 1e-4 && largest < 0.2, "noise moved the states by " + largest);
  }

  @Test
  void stateCanBeSavedAndRestored() {
    Reservoir r = Reservoir.builder(40).seed(1).build(1);
    ReservoirSession s = r.newSession();
    s.run(new double[] {0.1, 0.2, 0.3}, 3);
    double[] saved = s.state();
    double[] next = s.step(new double[] {0.4}).clone();
    s.setState(saved);
    assertArrayEquals(next, s.step(new double[] {0.4}), 0);
    s.reset();
    assertArrayEquals(new double[40], s.state(), 0);
    assertEquals(0, s.steps());
  }

  @Test
  void nonFiniteInputsAreRejectedWithTheirIndex() {
    ReservoirSession s = Reservoir.builder(10).seed(1).build(1).newSession();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.run(new double[] {0, 1, Double.NaN}, 3));
    assertEquals("inputs: expected finite numbers, found NaN at index 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.run(new double[] {0, 1}, 3));
    assertEquals("inputs: expected 3 × 1 values, found 2", e.getMessage());
  }

  @Test
  void badHyperparametersAreRejectedWithClearMessages() {
    Reservoir.Builder b = Reservoir.builder(100);
    assertMessage("spectral radius: expected a positive number, found -1.0",
        () -> b.spectralRadius(-1));
    assertMessage("spectral radius: expected a positive number, found 0.0",
        () -> b.spectralRadius(0));
    assertMessage("leak rate: expected a value in (0, 1], found 0.0", () -> b.leak(0));
    assertMessage("leak rate: expected a value in (0, 1], found 1.5", () -> b.leak(1.5));
    assertMessage("connectivity: expected a fraction in (0, 1], found 0.0",
        () -> b.connectivity(0));
    assertMessage("connectivity: expected a fraction in (0, 1], found 1.2",
        () -> b.connectivity(1.2));
    assertMessage("input connectivity: expected a fraction in (0, 1], found -0.5",
        () -> b.inputConnectivity(-0.5));
    assertMessage("units: expected at least 1, found 0", () -> Reservoir.builder(0));
    assertMessage("leak rates: expected 100 values, one per unit, found 3",
        () -> b.leak(new double[] {0.1, 0.2, 0.3}));
    assertMessage("input scaling: expected 1 or 2 values, found 3",
        () -> Reservoir.builder(10).inputScaling(new double[] {1, 2, 3}).build(2));
    assertMessage("noise: expected a gain ≥ 0, found -0.1", () -> b.noise(-0.1, 0, 0));
  }

  static void assertMessage(String expected, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertEquals(expected, e.getMessage());
  }
}
