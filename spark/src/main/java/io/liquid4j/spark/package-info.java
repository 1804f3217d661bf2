/**
 * liquid4j on Apache Spark: what needs a cluster, as a few lines around {@code treeAggregate} and
 * a broadcast.
 *
 * <ul>
 *   <li>{@link io.liquid4j.spark.DistributedRidge}: the exact ridge readout of states spread over
 *       a cluster — each partition sums its rows into a {@link
 *       io.liquid4j.reservoir.RidgeStatistics}, the sums are merged in a tree and solved once on
 *       the driver.
 *   <li>{@link io.liquid4j.spark.BatchScoring}: a {@link io.liquid4j.model.SequenceModel} run over
 *       an RDD of {@link io.liquid4j.spark.Sequence}s, the model shipped once as the bytes of its
 *       model file.
 *   <li>{@link io.liquid4j.spark.DistributedTrainer}: synchronous data-parallel training — per
 *       step the partitions sum their part of the batch's gradient ({@link
 *       io.liquid4j.train.GradientSum}) and the driver takes the optimizer step, giving
 *       single-machine training's weights up to the order of the sums.
 *   <li>{@link io.liquid4j.spark.Sweep}: many single-machine training runs (a grid or a seeded
 *       random search), one task each, collected into a table.
 *   <li>{@link io.liquid4j.spark.StreamingScoring}: a Structured Streaming source of irregular
 *       events scored with one liquid state per key, kept in Spark's state store (needs {@code
 *       spark-sql_2.13}).
 * </ul>
 *
 * <p>Spark is a {@code provided} dependency (spark-core_2.13 4.1.x, the first line that runs on
 * both JDK 17 and JDK 25): the cluster brings it. A malformed record fails the job with an
 * {@link IllegalArgumentException} naming the record's key, which Spark reports in the {@code
 * SparkException} that {@code collect} and friends throw on the driver.
 */
package io.liquid4j.spark;
