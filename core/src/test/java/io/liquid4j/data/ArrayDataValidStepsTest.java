package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.NpyArray;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Valid steps and lengths through {@link ArrayData}, with padded Δt of 0 allowed. */
class ArrayDataValidStepsTest {
  private static ArrayData arrays() {
    // 2 sequences of 3 steps, 1 feature, a label per sequence; Δt 0 on the padded steps.
    return ArrayData.of(new double[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3, 1},
            new double[] {0, 1}, new int[] {2})
        .withTask(TaskKind.CLASSIFICATION)
        .withTimespans(new double[] {0.5, 0.5, 0, 1, 0, 0}, 2, 3);
  }

  @Test
  void lengthsAndValidStepsGiveTheSameDataset() throws IOException {
    SequenceDataset byLengths = arrays()
        .withLengths(new NpyArray(new int[] {2}, new double[] {2, 1}, "<i8")).read();
    SequenceDataset byMask = arrays()
        .withValidSteps(new NpyArray(new int[] {2, 3}, new double[] {1, 1, 0, 1, 0, 0}, "|b1"))
        .read();
    assertArrayEquals(new double[] {1, 1, 0, 1, 0, 0}, byLengths.validSteps(), 0.0);
    assertArrayEquals(byLengths.validSteps(), byMask.validSteps(), 0.0);
    assertArrayEquals(new double[] {0.5, 0.5, 1, 1, 1, 1}, byLengths.timespans(), 0.0,
        "padded Δt read as 1");
  }

  @Test
  void readInputsCarriesTheValidStepsAsReadDoes() throws IOException {
    NpyArray lengths = new NpyArray(new int[] {2}, new double[] {2, 1}, "<i8");
    SequenceDataset labelled = arrays().withLengths(lengths).read();
    SequenceInputs inputs = arrays().withLengths(lengths).readInputs();
    assertArrayEquals(labelled.validSteps(), inputs.validSteps(), 0.0);
    assertArrayEquals(labelled.timespans(), inputs.timespans(), 0.0, "padded Δt read as 1");
    assertArrayEquals(SequenceInputs.of(labelled).validSteps(), inputs.validSteps(), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arrays()
        .withValidSteps(new NpyArray(new int[] {2, 3}, new double[] {1, 1, 0, 0, 0, 0}, "<f8"))
        .readInputs());
    assertEquals("validSteps: sequence 1 has no valid step", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> arrays()
        .withLengths(new NpyArray(new int[] {3}, new double[] {1, 1, 1}, "<i8")).readInputs());
    assertTrue(e.getMessage().startsWith("lengths: expected shape (2,) or (2, 1)"),
        e.getMessage());
  }

  @Test
  void sequenceInputsCheckTheirValidSteps() {
    SequenceInputs in = SequenceInputs.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3, 1);
    assertArrayEquals(new double[] {1, 1, 0, 1, 0, 0},
        in.withLengths(new int[] {2, 1}).validSteps(), 0.0);
    assertEquals(null, in.validSteps());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> in.withValidSteps(new double[] {1, 0.5, 0, 1, 0, 0}));
    assertTrue(e.getMessage().startsWith("validSteps[1] = 0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> in.withValidSteps(new double[] {1, 1, 1}));
    assertTrue(e.getMessage().startsWith("validSteps has 3 values, expected n·L = 2·3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> in.withLengths(new int[] {0, 1}));
    assertEquals("lengths[0] = 0: expected a length in 1..3", e.getMessage());
  }

  @Test
  void aZeroDeltaTAtAValidStepIsStillAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arrays()
        .withLengths(new NpyArray(new int[] {2}, new double[] {3, 1}, "<i8")).read());
    assertTrue(e.getMessage().startsWith("timespans: value at [0, 2] is 0"), e.getMessage());
  }

  @Test
  void badValidStepsAndLengthsNameTheArrayAndPosition() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arrays()
        .withLengths(new NpyArray(new int[] {2}, new double[] {2, 4}, "<i8")).read());
    assertEquals("lengths: value at [1] is 4; lengths are whole numbers in 1..3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> arrays()
        .withValidSteps(new NpyArray(new int[] {2, 3}, new double[] {1, 2, 0, 1, 0, 0}, "<f8"))
        .read());
    assertEquals("validSteps: value at [0, 1] is 2; valid steps are 1 (valid) or 0 (padded)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> arrays()
        .withValidSteps(new NpyArray(new int[] {2, 3}, new double[] {1, 1, 0, 0, 0, 0}, "<f8"))
        .read());
    assertEquals("validSteps: sequence 1 has no valid step", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> arrays()
        .withLengths(new NpyArray(new int[] {3}, new double[] {1, 1, 1}, "<i8")).read());
    assertTrue(e.getMessage().startsWith("lengths: expected shape (2,) or (2, 1)"),
        e.getMessage());
    assertThrows(IllegalStateException.class, () -> arrays()
        .withLengths(new NpyArray(new int[] {2}, new double[] {1, 1}, "<i8"))
        .withValidSteps(new NpyArray(new int[] {2, 3}, new double[6], "<f8")));
  }
}
