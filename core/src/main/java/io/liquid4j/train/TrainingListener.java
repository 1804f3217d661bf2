package io.liquid4j.train;

/**
 * Hooks a progress bar, a log or a plot attaches to. Called on the training thread, in order;
 * every method has an empty default.
 */
public interface TrainingListener {
  /**
   * Before the first batch of an epoch.
   *
   * @param epoch the 0-based epoch
   * @param epochs the total number of epochs of the run
   * @param batches the number of mini-batches in this epoch
   */
  default void epochStarted(int epoch, int epochs, int batches) {}

  /**
   * After each optimizer step, with the mini-batch loss.
   *
   * @param epoch the 0-based epoch
   * @param batch the 0-based mini-batch within the epoch
   * @param batches the number of mini-batches in this epoch
   * @param loss the mini-batch's loss before the step
   */
  default void batchFinished(int epoch, int batch, int batches, double loss) {}

  /**
   * After each optimizer step, with the mini-batch loss and the run's {@link TrainingControl}
   * (the current model, a clean stop). The {@link Trainer} calls this method; by default it calls
   * {@link #batchFinished(int, int, int, double)}.
   *
   * @param epoch the 0-based epoch
   * @param batch the 0-based mini-batch within the epoch
   * @param batches the number of mini-batches in this epoch
   * @param loss the mini-batch's loss before the step (with the L2 penalty when one is set)
   * @param control the run's control; {@code control.model()} holds the parameters after the step
   */
  default void batchFinished(
      int epoch, int batch, int batches, double loss, TrainingControl control) {
    batchFinished(epoch, batch, batches, loss);
  }

  /**
   * After validation of an epoch (and after its checkpoint is written).
   *
   * @param summary what the epoch achieved
   */
  default void epochFinished(EpochSummary summary) {}

  /**
   * After validation of an epoch (and after its checkpoint is written), with the run's {@link
   * TrainingControl}: {@code control.model()} is the model at the end of the epoch, and {@code
   * control.requestStop()} ends the run here, resumably. The {@link Trainer} calls this method; by
   * default it calls {@link #epochFinished(EpochSummary)}.
   *
   * @param summary what the epoch achieved
   * @param control the run's control
   */
  default void epochFinished(EpochSummary summary, TrainingControl control) {
    epochFinished(summary);
  }

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
