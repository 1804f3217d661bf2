package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.CsvTable;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import io.liquid4j.io.NcpsImport;
import io.liquid4j.io.Quoted;
import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import io.liquid4j.solver.SolverKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 case 8 in the library: impossible dopri5 tolerances, huge values, repeated JSON keys
 * and a directory given as a CSV file are each one short line naming the file and key.
 */
class ConfigInputsTest {
  @TempDir Path tmp;

  private static String refused(Executable e, String... parts) {
    Throwable t = assertThrows(Throwable.class, e);
    assertTrue(t instanceof IllegalArgumentException || t instanceof FileFormatException,
        () -> "expected a one-line error, got " + t);
    String m = t.getMessage();
    assertTrue(!m.contains("\n"), m);
    for (String p : parts) {
      assertTrue(m.contains(p), () -> "'" + m + "' should contain '" + p + "'");
    }
    return m;
  }

  private static Map<String, Object> ltc(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", "LTC");
    m.put("input_size", 2);
    m.put("units", 4);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void dopri5ToleranceBelowDoublePrecisionIsRefusedAtLoad() {
    refused(() -> ModelConfig.fromMap(ltc("solver", "dopri5", "rtol", 1e-300), "m.json"),
        "m.json", "rtol", ">= 1.0E-12", "1.0E-300");
    refused(() -> ModelConfig.fromMap(ltc("solver", "dopri5", "atol", 1e-200), "m.json"),
        "m.json", "atol", ">= 1.0E-12", "1.0E-200");
    ModelConfig atTheLimit = ModelConfig.fromMap(ltc("solver", "dopri5", "rtol",
        ModelConfig.MIN_TOLERANCE, "atol", ModelConfig.MIN_TOLERANCE), "m.json");
    assertEquals(SolverKind.DOPRI5, atTheLimit.solver());
    // The tolerances mean nothing to the fixed-step solvers, which keep accepting them.
    assertEquals(1e-300, ModelConfig.fromMap(ltc("solver", "euler", "rtol", 1e-300), "m.json")
        .rtol());
  }

  @Test
  void aHugeValueIsCutInTheMessage() {
    String huge = "x".repeat(5_000_000);
    for (Map<String, Object> config : java.util.List.of(ltc("solver", huge),
        ltc("model", "CTRNN", "activation", huge), ltc("model", huge), ltc("units", huge),
        ltc("units", Map.of("type", huge)), ltc(huge, 1),
        ltc("units", Map.of("type", "AutoNCP", "units", 8, "output_size", 1, huge, 1)))) {
      String m = refused(() -> ModelConfig.fromMap(config, "m.json"), "m.json",
          "(5000000 characters)");
      assertTrue(m.length() < 400, () -> m.length() + ": " + m.substring(0, 400));
    }
    String spec = refused(() -> ModelSpec.parse("{\"model\": \"" + huge + "\"}", "--model-spec"),
        "--model-spec", "(5000000 characters)");
    assertTrue(spec.length() < 400, () -> spec.substring(0, 400));
    assertEquals("'abc'", Quoted.of("abc"));
    assertEquals("'" + "y".repeat(80) + "…' (81 characters)", Quoted.of("y".repeat(81)));
  }

  @Test
  void repeatedKeysAreRefusedNamingTheKeyAndPlace() throws Exception {
    Path config = tmp.resolve("config.json");
    Files.writeString(config, "{\"model\": \"LTC\", \"input_size\": 2,\n \"units\": 4, \"units\": 8}");
    refused(() -> NcpsImport.readConfig(config), config.toString(), "units", "line 2",
        "column");
    refused(() -> ModelSpec.parse("{\"model\": \"cfc\", \"units\": 4, \"units\": 8}",
        "--model-spec"), "--model-spec", "units", "line 1", "column");

    byte[] bytes = ModelFile.toBytes(SequenceModel.create(ModelConfig.ltc(2, 4).build(), 0),
        Map.<String, String>of());
    SafetensorsFile f = Safetensors.read(bytes, "m.safetensors");
    Map<String, String> meta = new LinkedHashMap<>(f.metadata());
    String c = meta.get("config");
    assertTrue(c.startsWith("{\"model\":"), c);
    meta.put("config", "{\"model\":\"CfC\"," + c.substring(1));
    refused(() -> ModelFile.fromBytes(Safetensors.toBytes(f.tensorList(), meta),
        "m.safetensors"), "m.safetensors", "model", "line 1", "column");
  }

  @Test
  void aDirectoryGivenAsCsvIsNamed() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("data.csv"));
    refused(() -> CsvTable.read(dir), dir.toString(), "a directory", "expected a CSV file");
  }
}
