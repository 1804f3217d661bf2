package io.liquid4j.data;

/** What a {@link SequenceDataset}'s targets are: class indices or real values. */
public enum TaskKind {
  /**
   * Targets are class indices 0..K−1 stored as doubles (one per step or per sequence); the model's
   * readout gives K logits and the loss is cross-entropy.
   */
  CLASSIFICATION,
  /** Targets are T real values (per step or per sequence); the loss is the mean squared error. */
  REGRESSION
}
