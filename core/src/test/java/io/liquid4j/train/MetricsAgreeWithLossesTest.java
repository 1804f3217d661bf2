package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.evaluation.Metrics;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The evaluation metrics agree with the training losses on seeded random problems. */
class MetricsAgreeWithLossesTest {
  static LongStream seeds() {
    return LongStream.rangeClosed(1, 6);
  }

  /** The regression metrics are the losses without sample weights. */
  @ParameterizedTest
  @MethodSource("seeds")
  void regressionMetricsMatchLosses(long seed) {
    LossGradientTest.Problem p = new LossGradientTest.Problem(seed);
    assertEquals(
        new MeanSquaredError().evaluate(
            p.outputs, p.batch, p.steps, p.width, p.regressionTargets, p.mask, null, null),
        Metrics.meanSquaredError(
            p.outputs, p.batch, p.steps, p.width, p.regressionTargets, p.mask));
    assertEquals(
        new MeanAbsoluteError().evaluate(
            p.outputs, p.batch, p.steps, p.width, p.regressionTargets, p.mask, null, null),
        Metrics.meanAbsoluteError(
            p.outputs, p.batch, p.steps, p.width, p.regressionTargets, p.mask));
    // Accuracy counted directly.
    double correct = 0;
    double total = 0;
    for (int i = 0; i < p.mask.length; i++) {
      if (p.mask[i] > 0) {
        int best = 0;
        for (int c = 1; c < p.width; c++) {
          best = p.outputs[i * p.width + c] > p.outputs[i * p.width + best] ? c : best;
        }
        correct += best == (int) p.classTargets[i] ? p.mask[i] : 0;
        total += p.mask[i];
      }
    }
    assertEquals(correct / total,
        Metrics.accuracy(p.outputs, p.batch, p.steps, p.width, p.classTargets, p.mask), 1e-14);
  }
}
