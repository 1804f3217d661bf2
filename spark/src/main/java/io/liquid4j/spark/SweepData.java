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
 */
public final class SweepData implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TaskKind task;
  private final boolean perStep;
  private final int size;
  private final int length;
  private final int features;
  private final int targetWidth;
  private final double[] inputs;
  private final double[] timespans;
  private final double[] targets;
  private final double[] mask;
  private final double[] sampleWeights;
  private final List<String> featureNames;
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

  /** A snapshot of {@code dataset}. */
  public static SweepData of(SequenceDataset dataset) {
    return new SweepData(Objects.requireNonNull(dataset, "dataset"));
  }

  /** The dataset again, rebuilt (and so validated) from the snapshot. */
  public SequenceDataset toDataset() {
    SequenceDataset d = task == TaskKind.CLASSIFICATION
        ? SequenceDataset.classification(inputs, size, length, features, targets, perStep,
            targetWidth)
        : SequenceDataset.regression(inputs, size, length, features, targets, perStep,
            targetWidth);
    return d.withTimespans(timespans).withMask(mask).withSampleWeights(sampleWeights)
        .withFeatureNames(featureNames).withTargetNames(targetNames);
  }

  /** Number of sequences. */
  public int size() {
    return size;
  }

  /** Inputs per step. */
  public int features() {
    return features;
  }

  /** Classes or regression targets per step or sequence. */
  public int targetWidth() {
    return targetWidth;
  }

  /** Whether every step has a target. */
  public boolean perStep() {
    return perStep;
  }
}
