package io.liquid4j.model;

/**
 * Checks and helpers for a (B, L) valid-step mask: 1 marks a real step, 0 a padded one, through
 * which the state is carried unchanged and the previous output repeated (Keras's masked RNN).
 */
final class ValidSteps {
  private ValidSteps() {}

  /**
   * Checks that {@code validSteps} is null or (B, L) of 0s and 1s.
   *
   * @throws IllegalArgumentException naming {@code validSteps} and the first bad position
   */
  static void check(double[] validSteps, int batch, int length) {
    if (validSteps == null) {
      return;
    }
    if (validSteps.length != (long) batch * length) {
      throw new IllegalArgumentException(
          "validSteps: expected shape (" + batch + ", " + length + ") = " + (long) batch * length
              + " values, got " + validSteps.length);
    }
    for (int i = 0; i < validSteps.length; i++) {
      if (validSteps[i] != 0.0 && validSteps[i] != 1.0) {
        throw new IllegalArgumentException(
            "validSteps: expected 0 (padded step) or 1 (valid step), got " + validSteps[i]
                + " at [" + i / length + ", " + i % length + "]");
      }
    }
  }

  /**
   * The elapsed times to check and run with: a padded step's Δt never reaches the result, so any
   * value there (0, as padding is often written) is replaced by 1 before the checks; {@code
   * timespans} itself when nothing needs replacing.
   */
  static double[] timespansToRun(double[] timespans, double[] validSteps) {
    if (timespans == null || validSteps == null || timespans.length != validSteps.length) {
      return timespans;
    }
    double[] out = null;
    for (int i = 0; i < timespans.length; i++) {
      if (validSteps[i] == 0.0 && !(timespans[i] > 0 && Double.isFinite(timespans[i]))) {
        if (out == null) {
          out = timespans.clone();
        }
        out[i] = 1.0;
      }
    }
    return out != null ? out : timespans;
  }

  /** Whether step t of sequence b is padded. */
  static boolean padded(double[] validSteps, int length, int b, int t) {
    return validSteps != null && validSteps[b * length + t] == 0.0;
  }
}
