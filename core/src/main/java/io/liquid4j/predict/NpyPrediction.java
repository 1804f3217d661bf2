package io.liquid4j.predict;

import io.liquid4j.io.AtomicFiles;
import io.liquid4j.io.DType;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyRows;
import io.liquid4j.io.NpyWriter;
import io.liquid4j.io.Shapes;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Predicts a .npy file of sequences into .npy files, a batch of sequences at a time, so that
 * memory stays bounded however many sequences the file holds: only one batch of inputs, elapsed
 * times, states and outputs is in memory at once. The files are read and written as float32 (or
 * whatever the input's dtype is) without a whole-array copy in doubles.
 *
 * <p>The outputs are exactly those of {@link Predictor#predict(double[], int, int, double[],
 * ModelState)} on the whole file at once: each sequence is computed on its own, so batching does
 * not change a single bit. All output files are published together when every batch has been
 * written ({@link AtomicFiles.Publication}), or none is.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.load(Path.of("occupancy.model"));
 * NpyPrediction.Result r = NpyPrediction.builder(predictor, Path.of("x.npy"), Path.of("y.npy"))
 *     .timespans(Path.of("t.npy"))
 *     .finalState(Path.of("h.npy"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Sequences of different lengths, padded to L, are given with {@link Builder#validSteps} or
 * {@link Builder#lengths}: the outputs are then {@link Predictor#predict(double[], int, int,
 * double[], double[], ModelState)}'s with those valid steps (per-step outputs hold through
 * padding; a model that returns only the last step gives each sequence's output at its last
 * valid step), read batch by batch as the inputs are.
 *
 * <p>Immutable; {@link #run} may be called again (it reads the files afresh).
 */
public final class NpyPrediction {
  /** Bytes of inputs, outputs and workspace one batch may use when the batch size is automatic. */
  static final long AUTOMATIC_BATCH_BYTES = 32L << 20;

  private final Predictor predictor;
  private final Path inputs;
  private final Path outputs;
  private final Path timespans;
  private final Path validSteps;
  private final Path lengths;
  private final Path initialState;
  private final Path initialMemory;
  private final Path finalState;
  private final Path finalMemory;
  private final boolean overwrite;
  private final int batchSize;

  private NpyPrediction(Builder b) {
    this.predictor = b.predictor;
    this.inputs = b.inputs;
    this.outputs = b.outputs;
    this.timespans = b.timespans;
    this.validSteps = b.validSteps;
    this.lengths = b.lengths;
    this.initialState = b.initialState;
    this.initialMemory = b.initialMemory;
    this.finalState = b.finalState;
    this.finalMemory = b.finalMemory;
    this.overwrite = b.overwrite;
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a prediction of {@code inputs} into {@code outputs}.
   *
   * @param predictor the model and its preprocessing
   * @param inputs X (B, L, S), in the units the model was trained on; float or integer
   * @param outputs where Y goes, float32 (B, L, O), or (B, O) for a model that returns only the
   *     last step
   * @return a builder for the optional files and settings
   */
  public static Builder builder(Predictor predictor, Path inputs, Path outputs) {
    return new Builder(predictor, inputs, outputs);
  }

  /** Configures an {@link NpyPrediction}; every setting but the three given at the start is optional. */
  public static final class Builder {
    private final Predictor predictor;
    private final Path inputs;
    private final Path outputs;
    private Path timespans;
    private Path validSteps;
    private Path lengths;
    private Path initialState;
    private Path initialMemory;
    private Path finalState;
    private Path finalMemory;
    private boolean overwrite;
    private int batchSize;

    private Builder(Predictor predictor, Path inputs, Path outputs) {
      this.predictor = Objects.requireNonNull(predictor, "predictor");
      this.inputs = Objects.requireNonNull(inputs, "inputs");
      this.outputs = Objects.requireNonNull(outputs, "outputs");
    }

    /**
     * Elapsed time per sample and step, T (B, L) or (B, L, 1), finite and &gt; 0; needed exactly
     * when the model was trained with elapsed times.
     *
     * @param file the .npy file, or null for none
     * @return this builder
     */
    public Builder timespans(Path file) {
      this.timespans = file;
      return this;
    }

    /**
     * Sequences of different lengths: V (B, L) or (B, L, 1), 1 for a valid step and 0 for a
     * padded one the model skips (state carried over, output repeated; Δt there ignored), every
     * sequence with at least one valid step. Excludes {@link #lengths}.
     *
     * @param file the .npy file, or null for every step valid
     * @return this builder
     */
    public Builder validSteps(Path file) {
      this.validSteps = file;
      return this;
    }

    /**
     * Sequences of different lengths padded at their end: N (B,) or (B, 1), whole numbers in
     * 1..L, sequence i's first N[i] steps valid (as {@link #validSteps}). Excludes {@link
     * #validSteps}.
     *
     * @param file the .npy file, or null for every step valid
     * @return this builder
     */
    public Builder lengths(Path file) {
      this.lengths = file;
      return this;
    }

    /**
     * The state h (B, N) to start from instead of zeros, e.g. a previous {@link #finalState}.
     *
     * @param file the .npy file, or null for zeros
     * @return this builder
     */
    public Builder initialState(Path file) {
      this.initialState = file;
      return this;
    }

    /**
     * The mixed-memory cell state c (B, N) to start from, with {@link #initialState}.
     *
     * @param file the .npy file, or null
     * @return this builder
     */
    public Builder initialMemory(Path file) {
      this.initialMemory = file;
      return this;
    }

    /**
     * Also writes the final state h (B, N), float32.
     *
     * @param file where it goes, or null for nowhere
     * @return this builder
     */
    public Builder finalState(Path file) {
      this.finalState = file;
      return this;
    }

    /**
     * Also writes the mixed-memory cell state c (B, N), float32.
     *
     * @param file where it goes, or null for nowhere
     * @return this builder
     */
    public Builder finalMemory(Path file) {
      this.finalMemory = file;
      return this;
    }

    /**
     * Whether existing regular files at the output paths may be replaced (default: false).
     *
     * @param overwrite true to replace
     * @return this builder
     */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * Sequences per batch; 0 (the default) chooses a batch of about 32 MiB of working memory.
     *
     * @param batchSize sequences per batch, &gt;= 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 0) {
        throw new IllegalArgumentException("batchSize: expected >= 0 (0: automatic), found "
            + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** {@return the prediction, ready to run} */
    public NpyPrediction build() {
      return new NpyPrediction(this);
    }
  }

  /**
   * What a run wrote.
   *
   * @param outputShape Y's shape, (B, L, O) or (B, O)
   * @param batchSize sequences per batch used
   * @param batches number of batches run
   */
  public record Result(int[] outputShape, int batchSize, int batches) {
    /**
     * Copies the shape.
     *
     * @param outputShape Y's shape; copied
     * @param batchSize sequences per batch used
     * @param batches number of batches run
     */
    public Result {
      outputShape = outputShape.clone();
    }

    /** {@return a copy of Y's shape} */
    @Override
    public int[] outputShape() {
      return outputShape.clone();
    }

    /** Shape, batch size and batch count. */
    @Override
    public String toString() {
      return "Result[outputShape=" + Arrays.toString(outputShape) + ", batchSize=" + batchSize
          + ", batches=" + batches + "]";
    }
  }

  /**
   * Reads the inputs batch by batch, runs the model and publishes the outputs.
   *
   * @return the output shape and the batching used
   * @throws FileFormatException naming the file when an input's shape or a value is wrong (not
   *     finite, Δt not &gt; 0), with the value's index in the whole file
   * @throws IllegalArgumentException when the files do not fit the model or each other: the
   *     message starts with the argument's name ({@code timespans}, {@code initialMemory},
   *     {@code lengths} when both valid steps and lengths are given, ...)
   * @throws java.nio.file.FileAlreadyExistsException if an output exists and overwrite is false
   * @throws IOException if a file cannot be read or written; nothing is then published
   */
  public Result run() throws IOException {
    SequenceModel model = predictor.model();
    boolean mixed = model.config().mixedMemory();
    checkStateArguments(mixed);
    if (validSteps != null && lengths != null) {
      throw new IllegalArgumentException("lengths: give valid steps or lengths, not both");
    }
    try (NpyRows x = NpyRows.open(inputs);
        NpyRows t = timespans == null ? null : NpyRows.open(timespans);
        NpyRows v = validSteps == null ? null : NpyRows.open(validSteps);
        NpyRows ns = lengths == null ? null : NpyRows.open(lengths);
        NpyRows h0 = initialState == null ? null : NpyRows.open(initialState);
        NpyRows c0 = initialMemory == null ? null : NpyRows.open(initialMemory)) {
      int[] xs = checkInputs(x, model);
      int size = xs[0];
      int length = xs[1];
      int n = model.stateSize();
      checkSteps(t, timespans, size, length);
      checkSteps(v, validSteps, size, length);
      checkLengths(ns, size);
      predictor.checkTimespans(t != null);
      checkState(h0, initialState, size, n);
      checkState(c0, initialMemory, size, n);
      int o = model.outputSize();
      boolean perStep = model.config().returnSequences();
      int[] yShape = perStep ? new int[] {size, length, o} : new int[] {size, o};
      int batch = batchSize > 0 ? Math.min(batchSize, size) : automaticBatch(model, xs);
      int batches = (size + batch - 1) / batch;
      try (AtomicFiles.Publication files = new AtomicFiles.Publication(overwrite)) {
        OutputStream yOut = files.open(outputs);
        OutputStream hOut = finalState == null ? null : files.open(finalState);
        OutputStream cOut = finalMemory == null ? null : files.open(finalMemory);
        NpyWriter y = NpyWriter.start(yOut, yShape, DType.F32);
        NpyWriter h = hOut == null ? null : NpyWriter.start(hOut, new int[] {size, n}, DType.F32);
        NpyWriter c = cOut == null ? null : NpyWriter.start(cOut, new int[] {size, n}, DType.F32);
        for (int first = 0; first < size; first += batch) {
          int count = Math.min(batch, size - first);
          double[] xb = x.read(first, count);
          requireFinite(xb, first, xs, "inputs must be finite");
          double[] vb = v != null ? readValidSteps(v, first, count, length)
              : ns != null ? readLengths(ns, first, count, length) : null;
          double[] tb = t == null ? null : readTimespans(t, first, count, length, vb);
          ModelState initial = null;
          if (h0 != null) {
            double[] hb = h0.read(first, count);
            requireFinite(hb, first, new int[] {size, n}, initialState, "states must be finite");
            double[] cb = null;
            if (c0 != null) {
              cb = c0.read(first, count);
              requireFinite(cb, first, new int[] {size, n}, initialMemory,
                  "states must be finite");
            }
            initial = new ModelState(count, n, hb, cb);
          }
          Prediction p = predictor.predict(xb, count, length, tb, vb, initial);
          double[] yb = p.outputs();
          y.write(yb, 0, yb.length);
          ModelState last = p.finalState();
          if (h != null) {
            h.write(last.h(), 0, count * n);
          }
          if (c != null) {
            c.write(last.c(), 0, count * n);
          }
        }
        y.finish();
        yOut.close();
        if (h != null) {
          h.finish();
          hOut.close();
        }
        if (c != null) {
          c.finish();
          cOut.close();
        }
        files.publish();
      }
      return new Result(yShape, batch, batches);
    }
  }

  private void checkStateArguments(boolean mixed) {
    if (finalMemory != null && !mixed) {
      throw new IllegalArgumentException(
          "finalMemory: the model has no mixed memory, so there is no cell state c to write");
    }
    if (initialState == null && initialMemory != null) {
      throw new IllegalArgumentException("initialMemory needs initialState as well");
    }
    if (initialState != null && mixed && initialMemory == null) {
      throw new IllegalArgumentException(
          "initialMemory: the model has mixed memory, so it needs the cell state c too");
    }
    if (!mixed && initialMemory != null) {
      throw new IllegalArgumentException(
          "initialMemory: the model has no mixed memory, so there is no cell state c");
    }
  }

  /** X must be (B, L, S) with the model's S; returns its shape. */
  private int[] checkInputs(NpyRows x, SequenceModel model) throws FileFormatException {
    int[] xs = x.header().shape();
    if (xs.length != 3) {
      throw new FileFormatException(inputs.toString(),
          "expected a 3-D array (sequences, steps, features), found shape " + shape(xs)
              + (xs.length == 2 ? " (one feature per step? add an axis: X[..., None])" : ""));
    }
    if (xs[0] < 1 || xs[1] < 1 || xs[2] < 1) {
      throw new FileFormatException(inputs.toString(),
          "expected at least one sequence of one step with one feature, found shape " + shape(xs));
    }
    if (xs[2] != model.inputSize()) {
      throw new FileFormatException(inputs.toString(), "the model takes " + model.inputSize()
          + " features" + predictor.preprocessing().map(p -> " " + p.features()).orElse("")
          + ", found " + xs[2]);
    }
    return xs;
  }

  /** A per-step array (timespans or valid steps) must be (B, L) or (B, L, 1). */
  private void checkSteps(NpyRows t, Path file, int size, int length)
      throws FileFormatException {
    if (t == null) {
      return;
    }
    int[] s = t.header().shape();
    boolean ok = (s.length == 2 || (s.length == 3 && s[2] == 1)) && s[0] == size
        && s[1] == length;
    if (!ok) {
      throw new FileFormatException(file.toString(), "expected shape (" + size + ", "
          + length + ") or (" + size + ", " + length + ", 1) to match " + inputs + " ("
          + size + ", " + length + ", S), found " + shape(s));
    }
  }

  private void checkLengths(NpyRows n, int size) throws FileFormatException {
    if (n == null) {
      return;
    }
    int[] s = n.header().shape();
    if (!((s.length == 1 || (s.length == 2 && s[1] == 1)) && s[0] == size)) {
      throw new FileFormatException(lengths.toString(), "expected shape (" + size + ",) or ("
          + size + ", 1) to match " + inputs + " (" + size + ", L, S), found " + shape(s));
    }
  }

  /** Rows of V, checked to be 0 or 1 with a valid step in each sequence. */
  private double[] readValidSteps(NpyRows v, int first, int count, int length)
      throws IOException {
    double[] values = v.read(first, count);
    for (int b = 0; b < count; b++) {
      boolean any = false;
      for (int t = 0; t < length; t++) {
        double value = values[b * length + t];
        if (value != 0.0 && value != 1.0) {
          throw new FileFormatException(validSteps.toString(), "value at [" + (first + b) + ", "
              + t + "] is " + value + "; valid steps are 1 (valid) or 0 (padded)");
        }
        any |= value == 1.0;
      }
      if (!any) {
        throw new FileFormatException(validSteps.toString(),
            "sequence " + (first + b) + " has no valid step");
      }
    }
    return values;
  }

  /** Rows of N as (count, L) valid steps: each sequence's first N[i] steps valid. */
  private double[] readLengths(NpyRows n, int first, int count, int length) throws IOException {
    double[] values = n.read(first, count);
    double[] valid = new double[count * length];
    for (int b = 0; b < count; b++) {
      double v = values[b];
      if (!(v >= 1 && v <= length && v == Math.rint(v))) {
        throw new FileFormatException(lengths.toString(), "value at [" + (first + b) + "] is "
            + v + "; lengths are whole numbers in 1.." + length);
      }
      Arrays.fill(valid, b * length, b * length + (int) v, 1.0);
    }
    return valid;
  }

  private static void checkState(NpyRows s, Path file, int size, int n)
      throws FileFormatException {
    if (s == null) {
      return;
    }
    int[] shape = s.header().shape();
    if (!Arrays.equals(shape, new int[] {size, n})) {
      throw new FileFormatException(file.toString(), "expected shape (" + size + ", " + n
          + ") (batch of the input, state size of the model), found " + shape(shape));
    }
  }

  private double[] readTimespans(NpyRows t, int first, int count, int length, double[] valid)
      throws IOException {
    double[] v = t.read(first, count);
    for (int i = 0; i < v.length; i++) {
      if (valid != null && valid[i] == 0.0) {
        v[i] = 1.0; // a padded step's Δt is never read
        continue;
      }
      if (!(v[i] > 0) || !Double.isFinite(v[i])) {
        int flat = first * length + i;
        throw new FileFormatException(timespans.toString(), "value at [" + flat / length + ", "
            + flat % length + "] is " + v[i] + "; elapsed times must be finite and > 0");
      }
    }
    return v;
  }

  private void requireFinite(double[] v, int first, int[] shape, String rule)
      throws FileFormatException {
    requireFinite(v, first, shape, inputs, rule);
  }

  /** Checks rows {@code first...} of an array of {@code shape}; names the index in the file. */
  private static void requireFinite(double[] v, int first, int[] shape, Path file, String rule)
      throws FileFormatException {
    long rowSize = v.length == 0 ? 0 : 1;
    for (int i = 1; i < shape.length; i++) {
      rowSize *= shape[i];
    }
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        long flat = first * rowSize + i;
        throw new FileFormatException(file.toString(),
            "value at " + index(flat, shape) + " is " + v[i] + "; " + rule);
      }
    }
  }

  /**
   * Bytes of working memory one sequence needs while it is predicted: its inputs raw, scaled and
   * as the model's copy, its outputs twice and the model's state workspace, all as doubles. A
   * batch of {@code n} sequences needs about {@code n} times this.
   *
   * @param model the model
   * @param steps L, the sequence length
   * @param features S, the inputs per step
   * @return the estimate in bytes
   */
  public static long bytesPerSequence(SequenceModel model, int steps, int features) {
    return 8L * steps * (3L * features + 2L * model.outputSize() + 4L * model.stateSize());
  }

  /**
   * Sequences per batch so that one batch's working set is about {@link #AUTOMATIC_BATCH_BYTES},
   * and never more than an eighth of the heap.
   */
  private static int automaticBatch(SequenceModel model, int[] xs) {
    long perSequence = bytesPerSequence(model, xs[1], xs[2]);
    long max = Runtime.getRuntime().maxMemory();
    if (max != Long.MAX_VALUE && perSequence > max / 2) {
      throw new IllegalArgumentException("inputs: one sequence of " + xs[1] + " steps and "
          + xs[2] + " features needs about " + (perSequence >> 20) + " MiB in memory, more than"
          + " half the JVM's maximum heap of " + (max >> 20) + " MiB");
    }
    long budget = Math.min(AUTOMATIC_BATCH_BYTES, max / 8);
    return (int) Math.max(1, Math.min(xs[0], budget / Math.max(1, perSequence)));
  }

  private static String shape(int[] s) {
    return Shapes.repr(s);
  }

  private static String index(long flat, int[] shape) {
    return Shapes.index(flat, shape);
  }
}
