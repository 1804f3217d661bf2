package io.liquid4j.spiking.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Gamma and positive Gaussian draws; Poisson trains; the paper's distances and filters. */
class DrawsAndTrainsTest {
  @ParameterizedTest(name = "mean {0}, sd {1}")
  @CsvSource({"30e-9, 30e-9", "-19e-9, 19e-9", "2.0, 1.0", "1.0, 3.0"})
  void gammaDrawsHaveTheRequestedMeanAndSd(double mean, double sd) {
    SplittableRandom rng = new SplittableRandom(1);
    int n = 200_000;
    double sum = 0;
    double sumSquares = 0;
    for (int k = 0; k < n; k++) {
      double x = Draws.gamma(mean, sd, rng);
      assertTrue(Math.signum(x) == Math.signum(mean) || x == 0, "sign of " + x);
      sum += x;
      sumSquares += x * x;
    }
    double m = sum / n;
    double s = Math.sqrt(sumSquares / n - m * m);
    assertEquals(mean, m, 0.01 * Math.abs(mean) + 4 * sd / Math.sqrt(n));
    assertEquals(sd, s, 0.02 * sd);
  }

  @Test
  void positiveGaussiansReplaceNegativeDrawsAndKeepTheMean() {
    SplittableRandom rng = new SplittableRandom(2);
    double sum = 0;
    int n = 200_000;
    for (int k = 0; k < n; k++) {
      double x = Draws.positiveGaussian(0.05, 0.5, rng);
      assertTrue(x >= 0, "negative draw " + x);
      sum += x;
    }
    assertEquals(0.05, sum / n, 0.002);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void poissonTrainsHaveTheRateAndOneSpikePerStep(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    long total = 0;
    for (int trial = 0; trial < 2000; trial++) {
      double[] train = SpikeTrains.poisson(20, 0.5, 1e-4, rng);
      total += train.length;
      for (int k = 0; k < train.length; k++) {
        assertTrue(train[k] >= 0 && train[k] < 0.5);
        if (k > 0) {
          assertTrue(SpikeTrains.step(train[k], 1e-4) > SpikeTrains.step(train[k - 1], 1e-4));
        }
      }
    }
    assertEquals(10.0, total / 2000.0, 0.3, "20 Hz × 0.5 s");
  }

  @Test
  void inputDistanceOfOneSpikeIsTheGaussiansSquaredIntegral() {
    // ∫ exp(−2(t/τ)²) dt = τ·√(π/2), divided by the duration.
    double d = SpikeTrains.inputDistance(new double[] {0.25}, new double[0], 0.5, 1e-4);
    assertEquals(SpikeTrains.INPUT_KERNEL * Math.sqrt(Math.PI / 2) / 0.5, d, 1e-9);
    double[] u = {0.1, 0.2, 0.3};
    double[] v = {0.1, 0.21, 0.4};
    assertEquals(0, SpikeTrains.inputDistance(u, u, 0.5, 1e-4), 0);
    assertEquals(SpikeTrains.inputDistance(u, v, 0.5, 1e-4),
        SpikeTrains.inputDistance(v, u, 0.5, 1e-4), 1e-15);
    // Spikes far apart count twice a lone spike; a 1 ms shift counts much less.
    double far = SpikeTrains.inputDistance(new double[] {0.1}, new double[] {0.3}, 0.5, 1e-4);
    double near = SpikeTrains.inputDistance(new double[] {0.1}, new double[] {0.101}, 0.5, 1e-4);
    assertEquals(2 * d, far, 1e-9);
    assertTrue(near < 0.1 * far, near + " vs " + far);
  }

  @Test
  void exponentialFilterEqualsTheSumOfDecayingKernels() {
    double[] train = {0.01, 0.015, 0.2, 0.35};
    double[] times = SpikeTrains.grid(0.5, 1e-3);
    double[] filtered = SpikeTrains.exponentialFilter(train, 0.03, times);
    for (int k = 0; k < times.length; k++) {
      double expected = 0;
      for (double s : train) {
        expected += s <= times[k] ? Math.exp(-(times[k] - s) / 0.03) : 0;
      }
      assertEquals(expected, filtered[k], 1e-12, "t = " + times[k]);
    }
  }

  @Test
  void stateDistanceIsTheMeanSquaredDifferenceOverNeurons() {
    double[][] u = {{0, 1, 2}, {1, 1, 1}};
    double[][] v = {{0, 0, 0}, {1, 3, 1}};
    assertArrayEquals(new double[] {0, 2.5, 2}, SpikeTrains.stateDistance(u, v), 1e-15);
  }

  @Test
  void jitterKeepsSpikesInsideAndNearTheTemplate() {
    double[] template = SpikeTrains.poisson(20, 0.5, 1e-4, new SplittableRandom(5));
    double[] moved = SpikeTrains.jitter(template, 4e-3, 0.5, new SplittableRandom(6));
    assertEquals(template.length, moved.length);
    for (double t : moved) {
      assertTrue(t >= 0 && t < 0.5);
    }
    double d = SpikeTrains.inputDistance(template, moved, 0.5, 1e-4);
    double other = SpikeTrains.inputDistance(template,
        SpikeTrains.poisson(20, 0.5, 1e-4, new SplittableRandom(7)), 0.5, 1e-4);
    assertTrue(d < other, "jittered " + d + " vs independent " + other);
  }
}
