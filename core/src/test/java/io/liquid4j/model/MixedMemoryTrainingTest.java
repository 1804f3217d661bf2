package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.train.MeanSquaredError;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Training with mixed memory (the batched LSTM before the cell, with its workspace and tapes
 * reused from step to step and from batch to batch) repeats itself exactly and gives the same
 * parameters for any number of threads.
 */
class MixedMemoryTrainingTest {
  /** Per step: the sum of feature 0 over the last two steps (a little memory). */
  static SequenceDataset pairSums(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int l = 6;
    double[] x = new double[n * l * 3];
    double[] y = new double[n * l];
    for (int b = 0; b < n; b++) {
      double previous = 0;
      for (int t = 0; t < l; t++) {
        for (int k = 0; k < 3; k++) {
          x[(b * l + t) * 3 + k] = r.nextDouble(-1, 1);
        }
        double v = x[(b * l + t) * 3];
        y[b * l + t] = v + previous;
        previous = v;
      }
    }
    return SequenceDataset.regression(x, n, l, 3, y, true, 1);
  }

  static double[] train(SequenceModel model, SequenceDataset data, int threads)
      throws IOException {
    TrainerConfig config = TrainerConfig.builder()
        .epochs(2)
        .batchSize(10)
        .learningRate(0.01)
        .optimizer(OptimizerConfig.adam())
        .seed(3)
        .threads(threads)
        .chunkSize(3) // chunks of 3, 3, 3, 1: the last one is a different batch size
        .build();
    return new Trainer(config, new MeanSquaredError())
        .fit(model, data, null, null, null, false).model().parameters();
  }

  @Test
  void aSeededRunRepeatsExactlyForAnyNumberOfThreads() throws IOException {
    SequenceDataset data = pairSums(30, 4);
    for (ModelConfig config : new ModelConfig[] {
        ModelConfig.cfc(3, 6).backbone(8, 2, 0.0).mixedMemory(true).projSize(1).build(),
        ModelConfig.ltc(3, 5).mixedMemory(true).projSize(1).build(),
        ModelConfig.lstm(3, 5).projSize(1).build()}) {
      SequenceModel model = SequenceModel.create(config, 1);
      double[] one = train(model, data, 1);
      assertFalse(java.util.Arrays.equals(model.parameters(), one),
          config.model() + ": training changed nothing");
      assertArrayEquals(one, train(model, data, 1), 0.0, config.model() + ": a repeated run");
      assertArrayEquals(one, train(model, data, 2), 0.0, config.model() + ": 2 threads");
      assertArrayEquals(one, train(model, data, 3), 0.0, config.model() + ": 3 threads");
    }
  }
}
