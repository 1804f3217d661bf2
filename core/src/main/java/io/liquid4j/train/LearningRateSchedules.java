package io.liquid4j.train;

import io.liquid4j.io.Quoted;
import java.util.Locale;

/** Parses short schedule specifications, as the command line takes them. Stateless. */
public final class LearningRateSchedules {
  private LearningRateSchedules() {}

  /**
   * A schedule from a short specification: {@code constant}, {@code step:SIZE[:GAMMA]}, {@code
   * exponential:GAMMA}, {@code decay:RATE:STEPS[:staircase]} (Keras's {@code ExponentialDecay},
   * {@link ExponentialDecayLr}), {@code cosine:TMAX[:ETA_MIN]} or {@code
   * plateau[:PATIENCE[:FACTOR]]} (plateau watches the validation loss).
   *
   * @param spec the specification, case-insensitive, surrounding blanks ignored
   * @param baseLr the learning rate of epoch 0, finite and ≥ 0
   * @return a new schedule in its initial state
   * @throws IllegalArgumentException naming the specification and what was expected
   */
  public static LearningRateSchedule parse(String spec, double baseLr) {
    String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":");
    try {
      switch (parts[0]) {
        case "constant":
          expect(parts, 1, 1, spec);
          return new FixedLr(baseLr);
        case "step":
          expect(parts, 2, 3, spec);
          return parts.length == 2
              ? new StepLr(baseLr, Integer.parseInt(parts[1]))
              : new StepLr(baseLr, Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
        case "exponential":
          expect(parts, 2, 2, spec);
          return new ExponentialLr(baseLr, Double.parseDouble(parts[1]));
        case "decay":
          expect(parts, 3, 4, spec);
          if (parts.length == 4 && !parts[3].equals("staircase")) {
            throw new IllegalArgumentException("schedule: " + Quoted.of(spec) + " ends in "
                + Quoted.of(parts[3]) + ", expected staircase or nothing");
          }
          return new ExponentialDecayLr(baseLr, Integer.parseInt(parts[2]),
              Double.parseDouble(parts[1]), parts.length == 4);
        case "cosine":
          expect(parts, 2, 3, spec);
          return parts.length == 2
              ? new CosineAnnealingLr(baseLr, Integer.parseInt(parts[1]))
              : new CosineAnnealingLr(baseLr, Integer.parseInt(parts[1]),
                  Double.parseDouble(parts[2]));
        case "plateau":
          expect(parts, 1, 3, spec);
          int patience = parts.length > 1 ? Integer.parseInt(parts[1]) : 10;
          double factor = parts.length > 2 ? Double.parseDouble(parts[2]) : 0.1;
          return new ReduceLrOnPlateau(baseLr, ReduceLrOnPlateau.Mode.MIN, factor, patience,
              1e-4, ReduceLrOnPlateau.ThresholdMode.REL, 0, 0, 1e-8);
        default:
          throw new IllegalArgumentException("schedule: unknown " + Quoted.of(spec)
              + " (expected constant, step:SIZE[:GAMMA], exponential:GAMMA,"
              + " decay:RATE:STEPS[:staircase],"
              + " cosine:TMAX[:ETA_MIN] or plateau[:PATIENCE[:FACTOR]])");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "schedule: " + Quoted.of(spec) + " has a part that is not a number ("
              + Quoted.cutWithLength(e.getMessage()) + ")");
    }
  }

  private static void expect(String[] parts, int min, int max, String spec) {
    if (parts.length < min || parts.length > max) {
      throw new IllegalArgumentException(
          "schedule: '" + spec + "' has " + (parts.length - 1) + " parameters, expected "
              + (min - 1) + (max > min ? " to " + (max - 1) : ""));
    }
  }
}
