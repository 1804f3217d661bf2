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

  /** Runs the launcher in a child JVM with a 256 MiB heap; returns exit code and stderr. */
  private static CliTest.Result runWithSmallHeap(String... args) throws Exception {
    Path script = Path.of(System.getProperty("liquid4j.home"), "liquid4j");
    java.util.List<String> command = new java.util.ArrayList<>(
        java.util.List.of("bash", script.toString()));
    command.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("LIQUID4J_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("LIQUID4J_JAVA_OPTS", "-Xmx256m");
    pb.environment().put("LIQUID4J_VECTOR", "0");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    return new CliTest.Result(p.waitFor(), "", err);
  }

  /**
   * Issue 16's bounded-memory case: 400 MB of float32 inputs (800 MB as doubles, three times the
   * heap) are predicted under -Xmx256m, a batch at a time. The first and last sequences hold
   * random values and their outputs are checked against an in-process prediction.
   */
  @Test
  void predictStreamsAnInputWhoseDoubleCopyExceedsTheHeap() throws Exception {
    int features = 10_000;
    int steps = 10;
    int sequences = 1_000;
    // A CfC without backbone: cheap per input, so the run is about memory, not arithmetic.
    SequenceModel m = SequenceModel.create(ModelConfig.cfc(features, 4).backbone(1, 0, 0.0)
        .build(), 5);
    io.liquid4j.predict.Predictor predictor = io.liquid4j.predict.Predictor.of(m);
    Path model = tmp.resolve("wide.safetensors");
    predictor.save(model, false);
    Path x = tmp.resolve("x.npy");
    sparseFloat32(x, sequences, steps, features);
    assertTrue(Files.size(x) > 400_000_000L);
    java.util.Random r = new java.util.Random(16);
    double[] first = new double[steps * features];
    double[] last = new double[steps * features];
    for (int i = 0; i < first.length; i++) {
      first[i] = (float) r.nextGaussian();
      last[i] = (float) r.nextGaussian();
    }
    long dataStart = Files.size(x) - 4L * sequences * steps * features;
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(x.toFile(), "rw")) {
      f.seek(dataStart);
      f.write(float32(first));
      f.seek(dataStart + 4L * (sequences - 1) * steps * features);
      f.write(float32(last));
    }
    Path y = tmp.resolve("y.npy");
    CliTest.Result result = runWithSmallHeap("predict", "--model", model.toString(), "--input",
        x.toString(), "--output", y.toString());
    org.junit.jupiter.api.Assertions.assertEquals(0, result.code(), result.err());
    io.liquid4j.io.NpyArray out = io.liquid4j.io.Npy.read(y);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {sequences, steps, 4},
        out.shape());
    double[] expectFirst = predictor.predict(first, 1, steps, null, null).outputs();
    double[] expectLast = predictor.predict(last, 1, steps, null, null).outputs();
    double[] expectZero = predictor.predict(new double[steps * features], 1, steps, null, null)
        .outputs();
    double[] got = out.data();
    int row = steps * 4;
    for (int i = 0; i < row; i++) {
      org.junit.jupiter.api.Assertions.assertEquals((float) expectFirst[i], got[i], 0.0);
      org.junit.jupiter.api.Assertions.assertEquals((float) expectZero[i], got[row + i], 0.0);
      org.junit.jupiter.api.Assertions.assertEquals((float) expectLast[i],
          got[(sequences - 1) * row + i], 0.0);
    }
  }

  private static byte[] float32(double[] v) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      b.putFloat((float) d);
    }
    return b.array();
  }

  @Test
  void predictRefusesASequenceLargerThanTheHeapBeforeReadingIt() throws Exception {
    Path model = modelWithConfig("\"units\":8", "\"units\":8");
    Path x = tmp.resolve("x.npy");
    sparseFloat32(x, 2, 20_000_000, 3); // one sequence is 480 MB as doubles
    CliTest.Result r = runWithSmallHeap("predict", "--model", model.toString(), "--input",
        x.toString(), "--output", tmp.resolve("y.npy").toString());
    CliTest.assertOneLineError(r, "--input:", "one sequence of 20000000 steps and 3 features",
        "maximum heap of", "LIQUID4J_JAVA_OPTS=-Xmx");
    assertTrue(r.err().lines().count() == 1, r.err());
    assertFalse(Files.exists(tmp.resolve("y.npy")));
  }
}
