package io.liquid4j.cli;

import io.liquid4j.bench.TrainingBenchmark;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;

/** {@code liquid4j bench}: training and inference speed against ncps's reference figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure training and streaming speed (median after warm-up) and the ratio to"
        + " ncps 1.0.1 / PyTorch 1.13 on 2 cores.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--repetitions", defaultValue = "10",
      description = "Timed repetitions per measurement (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--json", description = "Print the figures as one JSON object on the last line.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (repetitions < 1) {
      throw new IllegalArgumentException("--repetitions must be >= 1, got " + repetitions);
    }
    Map<String, Double> r = TrainingBenchmark.run(repetitions);
    var out = spec.commandLine().getOut();
    Map<String, Object> all = new LinkedHashMap<>(r);
    for (Map.Entry<String, Double> e : r.entrySet()) {
      double ref = TrainingBenchmark.NCPS.get(e.getKey());
      out.printf(Locale.ROOT, "%-22s %12.6f s   ncps %10.6f s   %6.1fx faster%n", e.getKey(),
          e.getValue(), ref, ref / e.getValue());
      all.put(e.getKey().replace("_s_per_step", "").replace("_step_s", "") + "_speedup",
          ref / e.getValue());
    }
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(all));
    }
    return 0;
  }
}
