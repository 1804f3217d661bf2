package io.liquid4j.cli;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.TaskKind;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How {@code train} and {@code tune} turn their CSV data options ({@code --features}, {@code
 * --target}, {@code --window}, {@code --stride}, {@code --last-step}, {@code --timestamp}, {@code
 * --time-unit}, {@code --task}) into the library's settings, in one place so both commands read a
 * series the same way and name the same option in their errors. The options themselves stay
 * declared in each command, whose help texts differ.
 */
final class CsvDataOptions {
  private CsvDataOptions() {}

  /**
   * The {@code --task} option.
   *
   * @param task the option's value, or null when not given
   * @return the task, or null when not given
   * @throws IllegalArgumentException naming {@code --task} for another value
   */
  static TaskKind task(String task) {
    return task == null ? null : switch (task.toLowerCase(Locale.ROOT)) {
      case "classification" -> TaskKind.CLASSIFICATION;
      case "regression" -> TaskKind.REGRESSION;
      default -> throw new IllegalArgumentException(
          "--task: expected classification or regression, got '" + task + "'");
    };
  }

  /**
   * Refuses the CSV options when the data are not a CSV file: they mean nothing there, and
   * silently ignoring them would hide a mistake.
   *
   * @param notCsv what the data are instead, ending the error message ("--inputs arrays, which
   *     are already sequences")
   * @param features {@code --features}, or null when not given
   * @param target {@code --target}, or null when not given
   * @param timestamp {@code --timestamp}, or null when not given
   * @param timeUnit {@code --time-unit}, or null when not given
   * @param stride {@code --stride}, or null when not given
   * @param lastStep {@code --last-step}
   * @param windowGiven whether {@code --window} was on the command line
   * @throws IllegalArgumentException naming the first CSV option given
   */
  static void refuseUnlessCsv(String notCsv, List<String> features, String target,
      String timestamp, String timeUnit, Integer stride, boolean lastStep, boolean windowGiven) {
    String given = features != null ? "--features" : target != null ? "--target"
        : timestamp != null ? "--timestamp" : timeUnit != null ? "--time-unit"
        : stride != null ? "--stride" : lastStep ? "--last-step"
        : windowGiven ? "--window" : null;
    if (given != null) {
      throw new IllegalArgumentException(given + " applies to --data (CSV), not to " + notCsv);
    }
  }

  /**
   * The CSV reading options of {@code --data}.
   *
   * @param features {@code --features}, or null when not given
   * @param target {@code --target}, or null when not given
   * @param window {@code --window}
   * @param stride {@code --stride}, or null for the window
   * @param lastStep {@code --last-step}
   * @param timestamp {@code --timestamp}, or null
   * @param timeUnit {@code --time-unit}, or null
   * @param kind the task
   * @return the options
   * @throws IllegalArgumentException naming the option that is missing or out of range
   */
  static CsvTimeSeries.Options of(List<String> features, String target, int window,
      Integer stride, boolean lastStep, String timestamp, String timeUnit, TaskKind kind) {
    if (features == null || target == null) {
      throw new IllegalArgumentException((features == null ? "--features" : "--target")
          + ": --data needs the feature columns (--features) and the target column (--target)");
    }
    TrainCommand.atLeast("--window", window, 1);
    if (stride != null) {
      TrainCommand.atLeast("--stride", stride, 1);
    }
    CsvTimeSeries.Options o = kind == TaskKind.CLASSIFICATION
        ? CsvTimeSeries.Options.classification(features, target, window)
        : CsvTimeSeries.Options.regression(features, target, window);
    o = o.withStride(stride == null ? window : stride).withPerStepTargets(!lastStep);
    if (timestamp != null) {
      o = o.withTimestamps(timestamp, timeUnit == null ? Duration.ofSeconds(1)
          : TrainCommand.parseUnit(timeUnit));
    } else if (timeUnit != null) {
      throw new IllegalArgumentException("--time-unit needs --timestamp");
    }
    return o;
  }
}
