package io.liquid4j.experiments;

import io.liquid4j.reservoir.ClosedLoop;
import io.liquid4j.reservoir.Lms;
import io.liquid4j.reservoir.OnlineReadout;
import io.liquid4j.reservoir.Readout;
import io.liquid4j.reservoir.Reservoir;
import io.liquid4j.reservoir.ReservoirSession;
import io.liquid4j.reservoir.Ridge;
import io.liquid4j.reservoir.Rls;
import io.liquid4j.reservoir.WeightDistribution;
import io.liquid4j.reservoir.task.Lorenz;
import io.liquid4j.reservoir.task.MackeyGlass;
import io.liquid4j.reservoir.task.Metrics;
import io.liquid4j.reservoir.task.Narma;
import io.liquid4j.reservoir.task.NarmaSeries;
import io.liquid4j.reservoir.task.Series;
import java.util.Arrays;
import java.util.Locale;

/**
 * One reservoir-computing benchmark run, as {@code liquid4j reservoir} runs it: make the task's
 * series, build an echo state network, run it over the training inputs and fit the readout, run
 * it on over the test inputs, and score the predictions; optionally generate in closed loop.
 * Timings follow ReservoirPy's split: initialisation (drawing W, W_in and rescaling W), fit
 * (running over the training inputs plus the readout's solve) and run (the test inputs plus the
 * readout).
 *
 * <pre>{@code
 * Result r = ReservoirExperiment.run(Options.defaults(Task.MACKEY_GLASS));
 * System.out.println(r.nrmse());
 * }</pre>
 */
public final class ReservoirExperiment {
  private ReservoirExperiment() {}

  /** The benchmark tasks. */
  public enum Task {
    /**
     * Mackey–Glass (τ = 17, ReservoirPy's generator and its dataset seed 5555), min–max scaled
     * to [−1, 1]; predict x(t + horizon) from x(t).
     */
    MACKEY_GLASS("mackey-glass"),
    /** NARMA-10: predict y(t + horizon) from the input u(t) (horizon 1: the next output). */
    NARMA10("narma10"),
    /** Lorenz (h = 0.03), each coordinate min–max scaled to [−1, 1]; predict the state ahead. */
    LORENZ("lorenz");

    private final String cliName;

    Task(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    /** Parses a CLI name; the message names {@code argument} and the choices. */
    public static Task fromName(String argument, String name) {
      for (Task t : values()) {
        if (t.cliName.equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          argument + ": expected mackey-glass, narma10 or lorenz, found '" + name + "'");
    }
  }

  /** How the readout learns. */
  public enum ReadoutKind { RIDGE, RLS, LMS }

  /**
   * Everything a run depends on.
   *
   * @param dataSeed seed of the series (Mackey–Glass history, NARMA inputs); Lorenz has none
   * @param generate closed-loop steps after the training run (0: none; needs horizon 1)
   * @param alpha RLS's P₀ = I/α
   * @param forgetting RLS's forgetting factor
   * @param learningRate LMS's η
   */
  public record Options(Task task, int units, double leak, double spectralRadius,
      double inputScaling, double connectivity, double inputConnectivity,
      WeightDistribution distribution, double ridge, int length, int horizon, int train,
      int test, int warmup, long seed, long dataSeed, int generate, ReadoutKind readout,
      double alpha, double forgetting, double learningRate, WeightDistribution inputDistribution,
      boolean inputToReadout) {

    /** The task's usual setting (for Mackey–Glass, ReservoirPy's tutorial benchmark). */
    public static Options defaults(Task task) {
      return switch (task) {
        case MACKEY_GLASS -> new Options(task, 1000, 0.3, 1.25, 1.0, 0.1, 0.2,
            WeightDistribution.NORMAL, 1e-8, 10_000, 10, 8000, 1990, 100, 1234,
            MackeyGlass.DEFAULT_SEED, 0, ReadoutKind.RIDGE, 1.0, 1.0, 1e-3,
            WeightDistribution.BERNOULLI, false);
        // The usual NARMA-10 protocol: density 10/N, uniform W and W_in, washout 200, then
        // 2000 training and 2000 test steps, the readout reading [x; u; 1].
        case NARMA10 -> new Options(task, 400, 1.0, 0.9, 0.1, 0.025, 1.0,
            WeightDistribution.UNIFORM, 1e-10, 4200, 1, 2200, 1999, 200, 1234, 1, 0,
            ReadoutKind.RIDGE, 1.0, 1.0, 1e-3, WeightDistribution.UNIFORM, true);
        case LORENZ -> new Options(task, 500, 0.3, 0.9, 0.5, 0.1, 1.0,
            WeightDistribution.NORMAL, 1e-8, 10_000, 1, 8000, 1999, 100, 1234, 0, 0,
            ReadoutKind.RIDGE, 1.0, 1.0, 1e-3, WeightDistribution.BERNOULLI, false);
      };
    }

    /** Rejects settings that cannot run, naming the CLI option. */
    public void validate() {
      positive("--units", units);
      if (!(leak > 0 && leak <= 1)) {
        fail("--leak", "a rate in (0, 1]", leak);
      }
      if (!(spectralRadius > 0) || Double.isInfinite(spectralRadius)) {
        fail("--spectral-radius", "a positive number", spectralRadius);
      }
      if (!Double.isFinite(inputScaling)) {
        fail("--input-scaling", "a finite number", inputScaling);
      }
      fraction("--connectivity", connectivity);
      fraction("--input-connectivity", inputConnectivity);
      if (!(ridge >= 0) || Double.isInfinite(ridge)) {
        fail("--ridge", "a finite number ≥ 0", ridge);
      }
      if (!(alpha > 0) || Double.isInfinite(alpha)) {
        fail("--alpha", "a positive number", alpha);
      }
      if (!(forgetting > 0 && forgetting <= 1)) {
        fail("--forgetting", "a factor in (0, 1]", forgetting);
      }
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        fail("--learning-rate", "a positive number", learningRate);
      }
      positive("--length", length);
      positive("--train", train);
      positive("--test", test);
      if (horizon < 0) {
        fail("--horizon", "an integer ≥ 0", horizon);
      }
      if (warmup < 0 || warmup >= train) {
        fail("--warmup", "an integer in [0, --train)", warmup);
      }
      if ((long) train + test + horizon > length) {
        throw new IllegalArgumentException("--train + --test + --horizon: expected at most --length ("
            + length + "), found " + ((long) train + test + horizon));
      }
      if (generate < 0) {
        fail("--generate", "an integer ≥ 0", generate);
      }
      if (generate > 0 && inputToReadout) {
        throw new IllegalArgumentException("--generate: expected a readout of the states alone,"
            + " found --input-to-readout");
      }
      if (generate > 0 && (horizon != 1 || task == Task.NARMA10)) {
        throw new IllegalArgumentException("--generate: expected --horizon 1 on mackey-glass or "
            + "lorenz (each prediction becomes the next input), found --horizon " + horizon
            + " on " + task.cliName());
      }
      if ((long) train + generate + horizon > length) {
        fail("--generate", "at most --length − --train − 1 steps", generate);
      }
    }

    private static void fraction(String option, double value) {
      if (!(value > 0 && value <= 1)) {
        fail(option, "a fraction in (0, 1]", value);
      }
    }

    private static void positive(String option, int value) {
      if (value < 1) {
        fail(option, "a positive integer", value);
      }
    }

    private static void fail(String option, String expected, Object found) {
      throw new IllegalArgumentException(option + ": expected " + expected + ", found " + found);
    }
  }

  /**
   * What a run measured. NRMSE is ReservoirPy's (RMSE over the range of the truth); {@code
   * nrmseStd} divides by the truth's standard deviation instead. Generation figures are NaN
   * without {@code generate}.
   */
  public record Result(double nrmse, double nrmseStd, double rmse, double rsquare,
      double initSeconds, double fitSeconds, double runSeconds, int outputs,
      double[] predictions, double[] targets, double[] generated, double[] generationTruth,
      double generationNrmse, double generationFinalError) {}

  /** Runs the experiment. */
  public static Result run(Options o) {
    o.validate();
    TaskData data = taskData(o);
    int d = data.columns;
    int n = o.units();

    long t0 = System.nanoTime();
    Reservoir reservoir = Reservoir.builder(n).leak(o.leak()).spectralRadius(o.spectralRadius())
        .inputScaling(o.inputScaling()).connectivity(o.connectivity())
        .inputConnectivity(o.inputConnectivity()).recurrentDistribution(o.distribution())
        .inputDistribution(o.inputDistribution()).seed(o.seed()).build(d);
    long t1 = System.nanoTime();

    ReservoirSession session = reservoir.newSession();
    double[] trainInputs = Arrays.copyOfRange(data.inputs, 0, o.train() * d);
    double[] trainTargets = Arrays.copyOfRange(data.targets, 0, o.train() * data.outputs);
    double[] trainStates = session.run(trainInputs, o.train());
    int features = o.inputToReadout() ? n + d : n;
    double[] trainFeatures = o.inputToReadout()
        ? withInputs(trainStates, trainInputs, o.train(), n, d) : trainStates;
    Readout readout = fitReadout(o, trainFeatures, trainTargets, features, data.outputs);
    long t2 = System.nanoTime();

    double[] afterTraining = o.generate() > 0 ? session.state() : null;
    double[] testInputs = Arrays.copyOfRange(data.inputs, o.train() * d, (o.train() + o.test()) * d);
    double[] testStates = session.run(testInputs, o.test());
    double[] predictions = readout.predict(o.inputToReadout()
        ? withInputs(testStates, testInputs, o.test(), n, d) : testStates, o.test());
    long t3 = System.nanoTime();

    double[] truth = Arrays.copyOfRange(data.targets, o.train() * data.outputs,
        (o.train() + o.test()) * data.outputs);
    double[] generated = new double[0];
    double[] generationTruth = new double[0];
    double generationNrmse = Double.NaN;
    double finalError = Double.NaN;
    if (o.generate() > 0) {
      session.setState(afterTraining);
      generated = ClosedLoop.generate(session, readout, o.generate());
      // The state after input train − 1 predicts target train − 1, the next input.
      generationTruth = Arrays.copyOfRange(data.targets, (o.train() - 1) * d,
          (o.train() - 1 + o.generate()) * d);
      generationNrmse = Metrics.nrmse(generationTruth, generated);
      finalError = finalError(generationTruth, generated, d, data.targets);
    }
    return new Result(Metrics.nrmse(truth, predictions), Metrics.nrmseByStd(truth, predictions),
        Metrics.rmse(truth, predictions), Metrics.rsquare(truth, predictions),
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, data.outputs, predictions, truth,
        generated, generationTruth, generationNrmse, finalError);
  }

  /** Rows [x; u]: each state followed by the input that produced it. */
  private static double[] withInputs(double[] states, double[] inputs, int rows, int n, int d) {
    double[] features = new double[rows * (n + d)];
    for (int t = 0; t < rows; t++) {
      System.arraycopy(states, t * n, features, t * (n + d), n);
      System.arraycopy(inputs, t * d, features, t * (n + d) + n, d);
    }
    return features;
  }

  private static Readout fitReadout(Options o, double[] states, double[] targets, int n,
      int outputs) {
    if (o.readout() == ReadoutKind.RIDGE) {
      return new Ridge(n, outputs, o.ridge()).add(states, targets, o.train(), o.warmup()).fit();
    }
    OnlineReadout online = o.readout() == ReadoutKind.RLS
        ? new Rls(n, outputs, o.alpha(), o.forgetting())
        : new Lms(n, outputs, o.learningRate());
    int from = o.warmup();
    double[] x = Arrays.copyOfRange(states, from * n, o.train() * n);
    double[] y = Arrays.copyOfRange(targets, from * outputs, o.train() * outputs);
    online.trainAll(x, y, o.train() - from);
    return online.snapshot();
  }

  /**
   * Jaeger &amp; Haas's measure: the error at the last generated step over the series' standard
   * deviation, as a root mean square over the output columns.
   */
  private static double finalError(double[] truth, double[] generated, int d, double[] series) {
    int last = truth.length / d - 1;
    double sum = 0;
    for (int c = 0; c < d; c++) {
      double[] column = Series.column(series, d, c);
      double std = Math.sqrt(variance(column));
      double e = (generated[last * d + c] - truth[last * d + c]) / std;
      sum += e * e;
    }
    return Math.sqrt(sum / d);
  }

  private static double variance(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return s / x.length;
  }

  /** Inputs (rows × columns) and targets (rows × outputs), pair t = (input t, target t). */
  private record TaskData(double[] inputs, double[] targets, int columns, int outputs) {}

  private static TaskData taskData(Options o) {
    int h = o.horizon();
    switch (o.task()) {
      case MACKEY_GLASS -> {
        double[] x = Series.minMaxScale(MackeyGlass.generate(o.length(), o.dataSeed()), -1, 1);
        return pairs(x, 1, h);
      }
      case NARMA10 -> {
        NarmaSeries s = Narma.narma10(o.length(), o.dataSeed());
        int rows = o.length() - h;
        return new TaskData(Arrays.copyOf(s.u(), rows), Arrays.copyOfRange(s.y(), h, h + rows),
            1, 1);
      }
      case LORENZ -> {
        double[] xyz = Lorenz.generate(o.length());
        double[] scaled = new double[xyz.length];
        for (int c = 0; c < Lorenz.DIMENSION; c++) {
          double[] column = Series.minMaxScale(Series.column(xyz, Lorenz.DIMENSION, c), -1, 1);
          for (int t = 0; t < column.length; t++) {
            scaled[t * Lorenz.DIMENSION + c] = column[t];
          }
        }
        return pairs(scaled, Lorenz.DIMENSION, h);
      }
      default -> throw new IllegalStateException(o.task().toString());
    }
  }

  private static TaskData pairs(double[] x, int columns, int h) {
    int rows = x.length / columns - h;
    return new TaskData(Arrays.copyOf(x, rows * columns),
        Arrays.copyOfRange(x, h * columns, (h + rows) * columns), columns, columns);
  }

  /** A one-line summary for logs. */
  public static String summary(Result r) {
    return String.format(Locale.ROOT, "NRMSE %.3e  R² %.6f  init %.3f s  fit %.3f s  run %.3f s",
        r.nrmse(), r.rsquare(), r.initSeconds(), r.fitSeconds(), r.runSeconds());
  }
}
