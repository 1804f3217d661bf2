package io.liquid4j.reservoir;

import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse row form (CSR): row {@code i}'s non-zeros are
 * {@code values[rowStart[i] .. rowStart[i+1])} in the columns {@code columns[...]}, columns
 * increasing within a row. A reservoir's W has about 10 % non-zeros, so a step's W·x touches a
 * tenth of what a dense product would.
 *
 * <pre>{@code
 * SparseMatrix w = SparseMatrix.fromDense(2, 2, new double[] {0, 1, 2, 0});
 * double[] y = new double[2];
 * w.multiply(new double[] {1, 1}, y);   // y = {1, 2}
 * }</pre>
 */
public final class SparseMatrix {
  private final int rows;
  private final int cols;
  private final int[] rowStart;
  private final int[] columns;
  private final double[] values;

  /**
   * Wraps CSR arrays (not copied; the caller gives them up).
   *
   * @param rows number of rows, ≥ 0
   * @param cols number of columns, ≥ 0
   * @param rowStart rows + 1 offsets, non-decreasing, from 0 to the number of non-zeros.
   * @param columns column of each non-zero, increasing within a row.
   * @param values value of each non-zero.
   */
  public SparseMatrix(int rows, int cols, int[] rowStart, int[] columns, double[] values) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          "shape: expected non-negative rows and columns, found " + rows + " x " + cols);
    }
    if (rowStart.length != rows + 1 || rowStart[0] != 0 || rowStart[rows] != values.length
        || columns.length != values.length) {
      throw new IllegalArgumentException("CSR arrays: expected rowStart of length " + (rows + 1)
          + " from 0 to " + values.length + ", found length " + rowStart.length);
    }
    for (int i = 0; i < rows; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        if (columns[k] < 0 || columns[k] >= cols || (k > rowStart[i] && columns[k] <= columns[k - 1])) {
          throw new IllegalArgumentException("CSR row " + i + ": expected increasing columns in [0, "
              + cols + "), found " + columns[k]);
        }
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.rowStart = rowStart;
    this.columns = columns;
    this.values = values;
  }

  /**
   * The non-zeros of a row-major dense matrix.
   *
   * @param rows number of rows
   * @param cols number of columns
   * @param dense (rows × cols) row-major. Not modified.
   * @return a new CSR matrix of the non-zero entries
   */
  public static SparseMatrix fromDense(int rows, int cols, double[] dense) {
    if (dense.length != rows * cols) {
      throw new IllegalArgumentException("dense: expected " + rows * cols + " values, found "
          + dense.length);
    }
    int nonZeros = 0;
    for (double v : dense) {
      if (v != 0) {
        nonZeros++;
      }
    }
    int[] rowStart = new int[rows + 1];
    int[] columns = new int[nonZeros];
    double[] values = new double[nonZeros];
    int k = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double v = dense[i * cols + j];
        if (v != 0) {
          columns[k] = j;
          values[k++] = v;
        }
      }
      rowStart[i + 1] = k;
    }
    return new SparseMatrix(rows, cols, rowStart, columns, values);
  }

  /**
   * Number of rows.
   *
   * @return the number of rows
   */
  public int rows() {
    return rows;
  }

  /**
   * Number of columns.
   *
   * @return the number of columns
   */
  public int cols() {
    return cols;
  }

  /**
   * Number of stored entries.
   *
   * @return the length of the value array
   */
  public int nonZeros() {
    return values.length;
  }

  /**
   * y = A·x.
   *
   * @param x cols values. Not modified.
   * @param y receives rows values. Modified.
   */
  public void multiply(double[] x, double[] y) {
    multiplyRows(x, y, 0, rows);
  }

  /**
   * y[i] = (A·x)[i] for {@code from ≤ i < to}; each row is summed in column order, so the result
   * does not depend on how rows are split between threads.
   *
   * @param x cols values. Not modified.
   * @param y rows values; entries from to to − 1 are overwritten. Modified.
   * @param from first row
   * @param to one past the last row
   */
  public void multiplyRows(double[] x, double[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      double sum = 0;
      for (int k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
        sum += values[k] * x[columns[k]];
      }
      y[i] = sum;
    }
  }

  /**
   * This matrix times a scalar.
   *
   * @param factor the scalar
   * @return a new matrix sharing this one's structure arrays, with scaled values
   */
  public SparseMatrix scale(double factor) {
    double[] scaled = values.clone();
    for (int k = 0; k < scaled.length; k++) {
      scaled[k] *= factor;
    }
    return new SparseMatrix(rows, cols, rowStart, columns, scaled);
  }

  /**
   * The row-major dense form.
   *
   * @return a new array of rows · cols values
   */
  public double[] toDense() {
    double[] dense = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        dense[i * cols + columns[k]] = values[k];
      }
    }
    return dense;
  }

  /**
   * Entry (i, j), zero where nothing is stored.
   *
   * @param i row, in [0, rows)
   * @param j column, in [0, cols)
   * @return the stored value, or 0
   */
  public double get(int i, int j) {
    int k = Arrays.binarySearch(columns, rowStart[i], rowStart[i + 1], j);
    return k >= 0 ? values[k] : 0;
  }

  /**
   * The number of non-zeros in row i.
   *
   * @param i row, in [0, rows)
   * @return the number of stored entries in row i
   */
  public int rowNonZeros(int i) {
    return rowStart[i + 1] - rowStart[i];
  }
}
