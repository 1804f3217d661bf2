package io.liquid4j.cli;

import io.liquid4j.plot.SpikeRaster;
import io.liquid4j.plot.TimeSeriesChart;
import io.liquid4j.spiking.SpikeMonitor;
import io.liquid4j.spiking.StateMonitor;
import io.liquid4j.spiking.examples.SeedExample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;

/** {@code liquid4j spike}: the spiking simulator's built-in programs. */
@Command(name = "spike", mixinStandardHelpOptions = true,
    description = "Run a built-in spiking network and print its spike counts, rates and times.",
    subcommands = {SpikeCommand.SeedExampleCommand.class})
final class SpikeCommand {
  /** Traces show the first 100 ms: a second of 0.1 ms steps is too dense to read. */
  static final int TRACE_MS = 100;

  private SpikeCommand() {}

  /** {@code liquid4j spike seed-example}. */
  @Command(name = "seed-example", mixinStandardHelpOptions = true,
      description = "The seed document's Brian2 program: 100 LIF neurons, dv/dt = (v_rest - v) /"
          + " (10*ms), threshold v > v_thresh, reset v = v_reset, 1 s, with Brian2's first"
          + " tutorial's parameters (v_rest = 3*i/99 V, threshold 1 V, reset 0 V, refractory"
          + " 5 ms). With --method exact Brian2 counts 5273 spikes, 111 for neuron 99 and 64 for"
          + " neuron 50.")
  static final class SeedExampleCommand implements Callable<Integer> {
    @Option(names = "--method", defaultValue = "exact",
        description = "exact (Brian2's tutorial) or euler (the seed document's);"
            + " default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Draw the spike raster here: PNG, or SVG when the name ends in .svg.")
    Path output;

    @Option(names = "--traces", paramLabel = "FILE",
        description = "Draw v of neurons 0, 50 and 99 over time here (PNG or SVG).")
    Path traces;

    @Option(names = "--json", description = "Print the results as one JSON object on the last"
        + " line.")
    boolean json;

    @Mixin CommonOptions common;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Outputs.checkWritable(common.force, output, traces);
      if (!method.equals("exact") && !method.equals("euler")) {
        throw new IllegalArgumentException(
            "--method: expected exact or euler, found '" + method + "'");
      }
      SeedExample.Result r = SeedExample.run(method);
      SpikeMonitor spikes = r.spikes();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "seed example (%s): 100 neurons, 1 s: %d spikes; neuron 50: %d,"
          + " neuron 99: %d; mean rate %.2f Hz%n", method, spikes.total(), spikes.count()[50],
          spikes.count()[99], spikes.total() / 100.0);
      out.printf(Locale.ROOT, "time: build %.3f s, run %.3f s%n", r.buildSeconds(),
          r.runSeconds());
      if (output != null) {
        raster(spikes, "Seed example (" + method + "): 100 LIF neurons", output, common.force);
        out.println("Raster in " + output);
      }
      if (traces != null) {
        traces(r.trace(), traces, common.force);
        out.println("Traces in " + traces);
      }
      if (json) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("example", "seed-example");
        j.put("method", method);
        j.put("neurons", 100);
        j.put("spikes", spikes.total());
        j.put("count_50", spikes.count()[50]);
        j.put("count_99", spikes.count()[99]);
        j.put("rate_hz", spikes.total() / 100.0);
        j.put("build_s", r.buildSeconds());
        j.put("run_s", r.runSeconds());
        out.println(new ObjectMapper().writeValueAsString(j));
      }
      out.flush();
      return 0;
    }
  }

  /** A raster of every spike of one monitor, over the simulated time. */
  static void raster(SpikeMonitor spikes, String title, Path file, boolean force)
      throws IOException {
    double duration = 1.0;
    for (double t : spikes.t()) {
      duration = Math.max(duration, t);
    }
    createParent(file);
    new SpikeRaster(title, spikes.count().length, duration).add("spikes", spikes.t(), spikes.i())
        .write(file, force);
  }

  /** The first {@value #TRACE_MS} ms of v of each recorded neuron, in mV. */
  static void traces(StateMonitor trace, Path file, boolean force) throws IOException {
    double[] t = trace.t();
    int steps = 0;
    while (steps < t.length && t[steps] * 1000 < TRACE_MS) {
      steps++;
    }
    double[] ms = new double[steps];
    for (int k = 0; k < steps; k++) {
      ms[k] = t[k] * 1000;
    }
    TimeSeriesChart chart = new TimeSeriesChart(
        "Membrane potential, first " + TRACE_MS + " ms", "time (ms)", "v (mV)").yPattern("0");
    for (int n : trace.indices()) {
      double[] v = trace.trace("v", n);
      double[] mv = new double[steps];
      for (int k = 0; k < steps; k++) {
        mv[k] = v[k] * 1000;
      }
      chart.addLine("neuron " + n, ms, mv);
    }
    createParent(file);
    chart.write(file, force);
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
