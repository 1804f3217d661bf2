package io.liquid4j.cli;

import io.liquid4j.data.ArrayData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Labelled data as NumPy arrays, the form ncps users hold: {@code --inputs X.npy --targets Y.npy
 * [--timespans T.npy] [--mask M.npy] [--valid-steps V.npy | --lengths N.npy]}, read by {@link
 * ArrayData}.
 */
final class ArrayOptions {
  @Option(names = {"--inputs", "--input"}, paramLabel = "X.npy",
      description = "Instead of --data: inputs (B, L, S), any float or integer dtype.")
  Path inputs;

  @Option(names = "--targets", paramLabel = "Y.npy",
      description = "Targets for --inputs: (B,) or (B, O) one per sequence, (B, L) or (B, L, O) one"
          + " per step; integer class labels 0..K-1 or real values.")
  Path targets;

  @Option(names = "--timespans", paramLabel = "T.npy",
      description = "Elapsed time Δt before each step, (B, L) or (B, L, 1), > 0 (default: 1).")
  Path timespans;

  @Option(names = "--mask", paramLabel = "M.npy",
      description = "Step mask (B, L) for per-step targets: 1 = real step, 0 = padding; other"
          + " values >= 0 weight the step in the loss.")
  Path mask;

  @Option(names = "--valid-steps", paramLabel = "V.npy",
      description = "Sequences of different lengths: (B, L) 1 = valid step, 0 = padding the model"
          + " skips (state carried over, output read at the last valid step; Δt there ignored).")
  Path validSteps;

  @Option(names = "--lengths", paramLabel = "N.npy",
      description = "Sequences of different lengths padded at the end: (B,) valid steps of each,"
          + " 1..L (instead of --valid-steps).")
  Path lengths;

  /** Whether any of the array options was given. */
  boolean given() {
    return inputs != null || targets != null || timespans != null || mask != null
        || validSteps != null || lengths != null;
  }

  /**
   * The arrays, or null when none was given.
   *
   * @throws IllegalArgumentException naming the option that is missing
   */
  ArrayData data() {
    if (!given()) {
      return null;
    }
    if (inputs == null || targets == null) {
      throw new IllegalArgumentException((inputs == null ? "--inputs" : "--targets")
          + ": arrays need both --inputs X.npy and --targets Y.npy");
    }
    if (validSteps != null && lengths != null) {
      throw new IllegalArgumentException(
          "--lengths: give --valid-steps V.npy or --lengths N.npy, not both");
    }
    return ArrayData.fromNpy(inputs, targets).withTimespans(timespans).withMask(mask)
        .withValidSteps(validSteps).withLengths(lengths);
  }
}
