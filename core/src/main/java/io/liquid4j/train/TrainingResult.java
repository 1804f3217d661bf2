package io.liquid4j.train;

import io.liquid4j.model.SequenceModel;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Trainer#fit}. Immutable (the history is an unmodifiable copy, the models
 * are immutable) and safe to share between threads.
 *
 * @param model the trained model (best validation epoch when restoreBest, else the last)
 * @param history one summary per epoch, including epochs before a resume
 * @param bestEpoch the epoch with the best validation score (-1 without validation data)
 * @param stoppedEarly whether early stopping ({@link StopReason#EARLY_STOPPING}) ended the run
 * @param seconds training time of this run (not counting epochs before a resume)
 * @param bestModel the model of the best validation epoch, by the trainer's {@link Selection};
 *     null without validation data
 * @param lastModel the model after the last optimizer step of the run (after a stop in the middle
 *     of an epoch, after that step)
 * @param stopReason why the run ended
 */
public record TrainingResult(
    SequenceModel model,
    List<EpochSummary> history,
    int bestEpoch,
    boolean stoppedEarly,
    double seconds,
    SequenceModel bestModel,
    SequenceModel lastModel,
    StopReason stopReason) {
  /**
   * Copies the history.
   *
   * @param model the trained model
   * @param history one summary per epoch; copied into an unmodifiable list
   * @param bestEpoch the epoch with the best validation score, or -1
   * @param stoppedEarly whether early stopping ended the run
   * @param seconds training time of this run
   * @param bestModel the best validation epoch's model, or null
   * @param lastModel the model after the last step
   * @param stopReason why the run ended
   * @throws NullPointerException when the history or one of its summaries, the last model or the
   *     stop reason is null
   */
  public TrainingResult {
    history = List.copyOf(history);
    Objects.requireNonNull(lastModel, "lastModel");
    Objects.requireNonNull(stopReason, "stopReason");
  }

  /**
   * A result made elsewhere (a distributed trainer) that knows only the returned model: it is
   * also the last model, and the best one when {@code bestEpoch} ≥ 0; the run completed unless it
   * stopped early.
   *
   * @param model the trained model
   * @param history one summary per epoch; copied into an unmodifiable list
   * @param bestEpoch the epoch with the best validation score, or -1
   * @param stoppedEarly whether early stopping ended the run
   * @param seconds training time of this run
   * @throws NullPointerException when the model, the history or one of its summaries is null
   */
  public TrainingResult(
      SequenceModel model, List<EpochSummary> history, int bestEpoch, boolean stoppedEarly,
      double seconds) {
    this(model, history, bestEpoch, stoppedEarly, seconds, bestEpoch >= 0 ? model : null,
        model, stoppedEarly ? StopReason.EARLY_STOPPING : StopReason.COMPLETED);
  }
}
