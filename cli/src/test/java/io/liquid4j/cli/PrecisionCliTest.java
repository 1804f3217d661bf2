package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Precision;
import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Npy;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/** {@code --precision} of train, predict and bench, and the precision that info shows. */
class PrecisionCliTest {
  @TempDir static Path tmp;

  private static Path data;
  private static Path f32Model;
  private static String trainOut;

  @BeforeAll
  static void trainAFloat32Model() throws Exception {
    StringBuilder csv = new StringBuilder("signal,noise,label\n");
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 300; i++) {
      double s = Math.sin(i / 4.0);
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", s, r.nextDouble(-0.1, 0.1),
          s > 0 ? 1 : 0));
    }
    data = tmp.resolve("series.csv");
    Files.writeString(data, csv);
    f32Model = tmp.resolve("f32.safetensors");
    CliTest.Result trained = CliTest.run(train("--model", "cfc", "--units", "4",
        "--precision", "float32", "--output", f32Model.toString()));
    assertEquals(0, trained.code(), trained.err());
    trainOut = trained.out();
  }

  private static String[] train(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(),
        "--features", "signal,noise", "--target", "label", "--window", "10", "--epochs", "2",
        "--quiet"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void trainStoresThePrecisionAndInfoShowsIt() throws Exception {
    assertTrue(trainOut.contains("\"precision\":\"float32\""), trainOut);
    SequenceModel model = ModelFile.load(f32Model);
    assertEquals(Precision.FLOAT32, model.precision());
    CliTest.Result info = CliTest.run("info", "--model", f32Model.toString());
    assertEquals(0, info.code(), info.err());
    assertTrue(info.out().lines().anyMatch(l -> l.equals("  precision = float32")), info.out());

    Path f64 = tmp.resolve("f64.safetensors");
    ModelFile.save(model.withPrecision(Precision.FLOAT64), f64, false);
    CliTest.Result info64 = CliTest.run("info", "--model", f64.toString());
    assertTrue(info64.out().lines().anyMatch(l -> l.equals("  precision = float64")),
        info64.out());
  }

  @Test
  void theSameSeedGivesTheSameFloat32ModelForAnyNumberOfThreads() throws Exception {
    Path one = tmp.resolve("t1.safetensors");
    Path two = tmp.resolve("t2.safetensors");
    assertEquals(0, CliTest.run(train("--model", "ltc", "--units", "6", "--wiring", "ncp",
        "--precision", "float32", "--threads", "1", "--output", one.toString())).code());
    assertEquals(0, CliTest.run(train("--model", "ltc", "--units", "6", "--wiring", "ncp",
        "--precision", "float32", "--threads", "2", "--output", two.toString())).code());
    SequenceModel a = ModelFile.load(one);
    assertEquals(Precision.FLOAT32, a.precision());
    assertArrayEquals(a.parameters(), ModelFile.load(two).parameters(), 0.0);
  }

  @Test
  void predictRunsTheModelInThePrecisionAsked() throws Exception {
    int n = 3;
    int l = 10;
    double[] x = new SplittableRandom(4).doubles(n * l * 2, -1, 1).toArray();
    Path xs = tmp.resolve("x.npy");
    Npy.writeFloat32(xs, new int[] {n, l, 2}, x, true);
    double[] xf = Npy.read(xs).data();
    Predictor loaded = Predictor.load(f32Model);
    for (String precision : new String[] {null, "float32", "float64"}) {
      Path y = tmp.resolve("y-" + precision + ".npy");
      CliTest.Result r = precision == null
          ? CliTest.run("predict", "--model", f32Model.toString(), "--input", xs.toString(),
              "--output", y.toString(), "--force")
          : CliTest.run("predict", "--model", f32Model.toString(), "--input", xs.toString(),
              "--output", y.toString(), "--force", "--precision", precision);
      assertEquals(0, r.code(), r.err());
      Precision p = precision == null ? Precision.FLOAT32 : Precision.parse(precision);
      assertEquals(p == Precision.FLOAT32, r.out().contains("(computed in float32)"), r.out());
      double[] expected = loaded.withPrecision(p).predict(xf, n, l, null, null).outputs();
      double[] got = Npy.read(y).data();
      assertEquals(expected.length, got.length);
      for (int i = 0; i < got.length; i++) {
        assertEquals((float) expected[i], (float) got[i], precision + " [" + i + "]");
      }
    }
  }

  @Test
  void benchBuildsItsWorkloadsInThePrecisionWithTheSameKeys() throws Exception {
    for (String precision : new String[] {"float64", "float32"}) {
      CliTest.Result r = CliTest.run("bench", "--only", "infer_cfc_step_s", "--repetitions", "1",
          "--warm-up", "0", "--precision", precision, "--json", "--quiet");
      assertEquals(0, r.code(), r.err());
      List<String> lines = r.out().lines().toList();
      Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
      assertEquals(List.of("infer_cfc_step_s", "kernel", "threads"), List.copyOf(m.keySet()));
    }
    CliTest.Result human = CliTest.run("bench", "--only", "infer_cfc_step_s", "--repetitions",
        "1", "--warm-up", "0", "--precision", "float32", "--quiet");
    assertEquals(0, human.code(), human.err());
    assertTrue(human.out().lines().anyMatch(l -> l.startsWith("precision: float32")),
        human.out());
  }

  @Test
  void badPrecisionsAreOneLineErrors() throws Exception {
    Path out = tmp.resolve("never.safetensors");
    CliTest.assertOneLineError(CliTest.run(train("--precision", "float16", "--output",
        out.toString())), "--precision", "expected float64 or float32", "'float16'");
    CliTest.assertOneLineError(CliTest.run(train("--model", "ctrnn", "--units", "4",
        "--precision", "float32", "--output", out.toString())), "--precision",
        "float32 is not offered for ctrnn");
    CliTest.assertOneLineError(CliTest.run(train("--model", "ltc", "--units", "4", "--solver",
        "dopri5", "--precision", "float32", "--output", out.toString())), "--precision",
        "dopri5");
    CliTest.assertOneLineError(CliTest.run(train("--model-spec",
        "{\"model\": \"cfc\", \"units\": 4, \"precision\": \"float32\"}", "--precision",
        "float64", "--output", out.toString())), "--precision", "float64", "float32");
    CliTest.assertOneLineError(CliTest.run(train("--model-spec",
        "{\"model\": \"cfc\", \"units\": 4, \"precision\": \"half\"}", "--output",
        out.toString())), "--model-spec", "'precision'", "'half'");
    assertFalse(Files.exists(out));

    Path xs = tmp.resolve("x1.npy");
    Npy.writeFloat32(xs, new int[] {1, 4, 2}, new double[8], true);
    Path y = tmp.resolve("never.npy");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", f32Model.toString(), "--input",
        xs.toString(), "--output", y.toString(), "--precision", "bf16"), "--precision",
        "expected float64 or float32", "'bf16'");
    Path ctrnn = tmp.resolve("ctrnn.safetensors");
    ModelFile.save(SequenceModel.create(ModelConfig.ctrnn(2, 3).build(), 1), ctrnn, true);
    CliTest.assertOneLineError(CliTest.run("predict", "--model", ctrnn.toString(), "--input",
        xs.toString(), "--output", y.toString(), "--precision", "float32"), "--precision",
        "float32 is not offered for ctrnn (use float64)");
    assertFalse(Files.exists(y));

    CliTest.assertOneLineError(CliTest.run("bench", "--only", "infer_cfc_step_s", "--precision",
        "double-double"), "--precision", "'double-double'");
    CliTest.assertOneLineError(CliTest.run("bench", "--peak", "--precision", "float32"),
        "--precision", "--peak");
  }
}
