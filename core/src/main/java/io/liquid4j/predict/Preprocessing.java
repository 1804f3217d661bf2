package io.liquid4j.predict;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.TaskKind;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.model.SequenceModel;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a trained model needs to be applied to raw data, kept beside its weights in the model
 * file: the input features and their order, the per-feature input scaling, the task
 * (classification or regression, per step or last step), the class or target names, the scaling
 * of regression targets (outputs are given back in the targets' units), how Δt is obtained, and
 * how CSV files are cut into windows.
 *
 * <p>Immutable and safe to share between threads; built with {@link #builder()}. A model that has
 * none (imported from ncps, built in code) is applied to its inputs as they are.
 *
 * <pre>{@code
 * Preprocessing p = Preprocessing.builder()
 *     .features(List.of("Temperature", "Humidity", "Light", "CO2", "HumidityRatio"))
 *     .inputScaling(Standardizer.fit(train))
 *     .classification(List.of("0", "1"))
 *     .perStep(true)
 *     .timespans(Preprocessing.Timespans.FROM_TIMESTAMPS)
 *     .csv(CsvLayout.of("Occupancy", 16).withTimestamps("date", Duration.ofMinutes(1)))
 *     .build();
 * ModelFile.save(model, p, Path.of("occupancy.model"), false);
 * }</pre>
 *
 * <p><b>Stored form.</b> {@link #toMap()} gives plain JSON values (under the model file's {@code
 * __metadata__} key {@value #METADATA_KEY}); {@link #fromMap} reads them back with every key
 * checked, so tampered or foreign metadata is a {@link FileFormatException} naming the file and the
 * key, never a cast error. Files written before this key existed (keys {@code data} and {@code
 * input_scaling}, by {@code liquid4j train}) are read by {@link #fromMetadata} too.
 */
public final class Preprocessing {
  /** The model file's {@code __metadata__} key that holds the JSON of {@link #toMap()}. */
  public static final String METADATA_KEY = "preprocessing";

  /** Version of the stored form. */
  public static final int VERSION = 1;

  // A repeated key is refused rather than the last one silently winning (issue 16 case 8).
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Where each step's elapsed time Δt comes from. */
  public enum Timespans {
    /** The model was trained with Δt = 1 for every step; none are given. */
    NONE,
    /** Δt is given with the inputs, one per step (arrays, streams). */
    GIVEN,
    /**
     * Δt is the gap between rows of a CSV file's timestamp column ({@link CsvLayout}); for arrays
     * and streams it is given with the inputs, in the same unit.
     */
    FROM_TIMESTAMPS;

    String key() {
      return switch (this) {
        case NONE -> "none";
        case GIVEN -> "given";
        case FROM_TIMESTAMPS -> "timestamps";
      };
    }
  }

  private final List<String> features;
  private final Standardizer inputScaling; // null: inputs as they are
  private final TaskKind task;
  private final boolean perStep;
  private final List<String> targets; // class names or regression target names
  private final Standardizer targetScaling; // regression only; null: targets as they are
  private final Timespans timespans;
  private final CsvLayout csv; // null: no CSV layout

  private Preprocessing(Builder b) {
    if (b.features == null || b.features.isEmpty()) {
      throw new IllegalArgumentException("features must name at least one input feature");
    }
    Set<String> seen = new HashSet<>();
    for (String f : b.features) {
      Objects.requireNonNull(f, "features entry");
      if (!seen.add(f)) {
        throw new IllegalArgumentException("features lists '" + f + "' twice");
      }
    }
    this.features = List.copyOf(b.features);
    if (b.task == null) {
      throw new IllegalArgumentException(
          "the task is not set (classification(classNames) or regression(targetNames))");
    }
    this.task = b.task;
    if (b.targets == null || b.targets.isEmpty()) {
      throw new IllegalArgumentException(
          (task == TaskKind.CLASSIFICATION ? "classNames" : "targetNames")
              + " must name at least one "
              + (task == TaskKind.CLASSIFICATION ? "class" : "target"));
    }
    for (String t : b.targets) {
      Objects.requireNonNull(t, "target name");
    }
    if (new HashSet<>(b.targets).size() != b.targets.size()) {
      throw new IllegalArgumentException(
          (task == TaskKind.CLASSIFICATION ? "classNames" : "targetNames")
              + " lists a name twice: " + b.targets);
    }
    this.targets = List.copyOf(b.targets);
    this.perStep = b.perStep;
    if (b.inputScaling != null && b.inputScaling.features() != features.size()) {
      throw new IllegalArgumentException(
          "inputScaling has statistics for " + b.inputScaling.features() + " features, but there are "
              + features.size() + " features");
    }
    this.inputScaling = b.inputScaling;
    if (b.targetScaling != null) {
      if (task != TaskKind.REGRESSION) {
        throw new IllegalArgumentException("targetScaling applies to regression targets only");
      }
      if (b.targetScaling.features() != targets.size()) {
        throw new IllegalArgumentException(
            "targetScaling has statistics for " + b.targetScaling.features()
                + " targets, but there are " + targets.size() + " targets");
      }
    }
    this.targetScaling = b.targetScaling;
    this.timespans = Objects.requireNonNull(b.timespans, "timespans");
    this.csv = b.csv;
    boolean stamped = csv != null && csv.timestampColumn() != null;
    if (stamped != (timespans == Timespans.FROM_TIMESTAMPS)) {
      throw new IllegalArgumentException(
          stamped
              ? "the CSV layout has a timestamp column, so timespans must be FROM_TIMESTAMPS, not "
                  + timespans
              : "timespans FROM_TIMESTAMPS needs a CSV layout with a timestamp column");
    }
  }

  /**
   * A builder with no features, no task, per-step targets, no scaling and Δt = 1.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this preprocessing's values, to derive a changed copy.
   *
   * @return a new builder; changing it leaves this preprocessing as it is
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.features = features;
    b.inputScaling = inputScaling;
    b.task = task;
    b.perStep = perStep;
    b.targets = targets;
    b.targetScaling = targetScaling;
    b.timespans = timespans;
    b.csv = csv;
    return b;
  }

  /**
   * Builds a {@link Preprocessing}; every setter replaces the previous value. Not thread-safe;
   * {@link #build()} checks the values together.
   */
  public static final class Builder {
    private List<String> features;
    private Standardizer inputScaling;
    private TaskKind task;
    private boolean perStep = true;
    private List<String> targets;
    private Standardizer targetScaling;
    private Timespans timespans = Timespans.NONE;
    private CsvLayout csv;

    private Builder() {}

    /**
     * The input features' names, in the order the model sees them.
     *
     * @param names S ≥ 1 distinct names; copied
     * @return this builder
     */
    public Builder features(List<String> names) {
      this.features = names == null ? null : new ArrayList<>(names);
      return this;
    }

    /**
     * z-scoring of the inputs with statistics of the training data.
     *
     * @param scaling statistics of S features, or null for none
     * @return this builder
     */
    public Builder inputScaling(Standardizer scaling) {
      this.inputScaling = scaling;
      return this;
    }

    /**
     * A classification model whose outputs are logits of these classes, in index order. Clears the
     * target scaling.
     *
     * @param classNames distinct class names, at least one; copied
     * @return this builder
     */
    public Builder classification(List<String> classNames) {
      this.task = TaskKind.CLASSIFICATION;
      this.targets = classNames == null ? null : new ArrayList<>(classNames);
      this.targetScaling = null;
      return this;
    }

    /**
     * A regression model whose outputs are these targets, in order.
     *
     * @param targetNames distinct target names, at least one; copied
     * @return this builder
     */
    public Builder regression(List<String> targetNames) {
      this.task = TaskKind.REGRESSION;
      this.targets = targetNames == null ? null : new ArrayList<>(targetNames);
      return this;
    }

    /**
     * Whether the model gives an output for every step or only for a sequence's last.
     *
     * @param value true for every step (the default), false for the last step only
     * @return this builder
     */
    public Builder perStep(boolean value) {
      this.perStep = value;
      return this;
    }

    /**
     * z-scoring of the regression targets the model was trained on, or null for none; the
     * model's outputs are un-scaled with it, so predictions are in the targets' units.
     *
     * @param scaling statistics of the W targets, or null for none
     * @return this builder
     */
    public Builder targetScaling(Standardizer scaling) {
      this.targetScaling = scaling;
      return this;
    }

    /**
     * Where Δt comes from.
     *
     * @param source the source of Δt (default {@link Timespans#NONE})
     * @return this builder
     */
    public Builder timespans(Timespans source) {
      this.timespans = source;
      return this;
    }

    /**
     * How CSV files are cut into windows.
     *
     * @param layout the CSV layout, or null when the model has none
     * @return this builder
     */
    public Builder csv(CsvLayout layout) {
      this.csv = layout;
      return this;
    }

    /**
     * Checks the values together and builds.
     *
     * @return a new preprocessing
     * @throws NullPointerException for a null feature, class or target name, or null timespans
     * @throws IllegalArgumentException naming what is missing or inconsistent
     */
    public Preprocessing build() {
      return new Preprocessing(this);
    }
  }

  // ---------------------------------------------------------------------------------- accessors

  /** {@return the S input feature names, in the model's input order; unmodifiable} */
  public List<String> features() {
    return features;
  }

  /** {@return the input scaling, if the inputs are scaled} */
  public Optional<Standardizer> inputScaling() {
    return Optional.ofNullable(inputScaling);
  }

  /** {@return classification or regression} */
  public TaskKind task() {
    return task;
  }

  /** {@return whether the model gives an output for every step (true) or only for the last step} */
  public boolean perStep() {
    return perStep;
  }

  /**
   * The class names (classification, in class-index order) or target names (regression, in output
   * order).
   *
   * @return the W names; unmodifiable
   */
  public List<String> targetNames() {
    return targets;
  }

  /** {@return the regression targets' scaling, if the targets were scaled for training} */
  public Optional<Standardizer> targetScaling() {
    return Optional.ofNullable(targetScaling);
  }

  /** {@return where Δt comes from} */
  public Timespans timespans() {
    return timespans;
  }

  /** {@return how CSV files are cut into windows, if the model has a CSV layout} */
  public Optional<CsvLayout> csv() {
    return Optional.ofNullable(csv);
  }

  /** {@return the number of outputs per step the model must have: classes or regression targets} */
  public int outputWidth() {
    return targets.size();
  }

  /**
   * The options that read a CSV file exactly as the training file was read: the same columns,
   * windows, Δt and class mapping.
   *
   * @return new CSV reading options
   * @throws IllegalStateException when there is no {@link #csv() CSV layout}
   */
  public CsvTimeSeries.Options csvOptions() {
    if (csv == null) {
      throw new IllegalStateException(
          "this model has no CSV layout (it was not trained from a CSV file)");
    }
    CsvTimeSeries.Options o =
        task == TaskKind.CLASSIFICATION
            ? CsvTimeSeries.Options.classification(features, csv.targetColumn(), csv.window())
            : CsvTimeSeries.Options.regression(features, csv.targetColumn(), csv.window());
    o = o.withStride(csv.stride()).withPerStepTargets(perStep)
        .withFirstStepTimespan(csv.firstStepTimespan());
    if (csv.timestampColumn() != null) {
      o = o.withTimestamps(csv.timestampColumn(), csv.timeUnit());
    }
    if (task == TaskKind.CLASSIFICATION) {
      o = o.withClassNames(targets);
    }
    return o;
  }

  /**
   * Checks that a model fits: S inputs, one output per class or target, per-step outputs exactly
   * when {@link #perStep()}.
   *
   * @param model the model this preprocessing is to be stored with
   * @throws NullPointerException for a null model
   * @throws IllegalArgumentException naming the mismatch
   */
  public void checkFits(SequenceModel model) {
    Objects.requireNonNull(model, "model");
    if (model.inputSize() != features.size()) {
      throw new IllegalArgumentException(
          "the preprocessing has " + features.size() + " features " + features
              + " but the model takes " + model.inputSize() + " inputs");
    }
    if (model.outputSize() != targets.size()) {
      throw new IllegalArgumentException(
          "the preprocessing has " + targets.size()
              + (task == TaskKind.CLASSIFICATION ? " classes " : " targets ") + targets
              + " but the model gives " + model.outputSize() + " outputs");
    }
    if (model.config().returnSequences() != perStep) {
      throw new IllegalArgumentException(
          "the preprocessing is for " + (perStep ? "per-step" : "last-step")
              + " targets but the model returns "
              + (model.config().returnSequences() ? "every step" : "the last step only"));
    }
  }

  // ---------------------------------------------------------------------------- transformations

  /**
   * Scales raw inputs as the model was trained (a copy; the argument is not modified).
   *
   * @param raw (…, S) row-major
   * @return the scaled copy (the same values when there is no input scaling)
   */
  public double[] scaleInputs(double[] raw) {
    Objects.requireNonNull(raw, "raw");
    double[] x = raw.clone();
    if (inputScaling != null) {
      inputScaling.applyInPlace(x, features.size());
    }
    return x;
  }

  /**
   * Turns model outputs into the user's units in place: regression outputs are un-scaled with
   * {@link #targetScaling()}; logits are left as they are.
   *
   * @param outputs (…, W) row-major; modified
   */
  public void unscaleOutputsInPlace(double[] outputs) {
    Objects.requireNonNull(outputs, "outputs");
    if (targetScaling != null) {
      targetScaling.invertInPlace(outputs, targets.size());
    }
  }

  /**
   * A raw labelled dataset as the model was trained on it: inputs scaled, and regression targets
   * scaled when the targets were.
   *
   * @param raw data in the user's units, with {@link #features()} features
   * @return a new dataset
   */
  public SequenceDataset scale(SequenceDataset raw) {
    Objects.requireNonNull(raw, "raw");
    checkData(raw);
    SequenceDataset out = inputScaling != null ? inputScaling.apply(raw) : raw;
    if (targetScaling != null) {
      double[] y = out.targets();
      targetScaling.applyInPlace(y, targets.size());
      out = out.withTargets(y);
    }
    return out;
  }

  /**
   * Checks that labelled data match: features, task, per-step layout and target width.
   *
   * @param data labelled data in the user's units
   * @throws IllegalArgumentException naming the mismatch
   */
  public void checkData(SequenceDataset data) {
    if (data.features() != features.size()) {
      throw new IllegalArgumentException(
          "data has " + data.features() + " features but the model takes " + features.size()
              + " " + features);
    }
    if (data.task() != task || data.perStep() != perStep) {
      throw new IllegalArgumentException(
          "data has " + describe(data.perStep(), data.task()) + " targets but the model is for "
              + describe(perStep, task) + " targets");
    }
    if (data.targetWidth() != targets.size()) {
      throw new IllegalArgumentException(
          "data has " + data.targetWidth()
              + (task == TaskKind.CLASSIFICATION ? " classes" : " targets")
              + " but the model has " + targets.size() + " " + targets);
    }
  }

  private static String describe(boolean perStep, TaskKind task) {
    return (perStep ? "per-step " : "last-step ") + task.name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------------------- stored form

  /**
   * The stored form: {@code {"version": 1, "features": [...], "input_scaling": {...} | null,
   * "task": "classification" | "regression", "per_step": bool, "classes": [...] (classification)
   * | "targets": [...] (regression), "target_scaling": {...} | null (regression), "timespans":
   * "none" | "given" | "timestamps", "csv": {"target", "timestamp", "time_unit" (ISO-8601 such as
   * "PT1M"), "window", "stride", "first_step_timespan" (null: the file's median)} | null}}.
   *
   * @return a new map of plain JSON values in that key order
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", VERSION);
    m.put("features", features);
    m.put("input_scaling", inputScaling == null ? null : inputScaling.toMap());
    m.put("task", task.name().toLowerCase(Locale.ROOT));
    m.put("per_step", perStep);
    if (task == TaskKind.CLASSIFICATION) {
      m.put("classes", targets);
    } else {
      m.put("targets", targets);
      m.put("target_scaling", targetScaling == null ? null : targetScaling.toMap());
    }
    m.put("timespans", timespans.key());
    if (csv == null) {
      m.put("csv", null);
    } else {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("target", csv.targetColumn());
      c.put("timestamp", csv.timestampColumn());
      c.put("time_unit", csv.timeUnit().toString());
      c.put("window", csv.window());
      c.put("stride", csv.stride());
      c.put("first_step_timespan",
          Double.isNaN(csv.firstStepTimespan()) ? null : csv.firstStepTimespan());
      m.put("csv", c);
    }
    return m;
  }

  /** {@return {@link #toMap()} as JSON text, on one line} */
  public String toJson() {
    return JSON.writeValueAsString(toMap());
  }

  private static final Set<String> KEYS =
      new LinkedHashSet<>(List.of("version", "features", "input_scaling", "task", "per_step",
          "classes", "targets", "target_scaling", "timespans", "csv"));
  private static final Set<String> CSV_KEYS =
      new LinkedHashSet<>(List.of("target", "timestamp", "time_unit", "window", "stride",
          "first_step_timespan"));

  /**
   * Reads the stored form, checking every key.
   *
   * @param map the stored form, as parsed from JSON
   * @param source the file (or name of the bytes) for messages
   * @return the preprocessing
   * @throws FileFormatException naming {@code source} and the key, what was expected and found
   */
  public static Preprocessing fromMap(Map<String, ?> map, String source)
      throws FileFormatException {
    Objects.requireNonNull(map, "map");
    MetadataReader r = new MetadataReader(source, METADATA_KEY, "", map);
    r.onlyKeys(KEYS);
    Object version = map.get("version");
    if (!(version instanceof Integer v) || v != VERSION) {
      throw r.error("version", String.valueOf(VERSION) + " (this liquid4j reads version "
          + VERSION + ")", version);
    }
    List<String> features = r.stringList("features");
    Builder b = builder().features(features);
    b.inputScaling(r.optionalStandardizer("input_scaling", features.size()));
    String task = r.string("task");
    switch (task) {
      case "classification" -> {
        for (String k : List.of("targets", "target_scaling")) {
          if (map.containsKey(k)) {
            throw r.error(k, "not used for classification (the class names are under 'classes')");
          }
        }
        b.classification(r.stringList("classes"));
      }
      case "regression" -> {
        if (map.containsKey("classes")) {
          throw r.error("classes", "not used for regression (the target names are under 'targets')");
        }
        List<String> targets = r.stringList("targets");
        b.regression(targets).targetScaling(r.optionalStandardizer("target_scaling", targets.size()));
      }
      default -> throw r.error("task", "\"classification\" or \"regression\"", task);
    }
    b.perStep(r.bool("per_step"));
    String ts = r.string("timespans");
    Timespans timespans = null;
    for (Timespans t : Timespans.values()) {
      if (t.key().equals(ts)) {
        timespans = t;
      }
    }
    if (timespans == null) {
      throw r.error("timespans", "\"none\", \"given\" or \"timestamps\"", ts);
    }
    b.timespans(timespans);
    MetadataReader c = r.optionalObject("csv");
    if (c != null) {
      c.onlyKeys(CSV_KEYS);
      String unitText = c.string("time_unit");
      Duration unit;
      try {
        unit = Duration.parse(unitText);
      } catch (DateTimeParseException e) {
        throw c.error("time_unit", "an ISO-8601 duration such as \"PT1S\" or \"PT1M\"", unitText);
      }
      if (unit.isNegative() || unit.isZero()) {
        throw c.error("time_unit", "a positive duration", unitText);
      }
      b.csv(new CsvLayout(c.string("target"), c.optionalString("timestamp"), unit,
          c.positiveInt("window"), c.positiveInt("stride"),
          c.optionalPositive("first_step_timespan")));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(source, "__metadata__ '" + METADATA_KEY + "': " + e.getMessage());
    }
  }

  /**
   * The preprocessing stored in a model file's metadata: the {@value #METADATA_KEY} entry, or the
   * {@code data} and {@code input_scaling} entries of files written by earlier releases' {@code
   * liquid4j train}.
   *
   * @param metadata the file's {@code __metadata__}
   * @param source the file (or name of the bytes) for messages
   * @return the preprocessing, or empty when the file has none (ncps imports, models saved from
   *     code without one)
   * @throws FileFormatException naming {@code source} and the key when an entry is malformed
   */
  public static Optional<Preprocessing> fromMetadata(Map<String, String> metadata, String source)
      throws FileFormatException {
    Objects.requireNonNull(metadata, "metadata");
    if (metadata.containsKey(METADATA_KEY)) {
      return Optional.of(fromMap(parseObject(metadata.get(METADATA_KEY), METADATA_KEY, source),
          source));
    }
    boolean data = metadata.containsKey(LEGACY_DATA);
    boolean scaling = metadata.containsKey(LEGACY_SCALING);
    if (!data && !scaling) {
      return Optional.empty();
    }
    if (!data || !scaling) {
      String missing = data ? LEGACY_SCALING : LEGACY_DATA;
      throw new FileFormatException(source, "__metadata__ has '"
          + (data ? LEGACY_DATA : LEGACY_SCALING) + "' but no '" + missing
          + "' (a model written by 'liquid4j train' has both)");
    }
    return Optional.of(fromLegacy(
        parseObject(metadata.get(LEGACY_DATA), LEGACY_DATA, source),
        parseObject(metadata.get(LEGACY_SCALING), LEGACY_SCALING, source), source));
  }

  /** Metadata key of the data description written by earlier releases' {@code liquid4j train}. */
  static final String LEGACY_DATA = "data";

  /** Metadata key of the input scaling written by earlier releases' {@code liquid4j train}. */
  static final String LEGACY_SCALING = "input_scaling";

  private static final Set<String> LEGACY_KEYS =
      new LinkedHashSet<>(List.of("features", "target", "timestamp", "task", "window", "stride",
          "per_step", "class_names"));

  // The earlier form: {"features", "target", "timestamp", "task", "window", "stride", "per_step",
  // "class_names"} plus the Standardizer map under its own key; Δt was read in seconds with the
  // median first gap, and regression targets were not scaled.
  private static Preprocessing fromLegacy(
      Map<String, Object> data, Map<String, Object> scaling, String source)
      throws FileFormatException {
    MetadataReader r = new MetadataReader(source, LEGACY_DATA, "", data);
    r.onlyKeys(LEGACY_KEYS);
    List<String> features = r.stringList("features");
    String target = r.string("target");
    String timestamp = r.optionalString("timestamp");
    String task = r.string("task");
    int window = r.positiveInt("window");
    int stride = r.positiveInt("stride");
    boolean perStep = r.bool("per_step");
    Builder b = builder().features(features).perStep(perStep);
    switch (task) {
      case "classification" -> b.classification(r.stringList("class_names"));
      case "regression" -> {
        if (data.get("class_names") != null) {
          throw r.error("class_names", "null for regression", data.get("class_names"));
        }
        b.regression(List.of(target));
      }
      default -> throw r.error("task", "\"classification\" or \"regression\"", task);
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put(LEGACY_SCALING, scaling);
    b.inputScaling(new MetadataReader(source, LEGACY_SCALING, "", wrapped)
        .optionalStandardizer(LEGACY_SCALING, features.size()));
    b.timespans(timestamp == null ? Timespans.NONE : Timespans.FROM_TIMESTAMPS);
    b.csv(CsvLayout.of(target, window).withStride(stride)
        .withTimestamps(timestamp, Duration.ofSeconds(1)));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(source, "__metadata__ '" + LEGACY_DATA + "': " + e.getMessage());
    }
  }

  private static Map<String, Object> parseObject(String json, String key, String source)
      throws FileFormatException {
    Object value;
    try {
      value = JSON.readValue(json, Object.class);
    } catch (JacksonException e) {
      // Jackson suggests its own switches ("enable `JsonReadFeature...` to allow"), which mean
      // nothing to someone whose file is damaged.
      String why = String.valueOf(e.getOriginalMessage()).replaceAll(": enable `[^`]*` to allow.*$",
          " (not a JSON number)");
      tools.jackson.core.TokenStreamLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new FileFormatException(source,
          "__metadata__ '" + key + "' is not valid JSON: " + why + where, e);
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new FileFormatException(source, "__metadata__ '" + key
          + "': expected a JSON object, found " + MetadataReader.describe(value));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.put(String.valueOf(e.getKey()), e.getValue());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessing p && toMap().equals(p.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "Preprocessing" + toMap();
  }
}
