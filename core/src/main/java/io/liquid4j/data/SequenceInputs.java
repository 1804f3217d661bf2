package io.liquid4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * n sequences of L steps with S input features each, and optionally their elapsed times and which
 * steps are valid, without targets: what a deployed model is given to predict from. A {@link
 * SequenceDataset} is the same plus targets.
 *
 * <p>Immutable and safe to share between threads: the arrays are copied in and out. Shapes are
 * flat and row-major: inputs (n, L, S), timespans (n, L) or null for Δt = 1, valid steps (n, L)
 * or null for all valid.
 *
 * <pre>{@code
 * SequenceInputs x = SequenceInputs.of(values, 2, 16, 5).withTimespans(dt);
 * }</pre>
 */
public final class SequenceInputs {
  private final int size;
  private final int length;
  private final int features;
  private final double[] inputs;
  private final double[] timespans;
  private final List<String> featureNames;
  private final double[] validSteps;

  private SequenceInputs(
      int size,
      int length,
      int features,
      double[] inputs,
      double[] timespans,
      List<String> featureNames,
      double[] validSteps) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1, got " + length);
    }
    if (features < 1) {
      throw new IllegalArgumentException("features must be >= 1, got " + features);
    }
    Objects.requireNonNull(inputs, "inputs");
    if (inputs.length != (long) size * length * features) {
      throw new IllegalArgumentException(
          "inputs has " + inputs.length + " values, expected n·L·S = " + size + "·" + length + "·"
              + features + " = " + (long) size * length * features);
    }
    for (int i = 0; i < inputs.length; i++) {
      if (!Double.isFinite(inputs[i])) {
        throw new IllegalArgumentException("inputs[" + i + "] = " + inputs[i] + " is not finite");
      }
    }
    if (timespans != null) {
      if (timespans.length != (long) size * length) {
        throw new IllegalArgumentException(
            "timespans has " + timespans.length + " values, expected n·L = " + size + "·" + length
                + " = " + (long) size * length);
      }
      for (int i = 0; i < timespans.length; i++) {
        if (!(timespans[i] > 0) || !Double.isFinite(timespans[i])) {
          throw new IllegalArgumentException(
              "timespans[" + i + "] = " + timespans[i] + " (sequence " + i / length + ", step "
                  + i % length + "): elapsed times must be finite and > 0");
        }
      }
    }
    Objects.requireNonNull(featureNames, "featureNames");
    if (featureNames.size() != features) {
      throw new IllegalArgumentException(
          "featureNames has " + featureNames.size() + " entries but there are " + features
              + " features");
    }
    if (validSteps != null) {
      if (validSteps.length != (long) size * length) {
        throw new IllegalArgumentException(
            "validSteps has " + validSteps.length + " values, expected n·L = " + size + "·"
                + length + " = " + (long) size * length);
      }
      SequenceDataset.checkValidSteps(validSteps, length);
    }
    this.size = size;
    this.length = length;
    this.features = features;
    this.inputs = inputs;
    this.timespans = timespans;
    this.featureNames = List.copyOf(featureNames);
    this.validSteps = validSteps;
  }

  /**
   * Inputs without timespans (Δt = 1), with feature names "x0".."x{S−1}".
   *
   * @param inputs (n, L, S), finite; copied
   * @param size n, ≥ 0
   * @param length L, ≥ 1
   * @param features S, ≥ 1
   * @return the inputs
   * @throws IllegalArgumentException naming the argument whose shape or values are wrong
   */
  public static SequenceInputs of(double[] inputs, int size, int length, int features) {
    Objects.requireNonNull(inputs, "inputs");
    List<String> names = new ArrayList<>();
    for (int f = 0; f < Math.max(features, 0); f++) {
      names.add("x" + f);
    }
    return new SequenceInputs(size, length, features, inputs.clone(), null, names, null);
  }

  /**
   * The inputs, timespans, feature names and valid steps of a dataset (its targets, mask and
   * weights left out).
   *
   * @param data the dataset
   * @return the inputs
   */
  public static SequenceInputs of(SequenceDataset data) {
    Objects.requireNonNull(data, "data");
    return new SequenceInputs(
        data.size(), data.length(), data.features(), data.inputs(), data.timespans(),
        data.featureNames(), data.validSteps());
  }

  /**
   * These inputs with elapsed times.
   *
   * @param timespans (n, L), finite and &gt; 0; or null for Δt = 1; copied
   * @return new inputs
   */
  public SequenceInputs withTimespans(double[] timespans) {
    return new SequenceInputs(
        size, length, features, inputs, timespans == null ? null : timespans.clone(),
        featureNames, validSteps);
  }

  /**
   * These inputs with feature names.
   *
   * @param names S names
   * @return new inputs
   */
  public SequenceInputs withFeatureNames(List<String> names) {
    return new SequenceInputs(size, length, features, inputs, timespans, names, validSteps);
  }

  /**
   * These inputs as sequences of different lengths, padded to L: a padded step carries the state
   * over unchanged and a model that returns only the last step gives each sequence's output at its
   * last valid step (see {@link io.liquid4j.predict.Predictor#predict(SequenceInputs)}). Padded
   * steps still need finite inputs and, with timespans, a positive Δt (zeros and ones, say).
   *
   * @param validSteps (n, L) of 1 (valid step) and 0 (padded), every sequence with at least one
   *     valid step; or null for all valid; copied
   * @return new inputs
   * @throws IllegalArgumentException naming the first value that is not 0 or 1, or a sequence
   *     without a valid step
   */
  public SequenceInputs withValidSteps(double[] validSteps) {
    return new SequenceInputs(size, length, features, inputs, timespans, featureNames,
        validSteps == null ? null : validSteps.clone());
  }

  /**
   * These inputs as sequences of different lengths, each padded at its end: sequence i's first
   * {@code lengths[i]} steps are valid (as {@link #withValidSteps}).
   *
   * @param lengths (n) valid steps of each sequence, each in 1..L
   * @return new inputs
   * @throws IllegalArgumentException if there are not n lengths or one is outside 1..L
   */
  public SequenceInputs withLengths(int[] lengths) {
    return new SequenceInputs(size, length, features, inputs, timespans, featureNames,
        SequenceDataset.validStepsOf(lengths, size, length));
  }

  /**
   * The number of sequences.
   *
   * @return n, ≥ 0
   */
  public int size() {
    return size;
  }

  /**
   * Steps per sequence.
   *
   * @return L, ≥ 1
   */
  public int length() {
    return length;
  }

  /**
   * Features per step.
   *
   * @return S, ≥ 1
   */
  public int features() {
    return features;
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
   * The feature names.
   *
   * @return the S names, unmodifiable
   */
  public List<String> featureNames() {
    return featureNames;
  }

  /**
   * Which steps are valid and which padding (see {@link #withValidSteps}).
   *
   * @return a copy, (n, L) of 1 (valid) and 0 (padded); null when every step is valid
   */
  public double[] validSteps() {
    return validSteps == null ? null : validSteps.clone();
  }

  @Override
  public String toString() {
    return "SequenceInputs[" + size + " sequences × " + length + " steps × " + features
        + " features" + (timespans != null ? ", timespans" : "")
        + (validSteps != null ? ", valid steps" : "") + "]";
  }
}
