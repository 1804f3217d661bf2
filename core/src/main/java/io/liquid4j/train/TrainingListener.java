package io.liquid4j.train;

/**
 * Hooks a progress bar, a log or a plot attaches to. Called on the training thread, in order;
 * every method has an empty default.
 */
public interface TrainingListener {
  /** Before the first batch of an epoch. */
  default void epochStarted(int epoch, int epochs, int batches) {}

  /** After each optimizer step, with the mini-batch loss. */
  default void batchFinished(int epoch, int batch, int batches, double loss) {}

  /** After validation of an epoch. */
  default void epochFinished(EpochSummary summary) {}

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
