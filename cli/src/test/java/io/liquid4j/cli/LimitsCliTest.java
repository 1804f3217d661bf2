package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 cases 5 and 6: sizes with no real upper bound are refused in one line naming the
 * option, or the file and key, and the limit, before anything of that size is allocated.
 */
class LimitsCliTest {
  @TempDir Path tmp;

  private static final Path GOLDEN =
      CliTest.goldenRoot().resolve("ltc_fullyconnected8_in3_irregular");

  @Test
  void wiringInputsAreBounded() {
    CliTest.Result r = CliTest.run("wiring", "--spec",
        "{\"type\":\"AutoNCP\",\"units\":16,\"output_size\":1}", "--inputs", "100000000",
        "--output", tmp.resolve("w.svg").toString());
    CliTest.assertOneLineError(r, "--inputs", "input_dim must be <= 1000000", "100000000");
    assertFalse(Files.exists(tmp.resolve("w.svg")));
  }

  @Test
  void importNcpsWithTooManyUnitsIsRefusedNamingTheFileAndKey() throws IOException {
    Path config = tmp.resolve("config.json");
    Files.writeString(config, "{\"model\": \"LTC\", \"input_size\": 3, \"units\": 40000}");
    CliTest.Result r = CliTest.run("import-ncps", "--config", config.toString(), "--weights",
        GOLDEN.resolve("model.safetensors").toString(), "--output",
        tmp.resolve("m.safetensors").toString());
    CliTest.assertOneLineError(r, "config.json", "units", "<= 10000", "40000");
    assertFalse(Files.exists(tmp.resolve("m.safetensors")));
  }

  private Path modelWithConfig(String from, String to) throws IOException {
    byte[] bytes = ModelFile.toBytes(SequenceModel.create(ModelConfig.ltc(3, 8).build(), 0));
    SafetensorsFile f = Safetensors.read(bytes, "m");
    Map<String, String> meta = new LinkedHashMap<>(f.metadata());
    assertTrue(meta.get("config").contains(from), meta.get("config"));
    meta.put("config", meta.get("config").replace(from, to));
    Path p = tmp.resolve("hostile.safetensors");
    Files.write(p, Safetensors.toBytes(f.tensorList(), meta));
    return p;
  }

  @Test
  void aSmallModelFileWithHugeSizesIsRefusedBeforeTheModelIsBuilt() throws IOException {
    for (String[] c : new String[][] {
        {"\"units\":8", "\"units\":30000", "units", "<= 10000", "30000"},
        {"\"ode_unfolds\":6", "\"ode_unfolds\":1000000000", "ode_unfolds", "<= 1000",
            "1000000000"}}) {
      Path model = modelWithConfig(c[0], c[1]);
      CliTest.Result r = CliTest.run("predict", "--model", model.toString(), "--input",
          GOLDEN.resolve("input.npy").toString(), "--output", tmp.resolve("y.npy").toString());
      CliTest.assertOneLineError(r, "hostile.safetensors", c[2], c[3], c[4]);
      assertFalse(Files.exists(tmp.resolve("y.npy")));
    }
  }

  @Test
  void reservoirUnitsAndTheMemoryTheyImplyAreBounded() {
    CliTest.assertOneLineError(CliTest.run("reservoir", "--units", "40000"),
        "--units: expected at most 10000", "40000");
    // Within each limit, but the states of 9 million steps of 10 000 units are 1.4 TB.
    CliTest.assertOneLineError(CliTest.run("reservoir", "--units", "10000", "--length",
        "10000000", "--train", "9000000", "--test", "100000"),
        "--units, --length", "maximum heap", "MiB", "units 10000", "length 10000000");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--length", "2000000000"),
        "--length: expected at most 10000000", "2000000000");
  }

  @Test
  void spikingColumnsAreBounded() {
    CliTest.assertOneLineError(CliTest.run("spike", "lsm", "--grid", "1000x1000x1000"),
        "--grid: expected at most 10000 neurons", "'1000x1000x1000' = 1000000000");
    assertThrowsNamingGrid();
  }

  private static void assertThrowsNamingGrid() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> io.liquid4j.spiking.lsm.Column.create(2000, 2000,
            2000, 0.2, 2.0, true, new java.util.SplittableRandom(1)));
    assertTrue(e.getMessage().startsWith("grid: expected at most 10000 neurons"), e.getMessage());
    assertTrue(e.getMessage().contains("8000000000"), e.getMessage());
  }

  @Test
  void aDeviceOrDirectoryAsInputOrModelIsRefusedNamingTheFile() throws IOException {
    Path model = modelWithConfig("\"units\":8", "\"units\":8");
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
    CliTest.Result r = CliTest.run("predict", "--model", model.toString(), "--input",
        zero.toString(), "--output", tmp.resolve("y.npy").toString());
    CliTest.assertOneLineError(r, "/dev/zero", "not a regular file", ".npy");
    r = CliTest.run("predict", "--model", zero.toString(), "--input",
        GOLDEN.resolve("input.npy").toString(), "--output", tmp.resolve("y.npy").toString());
    CliTest.assertOneLineError(r, "/dev/zero", "not a regular file", "safetensors");
    r = CliTest.run("predict", "--model", model.toString(), "--input", tmp.toString(),
        "--output", tmp.resolve("y.npy").toString());
    CliTest.assertOneLineError(r, tmp.toString(), "a directory");
    assertFalse(Files.exists(tmp.resolve("y.npy")));
  }

  /** A float32 .npy of {@code shape} whose data is a hole: sparse, so nothing is written. */
  private static void sparseFloat32(Path file, int... shape) throws IOException {
    StringBuilder dims = new StringBuilder();
    long elements = 1;
    for (int d : shape) {
      dims.append(d).append(", ");
      elements *= d;
    }
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
          (byte) header.length(), (byte) (header.length() >> 8)});
      f.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      f.setLength(10 + header.length() + 4 * elements);
    }
  }

  @Test
  void predictRefusesAnInputLargerThanTheHeapBeforeReadingIt() throws Exception {
    Path model = modelWithConfig("\"units\":8", "\"units\":8");
    Path x = tmp.resolve("x.npy");
    sparseFloat32(x, 1000, 8000, 3); // 96 MB of float32, over 500 MB as doubles
    assertTrue(io.liquid4j.io.Npy.readHeader(x).size() == 24_000_000L);
    Path script = Path.of(System.getProperty("liquid4j.home"), "liquid4j");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "predict", "--model",
        model.toString(), "--input", x.toString(), "--output", tmp.resolve("y.npy").toString());
    pb.environment().put("LIQUID4J_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("LIQUID4J_JAVA_OPTS", "-Xmx256m");
    pb.environment().put("LIQUID4J_VECTOR", "0");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    int code = p.waitFor();
    CliTest.assertOneLineError(new CliTest.Result(code, "", err), "--input", x.toString(),
        "[1000, 8000, 3]", "maximum heap of", "LIQUID4J_JAVA_OPTS=-Xmx");
    assertTrue(err.lines().count() == 1, err);
    assertFalse(Files.exists(tmp.resolve("y.npy")));
  }
}
