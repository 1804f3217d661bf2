package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The trainer and evaluator on variable-length sequences: losses on valid steps only for per-step
 * targets, on the last valid step for per-sequence targets, checked against the same sequences
 * unpadded.
 */
class ValidStepsTrainingTest {
  private static final int N = 12;
  private static final int S = 2;

  private static double[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble(-1, 1);
    }
    return a;
  }

  /** n sequences of length l (classes per step, or a regression target per sequence). */
  private static SequenceDataset data(double[] x, double[] y, int l, boolean perStep) {
    return perStep ? SequenceDataset.classification(x, N, l, S, y, true, 2)
        : SequenceDataset.regression(x, N, l, S, y, false, 1);
  }

  /** Pads each sequence from {@code l} to {@code padded} steps with junk inputs and targets. */
  private static double[][] pad(double[] x, double[] y, int l, int padded, boolean perStep) {
    double[] junk = random(N * padded * S, 99);
    double[] xp = new double[N * padded * S];
    double[] yp = perStep ? new double[N * padded] : y.clone();
    for (int i = 0; i < N; i++) {
      System.arraycopy(x, i * l * S, xp, i * padded * S, l * S);
      System.arraycopy(junk, (i * padded + l) * S, xp, (i * padded + l) * S, (padded - l) * S);
      if (perStep) {
        System.arraycopy(y, i * l, yp, i * padded, l);
        for (int t = l; t < padded; t++) {
          yp[i * padded + t] = (i + t) % 2; // junk class labels on padded steps
        }
      }
    }
    return new double[][] {xp, yp};
  }

  private static Trainer trainer(boolean perStep) {
    TrainerConfig config = TrainerConfig.builder().epochs(2).batchSize(5).learningRate(0.01)
        .optimizer(OptimizerConfig.adam()).seed(3).threads(1).chunkSize(2).build();
    return new Trainer(config, perStep ? new CrossEntropy() : new MeanSquaredError());
  }

  private static void checkPaddedTrainsExactlyAsUnpadded(boolean perStep) throws IOException {
    int l = 4;
    int padded = 7;
    double[] x = random(N * l * S, 1);
    double[] y = new double[perStep ? N * l : N];
    for (int i = 0; i < y.length; i++) {
      y[i] = perStep ? (x[i * S] > 0 ? 1 : 0) : x[i * l * S];
    }
    double[][] p = pad(x, y, l, padded, perStep);
    int[] lengths = new int[N];
    Arrays.fill(lengths, l);
    SequenceDataset plain = data(x, y, l, perStep);
    SequenceDataset padd = data(p[0], p[1], padded, perStep).withLengths(lengths);
    ModelConfig config = ModelConfig.cfc(S, 5).backbone(6, 1, 0.0).projSize(perStep ? 2 : 1)
        .returnSequences(perStep).build();
    SequenceModel model = SequenceModel.create(config, 5);

    double[] a = trainer(perStep).fit(model, plain, null, null, null, false).model()
        .parameters();
    double[] b = trainer(perStep).fit(model, padd, null, null, null, false).model()
        .parameters();
    assertArrayEquals(a, b, 0.0, "padded steps change nothing in training");

    Evaluation ea = trainer(perStep).evaluator().evaluate(model, plain);
    Evaluation eb = trainer(perStep).evaluator().evaluate(model, padd);
    assertEquals(ea.loss(), eb.loss(), 0.0);
    if (perStep) {
      assertEquals(ea.accuracy(), eb.accuracy(), 0.0);
    } else {
      assertEquals(ea.mse(), eb.mse(), 0.0);
    }
  }

  @Test
  void perStepTargetsCountOnlyValidSteps() throws IOException {
    checkPaddedTrainsExactlyAsUnpadded(true);
  }

  @Test
  void perSequenceTargetsAreReadAtTheLastValidStep() throws IOException {
    checkPaddedTrainsExactlyAsUnpadded(false);
  }

  @Test
  void aBatchOfMixedLengthsSumsTheGradientsOfEachSequenceAlone() {
    int padded = 6;
    int[] lengths = {2, 6, 3, 5, 1, 4, 6, 2, 3, 4, 5, 1};
    double[] x = random(N * padded * S, 7);
    double[] y = random(N, 8);
    SequenceDataset data = SequenceDataset.regression(x, N, padded, S, y, false, 1)
        .withLengths(lengths);
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(S, 4).projSize(1)
        .returnSequences(false).mixedMemory(true).build(), 2);
    Trainer trainer = trainer(false);
    int[] all = new int[N];
    for (int i = 0; i < N; i++) {
      all[i] = i;
    }
    GradientSum whole = trainer.gradientSum(model, data.batch(all), 1L);
    GradientSum sum = GradientSum.zero(model.layout().size());
    for (int i = 0; i < N; i++) {
      double[] xi = Arrays.copyOfRange(x, i * padded * S, (i * padded + lengths[i]) * S);
      SequenceDataset alone = SequenceDataset.regression(xi, 1, lengths[i], S,
          new double[] {y[i]}, false, 1);
      sum = sum.merge(trainer.gradientSum(model, alone.batch(new int[] {0}), 1L));
    }
    assertEquals(sum.lossSum(), whole.lossSum(), 1e-12);
    assertEquals(sum.weightSum(), whole.weightSum(), 0.0);
    assertArrayEquals(sum.gradient(), whole.gradient(), 1e-12);
  }
}
