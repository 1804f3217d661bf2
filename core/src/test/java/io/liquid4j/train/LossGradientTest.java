package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss's analytic gradient against central finite differences, on random shapes, values,
 * masks (with zeros and fractional weights), sample weights and class weights.
 */
class LossGradientTest {
  static LongStream seeds() {
    return LongStream.rangeClosed(1, 24);
  }

  /** One random problem: shapes, outputs, regression and class targets, weights. */
  static final class Problem {
    final int batch;
    final int steps;
    final int width;
    final double[] outputs;
    final double[] regressionTargets;
    final double[] classTargets;
    final double[] mask;
    final double[] sampleWeights;
    final double[] classWeights;

    Problem(long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      batch = 1 + rng.nextInt(4);
      steps = 1 + rng.nextInt(5);
      width = 2 + rng.nextInt(4);
      outputs = new double[batch * steps * width];
      regressionTargets = new double[outputs.length];
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] = 2 * rng.nextDouble() - 1;
        // Keep |y − ŷ| ≥ 0.1 so no finite-difference probe crosses MAE's kink.
        double gap = 0.1 + rng.nextDouble();
        regressionTargets[i] = outputs[i] + (rng.nextBoolean() ? gap : -gap);
      }
      classTargets = new double[batch * steps];
      for (int i = 0; i < classTargets.length; i++) {
        classTargets[i] = rng.nextInt(width);
      }
      // A third of the steps are padding (NaN targets there must not matter), others weighted.
      mask = new double[batch * steps];
      for (int i = 0; i < mask.length; i++) {
        int kind = rng.nextInt(3);
        mask[i] = kind == 0 ? 0 : kind == 1 ? 1 : 0.25 + rng.nextDouble();
      }
      mask[rng.nextInt(mask.length)] = 1; // at least one real step
      for (int i = 0; i < mask.length; i++) {
        if (mask[i] == 0) {
          classTargets[i] = -1;
          for (int k = 0; k < width; k++) {
            regressionTargets[i * width + k] = Double.NaN;
          }
        }
      }
      sampleWeights = new double[batch];
      for (int b = 0; b < batch; b++) {
        sampleWeights[b] = 0.5 + 2 * rng.nextDouble();
      }
      classWeights = new double[width];
      for (int c = 0; c < width; c++) {
        classWeights[c] = 0.1 + 3 * rng.nextDouble();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void meanSquaredError(long seed) {
    Problem p = new Problem(seed);
    check(new MeanSquaredError(), p, p.regressionTargets, p.mask, p.sampleWeights);
    check(new MeanSquaredError(), p, fill(p, p.regressionTargets, p.width), null, null);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void meanAbsoluteError(long seed) {
    Problem p = new Problem(seed);
    check(new MeanAbsoluteError(), p, p.regressionTargets, p.mask, p.sampleWeights);
    check(new MeanAbsoluteError(), p, fill(p, p.regressionTargets, p.width), null, null);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void crossEntropy(long seed) {
    Problem p = new Problem(seed);
    check(new CrossEntropy(), p, p.classTargets, p.mask, p.sampleWeights);
    check(new CrossEntropy(p.classWeights), p, p.classTargets, p.mask, p.sampleWeights);
    check(new CrossEntropy(p.classWeights), p, fill(p, p.classTargets, 1), null, null);
  }

  /**
   * The targets with padded positions given real values, for the runs without a mask: class 0,
   * or the output + 0.5 (away from MAE's kink).
   */
  static double[] fill(Problem p, double[] targets, int width) {
    double[] out = targets.clone();
    for (int i = 0; i < out.length; i++) {
      if (p.mask[i / width] == 0) {
        out[i] = width == 1 ? 0 : p.outputs[i] + 0.5;
      }
    }
    return out;
  }

  /**
   * Compares dL/d outputs with the fourth-order central difference
   * (8·(L(x+h) − L(x−h)) − (L(x+2h) − L(x−2h))) / 12h, entry by entry, by relative error.
   * (Differences first, so a loss that does not depend on x gives exactly 0.)
   */
  static void check(Loss loss, Problem p, double[] targets, double[] mask, double[] weights) {
    double[] outputs = p.outputs.clone();
    double[] grad = new double[outputs.length];
    double value = loss.evaluate(outputs, p.batch, p.steps, p.width, targets, mask, weights, grad);
    assertTrue(Double.isFinite(value), loss + " value " + value);
    assertEquals(
        value,
        loss.evaluate(outputs, p.batch, p.steps, p.width, targets, mask, weights, null),
        0.0,
        "the gradient buffer must not change the value");
    double h = 1e-3;
    for (int i = 0; i < outputs.length; i++) {
      double x = outputs[i];
      double[] at = new double[5];
      for (int j = -2; j <= 2; j++) {
        outputs[i] = x + j * h;
        at[j + 2] = loss.evaluate(outputs, p.batch, p.steps, p.width, targets, mask, weights, null);
      }
      outputs[i] = x;
      double numeric = (8 * (at[3] - at[1]) - (at[4] - at[0])) / (12 * h);
      if (grad[i] == 0) {
        // Padding: not read at all, so the loss does not move.
        assertEquals(0.0, numeric, 0.0, loss + " entry " + i + " should be padding");
        continue;
      }
      double rel = Math.abs(grad[i] - numeric) / Math.max(Math.abs(grad[i]), Math.abs(numeric));
      assertTrue(
          rel < 1e-7,
          loss + " entry " + i + ": analytic " + grad[i] + " vs numeric " + numeric + " (rel "
              + rel + ")");
    }
  }
}
