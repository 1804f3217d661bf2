package io.liquid4j.experiments.datasets;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.TaskKind;
import java.util.Locale;
import java.util.Objects;

/**
 * One benchmark, preprocessed and split: what {@code Occupancy.load}, {@code Gesture.load}, {@code
 * Ozone.load} and {@code Traffic.load} return.
 *
 * <p>Immutable and safe to share between threads: the datasets and scalings are immutable values.
 *
 * @param name the dataset's name, for example "Occupancy"
 * @param train training sequences
 * @param validation validation sequences (the LTC code picks the epoch with the best validation
 *     metric and reports the test metric of that epoch)
 * @param test test sequences
 * @param metric the metric the paper reports on the test set
 * @param inputScaling the scaling already applied to the inputs (to apply to new raw inputs before
 *     prediction), or null if the inputs are raw
 * @param targetScaling the scaling already applied to regression targets (to report errors or
 *     predictions in the original unit), or null
 * @param notes how the data was prepared and where it differs from the paper's code, one point per
 *     line
 */
public record BenchmarkData(
    String name,
    SequenceDataset train,
    SequenceDataset validation,
    SequenceDataset test,
    Metric metric,
    Standardizer inputScaling,
    Standardizer targetScaling,
    String notes) {

  /**
   * Requires everything except the two scalings.
   *
   * @param name the dataset's name, for example "Occupancy"
   * @param train training sequences
   * @param validation validation sequences
   * @param test test sequences
   * @param metric the metric the paper reports on the test set
   * @param inputScaling the scaling already applied to the inputs, or null if the inputs are raw
   * @param targetScaling the scaling already applied to regression targets, or null
   * @param notes how the data was prepared, one point per line
   * @throws NullPointerException if any argument but the two scalings is null
   */
  public BenchmarkData {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(notes, "notes");
  }

  /**
   * A human-readable summary: sizes, shapes, targets, metric and the preparation notes.
   *
   * @return several lines of text
   */
  public String describe() {
    SequenceDataset d = train;
    String targets =
        d.task() == TaskKind.CLASSIFICATION
            ? d.targetWidth() + "-class classification " + d.targetNames()
            : "regression of " + d.targetNames();
    StringBuilder sb = new StringBuilder();
    sb.append(name).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "  sequences: train %,d, validation %,d, test %,d; each %d steps x %d features%n",
            train.size(),
            validation.size(),
            test.size(),
            d.length(),
            d.features()));
    sb.append("  targets: ").append(d.perStep() ? "per-step " : "per-sequence ").append(targets);
    sb.append('\n');
    sb.append("  metric: ").append(metric.name().toLowerCase(Locale.ROOT)).append('\n');
    for (String line : notes.split("\n")) {
      sb.append("  - ").append(line).append('\n');
    }
    return sb.toString();
  }
}
