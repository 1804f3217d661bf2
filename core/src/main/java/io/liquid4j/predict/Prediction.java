package io.liquid4j.predict;

import io.liquid4j.data.TaskKind;
import io.liquid4j.model.ModelState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The outputs of a {@link Predictor} for a batch of sequences, in the user's units: regression
 * outputs un-scaled to the targets' units, classification outputs as logits with the predicted
 * class of each row.
 *
 * <p>Shape: (n, L, W) when the model gives every step, (n, W) when it gives the last step only;
 * W is the number of classes or targets (the model's outputs when there is no preprocessing).
 * Immutable (arrays are copied out) and safe to share between threads.
 */
public final class Prediction {
  private final double[] outputs;
  private final int[] shape;
  private final ModelState finalState;
  private final TaskKind task; // null without preprocessing
  private final List<String> names; // class or target names; null without preprocessing

  Prediction(
      double[] outputs, int[] shape, ModelState finalState, TaskKind task, List<String> names) {
    this.outputs = outputs;
    this.shape = shape;
    this.finalState = finalState;
    this.task = task;
    this.names = names;
  }

  /** {@return a copy of the outputs, flat row-major in {@link #shape()}} */
  public double[] outputs() {
    return outputs.clone();
  }

  /** {@return a copy of the shape, (n, L, W) or (n, W)} */
  public int[] shape() {
    return shape.clone();
  }

  /** {@return n, the number of sequences} */
  public int sequences() {
    return shape[0];
  }

  /** {@return the rows per sequence: L for per-step outputs, 1 for last-step outputs} */
  public int steps() {
    return shape.length == 3 ? shape[1] : 1;
  }

  /** {@return W, the values per row} */
  public int width() {
    return shape[shape.length - 1];
  }

  /**
   * {@return the (immutable) state after each sequence's last step, to continue the sequences
   * later}
   */
  public ModelState finalState() {
    return finalState;
  }

  /**
   * One output row.
   *
   * @param b the sequence, in [0, n)
   * @param t the step, in [0, L); 0 for last-step outputs
   * @return a copy of the W values of that row
   * @throws IndexOutOfBoundsException for b or t out of range
   */
  public double[] at(int b, int t) {
    Objects.checkIndex(b, sequences());
    Objects.checkIndex(t, steps());
    int w = width();
    int from = (b * steps() + t) * w;
    return Arrays.copyOfRange(outputs, from, from + w);
  }

  /**
   * {@return whether the outputs are class logits (false for regression and without preprocessing)}
   */
  public boolean isClassification() {
    return task == TaskKind.CLASSIFICATION;
  }

  /**
   * The predicted class of every row: the index of its largest logit (the first one on ties).
   *
   * @return (n, L) or (n) class indices
   * @throws IllegalStateException unless the model is a classifier ({@link #isClassification()})
   */
  public int[] classes() {
    requireClassification();
    int w = width();
    int[] out = new int[outputs.length / w];
    for (int r = 0; r < out.length; r++) {
      int best = 0;
      for (int k = 1; k < w; k++) {
        if (outputs[r * w + k] > outputs[r * w + best]) {
          best = k;
        }
      }
      out[r] = best;
    }
    return out;
  }

  /**
   * The predicted class name of every row.
   *
   * @return (n, L) or (n) names, in the order of {@link #classes()}
   * @throws IllegalStateException unless the model is a classifier
   */
  public List<String> classNames() {
    int[] classes = classes();
    List<String> out = new ArrayList<>(classes.length);
    for (int c : classes) {
      out.add(names.get(c));
    }
    return List.copyOf(out);
  }

  /**
   * The names of the W columns: class names, target names, or "y0".."y{W−1}" without
   * preprocessing.
   *
   * @return the W names; unmodifiable
   */
  public List<String> columnNames() {
    if (names != null) {
      return names;
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < width(); k++) {
      out.add("y" + k);
    }
    return List.copyOf(out);
  }

  private void requireClassification() {
    if (!isClassification()) {
      throw new IllegalStateException(
          task == null
              ? "the model has no preprocessing, so its outputs are not known to be class logits"
              : "the model is a regression model; its outputs are not class logits");
    }
  }

  @Override
  public String toString() {
    return "Prediction" + Arrays.toString(shape)
        + (task == null ? "" : " " + task.name().toLowerCase(java.util.Locale.ROOT));
  }
}
