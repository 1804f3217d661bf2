package io.liquid4j.train;

/** Why a {@link Trainer#fit} ended; see {@link TrainingResult#stopReason()}. */
public enum StopReason {
  /** Every epoch of the configuration ran. */
  COMPLETED,
  /** Early stopping: {@link TrainerConfig#patience()} epochs passed without improvement. */
  EARLY_STOPPING,
  /** The {@link TrainerConfig#timeBudget()} ran out; the run can be resumed. */
  TIME_BUDGET,
  /** A listener called {@link TrainingControl#requestStop()}; the run can be resumed. */
  REQUESTED
}
