package io.liquid4j.evaluation;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.internal.ArgumentChecks;
import io.liquid4j.internal.Parallel;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.Loss;
import io.liquid4j.train.MeanSquaredError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Scores a model on a dataset: runs it over the sequences in parallel chunks and computes the
 * metrics of the data's task (see {@link Evaluation}). Immutable and safe to share between threads
 * (each call runs on its own short-lived thread pool; a loss given to {@link #withLoss} must be
 * safe to share too, as the library's are); configure it with the {@code with…} methods.
 *
 * <pre>{@code
 * Evaluation test = Evaluator.create().evaluate(model, testData);
 * System.out.println(test.describe());               // accuracy 0.9412, F1 0.9000, loss 0.1234
 * ConfusionMatrix cm = test.confusion();             // rows: actual class, columns: predicted
 *
 * // outputs computed elsewhere, e.g. by a predictor that returns regression outputs in the
 * // targets' units: (n, steps, width) flat, steps = data.length() if data.perStep() else 1
 * Evaluation scored = Evaluator.create().score(outputs, rawTargets);
 * }</pre>
 *
 * <p>What is scored: when the data has a target per step ({@link SequenceDataset#perStep()}) the
 * model must return sequences and every step counts; when it has one target per sequence the model
 * must return only the last step, which is scored against it. The loss weights steps by the mask
 * and sequences by the sample weights, exactly as training does; a last-step target of a sequence
 * longer than one step ignores the mask (it describes the steps, not the sequence's target).
 * Accuracy, F1 and the confusion matrix count every step whose mask weight is &gt; 0 once (the
 * mask's weights say which steps are real, not how much a step matters to these scores); MSE and
 * MAE are weighted by the mask.
 *
 * <p>The sequences are cut into chunks of {@link #chunkSize()} in data order and the outputs are
 * assembled in that order before any metric is computed, so the result does not depend on the
 * number of threads.
 */
public final class Evaluator {
  /** Sequences per parallel work item unless set otherwise. */
  public static final int DEFAULT_CHUNK_SIZE = 64;

  private final int threads;
  private final Loss loss; // null: by task
  private final int chunkSize;

  private Evaluator(int threads, Loss loss, int chunkSize) {
    this.threads = threads;
    this.loss = loss;
    this.chunkSize = chunkSize;
  }

  /**
   * An evaluator using all available cores, chunks of {@value #DEFAULT_CHUNK_SIZE} sequences and
   * the default loss of the data's task.
   *
   * @return a new evaluator
   */
  public static Evaluator create() {
    return new Evaluator(Runtime.getRuntime().availableProcessors(), null, DEFAULT_CHUNK_SIZE);
  }

  /**
   * This evaluator with another number of worker threads; the result does not depend on it.
   *
   * @param threads the number of worker threads, ≥ 1
   * @return a new evaluator; this one is unchanged
   * @throws IllegalArgumentException when {@code threads} &lt; 1
   */
  public Evaluator withThreads(int threads) {
    return new Evaluator(ArgumentChecks.positive("threads", threads), loss, chunkSize);
  }

  /**
   * This evaluator computing {@link Evaluation#loss()} with {@code loss} (for example a
   * class-weighted {@link CrossEntropy}, to report the loss a training run minimises); null
   * restores the default: cross-entropy for classification, mean squared error for regression.
   *
   * @param loss the loss, or null for the task's default
   * @return a new evaluator; this one is unchanged
   */
  public Evaluator withLoss(Loss loss) {
    return new Evaluator(threads, loss, chunkSize);
  }

  /**
   * This evaluator running the model on chunks of {@code sequences} sequences. The chunks fix
   * which sequences share a forward pass; the metrics do not depend on it for models whose
   * sequences are independent (all of this library's).
   *
   * @param sequences the number of sequences per chunk, ≥ 1
   * @return a new evaluator; this one is unchanged
   * @throws IllegalArgumentException when {@code sequences} &lt; 1
   */
  public Evaluator withChunkSize(int sequences) {
    return new Evaluator(threads, loss, ArgumentChecks.positive("chunk size", sequences));
  }

  /** {@return the number of worker threads, ≥ 1} */
  public int threads() {
    return threads;
  }

  /** {@return the sequences per parallel work item, ≥ 1} */
  public int chunkSize() {
    return chunkSize;
  }

  /** {@return the loss given to {@link #withLoss}, or null for the task's default} */
  public Loss loss() {
    return loss;
  }

  /**
   * Runs the model once over every sequence of {@code data} and scores the outputs.
   *
   * @param model the model to score; not changed
   * @param data the sequences and their targets
   * @return the loss and the task's metrics
   * @throws IllegalArgumentException when the model does not fit the data (features, output
   *     width, per-step or last-step), the data has no sequences, or every step is masked out
   */
  public Evaluation evaluate(SequenceModel model, SequenceDataset data) {
    checkFits(model, data);
    return score(outputs(model, data), data);
  }

  /**
   * The model's outputs on every sequence of {@code data}, in data order: (n, steps, width) flat
   * with steps = the data's length when the model returns sequences, else 1. With the data's
   * {@link SequenceDataset#validSteps() valid steps} the model skips padded steps, and the output
   * of a sequence without return_sequences is its last valid step's. Computed in parallel
   * chunks; the result does not depend on the number of threads.
   *
   * @param model the model to run; not changed
   * @param data the sequences; their targets are not read
   * @return a new array of the outputs
   * @throws IllegalArgumentException when the model does not read the data's features, or the
   *     data has no sequences
   */
  public double[] outputs(SequenceModel model, SequenceDataset data) {
    if (model.inputSize() != data.features()) {
      throw new IllegalArgumentException("data: the model takes " + model.inputSize()
          + " features per step, the data has " + data.features());
    }
    checkNotEmpty(data);
    int n = data.size();
    int length = data.length();
    List<Callable<double[]>> tasks = new ArrayList<>();
    for (int from = 0; from < n; from += chunkSize) {
      int[] idx = new int[Math.min(chunkSize, n - from)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = from + i;
      }
      tasks.add(() -> {
        SequenceDataset.Batch b = data.batch(idx);
        return model.forward(b.inputs(), b.size(), length, b.timespans(), b.validSteps(), null)
            .outputs();
      });
    }
    int steps = model.config().returnSequences() ? length : 1;
    double[] outputs = new double[n * steps * model.outputSize()];
    int at = 0;
    for (double[] y : runAll(tasks)) {
      System.arraycopy(y, 0, outputs, at, y.length);
      at += y.length;
    }
    return outputs;
  }

  /**
   * Scores outputs computed elsewhere against {@code data}'s targets, exactly as {@link
   * #evaluate} scores a model's.
   *
   * @param outputs (n, steps, width) flat, in data order: steps = {@code data.length()} when the
   *     data has a target per step, else 1; width = {@code data.targetWidth()} (one logit per
   *     class, or one value per regression target). Not modified.
   * @param data the sequences' targets, mask, valid steps and sample weights
   * @return the loss and the task's metrics
   * @throws IllegalArgumentException when {@code outputs} has the wrong length, the data has no
   *     sequences, or every step is masked out
   */
  public Evaluation score(double[] outputs, SequenceDataset data) {
    checkNotEmpty(data);
    int n = data.size();
    int length = data.length();
    int width = data.targetWidth();
    int steps = data.perStep() ? length : 1;
    ArgumentChecks.length("outputs", outputs, (long) n * steps * width,
        "(sequences, steps, width) = (" + n + ", " + steps + ", " + width + ")");
    // Padded steps (the data's valid steps) never count, whatever their mask.
    double[] mask = steps == 1 && length > 1 ? null : data.stepWeights();
    double[] targets = data.targets();
    Loss l = loss != null ? loss
        : data.task() == TaskKind.CLASSIFICATION ? new CrossEntropy() : new MeanSquaredError();
    double value = l.evaluate(outputs, n, steps, width, targets, mask, data.sampleWeights(), null);
    if (data.task() == TaskKind.CLASSIFICATION) {
      ConfusionMatrix cm = ConfusionMatrix.of(outputs, n, steps, width, targets,
          mask == null ? null : present(mask));
      double f1 = cm.classes() == 2 ? cm.f1(1) : cm.macroF1();
      return new Evaluation(TaskKind.CLASSIFICATION, data.perStep(), n, value, cm.accuracy(), f1,
          Double.NaN, Double.NaN, cm, data.targetNames());
    }
    return new Evaluation(TaskKind.REGRESSION, data.perStep(), n, value, Double.NaN, Double.NaN,
        Metrics.meanSquaredError(outputs, n, steps, width, targets, mask),
        Metrics.meanAbsoluteError(outputs, n, steps, width, targets, mask), null,
        List.of());
  }

  /** 1 where the mask is &gt; 0, else 0. */
  private static double[] present(double[] mask) {
    double[] b = new double[mask.length];
    for (int i = 0; i < mask.length; i++) {
      b[i] = mask[i] > 0 ? 1 : 0;
    }
    return b;
  }

  private static void checkNotEmpty(SequenceDataset data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("data: no sequences to evaluate");
    }
  }

  /** The model must read the data's features and emit what its targets need. */
  private static void checkFits(SequenceModel model, SequenceDataset data) {
    if (model.inputSize() != data.features()) {
      throw new IllegalArgumentException("data: the model takes " + model.inputSize()
          + " features per step, the data has " + data.features());
    }
    if (model.outputSize() != data.targetWidth()) {
      throw new IllegalArgumentException("data: the model emits " + model.outputSize()
          + " values per step, the data needs " + data.targetWidth()
          + (data.task() == TaskKind.CLASSIFICATION ? " (one logit per class)" : ""));
    }
    if (model.config().returnSequences() != data.perStep()) {
      throw new IllegalArgumentException("data: the data has "
          + (data.perStep() ? "a target per step, so the model must return sequences"
              : "one target per sequence, so the model must return only the last step"));
    }
  }

  /** Runs the tasks on a pool of {@link #threads} (on this thread when one suffices). */
  private <T> List<T> runAll(List<Callable<T>> tasks) {
    int workers = Math.min(threads, tasks.size());
    if (workers <= 1) {
      return Parallel.runAll(null, tasks, "evaluation");
    }
    ExecutorService pool = Parallel.daemonPool(workers, "liquid4j-evaluator");
    try {
      return Parallel.runAll(pool, tasks, "evaluation");
    } finally {
      pool.shutdownNow();
    }
  }
}
