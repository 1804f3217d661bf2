package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelKind;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.RandomWiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

/**
 * The model matrix from the command line: {@code train} runs one epoch for every kind, wiring,
 * CfC mode, mixed memory and backbone, from a spec file and from the shorthands, and the model
 * file it writes loads and holds the network the spec describes.
 */
class ModelSpecCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Path data;

  /** 64 rows of two features; the label says whether the first is positive: 8 windows of 8. */
  @BeforeAll
  static void writeData() throws IOException {
    StringBuilder csv = new StringBuilder("a,b,label\n");
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 64; i++) {
      double a = Math.sin(i / 3.0) + r.nextDouble(-0.2, 0.2);
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", a, r.nextDouble(-1, 1),
          a > 0 ? 1 : 0));
    }
    data = dir.resolve("series.csv");
    Files.writeString(data, csv);
  }

  /** Trains one epoch with the model options given; returns the written model. */
  private static SequenceModel train(String name, String... modelOptions) throws IOException {
    Path model = dir.resolve(name + ".model");
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(),
        "--features", "a,b", "--target", "label", "--window", "8", "--epochs", "1",
        "--batch", "4", "--validation", "0.25", "--test", "0", "--threads", "1", "--quiet",
        "--force", "--output", model.toString()));
    args.addAll(List.of(modelOptions));
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("Wrote " + model), r.out());
    return ModelFile.load(model);
  }

  static Stream<Arguments> specs() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = JSON.readValue(
        Path.of(System.getProperty("liquid4j.model.specs")).toFile(), LinkedHashMap.class);
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void trainsEveryKindFromASpecFile(String name, Map<String, Object> spec) throws IOException {
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, JSON.writeValueAsString(spec));
    SequenceModel model = train(name, "--model-spec", file.toString());
    ModelConfig c = model.config();
    // What the spec says, read from the JSON itself.
    assertEquals(ModelKind.fromName("model", (String) spec.get("model")), c.model());
    Object units = spec.get("units");
    if (units instanceof Map<?, ?> wiring) {
      assertEquals(wiring.get("type"), c.wiring().toConfig().get("type"));
      assertEquals(wiring.get("units"), c.wiring().toConfig().get("units"));
    } else {
      assertNull(c.wiring());
      assertEquals(units, c.units());
    }
    assertEquals(spec.getOrDefault("mixed_memory", false), c.mixedMemory());
    assertTrue(c.returnSequences(), "per-step targets");
    if (c.model() == ModelKind.CFC) {
      assertEquals(spec.getOrDefault("mode", "default"), c.mode().ncpsName());
      if (c.wiring() == null) {
        assertEquals(spec.getOrDefault("backbone_units", 128), c.backboneUnits());
        assertEquals(spec.getOrDefault("backbone_layers", 1), c.backboneLayers());
        assertEquals(((Number) spec.getOrDefault("backbone_dropout", 0.0)).doubleValue(),
            c.backboneDropout());
      } else {
        assertEquals(0, c.backboneLayers(), "a wired CfC has no backbone");
      }
    }
    if (spec.containsKey("solver")) {
      assertEquals(spec.get("solver"), c.solver().configName());
    }
    // The same spec through the library: the same layout, and the same initial weights would
    // give the same network (train's seed is 1).
    SequenceModel library = ModelSpec.parse(file.toString(), "spec").create(2, 2, true, 1);
    assertLayoutsEqual(library.layout(), model.layout());
    assertEquals(library.config(), c);
  }

  static Stream<Arguments> shorthands() {
    return Stream.of(
        Arguments.of(List.of("--model", "ltc", "--units", "8"),
            ModelConfig.ltc(2, 8).projSize(2).build()),
        Arguments.of(List.of("--units", "8", "--wiring", "fully-connected"),
            ModelConfig.ltc(2, new FullyConnected(8)).projSize(2).build()),
        Arguments.of(List.of("--model", "ltc", "--units", "8", "--wiring", "random"),
            ModelConfig.ltc(2, new RandomWiring(8)).projSize(2).build()),
        Arguments.of(List.of("--model", "ltc", "--units", "8", "--wiring", "ncp"),
            ModelConfig.ltc(2, new AutoNcp(8, 2).toNcp()).build()),
        Arguments.of(List.of("--model", "ltc", "--units", "8", "--wiring", "autoncp",
                "--solver", "rk4"),
            ModelConfig.ltc(2, new AutoNcp(8, 2)).solver(SolverKind.RK4).build()),
        Arguments.of(List.of("--model", "cfc", "--units", "8"),
            ModelConfig.cfc(2, 8).backbone(128, 1, 0.0).projSize(2).build()),
        Arguments.of(List.of("--model", "cfc", "--units", "8", "--wiring", "autoncp"),
            ModelConfig.cfc(2, new AutoNcp(8, 2)).build()),
        Arguments.of(List.of("--model", "CfC", "--units", "8", "--wiring", "ncp"),
            ModelConfig.cfc(2, new AutoNcp(8, 2).toNcp()).build()),
        Arguments.of(List.of("--model", "ctrnn", "--units", "6", "--solver", "rk4"),
            ModelConfig.ctrnn(2, 6).solver(SolverKind.RK4).projSize(2).build()),
        Arguments.of(List.of("--model", "lstm", "--units", "6"),
            ModelConfig.lstm(2, 6).projSize(2).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shorthands")
  void trainsFromShorthands(List<String> options, ModelConfig expected) throws IOException {
    SequenceModel model = train("shorthand", options.toArray(String[]::new));
    assertEquals(expected, model.config());
    assertLayoutsEqual(SequenceModel.create(expected, 1).layout(), model.layout());
  }

  @Test
  void inlineJsonIsASpecToo() throws IOException {
    SequenceModel model = train("inline", "--model-spec",
        "{\"model\": \"cfc\", \"units\": 5, \"mode\": \"pure\", \"backbone_units\": 8}");
    assertEquals(ModelConfig.cfc(2, 5).mode(io.liquid4j.cell.CfcMode.PURE).backbone(8, 1, 0.0)
        .projSize(2).build(), model.config());
  }

  @Test
  void badModelOptionsAreOneLineErrorsNamingTheOptionOrTheFileAndKey() throws IOException {
    String[] base = {"train", "--data", data.toString(), "--features", "a,b", "--target",
        "label", "--window", "8", "--epochs", "1", "--output", dir.resolve("x.model").toString()};
    CliTest.assertOneLineError(run(base, "--model-spec", "{\"model\": \"cfc\", \"units\": 4}",
        "--units", "8", "--solver", "rk4"), "--model-spec and --units, --solver exclude");
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"model\": \"cfc\", \"units\": 4, \"backbone_unit\": 8}");
    CliTest.assertOneLineError(run(base, "--model-spec", file.toString()),
        file.toString(), "'backbone_unit'", "backbone_units");
    CliTest.assertOneLineError(run(base, "--model-spec", "{\"model\": \"cfc\", \"units\": 4,"
        + " \"proj_size\": 3}"), "--model-spec: 'proj_size' is 3", "2 outputs");
    CliTest.assertOneLineError(run(base, "--model-spec", "{\"model\": \"cfc\", \"units\": 4,"
        + " \"input_size\": 3}"), "--model-spec: 'input_size' is 3", "2 input features");
    CliTest.assertOneLineError(run(base, "--model-spec", "{\"model\": \"cfc\", \"units\": 4,"),
        "--model-spec: not a valid JSON object");
    CliTest.assertOneLineError(run(base, "--model-spec", dir.resolve("none.json").toString()),
        "--model-spec: no such file");
    CliTest.assertOneLineError(run(base, "--wiring", "star"), "--wiring", "star");
    CliTest.assertOneLineError(run(base, "--model", "gru"), "--model", "gru");
    CliTest.assertOneLineError(run(base, "--model", "cfc", "--solver", "rk4"),
        "--solver: a CfC has no ODE solver");
    CliTest.assertOneLineError(run(base, "--model", "lstm", "--wiring", "ncp"), "--wiring");
    CliTest.assertOneLineError(run(base, "--units", "0"), "--units must be >= 1");
    CliTest.assertOneLineError(run(base, "--units", "40000"), "--units must be <= 10000",
        "40000");
    CliTest.assertOneLineError(run(base, "--units", "4", "--wiring", "autoncp"),
        "'units' 4 with 'wiring' autoncp cannot serve 2 outputs");
    assertFalse(Files.exists(dir.resolve("x.model")));
  }

  private static CliTest.Result run(String[] base, String... more) {
    List<String> args = new ArrayList<>(List.of(base));
    args.addAll(List.of(more));
    return CliTest.run(args.toArray(String[]::new));
  }

  private static void assertLayoutsEqual(ParameterLayout expected, ParameterLayout actual) {
    assertEquals(expected.entries().size(), actual.entries().size(), "number of tensors");
    for (int i = 0; i < expected.entries().size(); i++) {
      ParameterLayout.Entry e = expected.entries().get(i);
      ParameterLayout.Entry a = actual.entries().get(i);
      assertEquals(e.name(), a.name(), "tensor " + i);
      assertArrayEquals(e.shape(), a.shape(), e.name());
    }
  }
}
