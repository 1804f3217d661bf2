package io.liquid4j.predict;

import java.time.Duration;
import java.util.Objects;

/**
 * How a model's CSV files are laid out and cut into windows, beside what {@link Preprocessing}
 * already says (feature columns, task, per-step targets, class names): the target column, the
 * timestamp column and its unit, the window length and stride, and the first step's Δt.
 *
 * <p>Immutable and safe to share between threads; start from {@link #of(String, int)} and adjust
 * with the {@code with…} methods.
 *
 * <pre>{@code
 * CsvLayout layout = CsvLayout.of("Occupancy", 16).withStride(8)
 *     .withTimestamps("date", Duration.ofMinutes(1));
 * }</pre>
 *
 * @param targetColumn the target column's header name
 * @param timestampColumn the column Δt is computed from, or null when the file has none
 * @param timeUnit the unit Δt is expressed in for date-time stamps, positive
 * @param window L, rows per window, ≥ 1
 * @param stride rows between window starts, ≥ 1
 * @param firstStepTimespan Δt of each window's first step, finite and &gt; 0, or NaN for the file's
 *     median gap (see {@link io.liquid4j.data.CsvTimeSeries})
 */
public record CsvLayout(
    String targetColumn,
    String timestampColumn,
    Duration timeUnit,
    int window,
    int stride,
    double firstStepTimespan) {
  /**
   * Checks every value.
   *
   * @param targetColumn the target column's header name
   * @param timestampColumn the timestamp column's header name, or null for none
   * @param timeUnit the unit of Δt for date-time stamps, positive
   * @param window L, rows per window, ≥ 1
   * @param stride rows between window starts, ≥ 1
   * @param firstStepTimespan Δt of each window's first step, finite and &gt; 0, or NaN for the
   *     file's median gap
   * @throws NullPointerException for a null target column or time unit
   * @throws IllegalArgumentException for a value out of range
   */
  public CsvLayout {
    Objects.requireNonNull(targetColumn, "targetColumn");
    Objects.requireNonNull(timeUnit, "timeUnit");
    if (timeUnit.isNegative() || timeUnit.isZero()) {
      throw new IllegalArgumentException("timeUnit must be positive, got " + timeUnit);
    }
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, got " + window);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be >= 1, got " + stride);
    }
    if (!Double.isNaN(firstStepTimespan)
        && !(firstStepTimespan > 0 && Double.isFinite(firstStepTimespan))) {
      throw new IllegalArgumentException(
          "firstStepTimespan must be finite and > 0 (or NaN for the median), got "
              + firstStepTimespan);
    }
  }

  /**
   * Non-overlapping windows (stride = window), no timestamp column, the median first-step Δt.
   *
   * @param targetColumn the target column's header name
   * @param window L, rows per window
   * @return the layout
   */
  public static CsvLayout of(String targetColumn, int window) {
    return new CsvLayout(targetColumn, null, Duration.ofSeconds(1), window, window, Double.NaN);
  }

  /**
   * This layout with another stride.
   *
   * @param stride rows between window starts, ≥ 1
   * @return a new layout
   * @throws IllegalArgumentException when {@code stride} &lt; 1
   */
  public CsvLayout withStride(int stride) {
    return new CsvLayout(targetColumn, timestampColumn, timeUnit, window, stride,
        firstStepTimespan);
  }

  /**
   * This layout with Δt from a timestamp column.
   *
   * @param column the timestamp column's header name, or null for none
   * @param unit the unit Δt is expressed in for date-time stamps, positive
   * @return a new layout
   * @throws NullPointerException for a null unit
   * @throws IllegalArgumentException for a unit that is not positive
   */
  public CsvLayout withTimestamps(String column, Duration unit) {
    return new CsvLayout(targetColumn, column, unit, window, stride, firstStepTimespan);
  }

  /**
   * This layout with a fixed Δt for each window's first step.
   *
   * @param timespan Δt, finite and &gt; 0, or NaN for the file's median gap
   * @return a new layout
   * @throws IllegalArgumentException for a value out of range
   */
  public CsvLayout withFirstStepTimespan(double timespan) {
    return new CsvLayout(targetColumn, timestampColumn, timeUnit, window, stride, timespan);
  }
}
