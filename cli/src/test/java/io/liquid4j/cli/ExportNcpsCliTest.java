package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.Standardizer;
import io.liquid4j.io.DType;
import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import io.liquid4j.io.Tensor;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Preprocessing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code liquid4j export-ncps}: import-ncps → export-ncps → import-ncps writes the same model file
 * byte for byte on every golden ncps case, the exported state_dict has ncps's tensors and bytes,
 * and bad requests are one-line errors that leave existing files alone.
 */
class ExportNcpsCliTest {
  @TempDir Path tmp;

  static Stream<Path> cases() throws IOException {
    return CliTest.cases();
  }

  private Path importCase(Path dir, Path model) {
    CliTest.Result r = CliTest.run("import-ncps", "--config", dir.resolve("config.json").toString(),
        "--weights", dir.resolve("model.safetensors").toString(), "--output", model.toString());
    assertEquals(0, r.code(), r.err());
    return model;
  }

  private static byte[] dataBuffer(byte[] file) {
    long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Arrays.copyOfRange(file, 8 + (int) headerLength, file.length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exportThenImportGivesTheSameModelFile(Path golden) throws IOException {
    Path first = importCase(golden, tmp.resolve("first.model"));
    Path dir = tmp.resolve("for-ncps");
    CliTest.Result r = CliTest.run("export-ncps", "--model", first.toString(), "--output",
        dir.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("Exported " + first + " to "), r.out());
    Path second = tmp.resolve("second.model");
    CliTest.Result again = CliTest.run("import-ncps", "--config",
        dir.resolve("config.json").toString(), "--weights",
        dir.resolve("model.safetensors").toString(), "--output", second.toString());
    assertEquals(0, again.code(), again.err());
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second),
        "config and every parameter bit for bit");
    // float32 by default: the state_dict ncps wrote, tensor by tensor.
    SafetensorsFile original = Safetensors.read(golden.resolve("model.safetensors"));
    SafetensorsFile exported = Safetensors.read(dir.resolve("model.safetensors"));
    assertEquals(new ArrayList<>(original.tensors().keySet()),
        new ArrayList<>(exported.tensors().keySet()));
    for (Tensor t : exported.tensors().values()) {
      assertEquals(DType.F32, t.dtype(), t.name());
    }
    assertArrayEquals(dataBuffer(Files.readAllBytes(golden.resolve("model.safetensors"))),
        dataBuffer(Files.readAllBytes(dir.resolve("model.safetensors"))));
  }

  @Test
  void float64KeepsEveryValue() throws IOException {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(2, 3).backbone(4, 1, 0).build(), 3);
    Path file = tmp.resolve("m.model");
    ModelFile.save(model, file, false);
    Path dir = tmp.resolve("out");
    CliTest.Result r = CliTest.run("export-ncps", "--model", file.toString(), "--output",
        dir.toString(), "--dtype", "float64");
    assertEquals(0, r.code(), r.err());
    for (Tensor t : Safetensors.read(dir.resolve("model.safetensors")).tensors().values()) {
      assertEquals(DType.F64, t.dtype(), t.name());
      assertArrayEquals(model.parameter(t.name()), t.data(), 0.0, t.name());
    }
    CliTest.assertOneLineError(CliTest.run("export-ncps", "--model", file.toString(), "--output",
        tmp.resolve("o2").toString(), "--dtype", "float16"), "--dtype", "float32 or float64",
        "float16");
    assertFalse(Files.exists(tmp.resolve("o2")));
  }

  @Test
  void existingOutputsAreKeptUnlessForced() throws IOException {
    Path golden = CliTest.goldenRoot().resolve("ltc_fullyconnected8_in3_irregular");
    Path model = importCase(golden, tmp.resolve("m.model"));
    Path dir = tmp.resolve("out");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), "precious");
    CliTest.Result r = CliTest.run("export-ncps", "--model", model.toString(), "--output",
        dir.toString());
    CliTest.assertOneLineError(r);
    assertEquals("liquid4j: error: " + dir.resolve("config.json")
        + " already exists (use --force to overwrite)", r.err().lines().findFirst().orElseThrow());
    assertEquals("precious", Files.readString(dir.resolve("config.json")));
    assertFalse(Files.exists(dir.resolve("model.safetensors")));
    CliTest.Result forced = CliTest.run("export-ncps", "--model", model.toString(), "--output",
        dir.toString(), "--force");
    assertEquals(0, forced.code(), forced.err());
    assertTrue(Files.readString(dir.resolve("config.json")).contains("\"LTC\""));

    Path aFile = tmp.resolve("a-file");
    Files.writeString(aFile, "x");
    CliTest.assertOneLineError(CliTest.run("export-ncps", "--model", model.toString(),
        "--output", aFile.toString(), "--force"), "--output", "is not a folder");
    assertEquals("x", Files.readString(aFile));

    CliTest.assertOneLineError(CliTest.run("export-ncps", "--model",
        tmp.resolve("missing.model").toString(), "--output", tmp.resolve("o3").toString()),
        "missing.model", "no such file");
  }

  @Test
  void modelsNcpsCannotExpressAreRefusedInOneLine() throws IOException {
    Path ctrnn = tmp.resolve("ctrnn.model");
    ModelFile.save(SequenceModel.create(ModelConfig.ctrnn(2, 4).build(), 1), ctrnn, false);
    CliTest.assertOneLineError(CliTest.run("export-ncps", "--model", ctrnn.toString(),
        "--output", tmp.resolve("o").toString()), ctrnn + ": cannot export to ncps: model is"
        + " CTRNN");
    Path paper = tmp.resolve("paper.model");
    ModelFile.save(SequenceModel.create(ModelConfig.cfc(2, 4)
        .cfcVariant(io.liquid4j.cell.CfcVariant.PAPER).build(), 1), paper, false);
    CliTest.assertOneLineError(CliTest.run("export-ncps", "--model", paper.toString(),
        "--output", tmp.resolve("o").toString()), "cfc_variant is paper");
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void storedPreprocessingIsWrittenBesideWithAWarning() throws IOException {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, 3).build(), 2);
    Preprocessing p = Preprocessing.builder().features(List.of("a", "b"))
        .inputScaling(Standardizer.of(new double[] {1, 2}, new double[] {3, 4}))
        .classification(List.of("x", "y", "z")).build();
    Path file = tmp.resolve("trained.model");
    ModelFile.save(model, p, file, false);
    Path dir = tmp.resolve("out");
    CliTest.Result r = CliTest.run("export-ncps", "--model", file.toString(), "--output",
        dir.toString());
    assertEquals(0, r.code(), r.err());
    String warning = r.err().lines().findFirst().orElse("");
    assertTrue(warning.startsWith("liquid4j: warning: the model's preprocessing is written to "
        + dir.resolve("preprocessing.json")) && warning.contains("ncps does not apply it"),
        r.err());
    assertTrue(Files.exists(dir.resolve("preprocessing.json")));
    assertTrue(r.out().contains(dir.resolve("preprocessing.json").toString()), r.out());
  }
}
