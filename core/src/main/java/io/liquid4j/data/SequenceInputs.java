package io.liquid4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * n sequences of L steps with S input features each, and optionally their elapsed times, without
 * targets: what a deployed model is given to predict from. A {@link SequenceDataset} is the same
 * plus targets.
 *
 * <p>Immutable and safe to share between threads: the arrays are copied in and out. Shapes are
 * flat and row-major: inputs (n, L, S), timespans (n, L) or null for Δt = 1.
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

  private SequenceInputs(
      int size,
      int length,
      int features,
      double[] inputs,
      double[] timespans,
      List<String> featureNames) {
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
    this.size = size;
    this.length = length;
    this.features = features;
    this.inputs = inputs;
    this.timespans = timespans;
    this.featureNames = List.copyOf(featureNames);
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
    return new SequenceInputs(size, length, features, inputs.clone(), null, names);
  }

  /**
   * The inputs, timespans and feature names of a dataset (its targets, mask and weights left out).
   *
   * @param data the dataset
   * @return the inputs
   */
  public static SequenceInputs of(SequenceDataset data) {
    Objects.requireNonNull(data, "data");
    return new SequenceInputs(
        data.size(), data.length(), data.features(), data.inputs(), data.timespans(),
        data.featureNames());
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
        featureNames);
  }

  /**
   * These inputs with feature names.
   *
   * @param names S names
   * @return new inputs
   */
  public SequenceInputs withFeatureNames(List<String> names) {
    return new SequenceInputs(size, length, features, inputs, timespans, names);
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

  @Override
  public String toString() {
    return "SequenceInputs[" + size + " sequences × " + length + " steps × " + features
        + " features" + (timespans != null ? ", timespans" : "") + "]";
  }
}
