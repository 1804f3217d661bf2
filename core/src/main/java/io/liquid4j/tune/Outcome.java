package io.liquid4j.tune;

import io.liquid4j.train.EpochSummary;
import io.liquid4j.train.TrainingResult;
import java.io.Serializable;
import java.util.List;

/**
 * What one training run of a search achieved. Immutable and safe to share between threads.
 *
 * @param trainLoss mean mini-batch loss of the last epoch
 * @param validationLoss validation loss at the best epoch (the model a run keeps); NaN without
 *     validation data
 * @param validationMetric validation accuracy (classification) or loss (regression) at the best
 *     epoch, or the F1 or other score the search selects by: the trainer's selection score; NaN
 *     without validation data
 * @param bestEpoch the best validation epoch, from 0 (the last epoch without validation data)
 * @param seconds wall time of the training; the only field that differs between repeats
 * @serial exclude
 */
public record Outcome(double trainLoss, double validationLoss, double validationMetric,
    int bestEpoch, double seconds) implements Serializable {

  /** The columns of {@link #csvCells()}. */
  public static final String CSV_HEADER =
      "train_loss,validation_loss,validation_metric,best_epoch,seconds";

  /**
   * The figures as cells of a CSV line, in the order of {@link #CSV_HEADER}: numbers as Java
   * prints them (they read back exactly), the seconds with three decimals.
   *
   * @return the cells joined by commas, without a line end
   */
  public String csvCells() {
    return Double.toString(trainLoss) + ',' + validationLoss + ',' + validationMetric + ','
        + bestEpoch + ',' + String.format(java.util.Locale.ROOT, "%.3f", seconds);
  }

  /**
   * The outcome of a finished training: the last epoch's training loss and the best epoch's
   * validation figures.
   *
   * @param result the trainer's result, with at least one epoch
   * @return the outcome
   */
  public static Outcome of(TrainingResult result) {
    List<EpochSummary> history = result.history();
    EpochSummary last = history.get(history.size() - 1);
    int best = result.bestEpoch() >= 0 ? result.bestEpoch() : last.epoch();
    EpochSummary atBest = history.stream().filter(e -> e.epoch() == best).findFirst()
        .orElse(last);
    return new Outcome(last.trainLoss(), atBest.validationLoss(), atBest.validationMetric(), best,
        result.seconds());
  }

  /**
   * This outcome with the seconds set to 0, for comparing repeats of the same run.
   *
   * @return a new outcome, equal to this one but for {@code seconds}
   */
  public Outcome withoutTime() {
    return new Outcome(trainLoss, validationLoss, validationMetric, bestEpoch, 0);
  }
}
