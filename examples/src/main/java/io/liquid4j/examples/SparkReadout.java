package io.liquid4j.examples;

import io.liquid4j.io.ModelFile;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.reservoir.Readout;
import io.liquid4j.reservoir.Reservoir;
import io.liquid4j.spark.BatchScoring;
import io.liquid4j.spark.DistributedRidge;
import io.liquid4j.spark.LabelledStates;
import io.liquid4j.spark.Prediction;
import io.liquid4j.spark.Sequence;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

public class SparkReadout {
  record Series(String id, double[] inputs, double[] targets) implements Serializable {}

  public static void main(String[] args) throws IOException {
    // spark-submit gives the master; run on its own, the program uses two local threads.
    SparkConf conf = new SparkConf().setAppName("liquid4j").setIfMissing("spark.master", "local[2]")
        .set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      JavaRDD<Series> data = sc.parallelize(series(8, 400), 2);    // one record per sequence
      JavaRDD<LabelledStates> records = data.mapPartitions(part -> {
        // The seed fixes every matrix, so each partition rebuilds the same reservoir instead of
        // shipping it.
        Reservoir liquid = Reservoir.builder(500).spectralRadius(0.9).connectivity(0.1).seed(42)
            .build(1);
        List<LabelledStates> out = new ArrayList<>();
        part.forEachRemaining(s -> out.add(new LabelledStates(s.id(), s.inputs().length,
            liquid.newSession().run(s.inputs(), s.inputs().length), s.targets())));
        return out.iterator();
      });
      Readout readout = DistributedRidge.fit(records, 500, 1, 1e-6, 100);  // 100 warm-up steps each

      SequenceModel model = ModelFile.load(Path.of("examples/ltc-autoncp16/model.safetensors"));
      JavaRDD<Sequence> windows = sc.parallelize(windows(6, 8), 2);  // key, x[t][s], timestamps
      List<Prediction> predictions = BatchScoring.predict(windows, model, 0.5).collect();

      System.out.println("readout of " + readout.features() + " states, bias "
          + Arrays.toString(readout.bias()));
      for (Prediction p : predictions) {
        System.out.println(p.key() + ": " + p.outputs()[p.outputs().length - 1][0]);
      }
    }
  }

  /** {@code count} sine waves of different frequencies; each target is the next input. */
  static List<Series> series(int count, int length) {
    List<Series> all = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      double[] x = new double[length + 1];
      for (int t = 0; t <= length; t++) {
        x[t] = Math.sin(0.05 * (k + 1) * t);
      }
      all.add(new Series("series-" + k, Arrays.copyOf(x, length),
          Arrays.copyOfRange(x, 1, length + 1)));
    }
    return all;
  }

  /** {@code count} windows of {@code length} readings of 2 features, half a time unit apart. */
  static List<Sequence> windows(int count, int length) {
    List<Sequence> all = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      double[][] inputs = new double[length][2];
      double[] timestamps = new double[length];
      for (int t = 0; t < length; t++) {
        inputs[t][0] = Math.sin(0.3 * t + k);
        inputs[t][1] = Math.cos(0.2 * t * k);
        timestamps[t] = 0.5 * t;
      }
      all.add(new Sequence("window-" + k, inputs, timestamps));
    }
    return all;
  }
}
