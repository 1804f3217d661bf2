package io.liquid4j.spark;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A {@link SequenceDataset} in a form Spark can ship: its arrays, shapes and names. A sweep
 * broadcasts one of these, so each executor receives the data once however many runs it trains.
 *
 * <pre>{@code
 * SweepData train = SweepData.of(scaling.apply(split.train()));
 * SequenceDataset same = train.toDataset();   // equal arrays, shapes and names
 * }</pre>
 *
 * <p>Immutable and safe to share between threads: the snapshot copies the dataset's arrays and
 * names, and {@link #toDataset} copies them again into the dataset it builds. Serialised whole,
 * arrays included, which is why a sweep broadcasts it rather than capturing it in every task.
 */
public final class SweepData implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Classification or regression. */
  private final TaskKind task;
  /** Whether every step has a target. */
  private final boolean perStep;
  /** Number of sequences B. */
  private final int size;
  /** Steps per sequence T. */
  private final int length;
  /** Inputs per step F. */
  private final int features;
  /** W: classes or regression targets per step or sequence. */
  private final int targetWidth;
  /** (B × T × F) row-major. */
  private final double[] inputs;
  /** (B × T) elapsed times, or null for Δt = 1. */
  private final double[] timespans;
  /** (B × T), (B), (B × T × W) or (B × W) targets, as {@link SequenceDataset#targets()}. */
  private final double[] targets;
  /** (B × T) step weights, or null. */
  private final double[] mask;
  /** (B) sequence weights, or null. */
  private final double[] sampleWeights;
  /** One name per feature. */
  private final List<String> featureNames;
  /** The W class names (classification) or target names (regression). */
  private final List<String> targetNames;

  private SweepData(SequenceDataset d) {
    task = d.task();
    perStep = d.perStep();
    size = d.size();
    length = d.length();
    features = d.features();
    targetWidth = d.targetWidth();
    // The accessors already return copies, so nothing here is shared with the dataset.
    inputs = d.inputs();
    timespans = d.timespans();
    targets = d.targets();
    mask = d.mask();
    sampleWeights = d.sampleWeights();
    // List.copyOf gives an immutable list, which is serializable whatever the dataset holds.
    featureNames = List.copyOf(d.featureNames());
    targetNames = List.copyOf(d.targetNames());
  }

  /**
   * A snapshot of {@code dataset}.
   *
   * @param dataset the dataset to copy
   * @return a snapshot holding copies of its arrays and names
   * @throws NullPointerException if {@code dataset} is null
   */
  public static SweepData of(SequenceDataset dataset) {
    return new SweepData(Objects.requireNonNull(dataset, "dataset"));
  }

  /**
   * The dataset again, rebuilt (and so validated) from the snapshot.
   *
   * @return a new dataset with equal arrays, shapes and names
   */
  public SequenceDataset toDataset() {
    SequenceDataset d = task == TaskKind.CLASSIFICATION
        ? SequenceDataset.classification(inputs, size, length, features, targets, perStep,
            targetWidth)
        : SequenceDataset.regression(inputs, size, length, features, targets, perStep,
            targetWidth);
    return d.withTimespans(timespans).withMask(mask).withSampleWeights(sampleWeights)
        .withFeatureNames(featureNames).withTargetNames(targetNames);
  }

  /**
   * Number of sequences.
   *
   * @return B
   */
  public int size() {
    return size;
  }

  /**
   * Inputs per step.
   *
   * @return F
   */
  public int features() {
    return features;
  }

  /**
   * Classes or regression targets per step or sequence.
   *
   * @return the number of classes (classification) or of target values (regression)
   */
  public int targetWidth() {
    return targetWidth;
  }

  /**
   * Whether every step has a target.
   *
   * @return true for one target per step, false for one per sequence
   */
  public boolean perStep() {
    return perStep;
  }
}
