package io.liquid4j.spark;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.tune.Candidate;
import io.liquid4j.tune.Outcome;
import io.liquid4j.train.Trainer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Hyperparameter sweeps on Spark: every run is an ordinary single-machine training ({@link
 * Trainer#fit}) executed as one Spark task, and the outcome is a table with one row per run.
 *
 * <p>Runs are listed by a {@link Grid}: all combinations of its values ({@link Grid#all()}), or a
 * seeded random draw from them ({@link Grid#sample}). The data travel once per executor in a
 * broadcast; each run then builds its model from its own seed and trains on one thread. A run is
 * a pure function of its settings and the data, and the rows come back sorted by run number, so
 * the same sweep gives the same table (all but the seconds) on any cluster, with any number of
 * partitions, and equal to {@link #runInProcess} on one machine.
 *
 * <pre>{@code
 * List<Sweep.Settings> runs = Sweep.grid()
 *     .models("ltc", "cfc").units(8, 16).learningRates(0.01, 0.003)
 *     .epochs(5).seeds(1, 2, 3)
 *     .all();                                        // 2·2·2·3 = 24 runs
 * Sweep.Result table = Sweep.run(sc, runs, SweepData.of(train), SweepData.of(validation));
 * table.writeCsv(Path.of("sweep.csv"));              // one row per run, written atomically
 * Sweep.Row best = table.bestByValidationLoss();
 * }</pre>
 *
 * <p>What travels: the training and validation {@link SweepData}, each broadcast once per {@link
 * #run} and destroyed when it returns; each run's number and {@link Settings}, serialised into
 * the task that trains it; each run's {@link Row}, serialised back to the driver. The model is
 * built on the executor from the settings, so no parameters travel.
 *
 * <p>Thread safety: the static methods keep no state and may be called from several driver
 * threads at once, each {@link #run} being its own Spark job. {@link Settings}, {@link Row} and
 * {@link Result} are immutable and safe to share between threads; a {@link Grid} is a mutable
 * builder, not thread-safe: fill it on one thread.
 */
public final class Sweep {
  private Sweep() {}

  /**
   * The settings of one training run. Validated on construction, so a bad value is rejected on
   * the driver before anything is shipped; messages name the setting. Immutable and safe to share
   * between threads; serialised into the task that trains the run.
   *
   * @param model the network, built for the data by {@link ModelSpec#toConfig} (the factory
   *     {@code liquid4j train} uses, so the same spec gives the same network)
   * @param learningRate initial learning rate, &gt; 0
   * @param epochs passes over the training data, ≥ 1
   * @param batchSize sequences per mini-batch, ≥ 1
   * @param optimizer "adam", "adamw", "sgd" or "rmsprop"
   * @param seed initialisation and shuffling
   * @param recipe the training recipe's settings the grid varies (L2, clipping, dropping the last
   *     partial batch, learning-rate decay), as the local tuner's {@link Candidate#recipe}
   * @serial exclude
   */
  public record Settings(ModelSpec model, double learningRate, int epochs, int batchSize,
      String optimizer, long seed, Candidate.Recipe recipe) implements Serializable {

    /**
     * Normalises the optimizer's name to lower case and checks every setting.
     *
     * @param model the network, built for the data by {@link ModelSpec#toConfig}
     * @param learningRate initial learning rate, &gt; 0
     * @param epochs passes over the training data, ≥ 1
     * @param batchSize sequences per mini-batch, ≥ 1
     * @param optimizer "adam", "adamw", "sgd" or "rmsprop", in any case
     * @param seed initialisation and shuffling
     * @param recipe the recipe's settings, or null for {@link Candidate.Recipe#NONE}
     * @throws NullPointerException if {@code model} or {@code optimizer} is null
     * @throws IllegalArgumentException naming the setting that is out of range or unknown
     */
    public Settings {
      // The one check, shared with the local tuner, so the messages are the same.
      Candidate checked = new Candidate(model, learningRate, epochs, batchSize, optimizer, seed);
      optimizer = checked.optimizer();
      recipe = recipe == null ? Candidate.Recipe.NONE : recipe;
    }

    /**
     * Settings without a recipe: the trainer's defaults for L2, clipping, the last partial batch
     * and the learning rate's decay.
     *
     * @param model the network, built for the data by {@link ModelSpec#toConfig}
     * @param learningRate initial learning rate, &gt; 0
     * @param epochs passes over the training data, ≥ 1
     * @param batchSize sequences per mini-batch, ≥ 1
     * @param optimizer "adam", "adamw", "sgd" or "rmsprop", in any case
     * @param seed initialisation and shuffling
     * @throws NullPointerException if {@code model} or {@code optimizer} is null
     * @throws IllegalArgumentException naming the setting that is out of range or unknown
     */
    public Settings(ModelSpec model, double learningRate, int epochs, int batchSize,
        String optimizer, long seed) {
      this(model, learningRate, epochs, batchSize, optimizer, seed, Candidate.Recipe.NONE);
    }

    /**
     * Settings whose model is given as {@code liquid4j train}'s shorthands ({@link
     * ModelSpec#shorthand}): a kind and a number of units, projected to the targets.
     *
     * @param model "ltc", "cfc", "ctrnn" or "lstm"
     * @param units neurons of the cell, ≥ 1
     * @param learningRate initial learning rate, &gt; 0
     * @param solver "default" (the model's own: fused for LTC, Euler for CTRNN), or "fused" (LTC
     *     only), "euler", "rk4", "dopri5" (LTC and CTRNN)
     * @param epochs passes over the training data, ≥ 1
     * @param batchSize sequences per mini-batch, ≥ 1
     * @param optimizer "adam", "adamw", "sgd" or "rmsprop", in any case
     * @param seed initialisation and shuffling
     * @throws NullPointerException if {@code solver} or {@code optimizer} is null
     * @throws IllegalArgumentException naming the setting that is out of range or unknown, or a
     *     combination that is invalid as a whole (a CfC with an ODE solver)
     */
    public Settings(String model, int units, double learningRate, String solver, int epochs,
        int batchSize, String optimizer, long seed) {
      this(shorthand(model, units, solver), learningRate, epochs, batchSize, optimizer, seed);
    }

    private static ModelSpec shorthand(String model, int units, String solver) {
      return Candidate.shorthand(model, units, solver);
    }

    /**
     * These settings as the local tuner's candidate (the same fields).
     *
     * @return the candidate
     */
    public Candidate toCandidate() {
      return new Candidate(model, learningRate, epochs, batchSize, optimizer, seed)
          .withRecipe(recipe);
    }

    /**
     * The settings of a candidate of the local tuner (the same fields).
     *
     * @param candidate the candidate
     * @return the settings
     */
    public static Settings of(Candidate candidate) {
      return new Settings(candidate.model(), candidate.learningRate(), candidate.epochs(),
          candidate.batchSize(), candidate.optimizer(), candidate.seed(), candidate.recipe());
    }

    /**
     * The model's kind, in lower case, as in the table.
     *
     * @return "ltc", "cfc", "ctrnn", "lstm", …
     */
    public String modelName() {
      return toCandidate().modelName();
    }

    /**
     * The model's number of units.
     *
     * @return the spec's units
     */
    public int units() {
      return model.units();
    }

    /**
     * The model's ODE solver as the spec names it.
     *
     * @return the solver's name in lower case, or "default" when the spec names none
     */
    public String solver() {
      return toCandidate().solver();
    }

    /** The model this run trains, for data with the given shape: the one factory. */
    ModelConfig modelConfig(SweepData data) {
      return model.toConfig(data.features(), data.targetWidth(), data.perStep());
    }
  }

  /**
   * What one run achieved. Immutable and safe to share between threads; serialised from the
   * executor back to the driver.
   *
   * @param run the run's position in the list given to {@link #run}, from 0
   * @param settings the run's settings
   * @param trainLoss mean mini-batch loss of the last epoch
   * @param validationLoss validation loss at the best epoch (the model a run keeps); NaN without
   *     validation data
   * @param validationMetric validation accuracy (classification) or loss (regression) at the best
   *     epoch; NaN without validation data
   * @param bestEpoch the best validation epoch, from 0 (the last epoch without validation data)
   * @param seconds wall time of the training; the only column that differs between repeats
   * @serial exclude
   */
  public record Row(int run, Settings settings, double trainLoss, double validationLoss,
      double validationMetric, int bestEpoch, double seconds) implements Serializable {

    /**
     * This row with the seconds set to 0, for comparing runs of the same sweep.
     *
     * @return a new row, equal to this one but for {@code seconds}
     */
    public Row withoutTime() {
      return new Row(run, settings, trainLoss, validationLoss, validationMetric, bestEpoch, 0);
    }
  }

  /**
   * The table of a sweep: one row per run, in run order. Immutable: the rows are copied into an
   * unmodifiable list.
   *
   * @param rows one row per run
   * @serial exclude
   */
  public record Result(List<Row> rows) implements Serializable {
    /** The CSV header, in the column order of {@link #toCsv()}. */
    public static final String HEADER =
        "run," + Candidate.CSV_HEADER + "," + Outcome.CSV_HEADER;

    /** The header when a run has a recipe setting: {@link #HEADER} and the recipe's columns. */
    public static final String HEADER_WITH_RECIPE = HEADER + "," + Candidate.Recipe.CSV_HEADER;

    /**
     * Copies the rows.
     *
     * @param rows one row per run, in run order
     * @throws NullPointerException if {@code rows} or one of them is null
     */
    public Result {
      rows = List.copyOf(rows);
    }

    /**
     * The table as CSV.
     *
     * @return {@link #HEADER}, or {@link #HEADER_WITH_RECIPE} when a run has a recipe setting
     *     (as the local tuner's table), then one line per run, each ending in {@code '\n'};
     *     numbers as Java prints them, the seconds with three decimals
     */
    public String toCsv() {
      boolean recipes = rows.stream()
          .anyMatch(r -> !r.settings().recipe().equals(Candidate.Recipe.NONE));
      StringBuilder sb = new StringBuilder(recipes ? HEADER_WITH_RECIPE : HEADER).append('\n');
      for (Row r : rows) {
        sb.append(r.run()).append(',').append(r.settings().toCandidate().csvCells()).append(',')
            .append(new Outcome(r.trainLoss(), r.validationLoss(), r.validationMetric(),
                r.bestEpoch(), r.seconds()).csvCells());
        if (recipes) {
          sb.append(',').append(r.settings().recipe().csvCells());
        }
        sb.append('\n');
      }
      return sb.toString();
    }

    /**
     * Writes {@link #toCsv()} to {@code file}, replacing it. The table goes to a temporary file
     * in the same folder first and is then moved over {@code file}, so a reader sees either the
     * old table or the whole new one, never half of it.
     *
     * @param file where to write; its folder must exist
     * @throws UncheckedIOException when the file cannot be written
     */
    public void writeCsv(Path file) {
      Path target = file.toAbsolutePath();
      try {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
        try {
          Files.writeString(tmp, toCsv(), StandardCharsets.UTF_8);
          try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the sweep table to " + file, e);
      }
    }

    /**
     * The row with the lowest validation loss (the first of equals); rows without one last.
     *
     * @return that row; the first row when no run had validation data
     * @throws IllegalStateException if the table has no rows
     */
    public Row bestByValidationLoss() {
      if (rows.isEmpty()) {
        throw new IllegalStateException("the sweep has no rows");
      }
      return rows.stream().min(Comparator.comparingDouble(
          (Row r) -> Double.isNaN(r.validationLoss()) ? Double.POSITIVE_INFINITY
              : r.validationLoss())).orElseThrow();
    }
  }

  /**
   * A grid of settings; each axis starts with one value, {@link Grid} lists them.
   *
   * @return a new grid with every axis at its default
   */
  public static Grid grid() {
    return new Grid();
  }

  /**
   * The values to try on each axis: the local tuner's {@link io.liquid4j.tune.Grid}, whose
   * candidates become {@link Settings}. Unset axes keep their default: LTC, 16 units, learning
   * rate 0.005, default solver, 10 epochs, batch 16, Adam, seed 1. The model is given either by
   * the shorthand axes (models, units, solvers) or by {@link #specs}.
   *
   * <p>A mutable builder, not thread-safe: fill it on one thread. Each axis method replaces that
   * axis's values with a copy of the given ones and returns this grid; {@link #all} and {@link
   * #sample} return new lists and leave the grid as it is.
   */
  public static final class Grid {
    private final io.liquid4j.tune.Grid grid;

    private Grid() {
      this(new io.liquid4j.tune.Grid());
    }

    private Grid(io.liquid4j.tune.Grid grid) {
      this.grid = grid;
    }

    /**
     * A sweep over a grid of the local tuner, e.g. one read from a file with {@link
     * io.liquid4j.tune.Grid#parse} (the format of {@code liquid4j tune --grid}).
     *
     * @param grid the grid; later changes to it show in this one
     * @return a sweep grid listing the same runs
     */
    public static Grid of(io.liquid4j.tune.Grid grid) {
      return new Grid(Objects.requireNonNull(grid, "grid"));
    }

    /**
     * Model specs, each a complete network (e.g. from {@link ModelSpec#parse}); instead of the
     * models, units and solvers axes.
     *
     * @param values at least one spec
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty, or models, units or solvers
     *     were given already
     */
    public Grid specs(ModelSpec... values) {
      grid.specs(values);
      return this;
    }

    /**
     * Model kinds: "ltc", "cfc", "ctrnn", "lstm" (shorthands: {@link ModelSpec#shorthand}).
     *
     * @param values at least one kind; checked when the settings are listed
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty or specs were given already
     */
    public Grid models(String... values) {
      grid.models(values);
      return this;
    }

    /**
     * Numbers of units.
     *
     * @param values at least one number of units; checked when the settings are listed
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty or specs were given already
     */
    public Grid units(int... values) {
      grid.units(values);
      return this;
    }

    /**
     * Learning rates.
     *
     * @param values at least one rate; checked when the settings are listed
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public Grid learningRates(double... values) {
      grid.learningRates(values);
      return this;
    }

    /**
     * Solvers; "default" is each model's own.
     *
     * @param values at least one solver name; checked when the settings are listed
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty or specs were given already
     */
    public Grid solvers(String... values) {
      grid.solvers(values);
      return this;
    }

    /**
     * Numbers of epochs.
     *
     * @param values at least one number of epochs; checked when the settings are listed
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public Grid epochs(int... values) {
      grid.epochs(values);
      return this;
    }

    /**
     * Batch sizes.
     *
     * @param values at least one batch size; checked when the settings are listed
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public Grid batchSizes(int... values) {
      grid.batchSizes(values);
      return this;
    }

    /**
     * Optimizers: "adam", "adamw", "sgd" or "rmsprop".
     *
     * @param values at least one optimizer name; checked when the settings are listed
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public Grid optimizers(String... values) {
      grid.optimizers(values);
      return this;
    }

    /**
     * Seeds; several seeds of the same settings show the spread between runs.
     *
     * @param values at least one seed
     * @return this grid
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public Grid seeds(long... values) {
      grid.seeds(values);
      return this;
    }

    /**
     * Every combination, the last axis (seeds) varying fastest: models, units, learning rates,
     * solvers, epochs, batch sizes, optimizers, seeds ({@link io.liquid4j.tune.Grid#all}). A
     * combination that is invalid as a whole (a CfC with an ODE solver) is rejected, naming the
     * setting. With {@link #specs}, the specs take the place of models, units and solvers.
     *
     * @return a new mutable list of the product of the axes' sizes
     * @throws IllegalArgumentException naming the setting of the first invalid combination
     */
    public List<Settings> all() {
      return settings(grid.all());
    }

    /**
     * A random search: {@code count} settings, each axis drawn uniformly (with replacement) from
     * its values by a generator seeded with {@code seed}, so the same call lists the same runs
     * ({@link io.liquid4j.tune.Grid#sample}).
     *
     * @param count number of settings to draw, ≥ 1
     * @param seed seeds the draw (not the runs: their seeds come from the seeds axis)
     * @return a new mutable list of {@code count} settings, possibly with repeats
     * @throws IllegalArgumentException if {@code count} &lt; 1, or naming the setting of an
     *     invalid combination drawn
     */
    public List<Settings> sample(int count, long seed) {
      return settings(grid.sample(count, seed));
    }

    private static List<Settings> settings(List<Candidate> candidates) {
      List<Settings> out = new ArrayList<>(candidates.size());
      for (Candidate c : candidates) {
        out.add(Settings.of(c));
      }
      return out;
    }
  }

  /**
   * Runs every setting as one Spark task (one partition per run) and collects the table.
   *
   * <p>A run that fails on an executor fails the job: Spark throws its {@code
   * org.apache.spark.SparkException} on the driver (undeclared), with the run's exception as the
   * cause.
   *
   * @param sc the Spark context to run on
   * @param runs the settings to train, at least one
   * @param train the training data; broadcast once
   * @param validation data for the best epoch and the validation columns, or null
   * @return one row per run, in the order of {@code runs}
   * @throws IllegalArgumentException when {@code runs} is empty or a run's model does not fit
   *     the data, or the validation data's shape differs from the training data's (checked on
   *     the driver)
   */
  public static Result run(JavaSparkContext sc, List<Settings> runs, SweepData train,
      SweepData validation) {
    return run(sc, runs, train, validation, runs.size());
  }

  /**
   * As {@link #run(JavaSparkContext, List, SweepData, SweepData)}, with the runs spread over
   * {@code partitions} tasks instead; the rows do not depend on it.
   *
   * @param sc the Spark context to run on
   * @param runs the settings to train, at least one
   * @param train the training data; broadcast once
   * @param validation data for the best epoch and the validation columns, or null
   * @param partitions number of tasks, ≥ 1
   * @return one row per run, in the order of {@code runs}
   * @throws IllegalArgumentException as for {@link #run(JavaSparkContext, List, SweepData,
   *     SweepData)}, or when {@code partitions} &lt; 1
   */
  public static Result run(JavaSparkContext sc, List<Settings> runs, SweepData train,
      SweepData validation, int partitions) {
    check(runs, train, validation);
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    List<IndexedSettings> indexed = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      indexed.add(new IndexedSettings(i, runs.get(i)));
    }
    Broadcast<SweepData> trainData = sc.broadcast(train);
    Broadcast<SweepData> validData = validation == null ? null : sc.broadcast(validation);
    try {
      List<Row> rows = new ArrayList<>(sc.parallelize(indexed, partitions)
          .map(r -> train(r.run(), r.settings(), trainData.value(),
              validData == null ? null : validData.value()))
          .collect());
      // collect keeps partition order already; sorting makes the order a property of the
      // table rather than of how Spark happened to split the list.
      rows.sort(Comparator.comparingInt(Row::run));
      return new Result(rows);
    } finally {
      trainData.destroy();
      if (validData != null) {
        validData.destroy();
      }
    }
  }

  /**
   * The same sweep on this machine, one run after the other: the reference for {@link #run}.
   *
   * @param runs the settings to train, at least one
   * @param train the training data
   * @param validation data for the best epoch and the validation columns, or null
   * @return one row per run, in the order of {@code runs}
   * @throws IllegalArgumentException as for {@link #run(JavaSparkContext, List, SweepData,
   *     SweepData)}
   */
  public static Result runInProcess(List<Settings> runs, SweepData train, SweepData validation) {
    check(runs, train, validation);
    List<Row> rows = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      rows.add(train(i, runs.get(i), train, validation));
    }
    return new Result(rows);
  }

  private static void check(List<Settings> runs, SweepData train, SweepData validation) {
    Objects.requireNonNull(train, "train");
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("runs: expected at least one setting");
    }
    if (validation != null && (validation.features() != train.features()
        || validation.targetWidth() != train.targetWidth()
        || validation.perStep() != train.perStep())) {
      throw new IllegalArgumentException("validation: expected the training data's shape ("
          + train.features() + " features, " + train.targetWidth() + " targets)");
    }
    for (Settings s : runs) {
      s.modelConfig(train); // fails here, on the driver, rather than in the middle of the job
    }
  }

  /** One run; the same code on the driver and on an executor: the tuner's candidate run. */
  static Row train(int run, Settings settings, SweepData trainData, SweepData validationData) {
    SequenceDataset train = trainData.toDataset();
    SequenceDataset valid = validationData == null ? null : validationData.toDataset();
    // One thread, since Spark already runs one task per core.
    Outcome o = settings.toCandidate().train(train, valid, 1);
    return new Row(run, settings, o.trainLoss(), o.validationLoss(), o.validationMetric(),
        o.bestEpoch(), o.seconds());
  }

  private record IndexedSettings(int run, Settings settings) implements Serializable {}
}
