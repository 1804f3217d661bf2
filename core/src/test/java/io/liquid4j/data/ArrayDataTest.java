package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.DType;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArrayDataTest {
  @TempDir Path dir;

  private Path write(String name, DType dtype, double[] data, int... shape) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, Npy.toBytes(shape, data, dtype));
    return p;
  }

  private Path f8(String name, double[] data, int... shape) throws IOException {
    return write(name, DType.F64, data, shape);
  }

  /** Values 0, 0.5, 1, ... : distinct, so a misplaced element shows. */
  private static double[] ramp(int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = 0.5 * i;
    }
    return a;
  }

  private static void assertSameData(SequenceDataset expected, SequenceDataset actual) {
    assertEquals(expected.toString(), actual.toString());
    assertArrayEquals(expected.inputs(), actual.inputs());
    assertArrayEquals(expected.targets(), actual.targets());
    assertArrayEquals(expected.timespans(), actual.timespans());
    assertArrayEquals(expected.mask(), actual.mask());
    assertEquals(expected.featureNames(), actual.featureNames());
    assertEquals(expected.targetNames(), actual.targetNames());
  }

  private static FileFormatException fileError(Path file, Executable call, String detail) {
    FileFormatException e = assertThrows(FileFormatException.class, call);
    assertEquals(file + ": " + detail, e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    return e;
  }

  private static void fileErrorContains(Path file, Executable call, String... fragments) {
    FileFormatException e = assertThrows(FileFormatException.class, call);
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------- good inputs

  @Test
  void perStepRegressionWithIrregularTimespansFromFiles() throws Exception {
    double[] x = ramp(3 * 4 * 2);
    double[] y = ramp(3 * 4 * 2);
    double[] t = {0.5, 1, 2, 0.25, 1, 1, 1, 3, 0.1, 0.2, 0.3, 0.4};
    Path xf = write("X.npy", DType.F32, x, 3, 4, 2);
    Path yf = f8("Y.npy", y, 3, 4, 2);
    Path tf = f8("T.npy", t, 3, 4);
    SequenceDataset d = ArrayData.fromNpy(xf, yf).withTimespans(tf).read();
    SequenceDataset expected =
        SequenceDataset.regression(x, 3, 4, 2, y, true, 2).withTimespans(t);
    assertSameData(expected, d);
    assertEquals(TaskKind.REGRESSION, d.task());
  }

  @Test
  void integerLabelsPerSequenceAreClassesUpToTheLargest() throws Exception {
    double[] x = ramp(4 * 2 * 1);
    Path xf = f8("X.npy", x, 4, 2, 1);
    Path yf = write("Y.npy", DType.I64, new double[] {0, 3, 1, 3}, 4);
    SequenceDataset d = ArrayData.fromNpy(xf, yf).read();
    assertSameData(
        SequenceDataset.classification(x, 4, 2, 1, new double[] {0, 3, 1, 3}, false, 4), d);
    assertEquals(List.of("0", "1", "2", "3"), d.targetNames());
  }

  @Test
  void perStepLabelsInEveryAcceptedShapeAndDtype() throws Exception {
    double[] x = ramp(2 * 3 * 2);
    double[] labels = {0, 1, 1, 2, 0, 1};
    SequenceDataset expected = SequenceDataset.classification(x, 2, 3, 2, labels, true, 3);
    Path xf = f8("X.npy", x, 2, 3, 2);
    assertSameData(expected,
        ArrayData.fromNpy(xf, write("a.npy", DType.U8, labels, 2, 3)).read());
    assertSameData(expected,
        ArrayData.fromNpy(xf, write("b.npy", DType.I32, labels, 2, 3, 1)).read());
    // float labels: regression unless the task or the classes are given
    Path floats = f8("c.npy", labels, 2, 3);
    assertEquals(TaskKind.REGRESSION, ArrayData.fromNpy(xf, floats).read().task());
    assertSameData(expected,
        ArrayData.fromNpy(xf, floats).withTask(TaskKind.CLASSIFICATION).read());
    assertSameData(expected, ArrayData.fromNpy(xf, floats).withClasses(3).read());
  }

  @Test
  void givenClassesAndNamesOverrideTheLargestLabel() throws Exception {
    double[] x = ramp(2 * 2 * 1);
    Path xf = f8("X.npy", x, 2, 2, 1);
    Path yf = write("Y.npy", DType.I64, new double[] {0, 1}, 2, 1);
    SequenceDataset five = ArrayData.fromNpy(xf, yf).withClasses(5).read();
    assertEquals(5, five.targetWidth());
    assertFalse(five.perStep());
    SequenceDataset named =
        ArrayData.fromNpy(xf, yf).withClassNames(List.of("low", "mid", "high")).read();
    assertEquals(List.of("low", "mid", "high"), named.targetNames());
    assertEquals(3, named.targetWidth());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArrayData.fromNpy(xf, yf).withClasses(2)
            .withClassNames(List.of("a", "b", "c")).read());
    assertEquals("classes is 2 but classNames has 3 entries", e.getMessage());
  }

  @Test
  void sequenceRegressionAndTheSquareCaseOverride() throws Exception {
    double[] x = ramp(2 * 3 * 1);
    Path xf = f8("X.npy", x, 2, 3, 1);
    double[] y = {1, 2, 3, 4, 5, 6};
    Path yf = f8("Y.npy", y, 2, 3);
    // (B, L) is one target per step by default ...
    assertSameData(SequenceDataset.regression(x, 2, 3, 1, y, true, 1),
        ArrayData.fromNpy(xf, yf).read());
    // ... and three targets per sequence when told
    assertSameData(SequenceDataset.regression(x, 2, 3, 1, y, false, 3),
        ArrayData.fromNpy(xf, yf).withPerStep(false).read());
    Path y1 = f8("y1.npy", new double[] {7, 8}, 2);
    assertSameData(SequenceDataset.regression(x, 2, 3, 1, new double[] {7, 8}, false, 1),
        ArrayData.fromNpy(xf, y1).read());
    Path y4 = f8("y4.npy", ramp(8), 2, 4);
    SequenceDataset four = ArrayData.fromNpy(xf, y4)
        .withTargetNames(List.of("a", "b", "c", "d")).read();
    assertEquals(4, four.targetWidth());
    assertFalse(four.perStep());
    assertEquals(List.of("a", "b", "c", "d"), four.targetNames());
  }

  @Test
  void timespansAndMaskWithATrailingUnitAxis() throws Exception {
    double[] x = ramp(2 * 2 * 1);
    Path xf = f8("X.npy", x, 2, 2, 1);
    Path yf = f8("Y.npy", new double[] {1, 2, 3, 4}, 2, 2, 1);
    double[] t = {1, 2, 3, 4};
    double[] m = {1, 0, 1, 1.5};
    SequenceDataset d = ArrayData.fromNpy(xf, yf)
        .withTimespans(f8("T.npy", t, 2, 2, 1))
        .withMask(write("M.npy", DType.F32, m, 2, 2))
        .withFeatureNames(List.of("pressure"))
        .read();
    assertArrayEquals(t, d.timespans());
    assertArrayEquals(m, d.mask());
    assertEquals(List.of("pressure"), d.featureNames());
  }

  @Test
  void inMemoryArraysGiveTheSameDatasetAsFiles() throws Exception {
    double[] x = ramp(3 * 2 * 2);
    double[] y = {0, 1, 0, 1, 1, 1};
    double[] t = {1, 2, 1, 2, 1, 2};
    SequenceDataset fromFiles = ArrayData.fromNpy(f8("X.npy", x, 3, 2, 2),
            write("Y.npy", DType.I64, y, 3, 2))
        .withTimespans(f8("T.npy", t, 3, 2)).read();
    SequenceDataset fromArrays = ArrayData.of(x, new int[] {3, 2, 2}, y, new int[] {3, 2})
        .withTask(TaskKind.CLASSIFICATION).withTimespans(t, 3, 2).read();
    SequenceDataset fromNpyArrays = ArrayData.of(new NpyArray(new int[] {3, 2, 2}, x, "<f4"),
            new NpyArray(new int[] {3, 2}, y, "<i8"))
        .withTimespans(new NpyArray(new int[] {3, 2}, t, "<f8")).read();
    assertSameData(fromFiles, fromArrays);
    assertSameData(fromFiles, fromNpyArrays);
  }

  @Test
  void inputsAloneForPrediction() throws Exception {
    double[] x = ramp(2 * 3 * 2);
    double[] t = {1, 2, 3, 1, 2, 3};
    Path xf = write("X.npy", DType.F32, x, 2, 3, 2);
    SequenceInputs in = ArrayData.fromNpy(xf).withTimespans(f8("T.npy", t, 2, 3, 1))
        .withFeatureNames(List.of("a", "b")).readInputs();
    assertArrayEquals(x, in.inputs());
    assertArrayEquals(t, in.timespans());
    assertEquals(List.of("a", "b"), in.featureNames());
    assertEquals(3, in.length());
    assertNull(ArrayData.fromNpy(xf).readInputs().timespans());
    assertThrows(IllegalStateException.class, () -> ArrayData.fromNpy(xf).read());
    Path bad = f8("B.npy", new double[] {1, 2, 3, 1, Double.POSITIVE_INFINITY, 3}, 2, 3);
    fileError(bad, () -> ArrayData.fromNpy(xf).withTimespans(bad).readInputs(),
        "value at [1, 1] is inf; elapsed times must be finite and > 0");
  }

  @Test
  void withersLeaveTheOriginalUnchanged() throws Exception {
    double[] x = ramp(2 * 2 * 1);
    ArrayData base = ArrayData.of(x, new int[] {2, 2, 1}, new double[] {0, 1}, new int[] {2});
    ArrayData classified = base.withTask(TaskKind.CLASSIFICATION);
    assertEquals(TaskKind.REGRESSION, base.read().task());
    assertEquals(TaskKind.CLASSIFICATION, classified.read().task());
    x[0] = 99; // the caller's array is copied
    assertEquals(0.0, base.read().inputs()[0]);
    assertNull(base.read().timespans());
  }

  /** Random shapes and layouts, written as files of random dtypes, read back exactly. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomArraysRoundTripThroughFiles(long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    int b = 1 + r.nextInt(5);
    int l = 2 + r.nextInt(6);
    int s = 1 + r.nextInt(4);
    boolean classification = r.nextBoolean();
    boolean perStep = r.nextBoolean();
    double[] x = new double[b * l * s];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextInt(2000) / 8.0 - 100; // exact in float32
    }
    double[] t = new double[b * l];
    for (int i = 0; i < t.length; i++) {
      t[i] = 1 + r.nextInt(16) / 4.0;
    }
    int width = classification ? 1 + r.nextInt(4) : 1 + r.nextInt(3);
    int per = perStep ? l : 1;
    double[] y = new double[b * per * (classification ? 1 : width)];
    int largest = 0;
    for (int i = 0; i < y.length; i++) {
      if (classification) {
        y[i] = r.nextInt(width);
        largest = Math.max(largest, (int) y[i]);
      } else {
        y[i] = r.nextInt(400) / 4.0 - 50;
      }
    }
    int[] yShape = perStep ? new int[] {b, l, classification ? 1 : width}
        : classification ? new int[] {b} : new int[] {b, width};
    if (!perStep && !classification && width == l) {
      yShape = new int[] {b, width};
    }
    DType yType = classification ? List.of(DType.I64, DType.I32, DType.U8).get(r.nextInt(3))
        : DType.F32;
    ArrayData a = ArrayData.fromNpy(write("X.npy", DType.F32, x, b, l, s),
            write("Y.npy", yType, y, yShape))
        .withTimespans(f8("T.npy", t, b, l));
    if (!perStep) {
      a = a.withPerStep(false);
    }
    SequenceDataset expected = classification
        ? SequenceDataset.classification(x, b, l, s, y, perStep, largest + 1)
        : SequenceDataset.regression(x, b, l, s, y, perStep, width);
    assertSameData(expected.withTimespans(t), a.read());
  }

  // ------------------------------------------------------------------------------------ errors

  @Test
  void mismatchedSequenceCountsNameBothFiles() throws Exception {
    Path xf = f8("X.npy", ramp(8 * 16 * 3), 8, 16, 3);
    Path yf = f8("Y.npy", ramp(7), 7);
    fileError(yf, () -> ArrayData.fromNpy(xf, yf).read(),
        "expected 8 sequences to match " + xf + " (8, 16, 3), found shape (7,)");
  }

  @Test
  void badShapesAreNamed() throws Exception {
    Path x2 = f8("X2.npy", ramp(8), 4, 2);
    Path y = f8("Y.npy", ramp(4), 4);
    fileError(x2, () -> ArrayData.fromNpy(x2, y).read(),
        "expected a 3-D array (sequences, steps, features), found shape (4, 2)"
            + " (one feature per step? add an axis: X[..., None])");
    Path x = f8("X.npy", ramp(4 * 3 * 2), 4, 3, 2);
    Path empty = f8("E.npy", new double[0], 0, 3, 2);
    fileError(empty, () -> ArrayData.fromNpy(empty, y).read(),
        "expected at least one sequence of one step with one feature, found shape (0, 3, 2)");
    Path steps = f8("S.npy", ramp(4 * 5 * 1), 4, 5, 1);
    fileError(steps, () -> ArrayData.fromNpy(x, steps).read(),
        "expected 3 steps to match " + x + " (4, 3, 2), found shape (4, 5, 1)");
    Path oneHot = write("H.npy", DType.I64, new double[4 * 3 * 3], 4, 3, 3);
    fileErrorContains(oneHot, () -> ArrayData.fromNpy(x, oneHot).read(),
        "class labels are one integer per step, found shape (4, 3, 3)", "argmax");
    Path wide = write("W.npy", DType.I64, new double[4 * 2], 4, 2);
    fileErrorContains(wide, () -> ArrayData.fromNpy(x, wide).read(),
        "found shape (4, 2)", "(4,) or (4, 1) for a label per sequence");
    Path t = f8("T.npy", ramp(4 * 2), 4, 2);
    fileError(t, () -> ArrayData.fromNpy(x, y).withTimespans(t).read(),
        "expected shape (4, 3) or (4, 3, 1) to match " + x + " (4, 3, 2), found (4, 2)");
    Path perStep = f8("P.npy", ramp(4 * 3), 4, 3, 1);
    fileError(perStep, () -> ArrayData.fromNpy(x, perStep).withPerStep(false).read(),
        "targets per sequence need shape (4,) or (4, O), found (4, 3, 1)");
  }

  @Test
  void maskNeedsPerStepTargets() throws Exception {
    Path x = f8("X.npy", ramp(2 * 3 * 1), 2, 3, 1);
    Path y = f8("Y.npy", ramp(2), 2);
    Path m = f8("M.npy", new double[] {1, 1, 1, 1, 1, 0}, 2, 3);
    fileError(m, () -> ArrayData.fromNpy(x, y).withMask(m).read(),
        "a step mask needs one target per step, but " + y + " (2,) holds one per sequence");
  }

  @Test
  void badValuesAreNamedByIndex() throws Exception {
    double[] xs = ramp(2 * 3 * 2);
    xs[2 * 3 + 2 * 2 + 1] = Double.NaN; // [1, 2, 1]
    Path nanX = f8("X.npy", xs, 2, 3, 2);
    Path good = f8("G.npy", ramp(2 * 3 * 2), 2, 3, 2);
    Path y = f8("Y.npy", ramp(2), 2);
    fileError(nanX, () -> ArrayData.fromNpy(nanX, y).read(),
        "value at [1, 2, 1] is NaN; inputs must be finite");
    Path infY = f8("I.npy", new double[] {1, Double.NEGATIVE_INFINITY}, 2, 1);
    fileError(infY, () -> ArrayData.fromNpy(good, infY).read(),
        "value at [1, 0] is -inf; regression targets must be finite");
    Path halves = f8("H.npy", new double[] {0, 2.5}, 2);
    fileError(halves, () -> ArrayData.fromNpy(good, halves).withClasses(3).read(),
        "value at [1] is 2.5, not a class label (expected an integer in 0..2)");
    Path negative = write("N.npy", DType.I64, new double[] {0, -1}, 2);
    fileError(negative, () -> ArrayData.fromNpy(good, negative).read(),
        "value at [1] is -1, not a class label (expected an integer >= 0)");
    Path three = write("C.npy", DType.I64, new double[] {3, 0}, 2);
    fileError(three, () -> ArrayData.fromNpy(good, three).withClasses(3).read(),
        "value at [0] is 3, but there are 3 classes (labels 0..2)");
    Path huge = write("U.npy", DType.I64, new double[] {70_000, 0}, 2);
    fileError(huge, () -> ArrayData.fromNpy(good, huge).read(),
        "value at [0] is 70000, more than the 65536 classes supported");
    Path zeroT = f8("T.npy", new double[] {1, 1, 1, 1, 0, 1}, 2, 3);
    fileError(zeroT, () -> ArrayData.fromNpy(good, y).withTimespans(zeroT).read(),
        "value at [1, 1] is 0; elapsed times must be finite and > 0");
    Path perStepY = f8("P.npy", ramp(6), 2, 3);
    Path badMask = f8("M.npy", new double[] {1, 1, -1, 1, 1, 1}, 2, 3, 1);
    fileError(badMask, () -> ArrayData.fromNpy(good, perStepY).withMask(badMask).read(),
        "value at [0, 2, 0] is -1; mask values must be finite and >= 0");
  }

  @Test
  void inMemoryProblemsNameTheArgument() {
    double[] x = ramp(2 * 3 * 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArrayData.of(x, new int[] {2, 3, 1}, new double[] {1, 2, 3}, new int[] {3}).read());
    assertEquals("targets: expected 2 sequences to match inputs (2, 3, 1), found shape (3,)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ArrayData.of(x, new int[] {2, 2, 1}, new double[] {1, 2}, new int[] {2}));
    assertEquals("inputs: shape (2, 2, 1) holds 4 values, but 6 were given", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ArrayData.of(x, new int[] {2, 3, 1}, new double[] {1, 2}, new int[] {2})
            .withTimespans(new double[] {1, 1, 1, 1, 1, Double.NaN}, 2, 3).read());
    assertEquals("timespans: value at [1, 2] is NaN; elapsed times must be finite and > 0",
        e.getMessage());
  }

  @Test
  void contradictoryOptionsAreRefused() throws Exception {
    Path x = f8("X.npy", ramp(2 * 3 * 2), 2, 3, 2);
    Path y = f8("Y.npy", ramp(2), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArrayData.fromNpy(x, y).withFeatureNames(List.of("a")).read());
    assertEquals("featureNames has 1 entries, but " + x + " (2, 3, 2) has 2 features",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ArrayData.fromNpy(x, y).withClassNames(List.of("a", "b"))
            .withTask(TaskKind.REGRESSION).read());
    assertTrue(e.getMessage().contains("the task is regression"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ArrayData.fromNpy(x, y).withClasses(0));
  }

  @Test
  void headersAreCheckedBeforeAnyDataIsRead() throws Exception {
    // X's values are bad and Y's shape is wrong: the shape is reported, since shapes are checked
    // from the headers first.
    Path x = f8("X.npy", new double[] {Double.NaN, 1, 2, 3}, 2, 2, 1);
    Path y = f8("Y.npy", ramp(3), 3);
    fileErrorContains(y, () -> ArrayData.fromNpy(x, y).read(), "expected 2 sequences");
    Npy.Header h = Npy.readHeader(x);
    assertArrayEquals(new int[] {2, 2, 1}, h.shape());
    assertEquals("<f8", h.dtype());
    assertTrue(h.isFloatingPoint());
    assertEquals(4, h.size());
    // the header reader checks the file's length as the full reader does
    byte[] bytes = Files.readAllBytes(x);
    Path truncated = dir.resolve("cut.npy");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 8));
    FileFormatException a = assertThrows(FileFormatException.class, () -> Npy.read(truncated));
    FileFormatException b = assertThrows(FileFormatException.class,
        () -> Npy.readHeader(truncated));
    assertEquals(a.getMessage(), b.getMessage());
  }
}
