package io.liquid4j.predict;

import io.liquid4j.cell.Precision;
import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.SequenceInputs;
import io.liquid4j.data.TaskKind;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.evaluation.Evaluator;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import io.liquid4j.model.StreamingSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained model with its {@link Preprocessing}: raw inputs in, outputs in the user's units out,
 * for a batch of sequences, a CSV file or a live stream.
 *
 * <pre>{@code
 * Predictor p = Predictor.load(Path.of("occupancy.model"));
 *
 * // a CSV file, windowed and timed exactly as the training file was
 * Prediction y = p.predict(Path.of("new-readings.csv"));
 * int[] occupied = y.classes();                       // (n, L) predicted class per step
 *
 * // raw arrays: x (n, L, S) in the sensors' units, Δt (n, L) in the timestamp unit
 * Prediction z = p.predict(SequenceInputs.of(x, n, 16, 5).withTimespans(dt));
 *
 * // a stream: one session per sensor, one raw reading at a time
 * Predictor.Session s = p.newSession();
 * double[] logits = s.step(new double[] {23.1, 27.2, 426, 721.3, 0.0048}, 1.0);
 *
 * // labelled data in the user's units: metrics as 'liquid4j evaluate' reports them
 * Evaluation e = p.evaluate(Path.of("test.csv"));
 * System.out.println(e.describe());                   // "accuracy 0.9412, F1 0.9000, loss ..."
 * }</pre>
 *
 * <p><b>What is applied.</b> Inputs are scaled with the stored input scaling; the model runs;
 * regression outputs are un-scaled with the stored target scaling, so they are in the targets'
 * units; classification outputs are logits, with {@link Prediction#classes()} the predicted
 * classes. A model without preprocessing (imported from ncps, built in code) is run on the inputs
 * as they are, exactly like {@link SequenceModel#forward}.
 *
 * <p><b>Δt.</b> When the model was trained with elapsed times ({@link
 * Preprocessing.Timespans#GIVEN} or {@link Preprocessing.Timespans#FROM_TIMESTAMPS}), inputs must
 * come with them, in the same unit; when it was trained with Δt = 1, none may be given. Either
 * mistake would silently change the model's dynamics, so it is an error.
 *
 * <p><b>Thread safety.</b> A Predictor is immutable and thread-safe: one instance may serve any
 * number of threads at once, and its results do not depend on how many. Each stream needs its own
 * {@link Session}, which is not thread-safe.
 */
public final class Predictor {
  private final SequenceModel model;
  private final Preprocessing preprocessing; // null: none

  private Predictor(SequenceModel model, Preprocessing preprocessing) {
    this.model = Objects.requireNonNull(model, "model");
    if (preprocessing != null) {
      preprocessing.checkFits(model);
    }
    this.preprocessing = preprocessing;
  }

  /**
   * A model with its preprocessing.
   *
   * @param model the trained model
   * @param preprocessing what to apply, or null for none (inputs and outputs as they are)
   * @return a new predictor
   * @throws IllegalArgumentException when the preprocessing does not fit the model
   */
  public static Predictor of(SequenceModel model, Preprocessing preprocessing) {
    return new Predictor(model, preprocessing);
  }

  /**
   * A model without preprocessing: inputs and outputs as they are.
   *
   * @param model the trained model
   * @return a new predictor
   */
  public static Predictor of(SequenceModel model) {
    return new Predictor(model, null);
  }

  /**
   * Loads a model file, parsing it once: the model and its preprocessing, if it has one.
   *
   * @param path the model file
   * @return a new predictor
   * @throws FileFormatException naming the file, and the key where the metadata is wrong
   * @throws IOException if the file cannot be read
   */
  public static Predictor load(Path path) throws IOException {
    return of(ModelFile.read(path));
  }

  /**
   * Rebuilds a predictor from the bytes of a model file ({@link #toBytes()}), for instance one
   * broadcast to the workers of a cluster.
   *
   * @param bytes the model file's bytes; not modified
   * @param sourceName what to call the bytes in messages
   * @return a new predictor
   * @throws FileFormatException naming {@code sourceName} and what is wrong
   */
  public static Predictor fromBytes(byte[] bytes, String sourceName) throws FileFormatException {
    return of(ModelFile.read(bytes, sourceName));
  }

  /**
   * The model and preprocessing of a file already read.
   *
   * @param contents what {@link ModelFile#read(Path)} returned
   * @return a new predictor
   * @throws IllegalArgumentException when the preprocessing does not fit the model
   */
  public static Predictor of(ModelFile.Contents contents) {
    return new Predictor(contents.model(), contents.preprocessing());
  }

  /**
   * This predictor with its model run in another precision ({@link SequenceModel#withPrecision}):
   * the same parameters and preprocessing, each step computed in {@code precision}.
   *
   * @param precision the arithmetic of each step
   * @return this predictor when its model already runs in {@code precision}, a new one otherwise
   * @throws IllegalArgumentException when the model does not offer {@code precision} (float32 for
   *     a CTRNN or an LTC with the dopri5 solver); the message starts with {@code precision: }
   */
  public Predictor withPrecision(Precision precision) {
    SequenceModel m = model.withPrecision(precision);
    return m == model ? this : new Predictor(m, preprocessing);
  }

  /** {@return the model} */
  public SequenceModel model() {
    return model;
  }

  /** {@return the preprocessing, if the model has one} */
  public Optional<Preprocessing> preprocessing() {
    return Optional.ofNullable(preprocessing);
  }

  /** {@return the model file's bytes, with the preprocessing} */
  public byte[] toBytes() {
    return preprocessing == null
        ? ModelFile.toBytes(model)
        : ModelFile.toBytes(model, preprocessing);
  }

  /**
   * Writes the model file, with the preprocessing, atomically.
   *
   * @param path the model file to write
   * @param overwrite replace an existing file (otherwise FileAlreadyExistsException)
   * @throws IOException when the file exists and {@code overwrite} is false, or cannot be written
   */
  public void save(Path path, boolean overwrite) throws IOException {
    if (preprocessing == null) {
      ModelFile.save(model, path, overwrite);
    } else {
      ModelFile.save(model, preprocessing, path, overwrite);
    }
  }

  // -------------------------------------------------------------------------------------- batch

  /**
   * Outputs for raw inputs.
   *
   * @param inputs raw sequences with the model's features, and Δt when the model was trained with
   *     it; with valid steps, as {@link #predict(double[], int, int, double[], double[],
   *     ModelState)}
   * @return outputs in the user's units
   * @throws IllegalArgumentException on a wrong feature count or missing/unexpected Δt
   */
  public Prediction predict(SequenceInputs inputs) {
    Objects.requireNonNull(inputs, "inputs");
    return predict(inputs.inputs(), inputs.size(), inputs.length(), inputs.timespans(),
        inputs.validSteps(), null);
  }

  /**
   * Outputs for raw flat arrays.
   *
   * @param x (n, L, S) raw inputs; not modified
   * @param size n
   * @param length L
   * @param timespans (n, L) Δt, or null when the model was trained with Δt = 1; not modified
   * @param initial the state to start from (batch n), or null for zeros
   * @return outputs in the user's units
   * @throws IllegalArgumentException on a wrong shape, a non-finite input, a bad Δt, or Δt given
   *     to a model trained without (or missing for a model trained with)
   */
  public Prediction predict(
      double[] x, int size, int length, double[] timespans, ModelState initial) {
    return predict(x, size, length, timespans, null, initial);
  }

  /**
   * Outputs for raw flat arrays of sequences of different lengths, padded to L: as {@link
   * SequenceModel#forward(double[], int, int, double[], double[], ModelState)}, a padded step
   * carries the state over unchanged and repeats the previous output, so per-step outputs hold
   * through padding and a model that returns only the last step gives each sequence's output at
   * its last valid step, exactly as the sequence run unpadded on its own.
   *
   * @param x (n, L, S) raw inputs, finite also at padded steps; not modified
   * @param size n
   * @param length L
   * @param timespans (n, L) Δt, or null when the model was trained with Δt = 1; at padded steps
   *     any value (0, say) is ignored; not modified
   * @param validSteps (n, L) 1 for a valid step, 0 for a padded one, or null for all valid; not
   *     modified
   * @param initial the state to start from (batch n), or null for zeros
   * @return outputs in the user's units
   * @throws IllegalArgumentException as {@link #predict(double[], int, int, double[],
   *     ModelState)}, or when {@code validSteps} is not (n, L) of 0s and 1s (the message starts
   *     with {@code validSteps})
   */
  public Prediction predict(double[] x, int size, int length, double[] timespans,
      double[] validSteps, ModelState initial) {
    Objects.requireNonNull(x, "x");
    long expected = (long) size * length * model.inputSize();
    if (size < 0 || length < 1 || x.length != expected) {
      throw new IllegalArgumentException(
          "x has " + x.length + " values, expected n·L·S = " + size + "·" + length + "·"
              + model.inputSize() + " = " + expected);
    }
    checkTimespans(timespans != null);
    double[] scaled = preprocessing == null ? x : preprocessing.scaleInputs(x);
    SequenceOutput out = model.forward(scaled, size, length, timespans, validSteps, initial);
    double[] y = out.outputs();
    if (preprocessing != null) {
      preprocessing.unscaleOutputsInPlace(y);
    }
    return new Prediction(y, out.shape(), out.finalState(),
        preprocessing == null ? null : preprocessing.task(),
        preprocessing == null ? null : preprocessing.targetNames());
  }

  /**
   * Outputs for the inputs of labelled raw data (its targets are not used), with its valid steps
   * when it has them ({@link SequenceDataset#withValidSteps}, {@link SequenceDataset#withLengths}):
   * see {@link #predict(double[], int, int, double[], double[], ModelState)}.
   *
   * @param data raw sequences, for instance from {@link #readCsv}
   * @return outputs in the user's units
   */
  public Prediction predict(SequenceDataset data) {
    Objects.requireNonNull(data, "data");
    return predict(data.inputs(), data.size(), data.length(), data.timespans(),
        data.validSteps(), null);
  }

  /**
   * Outputs for a CSV file, read and windowed exactly as the training file was: the stored feature
   * columns, window, stride and Δt from the stored timestamp column. The target column need not
   * be there.
   *
   * @param csv the CSV file
   * @return outputs in the user's units, one sequence per window
   * @throws IllegalStateException when the model has no CSV layout
   * @throws FileFormatException naming the file, line and column of a problem
   * @throws IOException if the file cannot be read
   */
  public Prediction predict(Path csv) throws IOException {
    return predict(CsvTimeSeries.readInputs(csv, csvOptions()));
  }

  /**
   * A labelled CSV file in the user's units, read exactly as the training file was (the stored
   * columns, windows, Δt and class names): for {@link #predict(SequenceDataset)} and for
   * evaluation.
   *
   * @param csv the CSV file, with the target column
   * @return the windows with their raw inputs and targets
   * @throws IllegalStateException when the model has no CSV layout
   * @throws FileFormatException naming the file, line and column of a problem
   * @throws IOException if the file cannot be read
   */
  public SequenceDataset readCsv(Path csv) throws IOException {
    return CsvTimeSeries.read(csv, csvOptions());
  }

  /**
   * Raw labelled data as the model was trained on it: inputs scaled, regression targets scaled
   * when they were for training; the data as they are without preprocessing.
   *
   * @param raw labelled data in the user's units
   * @return a new dataset, or {@code raw} itself without preprocessing
   * @throws IllegalArgumentException when the data do not fit the preprocessing
   */
  public SequenceDataset scale(SequenceDataset raw) {
    Objects.requireNonNull(raw, "raw");
    return preprocessing == null ? raw : preprocessing.scale(raw);
  }

  // ----------------------------------------------------------------------------- evaluation

  /**
   * Metrics of the model on raw labelled data, in the user's units: the inputs are scaled as for
   * training, the outputs un-scaled, and {@link Evaluator#score} compares them with the raw
   * targets (so a regression model's MSE and MAE are in the targets' units). The default loss of
   * the task; all cores.
   *
   * @param raw labelled data in the user's units, with the model's features and targets
   * @return the loss and the task's metrics
   * @throws IllegalArgumentException when the data do not fit the model, or Δt is missing or
   *     unexpected
   */
  public Evaluation evaluate(SequenceDataset raw) {
    return evaluate(raw, Evaluator.create());
  }

  /**
   * As {@link #evaluate(SequenceDataset)}, with an evaluator of given threads and loss.
   *
   * @param raw labelled data in the user's units, with the model's features and targets
   * @param evaluator runs the model in parallel chunks and scores the outputs
   * @return the loss and the task's metrics
   * @throws IllegalArgumentException when the data do not fit the model, or Δt is missing or
   *     unexpected
   */
  public Evaluation evaluate(SequenceDataset raw, Evaluator evaluator) {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(evaluator, "evaluator");
    if (preprocessing != null) {
      preprocessing.checkData(raw);
    }
    checkTimespans(raw.timespans() != null);
    SequenceDataset scaled = raw;
    if (preprocessing != null && preprocessing.inputScaling().isPresent()) {
      scaled = raw.withInputs(preprocessing.scaleInputs(raw.inputs()));
    }
    double[] outputs = evaluator.outputs(model, scaled);
    if (preprocessing != null) {
      preprocessing.unscaleOutputsInPlace(outputs);
    }
    return evaluator.score(outputs, raw);
  }

  /**
   * Metrics of the model on a labelled CSV file, read exactly as the training file was ({@link
   * #readCsv}), in the user's units.
   *
   * @param csv the CSV file, with the target column
   * @return the loss and the task's metrics
   * @throws IllegalStateException when the model has no CSV layout
   * @throws FileFormatException naming the file, line and column of a problem
   * @throws IOException if the file cannot be read
   */
  public Evaluation evaluate(Path csv) throws IOException {
    return evaluate(readCsv(csv));
  }

  private CsvTimeSeries.Options csvOptions() {
    if (preprocessing == null) {
      throw new IllegalStateException(
          "the model has no preprocessing, so it does not say how to read a CSV file");
    }
    return preprocessing.csvOptions();
  }

  void checkTimespans(boolean given) {
    if (preprocessing == null) {
      return;
    }
    boolean trained = preprocessing.timespans() != Preprocessing.Timespans.NONE;
    if (given && !trained) {
      throw new IllegalArgumentException(
          "timespans: the model was trained with Δt = 1, so no elapsed times may be given");
    }
    if (!given && trained) {
      throw new IllegalArgumentException(
          "timespans: the model was trained with elapsed times ("
              + (preprocessing.timespans() == Preprocessing.Timespans.FROM_TIMESTAMPS
                  ? "from the timestamp column '"
                      + preprocessing.csv().map(CsvLayout::timestampColumn).orElse("?")
                      + "', in units of " + preprocessing.csv().map(c -> c.timeUnit().toString())
                          .orElse("?")
                  : "given with the inputs")
              + "), so they must be given");
    }
  }

  // ------------------------------------------------------------------------------- streaming

  /**
   * A new stream, starting from the zero state.
   *
   * @return a new session; sessions share nothing but this predictor
   */
  public Session newSession() {
    return new Session();
  }

  /**
   * One stream of raw observations, stepped one at a time: each step scales the raw features,
   * advances the model's state and gives the output in the user's units. The outputs equal the
   * batch path's for the same sequence, step by step. Not thread-safe (it holds the stream's
   * state): use one session per stream, stepped by one thread at a time. Any number of sessions of
   * one predictor may run on different threads at once.
   */
  public final class Session {
    private final StreamingSession session = model.newSession();

    private Session() {}

    /** {@return the predictor this session belongs to} */
    public Predictor predictor() {
      return Predictor.this;
    }

    /**
     * Advances by one raw observation with Δt = 1; for models trained without elapsed times.
     *
     * @param rawFeatures (S) in the user's units; not modified
     * @return the output (W) in the user's units
     * @throws IllegalArgumentException on a wrong size or a non-finite feature (the state is then
     *     unchanged), or when the model was trained with elapsed times
     */
    public double[] step(double[] rawFeatures) {
      checkTimespans(false);
      return advance(rawFeatures, 1.0);
    }

    /**
     * Advances by one raw observation.
     *
     * @param rawFeatures (S) in the user's units; not modified
     * @param dt time since the previous observation, &gt; 0, in the model's time unit
     * @return the output (W) in the user's units
     * @throws IllegalArgumentException on a wrong size, a non-finite feature or a bad Δt (the
     *     state is then unchanged), or when the model was trained with Δt = 1
     */
    public double[] step(double[] rawFeatures, double dt) {
      checkTimespans(true);
      return advance(rawFeatures, dt);
    }

    private double[] advance(double[] rawFeatures, double dt) {
      if (rawFeatures == null || rawFeatures.length != model.inputSize()) {
        throw new IllegalArgumentException(
            "x: expected " + model.inputSize() + " features, got "
                + (rawFeatures == null ? "null" : String.valueOf(rawFeatures.length)));
      }
      double[] x = preprocessing == null ? rawFeatures : preprocessing.scaleInputs(rawFeatures);
      double[] y = session.step(x, dt);
      if (preprocessing != null) {
        preprocessing.unscaleOutputsInPlace(y);
      }
      return y;
    }

    /**
     * The predicted class of an output of {@link #step}: the index of its largest logit.
     *
     * @param output (W) logits from {@link #step}; not modified
     * @return the class index, the first on ties
     * @throws IllegalStateException unless the model is a classifier
     */
    public int classOf(double[] output) {
      if (preprocessing == null || preprocessing.task() != TaskKind.CLASSIFICATION) {
        throw new IllegalStateException("the model is not known to be a classifier");
      }
      int best = 0;
      for (int k = 1; k < output.length; k++) {
        if (output[k] > output[best]) {
          best = k;
        }
      }
      return best;
    }

    /** {@return the number of steps since creation or the last reset/restore} */
    public long steps() {
      return session.steps();
    }

    /** {@return a copy of the current state (batch 1)} */
    public ModelState state() {
      return session.state();
    }

    /** Back to the zero state. */
    public void reset() {
      session.reset();
    }

    /**
     * Continues from a saved state.
     *
     * @param state a state of batch 1 and this model's size and memory, such as {@link #state()}
     *     returned; copied
     * @throws IllegalArgumentException for another shape, a memory mismatch or a non-finite value
     */
    public void restore(ModelState state) {
      session.restore(state);
    }
  }

  /**
   * {@return the class names when the model is a classifier with preprocessing, else an empty list;
   * unmodifiable}
   */
  public List<String> classNames() {
    return preprocessing != null && preprocessing.task() == TaskKind.CLASSIFICATION
        ? preprocessing.targetNames()
        : List.of();
  }

  @Override
  public String toString() {
    return "Predictor[" + model + (preprocessing == null ? ", no preprocessing" : ", "
        + preprocessing.task().name().toLowerCase(java.util.Locale.ROOT) + " "
        + preprocessing.features() + " -> " + preprocessing.targetNames()) + "]";
  }
}
