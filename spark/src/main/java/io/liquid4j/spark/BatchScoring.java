package io.liquid4j.spark;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs a {@link SequenceModel} over an RDD of {@link Sequence}s. The model travels once, as the
 * bytes of its model file ({@link ModelFile#toBytes}: the configuration and float64 parameters,
 * so the copy is bit-exact) in a broadcast, and is rebuilt once per partition; each sequence then
 * runs as {@code model.forward} with a batch of one, so a prediction equals what the model gives
 * the same sequence on one machine, bit for bit.
 *
 * <pre>{@code
 * SequenceModel model = ModelFile.load(Path.of("occupancy.model"));
 * JavaRDD<Sequence> sequences = sc.parallelize(List.of(
 *     new Sequence("room-1", new double[][] {{21.5, 27.2, 0, 700, 0.0045}}, null)));
 * List<Prediction> predictions = BatchScoring.predict(sequences, model).collect();
 * }</pre>
 */
public final class BatchScoring {
  private BatchScoring() {}

  /**
   * Predicts every sequence; a sequence with time stamps gets Δt = 1 for its first step.
   *
   * @see #predict(JavaRDD, SequenceModel, double)
   */
  public static JavaRDD<Prediction> predict(JavaRDD<Sequence> sequences, SequenceModel model) {
    return predict(sequences, model, 1.0);
  }

  /**
   * Predicts every sequence, lazily (as any RDD transformation: nothing runs until an action).
   *
   * @param firstTimespan Δt of the first step of a sequence with time stamps, which has no
   *     previous observation (CSV windows use the median Δt of the file); &gt; 0
   * @return one {@link Prediction} per sequence, in the order and partitions of {@code sequences}.
   *     A malformed sequence — an empty one, a step with the wrong number of features, a
   *     non-finite value, time stamps of the wrong count or not strictly increasing — fails the
   *     job with an {@link IllegalArgumentException} naming the sequence's key and step.
   */
  public static JavaRDD<Prediction> predict(JavaRDD<Sequence> sequences, SequenceModel model,
      double firstTimespan) {
    if (!(firstTimespan > 0) || !Double.isFinite(firstTimespan)) {
      throw new IllegalArgumentException(
          "first timespan: expected a positive finite number, found " + firstTimespan);
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(sequences.context());
    Broadcast<byte[]> modelBytes = context.broadcast(ModelFile.toBytes(model));
    return sequences.mapPartitions(partition -> {
      // One rebuild per partition: parsing the bytes is cheap next to running the sequences,
      // and a SequenceModel is immutable, so the partition's tasks need nothing more.
      SequenceModel local = rebuild(modelBytes.value());
      List<Prediction> out = new ArrayList<>();
      while (partition.hasNext()) {
        out.add(predictOne(local, partition.next(), firstTimespan));
      }
      return out.iterator();
    });
  }

  private static SequenceModel rebuild(byte[] bytes) {
    try {
      return ModelFile.fromBytes(bytes, "broadcast model");
    } catch (FileFormatException e) {
      // The bytes came from ModelFile.toBytes on the driver; failing here means they were damaged.
      throw new IllegalStateException("broadcast model could not be read back: " + e.getMessage(),
          e);
    }
  }

  /** Checks one sequence and runs it as a batch of one. */
  static Prediction predictOne(SequenceModel model, Sequence sequence, double firstTimespan) {
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
    SequenceOutput y = model.forward(x, 1, length, timespans, null);
    int o = model.outputSize();
    int rows = y.outputs().length / o;
    double[][] outputs = new double[rows][];
    for (int r = 0; r < rows; r++) {
      outputs[r] = Arrays.copyOfRange(y.outputs(), r * o, (r + 1) * o);
    }
    return new Prediction(sequence.key(), outputs);
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
