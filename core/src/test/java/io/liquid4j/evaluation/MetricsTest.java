package io.liquid4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Metrics on hand-counted confusion matrices, masks, and agreement with the losses. */
class MetricsTest {
  static final double TOL = 1e-15;

  static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention " + part);
    }
  }

  /** Six steps of a binary problem, one per row: logits (2 each) and the class. */
  static final double[] BINARY_LOGITS = {
    0, 1, // predicts 1, actual 1: TP
    0, 2, // predicts 1, actual 1: TP
    1, 0, // predicts 0, actual 1: FN
    0, 3, // predicts 1, actual 0: FP
    2, 0, // predicts 0, actual 0: TN
    5, 5 //  tie: predicts 0 (first), actual 1: FN
  };

  static final double[] BINARY_TARGETS = {1, 1, 1, 0, 0, 1};

  @Test
  void binaryScoresByHand() {
    // TP 2, FP 1, FN 2, TN 1.
    assertEquals(3.0 / 6, Metrics.accuracy(BINARY_LOGITS, 2, 3, 2, BINARY_TARGETS, null), TOL);
    assertEquals(2.0 * 2 / (2 * 2 + 1 + 2), Metrics.f1(BINARY_LOGITS, 6, 1, 2, BINARY_TARGETS,
        null), TOL);
    ConfusionMatrix cm = ConfusionMatrix.of(BINARY_LOGITS, 6, 1, 2, BINARY_TARGETS, null);
    assertEquals(2, cm.count(1, 1));
    assertEquals(1, cm.count(0, 1));
    assertEquals(2, cm.count(1, 0));
    assertEquals(1, cm.count(0, 0));
    assertEquals(2.0 / 3, cm.precision(1), TOL);
    assertEquals(2.0 / 4, cm.recall(1), TOL);
    // Class 0: TP 1, FP 2, FN 1 → F1 = 2/5; class 1: 4/7; macro = (2/5 + 4/7) / 2.
    assertEquals((2.0 / 5 + 4.0 / 7) / 2, Metrics.macroF1(BINARY_LOGITS, 6, 1, 2, BINARY_TARGETS,
        null), TOL);
    assertTrue(cm.toString().contains("actual\\predicted"));
  }

  @Test
  void maskedStepsAreExcludedAndWeightsCount() {
    // Mask out the FP and the tie: TP 2, FN 1, TN 1 → accuracy 3/4, F1 = 4/5.
    double[] mask = {1, 1, 1, 0, 1, 0};
    assertEquals(0.75, Metrics.accuracy(BINARY_LOGITS, 6, 1, 2, BINARY_TARGETS, mask), TOL);
    assertEquals(0.8, Metrics.f1(BINARY_LOGITS, 6, 1, 2, BINARY_TARGETS, mask), TOL);
    // A padded step's target is never read.
    double[] padded = BINARY_TARGETS.clone();
    padded[3] = -1;
    padded[5] = Double.NaN;
    assertEquals(0.75, Metrics.accuracy(BINARY_LOGITS, 6, 1, 2, padded, mask), TOL);
    // Weight 3 on the FN step: correct weight 1 + 1 + 1 (TP, TP, TN) of 1 + 1 + 3 + 1.
    double[] weights = {1, 1, 3, 0, 1, 0};
    assertEquals(3.0 / 6, Metrics.accuracy(BINARY_LOGITS, 6, 1, 2, BINARY_TARGETS, weights), TOL);
  }

  @Test
  void singleLogitIsABinaryClassifier() {
    double[] logits = {2.5, -1, 0, 0.1}; // predicts 1, 0, 0 (not > 0), 1
    double[] targets = {1, 0, 1, 0};
    assertEquals(0.5, Metrics.accuracy(logits, 4, 1, 1, targets, null), TOL);
    assertEquals(0.5, Metrics.f1(logits, 4, 1, 1, targets, null), TOL); // TP 1, FP 1, FN 1
  }

  @Test
  void macroF1AveragesOverClassesSeen() {
    // Three classes out of four appear (class 3 never): per-class F1 1, 2/3, 0.
    double[] logits = {
      9, 0, 0, 0, // → 0, actual 0
      0, 9, 0, 0, // → 1, actual 1
      0, 9, 0, 0, // → 1, actual 2
    };
    double[] targets = {0, 1, 2};
    assertEquals((1 + 2.0 / 3 + 0) / 3, Metrics.macroF1(logits, 1, 3, 4, targets, null), TOL);
    assertEquals(2.0 / 3, Metrics.accuracy(logits, 1, 3, 4, targets, null), TOL);
  }

  @Test
  void zeroDivisionGivesZero() {
    double[] logits = {1, 0, 1, 0}; // always predicts 0
    double[] targets = {0, 0};
    assertEquals(0.0, Metrics.f1(logits, 2, 1, 2, targets, null));
    ConfusionMatrix cm = ConfusionMatrix.of(logits, 2, 1, 2, targets, null);
    assertEquals(0.0, cm.precision(1));
    assertEquals(0.0, cm.recall(1));
    assertEquals(1.0, cm.macroF1()); // only class 0 is seen
  }

  @Test
  void badArgumentsAreNamed() {
    assertMessage(() -> Metrics.f1(new double[3], 1, 1, 3, new double[] {0}, null),
        "f1", "width 3", "macroF1");
    assertMessage(() -> Metrics.accuracy(new double[4], 2, 1, 2, new double[] {0, 2}, null),
        "targets[1, 0]", "[0, 2)");
    assertMessage(() -> Metrics.accuracy(new double[4], 2, 1, 2, new double[] {0, 1},
        new double[] {0, 0}), "all steps are masked out");
    assertMessage(() -> Metrics.meanSquaredError(new double[4], 2, 1, 2, new double[3], null),
        "targets", "3");
    assertMessage(() -> new ConfusionMatrix(1), "classes", "1");
    assertMessage(() -> new ConfusionMatrix(2).add(2, 0, 1), "actual class 2");
    assertMessage(() -> new ConfusionMatrix(2).add(0, 0, -1), "weight", "-1.0");
  }
}
