package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.Mapping;
import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.Ncp;
import io.liquid4j.wiring.RandomWiring;
import io.liquid4j.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

/**
 * The model specification: every kind and wiring parsed from JSON is the config built by hand
 * with {@link ModelConfig}'s builder; specs round-trip; errors name the source and the key.
 */
class ModelSpecTest {
  /** The data every matrix spec is built for: 2 features, 2 outputs, per-step targets. */
  static final int IN = 2;
  static final int OUT = 2;

  /** The shared spec matrix (also read by the cli, spark and experiments tests). */
  static Map<String, Object> matrix() throws IOException {
    try (InputStream in = ModelSpecTest.class.getResourceAsStream("/model-specs/matrix.json")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = new ObjectMapper().readValue(in, LinkedHashMap.class);
      return m;
    }
  }

  /** What each matrix entry must build for {@link #IN} features and {@link #OUT} outputs. */
  static ModelConfig expected(String name) {
    return switch (name) {
      case "ltc-fully-connected" -> ModelConfig.ltc(IN, new FullyConnected(6)).projSize(OUT)
          .build();
      case "ltc-random" -> ModelConfig.ltc(IN, new RandomWiring(6, 6, 0.5, 7)).projSize(OUT)
          .build();
      // Two motor neurons for two outputs: no projection.
      case "ltc-ncp" -> ModelConfig.ltc(IN, new Ncp(3, 2, 2, 2, 2, 2, 2, Ncp.DEFAULT_SEED))
          .build();
      case "ltc-autoncp" -> ModelConfig.ltc(IN, new AutoNcp(8, 2)).build();
      case "ltc-options" -> ModelConfig.ltc(IN, 5).mixedMemory(true).odeUnfolds(3)
          .solver(SolverKind.RK4).mappings(Mapping.LINEAR, Mapping.NONE).epsilon(1e-6)
          .implicitParamConstraints(false).projSize(OUT).build();
      // ncps's backbone: 128 units, 1 layer, no dropout.
      case "cfc-default" -> ModelConfig.cfc(IN, 6).backbone(128, 1, 0.0).projSize(OUT).build();
      case "cfc-default-mixed" -> ModelConfig.cfc(IN, 6).mixedMemory(true).backbone(16, 1, 0.0)
          .projSize(OUT).build();
      case "cfc-pure" -> ModelConfig.cfc(IN, 6).mode(CfcMode.PURE).backbone(16, 1, 0.0)
          .projSize(OUT).build();
      case "cfc-pure-mixed" -> ModelConfig.cfc(IN, 6).mode(CfcMode.PURE).mixedMemory(true)
          .backbone(16, 1, 0.0).projSize(OUT).build();
      case "cfc-no-gate" -> ModelConfig.cfc(IN, 6).mode(CfcMode.NO_GATE).backbone(16, 1, 0.0)
          .projSize(OUT).build();
      case "cfc-no-gate-mixed" -> ModelConfig.cfc(IN, 6).mode(CfcMode.NO_GATE).mixedMemory(true)
          .backbone(16, 1, 0.0).projSize(OUT).build();
      case "cfc-backbone" -> ModelConfig.cfc(IN, 6).backbone(12, 2, 0.1)
          .activation(Activation.SILU).projSize(OUT).build();
      case "cfc-wired" -> ModelConfig.cfc(IN, new AutoNcp(8, 2)).mode(CfcMode.NO_GATE).build();
      case "cfc-wired-mixed" -> ModelConfig.cfc(IN, new FullyConnected(5)).mixedMemory(true)
          .projSize(OUT).build();
      case "ctrnn" -> ModelConfig.ctrnn(IN, 6).solver(SolverKind.RK4).odeUnfolds(2)
          .activation(Activation.RELU).projSize(OUT).build();
      case "lstm" -> ModelConfig.lstm(IN, 6).projSize(OUT).build();
      default -> throw new AssertionError("no expectation for " + name);
    };
  }

  static Stream<Arguments> specs() throws IOException {
    return matrix().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @SuppressWarnings("unchecked")
  private static ModelSpec spec(Object map, String name) {
    return ModelSpec.fromMap((Map<String, Object>) map, name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void everyKindAndWiringParsesToTheConfigBuiltByHand(String name, Object map) {
    ModelSpec spec = spec(map, name);
    ModelConfig expected = expected(name);
    assertEquals(expected, spec.toConfig(IN, OUT, true));
    assertEquals(expected.toBuilder().returnSequences(false).build(),
        spec.toConfig(IN, OUT, false));
    SequenceModel model = spec.create(IN, OUT, true, 5);
    SequenceModel byHand = SequenceModel.create(expected, 5);
    assertLayoutsEqual(byHand.layout(), model.layout());
    assertArrayEquals(byHand.parameters(), model.parameters());
    assertEquals(expected.model(), spec.kind());
    assertEquals(expected.units(), spec.units());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void specsRoundTripThroughMapsJsonAndSerialization(String name, Object map) throws Exception {
    ModelSpec spec = spec(map, name);
    ModelSpec viaMap = ModelSpec.fromMap(spec.toMap(), "copy");
    assertEquals(spec, viaMap);
    assertEquals(spec.hashCode(), viaMap.hashCode());
    ModelSpec viaJson = ModelSpec.parse(spec.toJson(), "json");
    assertEquals(spec, viaJson);
    assertEquals(spec.toConfig(IN, OUT, true), viaJson.toConfig(IN, OUT, true));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ModelSpec back = (ModelSpec) in.readObject();
      assertEquals(spec, back);
      assertEquals(spec.toConfig(IN, OUT, true), back.toConfig(IN, OUT, true));
    }
    // toMap is a copy: changing it leaves the spec alone.
    Map<String, Object> copy = spec.toMap();
    copy.put("model", "lstm");
    assertEquals(spec, viaMap);
  }

  @Test
  void aFullNcpsConfigIsASpecAndItsDataFactsMustAgree() {
    ModelSpec spec = ModelSpec.parse("""
        {"model": "LTC", "input_size": 3, "return_sequences": false,
         "units": {"type": "AutoNCP", "units": 16, "output_size": 1}}
        """, "ncps.json");
    assertEquals(ModelConfig.ltc(3, new AutoNcp(16, 1)).returnSequences(false).build(),
        spec.toConfig(3, 1, false));
    assertMessage(() -> spec.toConfig(4, 1, false), "ncps.json: 'input_size' is 3",
        "4 input features");
    assertMessage(() -> spec.toConfig(3, 1, true), "ncps.json: 'return_sequences' is false");
    // One motor neuron cannot serve two outputs directly: a projection is added.
    assertEquals(ModelConfig.ltc(3, new AutoNcp(16, 1)).returnSequences(false).projSize(2)
        .build(), spec.toConfig(3, 2, false));
  }

  @Test
  void anExplicitProjSizeMustMatchTheOutputsAndForcesTheProjection() {
    ModelSpec spec = ModelSpec.parse("{\"model\": \"ltc\", \"units\": {\"type\": \"AutoNCP\","
        + " \"units\": 8, \"output_size\": 2}, \"proj_size\": 2}", "--model-spec");
    assertEquals(ModelConfig.ltc(IN, new AutoNcp(8, 2)).projSize(2).build(),
        spec.toConfig(IN, 2, true));
    assertMessage(() -> spec.toConfig(IN, 3, true), "--model-spec: 'proj_size' is 2",
        "3 outputs");
  }

  @Test
  void aCellAsWideAsTheOutputsFeedsThemDirectly() {
    // ncps's CfC(3, 4) has 4 outputs; 4 targets need no projection.
    assertEquals(ModelConfig.cfc(3, 4).build(),
        ModelSpec.shorthand("cfc", 4, null, null).toConfig(3, 4, true));
    assertEquals(ModelConfig.ltc(3, new FullyConnected(5, 2, 1111, true)).build(),
        ModelSpec.parse("{\"model\": \"ltc\", \"units\": {\"type\": \"FullyConnected\","
            + " \"units\": 5, \"output_dim\": 2}}", "s").toConfig(3, 2, true));
  }

  static Stream<Arguments> shorthands() {
    return Stream.of(
        Arguments.of("ltc", 16, null, null, ModelConfig.ltc(3, 16).projSize(2).build()),
        Arguments.of("LTC", 16, "fully-connected", null,
            ModelConfig.ltc(3, new FullyConnected(16)).projSize(2).build()),
        Arguments.of("ltc", 16, "random", null,
            ModelConfig.ltc(3, new RandomWiring(16)).projSize(2).build()),
        Arguments.of("ltc", 16, "autoncp", null, ModelConfig.ltc(3, new AutoNcp(16, 2)).build()),
        Arguments.of("ltc", 16, "NCP", null,
            ModelConfig.ltc(3, new AutoNcp(16, 2).toNcp()).build()),
        Arguments.of("ltc", 8, null, "dopri5",
            ModelConfig.ltc(3, 8).solver(SolverKind.DOPRI5).projSize(2).build()),
        Arguments.of("cfc", 16, null, null,
            ModelConfig.cfc(3, 16).backbone(128, 1, 0.0).projSize(2).build()),
        Arguments.of("cfc", 16, "autoncp", null, ModelConfig.cfc(3, new AutoNcp(16, 2)).build()),
        Arguments.of("cfc", 16, "fully-connected", null,
            ModelConfig.cfc(3, new FullyConnected(16)).projSize(2).build()),
        Arguments.of("ctrnn", 8, null, "rk4",
            ModelConfig.ctrnn(3, 8).solver(SolverKind.RK4).projSize(2).build()),
        Arguments.of("lstm", 8, "fully-connected", null,
            ModelConfig.lstm(3, 8).projSize(2).build()));
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("shorthands")
  void shorthandsBuildTheDocumentedNetworks(String model, int units, String wiring,
      String solver, ModelConfig expected) {
    ModelSpec spec = ModelSpec.shorthand(model, units, wiring, solver);
    assertEquals(expected, spec.toConfig(3, 2, true));
    // A shorthand is an ordinary spec: written out and read back, it builds the same network.
    assertEquals(expected, ModelSpec.parse(spec.toJson(), "s").toConfig(3, 2, true));
  }

  @Test
  void theNcpShorthandIsTheNcpThatAutoNcpDerives() {
    Wiring auto = ModelSpec.shorthand("ltc", 19, "autoncp", null).toConfig(3, 4, true)
        .effectiveWiring().build(3);
    ModelConfig ncpConfig = ModelSpec.shorthand("ltc", 19, "ncp", null).toConfig(3, 4, true);
    assertInstanceOf(Ncp.class, ncpConfig.wiring());
    Wiring ncp = ncpConfig.effectiveWiring().build(3);
    assertArrayEquals(auto.adjacency(), ncp.adjacency());
    assertArrayEquals(auto.sensoryAdjacency(), ncp.sensoryAdjacency());
    assertEquals(4, ncp.outputDim());
  }

  @Test
  void wiringKeyInASpecFileIsTheShorthand() {
    ModelSpec spec = ModelSpec.parse("{\"model\": \"cfc\", \"units\": 12, \"wiring\": \"ncp\","
        + " \"mode\": \"pure\"}", "s");
    assertEquals(ModelConfig.cfc(3, new AutoNcp(12, 2).toNcp()).mode(CfcMode.PURE).build(),
        spec.toConfig(3, 2, true));
    assertEquals(ModelSpec.shorthand("lstm", 4, null, null),
        ModelSpec.parse("{\"model\": \"lstm\", \"units\": 4, \"wiring\": \"fully-connected\"}",
            "s"));
  }

  @Test
  void specFilesAreReadAndTheirErrorsNameTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("spec.json");
    Files.writeString(file, "{\"model\": \"cfc\", \"units\": 8, \"mixed_memory\": true}");
    assertEquals(ModelConfig.cfc(2, 8).mixedMemory(true).projSize(1).build(),
        ModelSpec.parse(file.toString(), "--model-spec").toConfig(2, 1, true));
    Files.writeString(file, "{\"model\": \"cfc\", \"units\": 8, \"solver\": \"rk4\"}");
    assertMessage(() -> ModelSpec.parse(file.toString(), "--model-spec"),
        file + ": unknown key 'solver' for model CfC", "backbone_units");
    Files.writeString(file, "{\"model\": \"cfc\",\n \"units\": }");
    assertMessage(() -> ModelSpec.parse(file.toString(), "--model-spec"),
        file + ": not a valid JSON object at line 2");
    assertMessage(() -> ModelSpec.parse(dir.resolve("none.json").toString(), "--model-spec"),
        "--model-spec: no such file", "none.json");
    assertMessage(() -> ModelSpec.parse("{\"model\": \"cfc\", \"units\": [1]}", "--model-spec"),
        "--model-spec: 'units' must be an integer");
    Files.writeString(file, "[{\"model\": \"cfc\", \"units\": 8}]");
    assertMessage(() -> ModelSpec.parse(file.toString(), "--model-spec"),
        file + ": expected a JSON object, found an array");
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of("{\"model\": \"cfc\", \"units\": 4, \"ode_unfolds\": 3}",
            "s: unknown key 'ode_unfolds' for model CfC (expected one of activation,"),
        Arguments.of("{\"model\": \"cfc\", \"unit\": 4}", "s: unknown key 'unit'"),
        Arguments.of("{\"units\": 4}", "s: missing required key 'model'"),
        Arguments.of("{\"model\": \"gru\", \"units\": 4}", "s: 'model': unknown model 'gru'"),
        Arguments.of("{\"model\": \"cfc\"}", "s: missing required key 'units'"),
        Arguments.of("{\"model\": \"cfc\", \"units\": \"4\"}", "s: 'units' must be an integer"),
        Arguments.of("{\"model\": \"cfc\", \"units\": 4.5}", "s: 'units' must be an integer"),
        Arguments.of("{\"model\": \"cfc\", \"units\": 4, \"mixed_memory\": \"yes\"}",
            "s: 'mixed_memory' must be true or false"),
        Arguments.of("{\"model\": \"cfc\", \"units\": 4, \"backbone_dropout\": 1.5}",
            "s: backbone_dropout must be in [0, 1)"),
        Arguments.of("{\"model\": \"cfc\", \"units\": 4, \"mode\": \"fast\"}", "s: 'mode'"),
        Arguments.of("{\"model\": \"cfc\", \"units\": 4, \"proj_size\": 0}", "s: 'proj_size'"),
        Arguments.of("{\"model\": \"cfc\", \"units\": 4, \"input_size\": 0}", "s: input_size"),
        Arguments.of("{\"model\": \"ltc\", \"units\": 4, \"solver\": \"midpoint\"}",
            "s: 'solver': unknown solver 'midpoint'"),
        Arguments.of("{\"model\": \"ctrnn\", \"units\": 4, \"solver\": \"fused\"}", "s: solver"),
        Arguments.of("{\"model\": \"lstm\", \"units\": 4, \"mixed_memory\": true}",
            "s: mixed_memory"),
        Arguments.of("{\"model\": \"ctrnn\", \"units\": {\"type\": \"FullyConnected\","
            + " \"units\": 4}}", "s: units: a CTRNN takes a number of units"),
        Arguments.of("{\"model\": \"cfc\", \"units\": {\"type\": \"AutoNCP\", \"units\": 8,"
            + " \"output_size\": 2}, \"backbone_units\": 8}", "s: backbone_units"),
        Arguments.of("{\"model\": \"ltc\", \"units\": {\"type\": \"Star\", \"units\": 8}}",
            "s: 'units': wiring config: key 'type'"),
        Arguments.of("{\"model\": \"ltc\", \"units\": 8, \"wiring\": \"star\"}",
            "s: 'wiring' must be fully-connected, random, ncp or autoncp, got 'star'"),
        Arguments.of("{\"model\": \"ltc\", \"units\": 0, \"wiring\": \"random\"}",
            "s: 'units' must be >= 1, got 0"),
        Arguments.of("{\"model\": \"ltc\", \"units\": 3, \"wiring\": \"ncp\"}",
            "s: 'units' must be at least 4 for an ncp wiring"),
        Arguments.of("{\"model\": \"ctrnn\", \"units\": 8, \"wiring\": \"random\"}",
            "s: 'wiring': a CTRNN is fully connected"),
        Arguments.of("{\"model\": \"ltc\", \"units\": {\"type\": \"FullyConnected\","
            + " \"units\": 4}, \"wiring\": \"ncp\"}", "s: 'wiring' gives the wiring of a number"),
        Arguments.of("{\"model\": \"cfc\", \"units\": 8, \"wiring\": \"ncp\","
            + " \"backbone_layers\": 2}", "s: backbone_units, backbone_layers"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSpecs")
  void badSpecsAreRejectedNamingTheKey(String json, String message) {
    assertMessage(() -> ModelSpec.parse(json, "s"), message);
  }

  @Test
  void aWiringTooSmallForTheDataIsRejectedWhenTheDataAreKnown() {
    ModelSpec spec = ModelSpec.shorthand("ltc", 6, "autoncp", null).withSource("cli");
    assertEquals(ModelConfig.ltc(2, new AutoNcp(6, 2)).build(), spec.toConfig(2, 2, true));
    assertMessage(() -> spec.toConfig(2, 4, true),
        "cli: 'units' 6 with 'wiring' autoncp cannot serve 4 outputs",
        "output_size must be less than units - 2");
  }

  static Stream<Arguments> badShorthands() {
    return Stream.of(
        Arguments.of("gru", 8, null, null, "model: unknown model 'gru'"),
        Arguments.of(null, 8, null, null, "model: expected ltc, cfc, ctrnn or lstm"),
        Arguments.of("ltc", 0, null, null, "units must be >= 1, got 0"),
        Arguments.of("ltc", 8, "star", null, "wiring must be fully-connected, random, ncp or"),
        Arguments.of("ctrnn", 8, "ncp", null, "wiring: a CTRNN is fully connected"),
        Arguments.of("lstm", 8, "autoncp", null, "wiring: a LSTM is fully connected"),
        Arguments.of("ltc", 3, "autoncp", null, "units must be at least 4 for an autoncp"),
        Arguments.of("cfc", 8, null, "rk4", "solver: a CfC has no ODE solver"),
        Arguments.of("lstm", 8, null, "euler", "solver: a LSTM has no ODE solver"),
        Arguments.of("ctrnn", 8, null, "fused", "solver: 'fused' is the LTC's solver"),
        Arguments.of("ltc", 8, null, "midpoint", "solver: unknown solver 'midpoint'"));
  }

  @ParameterizedTest(name = "{4}")
  @MethodSource("badShorthands")
  void badShorthandsNameTheirParameter(String model, int units, String wiring, String solver,
      String message) {
    assertMessage(() -> ModelSpec.shorthand(model, units, wiring, solver), message);
  }

  @Test
  void specsCompareByContentNotBySource() {
    ModelSpec a = ModelSpec.parse("{\"model\": \"cfc\", \"units\": 8}", "a");
    ModelSpec b = ModelSpec.parse("{\"model\": \"CFC\", \"units\": 8}", "b");
    assertEquals(a, b);
    assertEquals("a", a.source());
    assertEquals("c", a.withSource("c").source());
    assertFalse(a.equals(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 9}", "a")));
    assertEquals("{\"model\":\"CfC\",\"units\":8}", a.toJson());
  }

  static void assertLayoutsEqual(ParameterLayout expected, ParameterLayout actual) {
    assertEquals(expected.entries().size(), actual.entries().size(), "number of tensors");
    for (int i = 0; i < expected.entries().size(); i++) {
      ParameterLayout.Entry e = expected.entries().get(i);
      ParameterLayout.Entry a = actual.entries().get(i);
      assertEquals(e.name(), a.name(), "tensor " + i);
      assertArrayEquals(e.shape(), a.shape(), e.name());
      assertEquals(e.trainable(), a.trainable(), e.name());
    }
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call,
      String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
