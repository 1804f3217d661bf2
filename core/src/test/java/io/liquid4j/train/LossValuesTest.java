package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Loss values worked out by hand, PyTorch's weighting conventions, and bad arguments. */
class LossValuesTest {
  static final double TOL = 1e-15;

  static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention " + part);
    }
  }

  @Test
  void crossEntropyOfTwoLogits() {
    // softmax([0, ln 3]) = [1/4, 3/4]: −log(3/4) = ln(4/3) for class 1, ln 4 for class 0.
    double[] logits = {0, Math.log(3)};
    double[] grad = new double[2];
    double loss = new CrossEntropy().evaluate(logits, 1, 1, 2, new double[] {1}, null, null, grad);
    assertEquals(Math.log(4.0 / 3.0), loss, TOL);
    assertArrayEquals(new double[] {0.25, -0.25}, grad, TOL); // p − onehot(y)
    assertEquals(
        Math.log(4),
        new CrossEntropy().evaluate(logits, 1, 1, 2, new double[] {0}, null, null, null),
        TOL);
  }

  @Test
  void crossEntropyIsStableForHugeLogits() {
    double[] logits = {1000, 0, 1000, 1000};
    double loss =
        new CrossEntropy().evaluate(logits, 2, 1, 2, new double[] {1, 0}, null, null, null);
    // Sample 0: −log softmax = 1000 (to rounding: log(1 + e^−1000) underflows); sample 1: ln 2.
    assertEquals((1000 + Math.log(2)) / 2, loss, 1e-12);
  }

  /**
   * PyTorch's CrossEntropyLoss(weight=w) with mean reduction divides by Σ w_y, not by the batch:
   * rows chosen so each −log p has a closed form.
   */
  @Test
  void classWeightsFollowPyTorchsWeightedMean() {
    double[] logits = {
      0, 0, 0, //              y = 0: −log(1/3) = ln 3
      Math.log(2), 0, 0, //    y = 2: −log(1/4) = ln 4
      0, Math.log(3), 0 //     y = 1: −log(3/5) = ln(5/3)
    };
    double[] targets = {0, 2, 1};
    double[] w = {1, 2, 0.5};
    // w_y = w[0], w[2], w[1] = 1, 0.5, 2.
    double expected =
        (1 * Math.log(3) + 0.5 * Math.log(4) + 2 * Math.log(5.0 / 3)) / (1 + 0.5 + 2);
    assertEquals(
        expected, new CrossEntropy(w).evaluate(logits, 3, 1, 3, targets, null, null, null), TOL);
    double unweighted = (Math.log(3) + Math.log(4) + Math.log(5.0 / 3)) / 3;
    assertEquals(
        unweighted, new CrossEntropy().evaluate(logits, 3, 1, 3, targets, null, null, null), TOL);
    // With a mask the same rows spread over (B, T) = (1, 3) give the same weighted mean; masking
    // the middle step removes both its term and its class weight 0.5 from the denominator.
    assertEquals(
        (Math.log(3) + 2 * Math.log(5.0 / 3)) / 3,
        new CrossEntropy(w).evaluate(logits, 1, 3, 3, targets, new double[] {1, 0, 1}, null, null),
        TOL);
  }

  @Test
  void meanSquaredErrorByHand() {
    double[] outputs = {1, 2, 3, 4}; // (B, T, W) = (1, 2, 2)
    double[] targets = {0, 0, 0, 0};
    MeanSquaredError mse = new MeanSquaredError();
    assertEquals(30.0 / 4, mse.evaluate(outputs, 1, 2, 2, targets, null, null, null), TOL);
    double[] grad = new double[4];
    // Mask out step 1: mean over the two values of step 0, (1 + 4) / 2.
    assertEquals(2.5, mse.evaluate(outputs, 1, 2, 2, targets, new double[] {1, 0}, null, grad));
    assertArrayEquals(new double[] {1, 2, 0, 0}, grad, TOL); // 2·(y − ŷ)/2
    // Step weights 1 and 3: (1·2.5 + 3·12.5) / 4.
    assertEquals(10.0, mse.evaluate(outputs, 1, 2, 2, targets, new double[] {1, 3}, null, null));
    // Two sequences of one step, sample weights 3 and 1: (3·2.5 + 1·12.5) / 4.
    assertEquals(5.0, mse.evaluate(outputs, 2, 1, 2, targets, null, new double[] {3, 1}, null));
  }

  @Test
  void meanAbsoluteErrorByHand() {
    double[] outputs = {1, -2, 3, 4};
    double[] targets = {0, 0, 0, 4};
    MeanAbsoluteError mae = new MeanAbsoluteError();
    double[] grad = new double[4];
    assertEquals(6.0 / 4, mae.evaluate(outputs, 2, 1, 2, targets, null, null, grad), TOL);
    assertArrayEquals(new double[] {0.25, -0.25, 0.25, 0}, grad, TOL); // sign(0) = 0
  }

  /** A sample weight of 2 is the same as the sample appearing twice. */
  @ParameterizedTest
  @MethodSource("seeds")
  void sampleWeightTwoEqualsDuplicate(long seed) {
    LossGradientTest.Problem p = new LossGradientTest.Problem(seed);
    int bt = p.steps * p.width;
    double[] outputs2 = new double[p.outputs.length + bt];
    System.arraycopy(p.outputs, 0, outputs2, 0, p.outputs.length);
    System.arraycopy(p.outputs, 0, outputs2, p.outputs.length, bt);
    double[] classes2 = new double[p.classTargets.length + p.steps];
    System.arraycopy(p.classTargets, 0, classes2, 0, p.classTargets.length);
    System.arraycopy(p.classTargets, 0, classes2, p.classTargets.length, p.steps);
    double[] mask2 = new double[p.mask.length + p.steps];
    System.arraycopy(p.mask, 0, mask2, 0, p.mask.length);
    System.arraycopy(p.mask, 0, mask2, p.mask.length, p.steps);
    double[] weights = new double[p.batch];
    java.util.Arrays.fill(weights, 1);
    weights[0] = 2;
    CrossEntropy ce = new CrossEntropy(p.classWeights);
    double weighted =
        ce.evaluate(p.outputs, p.batch, p.steps, p.width, p.classTargets, p.mask, weights, null);
    double duplicated =
        ce.evaluate(outputs2, p.batch + 1, p.steps, p.width, classes2, mask2, null, null);
    assertEquals(duplicated, weighted, 1e-12 * Math.abs(duplicated));
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 8);
  }

  /** Without mask and weights, every loss is the plain mean over B·T(·W), as PyTorch's. */
  @ParameterizedTest
  @MethodSource("seeds")
  void unweightedIsThePlainMean(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int b = 1 + rng.nextInt(3);
    int t = 1 + rng.nextInt(3);
    int w = 2 + rng.nextInt(3);
    double[] out = rng.doubles(b * t * w, -2, 2).toArray();
    double[] y = rng.doubles(b * t * w, -2, 2).toArray();
    double sq = 0;
    double abs = 0;
    for (int i = 0; i < out.length; i++) {
      sq += (out[i] - y[i]) * (out[i] - y[i]);
      abs += Math.abs(out[i] - y[i]);
    }
    double[] ones = new double[b * t];
    java.util.Arrays.fill(ones, 1);
    assertEquals(sq / out.length,
        new MeanSquaredError().evaluate(out, b, t, w, y, null, null, null), 1e-14);
    assertEquals(sq / out.length,
        new MeanSquaredError().evaluate(out, b, t, w, y, ones, null, null), 1e-14);
    assertEquals(abs / out.length,
        new MeanAbsoluteError().evaluate(out, b, t, w, y, null, null, null), 1e-14);
  }

  @Test
  void paddingIsNotRead() {
    double[] outputs = {0, Math.log(3), Double.NaN, Double.NaN};
    double[] targets = {1, Double.NaN};
    double[] grad = {7, 7, 7, 7};
    double loss =
        new CrossEntropy().evaluate(outputs, 1, 2, 2, targets, new double[] {1, 0}, null, grad);
    assertEquals(Math.log(4.0 / 3.0), loss, TOL);
    assertArrayEquals(new double[] {0.25, -0.25, 0, 0}, grad, TOL); // overwritten, not added
    double[] regression = {1, 2, Double.NaN, Double.NaN};
    assertEquals(2.5, new MeanSquaredError().evaluate(
        regression, 2, 1, 2, new double[] {0, 0, 5, -1}, null, new double[] {1, 0}, null));
  }

  @Test
  void badArgumentsAreNamed() {
    CrossEntropy ce = new CrossEntropy();
    MeanSquaredError mse = new MeanSquaredError();
    double[] logits = {0, 1, 2, 3}; // (2, 1, 2)
    double[] y = {0, 1};
    assertMessage(() -> ce.evaluate(new double[3], 2, 1, 2, y, null, null, null), "outputs", "3");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, new double[3], null, null, null), "targets");
    assertMessage(() -> mse.evaluate(logits, 2, 1, 2, y, null, null, null), "targets", "4");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, y, new double[1], null, null), "mask");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, y, null, new double[3], null),
        "sampleWeights");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, y, null, null, new double[5]), "dOutputs");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, y, null, null, logits), "dOutputs");
    assertMessage(() -> ce.evaluate(logits, 0, 1, 2, y, null, null, null), "batch", "0");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, new double[] {0, 2}, null, null, null),
        "targets[1, 0]", "2.0", "[0, 2)");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, new double[] {0.5, 1}, null, null, null),
        "targets[0, 0]", "0.5");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, new double[] {-1, 1}, null, null, null),
        "targets[0, 0]", "-1.0");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, y, new double[] {1, -1}, null, null),
        "mask[1]", "-1.0");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, y, null, new double[] {Double.NaN, 1}, null),
        "sampleWeights[0]", "NaN");
    assertMessage(() -> ce.evaluate(logits, 2, 1, 2, y, new double[] {0, 0}, null, null),
        "all steps are masked out");
    assertMessage(() -> mse.evaluate(logits, 2, 1, 2, logits, null, new double[] {0, 0}, null),
        "all steps are masked out");
    assertMessage(() -> new CrossEntropy(new double[] {1, 0}).evaluate(
        logits, 2, 1, 2, new double[] {1, 1}, null, null, null), "all steps are masked out");
    assertMessage(() -> new CrossEntropy(new double[] {1, 1, 1}).evaluate(
        logits, 2, 1, 2, y, null, null, null), "classWeights", "3", "width 2");
    assertMessage(() -> new CrossEntropy(new double[] {1, -2}), "classWeights[1]", "-2.0");
    assertMessage(() -> Loss.of("huber"), "huber", "mse, mae, cross_entropy");
    assertEquals("cross_entropy", Loss.of("cross_entropy").name());
    assertEquals("mae", Loss.of("MAE").name());
  }
}
