package io.liquid4j.train;

import io.liquid4j.model.SequenceModel;
import java.util.function.Supplier;

/**
 * What a {@link TrainingListener} may look at and ask for during a {@link Trainer#fit}: the model
 * as it stands, and a clean stop. One per fit, handed to the listener on the training thread; not
 * thread-safe, and only meaningful during the call it is passed to (and, for {@link
 * #requestStop()}, from another thread at any time).
 *
 * <p>A stop requested during {@link TrainingListener#batchFinished(int, int, int, double,
 * TrainingControl)} ends the run after that optimizer step (after the epoch's validation and
 * checkpoint when it was the epoch's last step); one requested during {@link
 * TrainingListener#epochFinished(EpochSummary, TrainingControl)} ends it after that epoch. The fit
 * then returns the run so far ({@link StopReason#REQUESTED}) and the checkpoint of the last whole
 * epoch resumes it to the same weights as an uninterrupted run.
 *
 * <pre>{@code
 * TrainingListener stopAfterTwo = new TrainingListener() {
 *   public void epochFinished(EpochSummary s, TrainingControl control) {
 *     SequenceModel now = control.model();   // evaluate, plot, save …
 *     if (s.epoch() == 1) control.requestStop();
 *   }
 * };
 * }</pre>
 */
public final class TrainingControl {
  private final Supplier<SequenceModel> model;
  private volatile boolean stopRequested;

  /**
   * A control over a run whose current model {@code model} makes.
   *
   * @param model makes a new model holding a copy of the run's current parameters
   */
  TrainingControl(Supplier<SequenceModel> model) {
    this.model = model;
  }

  /**
   * The model with the run's current parameters (after the step or epoch just reported).
   *
   * @return a new model holding a copy of the parameters; later steps do not change it
   */
  public SequenceModel model() {
    return model.get();
  }

  /** Asks the run to stop cleanly after the current step (or epoch, from an epoch's end). */
  public void requestStop() {
    stopRequested = true;
  }

  /** {@return whether a stop has been requested} */
  public boolean stopRequested() {
    return stopRequested;
  }
}
