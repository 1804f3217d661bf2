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
   * After validation of an epoch (and after its checkpoint is written).
   *
   * @param summary what the epoch achieved
   */
  default void epochFinished(EpochSummary summary) {}

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
