package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.Npy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * train, evaluate and predict on padded arrays with --lengths or --valid-steps, and experiment
 * xor.
 */
class ValidStepsCliTest {
  @TempDir Path tmp;

  private static Map<?, ?> lastJson(CliTest.Result r) throws Exception {
    List<String> lines = r.out().lines().toList();
    return new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
  }

  @Test
  void trainAndEvaluateOnPaddedArrays() throws Exception {
    int b = 48;
    int l = 6;
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[b * l];
    double[] y = new double[b];
    double[] lengths = new double[b];
    double[] valid = new double[b * l];
    double[] dt = new double[b * l];
    for (int i = 0; i < b; i++) {
      int n = 1 + r.nextInt(l);
      lengths[i] = n;
      for (int t = 0; t < l; t++) {
        x[i * l + t] = t < n ? (r.nextBoolean() ? 1 : -1) : 5; // junk padding
        valid[i * l + t] = t < n ? 1 : 0;
        dt[i * l + t] = t < n ? 1 : 0; // padded Δt 0, as the CfC paper's data have
      }
      y[i] = x[i * l + n - 1] > 0 ? 1 : 0; // the sign of the last valid step
    }
    Path xs = tmp.resolve("x.npy");
    Path ys = tmp.resolve("y.npy");
    Path ns = tmp.resolve("n.npy");
    Path vs = tmp.resolve("v.npy");
    Path ts = tmp.resolve("t.npy");
    Npy.writeFloat64(xs, new int[] {b, l, 1}, x, false);
    java.nio.file.Files.write(ys, Npy.toBytes(new int[] {b}, y, io.liquid4j.io.DType.I64));
    Npy.writeFloat64(ns, new int[] {b}, lengths, false);
    Npy.writeFloat64(vs, new int[] {b, l}, valid, false);
    Npy.writeFloat64(ts, new int[] {b, l}, dt, false);
    Path model = tmp.resolve("m.safetensors");
    CliTest.Result trained = CliTest.run("train", "--inputs", xs.toString(), "--targets",
        ys.toString(), "--timespans", ts.toString(), "--lengths", ns.toString(), "--model", "cfc",
        "--units", "6", "--epochs", "3", "--output", model.toString(), "--quiet");
    assertEquals(0, trained.code(), trained.err());
    assertTrue(trained.out().contains("valid steps"), trained.out());

    CliTest.Result byLengths = CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        xs.toString(), "--targets", ys.toString(), "--timespans", ts.toString(), "--lengths",
        ns.toString(), "--json");
    assertEquals(0, byLengths.code(), byLengths.err());
    CliTest.Result byMask = CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        xs.toString(), "--targets", ys.toString(), "--timespans", ts.toString(),
        "--valid-steps", vs.toString(), "--json");
    assertEquals(0, byMask.code(), byMask.err());
    assertEquals(lastJson(byLengths), lastJson(byMask));
    // Without the mask the junk padding is read, and a Δt of 0 is refused.
    CliTest.assertOneLineError(CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        xs.toString(), "--targets", ys.toString(), "--timespans", ts.toString()), "t.npy",
        "elapsed times must be finite and > 0");
    Path ones = tmp.resolve("ones.npy");
    double[] one = new double[b * l];
    java.util.Arrays.fill(one, 1.0);
    Npy.writeFloat64(ones, new int[] {b, l}, one, false);
    CliTest.Result unmasked = CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        xs.toString(), "--targets", ys.toString(), "--timespans", ones.toString(), "--json");
    assertEquals(0, unmasked.code(), unmasked.err());
    assertNotEquals(lastJson(byLengths).get("loss"), lastJson(unmasked).get("loss"));

    CliTest.assertOneLineError(CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        xs.toString(), "--targets", ys.toString(), "--lengths", ns.toString(), "--valid-steps",
        vs.toString()), "--lengths", "not both");
    CliTest.assertOneLineError(CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        xs.toString(), "--targets", ys.toString(), "--lengths", vs.toString()), "v.npy",
        "expected shape (48,)");

    // predict: each sequence's output at its last valid step, as the sequence run alone without
    // its padding through the library (Y is float32).
    io.liquid4j.predict.Predictor predictor = io.liquid4j.predict.Predictor.load(model);
    double[] expected = new double[b * 2];
    for (int i = 0; i < b; i++) {
      int n = (int) lengths[i];
      double[] alone = predictor.predict(java.util.Arrays.copyOfRange(x, i * l, i * l + n), 1, n,
          java.util.Arrays.copyOfRange(dt, i * l, i * l + n), null).outputs();
      expected[2 * i] = (float) alone[0];
      expected[2 * i + 1] = (float) alone[1];
    }
    for (String[] option : new String[][] {{"--lengths", ns.toString()},
        {"--valid-steps", vs.toString()}}) {
      Path out = tmp.resolve("pred" + option[0] + ".npy");
      CliTest.Result predicted = CliTest.run("predict", "--model", model.toString(), "--input",
          xs.toString(), "--timespans", ts.toString(), option[0], option[1], "--output",
          out.toString(), "--batch-size", "5");
      assertEquals(0, predicted.code(), predicted.err());
      io.liquid4j.io.NpyArray y2 = Npy.read(out);
      org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {b, 2}, y2.shape());
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected, y2.data(), 0.0, option[0]);
    }
    Path out = tmp.resolve("p.npy");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--input",
        xs.toString(), "--timespans", ts.toString(), "--lengths", ns.toString(), "--valid-steps",
        vs.toString(), "--output", out.toString()), "--lengths", "not both");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--input",
        xs.toString(), "--timespans", ts.toString(), "--lengths", vs.toString(), "--output",
        out.toString()), "v.npy", "expected shape (48,)");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--input",
        xs.toString(), "--timespans", ts.toString(), "--valid-steps", ns.toString(), "--output",
        out.toString()), "n.npy", "expected shape (48, 6)");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--data",
        tmp.resolve("any.csv").toString(), "--valid-steps", vs.toString(), "--output",
        out.toString()), "--valid-steps", "goes with --input");
    assertTrue(!java.nio.file.Files.exists(out));
  }

  @Test
  void experimentXorRunsOnAFewSequences() throws Exception {
    CliTest.Result r = CliTest.run("experiment", "xor", "--model", "cfc-mmrnn", "--epochs", "1",
        "--train-size", "32", "--test-size", "16", "--threads", "1", "--quiet", "--json");
    assertEquals(0, r.code(), r.err());
    Map<?, ?> m = lastJson(r);
    assertEquals("xor", m.get("dataset"));
    assertEquals(16, ((Number) m.get("test_size")).intValue());
    double acc = ((Number) m.get("test_accuracy")).doubleValue();
    assertTrue(acc >= 0 && acc <= 1, r.out());
    CliTest.assertOneLineError(CliTest.run("experiment", "xor", "--model", "gru"), "--model",
        "cfc-mmrnn", "gru");
    CliTest.assertOneLineError(CliTest.run("experiment", "xor", "--train-size", "0"),
        "--train-size", "got 0");
    CliTest.assertOneLineError(CliTest.run("experiment", "occupancy", "--test-size", "5"),
        "--test-size", "only for the xor experiment");
  }
}
