package io.liquid4j.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Precision;
import io.liquid4j.experiments.bench.TrainingBenchmark.Suite;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.wiring.AutoNcp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's workloads are those of {@code benchmarks/bench_ncps.py}, the script that times
 * ncps on them: read from the script itself (its table of workloads), not restated here.
 */
class TrainingBenchmarkTest {
  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("benchmarks").resolve("bench_ncps.py");

  // "train_ltc_ncp128": ("scaling", lambda: train_step(ltc(16, AutoNCP(128, 8)), 16, 32, 128)),
  private static final Pattern ENTRY = Pattern.compile(
      "^\\s*\"(\\w+)\": \\(\"(basic|scaling)\", lambda: (train_step|stream_step)\\("
          + "(ltc|cfc)\\((.*)\\), (\\d+)(?:, (\\d+), (\\d+))?\\)\\),$");

  /** One workload as the script defines it. */
  record ScriptEntry(String key, String suite, boolean training, ModelConfig model, int inputs,
      int batch, int length) {}

  static List<ScriptEntry> scriptEntries() throws IOException {
    List<ScriptEntry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(SCRIPT)) {
      Matcher m = ENTRY.matcher(line);
      if (!m.matches()) {
        continue;
      }
      boolean training = m.group(3).equals("train_step");
      entries.add(new ScriptEntry(m.group(1), m.group(2), training,
          model(m.group(4), m.group(5)), Integer.parseInt(m.group(6)),
          training ? Integer.parseInt(m.group(7)) : 1,
          training ? Integer.parseInt(m.group(8)) : -1));
    }
    return entries;
  }

  /** The script's ltc(inp, units | AutoNCP(u, o)) and cfc(inp, units, bb[, layers[, mixed]]). */
  private static ModelConfig model(String kind, String args) {
    Matcher ncp = Pattern.compile("(\\d+), AutoNCP\\((\\d+), (\\d+)\\)").matcher(args);
    if (kind.equals("ltc") && ncp.matches()) {
      return ModelConfig.ltc(Integer.parseInt(ncp.group(1)), new AutoNcp(
          Integer.parseInt(ncp.group(2)), Integer.parseInt(ncp.group(3)))).build();
    }
    String[] a = args.split(", ");
    int inputs = Integer.parseInt(a[0]);
    int units = Integer.parseInt(a[1]);
    if (kind.equals("ltc")) {
      assertEquals(2, a.length, args);
      return ModelConfig.ltc(inputs, units).build();
    }
    int layers = a.length > 3 ? Integer.parseInt(a[3]) : 1;
    boolean mixed = a.length > 4 && a[4].equals("True");
    return ModelConfig.cfc(inputs, units).backbone(Integer.parseInt(a[2]), layers, 0.0)
        .mixedMemory(mixed).build();
  }

  @Test
  void theWorkloadsAreTheScriptsUnderItsKeys() throws IOException {
    List<ScriptEntry> entries = scriptEntries();
    List<String> basic = new ArrayList<>();
    List<String> scaling = new ArrayList<>();
    for (ScriptEntry e : entries) {
      (e.suite().equals("basic") ? basic : scaling).add(e.key());
      Workload w = TrainingBenchmark.workload(e.key());
      assertEquals(e.model(), w.model(), e.key());
      assertEquals(e.inputs(), w.model().inputSize(), e.key() + ": the data's features");
      assertEquals(e.training(), w.training(), e.key());
      assertEquals(e.batch(), w.batch(), e.key());
      if (e.training()) {
        assertEquals(e.length(), w.length(), e.key());
      }
      assertEquals(e.suite().equals("basic") ? Suite.BASIC : Suite.SCALING, w.suite(), e.key());
    }
    assertEquals(12, entries.size(), "workloads read from " + SCRIPT);
    assertEquals(basic, TrainingBenchmark.KEYS);
    assertEquals(scaling, TrainingBenchmark.SCALING_KEYS);
    assertEquals(basic, Suite.BASIC.keys());
    assertEquals(scaling, Suite.SCALING.keys());
    List<String> all = new ArrayList<>(basic);
    all.addAll(scaling);
    assertEquals(all, Suite.ALL.keys());
  }

  /** At least as many repetitions, as long a warm-up and as many streaming steps per run. */
  @Test
  void measuresAtLeastAsMuchAsTheScript() throws IOException {
    String script = Files.readString(SCRIPT);
    Matcher m = Pattern.compile("def median_of\\(fn, warm_s=([0-9.]+), reps=(\\d+)\\)")
        .matcher(script);
    assertTrue(m.find(), "median_of in " + SCRIPT);
    assertTrue(TrainingBenchmark.DEFAULT_WARM_UP_SECONDS >= Double.parseDouble(m.group(1)));
    assertTrue(TrainingBenchmark.DEFAULT_REPETITIONS >= Integer.parseInt(m.group(2)));
    Matcher s = Pattern.compile("def stream_step\\(model, inp, steps=(\\d+)\\)").matcher(script);
    assertTrue(s.find(), "stream_step in " + SCRIPT);
    assertTrue(TrainingBenchmark.STREAMING_STEPS_PER_RUN >= Integer.parseInt(s.group(1)));
    for (String key : Suite.ALL.keys()) {
      Workload w = TrainingBenchmark.workload(key);
      if (!w.training()) {
        assertEquals(TrainingBenchmark.STREAMING_STEPS_PER_RUN, w.length(), key);
      }
    }
  }

  @Test
  void suitesByName() {
    assertEquals(Suite.SCALING, Suite.parse("scaling"));
    assertEquals(Suite.ALL, Suite.parse("ALL"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Suite.parse("fast"));
    assertTrue(e.getMessage().contains("'fast'") && e.getMessage().contains("scaling"));
    assertThrows(IllegalArgumentException.class, () -> TrainingBenchmark.workload("train_gru"));
    assertThrows(IllegalArgumentException.class,
        () -> TrainingBenchmark.measure("infer_ltc_step_s", 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> TrainingBenchmark.measure("infer_ltc_step_s", 1, Double.NaN));
  }

  /** A streaming measurement runs and gives a positive time (its size is not what is tested). */
  @Test
  void aStreamingMeasurementRuns() {
    double s = TrainingBenchmark.measure("infer_ltc_fc64_step_s", 1, 0);
    assertTrue(s > 0 && Double.isFinite(s), "seconds per step: " + s);
  }

  /**
   * Every workload in float32 is the same network and shape under the same key, its model
   * computing in float32 (and the same flop count); float64 gives the workload itself.
   */
  @Test
  void everyWorkloadHasAFloat32TwinUnderTheSameKey() {
    for (String key : Suite.ALL.keys()) {
      Workload w = TrainingBenchmark.workload(key);
      assertEquals(Precision.FLOAT64, w.model().precision(), key);
      assertSame(w, TrainingBenchmark.workload(key, Precision.FLOAT64));
      Workload f = TrainingBenchmark.workload(key, Precision.FLOAT32);
      assertEquals(Precision.FLOAT32, f.model().precision(), key);
      assertEquals(w.model(), f.model().toBuilder().precision(Precision.FLOAT64).build(), key);
      assertEquals(List.of(w.key(), w.suite(), w.batch(), w.length(), w.training(),
          w.description()), List.of(f.key(), f.suite(), f.batch(), f.length(), f.training(),
          f.description()), key);
      SequenceModel m = SequenceModel.create(f.model(), 1);
      assertEquals(Precision.FLOAT32, m.precision(), key);
      assertEquals(SequenceModel.create(w.model(), 1).layout().size(), m.layout().size(), key);
      if (w.training() && FlopCount.counts(w.model())) {
        assertEquals(FlopCount.trainingStep(w).flops(), FlopCount.trainingStep(f).flops(), key);
      }
    }
  }

  /** A float32 streaming measurement runs (its time is not what is tested). */
  @Test
  void aFloat32StreamingMeasurementRuns() {
    double s = TrainingBenchmark.measure("infer_cfc_step_s", 1, 0, Precision.FLOAT32);
    assertTrue(s > 0 && Double.isFinite(s), "seconds per step: " + s);
  }
}
