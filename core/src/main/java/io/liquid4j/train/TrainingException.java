package io.liquid4j.train;

/** Training cannot continue: a non-finite loss or gradient, named by epoch and batch. */
public final class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message one line saying where and what */
  public TrainingException(String message) {
    super(message);
  }
}
