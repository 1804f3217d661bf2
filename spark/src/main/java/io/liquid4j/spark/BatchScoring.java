package io.liquid4j.spark;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.Preprocessing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs a {@link SequenceModel} over an RDD of {@link Sequence}s. The model travels once, as the
 * bytes of its model file ({@link io.liquid4j.io.ModelFile#toBytes}: the configuration and
 * float64 parameters, so the copy is bit-exact) in a broadcast, and is rebuilt once per
 * partition; each sequence then runs as {@code model.forward} with a batch of one, so a
 * prediction equals what the model gives the same sequence on one machine, bit for bit.
 *
 * <pre>{@code
 * SequenceModel model = ModelFile.load(Path.of("occupancy.model"));
 * JavaRDD<Sequence> sequences = sc.parallelize(List.of(
 *     new Sequence("room-1", new double[][] {{21.5, 27.2, 0, 700, 0.0045}}, null)));
 * List<Prediction> predictions = BatchScoring.predict(sequences, model).collect();
 * }</pre>
 *
 * <p>A model trained on raw data ({@code liquid4j train}, {@link
 * io.liquid4j.predict.ModelTraining}) is scored through its {@link Predictor}: the sequences hold
 * raw observations, which are scaled with the stored preprocessing, and the outputs come back in
 * the user's units (regression targets un-scaled), equal to {@link Predictor#predict} on one
 * machine.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.load(Path.of("occupancy.model"));
 * List<Prediction> predictions = BatchScoring.predict(rawSequences, predictor, 60.0).collect();
 * }</pre>
 *
 * <p>Stateless: the methods may be called from several driver threads at once. Each call
 * broadcasts one {@code byte[]}, the model file's bytes, and serialises into every task a closure
 * holding only that broadcast's handle and the first time span; each partition rebuilds its own
 * {@link Predictor} from the bytes and uses it on the partition's one thread. The broadcast is not
 * destroyed: Spark removes it once the returned RDD is no longer referenced.
 */
public final class BatchScoring {
  private BatchScoring() {}

  /**
   * Predicts every sequence, lazily; a sequence with time stamps gets Δt = 1 for its first step.
   *
   * @param sequences the sequences to score, each as wide as the model's input
   * @param model the model; the bytes of its model file are broadcast
   * @return one {@link Prediction} per sequence, in the order and partitions of {@code
   *     sequences}; malformed sequences fail the job as in {@link #predict(JavaRDD, SequenceModel,
   *     double)}
   * @see #predict(JavaRDD, SequenceModel, double)
   */
  public static JavaRDD<Prediction> predict(JavaRDD<Sequence> sequences, SequenceModel model) {
    return predict(sequences, model, 1.0);
  }

  /**
   * Predicts every sequence, lazily (as any RDD transformation: nothing runs until an action).
   *
   * @param sequences the sequences to score, each as wide as the model's input
   * @param model the model; the bytes of its model file are broadcast
   * @param firstTimespan Δt of the first step of a sequence with time stamps, which has no
   *     previous observation (CSV windows use the median Δt of the file); &gt; 0
   * @return one {@link Prediction} per sequence, in the order and partitions of {@code sequences}.
   *     A malformed sequence — an empty one, a step with the wrong number of features, a
   *     non-finite value, time stamps of the wrong count or not strictly increasing — fails the
   *     job with an {@link IllegalArgumentException} naming the sequence's key and step.
   * @throws IllegalArgumentException if {@code firstTimespan} is not a positive finite number
   */
  public static JavaRDD<Prediction> predict(JavaRDD<Sequence> sequences, SequenceModel model,
      double firstTimespan) {
    return predict(sequences, Predictor.of(model), firstTimespan);
  }

  /**
   * Predicts every sequence of raw observations through a model with its preprocessing, lazily.
   * The predictor travels as the bytes of its model file (with the preprocessing) and is rebuilt
   * once per partition. A model trained with Δt = 1 ({@link Preprocessing.Timespans#NONE}) runs
   * every step with Δt = 1 whatever the time stamps; a model trained with elapsed times needs
   * them, so a sequence without time stamps fails the job with its key.
   *
   * @param sequences the sequences of raw observations to score
   * @param predictor the model and its preprocessing (none: as {@link #predict(JavaRDD,
   *     SequenceModel, double)})
   * @param firstTimespan Δt of the first step of a sequence with time stamps; &gt; 0
   * @return one {@link Prediction} per sequence, in the user's units, in the order and partitions
   *     of {@code sequences}; malformed sequences fail the job as in {@link #predict(JavaRDD,
   *     SequenceModel, double)}
   * @throws IllegalArgumentException if {@code firstTimespan} is not a positive finite number
   */
  public static JavaRDD<Prediction> predict(JavaRDD<Sequence> sequences, Predictor predictor,
      double firstTimespan) {
    if (!(firstTimespan > 0) || !Double.isFinite(firstTimespan)) {
      throw new IllegalArgumentException(
          "first timespan: expected a positive finite number, found " + firstTimespan);
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(sequences.context());
    Broadcast<byte[]> modelBytes = context.broadcast(predictor.toBytes());
    return sequences.mapPartitions(partition -> {
      // One rebuild per partition: parsing the bytes is cheap next to running the sequences,
      // and a Predictor is immutable, so the partition's tasks need nothing more.
      Predictor local = rebuild(modelBytes.value());
      List<Prediction> out = new ArrayList<>();
      while (partition.hasNext()) {
        out.add(predictOne(local, partition.next(), firstTimespan));
      }
      return out.iterator();
    });
  }

  static Predictor rebuild(byte[] bytes) {
    try {
      return Predictor.fromBytes(bytes, "broadcast model");
    } catch (FileFormatException e) {
      // The bytes came from Predictor.toBytes on the driver; failing here means they were damaged.
      throw new IllegalStateException("broadcast model could not be read back: " + e.getMessage(),
          e);
    }
  }

  /** Checks one sequence and runs it as a batch of one. */
  static Prediction predictOne(Predictor predictor, Sequence sequence, double firstTimespan) {
    SequenceModel model = predictor.model();
    int length = sequence.length();
    int features = model.inputSize();
    String where = "sequence '" + sequence.key() + "'";
    if (length == 0) {
      throw new IllegalArgumentException(where + ": expected at least one step, found none");
    }
    double[] x = new double[length * features];
    for (int t = 0; t < length; t++) {
      double[] step = sequence.inputs()[t];
      if (step == null || step.length != features) {
        throw new IllegalArgumentException(where + ": step " + t + " expected " + features
            + " features, found " + (step == null ? "null" : String.valueOf(step.length)));
      }
      for (int s = 0; s < features; s++) {
        if (!Double.isFinite(step[s])) {
          throw new IllegalArgumentException(where + ": step " + t + " feature " + s
              + " expected a finite number, found " + step[s]);
        }
      }
      System.arraycopy(step, 0, x, t * features, features);
    }
    double[] timespans = timespans(sequence, where, firstTimespan);
    if (!trainedWithTimespans(predictor)) {
      timespans = null;
    } else if (timespans == null && predictor.preprocessing().isPresent()) {
      throw new IllegalArgumentException(where + ": expected time stamps (the model was trained"
          + " with elapsed times), found none");
    }
    double[] y = predictor.predict(x, 1, length, timespans, null).outputs();
    int o = model.outputSize();
    int rows = y.length / o;
    double[][] outputs = new double[rows][];
    for (int r = 0; r < rows; r++) {
      outputs[r] = Arrays.copyOfRange(y, r * o, (r + 1) * o);
    }
    return new Prediction(sequence.key(), outputs);
  }

  /** Whether the model takes elapsed times: always without preprocessing (as before). */
  static boolean trainedWithTimespans(Predictor predictor) {
    return predictor.preprocessing()
        .map(p -> p.timespans() != Preprocessing.Timespans.NONE)
        .orElse(true);
  }

  private static double[] timespans(Sequence sequence, String where, double firstTimespan) {
    double[] stamps = sequence.timestamps();
    if (stamps == null) {
      return null;
    }
    int length = sequence.length();
    if (stamps.length != length) {
      throw new IllegalArgumentException(where + ": expected " + length
          + " timestamps (one per step), found " + stamps.length);
    }
    double[] dt = new double[length];
    dt[0] = firstTimespan;
    for (int t = 0; t < length; t++) {
      if (!Double.isFinite(stamps[t])) {
        throw new IllegalArgumentException(where + ": timestamp " + t
            + " expected a finite number, found " + stamps[t]);
      }
      if (t > 0) {
        dt[t] = stamps[t] - stamps[t - 1];
        if (!(dt[t] > 0) || !Double.isFinite(dt[t])) {
          throw new IllegalArgumentException(where + ": timestamps expected to increase strictly, "
              + "found " + stamps[t] + " at step " + t + " after " + stamps[t - 1]);
        }
      }
    }
    return dt;
  }
}
