package io.liquid4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.liquid4j.data.Standardizer;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.Preprocessing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw records scored on Spark through a {@link Predictor} (a model file with its preprocessing)
 * equal {@link Predictor#predict} and {@link Predictor.Session} on one machine, bit for bit.
 */
class PredictorScoringTest {
  private static final double[] MEAN = {21, 27, 500};
  private static final double[] STD = {0.5, 0.4, 80};
  private static final StructType EVENTS = new StructType()
      .add("key", DataTypes.StringType)
      .add("timestamp", DataTypes.DoubleType)
      .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("PredictorScoringTest")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** A per-step regression model on raw sensor units, trained with elapsed times. */
  static Predictor regression() {
    SequenceModel model = SequenceModel.create(
        ModelConfig.cfc(3, 6).backbone(8, 1, 0.0).projSize(2).build(), 4);
    return Predictor.of(model, Preprocessing.builder()
        .features(List.of("temperature", "humidity", "co2"))
        .inputScaling(Standardizer.of(MEAN, STD))
        .regression(List.of("power", "flow"))
        .targetScaling(Standardizer.of(new double[] {1000, 2}, new double[] {50, 0.1}))
        .perStep(true)
        .timespans(Preprocessing.Timespans.GIVEN)
        .build());
  }

  /** A last-step classifier trained with Δt = 1. */
  static Predictor classifier() {
    SequenceModel model = SequenceModel.create(
        ModelConfig.ltc(3, 5).projSize(2).returnSequences(false).build(), 5);
    return Predictor.of(model, Preprocessing.builder()
        .features(List.of("temperature", "humidity", "co2"))
        .inputScaling(Standardizer.of(MEAN, STD))
        .classification(List.of("empty", "occupied"))
        .perStep(false)
        .build());
  }

  static double[] raw(int t, int s) {
    return new double[] {
      MEAN[0] + STD[0] * Math.sin(0.4 * t + s),
      MEAN[1] + STD[1] * Math.cos(0.3 * t - s),
      MEAN[2] + STD[2] * Math.sin(0.2 * t * s)
    };
  }

  static List<Sequence> sequences() {
    List<Sequence> out = new ArrayList<>();
    for (int s = 0; s < 7; s++) {
      int length = 4 + 2 * s;
      double[][] x = new double[length][];
      double[] stamps = new double[length];
      for (int t = 0; t < length; t++) {
        x[t] = raw(t, s);
        stamps[t] = 50 + 0.6 * t + 0.1 * ((t * 3 + s) % 5);
      }
      out.add(new Sequence("seq-" + s, x, stamps));
    }
    return out;
  }

  static double[] flat(double[][] x) {
    double[] out = new double[x.length * x[0].length];
    for (int t = 0; t < x.length; t++) {
      System.arraycopy(x[t], 0, out, t * x[t].length, x[t].length);
    }
    return out;
  }

  @Test
  void rawSequencesScoredThroughAPredictorEqualPredictOnOneMachine() {
    double first = 0.7;
    for (Predictor predictor : List.of(regression(), classifier())) {
      boolean timed = predictor.preprocessing().orElseThrow().timespans()
          != Preprocessing.Timespans.NONE;
      List<Sequence> sequences = sequences();
      List<Prediction> scored =
          BatchScoring.predict(sc.parallelize(sequences, 3), predictor, first).collect();
      assertEquals(sequences.size(), scored.size());
      for (int s = 0; s < sequences.size(); s++) {
        Sequence seq = sequences.get(s);
        int length = seq.length();
        double[] dt = null;
        if (timed) {
          dt = new double[length];
          dt[0] = first;
          for (int t = 1; t < length; t++) {
            dt[t] = seq.timestamps()[t] - seq.timestamps()[t - 1];
          }
        }
        double[] expected = predictor.predict(flat(seq.inputs()), 1, length, dt, null).outputs();
        double[] got = flat(scored.get(s).outputs());
        assertEquals(seq.key(), scored.get(s).key());
        assertArrayEquals(expected, got, 0, seq.key());
        // the stored preprocessing was applied: the bare model on the raw values differs
        double[] bare = predictor.model().forward(flat(seq.inputs()), 1, length, dt, null)
            .outputs();
        assertFalse(Arrays.equals(bare, got), seq.key());
      }
    }
  }

  @Test
  void aSequenceWithoutTimeStampsFailsForAModelTrainedWithElapsedTimes() {
    Sequence untimed = new Sequence("no-clock", new double[][] {raw(0, 1), raw(1, 1)}, null);
    LocalSpark.assertJobFails("sequence 'no-clock': expected time stamps",
        () -> BatchScoring.predict(sc.parallelize(List.of(untimed), 1), regression(), 1.0)
            .collect());
  }

  @Test
  void rawEventsStreamedThroughAPredictorEqualOneSessionPerKey() {
    Predictor predictor = regression();
    double first = 0.5;
    List<Row> events = new ArrayList<>();
    double[][] stamps = {{1.0, 1.4, 3.0, 3.2}, {0.5, 2.5, 2.75}};
    for (int k = 0; k < stamps.length; k++) {
      for (int t = stamps[k].length - 1; t >= 0; t--) { // out of order: the operator sorts
        double[] x = raw(t, k);
        events.add(RowFactory.create("key-" + k, stamps[k][t],
            Arrays.asList(x[0], x[1], x[2])));
      }
    }
    List<Row> scored = StreamingScoring.score(spark.createDataFrame(events, EVENTS), predictor,
        first).collectAsList();
    assertEquals(events.size(), scored.size());
    for (int k = 0; k < stamps.length; k++) {
      Predictor.Session session = predictor.newSession();
      for (int t = 0; t < stamps[k].length; t++) {
        double dt = t == 0 ? first : stamps[k][t] - stamps[k][t - 1];
        double[] expected = session.step(raw(t, k), dt);
        Row row = find(scored, "key-" + k, stamps[k][t]);
        List<Double> outputs = row.getList(2);
        double[] got = outputs.stream().mapToDouble(Double::doubleValue).toArray();
        assertArrayEquals(expected, got, 0, "key-" + k + " at " + stamps[k][t]);
      }
    }
  }

  private static Row find(List<Row> rows, String key, double timestamp) {
    for (Row r : rows) {
      if (r.getString(0).equals(key) && r.getDouble(1) == timestamp) {
        return r;
      }
    }
    throw new AssertionError("no output row for " + key + " at " + timestamp);
  }
}
