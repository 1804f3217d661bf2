package io.liquid4j.reservoir.task;

import java.util.Arrays;

/**
 * Inputs and targets of a forecasting task made from one series by {@link Series#toForecasting}:
 * row {@code t} of {@code targets} is row {@code t + horizon} of the series whose row {@code t} is
 * in {@code inputs}. Both are row-major with {@code columns} values per row.
 *
 * <p>The arrays are copied in and out, so a pair cannot be changed after it is made.
 *
 * <pre>{@code
 * ForecastPairs pairs = Series.toForecasting(MackeyGlass.generate(2000, 5555), 10);
 * double[] x = pairs.inputs(), y = pairs.targets();   // y[t] = series[t + 10]
 * }</pre>
 *
 * @param inputs rows 0 .. T − horizon − 1 of the series
 * @param targets rows horizon .. T − 1 of the series
 * @param columns values per row, ≥ 1
 */
public record ForecastPairs(double[] inputs, double[] targets, int columns) {
  /**
   * Copies both arrays, after checking that they hold the same whole number of rows.
   *
   * @param inputs rows 0 .. T − horizon − 1 of the series
   * @param targets rows horizon .. T − 1 of the series
   * @param columns values per row, ≥ 1
   */
  public ForecastPairs {
    Checks.requireNotNull("inputs", inputs);
    Checks.requireNotNull("targets", targets);
    Checks.rowsOf("inputs", inputs, columns);
    if (targets.length != inputs.length) {
      throw new IllegalArgumentException("targets: expected the length of inputs ("
          + inputs.length + "), found " + targets.length);
    }
    inputs = inputs.clone();
    targets = targets.clone();
  }

  /** @return a copy of the inputs, row-major */
  @Override
  public double[] inputs() {
    return inputs.clone();
  }

  /** @return a copy of the targets, row-major */
  @Override
  public double[] targets() {
    return targets.clone();
  }

  /** @return the number of (input, target) rows */
  public int rows() {
    return inputs.length / columns;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ForecastPairs that
        && columns == that.columns
        && Arrays.equals(inputs, that.inputs)
        && Arrays.equals(targets, that.targets);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(inputs) + Arrays.hashCode(targets)) + columns;
  }

  @Override
  public String toString() {
    return "ForecastPairs[rows=" + rows() + ", columns=" + columns + "]";
  }
}
