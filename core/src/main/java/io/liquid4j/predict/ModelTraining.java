package io.liquid4j.predict;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Splits;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.TaskKind;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.DataFingerprint;
import io.liquid4j.train.LearningRateSchedule;
import io.liquid4j.train.Loss;
import io.liquid4j.train.Selection;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingListener;
import io.liquid4j.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Training a model from raw labelled data to a model file that applies itself: what {@code
 * liquid4j train} does, as a library call with the same result for the same inputs and seed.
 *
 * <ol>
 *   <li>the data (a {@link SequenceDataset} in the user's units, or a CSV file) are split with the
 *       trainer's seed into training, validation and test parts ({@link Splits#shuffled}), unless
 *       validation and test sets are given;
 *   <li>the input scaling (z-score per feature) and, for regression, the targets' scaling are
 *       fitted on the training part only;
 *   <li>the model is made from a {@link ModelSpec} (or any {@link ModelFactory}) for the data's
 *       features, classes or targets and per-step layout, initialised with the trainer's seed;
 *   <li>{@link Trainer#fit} trains it on the scaled training part, selecting by the scaled
 *       validation part;
 *   <li>the result is the model with its {@link Preprocessing}, the history, and the test part's
 *       evaluation in the user's units.
 * </ol>
 *
 * <pre>{@code
 * TrainedModel trained = ModelTraining.builder()
 *     .csv(Path.of("datatraining.txt"), CsvTimeSeries.Options
 *         .classification(List.of("Temperature", "Humidity", "Light", "CO2", "HumidityRatio"),
 *             "Occupancy", 16)
 *         .withStride(8)
 *         .withTimestamps("date", Duration.ofMinutes(1)))
 *     .model(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 32}", "spec"))
 *     .trainer(TrainerConfig.defaults().withEpochs(10).withSeed(1))
 *     .split(0.1, 0.15)
 *     .build()
 *     .run();
 * trained.test().ifPresent(e -> System.out.println(e.accuracy()));
 * trained.save(Path.of("occupancy.model"), false);    // Predictor.load(...) applies it to raw data
 * }</pre>
 *
 * <p>From arrays, the same with {@code .data(SequenceDataset.classification(x, n, L, S, y, true,
 * K).withTimespans(dt))}; Δt given with the training data must then be given when predicting.
 *
 * <p>With a checkpoint, the checkpoint also records how the data were read and split (the CSV
 * options, the split fractions or the held-out sets, the scaling) and fingerprints of all the
 * data ({@link DataFingerprint}); a resume with any of them changed is refused with a {@link
 * io.liquid4j.train.CheckpointMismatchException} naming the setting (such as {@code windowLength},
 * {@code testFraction} or {@code data.inputs}), the checkpoint left as it was. The number of
 * epochs may change: a resume with more continues the run.
 *
 * <p>Immutable; {@link #run()} may be called again and gives the same model. Runs on several
 * threads at once are safe when there is no checkpoint file (they would share it) and the
 * listener, if any, accepts calls from several threads. The {@link Builder} is not thread-safe.
 */
public final class ModelTraining {
  private final SequenceDataset data;
  private final Path csvFile;
  private final CsvTimeSeries.Options csvOptions;
  private final double validationFraction;
  private final double testFraction;
  private final SequenceDataset validation;
  private final SequenceDataset test;
  private final Path validationCsv;
  private final Path testCsv;
  private final ModelFactory factory;
  private final TrainerConfig trainer;
  private final Loss loss;
  private final double[] classWeights;
  private final LearningRateSchedule schedule;
  private final Selection selection;
  private final boolean scaleInputs;
  private final boolean scaleTargets;
  private final TrainingListener listener;
  private final Path checkpoint;
  private final boolean resume;

  private ModelTraining(Builder b) {
    if ((b.data == null) == (b.csvFile == null)) {
      throw new IllegalArgumentException(
          "give the training data either as a dataset (data) or as a CSV file (csv), "
              + (b.data == null ? "got neither" : "not both"));
    }
    if (b.factory == null) {
      throw new IllegalArgumentException("the model is not set (model(spec) or model(factory))");
    }
    boolean given = b.validation != null || b.test != null || b.validationCsv != null
        || b.testCsv != null;
    if (given && b.splitSet) {
      throw new IllegalArgumentException(
          "give either split fractions or separate validation/test sets, not both");
    }
    if ((b.validationCsv != null || b.testCsv != null) && b.csvFile == null) {
      throw new IllegalArgumentException(
          "validation/test CSV files need the training data as a CSV file too");
    }
    if (b.resume && b.checkpoint == null) {
      throw new IllegalArgumentException("resume needs a checkpoint file");
    }
    if (b.classWeights != null && b.loss != null) {
      throw new IllegalArgumentException("give either a loss or class weights, not both");
    }
    this.data = b.data;
    this.csvFile = b.csvFile;
    this.csvOptions = b.csvOptions;
    this.validationFraction = given ? 0 : b.validationFraction;
    this.testFraction = given ? 0 : b.testFraction;
    this.validation = b.validation;
    this.test = b.test;
    this.validationCsv = b.validationCsv;
    this.testCsv = b.testCsv;
    this.factory = b.factory;
    this.trainer = b.trainer;
    this.loss = b.loss;
    this.classWeights = b.classWeights == null ? null : b.classWeights.clone();
    this.schedule = b.schedule;
    this.selection = b.selection;
    this.scaleInputs = b.scaleInputs;
    this.scaleTargets = b.scaleTargets;
    this.listener = b.listener;
    this.checkpoint = b.checkpoint;
    this.resume = b.resume;
  }

  /**
   * A builder with the defaults of {@code liquid4j train}: validation 0.1 and test 0.15 of the
   * data, {@link TrainerConfig#defaults()}, the default loss (cross-entropy or MSE), a constant
   * learning rate, inputs and regression targets scaled. Data and model must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ModelTraining}; every setter replaces the previous value. */
  public static final class Builder {
    private SequenceDataset data;
    private Path csvFile;
    private CsvTimeSeries.Options csvOptions;
    private double validationFraction = 0.1;
    private double testFraction = 0.15;
    private boolean splitSet;
    private SequenceDataset validation;
    private SequenceDataset test;
    private Path validationCsv;
    private Path testCsv;
    private ModelFactory factory;
    private TrainerConfig trainer = TrainerConfig.defaults();
    private Loss loss;
    private double[] classWeights;
    private LearningRateSchedule schedule;
    private Selection selection = Selection.DEFAULT;
    private boolean scaleInputs = true;
    private boolean scaleTargets = true;
    private TrainingListener listener;
    private Path checkpoint;
    private boolean resume;

    private Builder() {}

    /**
     * The labelled data in the user's units (feature and target names become the model's).
     * Replaces a {@link #csv} source.
     *
     * @param raw the labelled sequences
     * @return this builder
     * @throws NullPointerException when {@code raw} is null
     */
    public Builder data(SequenceDataset raw) {
      this.data = Objects.requireNonNull(raw, "raw");
      this.csvFile = null;
      this.csvOptions = null;
      return this;
    }

    /**
     * The labelled data as a CSV time series, read with {@link CsvTimeSeries}; the model stores
     * the options so that it reads later files the same way. Replaces a {@link #data} source.
     *
     * @param file the CSV file
     * @param options its columns, task, windows and Δt
     * @return this builder
     * @throws NullPointerException when an argument is null
     */
    public Builder csv(Path file, CsvTimeSeries.Options options) {
      this.csvFile = Objects.requireNonNull(file, "file");
      this.csvOptions = Objects.requireNonNull(options, "options");
      this.data = null;
      return this;
    }

    /**
     * Shares of the sequences held out, drawn with the trainer's seed ({@link Splits#shuffled}):
     * validation = ⌊v·n⌋, test = ⌊t·n⌋, training the rest.
     *
     * @param validationFraction v, in [0, 1]
     * @param testFraction t, in [0, 1], with v + t &lt; 1
     * @return this builder
     * @throws IllegalArgumentException for a fraction out of range, or v + t ≥ 1
     */
    public Builder split(double validationFraction, double testFraction) {
      if (!(validationFraction >= 0 && validationFraction <= 1)) {
        throw new IllegalArgumentException(
            "validationFraction must be in [0, 1], got " + validationFraction);
      }
      if (!(testFraction >= 0 && testFraction <= 1)) {
        throw new IllegalArgumentException("testFraction must be in [0, 1], got " + testFraction);
      }
      if (validationFraction + testFraction >= 1) {
        throw new IllegalArgumentException(
            "validationFraction + testFraction must be < 1 (something must be left to train on),"
                + " got " + validationFraction + " + " + testFraction);
      }
      this.validationFraction = validationFraction;
      this.testFraction = testFraction;
      this.splitSet = true;
      return this;
    }

    /**
     * A separate validation set in the user's units (then all of the data is trained on).
     *
     * @param raw the validation sequences, or null for none
     * @return this builder
     */
    public Builder validation(SequenceDataset raw) {
      this.validation = raw;
      return this;
    }

    /**
     * A separate test set in the user's units (then all of the data is trained on).
     *
     * @param raw the test sequences, or null for none
     * @return this builder
     */
    public Builder test(SequenceDataset raw) {
      this.test = raw;
      return this;
    }

    /**
     * A separate validation CSV file, read as the training file with its class names (training
     * data from {@link #csv} only).
     *
     * @param csvFile the validation CSV file, or null for none
     * @return this builder
     */
    public Builder validation(Path csvFile) {
      this.validationCsv = csvFile;
      return this;
    }

    /**
     * A separate test CSV file, read as the training file with its class names (training data
     * from {@link #csv} only).
     *
     * @param csvFile the test CSV file, or null for none
     * @return this builder
     */
    public Builder test(Path csvFile) {
      this.testCsv = csvFile;
      return this;
    }

    /**
     * The model: its specification, sized to the data ({@link ModelSpec#toConfig}).
     *
     * @param spec the model's specification
     * @return this builder
     * @throws NullPointerException when {@code spec} is null
     */
    public Builder model(ModelSpec spec) {
      Objects.requireNonNull(spec, "spec");
      this.factory = spec::toConfig;
      return this;
    }

    /**
     * The model: any factory of a configuration sized to the data.
     *
     * @param factory called once per run with the data's sizes
     * @return this builder
     * @throws NullPointerException when {@code factory} is null
     */
    public Builder model(ModelFactory factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * The model: a fixed configuration, which must fit the data (inputs, outputs, per step).
     *
     * @param config the model's configuration
     * @return this builder
     * @throws NullPointerException when {@code config} is null
     */
    public Builder model(ModelConfig config) {
      Objects.requireNonNull(config, "config");
      this.factory = (in, out, perStep) -> config;
      return this;
    }

    /**
     * The trainer's hyperparameters; its seed also draws the split and the initial weights.
     *
     * @param config the hyperparameters
     * @return this builder
     * @throws NullPointerException when {@code config} is null
     */
    public Builder trainer(TrainerConfig config) {
      this.trainer = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The loss; not together with {@link #classWeights}.
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
     * Cross-entropy with a weight per class (classification only); not together with {@link
     * #loss}.
     *
     * @param weights (K) weights ≥ 0 in class order, or null for none; copied
     * @return this builder
     */
    public Builder classWeights(double[] weights) {
      this.classWeights = weights == null ? null : weights.clone();
      return this;
    }

    /**
     * The learning-rate schedule.
     *
     * @param value the schedule (copied by the trainer, never changed), or null for a constant
     *     learning rate at the trainer's
     * @return this builder
     */
    public Builder schedule(LearningRateSchedule value) {
      this.schedule = value;
      return this;
    }

    /**
     * The validation score that picks the best epoch and drives early stopping ({@link
     * Trainer#selectingBy}): {@link Selection#F1} for imbalanced classes, where accuracy rewards
     * predicting the majority class.
     *
     * @param value the score; {@link Selection#DEFAULT} (the default) for accuracy
     *     (classification) or loss (regression); accuracy and F1 need classification data
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder selection(Selection value) {
      this.selection = Objects.requireNonNull(value, "selection");
      return this;
    }

    /**
     * Whether the inputs are z-scored with the training part's statistics.
     *
     * @param value true to scale (the default)
     * @return this builder
     */
    public Builder scaleInputs(boolean value) {
      this.scaleInputs = value;
      return this;
    }

    /**
     * Whether regression targets are z-scored for training, the outputs being un-scaled to the
     * targets' units when predicting (no effect on classification).
     *
     * @param value true to scale (the default)
     * @return this builder
     */
    public Builder scaleTargets(boolean value) {
      this.scaleTargets = value;
      return this;
    }

    /**
     * Progress hooks of the training run.
     *
     * @param value the listener, called on the thread that runs {@link ModelTraining#run()}, or
     *     null for none
     * @return this builder
     */
    public Builder listener(TrainingListener value) {
      this.listener = value;
      return this;
    }

    /**
     * A checkpoint file written after every epoch, and whether to continue from it when it
     * exists.
     *
     * @param file the checkpoint file, or null for none
     * @param resume continue from the file when it exists (needs a file)
     * @return this builder
     */
    public Builder checkpoint(Path file, boolean resume) {
      this.checkpoint = file;
      this.resume = resume;
      return this;
    }

    /**
     * Checks the settings that do not need the data and builds.
     *
     * @return a new training run, not started
     * @throws IllegalArgumentException naming the setting that is missing or conflicting
     */
    public ModelTraining build() {
      return new ModelTraining(this);
    }
  }

  /** {@return the trainer's hyperparameters} */
  public TrainerConfig trainer() {
    return trainer;
  }

  /**
   * Reads and splits the data, fits the scaling, trains, and evaluates on the test part.
   *
   * @return the trained model with its preprocessing
   * @throws IllegalArgumentException when the data do not fit the settings (naming the setting)
   * @throws io.liquid4j.io.FileFormatException naming a CSV file and where it is wrong
   * @throws io.liquid4j.train.TrainingException on a non-finite loss or gradient
   * @throws IOException when a file cannot be read or the checkpoint written
   */
  public TrainedModel run() throws IOException {
    SequenceDataset all;
    CsvTimeSeries.Options options = null;
    if (csvFile != null) {
      all = CsvTimeSeries.read(csvFile, csvOptions);
      options = csvOptions.task() == TaskKind.CLASSIFICATION
          ? csvOptions.withClassNames(all.targetNames())
          : csvOptions;
    } else {
      all = data;
    }
    SequenceDataset train;
    SequenceDataset valid;
    SequenceDataset testPart;
    if (validationFraction > 0 || testFraction > 0) {
      Splits.Split split = Splits.shuffled(all, trainer.seed(), validationFraction, testFraction);
      train = split.train();
      valid = split.validation();
      testPart = split.test();
    } else {
      train = all;
      valid = validationCsv != null ? CsvTimeSeries.read(validationCsv, options) : validation;
      testPart = testCsv != null ? CsvTimeSeries.read(testCsv, options) : test;
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException(
          "no training sequences left: the data have " + all.size() + " sequences");
    }
    checkCompatible(train, valid, "validation");
    checkCompatible(train, testPart, "test");
    selection.checkApplies(train.task());

    Preprocessing preprocessing = preprocessing(train, options);
    ModelConfig config = factory.config(train.features(), train.targetWidth(), train.perStep());
    SequenceModel initial = SequenceModel.create(config, trainer.seed());
    preprocessing.checkFits(initial);

    Loss lossFunction = loss != null ? loss
        : classWeights != null ? classLoss(train) : Trainer.defaultLoss(train);
    Trainer t = schedule == null
        ? new Trainer(trainer, lossFunction)
        : new Trainer(trainer, lossFunction, schedule);
    t = t.selectingBy(selection);
    if (checkpoint != null) {
      t = t.withRunSettings(runSettings(all, valid, testPart));
    }
    SequenceDataset validScaled =
        valid != null && valid.size() > 0 ? preprocessing.scale(valid) : null;
    TrainingResult result = t.fit(initial, preprocessing.scale(train), validScaled, listener,
        checkpoint, resume);
    Predictor predictor = Predictor.of(result.model(), preprocessing);
    Evaluation evaluation = null;
    if (testPart != null && testPart.size() > 0) {
      // In the user's units, as 'evaluate' on the saved file reports it; the trainer's loss and
      // threads.
      evaluation = predictor.evaluate(testPart, t.evaluator());
    }
    return new TrainedModel(predictor, result, evaluation, train.size(),
        valid == null ? 0 : valid.size(), testPart == null ? 0 : testPart.size());
  }

  /**
   * What the checkpoint records of how the data were read and split, so that a resume with other
   * data, windows or split is refused naming it: the CSV options, the split fractions or the
   * given held-out sets' fingerprints, the scaling, and the fingerprints of all of the data.
   */
  private Map<String, String> runSettings(
      SequenceDataset all, SequenceDataset valid, SequenceDataset testPart) {
    Map<String, String> m = new LinkedHashMap<>();
    if (csvOptions != null) {
      m.put("featureColumns", String.join(",", csvOptions.featureColumns()));
      m.put("targetColumn", csvOptions.targetColumn());
      m.put("task", csvOptions.task().name().toLowerCase(Locale.ROOT));
      m.put("windowLength", Integer.toString(csvOptions.windowLength()));
      m.put("stride", Integer.toString(csvOptions.stride()));
      m.put("perStepTargets", Boolean.toString(csvOptions.perStepTargets()));
      m.put("timestampColumn", String.valueOf(csvOptions.timestampColumn()));
      m.put("timeUnit", csvOptions.timeUnit().toString());
      m.put("firstStepTimespan", Double.toString(csvOptions.firstStepTimespan()));
      m.put("classOrder", String.valueOf(csvOptions.classOrder()));
      m.put("classNames", String.valueOf(csvOptions.classNames()));
    } else {
      m.put("task", all.task().name().toLowerCase(Locale.ROOT));
    }
    boolean given = validation != null || test != null || validationCsv != null
        || testCsv != null;
    if (!given) {
      m.put("validationFraction", Double.toString(validationFraction));
      m.put("testFraction", Double.toString(testFraction));
    } else {
      putParts(m, "validation", valid);
      putParts(m, "test", testPart);
    }
    m.put("scaleInputs", Boolean.toString(scaleInputs));
    m.put("scaleTargets", Boolean.toString(scaleTargets));
    putParts(m, "data", all);
    return m;
  }

  private static void putParts(Map<String, String> m, String prefix, SequenceDataset d) {
    if (d == null || d.size() == 0) {
      m.put(prefix, "none");
      return;
    }
    DataFingerprint.parts(d).forEach((part, fp) -> m.put(prefix + "." + part, fp));
  }

  private Loss classLoss(SequenceDataset train) {
    if (train.task() != TaskKind.CLASSIFICATION) {
      throw new IllegalArgumentException("classWeights: only for classification");
    }
    if (classWeights.length != train.targetWidth()) {
      throw new IllegalArgumentException(
          "classWeights: expected " + train.targetWidth() + " weights (classes "
              + train.targetNames() + "), got " + classWeights.length);
    }
    return new CrossEntropy(classWeights);
  }

  private static void checkCompatible(SequenceDataset train, SequenceDataset other, String name) {
    if (other == null || other.size() == 0) {
      return;
    }
    if (other.features() != train.features() || other.task() != train.task()
        || other.perStep() != train.perStep() || other.targetWidth() != train.targetWidth()
        || !other.targetNames().equals(train.targetNames())
        || !other.featureNames().equals(train.featureNames())) {
      throw new IllegalArgumentException(
          name + " data do not match the training data: " + other + " " + other.featureNames()
              + " -> " + other.targetNames() + " vs " + train + " " + train.featureNames()
              + " -> " + train.targetNames());
    }
    if ((other.timespans() == null) != (train.timespans() == null)) {
      throw new IllegalArgumentException(
          name + " data " + (other.timespans() == null ? "have no" : "have")
              + " timespans but the training data " + (train.timespans() == null ? "have none"
                  : "do"));
    }
  }

  private Preprocessing preprocessing(SequenceDataset train, CsvTimeSeries.Options options) {
    Preprocessing.Builder b = Preprocessing.builder()
        .features(train.featureNames())
        .perStep(train.perStep())
        .inputScaling(scaleInputs ? Standardizer.fit(train) : null);
    if (train.task() == TaskKind.CLASSIFICATION) {
      b.classification(train.targetNames());
    } else {
      b.regression(train.targetNames())
          .targetScaling(scaleTargets ? targetScaling(train) : null);
    }
    if (options != null) {
      boolean stamped = options.timestampColumn() != null;
      b.timespans(stamped ? Preprocessing.Timespans.FROM_TIMESTAMPS : Preprocessing.Timespans.NONE)
          .csv(CsvLayout.of(options.targetColumn(), options.windowLength())
              .withStride(options.stride())
              .withTimestamps(options.timestampColumn(),
                  stamped ? options.timeUnit() : Duration.ofSeconds(1))
              .withFirstStepTimespan(options.firstStepTimespan()));
    } else {
      b.timespans(train.timespans() != null
          ? Preprocessing.Timespans.GIVEN : Preprocessing.Timespans.NONE);
    }
    return b.build();
  }

  // The targets of every counted step (mask > 0) or sequence, as rows of W values.
  private static Standardizer targetScaling(SequenceDataset train) {
    int w = train.targetWidth();
    double[] y = train.targets();
    double[] mask = train.perStep() ? train.stepWeights() : null; // padded steps never count
    if (mask == null) {
      return Standardizer.fitRows(y, w);
    }
    double[] rows = new double[y.length];
    int counted = 0;
    for (int r = 0; r < mask.length; r++) {
      if (mask[r] > 0) {
        System.arraycopy(y, r * w, rows, counted * w, w);
        counted++;
      }
    }
    if (counted == 0) {
      throw new IllegalArgumentException("training data: every step's mask is 0");
    }
    return Standardizer.fitRows(Arrays.copyOf(rows, counted * w), w);
  }
}
