package io.liquid4j.evaluation;

import io.liquid4j.internal.ArgumentChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Weighted counts of (actual class, predicted class) pairs, and the scores derived from them.
 *
 * <p>Counts are doubles because a step contributes its mask weight (1 for a 0/1 mask). Rows are
 * actual classes, columns predicted ones: {@code count(a, p)}. Scores with an empty denominator
 * (no such predictions, or no such targets) are 0, as scikit-learn's {@code zero_division=0}.
 *
 * <p>A matrix is filled once by {@link #of} or by {@link #add}; an {@link Evaluation} holds its own
 * copy ({@link #copy()}), so adding to a matrix never changes an evaluation already made.
 *
 * <p>Mutable ({@link #add}) and not thread-safe: fill it on one thread, or give each thread its own
 * matrix. Reading a matrix that no thread changes is safe from any number of threads.
 */
public final class ConfusionMatrix {
  private final int classes;
  private final double[] counts; // (C, C) row-major: actual × predicted

  /**
   * An empty matrix.
   *
   * @param classes C ≥ 2
   * @throws IllegalArgumentException for fewer than 2 classes
   */
  public ConfusionMatrix(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    this.classes = classes;
    this.counts = new double[classes * classes];
  }

  /**
   * Tallies predictions against class targets.
   *
   * <p>The predicted class is the argmax of the W logits of a step (the lowest index on ties); a
   * single logit (W = 1) is a binary classifier predicting class 1 when the logit is &gt; 0, so
   * it has 2 classes. Steps of mask weight 0 are not read.
   *
   * @param logits (B, T, W). Not modified.
   * @param batch B ≥ 1
   * @param steps T ≥ 1
   * @param width W ≥ 1
   * @param targets (B, T) class indices stored as doubles, in [0, max(W, 2)). Not modified.
   * @param mask (B, T) step weights ≥ 0, or null for all 1. Not modified.
   * @return a new matrix of max(W, 2) classes
   * @throws IllegalArgumentException for arrays of the wrong length, a bad mask weight, a target
   *     that is not a class index, or when every step is masked out
   */
  public static ConfusionMatrix of(
      double[] logits, int batch, int steps, int width, double[] targets, double[] mask) {
    Arguments.classArrays(logits, batch, steps, width, targets, mask);
    int classes = width == 1 ? 2 : width;
    ConfusionMatrix cm = new ConfusionMatrix(classes);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        double m = mask == null ? 1 : mask[b * steps + t];
        if (m == 0) {
          continue;
        }
        int actual = ArgumentChecks.classIndex(targets, b * steps + t, classes, b, t);
        int predicted = predictedClass(logits, (b * steps + t) * width, width);
        cm.add(actual, predicted, m);
      }
    }
    Arguments.totalWeight(cm.total());
    return cm;
  }

  /**
   * The class predicted from {@code width} logits at {@code logits[offset...]}: the argmax (first
   * on ties), or for a single logit, 1 if it is &gt; 0 and else 0.
   *
   * @param logits flat logits. Not modified.
   * @param offset index of the step's first logit
   * @param width W ≥ 1, the step's number of logits
   * @return the class index, in [0, max(W, 2))
   */
  public static int predictedClass(double[] logits, int offset, int width) {
    if (width == 1) {
      return logits[offset] > 0 ? 1 : 0;
    }
    int best = 0;
    for (int c = 1; c < width; c++) {
      if (logits[offset + c] > logits[offset + best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Adds a weight to the (actual, predicted) cell.
   *
   * @param actual the target class, in [0, C)
   * @param predicted the predicted class, in [0, C)
   * @param weight finite and ≥ 0; 1 for one unweighted step
   * @throws IllegalArgumentException for a class out of range or a bad weight
   */
  public void add(int actual, int predicted, double weight) {
    checkClass("actual", actual);
    checkClass("predicted", predicted);
    ArgumentChecks.nonNegative("weight", weight);
    counts[actual * classes + predicted] += weight;
  }

  private void checkClass(String name, int c) {
    if (c < 0 || c >= classes) {
      throw new IllegalArgumentException(
          name + " class " + c + " is not in [0, " + classes + ")");
    }
  }

  /** {@return an independent copy with the same counts} */
  public ConfusionMatrix copy() {
    ConfusionMatrix c = new ConfusionMatrix(classes);
    System.arraycopy(counts, 0, c.counts, 0, counts.length);
    return c;
  }

  /**
   * The counts as C rows (actual classes) of C columns (predicted classes); a fresh list.
   * Integral counts (every unweighted tally) are {@link Long}s, others {@link Double}s, so that a
   * JSON rendering shows {@code 12} rather than {@code 12.0}.
   *
   * @return an unmodifiable list of unmodifiable rows
   */
  public List<List<Number>> rows() {
    List<List<Number>> rows = new ArrayList<>(classes);
    for (int a = 0; a < classes; a++) {
      List<Number> row = new ArrayList<>(classes);
      for (int p = 0; p < classes; p++) {
        double v = counts[a * classes + p];
        row.add(v == Math.rint(v) && Math.abs(v) < 0x1p53 ? (Number) (long) v : (Number) v);
      }
      rows.add(List.copyOf(row));
    }
    return List.copyOf(rows);
  }

  /** {@return the number of classes C} */
  public int classes() {
    return classes;
  }

  /**
   * Weight of steps of class {@code actual} predicted as {@code predicted}.
   *
   * @param actual the target class, in [0, C)
   * @param predicted the predicted class, in [0, C)
   * @return the summed weight, ≥ 0
   * @throws IllegalArgumentException for a class out of range
   */
  public double count(int actual, int predicted) {
    checkClass("actual", actual);
    checkClass("predicted", predicted);
    return counts[actual * classes + predicted];
  }

  /** {@return the total weight of all cells} */
  public double total() {
    double n = 0;
    for (double v : counts) {
      n += v;
    }
    return n;
  }

  /** {@return Σ_c count(c, c) / total, in [0, 1]; 0 for an empty matrix} */
  public double accuracy() {
    double correct = 0;
    for (int c = 0; c < classes; c++) {
      correct += counts[c * classes + c];
    }
    double total = total();
    return total == 0 ? 0 : correct / total;
  }

  /**
   * Weight of targets of class c (row sum).
   *
   * @param c the class, in [0, C)
   * @return the row's summed weight
   * @throws IllegalArgumentException unless c is in [0, C)
   */
  public double actualCount(int c) {
    checkClass("class", c);
    double n = 0;
    for (int p = 0; p < classes; p++) {
      n += counts[c * classes + p];
    }
    return n;
  }

  /**
   * Weight of predictions of class c (column sum).
   *
   * @param c the class, in [0, C)
   * @return the column's summed weight
   * @throws IllegalArgumentException unless c is in [0, C)
   */
  public double predictedCount(int c) {
    checkClass("class", c);
    double n = 0;
    for (int a = 0; a < classes; a++) {
      n += counts[a * classes + c];
    }
    return n;
  }

  /**
   * Precision TP / (TP + FP) of class c.
   *
   * @param c the class, in [0, C)
   * @return the precision, in [0, 1]; 0 when c is never predicted
   * @throws IllegalArgumentException unless c is in [0, C)
   */
  public double precision(int c) {
    double predicted = predictedCount(c);
    return predicted == 0 ? 0 : counts[c * classes + c] / predicted;
  }

  /**
   * Recall TP / (TP + FN) of class c.
   *
   * @param c the class, in [0, C)
   * @return the recall, in [0, 1]; 0 when c never occurs
   * @throws IllegalArgumentException unless c is in [0, C)
   */
  public double recall(int c) {
    double actual = actualCount(c);
    return actual == 0 ? 0 : counts[c * classes + c] / actual;
  }

  /**
   * F1 score 2·TP / (2·TP + FP + FN) of class c.
   *
   * @param c the class, in [0, C)
   * @return the F1 score, in [0, 1]; 0 when c neither occurs nor is predicted
   * @throws IllegalArgumentException unless c is in [0, C)
   */
  public double f1(int c) {
    double denominator = actualCount(c) + predictedCount(c); // = 2·TP + FP + FN
    return denominator == 0 ? 0 : 2 * counts[c * classes + c] / denominator;
  }

  /**
   * The unweighted mean of {@link #f1(int)} over the classes that occur as a target or a
   * prediction, like scikit-learn's {@code f1_score(average='macro')} (whose labels are those
   * seen in y_true or y_pred).
   *
   * @return the macro F1, in [0, 1]; 0 for an empty matrix
   */
  public double macroF1() {
    double sum = 0;
    int seen = 0;
    for (int c = 0; c < classes; c++) {
      if (actualCount(c) + predictedCount(c) > 0) {
        sum += f1(c);
        seen++;
      }
    }
    return seen == 0 ? 0 : sum / seen;
  }

  /** Equal when both have the same number of classes and the same counts. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ConfusionMatrix m && m.classes == classes
        && Arrays.equals(m.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * classes + Arrays.hashCode(counts);
  }

  /** A table with actual classes as rows and predicted classes as columns. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("actual\\predicted");
    for (int p = 0; p < classes; p++) {
      s.append(String.format(Locale.ROOT, " %10d", p));
    }
    for (int a = 0; a < classes; a++) {
      s.append(String.format(Locale.ROOT, "%n%16d", a));
      for (int p = 0; p < classes; p++) {
        s.append(String.format(Locale.ROOT, " %10.4g", counts[a * classes + p]));
      }
    }
    return s.toString();
  }
}
