package io.liquid4j.data;

import java.util.Objects;

/**
 * Cutting one long series of rows into fixed-length windows (the sequences of a {@link
 * SequenceDataset}).
 */
public final class Windows {
  private Windows() {}

  /**
   * The start rows of every full window: 0, stride, 2·stride, … while start + length ≤ rows.
   *
   * @param rows the number of rows in the series, ≥ 0
   * @param length L, rows per window, ≥ 1
   * @param stride rows between window starts, ≥ 1 (stride = length gives non-overlapping windows)
   * @return (rows − length) / stride + 1 starts, or none if rows &lt; length
   */
  public static int[] starts(int rows, int length, int stride) {
    checkPositive("length", length);
    checkPositive("stride", stride);
    if (rows < length) {
      return new int[0];
    }
    int[] out = new int[(rows - length) / stride + 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = i * stride;
    }
    return out;
  }

  /**
   * Copies windows out of a row-major series.
   *
   * @param series (rows, width) row-major; not modified
   * @param width values per row, ≥ 1
   * @param starts the first row of each window; each window must lie inside the series
   * @param length L, rows per window, ≥ 1
   * @return (starts.length, L, width) row-major
   */
  public static double[] cut(double[] series, int width, int[] starts, int length) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(starts, "starts");
    checkPositive("width", width);
    checkPositive("length", length);
    int rows = series.length / width;
    int block = length * width;
    double[] out = new double[starts.length * block];
    for (int w = 0; w < starts.length; w++) {
      if (starts[w] < 0 || starts[w] + length > rows) {
        throw new IllegalArgumentException(
            "starts["
                + w
                + "] = "
                + starts[w]
                + ": a window of "
                + length
                + " rows does not fit in a series of "
                + rows
                + " rows");
      }
      System.arraycopy(series, starts[w] * width, out, w * block, block);
    }
    return out;
  }

  private static void checkPositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }
}
