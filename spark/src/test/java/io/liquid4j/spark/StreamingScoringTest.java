package io.liquid4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.StreamingSession;
import io.liquid4j.wiring.AutoNcp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Streaming scoring keeps one state per key across micro-batches and across a restart from the
 * checkpoint, giving bit for bit what one StreamingSession per key gives; malformed events fail
 * the query with their key and time stamp.
 */
class StreamingScoringTest {
  private static final int INPUTS = 3;
  private static final double FIRST_DT = 0.5;
  private static final StructType EVENTS = new StructType()
      .add("key", DataTypes.StringType)
      .add("timestamp", DataTypes.DoubleType)
      .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
  private static SparkSession spark;
  private static int queries;
  /** What the running query's foreachBatch has written; the queries run on the driver. */
  private static final List<Row> SINK = Collections.synchronizedList(new ArrayList<>());
  /**
   * Checkpoints of queries made to fail. When one task of a micro-batch fails, Spark aborts the
   * job but lets the batch's other tasks finish, and those still commit state files after the
   * query has stopped. A per-test directory could then not be deleted; this one is deleted after
   * {@link #stopSpark()}, when no task is left.
   */
  @TempDir static Path failedCheckpoints;

  @BeforeAll
  static void startSpark() {
    // LocalSpark's settings, plus no locality wait: a stateful task prefers the executor that
    // holds its state store, and the scheduler would otherwise wait up to 3 s per micro-batch for
    // that slot even in local mode.
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("StreamingScoringTest")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.locality.wait", "0")
        // Two state-store partitions instead of 200: each micro-batch then runs two tasks.
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ltc-autoncp", "cfc-mixed-memory"})
  void stateSurvivesARestartAndEqualsOneSessionPerKey(String kind, @TempDir Path checkpoint)
      throws Exception {
    ModelConfig config = kind.equals("ltc-autoncp")
        ? ModelConfig.ltc(INPUTS, new AutoNcp(10, 2)).build()
        : ModelConfig.cfc(INPUTS, 8).mixedMemory(true).projSize(2).build();
    SequenceModel model = SequenceModel.create(config, 7);
    List<List<Row>> batches = irregularEvents(new String[] {"sensor-a", "sensor-b", "patient-7"},
        3, 5, 11);
    MemoryStream<Row> source = MemoryStream.apply(spark, Encoders.row(EVENTS));

    List<Row> scored = new ArrayList<>();
    SINK.clear();
    // First query: two micro-batches, then stop.
    StreamingQuery first = start(source, model, checkpoint, "scores_before");
    for (List<Row> batch : batches.subList(0, 2)) {
      source.addData(CollectionConverters.asScala(batch).toSeq());
      first.processAllAvailable();
    }
    first.stop();
    scored.addAll(SINK);
    SINK.clear();
    // A new query from the same checkpoint: the keys' states come from the state store.
    StreamingQuery second = start(source, model, checkpoint, "scores_after");
    for (List<Row> batch : batches.subList(2, batches.size())) {
      source.addData(CollectionConverters.asScala(batch).toSeq());
      second.processAllAvailable();
    }
    second.stop();
    List<Row> afterRestart = new ArrayList<>(SINK);
    int fedAfterRestart = batches.subList(2, batches.size()).stream().mapToInt(List::size).sum();
    assertEquals(fedAfterRestart, afterRestart.size(),
        "the second query scores only the events fed after the restart");
    scored.addAll(afterRestart);

    Map<String, List<Row>> byKey = new TreeMap<>();
    for (List<Row> batch : batches) {
      for (Row event : batch) {
        byKey.computeIfAbsent(event.getString(0), k -> new ArrayList<>()).add(event);
      }
    }
    Map<String, List<Row>> outByKey = new TreeMap<>();
    for (Row row : scored) {
      outByKey.computeIfAbsent(row.getString(0), k -> new ArrayList<>()).add(row);
    }
    assertEquals(byKey.keySet(), outByKey.keySet());
    for (Map.Entry<String, List<Row>> entry : byKey.entrySet()) {
      String key = entry.getKey();
      List<Row> events = new ArrayList<>(entry.getValue());
      events.sort(Comparator.comparingDouble(e -> e.getDouble(1)));
      List<Row> outputs = outByKey.get(key);
      outputs.sort(Comparator.comparingDouble(e -> e.getDouble(1)));
      assertEquals(events.size(), outputs.size(), "events of " + key);
      StreamingSession session = model.newSession();
      double last = Double.NaN;
      for (int k = 0; k < events.size(); k++) {
        double t = events.get(k).getDouble(1);
        double[] want = session.step(doubles(events.get(k).getList(2)),
            k == 0 ? FIRST_DT : t - last);
        last = t;
        assertEquals(t, outputs.get(k).getDouble(1), key + " event " + k);
        assertArrayEquals(want, doubles(outputs.get(k).getList(2)), 0, key + " at " + t);
      }
    }
  }

  @Test
  void anEventOlderThanItsKeysLastFailsTheQuery() throws Exception {
    assertQueryFails("event 'sensor-a' at 3.0: expected a timestamp after the key's last 5.0",
        failedCheckpoints.resolve("older-event"), List.of(event("sensor-a", 5.0, 0.1, 0.2, 0.3)),
        List.of(event("sensor-a", 3.0, 0.1, 0.2, 0.3)));
  }

  // The checks below need no state from an earlier micro-batch, so they run the same operator
  // over a static Dataset: a job per case instead of a streaming query's start and stop.

  @Test
  void twoEventsWithTheSameTimestampFailTheJob() {
    assertBatchFails("event 'sensor-b' at 2.0: expected a timestamp after the key's last 2.0",
        event("sensor-b", 2.0, 0.1, 0.2, 0.3), event("sensor-b", 2.0, 0.4, 0.5, 0.6));
  }

  @Test
  void aNaNFeatureFailsTheJob() {
    assertBatchFails("event 'acct-9' at 1.5: feature 1 expected a finite number, found NaN",
        event("acct-9", 1.5, 0.1, Double.NaN, 0.3));
  }

  @Test
  void aWrongFeatureCountFailsTheJob() {
    assertBatchFails("event 'acct-9' at 4.25: expected 3 features, found 2",
        event("acct-9", 4.25, 0.1, 0.2));
  }

  @Test
  void aNaNTimestampFailsTheJob() {
    assertBatchFails("event 'acct-3' at NaN: expected a finite timestamp, found NaN",
        event("acct-3", Double.NaN, 0.1, 0.2, 0.3));
  }

  @Test
  void aStaticDatasetIsScoredLikeOneSession() {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(INPUTS, 4).build(), 3);
    List<Row> events = List.of(event("k", 3.0, 0.3, 0.2, 0.1), event("k", 1.0, 0.1, 0.2, 0.3));
    List<Row> scored = StreamingScoring.score(spark.createDataFrame(events, EVENTS), model,
        FIRST_DT).collectAsList();
    StreamingSession session = model.newSession();
    double[] first = session.step(new double[] {0.1, 0.2, 0.3}, FIRST_DT);
    double[] second = session.step(new double[] {0.3, 0.2, 0.1}, 2.0);
    assertEquals(2, scored.size());
    assertEquals(1.0, scored.get(0).getDouble(1));
    assertArrayEquals(first, doubles(scored.get(0).getList(2)), 0);
    assertArrayEquals(second, doubles(scored.get(1).getList(2)), 0);
  }

  private static void assertBatchFails(String expected, Row... events) {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(INPUTS, 4).build(), 3);
    LocalSpark.assertJobFails(expected, () -> StreamingScoring.score(
        spark.createDataFrame(List.of(events), EVENTS), model, FIRST_DT).collectAsList());
  }

  @Test
  void aNonPositiveFirstTimespanIsRefused() {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(INPUTS, 4).build(), 1);
    MemoryStream<Row> source = MemoryStream.apply(spark, Encoders.row(EVENTS));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StreamingScoring.score(source.toDF(), model, 0.0));
    assertEquals("first timespan: expected a positive finite number, found 0.0", e.getMessage());
  }

  /** Feeds the batches one micro-batch each; the last must fail with {@code expected}. */
  @SafeVarargs
  private static void assertQueryFails(String expected, Path checkpoint, List<Row>... batches)
      throws TimeoutException {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(INPUTS, 4).build(), 3);
    MemoryStream<Row> source = MemoryStream.apply(spark, Encoders.row(EVENTS));
    StreamingQuery query = start(source, model, checkpoint, "failing" + queries);
    try {
      for (int b = 0; b < batches.length - 1; b++) {
        source.addData(CollectionConverters.asScala(batches[b]).toSeq());
        query.processAllAvailable();
      }
      source.addData(CollectionConverters.asScala(batches[batches.length - 1]).toSeq());
      StreamingQueryException e =
          assertThrows(StreamingQueryException.class, query::processAllAvailable);
      StringBuilder messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append('\n');
      }
      assertTrue(messages.toString().contains(expected),
          "expected the failure to mention \"" + expected + "\", found: " + messages);
    } finally {
      query.stop();
      awaitNoRunningTasks();
    }
  }

  /** Waits for the failed batch's other tasks, so that none outlives its test. */
  private static void awaitNoRunningTasks() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean idle = true;
      for (var executor : spark.sparkContext().statusTracker().getExecutorInfos()) {
        idle &= executor.numRunningTasks() == 0;
      }
      if (idle) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("tasks of the failed micro-batch still run after 60 s");
  }

  private static StreamingQuery start(MemoryStream<Row> source, SequenceModel model,
      Path checkpoint, String name) throws TimeoutException {
    queries++;
    return StreamingScoring.score(source.toDF(), model, FIRST_DT)
        .writeStream()
        .queryName(name)
        .outputMode("append")
        // The memory sink cannot restart from a checkpoint; foreachBatch can.
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) ->
            SINK.addAll(batch.collectAsList()))
        .option("checkpointLocation", checkpoint.toString())
        .start();
  }

  /**
   * {@code batches} micro-batches of events for each key, at irregular gaps, each batch shuffled
   * so the operator has to sort a key's events by time.
   */
  private static List<List<Row>> irregularEvents(String[] keys, int batches, int perBatch,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] clock = new double[keys.length];
    for (int k = 0; k < keys.length; k++) {
      clock[k] = 1000 * k + random.nextDouble(10);
    }
    List<List<Row>> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<Row> batch = new ArrayList<>();
      for (int k = 0; k < keys.length; k++) {
        int count = perBatch + random.nextInt(3) - k; // keys differ in events per batch
        for (int e = 0; e < count; e++) {
          clock[k] += 0.05 + random.nextDouble(3); // irregular gaps
          batch.add(event(keys[k], clock[k], random.nextDouble(-1, 1), random.nextDouble(-1, 1),
              random.nextDouble(-1, 1)));
        }
      }
      Collections.shuffle(batch, new java.util.Random(seed + b));
      out.add(batch);
    }
    return out;
  }

  private static Row event(String key, double t, double... features) {
    List<Double> list = new ArrayList<>();
    for (double f : features) {
      list.add(f);
    }
    return RowFactory.create(key, t, CollectionConverters.asScala(list).toSeq());
  }

  private static double[] doubles(List<Object> list) {
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }
}
