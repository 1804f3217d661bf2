package io.liquid4j.data;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.io.Shapes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link SequenceDataset} from NumPy-style arrays, the way ncps users hold their data: inputs X
 * (B, L, S), targets Y, and optionally the elapsed times T and a step mask M. The arrays come from
 * .npy files or from memory; this immutable description says where they are and how to read the
 * targets, and {@link #read()} checks everything and builds the dataset. For prediction, {@link
 * #fromNpy(Path)} and {@link #readInputs()} read X and T alone.
 *
 * <pre>{@code
 * // ncps-style arrays saved with numpy.save: X (B, L, S), Y (B, L, 1) float, T (B, L)
 * SequenceDataset data = ArrayData.fromNpy(Path.of("X.npy"), Path.of("Y.npy"))
 *     .withTimespans(Path.of("T.npy"))
 *     .read();
 *
 * // from memory: 2 sequences of 3 steps, 1 feature, one class label (0 or 1) per sequence
 * SequenceDataset labelled = ArrayData.of(
 *         new double[] {0.1, 0.2, 0.3, 1.0, 1.1, 1.2}, new int[] {2, 3, 1},
 *         new double[] {0, 1}, new int[] {2})
 *     .withTask(TaskKind.CLASSIFICATION)
 *     .read();
 * }</pre>
 *
 * <p><b>Shapes.</b> X is (B, L, S) with B, L, S ≥ 1. T and M are (B, L) or (B, L, 1). Y's first
 * axis is B; the rest says whether there is one target per step or one per sequence:
 *
 * <table>
 *   <caption>Target shapes</caption>
 *   <tr><th>Y</th><th>classification</th><th>regression</th></tr>
 *   <tr><td>(B,)</td><td>a label per sequence</td><td>one target per sequence</td></tr>
 *   <tr><td>(B, 1)</td><td>a label per sequence</td><td>one target per sequence</td></tr>
 *   <tr><td>(B, L), L &gt; 1</td><td>a label per step</td><td>one target per step</td></tr>
 *   <tr><td>(B, O), O ≠ L</td><td>(refused)</td><td>O targets per sequence</td></tr>
 *   <tr><td>(B, L, 1)</td><td>a label per step</td><td>one target per step</td></tr>
 *   <tr><td>(B, L, O)</td><td>(refused: one-hot? pass the argmax)</td><td>O targets per
 *       step</td></tr>
 * </table>
 *
 * <p>A (B, L) array is read as one target per step; regression targets with as many values per
 * sequence as there are steps say so with {@link #withPerStep withPerStep(false)}.
 *
 * <p><b>Task.</b> Given by {@link #withTask}; otherwise classification when {@link #withClasses}
 * or {@link #withClassNames} is given or Y holds integers or booleans by dtype ({@code <i8},
 * {@code |u1}, {@code |b1}, …), regression when Y's dtype is floating-point. Class labels are
 * integers 0..K−1 (in an integer or a float array); K is {@link #withClasses given}, the number of
 * class names, or the largest label + 1 (at most {@value #MAX_CLASSES} classes). Regression
 * targets are any finite reals.
 *
 * <p><b>Errors.</b> A problem in a file is a one-line {@link FileFormatException} naming the file
 * and what was expected and found, for example {@code Y.npy: expected 8 sequences to match X.npy
 * (8, 16, 3), found shape (7,)}; in-memory arrays give an {@link IllegalArgumentException} naming
 * the argument ({@code inputs}, {@code targets}, {@code timespans}, {@code mask}) the same way. All
 * shapes are checked from the files' headers before any data is loaded; values are checked as
 * {@link SequenceDataset} requires (finite inputs and targets, Δt finite and &gt; 0, mask finite
 * and ≥ 0, labels integral and in range), naming the index of the first bad one, e.g. {@code
 * X.npy: value at [3, 5, 1] is NaN; inputs must be finite}.
 *
 * <p>Immutable and safe to share between threads: in-memory arrays are copied when the
 * description is made, and every {@code with…} method returns a new description. Files are read
 * anew by each {@link #read()}, so a file that changes in between gives a different dataset.
 */
public final class ArrayData {
  /** Most classes a label array may imply: labels up to 65,535, as for CSV class labels. */
  public static final int MAX_CLASSES = 65_536;

  private final Source inputs;
  private final Source targets;
  private final Source timespans; // null: Δt = 1
  private final Source mask; // null: every step counts
  private final TaskKind task; // null: inferred
  private final Boolean perStep; // null: inferred from Y's shape
  private final int classes; // 0: inferred
  private final List<String> classNames; // null: "0".."K-1"
  private final List<String> featureNames; // null: "x0".."x{S-1}"
  private final List<String> targetNames; // null: "y0".."y{O-1}"
  private final Source validSteps; // null: every step valid (or lengths)
  private final Source lengths; // null: every sequence full length (or validSteps)

  private ArrayData(
      Source inputs,
      Source targets,
      Source timespans,
      Source mask,
      TaskKind task,
      Boolean perStep,
      int classes,
      List<String> classNames,
      List<String> featureNames,
      List<String> targetNames,
      Source validSteps,
      Source lengths) {
    this.inputs = inputs;
    this.validSteps = validSteps;
    this.lengths = lengths;
    this.targets = targets;
    this.timespans = timespans;
    this.mask = mask;
    this.task = task;
    this.perStep = perStep;
    this.classes = classes;
    this.classNames = classNames;
    this.featureNames = featureNames;
    this.targetNames = targetNames;
  }

  // ---------------------------------------------------------------------------------- factories

  /**
   * Arrays in .npy files (read by {@link #read()}, not now).
   *
   * @param inputs X, (B, L, S)
   * @param targets Y, see the class javadoc for its shapes
   * @return the description, with the task and target layout inferred
   */
  public static ArrayData fromNpy(Path inputs, Path targets) {
    return new ArrayData(
        Source.file(Objects.requireNonNull(inputs, "inputs")),
        Source.file(Objects.requireNonNull(targets, "targets")),
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        null, null, null);
  }

  /**
   * Inputs without targets, in .npy files, for {@link #readInputs()}: what a deployed model is
   * given to predict from.
   *
   * @param inputs X, (B, L, S)
   * @return the description; add elapsed times with {@link #withTimespans(Path)}
   */
  public static ArrayData fromNpy(Path inputs) {
    return new ArrayData(
        Source.file(Objects.requireNonNull(inputs, "inputs")),
        null, null, null, null, null, 0, null, null, null, null, null);
  }

  /**
   * Arrays already in memory, for example read with {@link Npy#read(byte[], String)}; Y's dtype
   * takes part in inferring the task as a file's would.
   *
   * @param inputs X, (B, L, S)
   * @param targets Y, see the class javadoc for its shapes
   * @return the description, with the task and target layout inferred
   */
  public static ArrayData of(NpyArray inputs, NpyArray targets) {
    return new ArrayData(
        Source.memory("inputs", inputs),
        Source.memory("targets", targets),
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        null, null, null);
  }

  /**
   * Flat row-major arrays in memory with their shapes. The targets count as floating-point data,
   * so the task is regression unless {@link #withTask}, {@link #withClasses} or {@link
   * #withClassNames} says otherwise.
   *
   * @param inputs X, (B, L, S) row-major; copied
   * @param inputShape {B, L, S}
   * @param targets Y row-major; copied
   * @param targetShape Y's shape, see the class javadoc
   * @return the description
   * @throws IllegalArgumentException if an array's length does not match its shape
   */
  public static ArrayData of(
      double[] inputs, int[] inputShape, double[] targets, int[] targetShape) {
    return of(array("inputs", inputs, inputShape), array("targets", targets, targetShape));
  }

  // ------------------------------------------------------------------------------------- withers

  /**
   * With elapsed times from a .npy file.
   *
   * @param file T, (B, L) or (B, L, 1), every value finite and &gt; 0; null for Δt = 1
   * @return a new description
   */
  public ArrayData withTimespans(Path file) {
    return withTimespans(file == null ? null : Source.file(file));
  }

  /**
   * With elapsed times from memory.
   *
   * @param values T, (B, L) or (B, L, 1), every value finite and &gt; 0; null for Δt = 1
   * @return a new description
   */
  public ArrayData withTimespans(NpyArray values) {
    return withTimespans(values == null ? null : Source.memory("timespans", values));
  }

  /**
   * With elapsed times from a flat row-major array.
   *
   * @param values T row-major, every value finite and &gt; 0; copied
   * @param shape {B, L} or {B, L, 1}
   * @return a new description
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public ArrayData withTimespans(double[] values, int... shape) {
    return withTimespans(array("timespans", values, shape));
  }

  /**
   * With a step mask (or step weights) from a .npy file; only for per-step targets.
   *
   * @param file M, (B, L) or (B, L, 1): 1 = real step, 0 = padding, other values ≥ 0 weight the
   *     step in the loss; null for none
   * @return a new description
   */
  public ArrayData withMask(Path file) {
    return withMask(file == null ? null : Source.file(file));
  }

  /**
   * With a step mask (or step weights) from memory; only for per-step targets.
   *
   * @param values M, (B, L) or (B, L, 1), finite and ≥ 0; null for none
   * @return a new description
   */
  public ArrayData withMask(NpyArray values) {
    return withMask(values == null ? null : Source.memory("mask", values));
  }

  /**
   * With a step mask (or step weights) from a flat row-major array; only for per-step targets.
   *
   * @param values M row-major, finite and ≥ 0; copied
   * @param shape {B, L} or {B, L, 1}
   * @return a new description
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public ArrayData withMask(double[] values, int... shape) {
    return withMask(array("mask", values, shape));
  }

  /**
   * With sequences of different lengths: which steps are valid and which padding, from a .npy
   * file (see {@link SequenceDataset#withValidSteps}). Elapsed times at padded steps may then be
   * anything finite or not (0, as padding is often written): they are read as 1.
   *
   * @param file V, (B, L) or (B, L, 1) of 1 (valid) and 0 (padded), booleans or numbers, each
   *     sequence with a valid step; null for all valid
   * @return a new description
   * @throws IllegalStateException if lengths were given already
   */
  public ArrayData withValidSteps(Path file) {
    return withValidSteps(file == null ? null : Source.file(file));
  }

  /**
   * With valid steps from memory; see {@link #withValidSteps(Path)}.
   *
   * @param values V, (B, L) or (B, L, 1) of 0 and 1; null for all valid
   * @return a new description
   * @throws IllegalStateException if lengths were given already
   */
  public ArrayData withValidSteps(NpyArray values) {
    return withValidSteps(values == null ? null : Source.memory("validSteps", values));
  }

  /**
   * With sequences of different lengths, each padded at its end, from a .npy file: sequence i's
   * first N[i] steps are valid (see {@link SequenceDataset#withLengths}).
   *
   * @param file N, (B,) or (B, 1) whole numbers in 1..L; null for full length
   * @return a new description
   * @throws IllegalStateException if valid steps were given already
   */
  public ArrayData withLengths(Path file) {
    return withLengths(file == null ? null : Source.file(file));
  }

  /**
   * With sequence lengths from memory; see {@link #withLengths(Path)}.
   *
   * @param values N, (B,) or (B, 1) whole numbers in 1..L; null for full length
   * @return a new description
   * @throws IllegalStateException if valid steps were given already
   */
  public ArrayData withLengths(NpyArray values) {
    return withLengths(values == null ? null : Source.memory("lengths", values));
  }

  private ArrayData withValidSteps(Source source) {
    if (source != null && lengths != null) {
      throw new IllegalStateException("give valid steps or lengths, not both");
    }
    return new ArrayData(inputs, targets, timespans, mask, task, perStep, classes, classNames,
        featureNames, targetNames, source, lengths);
  }

  private ArrayData withLengths(Source source) {
    if (source != null && validSteps != null) {
      throw new IllegalStateException("give valid steps or lengths, not both");
    }
    return new ArrayData(inputs, targets, timespans, mask, task, perStep, classes, classNames,
        featureNames, targetNames, validSteps, source);
  }

  /**
   * With the task fixed rather than inferred from Y's dtype.
   *
   * @param task classification (integral labels) or regression; null to infer
   * @return a new description
   */
  public ArrayData withTask(TaskKind task) {
    return new ArrayData(
        inputs, targets, timespans, mask, task, perStep, classes, classNames, featureNames,
        targetNames, validSteps, lengths);
  }

  /**
   * With the target layout fixed rather than inferred from Y's shape.
   *
   * @param perStep true for one target per step, false for one per sequence
   * @return a new description
   */
  public ArrayData withPerStep(boolean perStep) {
    return new ArrayData(
        inputs, targets, timespans, mask, task, perStep, classes, classNames, featureNames,
        targetNames, validSteps, lengths);
  }

  /**
   * With the number of classes fixed (implies classification), for example a model's, so that a
   * test set that lacks the last class is still scored against all of them.
   *
   * @param classes K ≥ 1; labels must be in 0..K−1
   * @return a new description
   * @throws IllegalArgumentException if {@code classes} is not in 1..{@value #MAX_CLASSES}
   */
  public ArrayData withClasses(int classes) {
    if (classes < 1 || classes > MAX_CLASSES) {
      throw new IllegalArgumentException(
          "classes must be in 1.." + MAX_CLASSES + ", got " + classes);
    }
    return new ArrayData(
        inputs, targets, timespans, mask, task, perStep, classes, classNames, featureNames,
        targetNames, validSteps, lengths);
  }

  /**
   * With class names (implies classification; K = the number of names unless {@link
   * #withClasses} says the same).
   *
   * @param names the name of class 0, 1, …; copied
   * @return a new description
   * @throws IllegalArgumentException if the list is empty, longer than {@value #MAX_CLASSES} or
   *     holds null
   */
  public ArrayData withClassNames(List<String> names) {
    List<String> copy = names(names, "classNames");
    if (copy != null && copy.size() > MAX_CLASSES) {
      throw new IllegalArgumentException(
          "classNames has " + copy.size() + " entries, more than " + MAX_CLASSES);
    }
    return new ArrayData(
        inputs, targets, timespans, mask, task, perStep, classes, copy, featureNames,
        targetNames, validSteps, lengths);
  }

  /**
   * With feature names instead of "x0".."x{S−1}".
   *
   * @param names S names; copied
   * @return a new description
   */
  public ArrayData withFeatureNames(List<String> names) {
    return new ArrayData(
        inputs, targets, timespans, mask, task, perStep, classes, classNames,
        names(names, "featureNames"), targetNames, validSteps, lengths);
  }

  /**
   * With regression target names instead of "y0".."y{O−1}" (class names: {@link
   * #withClassNames}).
   *
   * @param names O names; copied
   * @return a new description
   */
  public ArrayData withTargetNames(List<String> names) {
    return new ArrayData(
        inputs, targets, timespans, mask, task, perStep, classes, classNames, featureNames,
        names(names, "targetNames"), validSteps, lengths);
  }

  private ArrayData withTimespans(Source source) {
    return new ArrayData(
        inputs, targets, source, mask, task, perStep, classes, classNames, featureNames,
        targetNames, validSteps, lengths);
  }

  private ArrayData withMask(Source source) {
    return new ArrayData(
        inputs, targets, timespans, source, task, perStep, classes, classNames, featureNames,
        targetNames, validSteps, lengths);
  }

  // ----------------------------------------------------------------------------------- reading

  /**
   * Checks the arrays against each other and builds the dataset. Files are read here: first every
   * header (so shapes that do not fit are reported before any data is loaded), then the data.
   *
   * @return the dataset, with the inferred or given task, layout and names
   * @throws FileFormatException if a file's shape or values are not what the others require, or
   *     the file is not a supported .npy file; the message names the file
   * @throws IllegalArgumentException the same for an in-memory array (naming the argument), or if
   *     the options contradict each other (class names with a regression task, names of the wrong
   *     count)
   * @throws IOException if a file cannot be read
   */
  public SequenceDataset read() throws IOException {
    if (targets == null) {
      throw new IllegalStateException(
          "no targets: these arrays were described with fromNpy(inputs), for readInputs()");
    }
    Npy.Header xh = inputs.header();
    Npy.Header yh = targets.header();
    Npy.Header th = timespans == null ? null : timespans.header();
    Npy.Header mh = mask == null ? null : mask.header();
    Npy.Header vh = validSteps == null ? null : validSteps.header();
    Npy.Header nh = lengths == null ? null : lengths.header();

    int[] xs = checkInputShape(xh);
    int b = xs[0];
    int l = xs[1];
    int s = xs[2];
    String against = " to match " + inputs.name + " " + shape(xs);

    TaskKind kind = inferTask(yh);
    Layout layout = targetLayout(yh.shape(), kind, b, l, against);
    checkStepArray(timespans, th, b, l, against);
    checkStepArray(mask, mh, b, l, against);
    checkValidStepArrays(vh, nh, b, l, against);
    if (mask != null && !layout.perStep) {
      throw mask.problem(
          "a step mask needs one target per step, but "
              + targets.name
              + " "
              + shape(yh.shape())
              + " holds one per sequence");
    }
    checkNames(featureNames, "featureNames", s, "features", inputs, xs);
    if (kind == TaskKind.REGRESSION) {
      if (classNames != null || classes > 0) {
        throw new IllegalArgumentException(
            "class names or a class count apply to classification, but the task is regression");
      }
      checkNames(targetNames, "targetNames", layout.width, "targets per step or sequence",
          targets, yh.shape());
    } else if (targetNames != null) {
      throw new IllegalArgumentException(
          "targetNames apply to regression; name classes with classNames");
    }

    double[] x = inputs.values(xh);
    requireFinite(inputs, x, xs, "inputs must be finite");
    double[] y = targets.values(yh);
    int width = layout.width;
    if (kind == TaskKind.CLASSIFICATION) {
      width = classCount(y, yh.shape());
    } else {
      requireFinite(targets, y, yh.shape(), "regression targets must be finite");
    }
    double[] valid = validStepValues(vh, nh, b, l);
    double[] t = timespanValues(th, valid);
    double[] m = null;
    if (mask != null) {
      m = mask.values(mh);
      int[] ms = mh.shape();
      for (int i = 0; i < m.length; i++) {
        if (!(m[i] >= 0) || !Double.isFinite(m[i])) {
          throw mask.problem(
              "value at " + index(i, ms) + " is " + number(m[i])
                  + "; mask values must be finite and >= 0");
        }
      }
    }

    SequenceDataset data =
        kind == TaskKind.CLASSIFICATION
            ? SequenceDataset.classification(x, b, l, s, y, layout.perStep, width)
            : SequenceDataset.regression(x, b, l, s, y, layout.perStep, width);
    if (t != null) {
      data = data.withTimespans(t);
    }
    if (m != null) {
      data = data.withMask(m);
    }
    if (valid != null) {
      data = data.withValidSteps(valid);
    }
    if (featureNames != null) {
      data = data.withFeatureNames(featureNames);
    }
    if (kind == TaskKind.CLASSIFICATION && classNames != null) {
      data = data.withTargetNames(classNames);
    } else if (kind == TaskKind.REGRESSION && targetNames != null) {
      data = data.withTargetNames(targetNames);
    }
    return data;
  }

  /**
   * Reads the inputs, elapsed times and valid steps only (targets and mask, if described, are
   * ignored): for prediction. The checks are those of {@link #read()}: X (B, L, S) finite, T (B, L)
   * or (B, L, 1) finite and &gt; 0 at valid steps, V (B, L) of 0s and 1s or N (B,) in 1..L.
   *
   * @return the inputs, with the feature names if given
   * @throws FileFormatException if a file's shape or values are wrong, naming the file
   * @throws IllegalArgumentException the same for an in-memory array, naming the argument
   * @throws IOException if a file cannot be read
   */
  public SequenceInputs readInputs() throws IOException {
    Npy.Header xh = inputs.header();
    Npy.Header th = timespans == null ? null : timespans.header();
    Npy.Header vh = validSteps == null ? null : validSteps.header();
    Npy.Header nh = lengths == null ? null : lengths.header();
    int[] xs = checkInputShape(xh);
    String against = " to match " + inputs.name + " " + shape(xs);
    checkStepArray(timespans, th, xs[0], xs[1], against);
    checkValidStepArrays(vh, nh, xs[0], xs[1], against);
    checkNames(featureNames, "featureNames", xs[2], "features", inputs, xs);
    double[] x = inputs.values(xh);
    requireFinite(inputs, x, xs, "inputs must be finite");
    double[] valid = validStepValues(vh, nh, xs[0], xs[1]);
    double[] t = timespanValues(th, valid);
    SequenceInputs in = SequenceInputs.of(x, xs[0], xs[1], xs[2]).withTimespans(t)
        .withValidSteps(valid);
    return featureNames == null ? in : in.withFeatureNames(featureNames);
  }

  /** V (B, L), or N (B,) or (B, 1); at most one of them is set (the builder refuses both). */
  private void checkValidStepArrays(Npy.Header vh, Npy.Header nh, int b, int l, String against)
      throws FileFormatException {
    checkStepArray(validSteps, vh, b, l, against);
    if (lengths != null) {
      int[] ns = nh.shape();
      if (!((ns.length == 1 || (ns.length == 2 && ns[1] == 1)) && ns[0] == b)) {
        throw lengths.problem("expected shape (" + b + ",) or (" + b + ", 1)" + against
            + ", found " + shape(ns));
      }
    }
  }

  private int[] checkInputShape(Npy.Header xh) throws FileFormatException {
    int[] xs = xh.shape();
    if (xs.length != 3) {
      throw inputs.problem(
          "expected a 3-D array (sequences, steps, features), found shape "
              + shape(xs)
              + (xs.length == 2 ? " (one feature per step? add an axis: X[..., None])" : ""));
    }
    if (xs[0] < 1 || xs[1] < 1 || xs[2] < 1) {
      throw inputs.problem(
          "expected at least one sequence of one step with one feature, found shape " + shape(xs));
    }
    return xs;
  }

  /** The (B, L) valid steps from V or from the lengths N; null when neither was given. */
  private double[] validStepValues(Npy.Header vh, Npy.Header nh, int b, int l)
      throws IOException {
    if (validSteps != null) {
      double[] v = validSteps.values(vh);
      int[] vs = vh.shape();
      for (int i = 0; i < v.length; i++) {
        if (v[i] != 0.0 && v[i] != 1.0) {
          throw validSteps.problem("value at " + index(i, vs) + " is " + number(v[i])
              + "; valid steps are 1 (valid) or 0 (padded)");
        }
      }
      for (int i = 0; i < b; i++) {
        boolean any = false;
        for (int t = 0; t < l; t++) {
          any |= v[i * l + t] == 1.0;
        }
        if (!any) {
          throw validSteps.problem("sequence " + i + " has no valid step");
        }
      }
      return v;
    }
    if (lengths != null) {
      double[] n = lengths.values(nh);
      double[] v = new double[b * l];
      for (int i = 0; i < b; i++) {
        if (!(n[i] >= 1 && n[i] <= l && n[i] == Math.rint(n[i]))) {
          throw lengths.problem("value at " + index(i, nh.shape()) + " is " + number(n[i])
              + "; lengths are whole numbers in 1.." + l);
        }
        Arrays.fill(v, i * l, i * l + (int) n[i], 1.0);
      }
      return v;
    }
    return null;
  }

  private double[] timespanValues(Npy.Header th, double[] valid) throws IOException {
    if (timespans == null) {
      return null;
    }
    double[] t = timespans.values(th);
    int[] ts = th.shape();
    for (int i = 0; i < t.length; i++) {
      if (valid != null && valid[i] == 0.0) {
        t[i] = 1.0; // a padded step's Δt is never read
        continue;
      }
      if (!(t[i] > 0) || !Double.isFinite(t[i])) {
        throw timespans.problem(
            "value at " + index(i, ts) + " is " + number(t[i])
                + "; elapsed times must be finite and > 0");
      }
    }
    return t;
  }

  private TaskKind inferTask(Npy.Header yh) {
    if (task != null) {
      return task;
    }
    if (classes > 0 || classNames != null || !yh.isFloatingPoint()) {
      return TaskKind.CLASSIFICATION;
    }
    return TaskKind.REGRESSION;
  }

  /** Whether Y has a target per step, and the regression width O (1 for classification). */
  private record Layout(boolean perStep, int width) {}

  private Layout targetLayout(int[] ys, TaskKind kind, int b, int l, String against)
      throws FileFormatException {
    boolean classification = kind == TaskKind.CLASSIFICATION;
    String accepted =
        classification
            ? "(" + b + ",) or (" + b + ", 1) for a label per sequence, (" + b + ", " + l
                + ") or (" + b + ", " + l + ", 1) for a label per step"
            : "(" + b + ",) or (" + b + ", O) for targets per sequence, (" + b + ", " + l
                + ") or (" + b + ", " + l + ", O) for targets per step";
    if (ys.length < 1 || ys.length > 3) {
      throw targets.problem("expected " + accepted + ", found shape " + shape(ys));
    }
    if (ys[0] != b) {
      throw targets.problem(
          "expected " + b + " sequences" + against + ", found shape " + shape(ys));
    }
    if (ys.length == 1) {
      if (Boolean.TRUE.equals(perStep)) {
        throw targets.problem(
            "targets per step need shape (" + b + ", " + l + ") or (" + b + ", " + l
                + ", O), found " + shape(ys));
      }
      return new Layout(false, 1);
    }
    if (ys.length == 3) {
      if (Boolean.FALSE.equals(perStep)) {
        throw targets.problem(
            "targets per sequence need shape (" + b + ",) or (" + b + ", O), found " + shape(ys));
      }
      if (ys[1] != l) {
        throw targets.problem(
            "expected " + l + " steps" + against + ", found shape " + shape(ys));
      }
      if (ys[2] < 1) {
        throw targets.problem("expected at least one target per step, found shape " + shape(ys));
      }
      if (classification && ys[2] != 1) {
        throw targets.problem(
            "class labels are one integer per step, found shape "
                + shape(ys)
                + " (one-hot targets? pass their argmax over the last axis)");
      }
      return new Layout(true, ys[2]);
    }
    // (B, K): per step when K = L > 1 unless told otherwise.
    int k = ys[1];
    boolean steps = perStep != null ? perStep : k == l && l > 1;
    if (steps) {
      if (k != l) {
        throw targets.problem(
            "expected " + l + " steps" + against + ", found shape " + shape(ys));
      }
      return new Layout(true, 1);
    }
    if (k < 1) {
      throw targets.problem("expected at least one target per sequence, found shape " + shape(ys));
    }
    if (classification && k != 1) {
      throw targets.problem(
          "expected " + accepted + against + ", found shape " + shape(ys)
              + " (one-hot targets? pass their argmax over the last axis)");
    }
    return new Layout(false, k);
  }

  private static void checkStepArray(Source source, Npy.Header h, int b, int l, String against)
      throws FileFormatException {
    if (source == null) {
      return;
    }
    int[] s = h.shape();
    boolean ok =
        (s.length == 2 || (s.length == 3 && s[2] == 1)) && s[0] == b && s[1] == l;
    if (!ok) {
      throw source.problem(
          "expected shape ("
              + b
              + ", "
              + l
              + ") or ("
              + b
              + ", "
              + l
              + ", 1)"
              + against
              + ", found "
              + shape(s));
    }
  }

  private static void checkNames(
      List<String> names, String what, int count, String unit, Source source, int[] shape) {
    if (names != null && names.size() != count) {
      throw new IllegalArgumentException(
          what
              + " has "
              + names.size()
              + " entries, but "
              + source.name
              + " "
              + shape(shape)
              + " has "
              + count
              + " "
              + unit);
    }
  }

  /** Checks every label and returns K. */
  private int classCount(double[] y, int[] ys) throws FileFormatException {
    int given = classes;
    if (classNames != null) {
      if (given > 0 && given != classNames.size()) {
        throw new IllegalArgumentException(
            "classes is " + given + " but classNames has " + classNames.size() + " entries");
      }
      given = classNames.size();
    }
    int limit = given > 0 ? given : MAX_CLASSES;
    int max = 0;
    for (int i = 0; i < y.length; i++) {
      double v = y[i];
      if (!(v >= 0 && v == Math.rint(v))) {
        throw targets.problem(
            "value at "
                + index(i, ys)
                + " is "
                + number(v)
                + ", not a class label (expected an integer "
                + (given > 0 ? "in 0.." + (given - 1) : ">= 0")
                + ")");
      }
      if (v >= limit) {
        throw targets.problem(
            "value at "
                + index(i, ys)
                + " is "
                + number(v)
                + (given > 0
                    ? ", but there are " + given + " classes (labels 0.." + (given - 1) + ")"
                    : ", more than the " + MAX_CLASSES + " classes supported"));
      }
      max = Math.max(max, (int) v);
    }
    return given > 0 ? given : max + 1;
  }

  private static void requireFinite(Source source, double[] values, int[] shape, String rule)
      throws FileFormatException {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw source.problem("value at " + index(i, shape) + " is " + number(values[i]) + "; "
            + rule);
      }
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  /** Where an array comes from: a file (read lazily) or memory, with the name errors use. */
  private static final class Source {
    final String name;
    final Path path; // null for memory
    final NpyArray array; // null for a file

    private Source(String name, Path path, NpyArray array) {
      this.name = name;
      this.path = path;
      this.array = array;
    }

    static Source file(Path path) {
      return new Source(path.toString(), path, null);
    }

    static Source memory(String name, NpyArray array) {
      return new Source(name, null, Objects.requireNonNull(array, name));
    }

    Npy.Header header() throws IOException {
      return path != null ? Npy.readHeader(path) : new Npy.Header(array.shape(), array.dtype());
    }

    /** The values, checked to still have the header's shape (a file may change in between). */
    double[] values(Npy.Header expected) throws IOException {
      if (path == null) {
        return array.data();
      }
      NpyArray read = Npy.read(path);
      if (!Arrays.equals(read.shape(), expected.shape())
          || !read.dtype().equals(expected.dtype())) {
        throw problem(
            "changed while being read: its header said "
                + expected
                + ", its content is "
                + read.dtype()
                + " "
                + shape(read.shape()));
      }
      return read.data();
    }

    /**
     * The exception for a problem with this array: a file's is a FileFormatException, an
     * in-memory argument's an IllegalArgumentException; both read "name: detail".
     */
    FileFormatException problem(String detail) {
      if (path == null) {
        throw new IllegalArgumentException(name + ": " + detail);
      }
      return new FileFormatException(name, detail);
    }
  }

  private static NpyArray array(String name, double[] values, int[] shape) {
    Objects.requireNonNull(values, name);
    Objects.requireNonNull(shape, name + " shape");
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            name + ": shape " + shape(shape) + " has a negative dimension");
      }
    }
    long count = 1;
    for (int d : shape) {
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            name + ": shape " + shape(shape) + " holds more than 2^31-1 elements");
      }
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          name + ": shape " + shape(shape) + " holds " + count + " values, but "
              + values.length + " were given");
    }
    return new NpyArray(shape, values, "<f8");
  }

  private static List<String> names(List<String> names, String what) {
    if (names == null) {
      return null;
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < names.size(); i++) {
      Objects.requireNonNull(names.get(i), what + "[" + i + "]");
    }
    return List.copyOf(names);
  }

  /** Python's repr of a shape tuple: (7,), (8, 16, 3). */
  static String shape(int[] shape) {
    return Shapes.repr(shape);
  }

  /** The multi-dimensional index [i, j, k] of a flat row-major index. */
  static String index(int flat, int[] shape) {
    return Shapes.index(flat, shape);
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }

  /** Where the arrays come from and the options, for logs. */
  @Override
  public String toString() {
    return "ArrayData[inputs="
        + inputs.name
        + (targets != null ? ", targets=" + targets.name : "")
        + (timespans != null ? ", timespans=" + timespans.name : "")
        + (mask != null ? ", mask=" + mask.name : "")
        + (validSteps != null ? ", validSteps=" + validSteps.name : "")
        + (lengths != null ? ", lengths=" + lengths.name : "")
        + (task != null ? ", task=" + task.name().toLowerCase(Locale.ROOT) : "")
        + (perStep != null ? ", perStep=" + perStep : "")
        + (classes > 0 ? ", classes=" + classes : "")
        + "]";
  }
}
