package io.liquid4j.cli;

import io.liquid4j.experiments.bench.FlopCount;
import io.liquid4j.experiments.bench.PeakFma;
import io.liquid4j.experiments.bench.TrainingBenchmark;
import io.liquid4j.experiments.bench.TrainingBenchmark.Suite;
import io.liquid4j.experiments.bench.Workload;
import io.liquid4j.cell.Kernels;
import io.liquid4j.cell.Precision;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code liquid4j bench}: training and inference speed. The basic suite prints ncps's recorded
 * figures beside liquid4j's (not measured in this run, so no ratio is printed: a ratio needs both
 * sides timed side by side, which {@code benchmarks/compare_ncps.py} does); {@code --suite
 * scaling} measures the workloads of issue 17 and prints, with {@code --json}, exactly the keys of
 * {@code benchmarks/bench_ncps.py --suite scaling}; {@code --peak} measures the machine's peak
 * multiply-add rate and prints the training workloads' flop counts. Each measurement runs in a JVM
 * of its own (as JMH forks), started like this one, so that one measurement's JIT profile does not
 * shape the code another is timed with. The workloads and measurements are {@link
 * TrainingBenchmark}'s, {@link PeakFma}'s and {@link FlopCount}'s; this command parses and prints.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {
      "Measure training and streaming speed; with --suite basic (the default) beside ncps 1.0.1's"
          + " recorded figures.",
      "Each figure is the median after warm-up. The ncps figures (PyTorch 1.13, 2 threads) are"
          + " recorded, not measured in this run; benchmarks/compare_ncps.py measures both sides"
          + " of --suite scaling in one sitting."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--suite", paramLabel = "SUITE",
      description = "basic (LTC AutoNCP(32, 4) and CfC 64/128), scaling (issue 17's workloads,"
          + " the keys of bench_ncps.py --suite scaling) or all (default: basic).")
  String suite;

  @Option(names = "--repetitions", defaultValue = "" + TrainingBenchmark.DEFAULT_REPETITIONS,
      description = "Timed repetitions per measurement (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--warm-up", defaultValue = "5",
      description = "Warm-up of each measurement in seconds, at least (default: ${DEFAULT-VALUE}).")
  double warmUp;

  @Option(names = "--only", paramLabel = "KEY",
      description = "Run only this measurement, in this JVM: a key of --suite all (default: every"
          + " measurement of the suite).")
  String only;

  @Option(names = "--no-fork", description = "Run every measurement in this JVM.")
  boolean noFork;

  @Option(names = "--peak",
      description = "Instead of a suite, measure the peak multiply-add rate (scalar and Vector API,"
          + " float64 and float32, one core and all cores) and print the training workloads'"
          + " flop counts, for the fraction of peak a training step reaches.")
  boolean peak;

  @Option(names = "--peak-seconds", defaultValue = "0.5", paramLabel = "SECONDS",
      description = "With --peak: timed rounds of each peak measurement last at least this long"
          + " (default: ${DEFAULT-VALUE}).")
  double peakSeconds;

  @Option(names = "--precision", paramLabel = "PRECISION",
      description = "The workloads' models compute each step in float64 or float32; the keys"
          + " stay the same, the lines say which (default: float64).")
  String precision;

  @Option(names = "--json", description = "Print the figures as one JSON object on the last line.")
  boolean json;

  @Option(names = "--quiet", description = "No progress (on standard error).")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (repetitions < 1) {
      throw new IllegalArgumentException("--repetitions must be >= 1, got " + repetitions);
    }
    if (!(warmUp >= 0)) {
      throw new IllegalArgumentException("--warm-up must be >= 0 seconds, got " + warmUp);
    }
    Suite chosen;
    try {
      chosen = suite == null ? Suite.BASIC : Suite.parse(suite);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--suite: " + e.getMessage());
    }
    Precision chosenPrecision = PrecisionOption.parse(precision);
    if (peak) {
      if (precision != null) {
        throw new IllegalArgumentException("--precision: --peak measures both precisions; give"
            + " --precision with --suite or --only");
      }
      if (suite != null || only != null) {
        throw new IllegalArgumentException("--peak measures the peak rate only; run "
            + (only != null ? "--only" : "--suite") + " in a separate call");
      }
      if (!(peakSeconds >= 0)) {
        throw new IllegalArgumentException(
            "--peak-seconds must be >= 0 seconds, got " + peakSeconds);
      }
      return peak();
    }
    // --only alone takes a key of any suite (the forked JVMs are started so); with --suite, one
    // of that suite's.
    List<String> allowed = suite == null ? Suite.ALL.keys() : chosen.keys();
    if (only != null && !allowed.contains(only)) {
      throw new IllegalArgumentException("--only: unknown measurement '" + only
          + "' (expected one of " + String.join(", ", allowed) + ")");
    }
    List<String> keys = only == null ? chosen.keys() : List.of(only);
    Precision arithmetic = chosenPrecision == null ? Precision.FLOAT64 : chosenPrecision;
    Map<String, Double> r = new LinkedHashMap<>();
    // Progress on standard error, so that --json's last line on standard output stays the figures:
    // a bar on a terminal, a line per measurement otherwise.
    boolean bar = !quiet && keys.size() > 1 && EpochPrinter.onTerminal();
    try (me.tongfei.progressbar.ProgressBar progress = bar
        ? new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("bench")
            .setInitialMax(keys.size()).setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err, 100))
            .build()
        : null) {
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        if (progress != null) {
          progress.setExtraMessage(" " + key);
        } else if (!quiet && keys.size() > 1) {
          spec.commandLine().getErr().printf(Locale.ROOT, "bench: measuring %s (%d/%d)%n", key,
              i + 1, keys.size());
        }
        r.put(key, noFork || keys.size() == 1
            ? TrainingBenchmark.measure(key, repetitions, warmUp, arithmetic)
            : forked(key, arithmetic));
        if (progress != null) {
          progress.step();
        }
      }
    }
    var out = spec.commandLine().getOut();
    boolean lines = !json || keys.size() > 1;
    boolean anyRecorded = false;
    if (lines) {
      // Not in the JSON: compare_ncps.py takes every key but kernel and threads for a workload.
      out.println("precision: " + arithmetic.label() + " (each step's arithmetic; --precision)");
    }
    for (Map.Entry<String, Double> e : r.entrySet()) {
      Double ref = TrainingBenchmark.NCPS_RECORDED.get(e.getKey());
      if (!lines) {
        continue;
      }
      if (ref != null) {
        anyRecorded = true;
        out.printf(Locale.ROOT, "%-22s %12.6f s   (ncps 1.0.1, recorded: %10.6f s)%n", e.getKey(),
            e.getValue(), ref);
      } else {
        out.printf(Locale.ROOT, "%-22s %12.6f s   (%s%s)%n", e.getKey(), e.getValue(),
            TrainingBenchmark.workload(e.getKey()).description(), rate(e.getKey(), e.getValue()));
      }
    }
    if (lines && anyRecorded) {
      out.println("The ncps figures were recorded earlier on another run ("
          + TrainingBenchmark.NCPS_RECORDED_SOURCE + "), so no ratio is printed.");
    }
    if (lines && !TrainingBenchmark.NCPS_RECORDED.keySet().containsAll(r.keySet())) {
      out.println("ncps on the same workloads, side by side: benchmarks/compare_ncps.py.");
    }
    if (json) {
      Map<String, Object> all = new LinkedHashMap<>(r);
      // The scaling suite's object has exactly bench_ncps.py's keys, so that the two sides' key
      // sets can be compared; the kernel and cores are in bench --peak --json.
      if (chosen != Suite.SCALING || only != null) {
        all.put("kernel", Kernels.elements().name());
        all.put("threads", Runtime.getRuntime().availableProcessors());
      }
      out.println(new ObjectMapper().writeValueAsString(all));
    }
    return 0;
  }

  /** "; 12.3 GFLOP/s" for a training workload whose flops are counted, else "". */
  private static String rate(String key, double seconds) {
    Workload w = TrainingBenchmark.workload(key);
    if (!w.training() || !FlopCount.counts(w.model())) {
      return "";
    }
    return String.format(Locale.ROOT, "; %.1f GFLOP/s", FlopCount.trainingStep(w).flops()
        / seconds / 1e9);
  }

  /** {@code --peak}: the peak rates, then the flop counts of the training workloads. */
  private int peak() throws Exception {
    var out = spec.commandLine().getOut();
    if (!quiet) {
      spec.commandLine().getErr().println("bench: measuring the peak multiply-add rate"
          + (PeakFma.vectorAvailable() ? "" : " (scalar only: the Vector API is not available)"));
    }
    PeakFma.Result peakRates = PeakFma.measure(peakSeconds);
    Map<String, Object> all = new LinkedHashMap<>(peakRates.toMap());
    all.put("kernel", Kernels.elements().name());
    Map<String, Long> flops = new LinkedHashMap<>();
    Map<String, Long> transcendentals = new LinkedHashMap<>();
    for (String key : Suite.ALL.keys()) {
      Workload w = TrainingBenchmark.workload(key);
      if (w.training() && FlopCount.counts(w.model())) {
        FlopCount c = FlopCount.trainingStep(w);
        flops.put(key, c.flops());
        transcendentals.put(key, c.transcendentals());
      }
    }
    all.put("flops_per_step", flops);
    all.put("transcendentals_per_step", transcendentals);
    if (!json) {
      out.printf(Locale.ROOT, "peak GFLOP/s (an FMA is 2 flops)   one core   all %d cores%n",
          peakRates.cores());
      String[] names = {"float64 scalar (Math.fma)", "float32 scalar (Math.fma)",
          "float64 vector (" + peakRates.vectorBits() + " bits)",
          "float32 vector (" + peakRates.vectorBits() + " bits)"};
      PeakFma.Rates one = peakRates.oneCore();
      PeakFma.Rates many = peakRates.allCores();
      double[][] v = {{one.scalarF64(), many.scalarF64()}, {one.scalarF32(), many.scalarF32()},
          {one.vectorF64(), many.vectorF64()}, {one.vectorF32(), many.vectorF32()}};
      for (int i = 0; i < names.length; i++) {
        if (!Double.isNaN(v[i][0])) {
          out.printf(Locale.ROOT, "%-34s %9.1f %12.1f%n", names[i], v[i][0], v[i][1]);
        }
      }
      if (!PeakFma.vectorAvailable()) {
        out.println("(no Vector API figures: run with the liquid4j-vector module and"
            + " --add-modules jdk.incubator.vector, as the liquid4j launcher does)");
      }
      out.println("flops per training step (forward + backward; sigmoid/tanh counted apart):");
      for (Map.Entry<String, Long> e : flops.entrySet()) {
        out.printf(Locale.ROOT, "%-22s %8.3f GFLOP  %8.3f G sigmoid/tanh   (%s)%n", e.getKey(),
            e.getValue() / 1e9, transcendentals.get(e.getKey()) / 1e9,
            TrainingBenchmark.workload(e.getKey()).description());
      }
    } else {
      out.println(new ObjectMapper().writeValueAsString(all));
    }
    return 0;
  }

  /** Runs {@code bench --only key --json} in a new JVM with this one's options; its figure. */
  private double forked(String key, Precision arithmetic)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of("bench", "--only", key, "--json",
        "--repetitions", String.valueOf(repetitions), "--warm-up", String.valueOf(warmUp),
        "--precision", arithmetic.label()));
    // Errors come on the same stream, so that a failure's message is its last line.
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code = p.waitFor();
    String last = output.isEmpty() ? "" : output.substring(output.lastIndexOf('\n') + 1);
    if (code != 0 || !last.startsWith("{")) {
      throw new IllegalStateException("bench: the measurement " + key + " in a forked JVM failed"
          + " (exit code " + code + "): " + last);
    }
    JsonNode figures = new ObjectMapper().readTree(last);
    return figures.get(key).asDouble();
  }
}
