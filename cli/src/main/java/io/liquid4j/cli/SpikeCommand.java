package io.liquid4j.cli;

import io.liquid4j.io.AtomicFiles;
import io.liquid4j.plot.SpikeRaster;
import io.liquid4j.plot.TimeSeriesChart;
import io.liquid4j.spiking.SpikeMonitor;
import io.liquid4j.spiking.StateMonitor;
import io.liquid4j.spiking.examples.Cuba;
import io.liquid4j.spiking.examples.SeedExample;
import io.liquid4j.spiking.lsm.Column;
import io.liquid4j.spiking.lsm.LiquidStateMachine;
import io.liquid4j.spiking.lsm.LsmExperiments;
import io.liquid4j.spiking.lsm.SpikeTrains;
import io.liquid4j.spiking.lsm.SynapseType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;

/** {@code liquid4j spike}: the spiking simulator's built-in programs. */
@Command(name = "spike", mixinStandardHelpOptions = true,
    description = "Run a built-in spiking network and print its spike counts, rates and times.",
    subcommands = {SpikeCommand.SeedExampleCommand.class, SpikeCommand.CubaCommand.class,
        SpikeCommand.LsmCommand.class})
final class SpikeCommand {
  /** Traces show the first 100 ms: a second of 0.1 ms steps is too dense to read. */
  static final int TRACE_MS = 100;

  private SpikeCommand() {}

  /** {@code liquid4j spike seed-example}. */
  @Command(name = "seed-example", mixinStandardHelpOptions = true,
      description = {
        "A Brian2 program: 100 LIF neurons for 1 s, with Brian2's first tutorial's parameters.",
        "The program: dv/dt = (v_rest - v) / (10*ms), threshold v > v_thresh, reset v = v_reset"
          + " (v_rest = 3*i/99 V, threshold 1 V, reset 0 V, refractory 5 ms). With --method exact"
          + " Brian2 counts 5273 spikes, 111 for neuron 99 and 64 for"
          + " neuron 50."
      })
  static final class SeedExampleCommand implements Callable<Integer> {
    @Option(names = "--method", defaultValue = "exact",
        description = "Integration: exact (as Brian2's tutorial) or euler (default:"
            + " ${DEFAULT-VALUE}).")
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

    @Mixin WriterOptions common;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Outputs.of(common.force).add("--output", output).add("--traces", traces).check();
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
      // The raster and the traces appear together or neither does.
      try (AtomicFiles.Publication pictures = new AtomicFiles.Publication(common.force)) {
        if (output != null) {
          raster(spikes, "Seed example (" + method + "): 100 LIF neurons", output, pictures);
        }
        if (traces != null) {
          traces(r.trace(), traces, pictures);
        }
        pictures.publish();
      }
      if (output != null) {
        out.println("Raster in " + output);
      }
      if (traces != null) {
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

  /** {@code liquid4j spike cuba}: Brian2's examples/CUBA.py. */
  @Command(name = "cuba", mixinStandardHelpOptions = true,
      description = {
        "Brian2's CUBA benchmark (Brette et al. 2007): 4000 LIF neurons for 1 s.",
        "The neurons have current-based exponential synapses, 3200 excitatory and 800 inhibitory, each pair"
          + " connected with probability 0.02, exact integration, dt 0.1 ms. Brian2 2.5.1:"
          + " about 320 000 synapses and 5.6 Hz; its cython run takes 2.5-3.1 s for 1 s."
      })
  static final class CubaCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "1",
        description = "Seed of the connections and initial potentials (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", defaultValue = "1", paramLabel = "SECONDS",
        description = "Simulated time in seconds (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
        description = "Build and run N times in this JVM; times are the median of runs 2..N (the"
            + " first also compiles the code) (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Draw the spike raster here (PNG, or SVG when the name ends in .svg).")
    Path output;

    @Option(names = "--json", description = "Print the results as one JSON object on the last"
        + " line.")
    boolean json;

    @Option(names = "--quiet", description = "No progress.")
    boolean quiet;

    @Mixin WriterOptions common;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Outputs.of(common.force).add("--output", output).check();
      if (!(duration > 0) || duration > 1000) {
        throw new IllegalArgumentException(
            "--duration: expected seconds in (0, 1000], found " + duration);
      }
      if (repeat < 1) {
        throw new IllegalArgumentException("--repeat: expected a positive integer, found "
            + repeat);
      }
      double[] build = new double[repeat];
      double[] run = new double[repeat];
      Cuba.Result r = null;
      for (int k = 0; k < repeat; k++) {
        if (!quiet) {
          spec.commandLine().getErr().printf(Locale.ROOT, "cuba: seed %d, %.3g s%s...%n", seed,
              duration, repeat > 1 ? " (run " + (k + 1) + " of " + repeat + ")" : "");
        }
        r = Cuba.run(seed, duration);
        build[k] = r.buildSeconds();
        run[k] = r.runSeconds();
      }
      double buildS = warmMedian(build);
      double runS = warmMedian(run);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "CUBA, seed %d: %d neurons, %d synapses, %.3g s: %d spikes, %.3f Hz%n",
          seed, r.neurons(), r.synapses(), duration, r.spikeCount(), r.rateHz());
      out.printf(Locale.ROOT, "time%s: build %.3f s, run %.3f s (first: %.3f s and %.3f s)%n",
          repeat > 1 ? " (median of runs 2.." + repeat + ")" : "", buildS, runS, build[0],
          run[0]);
      if (output != null) {
        try (AtomicFiles.Publication picture = new AtomicFiles.Publication(common.force)) {
          raster(r.spikes(), String.format(Locale.ROOT, "CUBA, seed %d: %d neurons", seed,
              r.neurons()), output, picture);
          picture.publish();
        }
        out.println("Raster in " + output);
      }
      if (json) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("example", "cuba");
        j.put("seed", seed);
        j.put("duration_s", duration);
        j.put("neurons", r.neurons());
        j.put("synapses", r.synapses());
        j.put("spikes", r.spikeCount());
        j.put("rate_hz", r.rateHz());
        j.put("build_s", buildS);
        j.put("run_s", runS);
        j.put("runs", repeat);
        j.put("first_build_s", build[0]);
        j.put("first_run_s", run[0]);
        out.println(new ObjectMapper().writeValueAsString(j));
      }
      out.flush();
      return 0;
    }

    /** The median of runs 2..N, or the only run. */
    private static double warmMedian(double[] times) {
      double[] warm = times.length > 1
          ? java.util.Arrays.copyOfRange(times, 1, times.length) : times.clone();
      java.util.Arrays.sort(warm);
      int m = warm.length / 2;
      return warm.length % 2 == 1 ? warm[m] : (warm[m - 1] + warm[m]) / 2;
    }
  }

  /** {@code liquid4j spike lsm}: the 2002 liquid state machine's experiments. */
  @Command(name = "lsm", mixinStandardHelpOptions = true,
      description = {
        "The liquid state machine of Maass, Natschlaeger & Markram (2002).",
        "A column of LIF neurons with dynamic synapses, driven by 20 Hz Poisson inputs. Measures the"
          + " separation property (state distance for input distances 0.4, 0.2, 0.1 and 0, as"
          + " the paper's Fig. 2) and the accuracy of a ridge readout classifying jittered"
          + " spike-train templates."
      })
  static final class LsmCommand implements Callable<Integer> {
    @Option(names = "--grid", defaultValue = "3x3x15", paramLabel = "XxYxZ",
        description = "Column size (default: ${DEFAULT-VALUE}, the paper's 135 neurons).")
    String grid;

    @Option(names = "--lambda", defaultValue = "2",
        description = "Connection reach λ in grid units (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--pairs", defaultValue = "20",
        description = "Input pairs per distance (the paper: 200; default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--classes", defaultValue = "4",
        description = "Spike-train templates to tell apart (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--train", defaultValue = "30",
        description = "Training inputs per class (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--test", defaultValue = "20",
        description = "Test inputs per class (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--jitter", defaultValue = "4",
        description = "SD of the templates' spike jitter, in ms (default: ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--seed", defaultValue = "1",
        description = "Seed of the column, its synapses and the inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Draw the separation curves here (PNG, or SVG when the name ends in .svg).")
    Path output;

    @Option(names = "--raster", paramLabel = "FILE",
        description = "Draw the spikes of one trial here (PNG or SVG).")
    Path raster;

    @Option(names = "--json", description = "Print the results as one JSON object on the last"
        + " line.")
    boolean json;

    @Option(names = "--quiet", description = "No progress.")
    boolean quiet;

    @Mixin WriterOptions common;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Outputs.of(common.force).add("--output", output).add("--raster", raster).check();
      int[] size = parseGrid(grid);
      if (!(lambda > 0) || Double.isInfinite(lambda)) {
        throw new IllegalArgumentException(
            "--lambda: expected a positive number of grid units, found " + lambda);
      }
      if (pairs < 1 || classes < 2 || train < 1 || test < 1 || !(jitter >= 0)) {
        throw new IllegalArgumentException("--pairs, --classes, --train, --test, --jitter:"
            + " expected at least 1, 2, 1, 1 and ≥ 0, found " + pairs + ", " + classes + ", "
            + train + ", " + test + " and " + jitter);
      }
      long start = System.nanoTime();
      Column column = Column.create(size[0], size[1], size[2], 0.2, lambda, true,
          new SplittableRandom(seed));
      LiquidStateMachine lsm = LiquidStateMachine.create(column, seed);
      double build = (System.nanoTime() - start) / 1e9;
      int trials = 2 * pairs * LsmExperiments.DISTANCES.length + classes * (train + test);
      boolean bar = !quiet && EpochPrinter.onTerminal();
      long runStart = System.nanoTime();
      LsmExperiments.Separation separation;
      LsmExperiments.Classification classification;
      try (ProgressBar progress = bar
          ? new ProgressBarBuilder().setTaskName("lsm").setInitialMax(trials)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(System.err, 100)).build()
          : null) {
        if (!quiet && !bar) {
          spec.commandLine().getErr().printf(Locale.ROOT,
              "lsm: %d neurons, %d synapses; %d trials of 500 ms...%n", column.size(),
              column.connections().size(), trials);
        }
        Runnable step = progress == null ? () -> { } : progress::step;
        separation = LsmExperiments.separation(lsm, pairs, seed, step);
        classification = LsmExperiments.classification(lsm, classes, train, test,
            jitter / 1000, seed, step);
      }
      double run = (System.nanoTime() - runStart) / 1e9;
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "column %s: %d neurons (%d excitatory), %d synapses (EE %d, EI %d,"
          + " IE %d, II %d)%n", grid, column.size(), column.excitatory(),
          column.connections().size(), column.count(SynapseType.EE),
          column.count(SynapseType.EI), column.count(SynapseType.IE),
          column.count(SynapseType.II));
      out.printf(Locale.ROOT, "separation, mean state distance over 500 ms (%d pairs each):%n",
          pairs);
      Map<String, Object> j = new LinkedHashMap<>();
      for (int d = 0; d < separation.distances().length; d++) {
        out.printf(Locale.ROOT, "  d(u,v) = %.1f: %.4f%n", separation.distances()[d],
            separation.mean(d));
        j.put(String.format(Locale.ROOT, "separation_%.1f", separation.distances()[d]),
            separation.mean(d));
      }
      out.printf(Locale.ROOT, "classification of %d templates (jitter %.1f ms): test accuracy"
          + " %.1f %% (chance %.1f %%), training %.1f %%%n", classes, jitter,
          100 * classification.testAccuracy(), 100 * classification.chance(),
          100 * classification.trainAccuracy());
      out.printf(Locale.ROOT, "time: build %.3f s, %d trials %.3f s%n", build, trials, run);
      // The separation curves and the raster appear together or neither does.
      try (AtomicFiles.Publication pictures = new AtomicFiles.Publication(common.force)) {
        if (output != null) {
          separationChart(separation).write(output, pictures);
        }
        if (raster != null) {
          trialRaster(lsm, column, seed).write(raster, pictures);
        }
        pictures.publish();
      }
      if (output != null) {
        out.println("Separation curves in " + output);
      }
      if (raster != null) {
        out.println("Raster in " + raster);
      }
      if (json) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("example", "lsm");
        all.put("neurons", column.size());
        all.put("synapses", column.connections().size());
        all.putAll(j);
        all.put("classes", classes);
        all.put("accuracy", classification.testAccuracy());
        all.put("train_accuracy", classification.trainAccuracy());
        all.put("chance", classification.chance());
        all.put("trials", trials);
        all.put("build_s", build);
        all.put("run_s", run);
        out.println(new ObjectMapper().writeValueAsString(all));
      }
      out.flush();
      return 0;
    }

    /** The mean state distance over time for each input distance. */
    private static TimeSeriesChart separationChart(LsmExperiments.Separation separation) {
      TimeSeriesChart chart = new TimeSeriesChart("Separation: state distance over time",
          "time (ms)", "state distance").yPattern("0.0");
      double[] ms = new double[separation.times().length];
      for (int k = 0; k < ms.length; k++) {
        ms[k] = separation.times()[k] * 1000;
      }
      for (int d = 0; d < separation.distances().length; d++) {
        chart.addLine(String.format(Locale.ROOT, "d(u,v) = %.1f", separation.distances()[d]),
            ms, separation.curves()[d]);
      }
      return chart;
    }

    /** The spikes of the liquid driven by one 20 Hz Poisson input drawn from {@code seed}. */
    private static SpikeRaster trialRaster(LiquidStateMachine lsm, Column column, long seed) {
      double[] input = SpikeTrains.poisson(LsmExperiments.RATE, LsmExperiments.DURATION,
          LsmExperiments.DT, new SplittableRandom(seed));
      double[][] trains = lsm.run(input, LsmExperiments.DURATION, seed);
      SpikeRaster picture = new SpikeRaster("Liquid, one 20 Hz input", column.size(),
          LsmExperiments.DURATION);
      picture.add("excitatory", times(trains, 0, column.excitatory()),
          indices(trains, 0, column.excitatory()));
      picture.add("inhibitory", times(trains, column.excitatory(), column.size()),
          indices(trains, column.excitatory(), column.size()));
      return picture;
    }

    private static int[] parseGrid(String text) {
      String[] parts = text.split("x");
      try {
        if (parts.length == 3) {
          int[] g = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
              Integer.parseInt(parts[2])};
          if (g[0] > 0 && g[1] > 0 && g[2] > 0) {
            long neurons = (long) g[0] * g[1] * g[2];
            if (neurons > Column.MAX_NEURONS) {
              throw new IllegalArgumentException("--grid: expected at most " + Column.MAX_NEURONS
                  + " neurons in all (liquid4j's limit), found " + io.liquid4j.io.Quoted.of(text)
                  + " = " + neurons);
            }
            return g;
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "--grid: expected three positive integers as XxYxZ (e.g. 3x3x15), found "
              + io.liquid4j.io.Quoted.of(text));
    }

    private static double[] times(double[][] trains, int from, int to) {
      int n = 0;
      for (int k = from; k < to; k++) {
        n += trains[k].length;
      }
      double[] t = new double[n];
      int p = 0;
      for (int k = from; k < to; k++) {
        for (double s : trains[k]) {
          t[p++] = s;
        }
      }
      return t;
    }

    private static int[] indices(double[][] trains, int from, int to) {
      int n = 0;
      for (int k = from; k < to; k++) {
        n += trains[k].length;
      }
      int[] i = new int[n];
      int p = 0;
      for (int k = from; k < to; k++) {
        for (int m = 0; m < trains[k].length; m++) {
          i[p++] = k;
        }
      }
      return i;
    }
  }

  /**
   * A raster of every spike of one monitor, over the simulated time, added to {@code pictures}.
   */
  static void raster(SpikeMonitor spikes, String title, Path file,
      AtomicFiles.Publication pictures) throws IOException {
    double duration = 1.0;
    for (double t : spikes.t()) {
      duration = Math.max(duration, t);
    }
    new SpikeRaster(title, spikes.count().length, duration).add("spikes", spikes.t(), spikes.i())
        .write(file, pictures);
  }

  /**
   * The first {@value #TRACE_MS} ms of v of each recorded neuron, in mV, added to {@code
   * pictures}.
   */
  static void traces(StateMonitor trace, Path file, AtomicFiles.Publication pictures)
      throws IOException {
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
    chart.write(file, pictures);
  }
}
