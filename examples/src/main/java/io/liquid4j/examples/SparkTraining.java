package io.liquid4j.examples;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.spark.DistributedTrainer;
import io.liquid4j.spark.TrainingSequence;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

public class SparkTraining {
  public static void main(String[] args) {
    SparkConf conf = new SparkConf().setAppName("liquid4j").setIfMissing("spark.master", "local[2]")
        .set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      // Per-step classification: is the running sum of the first feature positive?
      ModelConfig config = ModelConfig.ltc(2, 8).projSize(2).build();
      JavaRDD<TrainingSequence> data = sc.parallelize(sequences(64, 10), 2);
      // new TrainingSequence(key, inputs[t][s], targets[t][w], timestamps, weight)
      TrainingResult result = new DistributedTrainer(TrainerConfig.defaults().withEpochs(3),
          new CrossEntropy()).fit(data, SequenceModel.create(config, 1));
      System.out.println("training loss by epoch: " + result.history().get(0).trainLoss()
          + " -> " + result.history().get(result.history().size() - 1).trainLoss());
    }
  }

  /** {@code count} sequences of {@code length} steps, 2 features, a class per step. */
  static List<TrainingSequence> sequences(int count, int length) {
    Random random = new Random(5);
    List<TrainingSequence> all = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      double[][] inputs = new double[length][2];
      double[][] targets = new double[length][1];
      double sum = 0;
      for (int t = 0; t < length; t++) {
        inputs[t][0] = random.nextGaussian();
        inputs[t][1] = random.nextGaussian();
        sum += inputs[t][0];
        targets[t][0] = sum > 0 ? 1 : 0;              // the class index
      }
      all.add(new TrainingSequence("sequence-" + k, inputs, targets, null, 1.0));
    }
    return all;
  }
}
