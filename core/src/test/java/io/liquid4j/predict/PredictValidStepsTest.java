package io.liquid4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.SequenceInputs;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.SequenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prediction of padded variable-length sequences ({@link Predictor#predict(double[], int, int,
 * double[], double[], io.liquid4j.model.ModelState)}, {@link Predictor#predict(SequenceDataset)},
 * {@link NpyPrediction} with valid steps or lengths) against the reference of each sequence run
 * alone on its valid steps only, without padding: every output at a valid step equals the
 * reference's, a padded step repeats the output before it, and a model that returns only the last
 * step gives the output at the last valid step. Sequences are computed row by row, so the
 * comparison is bit for bit.
 */
class PredictValidStepsTest {
  @TempDir Path dir;

  static final int N = 5;
  static final int L = 6;

  /** Padded at the end (lengths 6, 1, 4), with a gap, and padded first. */
  static final double[] VALID = {
    1, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0,
    1, 0, 1, 1, 0, 1,
    0, 0, 1, 1, 1, 0};

  /**
   * The reference output of sequence b at step t (null before its first valid step, where the
   * padded outputs are zeros): the sequence run alone on its valid steps up to t.
   */
  static double[][] reference(Predictor p, double[] raw, double[] dt, double[] valid, int b,
      boolean perStep) {
    int[] kept = IntStream.range(0, L).filter(t -> valid[b * L + t] == 1).toArray();
    int k = kept.length;
    double[] x = new double[k * 3];
    double[] ts = new double[k];
    for (int j = 0; j < k; j++) {
      System.arraycopy(raw, (b * L + kept[j]) * 3, x, j * 3, 3);
      ts[j] = dt[b * L + kept[j]];
    }
    double[][] out = new double[L][];
    if (!perStep) {
      out[L - 1] = p.predict(x, 1, k, ts, null).outputs();
      return out;
    }
    Prediction alone = p.predict(x, 1, k, ts, null);
    for (int t = 0, j = -1; t < L; t++) {
      if (j + 1 < k && kept[j + 1] == t) {
        j++;
      }
      out[t] = j < 0 ? null : alone.at(0, j);
    }
    return out;
  }

  static void assertMatchesReference(Predictor p, double[] raw, double[] dt, double[] valid,
      Prediction got, boolean perStep) {
    int o = p.model().outputSize();
    for (int b = 0; b < N; b++) {
      double[][] want = reference(p, raw, dt, valid, b, perStep);
      if (!perStep) {
        assertArrayEquals(want[L - 1], got.at(b, 0), 0.0, "sequence " + b + " at its last valid"
            + " step");
        continue;
      }
      for (int t = 0; t < L; t++) {
        // Before the first valid step the network's output is zeros: in the targets' units,
        // 0 · std + mean, the targets' means.
        double[] expected = want[t] != null ? want[t] : PredictorTest.Y_MEAN;
        assertEquals(o, expected.length);
        assertArrayEquals(expected, got.at(b, t), 0.0, "sequence " + b + ", step " + t);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void paddedSequencesPredictAsEachRunAloneOnItsValidSteps(boolean perStep) {
    Random r = new Random(perStep ? 1 : 2);
    double[] raw = PredictorTest.rawInputs(r, N, L);
    double[] dt = PredictorTest.timespans(r, N, L);
    Predictor p = Predictor.of(PredictorTest.cfc(perStep, 3), PredictorTest.regressor(perStep));
    double[] withZeros = dt.clone();
    withZeros[1 * L + 3] = 0.0; // a padded step's Δt is ignored, 0 included
    Prediction got = p.predict(raw, N, L, withZeros, VALID, null);
    assertMatchesReference(p, raw, dt, VALID, got, perStep);
    // Without valid steps the padded steps would change the outputs: the test can fail.
    Prediction unmasked = p.predict(raw, N, L, dt, null);
    assertFalse(Arrays.equals(unmasked.outputs(), got.outputs()));

    // The same through a labelled dataset with the valid steps.
    SequenceDataset data = SequenceDataset.regression(raw, N, L, 3, new double[N * (perStep ? L
        : 1) * 2], perStep, 2).withTimespans(dt).withValidSteps(VALID);
    assertArrayEquals(got.outputs(), p.predict(data).outputs(), 0.0);
    // And through inputs without targets, given directly or taken from the dataset.
    SequenceInputs inputs = SequenceInputs.of(raw, N, L, 3).withTimespans(dt)
        .withValidSteps(VALID);
    assertArrayEquals(got.outputs(), p.predict(inputs).outputs(), 0.0);
    assertArrayEquals(got.outputs(), p.predict(SequenceInputs.of(data)).outputs(), 0.0);
  }

  @Test
  void badValidStepsAreRefusedNamingTheArgument() {
    Predictor p = Predictor.of(PredictorTest.cfc(true, 3), PredictorTest.regressor(true));
    double[] raw = PredictorTest.rawInputs(new Random(4), 1, 2);
    double[] dt = {1, 1};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.predict(raw, 1, 2, dt, new double[] {1, 2}, null));
    assertTrue(e.getMessage().startsWith("validSteps"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> p.predict(raw, 1, 2, dt, new double[] {1}, null));
    assertTrue(e.getMessage().startsWith("validSteps"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void npyFilesWithLengthsOrValidStepsPredictBatchByBatchAsTheWholeArrays(boolean perStep)
      throws Exception {
    Random r = new Random(perStep ? 5 : 6);
    double[] raw = roundToFloat(PredictorTest.rawInputs(r, N, L));
    double[] dt = roundToFloat(PredictorTest.timespans(r, N, L));
    Predictor p = Predictor.of(PredictorTest.ltc(perStep, 7), PredictorTest.regressor(perStep));
    Path xf = write("x.npy", new int[] {N, L, 3}, raw);
    double[] dtWithZeros = dt.clone();
    dtWithZeros[1 * L + 2] = 0.0; // padded: ignored
    Path tf = write("t.npy", new int[] {N, L}, dtWithZeros);
    Path vf = write("v.npy", new int[] {N, L}, VALID);
    NpyPrediction.builder(p, xf, dir.resolve("y.npy")).timespans(tf).validSteps(vf)
        .batchSize(2).build().run();
    Prediction whole = p.predict(raw, N, L, dt, VALID, null);
    NpyArray y = Npy.read(dir.resolve("y.npy"));
    assertArrayEquals(whole.shape(), y.shape());
    assertArrayEquals(roundToFloat(whole.outputs()), y.data(), 0.0);
    assertMatchesReference(p, raw, dt, VALID, whole, perStep);

    // Lengths (B,) stand for valid steps padded at the end.
    int[] lengths = {6, 1, 4, 2, 3};
    double[] fromLengths = new double[N * L];
    for (int b = 0; b < N; b++) {
      Arrays.fill(fromLengths, b * L, b * L + lengths[b], 1.0);
    }
    Path nf = write("n.npy", new int[] {N},
        Arrays.stream(lengths).asDoubleStream().toArray());
    NpyPrediction.builder(p, xf, dir.resolve("y2.npy")).timespans(tf).lengths(nf)
        .batchSize(3).build().run();
    Prediction byLengths = p.predict(raw, N, L, dt, fromLengths, null);
    assertArrayEquals(roundToFloat(byLengths.outputs()), Npy.read(dir.resolve("y2.npy")).data(),
        0.0);
    assertMatchesReference(p, raw, dt, fromLengths, byLengths, perStep);
  }

  @Test
  void badValidStepOrLengthFilesAreRefusedNamingTheFileAndNothingIsWritten() throws Exception {
    Predictor p = Predictor.of(PredictorTest.ltc(true, 7));
    Path xf = write("x.npy", new int[] {N, L, 3}, new double[N * L * 3]);
    Path y = dir.resolve("y.npy");
    double[] v = VALID.clone();
    v[4 * L + 2] = 0.5;
    Path bad = write("bad.npy", new int[] {N, L}, v);
    FileFormatException e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(p, xf, y).validSteps(bad).batchSize(2).build().run());
    assertTrue(e.getMessage().contains("bad.npy") && e.getMessage().contains("[4, 2] is 0.5"),
        e.getMessage());
    double[] none = VALID.clone();
    Arrays.fill(none, 3 * L, 4 * L, 0.0);
    Path empty = write("empty.npy", new int[] {N, L}, none);
    e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(p, xf, y).validSteps(empty).build().run());
    assertTrue(e.getMessage().contains("sequence 3 has no valid step"), e.getMessage());
    Path shape = write("shape.npy", new int[] {N, L - 1}, new double[N * (L - 1)]);
    e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(p, xf, y).validSteps(shape).build().run());
    assertTrue(e.getMessage().contains("shape.npy") && e.getMessage().contains("expected shape"),
        e.getMessage());
    Path longer = write("long.npy", new int[] {N}, new double[] {1, 2, 7, 1, 1});
    e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(p, xf, y).lengths(longer).build().run());
    assertTrue(e.getMessage().contains("long.npy") && e.getMessage().contains("[2] is 7.0")
        && e.getMessage().contains("1.." + L), e.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> NpyPrediction.builder(p, xf, y).validSteps(bad).lengths(longer).build().run());
    assertTrue(both.getMessage().startsWith("lengths:"), both.getMessage());
    assertFalse(Files.exists(y));
  }

  private Path write(String name, int[] shape, double[] values) throws Exception {
    Path path = dir.resolve(name);
    Npy.writeFloat32(path, shape, values, false);
    return path;
  }

  private static double[] roundToFloat(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }
}
