package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/** train → evaluate on a CSV, and the experiment command's JSON contract. */
class TrainingCliTest {
  @TempDir Path tmp;

  @Test
  void trainThenEvaluateOnACsvWithTimestamps() throws Exception {
    // A small irregularly sampled series: class 1 when the signal is above its mean.
    StringBuilder csv = new StringBuilder("time,signal,noise,label\n");
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    double t = 0;
    for (int i = 0; i < 600; i++) {
      t += r.nextDouble(0.5, 1.5);
      double s = Math.sin(t / 5);
      csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.4f,%.4f,%d%n", t, s,
          r.nextDouble(-0.1, 0.1), s > 0 ? 1 : 0));
    }
    Path data = tmp.resolve("series.csv");
    Files.writeString(data, csv);
    Path model = tmp.resolve("m.safetensors");
    CliTest.Result trained = CliTest.run("train", "--data", data.toString(), "--features",
        "signal,noise", "--target", "label", "--timestamp", "time", "--window", "10",
        "--stride", "5", "--model", "cfc", "--units", "8", "--epochs", "8", "--lr", "0.01",
        "--output", model.toString(), "--quiet");
    assertEquals(0, trained.code(), trained.err());
    assertTrue(trained.out().contains("test: accuracy"), trained.out());
    CliTest.Result ev = CliTest.run("evaluate", "--model", model.toString(), "--data",
        data.toString(), "--json");
    assertEquals(0, ev.code(), ev.err());
    List<String> lines = ev.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    assertTrue(((Number) m.get("accuracy")).doubleValue() > 0.9, ev.out());

    // The tutorial's last step: the trained model's states on a window of the CSV.
    Path states = tmp.resolve("states.png");
    CliTest.Result plot = CliTest.run("plot", "states", "--model", model.toString(), "--data",
        data.toString(), "--sample", "3", "--output", states.toString());
    assertEquals(0, plot.code(), plot.err());
    DemoCliTest.assertColourful(states);
    CliTest.assertOneLineError(CliTest.run("plot", "states", "--model", model.toString(),
        "--data", data.toString(), "--sample", "999", "--output", states + "2"), "--sample",
        "windows");

    CliTest.assertOneLineError(CliTest.run("train", "--data", data.toString(), "--features",
        "signal", "--target", "label", "--class-weights", "1,2,3", "--output",
        tmp.resolve("x").toString()), "--class-weights", "expected 2", "got 3");
    CliTest.assertOneLineError(CliTest.run("train", "--data", data.toString(), "--features",
        "signal,nosie", "--target", "label", "--output", tmp.resolve("x").toString()),
        "no column 'nosie'");
    CliTest.assertOneLineError(CliTest.run("train", "--data", data.toString(), "--features",
        "signal", "--target", "label", "--model", "gru", "--output", tmp.resolve("x").toString()),
        "--model", "gru");
  }

  @Test
  void experimentPrintsOneJsonObjectLast() throws Exception {
    CliTest.Result r = CliTest.run("experiment", "gesture", "--model", "cfc", "--seed", "2",
        "--epochs", "1", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    double acc = ((Number) m.get("test_accuracy")).doubleValue();
    assertTrue(acc > 0.2 && acc <= 1.0, "test_accuracy is a fraction: " + acc);
    assertTrue(((Number) m.get("train_s")).doubleValue() > 0);
    CliTest.assertOneLineError(CliTest.run("experiment", "mnist"), "mnist");
    CliTest.assertOneLineError(CliTest.run("experiment", "gesture", "--init", "tf"), "--init");
  }

  /**
   * One measurement in this JVM, briefly: the JSON names it and the kernel, and no speed-up, since
   * ncps was not timed in the same run.
   */
  @Test
  void benchPrintsOneJsonObjectLast() throws Exception {
    CliTest.Result r = CliTest.run("bench", "--only", "infer_cfc_step_s", "--repetitions", "3",
        "--warm-up", "0.1", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    double step = ((Number) m.get("infer_cfc_step_s")).doubleValue();
    assertTrue(step > 0 && step < 1e-2, "seconds per streaming step: " + step);
    assertFalse(m.keySet().stream().anyMatch(k -> k.toString().contains("speedup")), m.toString());
    assertTrue(m.get("kernel") instanceof String);
    CliTest.assertOneLineError(CliTest.run("bench", "--only", "train_gru"), "--only");
    CliTest.assertOneLineError(CliTest.run("bench", "--warm-up", "-1"), "--warm-up");
  }

  /** Without --only, each measurement runs in a forked JVM; all four come back. */
  @Test
  void benchForksOneJvmPerMeasurement() throws Exception {
    CliTest.Result r = CliTest.run("bench", "--repetitions", "1", "--warm-up", "0", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    for (String key : io.liquid4j.experiments.bench.TrainingBenchmark.KEYS) {
      double seconds = ((Number) m.get(key)).doubleValue();
      assertTrue(seconds > 0 && seconds < 10, key + " = " + seconds);
    }
  }
}
