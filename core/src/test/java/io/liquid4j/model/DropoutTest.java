package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** CfC backbone dropout in training mode: seeded masks, exact gradients through them. */
class DropoutTest {
  static final ModelConfig DROPOUT = ModelConfig.cfc(3, 4).backbone(8, 3, 0.3).build();

  static double loss(SequenceOutput y, double[] w) {
    double l = 0;
    double[] o = y.outputs();
    for (int i = 0; i < o.length; i++) {
      l += o[i] * w[i];
    }
    return l;
  }

  @Test
  void trainingModeDropsUnitsAndInferenceDoesNot() {
    SequenceModel model = SequenceModel.create(DROPOUT, 1);
    double[] x = SequenceModelTest.random(2 * 4 * 3, 2);
    double[] inference = model.forward(x, 2, 4, null, null).outputs();
    assertArrayEquals(inference, model.forwardForTraining(x, 2, 4, null, null).output().outputs(),
        0.0, "without a seed the training pass has inference semantics");
    double[] a = model.forwardForTraining(x, 2, 4, null, null, 7).output().outputs();
    double[] b = model.forwardForTraining(x, 2, 4, null, null, 7).output().outputs();
    double[] c = model.forwardForTraining(x, 2, 4, null, null, 8).output().outputs();
    assertArrayEquals(a, b, 0.0, "the same seed draws the same masks");
    assertFalse(Arrays.equals(a, inference), "dropout changes the training outputs");
    assertFalse(Arrays.equals(a, c), "another seed draws other masks");
    SequenceModel noDropout = SequenceModel.create(
        DROPOUT.toBuilder().backbone(8, 3, 0.0).build(), 1);
    assertArrayEquals(noDropout.forward(x, 2, 4, null, null).outputs(),
        noDropout.forwardForTraining(x, 2, 4, null, null, 7).output().outputs(), 0.0);
  }

  @Test
  void gradientsThroughAFixedMaskMatchFiniteDifferences() {
    SequenceModel model = SequenceModel.create(DROPOUT, 3);
    double[] x = SequenceModelTest.random(2 * 4 * 3, 4);
    long seed = 11;
    TrainingPass pass = model.forwardForTraining(x, 2, 4, null, null, seed);
    double[] w = SequenceModelTest.random(pass.output().outputs().length, 5);
    double[] g = pass.backward(w, null, null).parameters();
    double[] p = model.parameters();
    SplittableRandom pick = new SplittableRandom(6);
    double eps = 1e-6;
    for (int trial = 0; trial < 40; trial++) {
      int i = pick.nextInt(p.length);
      double[] plus = p.clone();
      double[] minus = p.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (loss(model.withParameters(plus).forwardForTraining(x, 2, 4, null, null,
          seed).output(), w) - loss(model.withParameters(minus).forwardForTraining(x, 2, 4, null,
          null, seed).output(), w)) / (2 * eps);
      FiniteDifferenceTest.assertAgree("parameter " + i, numeric, g[i]);
    }
  }
}
