package io.liquid4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * n sequences of equal length L with S input features each, plus their targets: the unit of data a
 * trainer iterates over in mini-batches.
 *
 * <p>All arrays are flat and row-major; the shapes use n = {@link #size()}, L = {@link #length()},
 * S = {@link #features()}, W = {@link #targetWidth()}:
 *
 * <table>
 *   <caption>Arrays and shapes</caption>
 *   <tr><th>array</th><th>shape</th><th>meaning</th></tr>
 *   <tr><td>{@link #inputs()}</td><td>(n, L, S)</td><td>input features</td></tr>
 *   <tr><td>{@link #timespans()}</td><td>(n, L) or null</td><td>elapsed time Δt before each
 *       step, &gt; 0; null means Δt = 1 everywhere</td></tr>
 *   <tr><td>{@link #targets()}, classification, per step</td><td>(n, L)</td><td>class index
 *       0..W−1 of each step, as a double</td></tr>
 *   <tr><td>{@link #targets()}, classification, per sequence</td><td>(n)</td><td>class index of
 *       each sequence</td></tr>
 *   <tr><td>{@link #targets()}, regression, per step</td><td>(n, L, W)</td><td>W real targets per
 *       step</td></tr>
 *   <tr><td>{@link #targets()}, regression, per sequence</td><td>(n, W)</td><td>W real targets per
 *       sequence</td></tr>
 *   <tr><td>{@link #mask()}</td><td>(n, L) or null</td><td>weight of each step in the loss:
 *       1 = real step, 0 = padding; other values ≥ 0 weight the step (Ozone's 1.5·y + 0.1); null
 *       means 1 everywhere</td></tr>
 *   <tr><td>{@link #sampleWeights()}</td><td>(n) or null</td><td>weight of each sequence in the
 *       loss, ≥ 0; null means 1</td></tr>
 *   <tr><td>{@link #validSteps()}</td><td>(n, L) or null</td><td>1 = valid step, 0 = padding
 *       the model skips (its state carried over, its output read at the last valid step); null
 *       means every step is valid</td></tr>
 * </table>
 *
 * <p>The class is immutable and safe to share between threads: factories and {@code with…} methods
 * copy the arrays they are given and accessors return copies or unmodifiable lists, so neither side
 * can change the other's data. The constructor checks
 * every value (finite inputs and targets, positive timespans, integral class indices in range,
 * non-negative weights); a padded step must still hold a valid class index and a positive Δt, which
 * it has if padding is written as zeros in the targets and ones in the timespans.
 *
 * <pre>{@code
 * // 2 sequences of 3 steps, 1 feature, a class (0 or 1) per step
 * SequenceDataset d = SequenceDataset.classification(
 *     new double[] {0.1, 0.2, 0.3, 1.0, 1.1, 1.2}, 2, 3, 1,
 *     new double[] {0, 0, 1, 1, 1, 0}, true, 2);
 * SequenceDataset.Batch b = d.batch(new int[] {1});   // the second sequence only
 * }</pre>
 */
public final class SequenceDataset {
  private final int size; // n
  private final int length; // L
  private final int features; // S
  private final TaskKind task;
  private final boolean perStep;
  private final int targetWidth; // W: classes or regression dims
  private final double[] inputs; // (n, L, S)
  private final double[] timespans; // (n, L) or null
  private final double[] targets; // see class javadoc
  private final double[] mask; // (n, L) or null
  private final double[] sampleWeights; // (n) or null
  private final double[] validSteps; // (n, L) of 0/1 or null
  private final List<String> featureNames; // S
  private final List<String> targetNames; // W

  /**
   * One mini-batch: the arrays of the chosen sequences, with the dataset's layouts and B = {@link
   * #size()} in place of n. The arrays are fresh copies owned by the caller; the record does not
   * copy them again, and its accessors return them as they are, so a batch is for one thread
   * unless the threads that share it only read it.
   *
   * @param size B, the number of sequences
   * @param length L, steps per sequence
   * @param features S, inputs per step
   * @param inputs (B, L, S)
   * @param timespans (B, L), or null for Δt = 1
   * @param targets (B, L), (B), (B, L, W) or (B, W) as in the dataset
   * @param mask (B, L) step weights, or null for 1
   * @param sampleWeights (B), or null for 1
   * @param validSteps (B, L) 1 for a valid step, 0 for a padded one; null when all are valid
   */
  public record Batch(
      int size,
      int length,
      int features,
      double[] inputs,
      double[] timespans,
      double[] targets,
      double[] mask,
      double[] sampleWeights,
      double[] validSteps) {

    /**
     * A batch whose steps are all valid.
     *
     * @param size B, the number of sequences
     * @param length L, steps per sequence
     * @param features S, inputs per step
     * @param inputs (B, L, S)
     * @param timespans (B, L), or null for Δt = 1
     * @param targets (B, L), (B), (B, L, W) or (B, W) as in the dataset
     * @param mask (B, L) step weights, or null for 1
     * @param sampleWeights (B), or null for 1
     */
    public Batch(int size, int length, int features, double[] inputs, double[] timespans,
        double[] targets, double[] mask, double[] sampleWeights) {
      this(size, length, features, inputs, timespans, targets, mask, sampleWeights, null);
    }

    /**
     * The weight of each step in a per-step loss: {@link #mask()} times {@link #validSteps()},
     * so that padded steps never count.
     *
     * @return a fresh (B, L) array, or null when both are null (every step weighs 1)
     */
    public double[] stepWeights() {
      return combinedStepWeights(mask, validSteps);
    }
  }

  private static double[] combinedStepWeights(double[] mask, double[] validSteps) {
    if (validSteps == null) {
      return mask == null ? null : mask.clone();
    }
    double[] w = validSteps.clone();
    if (mask != null) {
      for (int i = 0; i < w.length; i++) {
        w[i] *= mask[i];
      }
    }
    return w;
  }

  private SequenceDataset(
      int size,
      int length,
      int features,
      TaskKind task,
      boolean perStep,
      int targetWidth,
      double[] inputs,
      double[] timespans,
      double[] targets,
      double[] mask,
      double[] sampleWeights,
      List<String> featureNames,
      List<String> targetNames,
      double[] validSteps) {
    // Arrays arrive here already owned by this instance (copied by the public entry points or
    // freshly built by subset/concat), so validation is the only work left.
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1, got " + length);
    }
    if (features < 1) {
      throw new IllegalArgumentException("features must be >= 1, got " + features);
    }
    if (targetWidth < 1) {
      throw new IllegalArgumentException(
          (task == TaskKind.CLASSIFICATION ? "classes" : "targetDims")
              + " must be >= 1, got "
              + targetWidth);
    }
    this.size = size;
    this.length = length;
    this.features = features;
    this.task = Objects.requireNonNull(task, "task");
    this.perStep = perStep;
    this.targetWidth = targetWidth;

    checkLength("inputs", inputs, (long) size * length * features, "n·L·S", size, length, features);
    checkFinite("inputs", inputs);
    this.inputs = inputs;

    if (timespans != null) {
      checkLength("timespans", timespans, (long) size * length, "n·L", size, length);
      for (int i = 0; i < timespans.length; i++) {
        double t = timespans[i];
        if (!(t > 0) || !Double.isFinite(t)) {
          throw new IllegalArgumentException(
              "timespans["
                  + i
                  + "] = "
                  + t
                  + " (sequence "
                  + i / length
                  + ", step "
                  + i % length
                  + "): elapsed times must be finite and > 0");
        }
      }
    }
    this.timespans = timespans;

    checkTargets(targets);
    this.targets = targets;

    if (mask != null) {
      checkLength("mask", mask, (long) size * length, "n·L", size, length);
      checkWeights("mask", mask);
    }
    this.mask = mask;

    if (validSteps != null) {
      checkLength("validSteps", validSteps, (long) size * length, "n·L", size, length);
      checkValidSteps(validSteps, length);
    }
    this.validSteps = validSteps;

    if (sampleWeights != null) {
      if (sampleWeights.length != size) {
        throw new IllegalArgumentException(
            "sampleWeights has "
                + sampleWeights.length
                + " values but there are "
                + size
                + " sequences");
      }
      checkWeights("sampleWeights", sampleWeights);
    }
    this.sampleWeights = sampleWeights;

    this.featureNames = checkNames("featureNames", featureNames, features, "features");
    this.targetNames =
        checkNames(
            "targetNames",
            targetNames,
            targetWidth,
            task == TaskKind.CLASSIFICATION ? "classes" : "target dimensions");
  }

  // ---------------------------------------------------------------------------------- factories

  /**
   * A classification dataset without timespans, mask or weights (add them with {@code with…}).
   *
   * @param inputs (n, L, S); copied
   * @param size n, the number of sequences, ≥ 0
   * @param length L, steps per sequence, ≥ 1
   * @param features S, inputs per step, ≥ 1
   * @param targets class indices 0..classes−1 as doubles: (n, L) if {@code perStep}, else (n);
   *     copied
   * @param perStep whether every step has a target (true) or only each sequence (false)
   * @param classes K, the number of classes, ≥ 1
   * @return the dataset, with feature names "x0".."x{S−1}" and class names "0".."K−1"
   * @throws IllegalArgumentException naming the argument whose shape or values are wrong
   */
  public static SequenceDataset classification(
      double[] inputs,
      int size,
      int length,
      int features,
      double[] targets,
      boolean perStep,
      int classes) {
    return create(
        TaskKind.CLASSIFICATION, inputs, size, length, features, targets, perStep, classes);
  }

  /**
   * A regression dataset without timespans, mask or weights (add them with {@code with…}).
   *
   * @param inputs (n, L, S); copied
   * @param size n, the number of sequences, ≥ 0
   * @param length L, steps per sequence, ≥ 1
   * @param features S, inputs per step, ≥ 1
   * @param targets (n, L, W) if {@code perStep}, else (n, W); finite; copied
   * @param perStep whether every step has targets (true) or only each sequence (false)
   * @param targetDims W, real targets per step or sequence, ≥ 1
   * @return the dataset, with feature names "x0".."x{S−1}" and target names "y0".."y{W−1}"
   * @throws IllegalArgumentException naming the argument whose shape or values are wrong
   */
  public static SequenceDataset regression(
      double[] inputs,
      int size,
      int length,
      int features,
      double[] targets,
      boolean perStep,
      int targetDims) {
    return create(
        TaskKind.REGRESSION, inputs, size, length, features, targets, perStep, targetDims);
  }

  private static SequenceDataset create(
      TaskKind task,
      double[] inputs,
      int size,
      int length,
      int features,
      double[] targets,
      boolean perStep,
      int width) {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        width,
        inputs.clone(),
        null,
        targets.clone(),
        null,
        null,
        defaultNames("x", Math.max(features, 0)),
        defaultNames(task == TaskKind.CLASSIFICATION ? "" : "y", Math.max(width, 0)),
        null);
  }

  /**
   * This dataset with elapsed times.
   *
   * @param timespans (n, L), every value finite and &gt; 0; or null for Δt = 1; copied
   * @return a new dataset
   */
  public SequenceDataset withTimespans(double[] timespans) {
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        targetWidth,
        inputs,
        timespans == null ? null : timespans.clone(),
        targets,
        mask,
        sampleWeights,
        featureNames,
        targetNames,
        validSteps);
  }

  /**
   * This dataset with a step mask (or step weights).
   *
   * @param mask (n, L), every value finite and ≥ 0 (1 = real step, 0 = padding, other values weight
   *     the step); or null for 1 everywhere; copied
   * @return a new dataset
   */
  public SequenceDataset withMask(double[] mask) {
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        targetWidth,
        inputs,
        timespans,
        targets,
        mask == null ? null : mask.clone(),
        sampleWeights,
        featureNames,
        targetNames,
        validSteps);
  }

  /**
   * This dataset with per-sequence weights.
   *
   * @param sampleWeights (n), every value finite and ≥ 0; or null for 1; copied
   * @return a new dataset
   */
  public SequenceDataset withSampleWeights(double[] sampleWeights) {
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        targetWidth,
        inputs,
        timespans,
        targets,
        mask,
        sampleWeights == null ? null : sampleWeights.clone(),
        featureNames,
        targetNames,
        validSteps);
  }

  /**
   * This dataset with sequences of different lengths: which steps are valid and which are
   * padding. A model then carries its state unchanged through padded steps and reads each
   * sequence's output at its last valid step (as Keras's masked RNN; see {@code
   * SequenceModel.forward} with valid steps), and the trainer and evaluator count per-step losses
   * and metrics on valid steps only. Unlike {@link #withMask}, whose weights only weigh the loss,
   * padded steps here do not reach the model's state at all. Padded steps still need finite
   * inputs, valid class indices and positive Δt (zeros, zeros and ones, say).
   *
   * @param validSteps (n, L) of 1 (valid step) and 0 (padded), every sequence with at least one
   *     valid step; or null for all valid; copied
   * @return a new dataset
   * @throws IllegalArgumentException naming the first value that is not 0 or 1, or a sequence
   *     without a valid step
   */
  public SequenceDataset withValidSteps(double[] validSteps) {
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        targetWidth,
        inputs,
        timespans,
        targets,
        mask,
        sampleWeights,
        featureNames,
        targetNames,
        validSteps == null ? null : validSteps.clone());
  }

  /**
   * This dataset with sequences of different lengths, each padded at its end: sequence i's first
   * {@code lengths[i]} steps are valid, the rest padding ({@link #withValidSteps}).
   *
   * @param lengths (n) valid steps of each sequence, each in 1..L
   * @return a new dataset
   * @throws IllegalArgumentException if there are not n lengths or one is outside 1..L
   */
  public SequenceDataset withLengths(int[] lengths) {
    return withValidSteps(validStepsOf(lengths, size, length));
  }

  /**
   * The (n, L) valid steps of sequences padded at their ends; shared with SequenceInputs.
   *
   * @throws IllegalArgumentException if there are not n lengths or one is outside 1..L
   */
  static double[] validStepsOf(int[] lengths, int size, int length) {
    Objects.requireNonNull(lengths, "lengths");
    if (lengths.length != size) {
      throw new IllegalArgumentException(
          "lengths has " + lengths.length + " values but there are " + size + " sequences");
    }
    double[] valid = new double[size * length];
    for (int i = 0; i < size; i++) {
      if (lengths[i] < 1 || lengths[i] > length) {
        throw new IllegalArgumentException(
            "lengths[" + i + "] = " + lengths[i] + ": expected a length in 1.." + length);
      }
      Arrays.fill(valid, i * length, i * length + lengths[i], 1.0);
    }
    return valid;
  }

  /**
   * This dataset with feature names.
   *
   * @param names S names, none null
   * @return a new dataset
   */
  public SequenceDataset withFeatureNames(List<String> names) {
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        targetWidth,
        inputs,
        timespans,
        targets,
        mask,
        sampleWeights,
        names,
        targetNames,
        validSteps);
  }

  /**
   * This dataset with class names (classification) or target names (regression).
   *
   * @param names W names, none null
   * @return a new dataset
   */
  public SequenceDataset withTargetNames(List<String> names) {
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        targetWidth,
        inputs,
        timespans,
        targets,
        mask,
        sampleWeights,
        featureNames,
        names,
        validSteps);
  }

  /**
   * This dataset with other inputs of the same shape, for example standardized ones.
   *
   * @param inputs (n, L, S), finite; copied
   * @return a new dataset
   */
  public SequenceDataset withInputs(double[] inputs) {
    Objects.requireNonNull(inputs, "inputs");
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        targetWidth,
        inputs.clone(),
        timespans,
        targets,
        mask,
        sampleWeights,
        featureNames,
        targetNames,
        validSteps);
  }

  /**
   * This dataset with other targets of the same layout, for example standardized regression
   * targets.
   *
   * @param targets the same shape as {@link #targets()}; copied
   * @return a new dataset
   */
  public SequenceDataset withTargets(double[] targets) {
    Objects.requireNonNull(targets, "targets");
    return new SequenceDataset(
        size,
        length,
        features,
        task,
        perStep,
        targetWidth,
        inputs,
        timespans,
        targets.clone(),
        mask,
        sampleWeights,
        featureNames,
        targetNames,
        validSteps);
  }

  // ---------------------------------------------------------------------------------- accessors

  /**
   * The number of sequences.
   *
   * @return n, ≥ 0
   */
  public int size() {
    return size;
  }

  /**
   * The number of steps in every sequence.
   *
   * @return L, ≥ 1
   */
  public int length() {
    return length;
  }

  /**
   * The number of input features per step.
   *
   * @return S, ≥ 1
   */
  public int features() {
    return features;
  }

  /**
   * Whether the targets are class indices or real values.
   *
   * @return the task
   */
  public TaskKind task() {
    return task;
  }

  /**
   * Whether every step has a target or only each sequence as a whole.
   *
   * @return true for a target per step, false for one per sequence
   */
  public boolean perStep() {
    return perStep;
  }

  /**
   * The number of classes (classification) or of real targets per step/sequence (regression).
   *
   * @return W, ≥ 1
   */
  public int targetWidth() {
    return targetWidth;
  }

  /**
   * How many target values one sequence has in {@link #targets()}: L or 1 for classification, L·W
   * or W for regression.
   *
   * @return the number of values per sequence
   */
  public int targetsPerSequence() {
    int perTarget = task == TaskKind.CLASSIFICATION ? 1 : targetWidth;
    return (perStep ? length : 1) * perTarget;
  }

  /**
   * The inputs.
   *
   * @return a copy, (n, L, S)
   */
  public double[] inputs() {
    return inputs.clone();
  }

  /**
   * The elapsed times.
   *
   * @return a copy, (n, L); null when Δt = 1 throughout
   */
  public double[] timespans() {
    return timespans == null ? null : timespans.clone();
  }

  /**
   * The targets.
   *
   * @return a copy: (n, L), (n), (n, L, W) or (n, W), see the class javadoc
   */
  public double[] targets() {
    return targets.clone();
  }

  /**
   * The step mask or step weights.
   *
   * @return a copy, (n, L); null when every step counts with weight 1
   */
  public double[] mask() {
    return mask == null ? null : mask.clone();
  }

  /**
   * The sequence weights.
   *
   * @return a copy, (n); null when every sequence counts with weight 1
   */
  public double[] sampleWeights() {
    return sampleWeights == null ? null : sampleWeights.clone();
  }

  /**
   * Which steps are valid and which padding (see {@link #withValidSteps}).
   *
   * @return a copy, (n, L) of 1 (valid) and 0 (padded); null when every step is valid
   */
  public double[] validSteps() {
    return validSteps == null ? null : validSteps.clone();
  }

  /**
   * Each sequence's number of valid steps.
   *
   * @return (n): L for every sequence without valid steps set, else the count of 1s in its row
   */
  public int[] lengths() {
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      if (validSteps == null) {
        out[i] = length;
      } else {
        for (int t = 0; t < length; t++) {
          out[i] += (int) validSteps[i * length + t];
        }
      }
    }
    return out;
  }

  /**
   * The weight of each step in a per-step loss or metric: {@link #mask()} times {@link
   * #validSteps()}, so that padded steps never count.
   *
   * @return a copy, (n, L); null when both are null (every step weighs 1)
   */
  public double[] stepWeights() {
    return combinedStepWeights(mask, validSteps);
  }

  /**
   * The feature names.
   *
   * @return the S names, unmodifiable
   */
  public List<String> featureNames() {
    return featureNames;
  }

  /**
   * The class names (classification) or target names (regression).
   *
   * @return the W names, unmodifiable
   */
  public List<String> targetNames() {
    return targetNames;
  }

  // ------------------------------------------------------------------------ subsets and batches

  /**
   * The sequences at {@code indices}, in that order; an index may repeat (bootstrap samples).
   *
   * @param indices sequence indices in 0..n−1; not modified
   * @return a new dataset of {@code indices.length} sequences
   * @throws IllegalArgumentException if an index is out of range
   */
  public SequenceDataset subset(int[] indices) {
    Batch b = batch(indices);
    return new SequenceDataset(
        b.size(),
        length,
        features,
        task,
        perStep,
        targetWidth,
        b.inputs(),
        b.timespans(),
        b.targets(),
        b.mask(),
        b.sampleWeights(),
        featureNames,
        targetNames,
        b.validSteps());
  }

  /**
   * The arrays of the sequences at {@code indices}, for one mini-batch.
   *
   * @param indices sequence indices in 0..n−1, B of them; may repeat; not modified
   * @return fresh arrays with B in place of n
   * @throws IllegalArgumentException if an index is out of range
   */
  public Batch batch(int[] indices) {
    Objects.requireNonNull(indices, "indices");
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= size) {
        throw new IllegalArgumentException(
            "indices["
                + i
                + "] = "
                + indices[i]
                + " is not a sequence index (expected 0.."
                + (size - 1)
                + ")");
      }
    }
    int b = indices.length;
    return new Batch(
        b,
        length,
        features,
        gather(inputs, indices, length * features),
        timespans == null ? null : gather(timespans, indices, length),
        gather(targets, indices, targetsPerSequence()),
        mask == null ? null : gather(mask, indices, length),
        sampleWeights == null ? null : gather(sampleWeights, indices, 1),
        validSteps == null ? null : gather(validSteps, indices, length));
  }

  /** Copies the blocks of {@code block} values at the given sequence indices, in order. */
  private static double[] gather(double[] source, int[] indices, int block) {
    double[] out = new double[indices.length * block];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(source, indices[i] * block, out, i * block, block);
    }
    return out;
  }

  /**
   * This dataset's sequences followed by {@code other}'s. Both must agree in length, features,
   * task, target layout and names. Where only one side has timespans, a mask or sample weights, the
   * other side's are taken as ones (Δt = 1, every step real, weight 1).
   *
   * @param other the sequences to append
   * @return a new dataset of {@code size() + other.size()} sequences
   * @throws IllegalArgumentException if the two are not compatible, naming the difference
   */
  public SequenceDataset concat(SequenceDataset other) {
    Objects.requireNonNull(other, "other");
    requireSame("length", length, other.length);
    requireSame("features", features, other.features);
    requireSame("targetWidth", targetWidth, other.targetWidth);
    if (task != other.task || perStep != other.perStep) {
      throw new IllegalArgumentException(
          "cannot concat a "
              + describeTargets()
              + " dataset with a "
              + other.describeTargets()
              + " one");
    }
    if (!featureNames.equals(other.featureNames)) {
      throw new IllegalArgumentException(
          "cannot concat datasets with different feature names: "
              + featureNames
              + " vs "
              + other.featureNames);
    }
    if (!targetNames.equals(other.targetNames)) {
      throw new IllegalArgumentException(
          "cannot concat datasets with different target names: "
              + targetNames
              + " vs "
              + other.targetNames);
    }
    int n = size + other.size;
    return new SequenceDataset(
        n,
        length,
        features,
        task,
        perStep,
        targetWidth,
        join(inputs, other.inputs),
        joinOrOnes(timespans, size, other.timespans, other.size, length),
        join(targets, other.targets),
        joinOrOnes(mask, size, other.mask, other.size, length),
        joinOrOnes(sampleWeights, size, other.sampleWeights, other.size, 1),
        featureNames,
        targetNames,
        joinOrOnes(validSteps, size, other.validSteps, other.size, length));
  }

  private static void requireSame(String what, int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException(
          "cannot concat datasets with " + what + " " + a + " and " + b);
    }
  }

  private static double[] join(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double[] joinOrOnes(double[] a, int na, double[] b, int nb, int block) {
    if (a == null && b == null) {
      return null;
    }
    double[] left = a != null ? a : ones(na * block);
    double[] right = b != null ? b : ones(nb * block);
    return join(left, right);
  }

  private static double[] ones(int n) {
    double[] out = new double[n];
    Arrays.fill(out, 1.0);
    return out;
  }

  private String describeTargets() {
    return (perStep ? "per-step " : "per-sequence ") + task.name().toLowerCase();
  }

  @Override
  public String toString() {
    return "SequenceDataset["
        + size
        + " sequences × "
        + length
        + " steps × "
        + features
        + " features, "
        + describeTargets()
        + ", "
        + (task == TaskKind.CLASSIFICATION ? targetWidth + " classes" : targetWidth + " targets")
        + (timespans != null ? ", timespans" : "")
        + (mask != null ? ", mask" : "")
        + (sampleWeights != null ? ", sample weights" : "")
        + (validSteps != null ? ", valid steps" : "")
        + "]";
  }

  // --------------------------------------------------------------------------------- validation

  private void checkTargets(double[] values) {
    long expected = (long) size * targetsPerSequence();
    String shape;
    int[] dims;
    if (task == TaskKind.CLASSIFICATION) {
      shape = perStep ? "n·L" : "n";
      dims = perStep ? new int[] {size, length} : new int[] {size};
    } else {
      shape = perStep ? "n·L·W" : "n·W";
      dims = perStep ? new int[] {size, length, targetWidth} : new int[] {size, targetWidth};
    }
    checkLength("targets (" + describeTargets() + ")", values, expected, shape, dims);
    if (task == TaskKind.REGRESSION) {
      checkFinite("targets", values);
      return;
    }
    for (int i = 0; i < values.length; i++) {
      double y = values[i];
      if (!(y >= 0 && y < targetWidth && y == Math.rint(y))) {
        throw new IllegalArgumentException(
            "targets["
                + i
                + "] = "
                + y
                + " is not a class index (expected an integer in 0.."
                + (targetWidth - 1)
                + ")");
      }
    }
  }

  private static void checkLength(
      String name, double[] values, long expected, String formula, int... dims) {
    Objects.requireNonNull(values, name);
    if (values.length != expected) {
      StringBuilder product = new StringBuilder();
      for (int d : dims) {
        product.append(product.length() == 0 ? "" : "·").append(d);
      }
      throw new IllegalArgumentException(
          name
              + " has "
              + values.length
              + " values, expected "
              + formula
              + " = "
              + product
              + " = "
              + expected);
    }
  }

  private static void checkFinite(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + values[i] + " is not finite");
      }
    }
  }

  private static void checkWeights(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      double w = values[i];
      if (!(w >= 0) || !Double.isFinite(w)) {
        throw new IllegalArgumentException(
            name + "[" + i + "] = " + w + ": weights must be finite and >= 0");
      }
    }
  }

  /** Every value 0 or 1 and every sequence with a valid step; shared with SequenceInputs. */
  static void checkValidSteps(double[] values, int length) {
    for (int i = 0; i < values.length; i += length) {
      boolean any = false;
      for (int t = 0; t < length; t++) {
        double v = values[i + t];
        if (v != 0.0 && v != 1.0) {
          throw new IllegalArgumentException("validSteps[" + (i + t) + "] = " + v + " (sequence "
              + i / length + ", step " + t + "): expected 1 (valid step) or 0 (padded)");
        }
        any |= v == 1.0;
      }
      if (!any) {
        throw new IllegalArgumentException(
            "validSteps: sequence " + i / length + " has no valid step");
      }
    }
  }

  private static List<String> checkNames(String name, List<String> names, int count, String what) {
    Objects.requireNonNull(names, name);
    if (names.size() != count) {
      throw new IllegalArgumentException(
          name + " has " + names.size() + " entries but there are " + count + " " + what);
    }
    List<String> copy = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      copy.add(Objects.requireNonNull(names.get(i), name + "[" + i + "]"));
    }
    return List.copyOf(copy);
  }

  private static List<String> defaultNames(String prefix, int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(prefix + i);
    }
    return names;
  }
}
