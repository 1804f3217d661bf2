package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The command-line contract: import-ncps + predict reproduce ncps; errors are one line. */
class CliTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  static Path goldenRoot() {
    return Path.of(System.getProperty("liquid4j.golden.files"));
  }

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(goldenRoot())) {
      return s.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  static void assertClose(String label, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, label);
    for (int i = 0; i < expected.length; i++) {
      double tol = 1e-5 + 1e-3 * Math.abs(expected[i]);
      if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
        fail(label + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void importThenPredictReproducesNcps(Path dir) throws IOException {
    Path model = tmp.resolve("model.safetensors");
    Result imported = run("import-ncps", "--config", dir.resolve("config.json").toString(),
        "--weights", dir.resolve("model.safetensors").toString(), "--output", model.toString());
    assertEquals(0, imported.code(), imported.err());
    List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(),
        "--input", dir.resolve("input.npy").toString(),
        "--output", tmp.resolve("y.npy").toString(),
        "--final-state", tmp.resolve("h.npy").toString()));
    if (Files.exists(dir.resolve("timespans.npy"))) {
      args.addAll(List.of("--timespans", dir.resolve("timespans.npy").toString()));
    }
    Result predicted = run(args.toArray(String[]::new));
    assertEquals(0, predicted.code(), predicted.err());
    NpyArray y = Npy.read(tmp.resolve("y.npy"));
    NpyArray expected = Npy.read(dir.resolve("expected_output.npy"));
    assertEquals("<f4", y.dtype());
    assertArrayEquals(expected.shape(), y.shape());
    assertClose("output", expected.data(), y.data());
    assertClose("final h", Npy.read(dir.resolve("expected_h.npy")).data(),
        Npy.read(tmp.resolve("h.npy")).data());
  }

  Path importedModel() {
    Path dir = goldenRoot().resolve("ltc_fullyconnected8_in3_irregular");
    Path model = tmp.resolve("m.safetensors");
    Result r = run("import-ncps", "--config", dir.resolve("config.json").toString(), "--weights",
        dir.resolve("model.safetensors").toString(), "--output", model.toString());
    assertEquals(0, r.code(), r.err());
    return model;
  }

  static void assertOneLineError(Result r, String... parts) {
    assertEquals(Main.USAGE_ERROR, r.code(), r.out() + r.err());
    String first = r.err().lines().findFirst().orElse("");
    assertTrue(first.startsWith("liquid4j: error: "), r.err());
    for (String p : parts) {
      assertTrue(first.contains(p), "'" + first + "' should contain '" + p + "'");
    }
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void helpListsTheCommands() {
    Result r = run("--help");
    assertEquals(0, r.code());
    for (String c : List.of("import-ncps", "predict", "info")) {
      assertTrue(r.out().contains(c), r.out());
    }
  }

  @Test
  void existingOutputsAreKeptUnlessForced() throws IOException {
    Path model = importedModel();
    byte[] before = Files.readAllBytes(model);
    Path dir = goldenRoot().resolve("ltc_fullyconnected8_in3_irregular");
    Result again = run("import-ncps", "--config", dir.resolve("config.json").toString(),
        "--weights", dir.resolve("model.safetensors").toString(), "--output", model.toString());
    assertOneLineError(again);
    assertEquals("liquid4j: error: " + model + " already exists (use --force to overwrite)",
        again.err().lines().findFirst().orElseThrow(), "the path named once");
    assertArrayEquals(before, Files.readAllBytes(model));
    Path y = tmp.resolve("y.npy");
    Files.writeString(y, "precious");
    Result predict = run("predict", "--model", model.toString(), "--input",
        dir.resolve("input.npy").toString(), "--output", y.toString());
    assertOneLineError(predict);
    assertEquals("liquid4j: error: " + y + " already exists (use --force to overwrite)",
        predict.err().lines().findFirst().orElseThrow(), "the path named once");
    assertEquals("precious", Files.readString(y));
    Result forced = run("predict", "--model", model.toString(), "--input",
        dir.resolve("input.npy").toString(), "--output", y.toString(), "--force");
    assertEquals(0, forced.code(), forced.err());
  }

  @Test
  void badInputsGiveOneLineErrors() throws IOException {
    Path model = importedModel();
    Path wrongFeatures = tmp.resolve("x2.npy");
    Npy.writeFloat32(wrongFeatures, new int[] {1, 4, 2}, new double[8], false);
    assertOneLineError(run("predict", "--model", model.toString(), "--input",
        wrongFeatures.toString(), "--output", tmp.resolve("o.npy").toString()),
        wrongFeatures.toString(), "3 features", "found 2");

    Path flat = tmp.resolve("flat.npy");
    Npy.writeFloat32(flat, new int[] {4, 3}, new double[12], false);
    assertOneLineError(run("predict", "--model", model.toString(), "--input", flat.toString(),
        "--output", tmp.resolve("o.npy").toString()), "3-D");

    Path x = tmp.resolve("x.npy");
    Npy.writeFloat32(x, new int[] {2, 4, 3}, new double[24], false);
    Path badTs = tmp.resolve("t.npy");
    double[] ts = new double[8];
    java.util.Arrays.fill(ts, 1.0);
    ts[5] = -1;
    Npy.writeFloat32(badTs, new int[] {2, 4}, ts, false);
    assertOneLineError(run("predict", "--model", model.toString(), "--input", x.toString(),
        "--timespans", badTs.toString(), "--output", tmp.resolve("o.npy").toString()),
        badTs.toString(), "> 0", "[1, 1]");

    Path shortTs = tmp.resolve("t3.npy");
    Npy.writeFloat32(shortTs, new int[] {2, 3}, new double[6], false);
    assertOneLineError(run("predict", "--model", model.toString(), "--input", x.toString(),
        "--timespans", shortTs.toString(), "--output", tmp.resolve("o.npy").toString()),
        "(2, 4)", "found (2, 3)");

    double[] nan = new double[24];
    nan[4] = Double.NaN;
    Path nanX = tmp.resolve("nan.npy");
    Npy.writeFloat32(nanX, new int[] {2, 4, 3}, nan, false);
    assertOneLineError(run("predict", "--model", model.toString(), "--input", nanX.toString(),
        "--output", tmp.resolve("o.npy").toString()), "NaN", "[0, 1, 1]");

    assertOneLineError(run("predict", "--model", tmp.resolve("none.safetensors").toString(),
        "--input", x.toString(), "--output", tmp.resolve("o.npy").toString()), "none.safetensors",
        "no such file");

    Path garbage = tmp.resolve("garbage.safetensors");
    Files.writeString(garbage, "this is not a model");
    assertOneLineError(run("info", "--model", garbage.toString()), garbage.toString());

    assertOneLineError(run("predict", "--input", x.toString()), "--model");
    assertOneLineError(run("predict", "--model", model.toString(), "--input", x.toString(),
        "--output", tmp.resolve("o.npy").toString(), "--final-memory",
        tmp.resolve("c.npy").toString()), "--final-memory", "mixed memory");
    assertFalse(Files.exists(tmp.resolve("o.npy")), "no output after a refused run");
  }

  @Test
  void infoDescribesAModel() {
    Path model = importedModel();
    Result r = run("info", "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("rnn_cell.sensory_erev") && r.out().contains("(frozen)"), r.out());
    assertTrue(r.out().contains("FullyConnected"), r.out());
  }

  @Test
  void aSequenceSplitInTwoContinuesFromTheSavedState() throws IOException {
    Path dir = goldenRoot().resolve("ltc_autoncp12_out2_mixed_memory");
    Path model = tmp.resolve("mm.safetensors");
    assertEquals(0, run("import-ncps", "--config", dir.resolve("config.json").toString(),
        "--weights", dir.resolve("model.safetensors").toString(), "--output", model.toString())
        .code());
    NpyArray x = Npy.read(dir.resolve("input.npy"));
    NpyArray ts = Npy.read(dir.resolve("timespans.npy"));
    int b = x.shape()[0];
    int l = x.shape()[1];
    int s = x.shape()[2];
    int half = l / 2;
    double[][] xs = new double[2][];
    double[][] tss = new double[2][];
    for (int part = 0; part < 2; part++) {
      int from = part == 0 ? 0 : half;
      int len = part == 0 ? half : l - half;
      xs[part] = new double[b * len * s];
      tss[part] = new double[b * len];
      for (int i = 0; i < b; i++) {
        System.arraycopy(x.data(), (i * l + from) * s, xs[part], i * len * s, len * s);
        System.arraycopy(ts.data(), i * l + from, tss[part], i * len, len);
      }
      Npy.writeFloat64(tmp.resolve("x" + part + ".npy"), new int[] {b, len, s}, xs[part], false);
      Npy.writeFloat64(tmp.resolve("t" + part + ".npy"), new int[] {b, len}, tss[part], false);
    }
    Result first = run("predict", "--model", model.toString(), "--input",
        tmp.resolve("x0.npy").toString(), "--timespans", tmp.resolve("t0.npy").toString(),
        "--output", tmp.resolve("y0.npy").toString(), "--final-state",
        tmp.resolve("h0.npy").toString(), "--final-memory", tmp.resolve("c0.npy").toString());
    assertEquals(0, first.code(), first.err());
    assertOneLineError(run("predict", "--model", model.toString(), "--input",
        tmp.resolve("x1.npy").toString(), "--output", tmp.resolve("y1.npy").toString(),
        "--initial-state", tmp.resolve("h0.npy").toString()), "--initial-memory", "mixed memory");
    Result second = run("predict", "--model", model.toString(), "--input",
        tmp.resolve("x1.npy").toString(), "--timespans", tmp.resolve("t1.npy").toString(),
        "--output", tmp.resolve("y1.npy").toString(), "--initial-state",
        tmp.resolve("h0.npy").toString(), "--initial-memory", tmp.resolve("c0.npy").toString(),
        "--final-state", tmp.resolve("h1.npy").toString());
    assertEquals(0, second.code(), second.err());
    // The split run ends where ncps's single run over the whole sequence ends.
    assertClose("final h after two halves", Npy.read(dir.resolve("expected_h.npy")).data(),
        Npy.read(tmp.resolve("h1.npy")).data());
    double[] expected = Npy.read(dir.resolve("expected_output.npy")).data();
    double[] y1 = Npy.read(tmp.resolve("y1.npy")).data();
    int o = expected.length / (b * l);
    for (int i = 0; i < b; i++) {
      for (int t = half; t < l; t++) {
        for (int k = 0; k < o; k++) {
          double want = expected[(i * l + t) * o + k];
          double got = y1[(i * (l - half) + t - half) * o + k];
          assertTrue(Math.abs(got - want) <= 1e-5 + 1e-3 * Math.abs(want),
              "sample " + i + " step " + t + ": " + got + " vs " + want);
        }
      }
    }
  }
}
