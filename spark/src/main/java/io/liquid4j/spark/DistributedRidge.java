package io.liquid4j.spark;

import io.liquid4j.reservoir.Readout;
import io.liquid4j.reservoir.Ridge;
import io.liquid4j.reservoir.RidgeStatistics;
import org.apache.spark.api.java.JavaRDD;

/**
 * The exact ridge readout ({@link Ridge}, ReservoirPy's centred form) of liquid states spread
 * over a cluster. Each partition sums its records into a {@link RidgeStatistics}; the sums are
 * merged in a tree ({@code treeAggregate}) and the features × features system is solved once on
 * the driver. Only the sums travel, so the traffic is about 4·features² bytes per partition
 * whatever the number of rows, and the readout equals one machine's {@code Ridge} over the same
 * rows up to the order of the floating-point sums (1e-12 relative for well-conditioned states).
 *
 * <pre>{@code
 * JavaRDD<LabelledStates> records = sc.parallelize(List.of(
 *     new LabelledStates("day-1", steps1, reservoir.newSession().run(inputs1, steps1), targets1),
 *     new LabelledStates("day-2", steps2, reservoir.newSession().run(inputs2, steps2), targets2)));
 * Readout readout = DistributedRidge.fit(records, 500, 1, 1e-6, 100);   // 100 warm-up steps each
 * double[] predictions = readout.predict(newStates, steps);
 * }</pre>
 *
 * <p>Stateless: the methods may be called from several driver threads at once, each call running
 * its own Spark job. Nothing is broadcast: each task receives, serialised in its closure, an empty
 * {@link RidgeStatistics} (features × outputs) and the warm-up, and sends its partition's sums
 * back; the records travel as the RDD's partitions do.
 */
public final class DistributedRidge {
  /** Depth of the merge tree: partitions' sums meet in √partitions groups before the driver. */
  private static final int TREE_DEPTH = 2;

  private DistributedRidge() {}

  /**
   * Fits the readout of every record's rows {@code warmup ..< rows}; runs one Spark job.
   *
   * <p>A malformed record — wrong sizes, a non-finite value, or no more rows than the warm-up —
   * fails the job: Spark throws its {@code org.apache.spark.SparkException} on the driver (not
   * declared, as Spark's Java API never declares it), whose cause is an {@link
   * IllegalArgumentException} naming the record's key.
   *
   * @param records one record per sequence; each must have {@code features} columns of states and
   *     {@code outputs} columns of targets
   * @param features width of a state row, ≥ 1
   * @param outputs width of a target row, ≥ 1
   * @param ridge λ ≥ 0
   * @param warmup leading rows of each record to discard (the liquid's transient), ≥ 0
   * @return the fitted readout, features → outputs
   * @throws IllegalArgumentException if λ, {@code features}, {@code outputs} or {@code warmup} is
   *     out of range (checked on the driver, before the job)
   * @throws IllegalStateException if the data hold no rows at all
   */
  public static Readout fit(JavaRDD<LabelledStates> records, int features, int outputs,
      double ridge, int warmup) {
    // Check λ before running a job that could take hours.
    new Ridge(features, outputs, ridge);
    return statistics(records, features, outputs, warmup).fit(ridge);
  }

  /**
   * The summed statistics of every record's rows {@code warmup ..< rows}, for fitting several λ
   * from one pass over the data ({@code stats.copy().fit(λ)} per λ) or merging with other data;
   * runs one Spark job. A malformed record fails the job as in {@link #fit}.
   *
   * @param records one record per sequence; each must have {@code features} columns of states and
   *     {@code outputs} columns of targets
   * @param features width of a state row, ≥ 1
   * @param outputs width of a target row, ≥ 1
   * @param warmup leading rows of each record to discard, ≥ 0
   * @return the sums over every record's kept rows; a new object the caller owns
   * @throws IllegalArgumentException if {@code features}, {@code outputs} or {@code warmup} is
   *     out of range (checked on the driver, before the job)
   */
  public static RidgeStatistics statistics(JavaRDD<LabelledStates> records, int features,
      int outputs, int warmup) {
    RidgeStatistics zero = new RidgeStatistics(features, outputs);
    if (warmup < 0) {
      throw new IllegalArgumentException("warm-up: expected a number ≥ 0, found " + warmup);
    }
    // Spark hands every partition its own deserialized copy of `zero`, so adding in place is safe.
    return records.treeAggregate(zero,
        (sums, record) -> add(sums, record, warmup),
        RidgeStatistics::merge,
        TREE_DEPTH);
  }

  private static RidgeStatistics add(RidgeStatistics sums, LabelledStates record, int warmup) {
    int features = sums.features();
    int outputs = sums.outputs();
    int rows = record.rows();
    if (rows <= warmup) {
      throw new IllegalArgumentException(where(record) + ": expected more than " + warmup
          + " rows (the warm-up), found " + rows);
    }
    if (record.states().length != (long) rows * features
        || record.targets().length != (long) rows * outputs) {
      throw new IllegalArgumentException(where(record) + ": expected " + rows + " × " + features
          + " states and " + rows + " × " + outputs + " targets, found "
          + record.states().length + " and " + record.targets().length + " values");
    }
    try {
      return sums.add(record.states(), record.targets(), rows, warmup);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where(record) + ": " + e.getMessage(), e);
    }
  }

  private static String where(LabelledStates record) {
    return "record '" + record.key() + "'";
  }
}
