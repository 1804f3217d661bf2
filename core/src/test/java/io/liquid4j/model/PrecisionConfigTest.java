package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.Precision;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import io.liquid4j.predict.Predictor;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.Ncp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The precision as part of a model: the config's key and its checks, the model specification, the
 * model file (float32 round trip, files without the key), and running a model in another
 * precision.
 */
class PrecisionConfigTest {
  static Stream<ModelConfig> float32Configs() {
    return Stream.of(
        ModelConfig.ltc(3, 5).precision(Precision.FLOAT32).build(),
        ModelConfig.ltc(3, new AutoNcp(10, 2)).solver(SolverKind.RK4)
            .precision(Precision.FLOAT32).build(),
        ModelConfig.ltc(3, 4).solver(SolverKind.EULER).mixedMemory(true).projSize(2)
            .precision(Precision.FLOAT32).build(),
        ModelConfig.cfc(3, 6).backbone(8, 2, 0.0).mode(CfcMode.NO_GATE)
            .precision(Precision.FLOAT32).build(),
        ModelConfig.cfc(3, new AutoNcp(12, 3)).mode(CfcMode.PURE).precision(Precision.FLOAT32)
            .build(),
        ModelConfig.lstm(3, 4).projSize(1).precision(Precision.FLOAT32).build());
  }

  @ParameterizedTest
  @MethodSource("float32Configs")
  void aFloat32ConfigRoundTripsThroughItsMap(ModelConfig config) {
    assertEquals(Precision.FLOAT32, config.precision());
    Map<String, Object> map = config.toMap();
    assertEquals("float32", map.get("precision"));
    ModelConfig back = ModelConfig.fromMap(map, "round trip");
    assertEquals(config, back);
    assertEquals(Precision.FLOAT32, back.precision());
    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void float64IsTheDefaultAndLeftOutOfTheMap() {
    ModelConfig plain = ModelConfig.cfc(3, 6).build();
    assertEquals(Precision.FLOAT64, plain.precision());
    assertFalse(plain.toMap().containsKey("precision"), plain.toMap().toString());
    Map<String, Object> explicit = new LinkedHashMap<>(plain.toMap());
    explicit.put("precision", "float64");
    assertEquals(plain, ModelConfig.fromMap(explicit, "explicit"));
  }

  @Test
  void float32IsRefusedWhereItIsNotOffered() {
    IllegalArgumentException ctrnn = assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.ctrnn(3, 5).precision(Precision.FLOAT32).build());
    assertEquals("precision: float32 is not offered for ctrnn (use float64)", ctrnn.getMessage());
    IllegalArgumentException dopri5 = assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.ltc(3, 5).solver(SolverKind.DOPRI5).precision(Precision.FLOAT32)
            .build());
    assertTrue(dopri5.getMessage().startsWith("precision: float32 is not offered for the dopri5"),
        dopri5.getMessage());
    // float64 stays offered everywhere.
    assertEquals(Precision.FLOAT64, ModelConfig.ctrnn(3, 5).precision(Precision.FLOAT64).build()
        .precision());
    assertThrows(NullPointerException.class, () -> ModelConfig.cfc(3, 4).precision(null).build());
  }

  @Test
  void badPrecisionValuesInAMapNameTheSourceAndTheKey() {
    Map<String, Object> map = new LinkedHashMap<>(ModelConfig.cfc(3, 6).build().toMap());
    map.put("precision", "float16");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.fromMap(map, "m.json"));
    assertEquals("m.json: 'precision': expected float64 or float32, got 'float16'",
        e.getMessage());
    map.put("precision", 32);
    e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromMap(map, "m.json"));
    assertEquals("m.json: 'precision' must be a string, got 32", e.getMessage());
    Map<String, Object> ctrnn = new LinkedHashMap<>(ModelConfig.ctrnn(3, 5).build().toMap());
    ctrnn.put("precision", "float32");
    e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromMap(ctrnn, "c.json"));
    assertEquals("c.json: precision: float32 is not offered for ctrnn (use float64)",
        e.getMessage());
  }

  @Test
  void aSpecCarriesThePrecisionToItsConfigs() {
    ModelSpec spec = ModelSpec.parse("{\"model\": \"ltc\", \"units\": 8, \"wiring\": \"ncp\","
        + " \"precision\": \"float32\"}", "spec");
    assertEquals(Precision.FLOAT32, spec.precision());
    ModelConfig config = spec.toConfig(3, 2, true);
    assertEquals(Precision.FLOAT32, config.precision());
    assertEquals(Precision.FLOAT32, spec.create(3, 2, true, 1).precision());

    ModelSpec plain = ModelSpec.shorthand("cfc", 8, null, null);
    assertEquals(Precision.FLOAT64, plain.precision());
    ModelSpec f32 = plain.withPrecision(Precision.FLOAT32);
    assertEquals("float32", f32.toMap().get("precision"));
    assertEquals(Precision.FLOAT32, f32.toConfig(3, 8, true).precision());
    assertEquals(f32, ModelSpec.parse(f32.toJson(), "again"));
    assertEquals(plain, f32.withPrecision(Precision.FLOAT64));
    assertSame(plain, plain.withPrecision(Precision.FLOAT64));
    // The same network but for the arithmetic.
    assertEquals(plain.toConfig(3, 8, true),
        f32.toConfig(3, 8, true).toBuilder().precision(Precision.FLOAT64).build());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.shorthand("ctrnn", 8, null, null).withPrecision(Precision.FLOAT32));
    assertEquals("precision: float32 is not offered for ctrnn (use float64)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.shorthand("ltc", 8, null, "dopri5").withPrecision(Precision.FLOAT32));
    assertTrue(e.getMessage().startsWith("precision: "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(
        "{\"model\": \"ctrnn\", \"units\": 8, \"precision\": \"float32\"}", "spec"));
    assertTrue(e.getMessage().startsWith("spec: precision: float32 is not offered for ctrnn"),
        e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("float32Configs")
  void aFloat32ModelFileRoundTrips(ModelConfig config) throws IOException {
    SequenceModel model = SequenceModel.create(config, 5);
    byte[] bytes = ModelFile.toBytes(model);
    SequenceModel back = ModelFile.fromBytes(bytes, "f32.safetensors");
    assertEquals(Precision.FLOAT32, back.precision());
    assertEquals(config, back.config());
    assertArrayEquals(model.parameters(), back.parameters(), 0.0);
    double[] x = SequenceModelTest.random(2 * 4 * 3, 3);
    assertArrayEquals(model.forward(x, 2, 4, null, null).outputs(),
        back.forward(x, 2, 4, null, null).outputs(), 0.0);
  }

  @Test
  void aFloat64FileHasNoPrecisionKeyAndAnOlderReleasesFileReadsAsFloat64() throws IOException {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(3, new AutoNcp(8, 2)).build(), 1);
    String header = new String(ModelFile.toBytes(model), StandardCharsets.ISO_8859_1);
    assertFalse(header.contains("precision"), "a float64 file is as before the key existed");
    byte[] legacy;
    try (InputStream in = getClass().getResourceAsStream(
        "/io/liquid4j/legacy/legacy-classification.model")) {
      legacy = in.readAllBytes();
    }
    assertFalse(new String(legacy, StandardCharsets.ISO_8859_1).contains("precision"));
    ModelFile.Contents contents = ModelFile.read(legacy, "legacy-classification.model");
    assertEquals(Precision.FLOAT64, contents.model().precision());
    // It runs in float32 too, without retraining, when its kind offers it.
    Predictor p = Predictor.of(contents);
    if (contents.model().config().model() != ModelKind.CTRNN) {
      Predictor f32 = p.withPrecision(Precision.FLOAT32);
      assertEquals(Precision.FLOAT32, f32.model().precision());
      assertEquals(p.preprocessing(), f32.preprocessing());
      assertArrayEquals(p.model().parameters(), f32.model().parameters(), 0.0);
    }
  }

  @Test
  void aBadPrecisionInAFileNamesTheFileAndTheKey() throws IOException {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(3, 4).build(), 1);
    SafetensorsFile file = Safetensors.read(ModelFile.toBytes(model), "good");
    Map<String, String> meta = new LinkedHashMap<>(file.metadata());
    String config = meta.get("config");
    String tampered = config.replace("\"mixed_memory\":false", "\"precision\":\"float8\"");
    assertNotEquals(config, tampered);
    meta.put("config", tampered);
    byte[] bytes = Safetensors.toBytes(file.tensorList(), meta);
    FileFormatException e = assertThrows(FileFormatException.class,
        () -> ModelFile.fromBytes(bytes, "bad.safetensors"));
    assertEquals("bad.safetensors: __metadata__ config: 'precision': expected float64 or float32,"
        + " got 'float8'", e.getMessage());
  }

  @Test
  void withPrecisionKeepsTheParametersAndGoesBack() {
    SequenceModel m64 = SequenceModel.create(
        ModelConfig.cfc(3, new Ncp(3, 2, 2, 2, 2, 2, 2)).projSize(2).build(), 9);
    SequenceModel m32 = m64.withPrecision(Precision.FLOAT32);
    assertSame(m64, m64.withPrecision(Precision.FLOAT64));
    assertEquals(Precision.FLOAT32, m32.precision());
    assertEquals(Precision.FLOAT32, m32.config().precision());
    assertArrayEquals(m64.parameters(), m32.parameters(), 0.0);
    assertEquals(m64.layout().size(), m32.layout().size());
    SequenceModel again = m32.withPrecision(Precision.FLOAT64);
    double[] x = SequenceModelTest.random(2 * 5 * 3, 4);
    assertArrayEquals(m64.forward(x, 2, 5, null, null).outputs(),
        again.forward(x, 2, 5, null, null).outputs(), 0.0);
    // withParameters (the trainer's path) keeps the precision.
    assertEquals(Precision.FLOAT32, m32.withParameters(m32.parameters()).precision());
    assertTrue(m32.toString().contains("float32"), m32.toString());

    SequenceModel ctrnn = SequenceModel.create(ModelConfig.ctrnn(3, 4).build(), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ctrnn.withPrecision(Precision.FLOAT32));
    assertEquals("precision: float32 is not offered for ctrnn (use float64)", e.getMessage());
  }
}
