package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Valid steps of a dataset: set by mask or lengths, checked, and carried by every operation. */
class ValidStepsDatasetTest {
  private static SequenceDataset three() {
    return SequenceDataset.classification(new double[9], 3, 3, 1, new double[9], true, 2);
  }

  @Test
  void lengthsBecomeARightPaddedMaskAndBack() {
    SequenceDataset d = three().withLengths(new int[] {1, 3, 2});
    assertArrayEquals(new double[] {1, 0, 0, 1, 1, 1, 1, 1, 0}, d.validSteps(), 0.0);
    assertArrayEquals(new int[] {1, 3, 2}, d.lengths());
    assertArrayEquals(new int[] {3, 3, 3}, three().lengths());
    assertNull(three().validSteps());
  }

  @Test
  void stepWeightsAreTheMaskTimesTheValidSteps() {
    SequenceDataset d = three().withMask(new double[] {2, 2, 2, 0.5, 0.5, 0.5, 1, 1, 1})
        .withLengths(new int[] {2, 1, 3});
    assertArrayEquals(new double[] {2, 2, 0, 0.5, 0, 0, 1, 1, 1}, d.stepWeights(), 0.0);
    assertArrayEquals(new double[] {2, 2, 2, 0.5, 0.5, 0.5, 1, 1, 1}, d.mask(), 0.0,
        "the loss weights keep their meaning");
    SequenceDataset.Batch b = d.batch(new int[] {1, 1});
    assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, b.validSteps(), 0.0);
    assertArrayEquals(new double[] {0.5, 0, 0, 0.5, 0, 0}, b.stepWeights(), 0.0);
    assertNull(three().batch(new int[] {0}).stepWeights());
  }

  @Test
  void subsetAndConcatCarryTheValidSteps() {
    SequenceDataset d = three().withLengths(new int[] {1, 3, 2});
    assertArrayEquals(new double[] {1, 1, 0, 1, 0, 0}, d.subset(new int[] {2, 0}).validSteps(),
        0.0);
    SequenceDataset joined = d.subset(new int[] {0}).concat(three().subset(new int[] {0}));
    assertArrayEquals(new double[] {1, 0, 0, 1, 1, 1}, joined.validSteps(), 0.0,
        "a side without valid steps counts every step");
    assertTrue(d.toString().contains("valid steps"), d.toString());
  }

  @Test
  void badValidStepsAndLengthsAreRejectedNamingThePosition() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> three().withValidSteps(new double[] {1, 0, 0, 1, 0.5, 1, 1, 1, 1}));
    assertTrue(e.getMessage().startsWith("validSteps[4] = 0.5 (sequence 1, step 1)"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> three().withValidSteps(new double[] {1, 0, 0, 0, 0, 0, 1, 1, 1}));
    assertEquals("validSteps: sequence 1 has no valid step", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> three().withValidSteps(new double[] {1, 1}));
    assertTrue(e.getMessage().startsWith("validSteps has 2 values"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> three().withLengths(new int[] {1, 4, 2}));
    assertEquals("lengths[1] = 4: expected a length in 1..3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> three().withLengths(new int[] {1, 2}));
    assertEquals("lengths has 2 values but there are 3 sequences", e.getMessage());
  }
}
