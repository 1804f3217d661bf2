package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SequenceDatasetTest {

  /** 3 sequences × 2 steps × 2 features; input value = 100·sequence + 10·step + feature. */
  private static double[] inputs() {
    double[] x = new double[3 * 2 * 2];
    for (int n = 0; n < 3; n++) {
      for (int t = 0; t < 2; t++) {
        for (int s = 0; s < 2; s++) {
          x[(n * 2 + t) * 2 + s] = 100 * n + 10 * t + s;
        }
      }
    }
    return x;
  }

  private static SequenceDataset perStepClasses() {
    return SequenceDataset.classification(
        inputs(), 3, 2, 2, new double[] {0, 1, 2, 2, 1, 0}, true, 3);
  }

  private static void assertMessage(String fragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage().contains(fragment),
        "message '" + e.getMessage() + "' lacks '" + fragment + "'");
  }

  @Test
  void accessorsReportShapesAndDefaults() {
    SequenceDataset d = perStepClasses();
    assertEquals(3, d.size());
    assertEquals(2, d.length());
    assertEquals(2, d.features());
    assertEquals(TaskKind.CLASSIFICATION, d.task());
    assertTrue(d.perStep());
    assertEquals(3, d.targetWidth());
    assertEquals(2, d.targetsPerSequence());
    assertEquals(List.of("x0", "x1"), d.featureNames());
    assertEquals(List.of("0", "1", "2"), d.targetNames());
    assertNull(d.timespans());
    assertNull(d.mask());
    assertNull(d.sampleWeights());
    SequenceDataset r = SequenceDataset.regression(inputs(), 3, 2, 2, new double[3 * 4], false, 4);
    assertEquals(4, r.targetsPerSequence());
    assertEquals(List.of("y0", "y1", "y2", "y3"), r.targetNames());
  }

  @Test
  void copiesInBothDirections() {
    double[] x = inputs();
    SequenceDataset d =
        SequenceDataset.classification(x, 3, 2, 2, new double[] {0, 1, 2, 2, 1, 0}, true, 3);
    x[0] = 99; // caller's array changes after construction
    assertEquals(0.0, d.inputs()[0]);
    d.inputs()[0] = 77; // returned array changes
    assertEquals(0.0, d.inputs()[0]);
    double[] ts = {1, 1, 1, 1, 1, 1};
    SequenceDataset withTs = d.withTimespans(ts);
    ts[0] = 5;
    assertEquals(1.0, withTs.timespans()[0]);
  }

  @Test
  void batchGathersSequencesInIndexOrderWithRepeats() {
    SequenceDataset d =
        perStepClasses()
            .withTimespans(new double[] {1, 2, 3, 4, 5, 6})
            .withMask(new double[] {1, 1, 1, 0, 1, 1})
            .withSampleWeights(new double[] {0.5, 1, 2});
    SequenceDataset.Batch b = d.batch(new int[] {2, 0, 2});
    assertEquals(3, b.size());
    assertArrayEquals(
        new double[] {200, 201, 210, 211, 0, 1, 10, 11, 200, 201, 210, 211}, b.inputs());
    assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, b.timespans());
    assertArrayEquals(new double[] {1, 0, 0, 1, 1, 0}, b.targets());
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, b.mask());
    assertArrayEquals(new double[] {2, 0.5, 2}, b.sampleWeights());
    SequenceDataset sub = d.subset(new int[] {1});
    assertEquals(1, sub.size());
    assertArrayEquals(new double[] {3, 4}, sub.timespans());
    assertArrayEquals(new double[] {1, 0}, sub.mask());
    assertEquals(0, d.subset(new int[0]).size());
  }

  @Test
  void batchRejectsIndicesOutOfRange() {
    assertMessage("indices[1] = 3", () -> perStepClasses().batch(new int[] {0, 3}));
    assertMessage("expected 0..2", () -> perStepClasses().subset(new int[] {-1}));
  }

  @Test
  void concatAppendsAndFillsMissingOptionalArraysWithOnes() {
    SequenceDataset a = perStepClasses().withMask(new double[] {0, 1, 1, 1, 1, 1});
    SequenceDataset b = perStepClasses().subset(new int[] {0});
    SequenceDataset c = a.concat(b);
    assertEquals(4, c.size());
    assertArrayEquals(new double[] {0, 1, 1, 1, 1, 1, 1, 1}, c.mask());
    assertNull(c.timespans());
    assertArrayEquals(new double[] {0, 1, 2, 2, 1, 0, 0, 1}, c.targets());
  }

  @Test
  void concatRejectsIncompatibleDatasets() {
    SequenceDataset d = perStepClasses();
    SequenceDataset lastStep =
        SequenceDataset.classification(inputs(), 3, 2, 2, new double[] {0, 1, 2}, false, 3);
    assertMessage(
        "per-step classification dataset with a per-sequence classification",
        () -> d.concat(lastStep));
    assertMessage("feature names", () -> d.concat(d.withFeatureNames(List.of("a", "b"))));
    SequenceDataset oneFeature =
        SequenceDataset.classification(new double[6], 3, 2, 1, new double[6], true, 3);
    assertMessage("features 2 and 1", () -> d.concat(oneFeature));
  }

  @Test
  void constructorNamesTheArgumentThatIsWrong() {
    double[] y = {0, 1, 2, 2, 1, 0};
    assertMessage(
        "inputs has 11 values, expected n·L·S = 3·2·2 = 12",
        () -> SequenceDataset.classification(new double[11], 3, 2, 2, y, true, 3));
    assertMessage(
        "targets (per-step classification) has 3 values, expected n·L = 3·2 = 6",
        () -> SequenceDataset.classification(inputs(), 3, 2, 2, new double[3], true, 3));
    assertMessage(
        "targets (per-sequence regression) has 3 values, expected n·W = 3·2 = 6",
        () -> SequenceDataset.regression(inputs(), 3, 2, 2, new double[3], false, 2));
    double[] nan = inputs();
    nan[5] = Double.NaN;
    assertMessage(
        "inputs[5] = NaN is not finite",
        () -> SequenceDataset.classification(nan, 3, 2, 2, y, true, 3));
    assertMessage(
        "targets[2] = 3.0 is not a class index (expected an integer in 0..2)",
        () ->
            SequenceDataset.classification(
                inputs(), 3, 2, 2, new double[] {0, 1, 3, 0, 0, 0}, true, 3));
    assertMessage(
        "targets[0] = 0.5 is not a class index",
        () ->
            SequenceDataset.classification(
                inputs(), 3, 2, 2, new double[] {0.5, 1, 0, 0, 0, 0}, true, 3));
    assertMessage(
        "targets[1] = -1.0",
        () ->
            SequenceDataset.classification(
                inputs(), 3, 2, 2, new double[] {0, -1, 0, 0, 0, 0}, true, 3));
    assertMessage(
        "targets[4] = Infinity is not finite",
        () ->
            SequenceDataset.regression(
                inputs(),
                3,
                2,
                2,
                new double[] {0, 1, 0, 0, Double.POSITIVE_INFINITY, 0},
                true,
                1));
    assertMessage(
        "classes must be >= 1",
        () -> SequenceDataset.classification(inputs(), 3, 2, 2, y, true, 0));
    assertMessage(
        "length must be >= 1",
        () -> SequenceDataset.classification(new double[0], 3, 0, 2, new double[0], true, 3));
    SequenceDataset d = perStepClasses();
    assertMessage(
        "timespans[3] = 0.0 (sequence 1, step 1): elapsed times must be finite and > 0",
        () -> d.withTimespans(new double[] {1, 1, 1, 0, 1, 1}));
    assertMessage("timespans has 5 values", () -> d.withTimespans(new double[5]));
    assertMessage(
        "mask[2] = -1.0: weights must be finite and >= 0",
        () -> d.withMask(new double[] {1, 1, -1, 1, 1, 1}));
    assertMessage(
        "sampleWeights has 2 values but there are 3 sequences",
        () -> d.withSampleWeights(new double[] {1, 1}));
    assertMessage(
        "sampleWeights[1] = NaN", () -> d.withSampleWeights(new double[] {1, Double.NaN, 1}));
    assertMessage(
        "featureNames has 1 entries but there are 2 features",
        () -> d.withFeatureNames(List.of("a")));
    assertMessage(
        "targetNames has 2 entries but there are 3 classes",
        () -> d.withTargetNames(List.of("a", "b")));
  }

  @Test
  void maskMayHoldWeightsAboveOne() {
    SequenceDataset d = perStepClasses().withMask(new double[] {0.1, 1.6, 0.1, 0.1, 1.6, 0});
    assertEquals(1.6, d.mask()[1]);
    assertTrue(d.toString().contains("3 sequences × 2 steps × 2 features"), d.toString());
  }
}
