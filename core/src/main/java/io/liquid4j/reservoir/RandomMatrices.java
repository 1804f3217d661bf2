package io.liquid4j.reservoir;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Random matrices for reservoirs, as ReservoirPy's {@code mat_gen} makes them: a given fraction
 * of non-zero entries (connectivity) at positions drawn without replacement, or a given number
 * per neuron (degree), with values from a {@link WeightDistribution}. Each call draws from the
 * generator it is given, positions first, then values in row-major order, so a seed fixes the
 * matrix.
 *
 * <pre>{@code
 * SparseMatrix w = RandomMatrices.sparse(1000, 1000, 0.1, WeightDistribution.NORMAL,
 *     new SplittableRandom(1234));   // 100 000 non-zeros
 * }</pre>
 */
public final class RandomMatrices {
  private RandomMatrices() {}

  /** Which side of a connection {@code degree} counts: inputs per neuron (row) or outputs (column). */
  public enum Direction {
    /** Each row, a receiving neuron, has {@code degree} non-zeros. */
    IN,
    /** Each column, a sending neuron, has {@code degree} non-zeros. */
    OUT
  }

  /**
   * A rows × cols matrix with round(connectivity · rows · cols) non-zeros at uniformly drawn
   * positions.
   *
   * @param rows number of rows
   * @param cols number of columns
   * @param connectivity fraction of non-zero entries, in (0, 1].
   * @param distribution law of the non-zero values
   * @param rng source of positions and values. Modified (advanced).
   * @return a new CSR matrix
   */
  public static SparseMatrix sparse(int rows, int cols, double connectivity,
      WeightDistribution distribution, SplittableRandom rng) {
    checkShape(rows, cols);
    checkConnectivity("connectivity", connectivity);
    long cells = (long) rows * cols;
    if (cells > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape: expected at most 2^31 - 1 entries, found " + rows
          + " x " + cols);
    }
    int count = (int) Math.round(connectivity * cells);
    BitSet chosen = choose((int) cells, count, rng);
    int[] rowStart = new int[rows + 1];
    int[] columns = new int[count];
    double[] values = new double[count];
    int k = 0;
    for (int cell = chosen.nextSetBit(0); cell >= 0; cell = chosen.nextSetBit(cell + 1)) {
      rowStart[cell / cols + 1]++;
      columns[k] = cell % cols;
      values[k++] = distribution.draw(rng);
    }
    for (int i = 0; i < rows; i++) {
      rowStart[i + 1] += rowStart[i];
    }
    return new SparseMatrix(rows, cols, rowStart, columns, values);
  }

  /**
   * A rows × cols matrix where each row (direction IN: each neuron receives {@code degree}
   * connections) or each column (OUT: each neuron sends {@code degree}) has exactly {@code
   * degree} non-zeros.
   *
   * @param rows number of rows
   * @param cols number of columns
   * @param degree non-zeros per row (IN) or per column (OUT)
   * @param direction which of the two has exactly {@code degree} non-zeros
   * @param distribution law of the non-zero values
   * @param rng source of positions and values. Modified (advanced).
   * @return a new CSR matrix
   */
  public static SparseMatrix withDegree(int rows, int cols, int degree, Direction direction,
      WeightDistribution distribution, SplittableRandom rng) {
    checkShape(rows, cols);
    int perLine = direction == Direction.IN ? cols : rows;
    if (degree < 1 || degree > perLine) {
      throw new IllegalArgumentException(
          "degree: expected an integer in [1, " + perLine + "], found " + degree);
    }
    double[] dense = new double[rows * cols];
    int lines = direction == Direction.IN ? rows : cols;
    for (int line = 0; line < lines; line++) {
      BitSet chosen = choose(perLine, degree, rng);
      for (int p = chosen.nextSetBit(0); p >= 0; p = chosen.nextSetBit(p + 1)) {
        int cell = direction == Direction.IN ? line * cols + p : p * cols + line;
        dense[cell] = distribution.draw(rng);
        while (dense[cell] == 0) {
          dense[cell] = distribution.draw(rng);
        }
      }
    }
    return SparseMatrix.fromDense(rows, cols, dense);
  }

  /**
   * A dense row-major rows × cols matrix with round(connectivity · rows · cols) non-zeros.
   *
   * @param rows number of rows
   * @param cols number of columns
   * @param connectivity fraction of non-zero entries, in (0, 1]
   * @param distribution law of the non-zero values
   * @param rng source of positions and values. Modified (advanced).
   * @return a new array of rows · cols values
   */
  public static double[] dense(int rows, int cols, double connectivity,
      WeightDistribution distribution, SplittableRandom rng) {
    return sparse(rows, cols, connectivity, distribution, rng).toDense();
  }

  /** {@code count} distinct numbers from [0, n), by Floyd's algorithm (one draw per number). */
  private static BitSet choose(int n, int count, SplittableRandom rng) {
    BitSet chosen = new BitSet(n);
    for (int j = n - count; j < n; j++) {
      int t = rng.nextInt(j + 1);
      chosen.set(chosen.get(t) ? j : t);
    }
    return chosen;
  }

  private static void checkShape(int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "shape: expected at least 1 x 1, found " + rows + " x " + cols);
    }
  }

  static void checkConnectivity(String argument, double connectivity) {
    if (!(connectivity > 0 && connectivity <= 1)) {
      throw new IllegalArgumentException(
          argument + ": expected a fraction in (0, 1], found " + connectivity);
    }
  }
}
