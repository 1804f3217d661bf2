package io.liquid4j.reservoir.task;

import static io.liquid4j.reservoir.task.MackeyGlassTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Metrics: hand-computed examples, identities between the scores, ReservoirPy's pooling. */
class MetricsTest {
  static final double[] TRUTH = {1, 2, 3, 4};
  static final double[] GUESS = {1, 2, 3, 6};

  @Test
  void handComputedSingleOutput() {
    // errors 0, 0, 0, 2: mse 4/4; range 3; mean 2.5, variance (2.25+.25+.25+2.25)/4 = 1.25
    assertEquals(1.0, Metrics.mse(TRUTH, GUESS), 1e-15);
    assertEquals(1.0, Metrics.rmse(TRUTH, GUESS), 1e-15);
    assertEquals(1.0 / 3, Metrics.nrmse(TRUTH, GUESS), 1e-15);
    assertEquals(Math.sqrt(1 / 1.25), Metrics.nrmseByStd(TRUTH, GUESS), 1e-15);
    assertEquals(1 - 4.0 / 5, Metrics.rsquare(TRUTH, GUESS), 1e-15);
    assertEquals(Math.sqrt(12.5), Metrics.rmse(new double[] {0, 0}, new double[] {3, 4}), 1e-15);
  }

  @Test
  void handComputedMultiOutputPooledAndPerOutput() {
    double[] truth = {0, 10, 2, 30}; // rows (0, 10), (2, 30)
    double[] guess = {1, 10, 2, 20};
    // Pooled (ReservoirPy's default): squared errors 1, 0, 0, 100 over 4 values; range 0..30;
    // mean 10.5, Σ(y − ȳ)² = 110.25 + 0.25 + 72.25 + 380.25 = 563.
    assertEquals(25.25, Metrics.mse(truth, guess), 1e-13);
    assertEquals(Math.sqrt(25.25) / 30, Metrics.nrmse(truth, guess), 1e-15);
    assertEquals(1 - 101.0 / 563, Metrics.rsquare(truth, guess), 1e-15);
    // Per output (dimensionwise=True): column 0 true {0, 2} guess {1, 2}; column 1 {10, 30} {10, 20}
    assertArrayEquals(new double[] {0.5, 50}, Metrics.msePerOutput(truth, guess, 2), 1e-13);
    assertArrayEquals(
        new double[] {Math.sqrt(0.5), Math.sqrt(50)}, Metrics.rmsePerOutput(truth, guess, 2), 1e-13);
    assertArrayEquals(new double[] {Math.sqrt(0.5) / 2, Math.sqrt(50) / 20},
        Metrics.nrmsePerOutput(truth, guess, 2), 1e-15);
    assertArrayEquals(new double[] {Math.sqrt(0.5), Math.sqrt(0.5)},
        Metrics.nrmseByStdPerOutput(truth, guess, 2), 1e-15);
    assertArrayEquals(new double[] {0.5, 0.5}, Metrics.rsquarePerOutput(truth, guess, 2), 1e-15);
  }

  @Test
  void oneOutputPerRowIsThePooledScore() {
    assertArrayEquals(new double[] {Metrics.rsquare(TRUTH, GUESS)},
        Metrics.rsquarePerOutput(TRUTH, GUESS, 1), 0);
    assertArrayEquals(new double[] {Metrics.nrmse(TRUTH, GUESS)},
        Metrics.nrmsePerOutput(TRUTH, GUESS, 1), 0);
    assertArrayEquals(new double[] {Metrics.nrmseByStd(TRUTH, GUESS)},
        Metrics.nrmseByStdPerOutput(TRUTH, GUESS, 1), 0);
  }

  static double[] randomSeries(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = 3 * random.nextDouble() - 1 + Math.sin(0.1 * i);
    }
    return y;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void perfectPredictionScoresZeroErrorAndUnitRsquare(long seed) {
    double[] y = randomSeries(seed, 200);
    assertEquals(0, Metrics.mse(y, y.clone()), 0);
    assertEquals(0, Metrics.nrmse(y, y.clone()), 0);
    assertEquals(0, Metrics.nrmseByStd(y, y.clone()), 0);
    assertEquals(1, Metrics.rsquare(y, y.clone()), 0);
    assertArrayEquals(new double[4], Metrics.nrmsePerOutput(y, y.clone(), 4), 0);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void predictingTheMean(long seed) {
    double[] y = randomSeries(seed, 301);
    double mean = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : y) {
      mean += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    mean /= y.length;
    double variance = 0;
    for (double v : y) {
      variance += (v - mean) * (v - mean);
    }
    variance /= y.length;
    double[] flat = new double[y.length];
    java.util.Arrays.fill(flat, mean);
    // The mean's RMSE is the standard deviation: nrmse = std / range, nrmseByStd = 1, R² = 0.
    assertEquals(Math.sqrt(variance) / (max - min), Metrics.nrmse(y, flat), 1e-13);
    assertEquals(1, Metrics.nrmseByStd(y, flat), 1e-13);
    assertEquals(0, Metrics.rsquare(y, flat), 1e-13);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void identitiesBetweenTheScores(long seed) {
    double[] truth = randomSeries(seed, 240);
    double[] guess = randomSeries(seed + 100, 240);
    double range = Metrics.rmse(truth, guess) / Metrics.nrmse(truth, guess);
    double nrmseByStd = Metrics.nrmseByStd(truth, guess);
    // mse / var = Σe² / Σ(y − ȳ)², so nrmseByStd² = 1 − R².
    assertEquals(1 - Metrics.rsquare(truth, guess), nrmseByStd * nrmseByStd, 1e-12);
    assertEquals(Metrics.rmse(truth, guess) * Metrics.rmse(truth, guess),
        Metrics.mse(truth, guess), 1e-12);
    // Normalised scores ignore a common shift and scale of truth and prediction.
    double[] truthScaled = new double[truth.length];
    double[] guessScaled = new double[guess.length];
    for (int i = 0; i < truth.length; i++) {
      truthScaled[i] = 7 * truth[i] - 3;
      guessScaled[i] = 7 * guess[i] - 3;
    }
    assertEquals(Metrics.nrmse(truth, guess), Metrics.nrmse(truthScaled, guessScaled), 1e-12);
    assertEquals(nrmseByStd, Metrics.nrmseByStd(truthScaled, guessScaled), 1e-12);
    assertEquals(Metrics.rsquare(truth, guess), Metrics.rsquare(truthScaled, guessScaled), 1e-12);
    assertEquals(49 * Metrics.mse(truth, guess), Metrics.mse(truthScaled, guessScaled), 1e-10);
    assertEquals(7 * range, Metrics.rmse(truthScaled, guessScaled)
        / Metrics.nrmse(truthScaled, guessScaled), 1e-10);
    // Pooled MSE over T×d is the mean of the per-output MSEs (equal counts per column).
    double[] perOutput = Metrics.msePerOutput(truth, guess, 3);
    assertEquals((perOutput[0] + perOutput[1] + perOutput[2]) / 3, Metrics.mse(truth, guess),
        1e-12);
  }

  @Test
  void rejectsBadInputs() {
    assertMessage("yTrue", () -> Metrics.mse(new double[0], new double[0]));
    assertMessage("yTrue", () -> Metrics.mse(null, new double[1]));
    assertMessage("yPred", () -> Metrics.mse(new double[] {1, 2}, new double[] {1}));
    assertMessage("yPred", () -> Metrics.rmse(new double[] {1, 2}, null));
    assertMessage("yTrue[1]", () -> Metrics.mse(new double[] {1, Double.NaN}, new double[2]));
    assertMessage("yPred[0]",
        () -> Metrics.rsquare(new double[] {1, 2}, new double[] {Double.NaN, 2}));
    assertMessage("yPred[1]",
        () -> Metrics.nrmse(new double[] {1, 2}, new double[] {0, Double.POSITIVE_INFINITY}));
    assertMessage("yTrue", () -> Metrics.nrmse(new double[] {2, 2}, new double[] {1, 2}));
    assertMessage("yTrue", () -> Metrics.nrmseByStd(new double[] {2, 2}, new double[] {1, 2}));
    assertMessage("yTrue", () -> Metrics.rsquare(new double[] {2, 2}, new double[] {1, 2}));
    assertMessage("yTrue", () -> Metrics.rsquarePerOutput(
        new double[] {1, 5, 2, 5}, new double[] {1, 5, 2, 4}, 2));
    assertMessage("yTrue", () -> Metrics.msePerOutput(new double[3], new double[3], 2));
    assertMessage("columns", () -> Metrics.msePerOutput(new double[3], new double[3], 0));
  }
}
