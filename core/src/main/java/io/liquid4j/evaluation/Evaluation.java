package io.liquid4j.evaluation;

import io.liquid4j.data.TaskKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Metrics of a model on a dataset, as {@link Evaluator} computes them. Entries that do not apply
 * to the task are NaN (MSE and MAE of a classifier, accuracy and F1 of a regression). Immutable
 * (the confusion matrix is copied in and out, the class names are an unmodifiable copy) and safe to
 * share between threads.
 *
 * @param task classification or regression, as the data
 * @param perStep whether every step was scored (true) or only one target per sequence
 * @param sequences number of sequences evaluated
 * @param loss the loss (cross-entropy for classification, MSE for regression, unless the
 *     evaluator was given another), weighted by the mask and sample weights as in training
 * @param accuracy fraction of correctly classified unmasked steps (classification)
 * @param f1 F1 of class 1 with two classes, macro F1 with more (classification)
 * @param mse mean squared error over unmasked steps and target dimensions (regression)
 * @param mae mean absolute error over unmasked steps and target dimensions (regression)
 * @param confusion the counts of (actual, predicted) classes over unmasked steps; null for
 *     regression. The record holds its own copy and hands out copies.
 * @param classNames the data's class names, in class order; empty for regression
 */
public record Evaluation(
    TaskKind task,
    boolean perStep,
    int sequences,
    double loss,
    double accuracy,
    double f1,
    double mse,
    double mae,
    ConfusionMatrix confusion,
    List<String> classNames) {

  /**
   * Checks that the confusion matrix and the class names go with the task, and copies them.
   *
   * @param task classification or regression
   * @param perStep whether every step was scored
   * @param sequences number of sequences evaluated, ≥ 0
   * @param loss the loss
   * @param accuracy the accuracy, NaN for regression
   * @param f1 the F1 score, NaN for regression
   * @param mse the mean squared error, NaN for classification
   * @param mae the mean absolute error, NaN for classification
   * @param confusion the confusion matrix of a classification (copied); null for regression
   * @param classNames the class names (copied), or null or empty for none
   * @throws NullPointerException for a null task or a null class name
   * @throws IllegalArgumentException when a classification has no confusion matrix, or a
   *     regression has a confusion matrix or class names, or for a negative sequence count
   */
  public Evaluation {
    Objects.requireNonNull(task, "task");
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    if (sequences < 0) {
      throw new IllegalArgumentException("sequences must be >= 0, got " + sequences);
    }
    if (task == TaskKind.CLASSIFICATION) {
      if (confusion == null) {
        throw new IllegalArgumentException("confusion: a classification needs a confusion matrix");
      }
      confusion = confusion.copy();
    } else if (confusion != null || !classNames.isEmpty()) {
      throw new IllegalArgumentException(
          "confusion, classNames: a regression has neither a confusion matrix nor class names");
    }
  }

  /** {@return a copy of the confusion matrix; null for regression} */
  @Override
  public ConfusionMatrix confusion() {
    return confusion == null ? null : confusion.copy();
  }

  /**
   * One line for people: {@code "accuracy 0.9412, F1 0.9000, loss 0.1234"} for classification,
   * {@code "MSE 0.01234, MAE 0.05678"} for regression.
   *
   * @return the task's main metrics, rounded, without a line break
   */
  public String describe() {
    return task == TaskKind.CLASSIFICATION
        ? String.format(Locale.ROOT, "accuracy %.4f, F1 %.4f, loss %.4f", accuracy, f1, loss)
        : String.format(Locale.ROOT, "MSE %.5f, MAE %.5f", mse, mae);
  }

  /**
   * The metrics as an ordered map for JSON output, holding only the entries that apply to the
   * task: {@code task} ("classification" or "regression"), {@code per_step}, {@code sequences},
   * {@code loss}, then {@code accuracy}, {@code f1}, {@code class_names} and {@code
   * confusion_matrix} (rows of actual classes, columns of predicted ones, see {@link
   * ConfusionMatrix#rows()}) or {@code mse} and {@code mae}.
   *
   * @return a fresh, modifiable map in that order
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", task.name().toLowerCase(Locale.ROOT));
    m.put("per_step", perStep);
    m.put("sequences", sequences);
    m.put("loss", loss);
    if (task == TaskKind.CLASSIFICATION) {
      m.put("accuracy", accuracy);
      m.put("f1", f1);
      m.put("class_names", classNames);
      m.put("confusion_matrix", confusion.rows());
    } else {
      m.put("mse", mse);
      m.put("mae", mae);
    }
    return m;
  }
}
