package io.liquid4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.DType;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NpyPrediction} against {@link Predictor#predict} on the whole arrays at once: batching
 * must not change a single bit of the outputs or final states.
 */
class NpyPredictionTest {
  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("ltc per step", ModelConfig.ltc(3, 6).projSize(2).build(), 0),
        Arguments.of("ltc last step", ModelConfig.ltc(3, 6).returnSequences(false).build(), 1),
        Arguments.of("cfc mixed memory",
            ModelConfig.cfc(3, 5).backbone(8, 1, 0.0).mixedMemory(true).build(), 7),
        Arguments.of("cfc", ModelConfig.cfc(3, 5).backbone(8, 2, 0.0).build(), 37),
        Arguments.of("ctrnn", ModelConfig.ctrnn(3, 4).build(), 100));
  }

  @ParameterizedTest(name = "{0}, batch {2}")
  @MethodSource("cases")
  void batchedFilesEqualTheWholeArrayPrediction(String name, ModelConfig config, int batch)
      throws Exception {
    Random r = new Random(name.hashCode());
    int n = 37;
    int len = 5;
    SequenceModel model = SequenceModel.create(config, 11);
    Predictor predictor = Predictor.of(model, PredictorTest.regressor(config.returnSequences())
        .toBuilder().regression(model.outputSize() == 2 ? List.of("y", "z") : names(model))
        .targetScaling(null).build());
    double[] x = PredictorTest.rawInputs(r, n, len);
    double[] t = PredictorTest.timespans(r, n, len);
    double[] h0 = random(r, n * model.stateSize());
    double[] c0 = config.mixedMemory() ? random(r, n * model.stateSize()) : null;
    // The files hold float32 values, so the reference runs on the same rounded values.
    x = roundToFloat(x);
    t = roundToFloat(t);
    h0 = roundToFloat(h0);
    c0 = c0 == null ? null : roundToFloat(c0);
    Path xf = write("x.npy", new int[] {n, len, 3}, x);
    Path tf = write("t.npy", new int[] {n, len, 1}, t);
    Path hf = write("h0.npy", new int[] {n, model.stateSize()}, h0);
    Path cf = c0 == null ? null : write("c0.npy", new int[] {n, model.stateSize()}, c0);

    NpyPrediction.Result result = NpyPrediction.builder(predictor, xf, dir.resolve("y.npy"))
        .timespans(tf).initialState(hf).initialMemory(cf)
        .finalState(dir.resolve("h.npy"))
        .finalMemory(c0 == null ? null : dir.resolve("c.npy"))
        .batchSize(batch).build().run();

    Prediction whole = predictor.predict(x, n, len, t,
        new ModelState(n, model.stateSize(), h0, c0));
    NpyArray y = Npy.read(dir.resolve("y.npy"));
    assertArrayEquals(whole.shape(), y.shape());
    assertArrayEquals(whole.shape(), result.outputShape());
    assertArrayEquals(roundToFloat(whole.outputs()), y.data(), 0.0);
    assertArrayEquals(roundToFloat(whole.finalState().h()),
        Npy.read(dir.resolve("h.npy")).data(), 0.0);
    if (c0 != null) {
      assertArrayEquals(roundToFloat(whole.finalState().c()),
          Npy.read(dir.resolve("c.npy")).data(), 0.0);
    }
    int expectedBatch = batch == 0 ? n : Math.min(batch, n);
    assertEquals(expectedBatch, result.batchSize());
    assertEquals((n + expectedBatch - 1) / expectedBatch, result.batches());
    // The bytes are those numpy would write for the whole array.
    assertArrayEquals(Npy.toBytes(whole.shape(), whole.outputs(), DType.F32),
        Files.readAllBytes(dir.resolve("y.npy")));
  }

  @Test
  void aBadValueInALaterBatchIsNamedByItsIndexInTheFileAndNothingIsPublished() throws Exception {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(3, 6).build(), 3);
    Predictor predictor = Predictor.of(model);
    int n = 10;
    int len = 4;
    double[] x = new double[n * len * 3];
    x[(8 * len + 2) * 3 + 1] = Double.NaN; // sequence 8, step 2, feature 1
    Path xf = write("x.npy", new int[] {n, len, 3}, x);
    Path y = dir.resolve("y.npy");
    Files.writeString(y, "kept");
    FileFormatException e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(predictor, xf, y).overwrite(true).batchSize(3)
            .finalState(dir.resolve("h.npy")).build().run());
    assertTrue(e.getMessage().contains("x.npy"), e.getMessage());
    assertTrue(e.getMessage().contains("value at [8, 2, 1] is NaN"), e.getMessage());
    assertEquals("kept", Files.readString(y));
    assertFalse(Files.exists(dir.resolve("h.npy")));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("x.npy", "y.npy"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }

    double[] t = new double[n * len];
    java.util.Arrays.fill(t, 1.0);
    t[9 * len + 3] = 0;
    Path tf = write("t.npy", new int[] {n, len}, t);
    Path ok = write("ok.npy", new int[] {n, len, 3}, new double[n * len * 3]);
    e = assertThrows(FileFormatException.class, () -> NpyPrediction.builder(predictor, ok,
        dir.resolve("y2.npy")).timespans(tf).batchSize(4).build().run());
    assertTrue(e.getMessage().contains("value at [9, 3] is 0.0"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("y2.npy")));
  }

  @Test
  void shapesThatDoNotFitAreRefusedBeforeAnythingRuns() throws Exception {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(3, 6).build(), 3);
    Predictor predictor = Predictor.of(model);
    Path y = dir.resolve("y.npy");
    Path wrongFeatures = write("x4.npy", new int[] {2, 3, 4}, new double[24]);
    FileFormatException e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(predictor, wrongFeatures, y).build().run());
    assertTrue(e.getMessage().contains("the model takes 3 features, found 4"), e.getMessage());
    Path twoD = write("x2.npy", new int[] {2, 3}, new double[6]);
    e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(predictor, twoD, y).build().run());
    assertTrue(e.getMessage().contains("expected a 3-D array"), e.getMessage());
    Path x = write("x.npy", new int[] {2, 3, 3}, new double[18]);
    Path t = write("t.npy", new int[] {2, 4}, new double[8]);
    e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(predictor, x, y).timespans(t).build().run());
    assertTrue(e.getMessage().contains("expected shape (2, 3) or (2, 3, 1)"), e.getMessage());
    Path h = write("h.npy", new int[] {3, 6}, new double[18]);
    e = assertThrows(FileFormatException.class,
        () -> NpyPrediction.builder(predictor, x, y).initialState(h).build().run());
    assertTrue(e.getMessage().startsWith(h + ": expected shape (2, 6)"), e.getMessage());
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> NpyPrediction.builder(predictor, x, y).finalMemory(dir.resolve("c.npy")).build()
            .run());
    assertTrue(a.getMessage().startsWith("finalMemory: the model has no mixed memory"));
    assertFalse(Files.exists(y));
  }

  private static List<String> names(SequenceModel model) {
    return java.util.stream.IntStream.range(0, model.outputSize()).mapToObj(i -> "y" + i)
        .toList();
  }

  private Path write(String name, int[] shape, double[] values) throws Exception {
    Path p = dir.resolve(name);
    Npy.writeFloat32(p, shape, values, false);
    return p;
  }

  private static double[] random(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian() * 0.5;
    }
    return v;
  }

  private static double[] roundToFloat(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }
}
