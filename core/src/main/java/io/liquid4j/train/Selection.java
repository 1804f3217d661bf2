package io.liquid4j.train;

import io.liquid4j.data.TaskKind;
import java.util.Locale;

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
  LOSS;

  /**
   * Refuses a class score (accuracy, F1) on regression data, where it is undefined.
   *
   * @param task the data's task
   * @throws IllegalArgumentException starting with {@code selection:} when this score does not
   *     apply to {@code task}
   */
  public void checkApplies(TaskKind task) {
    if (task == TaskKind.REGRESSION && (this == ACCURACY || this == F1)) {
      throw new IllegalArgumentException("selection: " + name().toLowerCase(Locale.ROOT)
          + " scores classes, but the task is regression; select by loss");
    }
  }
}
