package io.liquid4j.reservoir.task;

/**
 * Small transformations of time series used to set up reservoir tasks: rescaling to a range,
 * cutting forecasting pairs, and taking one component of a multi-dimensional series. Series with
 * several components are row-major T×columns arrays.
 *
 * <pre>{@code
 * double[] mg = Series.minMaxScale(MackeyGlass.generate(2510, 5555), -1, 1);
 * ForecastPairs pairs = Series.toForecasting(mg, 10);
 * }</pre>
 */
public final class Series {
  private Series() {}

  /**
   * Rescales {@code x} linearly so that its minimum maps to {@code lo} and its maximum to {@code
   * hi}. For [−1, 1] this is bit for bit ReservoirPy's tutorial rescaling {@code 2 * (X - X.min())
   * / (X.max() - X.min()) - 1}.
   *
   * <pre>{@code
   * double[] scaled = Series.minMaxScale(new double[] {2, 4, 6}, -1, 1);   // {-1, 0, 1}
   * }</pre>
   *
   * @param x the series, not empty, finite, not constant; not modified
   * @param lo value of the minimum
   * @param hi value of the maximum, &gt; lo
   * @return a new array, same length as {@code x}
   */
  public static double[] minMaxScale(double[] x, double lo, double hi) {
    Checks.requireNotEmpty("x", x);
    Checks.requireAllFinite("x", x);
    Checks.requireFinite("lo", lo);
    Checks.requireFinite("hi", hi);
    if (!(hi > lo)) {
      throw new IllegalArgumentException("hi: expected a value > lo = " + lo + ", found " + hi);
    }
    double min = x[0];
    double max = x[0];
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    if (!(range > 0)) {
      throw new IllegalArgumentException(
          "x: expected at least two distinct values to rescale, found all equal to " + min);
    }
    double width = hi - lo;
    double[] scaled = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      // (width · (x − min)) / range, then + lo: the tutorial's order of operations.
      scaled[i] = width * (x[i] - min) / range + lo;
    }
    return scaled;
  }

  /**
   * One-column forecasting pairs: inputs {@code x[0 .. T−horizon)} and targets {@code x[horizon ..
   * T)}, as ReservoirPy's {@code to_forecasting(x, forecast=horizon)} without a test split.
   *
   * <pre>{@code
   * ForecastPairs p = Series.toForecasting(new double[] {1, 2, 3, 4}, 1);
   * // p.inputs() = {1, 2, 3}, p.targets() = {2, 3, 4}
   * }</pre>
   *
   * @param x the series; not modified
   * @param horizon steps ahead, 1 ≤ horizon &lt; x.length
   * @return {@code x.length − horizon} pairs of one column
   */
  public static ForecastPairs toForecasting(double[] x, int horizon) {
    return toForecasting(x, 1, horizon);
  }

  /**
   * Forecasting pairs from a row-major T×columns series: input rows {@code 0 .. T−horizon)} and
   * target rows {@code horizon .. T)}.
   *
   * <pre>{@code
   * ForecastPairs p = Series.toForecasting(Lorenz.generate(1000), 3, 1);   // 999 rows of 3
   * }</pre>
   *
   * @param x the series, row-major; not modified
   * @param columns values per row, ≥ 1
   * @param horizon steps ahead, 1 ≤ horizon &lt; number of rows
   * @return T − horizon pairs of {@code columns} values
   */
  public static ForecastPairs toForecasting(double[] x, int columns, int horizon) {
    int rows = Checks.rowsOf("x", x, columns);
    Checks.requireAtLeast("horizon", horizon, 1);
    if (horizon >= rows) {
      throw new IllegalArgumentException("horizon: expected fewer than the " + rows
          + " rows of x, found " + horizon);
    }
    int pairs = (rows - horizon) * columns;
    double[] inputs = new double[pairs];
    double[] targets = new double[pairs];
    System.arraycopy(x, 0, inputs, 0, pairs);
    System.arraycopy(x, horizon * columns, targets, 0, pairs);
    return new ForecastPairs(inputs, targets, columns);
  }

  /**
   * One column of a row-major T×columns array.
   *
   * <pre>{@code
   * double[] z = Series.column(Lorenz.generate(1000), 3, 2);
   * }</pre>
   *
   * @param x row-major values; not modified
   * @param columns values per row, ≥ 1
   * @param column which one, 0 ≤ column &lt; columns
   * @return a new array of T values
   */
  public static double[] column(double[] x, int columns, int column) {
    int rows = Checks.rowsOf("x", x, columns);
    if (column < 0 || column >= columns) {
      throw new IllegalArgumentException(
          "column: expected 0 .. " + (columns - 1) + ", found " + column);
    }
    double[] values = new double[rows];
    for (int t = 0; t < rows; t++) {
      values[t] = x[t * columns + column];
    }
    return values;
  }
}
