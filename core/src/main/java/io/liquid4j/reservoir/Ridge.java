package io.liquid4j.reservoir;

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
 *
 * <p>The sums are a {@link RidgeStatistics}; use that directly to accumulate rows in pieces (on
 * several machines, say) and merge them before solving.
 */
public final class Ridge {
  private final double ridge;
  private final RidgeStatistics statistics;

  /**
   * @param features F, the width of a state row, ≥ 1
   * @param outputs M, the width of a target row, ≥ 1
   * @param ridge λ ≥ 0; with λ = 0 a singular system is reported, not solved
   */
  public Ridge(int features, int outputs, double ridge) {
    this.statistics = new RidgeStatistics(features, outputs);
    RidgeStatistics.checkRidge(ridge);
    this.ridge = ridge;
  }

  /**
   * Adds rows {@code warmup ..< rows} of one sequence.
   *
   * @param states (rows × features) row-major.
   * @param targets (rows × outputs) row-major.
   * @param rows number of rows in {@code states} and {@code targets}
   * @param warmup leading rows to discard (the reservoir's transient).
   * @return this
   */
  public Ridge add(double[] states, double[] targets, int rows, int warmup) {
    statistics.add(states, targets, rows, warmup);
    return this;
  }

  /**
   * Solves for the readout from everything added so far.
   *
   * @return W_out and b minimising the squared error plus λ·|W_out|²
   */
  public Readout fit() {
    return statistics.fit(ridge);
  }

  /**
   * Rows added so far (after warm-up).
   *
   * @return the number of rows added after warm-up
   */
  public long count() {
    return statistics.count();
  }

  /**
   * A copy of the sums added so far, to merge with others or to serialize.
   *
   * @return a new copy of the statistics
   */
  public RidgeStatistics statistics() {
    return statistics.copy();
  }
}
