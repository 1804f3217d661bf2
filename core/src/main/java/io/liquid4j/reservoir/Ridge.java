package io.liquid4j.reservoir;

import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The offline ridge (Tikhonov) readout in ReservoirPy 0.4's centred form: over all rows added,
 *
 * <pre>
 *   A = Σ xᵀx − n·x̄ᵀx̄ + λI        B = Σ xᵀy − n·x̄ᵀȳ
 *   W_out = A⁻¹B                    b = ȳ − x̄·W_out
 * </pre>
 *
 * so the bias is not regularised. Rows can come from several sequences (call {@link #add} once
 * per sequence, each with its own warm-up); only the sums are kept, so memory does not grow with
 * the data.
 *
 * <pre>{@code
 * Readout readout = new Ridge(units, 1, 1e-8)
 *     .add(trainStates, trainTargets, 8000, 100)   // first 100 states discarded
 *     .fit();
 * }</pre>
 *
 * <p>Σ xᵀx dominates the cost (n_rows · features² / 2 multiply-adds: 4·10⁹ for ReservoirPy's
 * tutorial setting). It is accumulated by a {@link GramKernel} in blocks of 64 rows, with the
 * rows of the result split between threads; every entry is summed in the same order whatever the
 * number of threads and whichever kernel, so the readout depends on neither.
 */
public final class Ridge {
  private static final int ROW_BLOCK = 64;
  private static final int GRAM_CHUNKS = 16;

  private final int features;
  private final int outputs;
  private final double ridge;
  private final double[] gram; // lower triangle used, features × features
  private final double[] crossProducts; // features × outputs
  private final double[] featureSums;
  private final double[] targetSums;
  private long count;

  /**
   * @param ridge λ ≥ 0; with λ = 0 a singular system is reported, not solved
   */
  public Ridge(int features, int outputs, double ridge) {
    if (features < 1 || outputs < 1) {
      throw new IllegalArgumentException("ridge readout: expected at least one feature and one "
          + "output, found " + features + " and " + outputs);
    }
    if (!(ridge >= 0) || Double.isInfinite(ridge)) {
      throw new IllegalArgumentException("ridge: expected a finite number ≥ 0, found " + ridge);
    }
    this.features = features;
    this.outputs = outputs;
    this.ridge = ridge;
    this.gram = new double[Math.multiplyExact(features, features)];
    this.crossProducts = new double[features * outputs];
    this.featureSums = new double[features];
    this.targetSums = new double[outputs];
  }

  /**
   * Adds rows {@code warmup ..< rows} of one sequence.
   *
   * @param states (rows × features) row-major.
   * @param targets (rows × outputs) row-major.
   * @param warmup leading rows to discard (the reservoir's transient).
   * @return this
   */
  public Ridge add(double[] states, double[] targets, int rows, int warmup) {
    if (warmup < 0 || warmup >= rows) {
      throw new IllegalArgumentException(
          "warm-up: expected 0 ≤ warm-up < " + rows + " rows, found " + warmup);
    }
    if (states.length < (long) rows * features || targets.length < (long) rows * outputs) {
      throw new IllegalArgumentException("ridge readout: expected " + rows + " × " + features
          + " states and " + rows + " × " + outputs + " targets, found " + states.length
          + " and " + targets.length + " values");
    }
    checkFinite(states, warmup * features, rows * features, "states", features);
    checkFinite(targets, warmup * outputs, rows * outputs, "targets", outputs);
    for (int r = warmup; r < rows; r++) {
      int x = r * features;
      int y = r * outputs;
      for (int i = 0; i < features; i++) {
        double xi = states[x + i];
        featureSums[i] += xi;
        for (int o = 0; o < outputs; o++) {
          crossProducts[i * outputs + o] += xi * targets[y + o];
        }
      }
      for (int o = 0; o < outputs; o++) {
        targetSums[o] += targets[y + o];
      }
    }
    GramKernel kernel = GramKernel.get();
    for (int block = warmup; block < rows; block += ROW_BLOCK) {
      int blockRows = Math.min(ROW_BLOCK, rows - block);
      int offset = block * features;
      IntStream.range(0, GRAM_CHUNKS).parallel().forEach(chunk -> kernel.accumulateLower(states,
          offset, blockRows, features, gram, chunkStart(chunk), chunkStart(chunk + 1)));
    }
    count += rows - warmup;
    return this;
  }

  /** Solves for the readout from everything added so far. */
  public Readout fit() {
    if (count == 0) {
      throw new IllegalStateException("ridge readout: no rows were added before fit()");
    }
    int n = features;
    double[] mean = new double[n];
    for (int i = 0; i < n; i++) {
      mean[i] = featureSums[i] / count;
    }
    double[] targetMean = new double[outputs];
    for (int o = 0; o < outputs; o++) {
      targetMean[o] = targetSums[o] / count;
    }
    DMatrixRMaj a = new DMatrixRMaj(n, n);
    double[] ad = a.data;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double v = gram[i * n + j] - count * mean[i] * mean[j];
        ad[i * n + j] = v;
        ad[j * n + i] = v;
      }
      ad[i * n + i] += ridge;
    }
    DMatrixRMaj b = new DMatrixRMaj(n, outputs);
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < outputs; o++) {
        b.data[i * outputs + o] = crossProducts[i * outputs + o] - count * mean[i] * targetMean[o];
      }
    }
    DMatrixRMaj weights = solve(a, b);
    double[] bias = new double[outputs];
    for (int o = 0; o < outputs; o++) {
      double sum = targetMean[o];
      for (int i = 0; i < n; i++) {
        sum -= mean[i] * weights.data[i * outputs + o];
      }
      bias[o] = sum;
    }
    return new Readout(n, outputs, weights.data, bias);
  }

  /** Rows added so far (after warm-up). */
  public long count() {
    return count;
  }

  /**
   * Cholesky where A is positive definite (always with λ &gt; 0 in exact arithmetic); LU with
   * pivoting where rounding made it indefinite; an error where A is singular.
   */
  private DMatrixRMaj solve(DMatrixRMaj a, DMatrixRMaj b) {
    int n = a.numRows;
    DMatrixRMaj x = new DMatrixRMaj(n, b.numCols);
    LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(n);
    if (cholesky.setA(a.copy())) {
      cholesky.solve(b, x);
      if (allFinite(x.data)) {
        return x;
      }
    }
    LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(n);
    if (lu.setA(a.copy()) && lu.quality() > 1e-14) {
      lu.solve(b, x);
      if (allFinite(x.data)) {
        return x;
      }
    }
    throw new IllegalArgumentException("ridge: the readout's system (" + n + " features, "
        + count + " rows) is singular" + (ridge == 0
            ? "; give a positive ridge (e.g. 1e-8)" : " even with ridge " + ridge));
  }

  /**
   * The first row of chunk c: chunks cover about equal areas of the lower triangle and start at
   * multiples of 4, the kernels' tile height.
   */
  private int chunkStart(int chunk) {
    if (chunk == GRAM_CHUNKS) {
      return features;
    }
    int start = (int) Math.round(features * Math.sqrt((double) chunk / GRAM_CHUNKS));
    return Math.min(features, start / 4 * 4);
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static void checkFinite(double[] values, int from, int to, String what, int width) {
    for (int k = from; k < to; k++) {
      if (!Double.isFinite(values[k])) {
        throw new IllegalArgumentException(what + ": expected finite numbers, found " + values[k]
            + " at row " + k / width + ", column " + k % width);
      }
    }
  }
}
