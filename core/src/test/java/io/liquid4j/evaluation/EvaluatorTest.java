package io.liquid4j.evaluation;

import static io.liquid4j.evaluation.MetricsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evaluator against metrics counted here by plain loops: hand-made confusion matrices,
 * cross-entropy from log-sum-exp, MSE and MAE; thread-count independence; per-step and last-step
 * targets; the mask.
 */
class EvaluatorTest {
  private static final double TOL = 1e-12;

  /** Random inputs (n, L, 2) with a class or a value per step or per sequence. */
  private static double[] inputs(SplittableRandom r, int n, int length) {
    double[] x = new double[n * length * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble(-1, 1);
    }
    return x;
  }

  private static SequenceModel model(int outputs, boolean perStep, long seed) {
    return SequenceModel.create(
        ModelConfig.cfc(2, 6).backbone(8, 1, 0.0).projSize(outputs).returnSequences(perStep)
            .build(), seed);
  }

  /** The outputs of a whole-data forward pass, computed without the evaluator. */
  private static double[] forward(SequenceModel model, SequenceDataset data) {
    return model.forward(data.inputs(), data.size(), data.length(), data.timespans(), null)
        .outputs();
  }

  @Test
  void handCountedConfusionMatrixOfThreeClassesPerSequence() {
    // 5 sequences of 2 steps, one class each; logits chosen so that the predictions are
    // 0, 2, 1, 1, 0 against targets 0, 2, 2, 1, 1.
    SequenceDataset data = SequenceDataset.classification(new double[5 * 2 * 1], 5, 2, 1,
        new double[] {0, 2, 2, 1, 1}, false, 3);
    double[] logits = {
      3, 1, 2, //
      0, 1, 5, //
      1, 4, 2, //
      -1, 0, -2, //
      7, 6, 5
    };
    Evaluation ev = Evaluator.create().score(logits, data);
    ConfusionMatrix cm = ev.confusion();
    double[][] expected = {
      {1, 0, 0}, // actual 0: predicted 0
      {1, 1, 0}, // actual 1: predicted 1 and 0
      {0, 1, 1} // actual 2: predicted 2 and 1
    };
    for (int a = 0; a < 3; a++) {
      for (int p = 0; p < 3; p++) {
        assertEquals(expected[a][p], cm.count(a, p), "count(" + a + ", " + p + ")");
      }
    }
    assertEquals(3.0 / 5, ev.accuracy(), TOL);
    // F1 per class: 0: 2·1/(1+2) = 2/3; 1: 2·1/(2+2) = 1/2; 2: 2·1/(2+1) = 2/3; macro: 11/18.
    assertEquals((2.0 / 3 + 1.0 / 2 + 2.0 / 3) / 3, ev.f1(), TOL);
    double ce = 0;
    double[] targets = {0, 2, 2, 1, 1};
    for (int b = 0; b < 5; b++) {
      double sum = 0;
      for (int c = 0; c < 3; c++) {
        sum += Math.exp(logits[b * 3 + c]);
      }
      ce += Math.log(sum) - logits[b * 3 + (int) targets[b]];
    }
    assertEquals(ce / 5, ev.loss(), TOL);
    assertEquals(TaskKind.CLASSIFICATION, ev.task());
    assertFalse(ev.perStep());
    assertEquals(5, ev.sequences());
    assertEquals(List.of("0", "1", "2"), ev.classNames());
    assertTrue(Double.isNaN(ev.mse()) && Double.isNaN(ev.mae()));
    assertEquals(List.of(List.of(1L, 0L, 0L), List.of(1L, 1L, 0L), List.of(0L, 1L, 1L)),
        ev.toMap().get("confusion_matrix"));
  }

  @Test
  void binaryF1IsThatOfClassOne() {
    // Predictions 1, 1, 0, 1 against 1, 0, 1, 1: TP 2, FP 1, FN 1 → F1 = 4/6.
    SequenceDataset data = SequenceDataset.classification(new double[4], 4, 1, 1,
        new double[] {1, 0, 1, 1}, false, 2);
    double[] logits = {0, 1, 0, 2, 3, 0, -1, 1};
    Evaluation ev = Evaluator.create().score(logits, data);
    assertEquals(4.0 / 6, ev.f1(), TOL);
    assertEquals(0.5, ev.accuracy(), TOL);
    assertEquals("accuracy 0.5000, F1 0.6667, loss " + String.format(java.util.Locale.ROOT,
        "%.4f", ev.loss()), ev.describe());
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 4);
  }

  /** A model's per-step classification, with a mask of weights 0, 0.5 and 2, counted here. */
  @ParameterizedTest
  @MethodSource("seeds")
  void perStepClassificationWithAMaskAgainstPlainLoops(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 37;
    int length = 5;
    int classes = 3;
    double[] y = new double[n * length];
    double[] mask = new double[n * length];
    double[] levels = {0, 0.5, 1, 2};
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextInt(classes);
      mask[i] = levels[r.nextInt(levels.length)];
    }
    mask[0] = 1; // at least one real step
    SequenceDataset data = SequenceDataset.classification(inputs(r, n, length), n, length, 2, y,
        true, classes).withMask(mask);
    SequenceModel model = model(classes, true, seed);
    Evaluation ev = Evaluator.create().withThreads(3).withChunkSize(5).evaluate(model, data);

    double[] out = forward(model, data);
    double[][] counts = new double[classes][classes];
    double weighted = 0;
    double weights = 0;
    for (int i = 0; i < n * length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        best = out[i * classes + c] > out[i * classes + best] ? c : best;
      }
      if (mask[i] > 0) {
        counts[(int) y[i]][best]++; // every real step once, whatever its weight
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(out[i * classes + c]);
      }
      weighted += mask[i] * (Math.log(sum) - out[i * classes + (int) y[i]]);
      weights += mask[i];
    }
    double correct = 0;
    double total = 0;
    double f1Sum = 0;
    int seen = 0;
    for (int a = 0; a < classes; a++) {
      double row = 0;
      double column = 0;
      for (int p = 0; p < classes; p++) {
        assertEquals(counts[a][p], ev.confusion().count(a, p));
        row += counts[a][p];
        column += counts[p][a];
        total += counts[a][p];
      }
      correct += counts[a][a];
      if (row + column > 0) {
        f1Sum += 2 * counts[a][a] / (row + column);
        seen++;
      }
    }
    assertEquals(correct / total, ev.accuracy(), TOL);
    assertEquals(f1Sum / seen, ev.f1(), TOL);
    assertEquals(weighted / weights, ev.loss(), 1e-10);
    assertTrue(ev.perStep());
  }

  /** Per-step regression with a weighted mask: MSE and MAE by a plain loop. */
  @ParameterizedTest
  @MethodSource("seeds")
  void regressionMseAndMaeAgainstAPlainLoop(long seed) {
    SplittableRandom r = new SplittableRandom(seed + 100);
    int n = 23;
    int length = 4;
    int dims = 2;
    double[] y = new double[n * length * dims];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextDouble(-2, 2);
    }
    double[] mask = new double[n * length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = r.nextInt(3) * 0.5; // 0, 0.5 or 1
    }
    mask[0] = 1;
    SequenceDataset data = SequenceDataset.regression(inputs(r, n, length), n, length, 2, y, true,
        dims).withMask(mask);
    SequenceModel model = model(dims, true, seed);
    Evaluation ev = Evaluator.create().withThreads(2).withChunkSize(4).evaluate(model, data);

    double[] out = forward(model, data);
    double se = 0;
    double ae = 0;
    double w = 0;
    for (int i = 0; i < n * length; i++) {
      for (int d = 0; d < dims; d++) {
        double e = out[i * dims + d] - y[i * dims + d];
        se += mask[i] * e * e;
        ae += mask[i] * Math.abs(e);
        w += mask[i];
      }
    }
    assertEquals(se / w, ev.mse(), TOL);
    assertEquals(ae / w, ev.mae(), TOL);
    assertEquals(ev.mse(), ev.loss(), TOL); // the default regression loss is the MSE
    assertNull(ev.confusion());
    assertEquals(List.of(), ev.classNames());
    assertTrue(Double.isNaN(ev.accuracy()) && Double.isNaN(ev.f1()));
    Map<String, Object> m = ev.toMap();
    assertEquals(List.of("task", "per_step", "sequences", "loss", "mse", "mae"),
        List.copyOf(m.keySet()));
    assertEquals("regression", m.get("task"));
  }

  /** Last-step targets: the model's only output is scored, and the step mask plays no part. */
  @Test
  void lastStepModelScoresLastStepTargetsAndIgnoresTheStepMask() {
    SplittableRandom r = new SplittableRandom(9);
    int n = 17;
    int length = 6;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextDouble(-1, 1);
    }
    SequenceDataset data = SequenceDataset.regression(inputs(r, n, length), n, length, 2, y,
        false, 1);
    SequenceModel model = model(1, false, 3);
    Evaluation ev = Evaluator.create().evaluate(model, data);
    double[] out = forward(model, data);
    assertEquals(n, out.length); // one output per sequence
    double se = 0;
    for (int i = 0; i < n; i++) {
      se += (out[i] - y[i]) * (out[i] - y[i]);
    }
    assertEquals(se / n, ev.mse(), TOL);
    assertFalse(ev.perStep());
    double[] mask = new double[n * length];
    java.util.Arrays.fill(mask, 1);
    for (int i = 0; i < n; i++) {
      mask[i * length + r.nextInt(length)] = 0;
    }
    assertEquals(ev, Evaluator.create().evaluate(model, data.withMask(mask)));

    // The same network returning every step scores per-step targets: its last step is the
    // last-step model's output.
    SequenceModel perStep = SequenceModel.withParameters(
        model.config().toBuilder().returnSequences(true).build(), model.parameters());
    double[] all = forward(perStep, data);
    for (int i = 0; i < n; i++) {
      assertEquals(out[i], all[i * length + length - 1], 1e-12);
    }
  }

  @Test
  void theModelMustReturnWhatTheTargetsNeed() {
    SequenceDataset perStep = SequenceDataset.classification(new double[2 * 3 * 2], 2, 3, 2,
        new double[6], true, 2);
    SequenceDataset lastStep = SequenceDataset.classification(new double[2 * 3 * 2], 2, 3, 2,
        new double[2], false, 2);
    assertMessage(() -> Evaluator.create().evaluate(model(2, false, 1), perStep),
        "target per step", "must return sequences");
    assertMessage(() -> Evaluator.create().evaluate(model(2, true, 1), lastStep),
        "one target per sequence", "only the last step");
    assertMessage(() -> Evaluator.create().evaluate(model(3, true, 1), perStep),
        "emits 3", "needs 2");
    assertMessage(() -> Evaluator.create().score(new double[4], perStep),
        "outputs has 4 values", "(2, 3, 2)", "12");
    assertMessage(() -> Evaluator.create().score(new double[0], perStep.subset(new int[0])),
        "no sequences");
    assertMessage(() -> Evaluator.create().score(new double[12],
        perStep.withMask(new double[6])), "all steps are masked out");
    assertMessage(() -> Evaluator.create().withThreads(0), "threads", "0");
    assertMessage(() -> Evaluator.create().withChunkSize(0), "chunk size", "0");
  }

  /** Any number of threads and the same chunks give the same evaluation, bit for bit. */
  @ParameterizedTest
  @MethodSource("seeds")
  void theThreadCountDoesNotChangeTheResult(long seed) {
    SplittableRandom r = new SplittableRandom(seed + 7);
    int n = 41;
    int length = 4;
    double[] y = new double[n * length];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextInt(2);
    }
    SequenceDataset data = SequenceDataset.classification(inputs(r, n, length), n, length, 2, y,
        true, 2);
    SequenceModel model = model(2, true, seed);
    Evaluator base = Evaluator.create().withChunkSize(3).withLoss(new CrossEntropy(
        new double[] {1, 2}));
    Evaluation one = base.withThreads(1).evaluate(model, data);
    for (int threads : new int[] {2, 5, 16}) {
      assertEquals(one, base.withThreads(threads).evaluate(model, data), threads + " threads");
    }
    // A chunk of the whole data is one forward pass over all sequences: the same outputs.
    assertEquals(one, base.withChunkSize(n).evaluate(model, data));
    // Outputs computed elsewhere score the same as the evaluator's own run.
    assertEquals(one, base.score(forward(model, data), data));
  }

  @Test
  void anEvaluationKeepsItsOwnConfusionMatrix() {
    SequenceDataset data = SequenceDataset.classification(new double[2], 2, 1, 1,
        new double[] {0, 1}, false, 2);
    Evaluation ev = Evaluator.create().score(new double[] {1, 0, 0, 1}, data);
    ev.confusion().add(0, 1, 5);
    assertEquals(0, ev.confusion().count(0, 1));
    assertEquals(1.0, ev.accuracy());
  }
}
