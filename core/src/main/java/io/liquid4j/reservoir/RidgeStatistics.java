package io.liquid4j.reservoir;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The sufficient statistics of a {@link Ridge} readout — Σxᵀx, Σxᵀy, Σx, Σy and the row count —
 * as a value that can be built in pieces and merged: add rows on several threads or machines,
 * {@link #merge} the pieces, and {@link #fit} once. Splitting the rows changes only the order of
 * the floating-point sums, so the readout agrees with one pass to rounding (about 1e-12 relative
 * for well-conditioned data).
 *
 * <pre>{@code
 * RidgeStatistics left = new RidgeStatistics(units, 1).add(statesA, targetsA, rowsA, 100);
 * RidgeStatistics right = new RidgeStatistics(units, 1).add(statesB, targetsB, rowsB, 100);
 * Readout readout = left.merge(right).fit(1e-6);
 * }</pre>
 *
 * <p>Mutable and not thread-safe: {@link #add} and {@link #merge} change this object and return
 * it, which is what an aggregation (a Spark {@code treeAggregate}, a parallel stream's reduce)
 * wants. Serializable; only the lower triangle of Σxᵀx travels, so a serialized value of n
 * features takes about 4n² bytes.
 */
public final class RidgeStatistics implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int ROW_BLOCK = 64;
  private static final int GRAM_CHUNKS = 16;

  /** Number of features F. */
  private final int features;
  /** Number of outputs M. */
  private final int outputs;
  /**
   * Σ xᵀx, F × F row-major, full so that {@link GramKernel} can write it in place; only the lower
   * triangle is meaningful.
   */
  private final double[] gram;
  /** Σ xᵀy, F × M row-major. */
  private final double[] crossProducts;
  /** Σ x, F values. */
  private final double[] featureSums;
  /** Σ y, M values. */
  private final double[] targetSums;
  /** Number of rows added. */
  private long count;

  /**
   * Empty statistics: no rows yet.
   *
   * @param features F, the width of a state row, ≥ 1
   * @param outputs M, the width of a target row, ≥ 1
   */
  public RidgeStatistics(int features, int outputs) {
    if (features < 1 || outputs < 1) {
      throw new IllegalArgumentException("ridge readout: expected at least one feature and one "
          + "output, found " + features + " and " + outputs);
    }
    this.features = features;
    this.outputs = outputs;
    this.gram = new double[Math.multiplyExact(features, features)];
    this.crossProducts = new double[Math.multiplyExact(features, outputs)];
    this.featureSums = new double[features];
    this.targetSums = new double[outputs];
  }

  /**
   * Number of features (the width of a state row).
   *
   * @return F
   */
  public int features() {
    return features;
  }

  /**
   * Number of outputs (the width of a target row).
   *
   * @return M
   */
  public int outputs() {
    return outputs;
  }

  /**
   * Rows added so far (after warm-up), over everything merged in.
   *
   * @return the number of rows added after warm-up
   */
  public long count() {
    return count;
  }

  /**
   * Adds rows {@code warmup ..< rows} of one sequence.
   *
   * @param states (rows × features) row-major. Not modified.
   * @param targets (rows × outputs) row-major. Not modified.
   * @param rows number of rows in {@code states} and {@code targets}
   * @param warmup leading rows to discard (the reservoir's transient).
   * @return this
   * @throws IllegalArgumentException for a warm-up not below {@code rows}, arrays too short, or
   *     a non-finite value (naming its row and column); this object is then unchanged
   */
  public RidgeStatistics add(double[] states, double[] targets, int rows, int warmup) {
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

  /**
   * Adds everything {@code other} holds to this; {@code other} is not modified.
   *
   * @param other statistics of the same F and M. Not modified.
   * @return this
   * @throws IllegalArgumentException if the two differ in features or outputs
   */
  public RidgeStatistics merge(RidgeStatistics other) {
    if (other.features != features || other.outputs != outputs) {
      throw new IllegalArgumentException("ridge statistics to merge: expected " + features
          + " features and " + outputs + " outputs, found " + other.features + " and "
          + other.outputs);
    }
    for (int i = 0; i < features; i++) {
      for (int j = 0; j <= i; j++) {
        gram[i * features + j] += other.gram[i * features + j];
      }
    }
    addInto(crossProducts, other.crossProducts);
    addInto(featureSums, other.featureSums);
    addInto(targetSums, other.targetSums);
    count += other.count;
    return this;
  }

  /**
   * An independent copy.
   *
   * @return a new object with copies of the sums
   */
  public RidgeStatistics copy() {
    return new RidgeStatistics(features, outputs).merge(this);
  }

  /**
   * Solves for the readout (ReservoirPy's centred form, see {@link Ridge}) from everything added
   * and merged so far.
   *
   * @param ridge λ ≥ 0; with λ = 0 a singular system is reported, not solved
   * @return W_out and b minimising the squared error plus λ·|W_out|²
   * @throws IllegalStateException if no rows were added
   * @throws IllegalArgumentException for a bad λ or a singular system
   */
  public Readout fit(double ridge) {
    checkRidge(ridge);
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
    DMatrixRMaj weights = solve(a, b, ridge);
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

  static void checkRidge(double ridge) {
    if (!(ridge >= 0) || Double.isInfinite(ridge)) {
      throw new IllegalArgumentException("ridge: expected a finite number ≥ 0, found " + ridge);
    }
  }

  /**
   * Cholesky where A is positive definite (always with λ &gt; 0 in exact arithmetic); LU with
   * pivoting where rounding made it indefinite; an error where A is singular (with λ = 0) or the
   * solution is not finite.
   */
  private DMatrixRMaj solve(DMatrixRMaj a, DMatrixRMaj b, double ridge) {
    int n = a.numRows;
    DMatrixRMaj x = new DMatrixRMaj(n, b.numCols);
    LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(n);
    if (cholesky.setA(a.copy())) {
      if (ridge == 0 && numericallySingular(a, cholesky.getDecomposition())) {
        throw singular(n, ridge);
      }
      cholesky.solve(b, x);
      if (allFinite(x.data)) {
        return x;
      }
    }
    LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(n);
    // With λ > 0, A is regular in exact arithmetic: a tiny LU quality means rounding (centring
    // features with a large mean) made it look singular, as ReservoirPy's own LDLᵀ solve warns
    // and goes on; only with λ = 0 is it a sign of a truly singular system.
    if (lu.setA(a.copy()) && (ridge > 0 || lu.quality() > 1e-14)) {
      lu.solve(b, x);
      if (allFinite(x.data)) {
        return x;
      }
    }
    throw singular(n, ridge);
  }

  private IllegalArgumentException singular(int n, double ridge) {
    return new IllegalArgumentException("ridge: the readout's system (" + n + " features, "
        + count + " rows) is singular" + (ridge == 0
            ? "; give a positive ridge (e.g. 1e-8)" : " even with ridge " + ridge));
  }

  /**
   * Whether a Cholesky factorisation A = L·Lᵀ that succeeded has a pivot L_ii² within what
   * rounding alone can change, so that it cannot tell a singular A from a regular one. An exactly
   * singular Gram matrix (two identical features) ends with a pivot of 0 in exact arithmetic, but
   * of a few ε·max A_jj of either sign in floating point, depending on the order in which the JVM
   * rounds: refusing every pivot below the bound refuses such a system on every JVM, instead of
   * only where rounding happened to make the last pivot negative. Only for λ = 0: with λ &gt; 0
   * every pivot is at least λ in exact arithmetic.
   *
   * <p>The bound adds the two sources of rounding, with ε = 2⁻⁵² and G_jj = Σ x_j² the
   * uncentred sums of squares (G_jj ≥ A_jj):
   *
   * <ul>
   *   <li>forming A: each A_ij is a sum of {@code count} products less count·m_i·m_j, off by at
   *       most count·ε·√(G_ii·G_jj) ≤ count·ε·max G_jj;
   *   <li>factoring A: floating-point Cholesky is backward stable, the computed L is the exact
   *       factor of A + ΔA with |ΔA_ij| ≤ γ_(n+1)·√(A_ii·A_jj) ≤ (n + 1)·ε·max A_jj (Higham,
   *       <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., Thm. 10.3, with
   *       Cauchy–Schwarz on the rows of L).
   * </ul>
   *
   * <p>Both are worst cases, so a system refused here is one whose smallest pivot is no larger
   * than the rounding errors could be; a positive ridge makes it solvable.
   */
  private boolean numericallySingular(
      DMatrixRMaj a, CholeskyDecomposition_F64<DMatrixRMaj> factor) {
    int n = a.numRows;
    double largestA = 0;
    double largestG = 0;
    for (int i = 0; i < n; i++) {
      largestA = Math.max(largestA, a.get(i, i));
      largestG = Math.max(largestG, gram[i * n + i]);
    }
    double epsilon = Math.ulp(1.0);
    double bound = (n + 1) * epsilon * largestA + (double) count * epsilon * largestG;
    DMatrixRMaj l = factor.getT(null);
    for (int i = 0; i < n; i++) {
      double pivot = l.get(i, i) * l.get(i, i);
      if (!(pivot > bound)) {
        return true;
      }
    }
    return false;
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

  private static void addInto(double[] sum, double[] term) {
    for (int k = 0; k < sum.length; k++) {
      sum[k] += term[k];
    }
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

  // Serialization proxy: the packed lower triangle halves what travels between machines, and
  // the proxy's checks keep a corrupted stream from building an inconsistent object.

  /**
   * Serializes as a proxy that holds the lower triangle of Σ xᵀx packed, about half the bytes.
   *
   * @return the proxy
   */
  private Object writeReplace() {
    double[] lower = new double[features * (features + 1) / 2];
    int k = 0;
    for (int i = 0; i < features; i++) {
      for (int j = 0; j <= i; j++) {
        lower[k++] = gram[i * features + j];
      }
    }
    return new Packed(features, outputs, lower, crossProducts.clone(), featureSums.clone(),
        targetSums.clone(), count);
  }

  /**
   * Refuses a stream that holds this class rather than its proxy.
   *
   * @param in the stream
   * @throws InvalidObjectException always
   */
  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("RidgeStatistics: expected its serialization proxy");
  }

  /** The serialized form of {@link RidgeStatistics}. */
  private record Packed(int features, int outputs, double[] lower, double[] crossProducts,
      double[] featureSums, double[] targetSums, long count) implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() throws InvalidObjectException {
      if (features < 1 || outputs < 1 || lower == null || crossProducts == null
          || featureSums == null || targetSums == null || count < 0
          || lower.length != (long) features * (features + 1) / 2
          || crossProducts.length != (long) features * outputs
          || featureSums.length != features || targetSums.length != outputs) {
        throw new InvalidObjectException("RidgeStatistics: inconsistent serialized form for "
            + features + " features and " + outputs + " outputs");
      }
      RidgeStatistics s = new RidgeStatistics(features, outputs);
      int k = 0;
      for (int i = 0; i < features; i++) {
        for (int j = 0; j <= i; j++) {
          s.gram[i * features + j] = lower[k++];
        }
      }
      System.arraycopy(crossProducts, 0, s.crossProducts, 0, crossProducts.length);
      System.arraycopy(featureSums, 0, s.featureSums, 0, features);
      System.arraycopy(targetSums, 0, s.targetSums, 0, outputs);
      s.count = count;
      return s;
    }
  }
}
