package io.liquid4j.spark;

import static org.apache.spark.sql.functions.col;

import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Predictor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a Structured Streaming source of irregular events with one liquid state per key (sensor,
 * account, patient): each event advances its key's state by one step with its own elapsed time
 * Δt = t − (the key's previous t), exactly as a {@link io.liquid4j.model.StreamingSession}
 * stepped over the key's events one at a time. The per-key state (h, the memory c when the model
 * has one, and the last time stamp) lives in Spark's state store through {@code
 * flatMapGroupsWithState}, so it survives a restart of the query from the same checkpoint
 * location. The model travels once, as the bytes of its model file, in a broadcast.
 *
 * <p>Input columns: {@code key} (cast to string), {@code timestamp} (cast to double; a Spark
 * {@code TIMESTAMP} column becomes epoch seconds), {@code features} (cast to array&lt;double&gt;,
 * the model's input size wide); other columns are ignored. Output columns: {@code key}, {@code
 * timestamp}, {@code outputs} (array&lt;double&gt;, the model's output size wide), one row per
 * event, in append mode. Within a micro-batch a key's events are stepped in time-stamp order. An
 * event at or before its key's last time stamp, a non-finite or missing value or a wrong feature
 * count fails the query with an {@link IllegalArgumentException} naming the key and time stamp;
 * the failed micro-batch's state is not committed.
 *
 * <pre>{@code
 * SequenceModel model = ModelFile.load(Path.of("occupancy.model"));
 * Dataset<Row> events = spark.readStream().schema(
 *         "key STRING, timestamp DOUBLE, features ARRAY<DOUBLE>")
 *     .json("/data/incoming");
 * StreamingQuery query = StreamingScoring.score(events, model, 1.0)
 *     .writeStream()
 *     .outputMode("append")                      // the only mode the operator supports
 *     .option("checkpointLocation", "/data/checkpoints/occupancy")
 *     .format("parquet").option("path", "/data/scores")
 *     .start();
 * }</pre>
 *
 * <p>A model trained on raw data is scored through its {@link Predictor} ({@link #score(Dataset,
 * Predictor, double)}): the events' features are raw, scaled with the stored preprocessing, and
 * the outputs are in the user's units, equal to a {@link Predictor.Session} stepped over the key's
 * events. A model trained with Δt = 1 is stepped with Δt = 1 (the time stamps then only order the
 * events).
 *
 * <p>Set {@code spark.sql.shuffle.partitions} before the first start: it fixes the number of
 * state-store partitions for the life of the checkpoint, and the default 200 is a lot for a small
 * stream.
 *
 * <p>Stateless: {@link #score} may be called from several driver threads at once. Each call
 * broadcasts one {@code byte[]}, the model file's bytes, and serialises into the query's tasks a
 * stepping function that holds only that broadcast's handle and the first time span; each task
 * rebuilds its own {@link Predictor} from the bytes on first use and steps its keys one after the
 * other on its own thread, with a fresh session per key and micro-batch. What persists between
 * micro-batches is only each key's {@link KeyState}, in the state store.
 */
public final class StreamingScoring {
  private StreamingScoring() {}

  /** Schema of the rows {@link #score} emits: key, timestamp, outputs. */
  public static final StructType OUTPUT_SCHEMA = new StructType()
      .add("key", DataTypes.StringType, false)
      .add("timestamp", DataTypes.DoubleType, false)
      .add("outputs", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  /**
   * The state kept per key between micro-batches, as a Java bean so that Spark's state store
   * keeps it as plain columns (array&lt;double&gt; h and c, double lastTimestamp): a checkpoint
   * stays readable across liquid4j versions as long as the model keeps its state size.
   *
   * <p>Mutable and not thread-safe: Spark's bean encoder creates and fills one per key when it
   * reads the state store, and the scoring function replaces it with a new one after each
   * micro-batch of the key. The getters and setters keep and return the arrays themselves, not
   * copies.
   */
  public static final class KeyState implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The hidden state h, the model's state size N wide. */
    private double[] h;
    /** The LSTM memory c, N wide, or null when the model has no mixed memory. */
    private double[] c;
    /** Time stamp of the key's last event. */
    private double lastTimestamp;

    /** An empty state; Spark's bean encoder needs it. */
    public KeyState() {}

    KeyState(ModelState state, double lastTimestamp) {
      this.h = state.h();
      this.c = state.c();
      this.lastTimestamp = lastTimestamp;
    }

    /**
     * The hidden state h.
     *
     * @return h, the model's state size N wide; the array itself, not a copy
     */
    public double[] getH() {
      return h;
    }

    /**
     * Sets the hidden state h; Spark's bean encoder calls it when reading the state store.
     *
     * @param h the model's state size N wide; kept, not copied
     */
    public void setH(double[] h) {
      this.h = h;
    }

    /**
     * The LSTM memory c.
     *
     * @return c, N wide, or null when the model has no mixed memory; the array itself, not a copy
     */
    public double[] getC() {
      return c;
    }

    /**
     * Sets the LSTM memory c; Spark's bean encoder calls it when reading the state store.
     *
     * @param c N wide, or null when the model has no mixed memory; kept, not copied
     */
    public void setC(double[] c) {
      this.c = c;
    }

    /**
     * Time stamp of the key's last event.
     *
     * @return the last event's {@code timestamp} column, as a double
     */
    public double getLastTimestamp() {
      return lastTimestamp;
    }

    /**
     * Sets the time stamp of the key's last event; Spark's bean encoder calls it.
     *
     * @param lastTimestamp the last event's {@code timestamp} column, as a double
     */
    public void setLastTimestamp(double lastTimestamp) {
      this.lastTimestamp = lastTimestamp;
    }
  }

  /**
   * Scores a streaming (or, for testing, a static) Dataset of events; see the class comment for
   * the columns.
   *
   * @param events rows with {@code key}, {@code timestamp} and {@code features} columns
   * @param model the model; its bytes are broadcast once
   * @param firstTimespan Δt of a key's first event, which has no previous one; &gt; 0
   * @return rows of {@link #OUTPUT_SCHEMA}, one per event; write them in append mode
   * @throws IllegalArgumentException if {@code firstTimespan} is not a positive finite number
   */
  public static Dataset<Row> score(Dataset<Row> events, SequenceModel model,
      double firstTimespan) {
    return score(events, Predictor.of(model), firstTimespan);
  }

  /**
   * Scores a Dataset of raw events through a model with its preprocessing; see the class comment.
   *
   * @param events rows with {@code key}, {@code timestamp} and {@code features} (raw) columns
   * @param predictor the model and its preprocessing; the bytes of its model file are broadcast
   * @param firstTimespan Δt of a key's first event, which has no previous one; &gt; 0
   * @return rows of {@link #OUTPUT_SCHEMA}, outputs in the user's units; write them in append mode
   * @throws IllegalArgumentException if {@code firstTimespan} is not a positive finite number
   */
  public static Dataset<Row> score(Dataset<Row> events, Predictor predictor,
      double firstTimespan) {
    if (!(firstTimespan > 0) || !Double.isFinite(firstTimespan)) {
      throw new IllegalArgumentException(
          "first timespan: expected a positive finite number, found " + firstTimespan);
    }
    JavaSparkContext context =
        JavaSparkContext.fromSparkContext(events.sparkSession().sparkContext());
    Broadcast<byte[]> modelBytes = context.broadcast(predictor.toBytes());
    // Casting here lets a source keep its own types (a TIMESTAMP, float features) and pins the
    // column order the stepper reads by index.
    Dataset<Row> normalised = events.select(
        col("key").cast(DataTypes.StringType).as("key"),
        col("timestamp").cast(DataTypes.DoubleType).as("timestamp"),
        col("features").cast(DataTypes.createArrayType(DataTypes.DoubleType)).as("features"));
    Encoder<KeyState> stateEncoder = Encoders.bean(KeyState.class);
    return normalised
        .groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING())
        .flatMapGroupsWithState(new Stepper(modelBytes, firstTimespan), OutputMode.Append(),
            stateEncoder, Encoders.row(OUTPUT_SCHEMA), GroupStateTimeout.NoTimeout());
  }

  /** One key's events of one micro-batch: restore, step in time order, save. */
  private static final class Stepper
      implements FlatMapGroupsWithStateFunction<String, Row, KeyState, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> modelBytes;
    private final double firstTimespan;
    // Each task deserialises its own Stepper, so this is one rebuild per task, not per key.
    private transient Predictor predictor;
    private transient SequenceModel model;

    Stepper(Broadcast<byte[]> modelBytes, double firstTimespan) {
      this.modelBytes = modelBytes;
      this.firstTimespan = firstTimespan;
    }

    @Override
    public Iterator<Row> call(String key, Iterator<Row> values, GroupState<KeyState> state) {
      if (predictor == null) {
        predictor = BatchScoring.rebuild(modelBytes.value());
        model = predictor.model();
      }
      boolean timed = BatchScoring.trainedWithTimespans(predictor);
      List<Row> events = new ArrayList<>();
      values.forEachRemaining(events::add);
      for (Row event : events) {
        if (key == null || event.isNullAt(1)) {
          throw new IllegalArgumentException("event '" + key + "' at "
              + (event.isNullAt(1) ? "null" : event.getDouble(1))
              + ": expected a key and a timestamp, found null");
        }
      }
      // A stable sort: two events with the same time stamp keep their order and then fail the
      // strictly-increasing check below, rather than being silently stepped with Δt = 0.
      events.sort(Comparator.comparingDouble(event -> event.getDouble(1)));

      Predictor.Session session = predictor.newSession();
      double last = Double.NaN;
      if (state.exists()) {
        KeyState saved = state.get();
        session.restore(new ModelState(1, model.stateSize(), saved.getH(), saved.getC()));
        last = saved.getLastTimestamp();
      }
      List<Row> out = new ArrayList<>(events.size());
      for (Row event : events) {
        double t = event.getDouble(1);
        double[] x = features(key, t, event);
        double dt = Double.isNaN(last) ? firstTimespan : t - last;
        if (!Double.isFinite(t) || !(dt > 0) || !Double.isFinite(dt)) {
          throw new IllegalArgumentException("event '" + key + "' at " + t + ": expected a "
              + (Double.isNaN(last) ? "finite timestamp" : "timestamp after the key's last " + last)
              + ", found " + t);
        }
        out.add(RowFactory.create(key, t, timed ? session.step(x, dt) : session.step(x)));
        last = t;
      }
      if (!events.isEmpty()) {
        state.update(new KeyState(session.state(), last));
      }
      return out.iterator();
    }

    private double[] features(String key, double t, Row event) {
      int expected = model.inputSize();
      List<Double> list = event.isNullAt(2) ? null : event.getList(2);
      if (list == null || list.size() != expected) {
        throw new IllegalArgumentException("event '" + key + "' at " + t + ": expected "
            + expected + " features, found " + (list == null ? "null" : list.size()));
      }
      double[] x = new double[expected];
      for (int i = 0; i < expected; i++) {
        Double v = list.get(i);
        if (v == null || !Double.isFinite(v)) {
          throw new IllegalArgumentException("event '" + key + "' at " + t + ": feature " + i
              + " expected a finite number, found " + v);
        }
        x[i] = v;
      }
      return x;
    }
  }
}
