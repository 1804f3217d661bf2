package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A mini-batch's gradient summed over disjoint parts and merged gives the same update as the
 * whole batch, up to the order of the floating-point sums.
 */
class GradientSumTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void partsMergedStepAsTheWholeBatch() {
    SequenceDataset data = TrainerTest.runningSign(10, 3)
        .withSampleWeights(new double[] {1, 2, 0.5, 1, 1, 3, 1, 0, 1, 1});
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, 8).projSize(2).build(), 1);
    Trainer trainer = new Trainer(TrainerTest.config(1, 1), new CrossEntropy(new double[] {1, 2}));
    int[] batch = {7, 2, 9, 0, 4, 5, 1};
    GradientSum sum = trainer.gradientSum(model, data.batch(new int[] {7, 2, 9}), 1)
        .merge(trainer.gradientSum(model, data.batch(new int[] {0, 4, 5, 1}), 2));
    assertEquals(7, sum.count());

    SequenceModel whole;
    double wholeLoss;
    try (Trainer.Stepper s = trainer.stepper(model)) {
      wholeLoss = s.step(data.batch(batch));
      whole = s.model();
    }
    try (Trainer.Stepper s = trainer.stepper(model)) {
      assertEquals(wholeLoss, s.step(sum), TOLERANCE * Math.abs(wholeLoss));
      assertClose(whole.parameters(), s.model().parameters());
    }
  }

  @Test
  void aPartWithoutWeightAddsNothing() {
    SequenceDataset data = TrainerTest.runningSign(3, 4).withSampleWeights(new double[] {0, 0, 1});
    SequenceModel model = TrainerTest.ltc();
    Trainer trainer = new Trainer(TrainerTest.config(1, 1), new CrossEntropy());
    GradientSum none = trainer.gradientSum(model, data.batch(new int[] {0, 1}), 1);
    assertEquals(0, none.weightSum());
    assertEquals(2, none.count());
    assertArrayEquals(new double[model.layout().size()], none.gradient());
    try (Trainer.Stepper s = trainer.stepper(model)) {
      assertThrows(IllegalArgumentException.class, () -> s.step(none));
    }
  }

  @Test
  void weightSumIsTheLossDenominator() {
    double[] targets = {0, 1, 1};
    double[] weights = {2, 1, 0.5};
    assertEquals(3.5, new MeanSquaredError().weightSum(3, 1, 1, targets, null, weights));
    assertEquals(2 * 1 + 3 * 1 + 3 * 0.5,
        new CrossEntropy(new double[] {1, 3}).weightSum(3, 1, 2, targets, null, weights));
  }

  @Test
  void mergeRejectsAnotherModelAndSurvivesSerialization() throws Exception {
    GradientSum a = new GradientSum(new double[] {1, 2}, 3, 4, 5);
    assertThrows(IllegalArgumentException.class, () -> a.merge(GradientSum.zero(3)));
    assertEquals(a, roundTrip(a));
  }

  private static GradientSum roundTrip(GradientSum sum) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sum);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (GradientSum) in.readObject();
    }
  }

  private static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1e-3, Math.abs(expected[i]));
      if (Math.abs(expected[i] - actual[i]) > TOLERANCE * scale) {
        throw new AssertionError("parameter " + i + ": expected " + expected[i] + ", found "
            + actual[i] + " in " + Arrays.toString(actual).substring(0, 80));
      }
    }
  }
}
