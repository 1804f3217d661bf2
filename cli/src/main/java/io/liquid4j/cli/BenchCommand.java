package io.liquid4j.cli;

import io.liquid4j.experiments.bench.TrainingBenchmark;
import io.liquid4j.cell.Kernels;
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
 * {@code liquid4j bench}: training and inference speed, printed beside ncps's recorded figures
 * (not measured in this run, so no ratio is printed: a ratio needs both sides timed side by side,
 * see {@code benchmarks/}). Each
 * measurement runs in a JVM of its own (as JMH forks), started like this one, so that one
 * measurement's JIT profile does not shape the code another is timed with.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {
      "Measure training and streaming speed beside ncps 1.0.1's recorded figures.",
      "Each figure is the median after warm-up. The ncps figures (PyTorch 1.13, 2 threads) are"
          + " recorded, not measured in this run."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--repetitions", defaultValue = "10",
      description = "Timed repetitions per measurement (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--warm-up", defaultValue = "5",
      description = "Warm-up of each measurement in seconds, at least (default: ${DEFAULT-VALUE}).")
  double warmUp;

  @Option(names = "--only", paramLabel = "KEY",
      description = "Run only this measurement: train_ltc_s_per_step, train_cfc_s_per_step,"
          + " infer_ltc_step_s or infer_cfc_step_s (default: all four).")
  String only;

  @Option(names = "--no-fork", description = "Run every measurement in this JVM.")
  boolean noFork;

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
    if (only != null && !TrainingBenchmark.KEYS.contains(only)) {
      throw new IllegalArgumentException("--only: unknown measurement '" + only
          + "' (expected one of " + String.join(", ", TrainingBenchmark.KEYS) + ")");
    }
    List<String> keys = only == null ? TrainingBenchmark.KEYS : List.of(only);
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
            ? TrainingBenchmark.measure(key, repetitions, warmUp)
            : forked(key));
        if (progress != null) {
          progress.step();
        }
      }
    }
    var out = spec.commandLine().getOut();
    Map<String, Object> all = new LinkedHashMap<>(r);
    for (Map.Entry<String, Double> e : r.entrySet()) {
      double ref = TrainingBenchmark.NCPS_RECORDED.get(e.getKey());
      if (!json || keys.size() > 1) {
        out.printf(Locale.ROOT, "%-22s %12.6f s   (ncps 1.0.1, recorded: %10.6f s)%n", e.getKey(),
            e.getValue(), ref);
      }
    }
    if (!json || keys.size() > 1) {
      out.println("The ncps figures were recorded earlier on another run (" 
          + TrainingBenchmark.NCPS_RECORDED_SOURCE + "), so no ratio is printed.");
    }
    all.put("kernel", Kernels.elements().name());
    all.put("threads", Runtime.getRuntime().availableProcessors());
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(all));
    }
    return 0;
  }

  /** Runs {@code bench --only key --json} in a new JVM with this one's options; its figure. */
  private double forked(String key) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of("bench", "--only", key, "--json",
        "--repetitions", String.valueOf(repetitions), "--warm-up", String.valueOf(warmUp)));
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
