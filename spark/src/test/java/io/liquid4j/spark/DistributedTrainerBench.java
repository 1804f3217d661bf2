package io.liquid4j.spark;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.TrainerConfig;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Sequences per second of {@link DistributedTrainer} on local[1] and local[2] (not a test):
 * an LTC of 32 units, sequences of 32 steps, batch 64, one epoch warm-up, then 3 timed epochs.
 * Run with the test class path: {@code java -cp ... io.liquid4j.spark.DistributedTrainerBench}.
 */
public final class DistributedTrainerBench {
  private DistributedTrainerBench() {}

  public static void main(String[] args) {
    for (String master : List.of("local[1]", "local[2]")) {
      SparkConf conf = new SparkConf().setMaster(master).setAppName("bench")
          .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
          .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
      try (JavaSparkContext sc = new JavaSparkContext(conf)) {
        sc.setLogLevel("ERROR");
        int n = 512;
        List<TrainingSequence> records = sequences(n, 32);
        JavaRDD<TrainingSequence> data = sc.parallelize(records, 2).cache();
        data.count();
        SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, 32).projSize(2).build(), 1);
        CrossEntropy loss = new CrossEntropy();
        TrainerConfig warm = TrainerConfig.builder().epochs(1).batchSize(64).learningRate(0.005)
            .restoreBest(false).seed(1).threads(1).build();
        new DistributedTrainer(warm, loss).fit(data, model);
        int epochs = 3;
        long start = System.nanoTime();
        new DistributedTrainer(warm.withEpochs(epochs), loss).fit(data, model);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %.1f sequences/s (%d sequences x %d epochs in %.2f s)%n", master,
            n * epochs / seconds, n, epochs, seconds);
      }
    }
  }

  private static List<TrainingSequence> sequences(int n, int length) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    java.util.List<TrainingSequence> out = new java.util.ArrayList<>();
    for (int b = 0; b < n; b++) {
      double[][] x = new double[length][2];
      double[][] y = new double[length][1];
      for (int t = 0; t < length; t++) {
        x[t][0] = r.nextDouble(-1, 1);
        x[t][1] = r.nextDouble(-1, 1);
        y[t][0] = x[t][0] > 0 ? 1 : 0;
      }
      out.add(new TrainingSequence("s" + b, x, y, null));
    }
    return out;
  }
}
