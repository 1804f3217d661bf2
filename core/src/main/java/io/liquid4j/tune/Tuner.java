package io.liquid4j.tune;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.io.AtomicFiles;
import io.liquid4j.predict.ModelTraining;
import io.liquid4j.predict.TrainedModel;
import io.liquid4j.train.DataFingerprint;
import io.liquid4j.train.ExponentialLr;
import io.liquid4j.train.Loss;
import io.liquid4j.train.Selection;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingException;
import io.liquid4j.train.TrainingListener;
import io.liquid4j.train.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A hyperparameter search on one machine: trains every {@link Candidate} of a {@link Grid}, chooses
 * one by the validation metric alone, and then, in a separate step, reports the chosen candidate's
 * test metric over several seeds.
 *
 * <p>The two steps take their data separately, so the search cannot see the test set: {@link
 * #search} is given the training and validation sequences only, and only {@link #test} is given the
 * test sequences, after the choice is made. Each candidate is trained as {@code liquid4j train}
 * trains ({@link ModelTraining} with the validation set given): inputs, and regression targets,
 * z-scored with the training data's statistics, the model built from the candidate's spec and
 * seed, the epoch with the best validation score kept. A candidate is chosen by its validation
 * metric at that epoch: the highest accuracy (classification) or the lowest loss (regression),
 * or another {@link Builder#selection selection} (F1 on imbalanced classes); the first of equals,
 * a diverged candidate (its metric NaN) never.
 *
 * <p>Data that are already prepared (the paper experiments' splits, scaled as their scripts
 * scale them) are trained as given with {@link Builder#scaleData scaleData(false)}: each run is
 * then {@link Trainer#fit} on the data as they are, with the search's {@link Builder#loss loss};
 * the final step reports any {@link TestMetric}.
 *
 * <pre>{@code
 * List<Candidate> grid = new Grid().models("ltc", "cfc").units(8, 16)
 *     .learningRates(0.01, 0.003).epochs(10).all();
 * Tuner tuner = Tuner.builder().candidates(grid).folder(Path.of("tune-out")).build();
 * Tuner.Search search = tuner.search(train, validation);     // no test data here
 * Tuner.FinalTest test = tuner.test(search, train, validation, testSet, 1, 2, 3, 4, 5);
 * System.out.println(search.chosen().candidate() + ": " + test.describe());
 * }</pre>
 *
 * <p>With a folder, every finished candidate and every finished seed of the final step is recorded
 * there at once, each in a file of its own written atomically, so a search killed at any moment
 * resumes: run again with the same arguments, it reads the recorded results instead of training
 * them again and gives the same result (the same table, seconds included). The folder also records
 * what the search was (the candidates, fingerprints of the data, the fixed training settings but
 * the threads); a search with any of them changed is refused with a {@link
 * SearchMismatchException} naming it, and the folder is left as it was. The tables {@value
 * #CANDIDATES_CSV} and {@value #FINAL_CSV} are written there when each step ends.
 *
 * <p>Immutable and safe to share between threads, but two searches must not share a folder. A run
 * depends only on the data and its settings, not on the number of threads.
 */
public final class Tuner {
  /** The table of all candidates, written into the folder when the search ends. */
  public static final String CANDIDATES_CSV = "candidates.csv";

  /** The table of the final step's seeds, written into the folder when it ends. */
  public static final String FINAL_CSV = "final.csv";

  private static final String FORMAT = "liquid4j-tune 1";

  private final List<Candidate> candidates;
  private final TrainerConfig base;
  private final Path folder;
  private final Listener listener;
  private final int stopAfter;
  private final Loss loss;
  private final Selection selection;
  private final boolean scaleData;

  private Tuner(Builder b) {
    if (b.candidates == null || b.candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates: expected at least one candidate");
    }
    this.loss = b.loss;
    this.selection = b.selection;
    this.scaleData = b.scaleData;
    this.candidates = List.copyOf(b.candidates);
    this.base = b.base;
    this.folder = b.folder;
    this.listener = b.listener;
    this.stopAfter = b.stopAfter;
  }

  /**
   * A builder: candidates must be set; the fixed training settings default to {@link
   * TrainerConfig#defaults()}, no folder, no listener.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Tuner}; every setter replaces the previous value. Not thread-safe. */
  public static final class Builder {
    private List<Candidate> candidates;
    private TrainerConfig base = TrainerConfig.defaults();
    private Path folder;
    private Listener listener = Listener.NONE;
    private int stopAfter = Integer.MAX_VALUE;
    private Loss loss;
    private Selection selection = Selection.DEFAULT;
    private boolean scaleData = true;

    private Builder() {}

    /**
     * The loss every run trains with (e.g. ozone's weighted loss).
     *
     * @param value the loss, or null for the default: cross-entropy for classification, MSE for
     *     regression
     * @return this builder
     */
    public Builder loss(Loss value) {
      this.loss = value;
      return this;
    }

    /**
     * The validation score that picks each run's best epoch and the search's candidate: {@link
     * Selection#F1} for imbalanced classes (as {@link ModelTraining.Builder#selection} and
     * {@code liquid4j train --select}).
     *
     * @param value the score; {@link Selection#DEFAULT} (the default) for accuracy
     *     (classification) or loss (regression)
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder selection(Selection value) {
      this.selection = Objects.requireNonNull(value, "selection");
      return this;
    }

    /**
     * Whether each run z-scores the inputs, and regression targets, with the training data's
     * statistics as {@code liquid4j train} does (true, the default), or trains on the data as
     * given (false: data prepared already, such as the paper experiments'); the test metrics are
     * in the data's units either way.
     *
     * @param value true to scale
     * @return this builder
     */
    public Builder scaleData(boolean value) {
      this.scaleData = value;
      return this;
    }

    /**
     * The candidates to train, in order (from {@link Grid#all} or {@link Grid#sample}).
     *
     * @param values at least one candidate; copied
     * @return this builder
     */
    public Builder candidates(List<Candidate> values) {
      this.candidates = List.copyOf(values);
      return this;
    }

    /**
     * The training settings a grid does not vary: gradient clipping, patience, restoring the best
     * epoch, threads. Epochs, batch size, learning rate, optimizer and seed come from each
     * candidate.
     *
     * @param value the fixed settings
     * @return this builder
     */
    public Builder trainer(TrainerConfig value) {
      this.base = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Where the search records its results as they finish, to resume after a kill; the folder is
     * created when missing.
     *
     * @param value the folder, or null to keep nothing
     * @return this builder
     */
    public Builder folder(Path value) {
      this.folder = value;
      return this;
    }

    /**
     * Progress hooks.
     *
     * @param value called on the thread that runs the search, or null for none
     * @return this builder
     */
    public Builder listener(Listener value) {
      this.listener = value == null ? Listener.NONE : value;
      return this;
    }

    /**
     * Stops each step cleanly after this many runs trained in this call (recorded ones not
     * counted), throwing {@link Stopped}: what a kill between two runs leaves behind, for tests and
     * for splitting a long search into sessions.
     *
     * @param runs runs to train before stopping, ≥ 0
     * @return this builder
     * @throws IllegalArgumentException if {@code runs} &lt; 0
     */
    public Builder stopAfter(int runs) {
      if (runs < 0) {
        throw new IllegalArgumentException("stopAfter must be >= 0, got " + runs);
      }
      this.stopAfter = runs;
      return this;
    }

    /**
     * Builds.
     *
     * @return a new tuner
     * @throws IllegalArgumentException when no candidates are set
     */
    public Tuner build() {
      return new Tuner(this);
    }
  }

  /** Progress hooks of a search; every method does nothing by default. */
  public interface Listener {
    /** Does nothing. */
    Listener NONE = new Listener() {};

    /**
     * A candidate finished, or was read from the folder's records.
     *
     * @param row its result
     * @param recorded true when it was read from the records rather than trained
     * @param total the number of candidates
     */
    default void candidateDone(Row row, boolean recorded, int total) {}

    /**
     * A seed of the final step finished, or was read from the folder's records.
     *
     * @param result its result
     * @param recorded true when it was read from the records rather than trained
     */
    default void seedDone(SeedResult result, boolean recorded) {}
  }

  /** A step stopped by {@link Builder#stopAfter}; what it finished is recorded. */
  public static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A stop.
     *
     * @param message what was finished
     */
    public Stopped(String message) {
      super(message);
    }
  }

  /**
   * One candidate's result. Immutable.
   *
   * @param run the candidate's position in the list, from 0
   * @param candidate its settings
   * @param outcome what its training achieved (NaN figures when it diverged)
   */
  public record Row(int run, Candidate candidate, Outcome outcome) {
    /**
     * Checks the fields.
     *
     * @param run position, ≥ 0
     * @param candidate the settings
     * @param outcome the result
     */
    public Row {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * The result of {@link #search}: every candidate's row and the one chosen on validation.
   * Immutable: the rows are an unmodifiable copy.
   *
   * @param task the data's task, which with the selection says whether a higher metric is better
   * @param selection the validation score of the rows' metric
   * @param rows one row per candidate, in order
   * @param chosenRun the run of the chosen candidate
   */
  public record Search(TaskKind task, Selection selection, List<Row> rows, int chosenRun) {
    /**
     * The CSV header, in the column order of {@link #toCsv()}: the Spark sweep's columns, then
     * whether the candidate was chosen.
     */
    public static final String HEADER = "run," + Candidate.CSV_HEADER + ","
        + Outcome.CSV_HEADER + ",chosen";

    /**
     * The CSV header of {@link #toCsv()} when a candidate has a {@link Candidate.Recipe}
     * setting: {@link #HEADER}, then the recipe's columns (a cell empty where the fixed setting
     * was kept).
     */
    public static final String HEADER_WITH_RECIPE = HEADER + "," + Candidate.Recipe.CSV_HEADER;

    /**
     * Copies the rows.
     *
     * @param task the data's task
     * @param selection the validation score of the rows' metric
     * @param rows one row per candidate, in order
     * @param chosenRun the run of the chosen candidate
     */
    public Search {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(selection, "selection");
      rows = List.copyOf(rows);
    }

    /**
     * A search whose rows' metric is the default score (accuracy or loss).
     *
     * @param task the data's task
     * @param rows one row per candidate, in order
     * @param chosenRun the run of the chosen candidate
     */
    public Search(TaskKind task, List<Row> rows, int chosenRun) {
      this(task, Selection.DEFAULT, rows, chosenRun);
    }

    /**
     * Chooses by the validation metric alone: the highest (classification: accuracy) or lowest
     * (regression: loss), the first of equals; NaN never, unless every candidate has NaN, and
     * then the first.
     *
     * @param task the data's task
     * @param rows one row per candidate, at least one
     * @return the search with its choice
     */
    public static Search choose(TaskKind task, List<Row> rows) {
      return choose(task, Selection.DEFAULT, rows);
    }

    /**
     * Chooses by the validation metric alone, read as {@code selection} says: the highest
     * accuracy or F1, or the lowest loss ({@link Selection#DEFAULT}: accuracy for
     * classification, loss for regression); the first of equals; NaN never, unless every
     * candidate has NaN, and then the first.
     *
     * @param task the data's task
     * @param selection what the rows' validation metric is
     * @param rows one row per candidate, at least one
     * @return the search with its choice
     */
    public static Search choose(TaskKind task, Selection selection, List<Row> rows) {
      boolean higher = higherIsBetter(task, selection);
      int best = 0;
      double bestValue = Double.NaN;
      for (int i = 0; i < rows.size(); i++) {
        double v = rows.get(i).outcome().validationMetric();
        if (Double.isNaN(v)) {
          continue;
        }
        if (Double.isNaN(bestValue) || (higher ? v > bestValue : v < bestValue)) {
          best = i;
          bestValue = v;
        }
      }
      return new Search(task, selection, rows, rows.get(best).run());
    }

    /**
     * The name of the rows' validation metric.
     *
     * @return "accuracy", "f1" or "loss"
     */
    public String metricName() {
      return Tuner.metricName(task, selection);
    }

    /** {@return the chosen candidate's row} */
    public Row chosen() {
      return rows.stream().filter(r -> r.run() == chosenRun).findFirst().orElseThrow();
    }

    /**
     * The table as CSV: {@link #HEADER}, or {@link #HEADER_WITH_RECIPE} when a candidate has a
     * recipe setting, then one line per candidate; numbers as Java prints them (they read back
     * exactly), the seconds with three decimals.
     *
     * @return the table, each line ending in {@code '\n'}
     */
    public String toCsv() {
      boolean recipes = rows.stream()
          .anyMatch(r -> !r.candidate().recipe().equals(Candidate.Recipe.NONE));
      StringBuilder sb = new StringBuilder(recipes ? HEADER_WITH_RECIPE : HEADER).append('\n');
      for (Row r : rows) {
        sb.append(r.run()).append(',').append(r.candidate().csvCells()).append(',')
            .append(r.outcome().csvCells()).append(',').append(r.run() == chosenRun);
        if (recipes) {
          sb.append(',').append(r.candidate().recipe().csvCells());
        }
        sb.append('\n');
      }
      return sb.toString();
    }
  }

  /**
   * One seed of the final step. Immutable.
   *
   * @param seed the seed the chosen candidate was trained with
   * @param outcome its training's result on the validation data
   * @param test its metrics on the test data, in the data's units: loss and accuracy and f1
   *     (classification), or loss, mse and mae (regression); unmodifiable
   */
  public record SeedResult(long seed, Outcome outcome, Map<String, Double> test) {
    /**
     * Copies the metrics.
     *
     * @param seed the seed
     * @param outcome the validation result
     * @param test the test metrics
     */
    public SeedResult {
      Objects.requireNonNull(outcome, "outcome");
      test = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(test));
    }
  }

  /**
   * The result of {@link #test}: the chosen candidate retrained with each seed and scored on the
   * test data. Immutable.
   *
   * @param candidate the chosen candidate (its own seed replaced by each of the seeds)
   * @param metric the metric summarised: accuracy (classification) or mse (regression) unless
   *     asked otherwise
   * @param seeds one result per seed, in the order given
   */
  public record FinalTest(Candidate candidate, String metric, List<SeedResult> seeds) {
    /** The CSV header of {@link #toCsv()}. */
    public static final String HEADER = "seed,validation_metric,best_epoch,test_metric,metric";

    /**
     * Copies the seeds.
     *
     * @param candidate the chosen candidate
     * @param metric the metric summarised
     * @param seeds one result per seed
     */
    public FinalTest {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(metric, "metric");
      seeds = List.copyOf(seeds);
    }

    /** {@return the metric of each seed, in order} */
    public double[] values() {
      return seeds.stream().mapToDouble(s -> s.test().get(metric)).toArray();
    }

    /** {@return the mean of {@link #values()}} */
    public double mean() {
      return Arrays.stream(values()).average().orElse(Double.NaN);
    }

    /**
     * The standard deviation of {@link #values()} around their mean, dividing by their number
     * (numpy's {@code np.std}, as the papers report it).
     *
     * @return the population standard deviation
     */
    public double std() {
      double[] v = values();
      double m = mean();
      double s = 0;
      for (double x : v) {
        s += (x - m) * (x - m);
      }
      return Math.sqrt(s / v.length);
    }

    /** {@return "metric mean ± std over N seeds"} */
    public String describe() {
      return String.format(Locale.ROOT, "test %s %.4f ± %.4f over %d seeds", metric, mean(), std(),
          seeds.size());
    }

    /**
     * The table as CSV: {@link #HEADER}, then one line per seed.
     *
     * @return the table, each line ending in {@code '\n'}
     */
    public String toCsv() {
      StringBuilder sb = new StringBuilder(HEADER).append('\n');
      for (SeedResult s : seeds) {
        sb.append(s.seed()).append(',').append(s.outcome().validationMetric()).append(',')
            .append(s.outcome().bestEpoch()).append(',').append(s.test().get(metric)).append(',')
            .append(metric).append('\n');
      }
      return sb.toString();
    }
  }

  private static boolean higherIsBetter(TaskKind task, Selection selection) {
    return switch (selection) {
      case ACCURACY, F1 -> true;
      case LOSS -> false;
      default -> task == TaskKind.CLASSIFICATION;
    };
  }

  private static String metricName(TaskKind task, Selection selection) {
    return switch (selection) {
      case ACCURACY -> "accuracy";
      case F1 -> "f1";
      case LOSS -> "loss";
      default -> task == TaskKind.CLASSIFICATION ? "accuracy" : "loss";
    };
  }

  /**
   * A test metric of the final step: a name and how it is computed from an evaluation of the
   * test data. Immutable when its function is.
   *
   * @param name the metric's name, as the tables show it
   * @param value computes it from the chosen model's evaluation on the test data
   */
  public record TestMetric(String name, ToDoubleFunction<Evaluation> value) {
    /**
     * Checks the fields.
     *
     * @param name the name, not blank
     * @param value the function
     */
    public TestMetric {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name: expected a metric name, got a blank one");
      }
    }

    /**
     * A metric of the evaluation by name.
     *
     * @param name "accuracy", "f1" or "loss" (classification), "mse", "mae" or "loss"
     *     (regression), in any case; null for accuracy or mse
     * @param task the data's task
     * @return the metric
     * @throws IllegalArgumentException naming {@code metric} when the task does not have it
     */
    public static TestMetric named(String name, TaskKind task) {
      List<String> metrics = standard(task);
      String m = name == null ? metrics.get(0) : name.toLowerCase(Locale.ROOT);
      if (!metrics.contains(m)) {
        throw new IllegalArgumentException("metric: expected " + String.join(", ", metrics)
            + " for " + task.name().toLowerCase(Locale.ROOT) + ", got '" + name + "'");
      }
      return new TestMetric(m, e -> metricOf(e, m));
    }

    private static List<String> standard(TaskKind task) {
      return task == TaskKind.CLASSIFICATION
          ? List.of("accuracy", "f1", "loss") : List.of("mse", "mae", "loss");
    }
  }

  /** {@return the candidates, in order} */
  public List<Candidate> candidates() {
    return candidates;
  }

  /**
   * Trains every candidate (or reads it from the folder's records) and chooses one on validation.
   * The test data are not a parameter: nothing here can depend on them.
   *
   * @param train the training sequences, in the data's units
   * @param validation the validation sequences, at least one: the only basis of the choice
   * @return every candidate's row and the chosen one
   * @throws IllegalArgumentException when a candidate's model does not fit the data, the
   *     validation set is empty or does not match the training data
   * @throws SearchMismatchException when the folder holds another search's records
   * @throws Stopped when {@link Builder#stopAfter} runs were trained before the end
   * @throws IOException when a record cannot be read or written
   */
  public Search search(SequenceDataset train, SequenceDataset validation) throws IOException {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    if (validation.size() == 0) {
      throw new IllegalArgumentException("validation: expected at least one sequence; the choice"
          + " is made on validation data");
    }
    checkMatches(train, validation, "validation");
    selection.checkApplies(train.task());
    for (Candidate c : candidates) {
      // fails here, before any training, rather than after hours of it
      c.model().toConfig(train.features(), train.targetWidth(), train.perStep());
    }
    Map<String, String> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("task", train.task().name().toLowerCase(Locale.ROOT));
    manifest.put("train", DataFingerprint.of(train));
    manifest.put("validation", DataFingerprint.of(validation));
    manifest.put("trainer", fixedSettings());
    putTraining(manifest);
    manifest.put("candidates", Integer.toString(candidates.size()));
    for (int i = 0; i < candidates.size(); i++) {
      manifest.put("candidate." + i, candidates.get(i).describe());
    }
    Path runs = null;
    if (folder != null) {
      Files.createDirectories(folder);
      checkOrWrite(folder.resolve("search.txt"), manifest);
      runs = Files.createDirectories(folder.resolve("candidates"));
    }
    List<Row> rows = new ArrayList<>(candidates.size());
    int trained = 0;
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      Path record = runs == null ? null : runs.resolve(String.format("candidate-%05d.txt", i));
      if (record != null && Files.isRegularFile(record)) {
        Map<String, String> m = readRecord(record);
        checkSame(record, "grid", m.get("candidate"), c.describe());
        Row row = new Row(i, c, outcome(m, record));
        rows.add(row);
        listener.candidateDone(row, true, candidates.size());
        continue;
      }
      if (trained == stopAfter) {
        throw new Stopped("stopped after " + trained + " candidates; " + i + " of "
            + candidates.size() + " are recorded");
      }
      Outcome o = trainOne(c, train, validation, null).outcome;
      trained++;
      Row row = new Row(i, c, o);
      if (record != null) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("candidate", c.describe());
        putOutcome(m, o);
        writeRecord(record, m);
      }
      rows.add(row);
      listener.candidateDone(row, false, candidates.size());
    }
    Search search = Search.choose(train.task(), selection, rows);
    if (folder != null) {
      AtomicFiles.write(folder.resolve(CANDIDATES_CSV),
          search.toCsv().getBytes(StandardCharsets.UTF_8), true);
    }
    return search;
  }

  /**
   * The final step, after the choice: the chosen candidate trained again with each seed on the
   * same training and validation data (the best epoch chosen on validation as in the search) and
   * scored on the test data. The only method given the test data.
   *
   * @param search the result of {@link #search} on {@code train} and {@code validation}
   * @param train the training sequences the search used
   * @param validation the validation sequences the search used
   * @param test the test sequences, in the data's units
   * @param metric the test metric to summarise: "accuracy", "f1" or "loss" (classification),
   *     "mse", "mae" or "loss" (regression); null for accuracy or mse
   * @param seeds at least one seed
   * @return the test metric of each seed
   * @throws IllegalArgumentException for an empty test set or no seeds, a metric the task does not
   *     have, or a test set that does not match the training data
   * @throws SearchMismatchException when the folder holds another final step's records
   * @throws Stopped when {@link Builder#stopAfter} runs were trained before the end
   * @throws IOException when a record cannot be read or written
   */
  public FinalTest test(Search search, SequenceDataset train, SequenceDataset validation,
      SequenceDataset test, String metric, long... seeds) throws IOException {
    Objects.requireNonNull(test, "test");
    return testWith(search, train, validation, test, TestMetric.named(metric, test.task()),
        seeds);
  }

  /**
   * {@link #test(Search, SequenceDataset, SequenceDataset, SequenceDataset, String, long...)}
   * summarising any metric of the test evaluation (such as the F1 of class 1 computed as a
   * paper's script computes it); the standard metrics are recorded beside it.
   *
   * @param search the result of {@link #search} on {@code train} and {@code validation}
   * @param train the training sequences the search used
   * @param validation the validation sequences the search used
   * @param test the test sequences, in the data's units
   * @param metric the test metric to summarise
   * @param seeds at least one seed
   * @return the test metric of each seed
   * @throws IllegalArgumentException for an empty test set or no seeds, or a test set that does
   *     not match the training data
   * @throws SearchMismatchException when the folder holds another final step's records
   * @throws Stopped when {@link Builder#stopAfter} runs were trained before the end
   * @throws IOException when a record cannot be read or written
   */
  public FinalTest testWith(Search search, SequenceDataset train, SequenceDataset validation,
      SequenceDataset test, TestMetric metric, long... seeds) throws IOException {
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(metric, "metric");
    if (test.size() == 0) {
      throw new IllegalArgumentException("test: expected at least one sequence");
    }
    if (seeds.length == 0) {
      throw new IllegalArgumentException("seeds: expected at least one seed");
    }
    checkMatches(train, validation, "validation");
    checkMatches(train, test, "test");
    List<String> metrics = new ArrayList<>(TestMetric.standard(test.task()));
    String m = metric.name();
    boolean custom = !metrics.contains(m);
    if (custom) {
      metrics.add(m);
    }
    Candidate chosen = search.chosen().candidate();
    Map<String, String> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("chosen", chosen.describe());
    manifest.put("train", DataFingerprint.of(train));
    manifest.put("validation", DataFingerprint.of(validation));
    manifest.put("test", DataFingerprint.of(test));
    manifest.put("trainer", fixedSettings());
    putTraining(manifest);
    if (custom) {
      manifest.put("metric", m);
    }
    Path runs = null;
    if (folder != null) {
      Files.createDirectories(folder);
      checkOrWrite(folder.resolve("final.txt"), manifest);
      runs = Files.createDirectories(folder.resolve("final"));
    }
    List<SeedResult> results = new ArrayList<>();
    int trained = 0;
    for (long seed : seeds) {
      Path record = runs == null ? null : runs.resolve("seed-" + seed + ".txt");
      if (record != null && Files.isRegularFile(record)) {
        Map<String, String> r = readRecord(record);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String k : metrics) {
          scores.put(k, number(r, "test." + k, record));
        }
        SeedResult s = new SeedResult(seed, outcome(r, record), scores);
        results.add(s);
        listener.seedDone(s, true);
        continue;
      }
      if (trained == stopAfter) {
        throw new Stopped("stopped after " + trained + " seeds of the final step");
      }
      Trained t = trainOne(chosen.withSeed(seed), train, validation, test);
      trained++;
      Map<String, Double> scores = new LinkedHashMap<>();
      for (String k : metrics) {
        scores.put(k, t.test == null ? Double.NaN
            : k.equals(m) ? metric.value().applyAsDouble(t.test) : metricOf(t.test, k));
      }
      SeedResult s = new SeedResult(seed, t.outcome, scores);
      if (record != null) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("seed", Long.toString(seed));
        putOutcome(r, t.outcome);
        scores.forEach((k, v) -> r.put("test." + k, Double.toString(v)));
        writeRecord(record, r);
      }
      results.add(s);
      listener.seedDone(s, false);
    }
    FinalTest out = new FinalTest(chosen, m, results);
    if (folder != null) {
      AtomicFiles.write(folder.resolve(FINAL_CSV), out.toCsv().getBytes(StandardCharsets.UTF_8),
          true);
    }
    return out;
  }

  private static double metricOf(Evaluation e, String name) {
    return switch (name) {
      case "accuracy" -> e.accuracy();
      case "f1" -> e.f1();
      case "mse" -> e.mse();
      case "mae" -> e.mae();
      default -> e.loss();
    };
  }

  private record Trained(Outcome outcome, Evaluation test) {}

  /**
   * One candidate trained as {@code liquid4j train} trains it, or on the data as given; a
   * diverged run gives NaNs.
   */
  private Trained trainOne(Candidate c, SequenceDataset train, SequenceDataset validation,
      SequenceDataset test) throws IOException {
    ExponentialLr decay = c.recipe().schedule(c.learningRate());
    long start = System.nanoTime();
    try {
      if (!scaleData) {
        Trainer trainer = decay == null
            ? new Trainer(c.trainerConfig(base), loss != null ? loss : Trainer.defaultLoss(train))
            : new Trainer(c.trainerConfig(base), loss != null ? loss : Trainer.defaultLoss(train),
                decay);
        trainer = trainer.selectingBy(selection);
        TrainingResult result = trainer.fit(io.liquid4j.model.SequenceModel.create(
                c.model().toConfig(train.features(), train.targetWidth(), train.perStep()),
                c.seed()),
            train, validation, TrainingListener.NONE, null, false);
        Evaluation e = test == null ? null : trainer.evaluator().evaluate(result.model(), test);
        return new Trained(Outcome.of(result), e);
      }
      ModelTraining.Builder b = ModelTraining.builder()
          .data(train)
          .validation(validation)
          .model(c.model())
          .trainer(c.trainerConfig(base))
          .loss(loss)
          .selection(selection)
          .schedule(decay);
      if (test != null) {
        b.test(test);
      }
      TrainedModel t = b.build().run();
      return new Trained(Outcome.of(t.training()), t.test().orElse(null));
    } catch (TrainingException e) {
      // A diverged candidate is a result of the search, not a reason to abandon it.
      return new Trained(new Outcome(Double.NaN, Double.NaN, Double.NaN, -1,
          (System.nanoTime() - start) / 1e9), null);
    }
  }

  /** The fixed settings that change results: all but the threads. */
  private String fixedSettings() {
    return base.withThreads(1).withEpochs(1).withBatchSize(1).withLearningRate(1).withSeed(0)
        .withOptimizer(io.liquid4j.train.OptimizerConfig.adam()).toString();
  }

  /** Held-out data of another shape than the training data, refused before any training. */
  private static void checkMatches(SequenceDataset train, SequenceDataset other, String name) {
    if (other.features() != train.features() || other.task() != train.task()
        || other.perStep() != train.perStep() || other.targetWidth() != train.targetWidth()) {
      throw new IllegalArgumentException(name + ": the data do not match the training data: "
          + other + " vs " + train);
    }
  }

  /** The training settings beyond the trainer's, recorded only when not the defaults. */
  private void putTraining(Map<String, String> manifest) {
    if (loss != null) {
      manifest.put("loss", loss.name());
    }
    if (selection != Selection.DEFAULT) {
      manifest.put("selection", selection.name().toLowerCase(Locale.ROOT));
    }
    if (!scaleData) {
      manifest.put("scaling", "none");
    }
  }

  private static void putOutcome(Map<String, String> m, Outcome o) {
    m.put("train_loss", Double.toString(o.trainLoss()));
    m.put("validation_loss", Double.toString(o.validationLoss()));
    m.put("validation_metric", Double.toString(o.validationMetric()));
    m.put("best_epoch", Integer.toString(o.bestEpoch()));
    m.put("seconds", Double.toString(o.seconds()));
  }

  private static Outcome outcome(Map<String, String> m, Path record) {
    double bestEpoch = number(m, "best_epoch", record);
    return new Outcome(number(m, "train_loss", record), number(m, "validation_loss", record),
        number(m, "validation_metric", record), (int) bestEpoch, number(m, "seconds", record));
  }

  private static double number(Map<String, String> m, String key, Path record) {
    String v = m.get(key);
    try {
      return Double.parseDouble(Objects.requireNonNull(v));
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(record + ": expected a number for '" + key + "', found "
          + (v == null ? "none" : "'" + v + "'") + "; the record is damaged: delete it to train"
          + " that run again");
    }
  }

  private static void checkOrWrite(Path file, Map<String, String> manifest) throws IOException {
    if (!Files.isRegularFile(file)) {
      writeRecord(file, manifest);
      return;
    }
    Map<String, String> then = readRecord(file);
    for (Map.Entry<String, String> e : manifest.entrySet()) {
      String key = e.getKey();
      checkSame(file, settingOf(key), then.get(key), e.getValue());
    }
    for (Map.Entry<String, String> e : then.entrySet()) {
      // a setting recorded then but left at its default now (a loss, a selection)
      if (!manifest.containsKey(e.getKey()) && !e.getKey().startsWith("candidate")) {
        checkSame(file, settingOf(e.getKey()), e.getValue(), null);
      }
    }
    if (then.size() != manifest.size()) {
      checkSame(file, "grid", then.size() + " entries", manifest.size() + " entries");
    }
  }

  private static String settingOf(String key) {
    return key.startsWith("candidate") ? "grid" : key.equals("chosen") ? "chosen candidate" : key;
  }

  private static void checkSame(Path record, String setting, String then, String now) {
    if (!Objects.equals(then, now)) {
      throw new SearchMismatchException(record, setting, then, now);
    }
  }

  private static void writeRecord(Path file, Map<String, String> values) throws IOException {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), true);
  }

  private static Map<String, String> readRecord(Path file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }
}
