package io.liquid4j.train;

/**
 * Which validation score picks the best epoch and drives early stopping. Accuracy misleads on
 * imbalanced data (predicting the majority class everywhere scores well), where F1 is the right
 * choice.
 */
public enum Selection {
  /** Accuracy for classification, loss for regression. */
  DEFAULT,
  /** Highest accuracy. */
  ACCURACY,
  /** Highest F1 (class 1 for two classes, macro F1 otherwise). */
  F1,
  /** Lowest loss. */
  LOSS
}
