package io.liquid4j.train;

/**
 * When a {@link Trainer} steps its learning-rate schedule: after every optimizer step (Keras's
 * {@code LearningRateSchedule}s, which decay per step) or after every epoch (PyTorch's {@code
 * lr_scheduler} loop, the default).
 *
 * <p>Stepped per batch, a schedule's "epoch" counter counts optimizer steps: {@link ExponentialLr}
 * with γ gives lr·γ^s at step s (Keras's {@code ExponentialDecay(lr, decay_steps, rate)} is γ =
 * rate^(1/decay_steps)), {@link StepLr} and {@link CosineAnnealingLr} count their periods in
 * steps. {@link ReduceLrOnPlateau} watches the validation loss of each epoch and so is refused per
 * batch.
 */
public enum SchedulePer {
  /** After every optimizer step; the schedule sees step indices 0, 1, 2, … across epochs. */
  BATCH,
  /** After every epoch's validation, with the validation loss (the default). */
  EPOCH
}
