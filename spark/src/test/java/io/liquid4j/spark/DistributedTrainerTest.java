package io.liquid4j.spark;

import static io.liquid4j.spark.LocalSpark.assertJobFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.Loss;
import io.liquid4j.train.MeanSquaredError;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Distributed training takes the same steps as {@link Trainer#fit} on one machine, for any
 * number of partitions; malformed records fail with their key and index.
 */
class DistributedTrainerTest {
  /**
   * Only the order of the floating-point sums differs (partitions instead of chunks, and each
   * part's mean times its weight): a few ulps per gradient, which Adam's few steps carry into the
   * weights without growing to 1e-9 of a weight (or of 1e-3 for weights near 0).
   */
  private static final double TOLERANCE = 1e-9;
  private static final int LENGTH = 6;
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = LocalSpark.start("DistributedTrainerTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {1, 2, 3})
  void ltcClassifierStepsAsOnOneMachine(int partitions) throws IOException {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, 6).projSize(2).build(), 1);
    assertSameAsOneMachine(model, new CrossEntropy(new double[] {1, 2}), partitions);
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {1, 2, 3})
  void cfcRegressionStepsAsOnOneMachine(int partitions) throws IOException {
    SequenceModel model = SequenceModel.create(
        ModelConfig.cfc(2, 6).backbone(8, 1, 0.0).projSize(1).returnSequences(false).build(), 2);
    assertSameAsOneMachine(model, new MeanSquaredError(), partitions);
  }

  @Test
  void malformedRecordsFailWithTheirKeyAndIndex() {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, 6).projSize(2).build(), 1);
    DistributedTrainer trainer = new DistributedTrainer(config(), new CrossEntropy());
    List<TrainingSequence> good = sequences(4, true, true);
    assertJobFails("sequence 'bad' (index 2): step 1 expected 2 features, found 1",
        () -> trainer.fit(sc.parallelize(with(good, 2, new TrainingSequence("bad",
            new double[][] {{0, 0}, {1}, {0, 0}, {0, 0}, {0, 0}, {0, 0}},
            good.get(0).targets(), null)), 2), model));
    double[][] nan = good.get(0).inputs().clone();
    nan[3] = new double[] {0, Double.NaN};
    assertJobFails("sequence 'nan' (index 1): step 3 value 1 expected a finite number, found NaN",
        () -> trainer.fit(sc.parallelize(with(good, 1,
            new TrainingSequence("nan", nan, good.get(0).targets(), null)), 2), model));
    assertJobFails("sequence 'late' (index 3): timestamps expected to increase strictly",
        () -> trainer.fit(sc.parallelize(with(good, 3, new TrainingSequence("late",
            good.get(0).inputs(), good.get(0).targets(), new double[] {0, 1, 2, 2, 3, 4})), 2),
            model));
  }

  private static void assertSameAsOneMachine(SequenceModel model, Loss loss, int partitions)
      throws IOException {
    boolean classes = loss instanceof CrossEntropy;
    boolean perStep = model.config().returnSequences();
    List<TrainingSequence> records = sequences(11, classes, perStep);
    TrainingResult alone = new Trainer(config(), loss)
        .fit(model, dataset(records, classes, perStep), null, null, null, false);
    TrainingResult spread = new DistributedTrainer(config(), loss, 0.5)
        .fit(sc.parallelize(records, partitions), model);
    double[] expected = alone.model().parameters();
    double[] actual = spread.model().parameters();
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1e-3, Math.abs(expected[i]));
      if (Math.abs(expected[i] - actual[i]) > TOLERANCE * scale) {
        throw new AssertionError("parameter " + i + ": one machine " + expected[i]
            + ", Spark " + actual[i]);
      }
    }
    for (int e = 0; e < alone.history().size(); e++) {
      double a = alone.history().get(e).trainLoss();
      assertEquals(a, spread.history().get(e).trainLoss(), TOLERANCE * Math.abs(a));
    }
  }

  /** Two epochs of batches of 4 over 11 sequences: 6 Adam steps, the last batches short. */
  private static TrainerConfig config() {
    return TrainerConfig.builder()
        .epochs(2)
        .batchSize(4)
        .learningRate(0.02)
        .optimizer(OptimizerConfig.adam())
        .clipNorm(1.0)
        .restoreBest(false)
        .seed(5)
        .threads(2)
        .chunkSize(2)
        .build();
  }

  /** Irregularly sampled sequences with uneven weights and targets from the inputs. */
  static List<TrainingSequence> sequences(int n, boolean classes, boolean perStep) {
    SplittableRandom r = new SplittableRandom(9);
    List<TrainingSequence> out = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      double[][] x = new double[LENGTH][2];
      double[] stamps = new double[LENGTH];
      double[][] y = new double[perStep ? LENGTH : 1][1];
      double time = r.nextDouble(0, 10);
      for (int t = 0; t < LENGTH; t++) {
        x[t][0] = r.nextDouble(-1, 1);
        x[t][1] = r.nextDouble(-1, 1);
        time += r.nextDouble(0.2, 2);
        stamps[t] = time;
        double value = classes ? (x[t][0] + x[t][1] > 0 ? 1 : 0) : x[t][0] * x[t][1];
        y[perStep ? t : 0][0] = value;
      }
      out.add(new TrainingSequence("s" + b, x, y, stamps, 0.5 + (b % 3)));
    }
    return out;
  }

  /** The same sequences as one machine's dataset, in the same order. */
  private static SequenceDataset dataset(List<TrainingSequence> records, boolean classes,
      boolean perStep) {
    int n = records.size();
    int rows = perStep ? LENGTH : 1;
    double[] x = new double[n * LENGTH * 2];
    double[] dt = new double[n * LENGTH];
    double[] y = new double[n * rows];
    double[] w = new double[n];
    for (int b = 0; b < n; b++) {
      TrainingSequence s = records.get(b);
      for (int t = 0; t < LENGTH; t++) {
        x[(b * LENGTH + t) * 2] = s.inputs()[t][0];
        x[(b * LENGTH + t) * 2 + 1] = s.inputs()[t][1];
        dt[b * LENGTH + t] = t == 0 ? 0.5 : s.timestamps()[t] - s.timestamps()[t - 1];
      }
      for (int t = 0; t < rows; t++) {
        y[b * rows + t] = s.targets()[t][0];
      }
      w[b] = s.weight();
    }
    SequenceDataset data = classes
        ? SequenceDataset.classification(x, n, LENGTH, 2, y, perStep, 2)
        : SequenceDataset.regression(x, n, LENGTH, 2, y, perStep, 1);
    return data.withTimespans(dt).withSampleWeights(w);
  }

  private static List<TrainingSequence> with(List<TrainingSequence> list, int at,
      TrainingSequence replacement) {
    List<TrainingSequence> copy = new ArrayList<>(list);
    copy.set(at, replacement);
    return copy;
  }
}
