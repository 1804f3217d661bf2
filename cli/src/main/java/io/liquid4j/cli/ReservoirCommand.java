package io.liquid4j.cli;

import io.liquid4j.experiments.ReservoirExperiment;
import io.liquid4j.experiments.ReservoirExperiment.Options;
import io.liquid4j.experiments.ReservoirExperiment.ReadoutKind;
import io.liquid4j.experiments.ReservoirExperiment.Result;
import io.liquid4j.experiments.ReservoirExperiment.Task;
import io.liquid4j.plot.TimeSeriesChart;
import io.liquid4j.reservoir.WeightDistribution;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
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

/**
 * {@code liquid4j reservoir}: an echo state network on a benchmark task. Options left out take
 * the task's defaults ({@link Options#defaults}); for Mackey–Glass these are ReservoirPy's
 * tutorial benchmark with ReservoirPy 0.3.16's default input bias ({@code --bias 0}: ReservoirPy
 * 0.4's). {@code --seeds} runs {@link ReservoirExperiment#runSeeds} over several draws.
 */
@Command(name = "reservoir", mixinStandardHelpOptions = true,
    description = {
      "Train an echo state network's readout on a task and print the test NRMSE.",
      "The tasks are Mackey-Glass, NARMA-10 and Lorenz; the time of each phase is printed too."
        + " Options left out take"
        + " the task's defaults; for mackey-glass these are ReservoirPy's tutorial benchmark"
        + " (1000 units, leak 0.3, spectral radius 1.25, input connectivity 0.2, ridge 1e-8,"
        + " 10 000 steps, horizon 10, 8000 train, 1990 test, warm-up 100) with ReservoirPy"
        + " 0.3.16's default input bias (Bernoulli ±1 at connectivity 0.2), whose test NRMSE"
        + " varies little with the draw; --bias 0 gives ReservoirPy 0.4's setting, without bias.",
      "--seeds 1..10 reports the test NRMSE of each seed of the reservoir's matrices and their"
        + " median."
    })
final class ReservoirCommand implements Callable<Integer> {
  @Option(names = "--task", defaultValue = "mackey-glass",
      description = "mackey-glass, narma10 or lorenz (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--units", paramLabel = "N", description = "Reservoir neurons (default:"
      + " mackey-glass 1000, narma10 400, lorenz 500).")
  Integer units;

  @Option(names = "--leak", paramLabel = "RATE", description = "Leak rate in (0, 1] (default:"
      + " mackey-glass 0.3, narma10 1, lorenz 0.3).")
  Double leak;

  @Option(names = "--spectral-radius", paramLabel = "RHO", description = "Spectral radius W is"
      + " rescaled to, > 0 (default: mackey-glass 1.25, narma10 0.9, lorenz 0.9).")
  Double spectralRadius;

  @Option(names = "--input-scaling", paramLabel = "FACTOR", description = "Factor on W_in"
      + " (default: mackey-glass 1, narma10 0.1, lorenz 0.5).")
  Double inputScaling;

  @Option(names = "--connectivity", paramLabel = "FRACTION", description = "Fraction of non-zero"
      + " entries of W, in (0, 1] (default: mackey-glass 0.1, narma10 0.025, lorenz 0.1).")
  Double connectivity;

  @Option(names = "--input-connectivity", paramLabel = "FRACTION", description = "Fraction of"
      + " non-zero entries of W_in, in (0, 1] (default: mackey-glass 0.2, narma10 1, lorenz 1).")
  Double inputConnectivity;

  @Option(names = "--bias", paramLabel = "SCALE", description = "Magnitude of the Bernoulli"
      + " ±SCALE input bias b; 0 for none (default: mackey-glass 1, ReservoirPy 0.3.16's default;"
      + " 0, ReservoirPy 0.4's, for the other tasks).")
  Double bias;

  @Option(names = "--bias-connectivity", paramLabel = "FRACTION", description = "Fraction of"
      + " neurons with a non-zero bias, in (0, 1] (default: mackey-glass 0.2, ReservoirPy"
      + " 0.3.16's input connectivity; 1 otherwise).")
  Double biasConnectivity;

  @Option(names = "--weights", paramLabel = "DIST", description = "Distribution of W: normal,"
      + " uniform or bernoulli (default: uniform for narma10, normal otherwise).")
  String weights;

  @Option(names = "--input-weights", paramLabel = "DIST",
      description = "Distribution of W_in: bernoulli (±1, ReservoirPy's), uniform or normal"
          + " (default: uniform for narma10, bernoulli otherwise).")
  String inputWeights;

  @Option(names = "--input-to-readout", negatable = true,
      description = "The readout also reads the input: features [x; u] (default: on for narma10,"
          + " as its usual protocol; off otherwise, as ReservoirPy).")
  Boolean inputToReadout;

  @Option(names = "--ridge", paramLabel = "LAMBDA", description = "Ridge regularisation λ ≥ 0"
      + " (default: 1e-10 for narma10, 1e-8 otherwise).")
  Double ridge;

  @Option(names = "--length", paramLabel = "STEPS", description = "Length of the generated"
      + " series (default: 4200 for narma10, 10000 otherwise).")
  Integer length;

  @Option(names = "--horizon", paramLabel = "STEPS", description = "Steps ahead to predict"
      + " (default: 10 for mackey-glass, 1 otherwise).")
  Integer horizon;

  @Option(names = "--train", paramLabel = "STEPS", description = "Training steps (default:"
      + " mackey-glass 8000, narma10 2200, lorenz 8000).")
  Integer train;

  @Option(names = "--test", paramLabel = "STEPS", description = "Test steps, right after the"
      + " training steps (default: 1990 for mackey-glass, 1999 otherwise).")
  Integer test;

  @Option(names = "--warmup", paramLabel = "STEPS", description = "Training states discarded"
      + " before the readout (default: 200 for narma10, 100 otherwise).")
  Integer warmup;

  @Option(names = "--seed", description = "Seed of the reservoir's matrices (default: 1234).")
  Long seed;

  @Option(names = "--seeds", paramLabel = "LIST", description = "Run once per seed of the"
      + " reservoir's matrices and report each test NRMSE and their median: FROM..TO, or seeds"
      + " and ranges separated by commas (1..10, 1,2,5). Not with --seed, --repeat, --output or"
      + " --generate (default: none, one run of --seed).")
  String seeds;

  @Option(names = "--data-seed", description = "Seed of the series (default: mackey-glass"
      + " 5555, ReservoirPy's; narma10 1; lorenz 0).")
  Long dataSeed;

  @Option(names = "--generate", defaultValue = "0", paramLabel = "N",
      description = "Also generate N steps in closed loop after the training steps (needs"
          + " --horizon 1) and report their NRMSE (default: ${DEFAULT-VALUE}, none).")
  int generate;

  @Option(names = "--readout", defaultValue = "ridge",
      description = "ridge (offline), rls (online, FORCE's rule) or lms (online)"
          + " (default: ${DEFAULT-VALUE}).")
  String readout;

  @Option(names = "--alpha", defaultValue = "1",
      description = "RLS: P starts as I/alpha (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--forgetting", defaultValue = "1",
      description = "RLS: forgetting factor in (0, 1] (default: ${DEFAULT-VALUE}).")
  double forgetting;

  @Option(names = "--learning-rate", defaultValue = "0.001",
      description = "LMS: learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Draw the test predictions against the truth here (PNG, or SVG when the"
          + " name ends in .svg).")
  Path output;

  @Option(names = "--plot-steps", defaultValue = "500",
      description = "Test steps drawn (default: ${DEFAULT-VALUE}).")
  int plotSteps;

  @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
      description = "Run N times in this JVM and report the median times of runs 2..N (warm) beside"
          + " the first (cold), beside ReservoirPy's recorded init + fit + run"
          + " (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--json", description = "Print the results as one JSON object on the last line.")
  boolean json;

  @Option(names = "--quiet", description = "No progress line.")
  boolean quiet;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Outputs.of(common.force).add("--output", output).check();
    if (plotSteps < 1) {
      throw new IllegalArgumentException("--plot-steps: expected a positive integer, found "
          + plotSteps);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat: expected a positive integer, found " + repeat);
    }
    Options o = options();
    if (seeds != null) {
      return sweep(o);
    }
    List<Result> runs = new ArrayList<>();
    // Progress on standard error, so that --json's last line on standard output stays the
    // figures: a bar over the runs on a terminal, a line per run otherwise.
    boolean bar = !quiet && repeat > 1 && EpochPrinter.onTerminal();
    try (ProgressBar progress = bar
        ? new ProgressBarBuilder().setTaskName("reservoir").setInitialMax(repeat)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err, 100)).build()
        : null) {
      for (int i = 0; i < repeat; i++) {
        if (!quiet && !bar) {
          spec.commandLine().getErr().printf(Locale.ROOT,
              "reservoir: %s, %d units, %d training and %d test steps%s...%n", o.task().cliName(),
              o.units(), o.train(), o.test(),
              repeat > 1 ? " (run " + (i + 1) + " of " + repeat + ")" : "");
        }
        Result run;
        try {
          run = ReservoirExperiment.run(o);
        } catch (IllegalArgumentException e) {
          // A setting that validates but cannot run: "ridge: the readout's system ... is singular".
          if (SETTINGS.isAboutASetting(e.getMessage())) {
            throw new IllegalArgumentException(SETTINGS.inOptionNames(e.getMessage()), e);
          }
          throw e;
        }
        runs.add(run);
        if (progress != null) {
          progress.setExtraMessage(String.format(Locale.ROOT, " NRMSE %.2e, %.2f s", run.nrmse(),
              run.initSeconds() + run.fitSeconds() + run.runSeconds()));
          progress.step();
        }
      }
    }
    Result r = runs.get(runs.size() - 1);
    // Runs 2..N time the JIT-compiled code; run 1 also pays for compiling it.
    List<Result> warm = runs.size() > 1 ? runs.subList(1, runs.size()) : runs;
    double init = median(warm, Result::initSeconds);
    double fit = median(warm, Result::fitSeconds);
    double run = median(warm, Result::runSeconds);
    double total = median(warm, x -> x.initSeconds() + x.fitSeconds() + x.runSeconds());
    Result first = runs.get(0);
    double cold = first.initSeconds() + first.fitSeconds() + first.runSeconds();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "task %s, %d units, readout %s%n", o.task().cliName(), o.units(),
        o.readout().name().toLowerCase(Locale.ROOT));
    out.printf(Locale.ROOT, "test NRMSE %.4e (range), %.4e (std); RMSE %.4e; R² %.6f%n",
        r.nrmse(), r.nrmseStd(), r.rmse(), r.rsquare());
    out.printf(Locale.ROOT, "time%s: init %.3f s, fit %.3f s, run %.3f s, total %.3f s%n",
        repeat > 1 ? " (median of runs 2.." + repeat + ")" : "", init, fit, run, total);
    if (repeat > 1) {
      out.printf(Locale.ROOT, "first run (JIT compiling): total %.3f s%n", cold);
      if (isReservoirPyBenchmark(o)) {
        out.printf(Locale.ROOT, "ReservoirPy 0.4.2, recorded earlier on this project's 2-core"
            + " machine kind (not measured in this run, so no ratio): init + fit + run %.2f–%.2f"
            + " s%n", RESERVOIRPY_FASTEST, RESERVOIRPY_SLOWEST);
      }
    }
    if (o.generate() > 0) {
      out.printf(Locale.ROOT, "closed loop, %d steps: NRMSE %.4e; error at the last step %.4e"
          + " (over the series' std)%n", o.generate(), r.generationNrmse(),
          r.generationFinalError());
    }
    if (output != null) {
      draw(r, o);
      out.println("Predictions in " + output);
    }
    if (json) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("task", o.task().cliName());
      j.put("units", o.units());
      j.put("nrmse", r.nrmse());
      j.put("nrmse_std", r.nrmseStd());
      j.put("rmse", r.rmse());
      j.put("r2", r.rsquare());
      j.put("init_s", init);
      j.put("fit_s", fit);
      j.put("run_s", run);
      j.put("total_s", total);
      j.put("runs", repeat);
      j.put("first_total_s", cold);
      if (repeat > 1 && isReservoirPyBenchmark(o)) {
        j.put("reservoirpy_recorded_total_s_min", RESERVOIRPY_FASTEST);
        j.put("reservoirpy_recorded_total_s_max", RESERVOIRPY_SLOWEST);
      }
      if (o.generate() > 0) {
        j.put("generate", o.generate());
        j.put("generation_nrmse", r.generationNrmse());
        j.put("generation_final_error", r.generationFinalError());
      }
      out.println(new ObjectMapper().writeValueAsString(j));
    }
    out.flush();
    return 0;
  }

  /** {@code --seeds}: one run per seed, each NRMSE and the median. */
  private int sweep(Options o) throws Exception {
    String clash = seed != null ? "--seed" : repeat != 1 ? "--repeat" : output != null
        ? "--output" : generate != 0 ? "--generate" : null;
    if (clash != null) {
      throw new IllegalArgumentException("--seeds: expected without " + clash
          + " (each seed is one run of its own), found both");
    }
    long[] list = parseSeeds(seeds);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "task %s, %d units, bias %s at connectivity %s, readout %s%n",
        o.task().cliName(), o.units(), o.bias(), o.biasConnectivity(),
        o.readout().name().toLowerCase(Locale.ROOT));
    ReservoirExperiment.SeedSweep s;
    try {
      s = ReservoirExperiment.runSeeds(o, list, (r, seed) -> {
        out.printf(Locale.ROOT, "seed %d: test NRMSE %.4e%n", seed, r.nrmse());
        out.flush();
      });
    } catch (IllegalArgumentException e) {
      if (SETTINGS.isAboutASetting(e.getMessage())) {
        throw new IllegalArgumentException(SETTINGS.inOptionNames(e.getMessage()), e);
      }
      throw e;
    }
    double[] sorted = s.nrmse().clone();
    java.util.Arrays.sort(sorted);
    out.printf(Locale.ROOT, "median test NRMSE over %d seeds %.4e (min %.4e, max %.4e)%n",
        list.length, s.median(), sorted[0], sorted[sorted.length - 1]);
    if (json) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("task", o.task().cliName());
      j.put("units", o.units());
      j.put("bias", o.bias());
      j.put("bias_connectivity", o.biasConnectivity());
      j.put("seeds", s.seeds());
      j.put("nrmse", s.nrmse());
      j.put("median_nrmse", s.median());
      j.put("min_nrmse", sorted[0]);
      j.put("max_nrmse", sorted[sorted.length - 1]);
      out.println(new ObjectMapper().writeValueAsString(j));
    }
    out.flush();
    return 0;
  }

  /** The most seeds one {@code --seeds} may list. */
  private static final int MAX_SEEDS = 10_000;

  /**
   * {@code --seeds}' list: seeds and FROM..TO ranges (inclusive) separated by commas.
   *
   * @throws IllegalArgumentException naming --seeds, for anything else
   */
  static long[] parseSeeds(String text) {
    List<Long> list = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.strip();
      int dots = p.indexOf("..");
      try {
        if (dots < 0) {
          list.add(Long.parseLong(p));
        } else {
          long from = Long.parseLong(p.substring(0, dots).strip());
          long to = Long.parseLong(p.substring(dots + 2).strip());
          if (to < from || to - from >= MAX_SEEDS) {
            throw new IllegalArgumentException("--seeds: expected a range FROM..TO with FROM ≤ TO"
                + " and at most " + MAX_SEEDS + " seeds, found '" + p + "'");
          }
          for (long v = from; v <= to; v++) {
            list.add(v);
          }
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--seeds: expected integer seeds or ranges FROM..TO"
            + " separated by commas (1..10, 1,2,5), found '" + text + "'");
      }
      if (list.size() > MAX_SEEDS) {
        throw new IllegalArgumentException("--seeds: expected at most " + MAX_SEEDS
            + " seeds, found more in '" + text + "'");
      }
    }
    return list.stream().mapToLong(Long::longValue).toArray();
  }

  /** The task's defaults with the options given on the command line in their place. */
  private Options options() {
    Options.Builder b = Options.builder(Task.fromName("--task", task))
        .generate(generate)
        .readout(readoutKind())
        .alpha(alpha)
        .forgetting(forgetting)
        .learningRate(learningRate);
    ifGiven(units, b::units);
    ifGiven(leak, b::leak);
    ifGiven(spectralRadius, b::spectralRadius);
    ifGiven(inputScaling, b::inputScaling);
    ifGiven(connectivity, b::connectivity);
    ifGiven(inputConnectivity, b::inputConnectivity);
    ifGiven(bias, b::bias);
    ifGiven(biasConnectivity, b::biasConnectivity);
    if (weights != null) {
      b.distribution(WeightDistribution.fromName("--weights", weights));
    }
    if (inputWeights != null) {
      b.inputDistribution(WeightDistribution.fromName("--input-weights", inputWeights));
    }
    ifGiven(inputToReadout, b::inputToReadout);
    ifGiven(ridge, b::ridge);
    ifGiven(length, b::length);
    ifGiven(horizon, b::horizon);
    ifGiven(train, b::train);
    ifGiven(test, b::test);
    ifGiven(warmup, b::warmup);
    ifGiven(seed, b::seed);
    ifGiven(dataSeed, b::dataSeed);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SETTINGS.inOptionNames(e.getMessage()), e);
    }
  }

  /** The settings of {@link Options.Builder} that are options of this command. */
  private static final SettingNames SETTINGS = new SettingNames("units", "leak", "spectralRadius",
      "inputScaling", "connectivity", "inputConnectivity", "bias", "biasConnectivity", "ridge",
      "alpha", "forgetting", "learningRate", "length", "train", "test", "horizon", "warmup", "generate",
      "inputToReadout");

  private static <T> void ifGiven(T value, java.util.function.Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private ReadoutKind readoutKind() {
    return switch (readout) {
      case "ridge" -> ReadoutKind.RIDGE;
      case "rls" -> ReadoutKind.RLS;
      case "lms" -> ReadoutKind.LMS;
      default -> throw new IllegalArgumentException(
          "--readout: expected ridge, rls or lms, found '" + readout + "'");
    };
  }

  private void draw(Result r, Options o) throws java.io.IOException {
    int steps = Math.min(plotSteps, o.test());
    int outputs = r.outputs();
    double[] times = new double[steps];
    for (int t = 0; t < steps; t++) {
      times[t] = o.train() + t;
    }
    TimeSeriesChart chart = new TimeSeriesChart(String.format(Locale.ROOT,
        "%s, %d units, %d steps ahead: test NRMSE %.2e", o.task().cliName(), o.units(),
        o.horizon(), r.nrmse()), "time step", "value (scaled)");
    for (int c = 0; c < outputs; c++) {
      double[] truth = new double[steps];
      double[] predicted = new double[steps];
      for (int t = 0; t < steps; t++) {
        truth[t] = r.targets()[t * outputs + c];
        predicted[t] = r.predictions()[t * outputs + c];
      }
      String suffix = outputs > 1 ? " " + "xyz".charAt(c) : "";
      chart.add("truth" + suffix, times, truth, true);
      chart.add("prediction" + suffix, times, predicted, false);
    }
    chart.write(output, common.force);
  }

  /**
   * ReservoirPy 0.4.2's init + fit + run on the tutorial benchmark, measured on this project's
   * machine kind (2 vCPU): fastest 0.2 + 1.4 + 0.21 s, slowest 0.2 + 2.4 + 0.26 s.
   */
  private static final double RESERVOIRPY_FASTEST = 0.2 + 1.4 + 0.21;
  private static final double RESERVOIRPY_SLOWEST = 0.2 + 2.4 + 0.26;

  /** Whether o is the setting ReservoirPy was timed on (the Mackey–Glass defaults). */
  private static boolean isReservoirPyBenchmark(Options o) {
    Options d = Options.defaults(Task.MACKEY_GLASS);
    return o.task() == Task.MACKEY_GLASS && o.units() == d.units() && o.train() == d.train()
        && o.test() == d.test() && o.readout() == ReadoutKind.RIDGE
        && o.connectivity() == d.connectivity() && o.length() == d.length()
        && o.inputConnectivity() == d.inputConnectivity() && o.generate() == 0;
  }

  private static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
    double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
