package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.experiments.bench.FlopCount;
import io.liquid4j.experiments.bench.TrainingBenchmark;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code bench}'s JSON contracts: the scaling suite prints exactly the keys of {@code
 * bench_ncps.py --suite scaling} (issue 17), the basic suite the keys it always printed, and
 * {@code --peak} the peak rates and flop counts. Measured with one repetition and no warm-up
 * (the workloads keep their sizes; only how often they are timed changes), never timed.
 */
class BenchCliTest {
  /** The keys of {@code bench_ncps.py --suite scaling}, as issue 17 lists them. */
  private static final List<String> NCPS_SCALING_KEYS = List.of("train_ltc_fc64",
      "train_ltc_ncp128", "train_ltc_b256", "train_cfc_256", "train_cfc_l512", "train_cfc_mixed",
      "infer_ltc_fc64_step_s", "infer_cfc_256_step_s");

  private static Map<?, ?> lastJson(CliTest.Result r) throws Exception {
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    return new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
  }

  @Test
  void theScalingSuitePrintsExactlyTheKeysOfBenchNcps() throws Exception {
    CliTest.Result r = CliTest.run("bench", "--suite", "scaling", "--json", "--repetitions", "1",
        "--warm-up", "0", "--no-fork", "--quiet");
    Map<?, ?> m = lastJson(r);
    assertEquals(NCPS_SCALING_KEYS, List.copyOf(m.keySet()), r.out());
    for (String key : NCPS_SCALING_KEYS) {
      double seconds = ((Number) m.get(key)).doubleValue();
      assertTrue(seconds > 0 && seconds < 60, key + " = " + seconds);
    }
    // The lines before the JSON describe each workload; the counted ones give their rate.
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("train_cfc_256")
        && l.contains("backbone 256, 64 x 128") && l.contains("GFLOP/s")), r.out());
    assertTrue(r.out().contains("benchmarks/compare_ncps.py"), r.out());
  }

  @Test
  void theBasicSuiteKeepsItsKeys() throws Exception {
    List<String> expected = List.of("train_ltc_s_per_step", "train_cfc_s_per_step",
        "infer_ltc_step_s", "infer_cfc_step_s", "kernel", "threads");
    for (String[] suite : List.of(new String[0], new String[] {"--suite", "basic"})) {
      String[] args = new String[7 + suite.length];
      System.arraycopy(new String[] {"bench", "--json", "--repetitions", "1", "--warm-up", "0",
          "--no-fork"}, 0, args, 0, 7);
      System.arraycopy(suite, 0, args, 7, suite.length);
      CliTest.Result r = CliTest.run(args);
      assertEquals(expected, List.copyOf(lastJson(r).keySet()), r.out());
      assertTrue(r.out().contains("ncps 1.0.1, recorded"), r.out());
    }
  }

  /** A forked JVM runs {@code bench --only KEY --json}: a scaling key is accepted there too. */
  @Test
  void onlyTakesAScalingKey() throws Exception {
    CliTest.Result r = CliTest.run("bench", "--only", "infer_cfc_256_step_s", "--repetitions", "1",
        "--warm-up", "0", "--json");
    Map<?, ?> m = lastJson(r);
    double step = ((Number) m.get("infer_cfc_256_step_s")).doubleValue();
    assertTrue(step > 0 && step < 1e-1, "seconds per streaming step: " + step);
    assertTrue(m.get("kernel") instanceof String);
  }

  /** The CLI's tests run with the Vector API, so its rates are there too. */
  @Test
  void peakPrintsRatesAndFlopCounts() throws Exception {
    Map<?, ?> m = lastJson(CliTest.run("bench", "--peak", "--peak-seconds", "0", "--json",
        "--quiet"));
    for (String precision : List.of("f64", "f32")) {
      for (String kind : List.of("scalar", "vector")) {
        for (String scope : List.of("one_core", "all_cores")) {
          String key = "peak_gflops_" + precision + "_" + kind + "_" + scope;
          assertNotNull(m.get(key), key + " in " + m);
          double rate = ((Number) m.get(key)).doubleValue();
          assertTrue(rate > 0 && Double.isFinite(rate), key + " = " + rate);
        }
      }
    }
    assertTrue(((Number) m.get("vector_bits")).intValue() >= 64, m.toString());
    assertEquals(Runtime.getRuntime().availableProcessors(), ((Number) m.get("cores")).intValue());
    Map<?, ?> flops = (Map<?, ?>) m.get("flops_per_step");
    for (String key : List.of("train_ltc_ncp128", "train_cfc_256")) {
      assertEquals(FlopCount.trainingStep(TrainingBenchmark.workload(key)).flops(),
          ((Number) flops.get(key)).longValue(), key);
    }
    assertTrue(((Map<?, ?>) m.get("transcendentals_per_step")).containsKey("train_ltc_ncp128"));
  }

  @Test
  void badOptionsAreOneLineErrors() {
    CliTest.assertOneLineError(CliTest.run("bench", "--suite", "fast"), "--suite", "'fast'",
        "scaling");
    CliTest.assertOneLineError(CliTest.run("bench", "--suite", "scaling", "--only",
        "train_ltc_s_per_step"), "--only", "train_ltc_s_per_step", "train_cfc_mixed");
    CliTest.assertOneLineError(CliTest.run("bench", "--peak", "--suite", "scaling"), "--peak",
        "--suite");
    CliTest.assertOneLineError(CliTest.run("bench", "--peak", "--only", "train_cfc_256"),
        "--peak", "--only");
    CliTest.assertOneLineError(CliTest.run("bench", "--peak", "--peak-seconds", "-1"),
        "--peak-seconds", "-1");
    CliTest.assertOneLineError(CliTest.run("bench", "--suite", "scaling", "--repetitions", "0"),
        "--repetitions", "0");
  }
}
