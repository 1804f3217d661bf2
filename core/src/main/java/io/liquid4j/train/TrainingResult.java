package io.liquid4j.train;

import io.liquid4j.model.SequenceModel;
import java.util.List;

/**
 * The outcome of {@link Trainer#fit}. Immutable (the history is an unmodifiable copy, the model is
 * immutable) and safe to share between threads.
 *
 * @param model the trained model (best validation epoch when restoreBest, else the last)
 * @param history one summary per epoch, including epochs before a resume
 * @param bestEpoch the epoch with the best validation score (-1 without validation data)
 * @param stoppedEarly whether early stopping ended the run
 * @param seconds training time of this run (not counting epochs before a resume)
 */
public record TrainingResult(
    SequenceModel model,
    List<EpochSummary> history,
    int bestEpoch,
    boolean stoppedEarly,
    double seconds) {
  /**
   * Copies the history.
   *
   * @param model the trained model
   * @param history one summary per epoch; copied into an unmodifiable list
   * @param bestEpoch the epoch with the best validation score, or -1
   * @param stoppedEarly whether early stopping ended the run
   * @param seconds training time of this run
   * @throws NullPointerException when the history or one of its summaries is null
   */
  public TrainingResult {
    history = List.copyOf(history);
  }
}
