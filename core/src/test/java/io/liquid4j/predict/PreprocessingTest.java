package io.liquid4j.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.Standardizer;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

class PreprocessingTest {
  @TempDir Path dir;

  static final ObjectMapper JSON = new ObjectMapper();

  static Preprocessing classifier() {
    return Preprocessing.builder()
        .features(List.of("a", "b", "c"))
        .inputScaling(Standardizer.of(new double[] {1, 2, 3}, new double[] {0.5, 2, 4}))
        .classification(List.of("low", "high"))
        .perStep(true)
        .timespans(Preprocessing.Timespans.FROM_TIMESTAMPS)
        .csv(CsvLayout.of("label", 6).withStride(3).withTimestamps("time", Duration.ofMinutes(1))
            .withFirstStepTimespan(1.5))
        .build();
  }

  static Preprocessing regressor() {
    return Preprocessing.builder()
        .features(List.of("a", "b", "c"))
        .inputScaling(null)
        .regression(List.of("y", "z"))
        .targetScaling(Standardizer.of(new double[] {10, -3}, new double[] {5, 0.25}))
        .perStep(false)
        .timespans(Preprocessing.Timespans.GIVEN)
        .build();
  }

  static SequenceModel model(boolean perStep) {
    return SequenceModel.create(
        ModelConfig.ltc(3, 5).projSize(2).returnSequences(perStep).build(), 7);
  }

  @Test
  void roundTripsThroughTheMapAndJson() throws Exception {
    for (Preprocessing p : List.of(classifier(), regressor())) {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = JSON.readValue(p.toJson(), Map.class);
      Preprocessing back = Preprocessing.fromMap(parsed, "test");
      assertEquals(p.toMap(), back.toMap());
      assertEquals(p, back);
      assertEquals(p.features(), back.features());
      assertEquals(p.task(), back.task());
      assertEquals(p.perStep(), back.perStep());
      assertEquals(p.targetNames(), back.targetNames());
      assertEquals(p.timespans(), back.timespans());
      assertEquals(p.csv(), back.csv().isPresent() ? p.csv() : back.csv());
    }
    CsvLayout layout = classifier().csv().orElseThrow();
    assertEquals(Duration.ofMinutes(1), layout.timeUnit());
    assertEquals(1.5, layout.firstStepTimespan());
  }

  @Test
  void roundTripsThroughTheModelFile() throws Exception {
    SequenceModel m = model(true);
    Path file = dir.resolve("m.model");
    ModelFile.save(m, classifier(), file, false);
    ModelFile.Contents back = ModelFile.read(file);
    assertEquals(classifier(), back.preprocessing());
    assertTrue(java.util.Arrays.equals(m.parameters(), back.model().parameters()));
    // from bytes too, and a file without preprocessing has none
    ModelFile.Contents fromBytes = ModelFile.read(ModelFile.toBytes(m, classifier()), "bytes");
    assertEquals(classifier(), fromBytes.preprocessing());
    assertFalse(ModelFile.read(ModelFile.toBytes(m), "plain").optionalPreprocessing().isPresent());
  }

  @Test
  void csvOptionsReadAsTheLayoutSays() {
    var o = classifier().csvOptions();
    assertEquals(List.of("a", "b", "c"), o.featureColumns());
    assertEquals("label", o.targetColumn());
    assertEquals(6, o.windowLength());
    assertEquals(3, o.stride());
    assertEquals("time", o.timestampColumn());
    assertEquals(Duration.ofMinutes(1), o.timeUnit());
    assertEquals(1.5, o.firstStepTimespan());
    assertEquals(List.of("low", "high"), o.classNames());
    assertThrows(IllegalStateException.class, () -> regressor().csvOptions());
  }

  @Test
  void builderRejectsInconsistentValues() {
    assertThrows(IllegalArgumentException.class,
        () -> classifier().toBuilder().features(List.of("a", "b")).build()); // scaling has 3
    assertThrows(IllegalArgumentException.class,
        () -> classifier().toBuilder().timespans(Preprocessing.Timespans.NONE).build());
    assertThrows(IllegalArgumentException.class,
        () -> regressor().toBuilder().targetScaling(Standardizer.of(new double[] {1},
            new double[] {1})).build());
    assertThrows(IllegalArgumentException.class,
        () -> Preprocessing.builder().features(List.of("a")).build()); // no task
    assertThrows(IllegalArgumentException.class,
        () -> Preprocessing.builder().features(List.of("a", "a"))
            .regression(List.of("y")).build());
  }

  @Test
  void saveRefusesAPreprocessingThatDoesNotFitTheModel() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFile.toBytes(model(false), classifier())); // per-step vs last-step
    assertTrue(e.getMessage().contains("per-step"), e.getMessage());
  }

  // ------------------------------------------------------------------------ tampered metadata

  static Map<String, Object> stored() {
    return classifier().toMap();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> scaling(Map<String, Object> m) {
    return (Map<String, Object>) m.get("input_scaling");
  }

  static Arguments tampered(String name, String key, Consumer<Map<String, Object>> change) {
    return Arguments.of(name, key, change);
  }

  static Stream<Arguments> tamperedCases() {
    return Stream.of(
        tampered("wrong type", "per_step", m -> m.put("per_step", "yes")),
        tampered("wrong list type", "features", m -> m.put("features", "a,b,c")),
        tampered("list entry type", "features[1]", m -> m.put("features", List.of("a", 2, "c"))),
        tampered("missing key", "task", m -> m.remove("task")),
        tampered("missing classes", "classes", m -> m.remove("classes")),
        tampered("unknown task", "task", m -> m.put("task", "ranking")),
        tampered("unknown timespans", "timespans", m -> m.put("timespans", "sometimes")),
        tampered("unknown key", "colour", m -> m.put("colour", "blue")),
        tampered("version", "version", m -> m.put("version", 99)),
        tampered("scaling length mismatch", "input_scaling",
            m -> scaling(m).put("mean", List.of(1.0, 2.0))),
        tampered("scaling std not a number", "input_scaling",
            m -> scaling(m).put("std", List.of(1.0, "NaN", 2.0))),
        tampered("scaling std zero", "input_scaling",
            m -> scaling(m).put("std", List.of(1.0, 0.0, 2.0))),
        tampered("scaling not an object", "input_scaling", m -> m.put("input_scaling", 3)),
        tampered("csv window", "csv.window", m -> csv(m).put("window", 0)),
        tampered("csv window text", "csv.window", m -> csv(m).put("window", "8")),
        tampered("csv unit", "csv.time_unit", m -> csv(m).put("time_unit", "a minute")),
        tampered("csv missing target", "csv.target", m -> csv(m).remove("target")),
        tampered("regression keys on a classifier", "targets",
            m -> m.put("targets", List.of("y"))));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> csv(Map<String, Object> m) {
    return (Map<String, Object>) m.get("csv");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperedCases")
  void tamperedMetadataNamesTheFileAndTheKey(
      String name, String key, Consumer<Map<String, Object>> change) throws Exception {
    Map<String, Object> m = deepCopy(stored());
    change.accept(m);
    Path file = writeWith(Map.of(Preprocessing.METADATA_KEY, JSON.writeValueAsString(m)));
    assertOneLineError(file, "'" + key + "'");
  }

  @Test
  void nonJsonAndNaNLiteralsNameTheEntry() throws Exception {
    Path file = writeWith(Map.of(Preprocessing.METADATA_KEY, "{features: [a"));
    assertOneLineError(file, "'preprocessing' is not valid JSON");
    String withNaN = JSON.writeValueAsString(stored()).replace("\"std\":[0.5", "\"std\":[NaN");
    assertTrue(withNaN.contains("NaN"));
    assertOneLineError(writeWith(Map.of(Preprocessing.METADATA_KEY, withNaN)),
        "'preprocessing' is not valid JSON: Non-standard token 'NaN' (not a JSON number)");
    assertOneLineError(writeWith(Map.of(Preprocessing.METADATA_KEY, "[1, 2]")),
        "'preprocessing': expected a JSON object");
  }

  @Test
  void preprocessingThatDoesNotFitTheModelNamesTheKey() throws Exception {
    Map<String, Object> m = stored();
    m.put("classes", List.of("a", "b", "c")); // the model has 2 outputs
    assertOneLineError(writeWith(Map.of(Preprocessing.METADATA_KEY, JSON.writeValueAsString(m))),
        "'preprocessing' does not fit the model");
  }

  @Test
  void tamperedLegacyMetadataNamesTheFileAndTheKey() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("features", List.of("a", "b", "c"));
    data.put("target", "label");
    data.put("timestamp", null);
    data.put("task", "classification");
    data.put("window", 6);
    data.put("stride", 3);
    data.put("per_step", true);
    data.put("class_names", List.of("0", "1"));
    String scaling = JSON.writeValueAsString(
        Standardizer.of(new double[] {0, 0, 0}, new double[] {1, 1, 1}).toMap());
    // the untampered legacy form loads
    ModelFile.read(writeWith(Map.of("data", JSON.writeValueAsString(data),
        "input_scaling", scaling)));

    Map<String, Object> bad = new LinkedHashMap<>(data);
    bad.put("window", "6");
    assertOneLineError(writeWith(Map.of("data", JSON.writeValueAsString(bad),
        "input_scaling", scaling)), "'window'");
    bad = new LinkedHashMap<>(data);
    bad.put("class_names", 2);
    assertOneLineError(writeWith(Map.of("data", JSON.writeValueAsString(bad),
        "input_scaling", scaling)), "'class_names'");
    bad = new LinkedHashMap<>(data);
    bad.put("task", "ranking");
    assertOneLineError(writeWith(Map.of("data", JSON.writeValueAsString(bad),
        "input_scaling", scaling)), "'task'");
    assertOneLineError(writeWith(Map.of("data", JSON.writeValueAsString(data))),
        "'input_scaling'");
    assertOneLineError(writeWith(Map.of("data", JSON.writeValueAsString(data),
        "input_scaling", scaling.replace("[1.0,1.0,1.0]", "[1.0,1.0]"))), "'input_scaling'");
    assertOneLineError(writeWith(Map.of("data", "not json", "input_scaling", scaling)),
        "'data' is not valid JSON");
  }

  private int files;

  private Path writeWith(Map<String, String> extra) throws Exception {
    Path file = dir.resolve("tampered-" + (files++) + ".model");
    ModelFile.save(model(true), file, false, extra);
    return file;
  }

  private static void assertOneLineError(Path file, String expectedText) {
    FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFile.read(file));
    String msg = e.getMessage();
    assertTrue(msg.startsWith(file.toString() + ": "), msg);
    assertTrue(msg.contains(expectedText), "expected '" + expectedText + "' in: " + msg);
    assertFalse(msg.contains("\n"), msg);
    // Predictor.load goes through the same check
    FileFormatException viaPredictor =
        assertThrows(FileFormatException.class, () -> Predictor.load(file));
    assertEquals(msg, viaPredictor.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?> inner) {
        v = deepCopy((Map<String, Object>) inner);
      } else if (v instanceof List<?> list) {
        v = new ArrayList<>(list);
      }
      out.put(e.getKey(), v);
    }
    return out;
  }
}
