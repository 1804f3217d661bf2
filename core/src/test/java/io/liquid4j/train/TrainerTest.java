package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.wiring.AutoNcp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir Path tmp;

  /** Per step: class 1 when feature 0 at the previous step was positive (one step of memory). */
  static SequenceDataset runningSign(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int l = 8;
    double[] x = new double[n * l * 2];
    double[] y = new double[n * l];
    for (int b = 0; b < n; b++) {
      double sum = 0;
      for (int t = 0; t < l; t++) {
        double v = r.nextDouble(-1, 1);
        x[(b * l + t) * 2] = v;
        x[(b * l + t) * 2 + 1] = r.nextDouble(-1, 1);
        y[b * l + t] = sum > 0 ? 1 : 0;
        sum = v;
      }
    }
    return SequenceDataset.classification(x, n, l, 2, y, true, 2);
  }

  static SequenceModel ltc() {
    return SequenceModel.create(ModelConfig.ltc(2, new AutoNcp(8, 2)).build(), 1);
  }

  static TrainerConfig config(int epochs, int threads) {
    return TrainerConfig.builder()
        .epochs(epochs)
        .batchSize(16)
        .learningRate(0.02)
        .optimizer(OptimizerConfig.adam())
        .clipNorm(1.0)
        .seed(7)
        .threads(threads)
        .chunkSize(4)
        .build();
  }

  static java.util.stream.Stream<ModelConfig> learners() {
    return java.util.stream.Stream.of(
        ModelConfig.cfc(2, 8).backbone(16, 1, 0.0).projSize(2).build(),
        ModelConfig.ltc(2, 8).projSize(2).build(),
        ModelConfig.ctrnn(2, 8).projSize(2).build(),
        ModelConfig.lstm(2, 8).projSize(2).build());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("learners")
  void modelsLearnToRememberThePreviousStep(ModelConfig config) throws IOException {
    SequenceDataset train = runningSign(128, 1);
    SequenceDataset valid = runningSign(64, 2);
    SequenceModel model = SequenceModel.create(config, 1);
    Trainer trainer = new Trainer(config(15, 2).withBatchSize(16).withLearningRate(0.02), new CrossEntropy());
    double before = trainer.evaluate(model, valid).accuracy();
    TrainingResult result = trainer.fit(model, train, valid, null, null, false);
    double after = trainer.evaluate(result.model(), valid).accuracy();
    assertTrue(after > 0.9 && after > before + 0.2,
        config.model() + ": validation accuracy " + before + " -> " + after);
    assertEquals(result.history().size(), 15);
    assertTrue(result.history().get(14).trainLoss() < result.history().get(0).trainLoss());
  }

  @Test
  void dropoutTrainingDoesNotDependOnTheNumberOfThreadsAndResumes() throws IOException {
    SequenceDataset train = runningSign(40, 12);
    SequenceModel cfc = SequenceModel.create(
        ModelConfig.cfc(2, 4).backbone(8, 2, 0.5).projSize(2).build(), 1);
    double[] one = new Trainer(config(2, 1), new CrossEntropy())
        .fit(cfc, train, null, null, null, false).model().parameters();
    double[] two = new Trainer(config(2, 2), new CrossEntropy())
        .fit(cfc, train, null, null, null, false).model().parameters();
    assertArrayEquals(one, two, 0.0);
    Path ckpt = tmp.resolve("dropout.ckpt");
    new Trainer(config(1, 2), new CrossEntropy()).fit(cfc, train, null, null, ckpt, false);
    double[] resumed = new Trainer(config(2, 1), new CrossEntropy())
        .fit(cfc, train, null, null, ckpt, true).model().parameters();
    assertArrayEquals(one, resumed, 0.0);
  }

  @Test
  void resultsDoNotDependOnTheNumberOfThreads() throws IOException {
    SequenceDataset train = runningSign(40, 3);
    double[] one = new Trainer(config(2, 1), new CrossEntropy())
        .fit(ltc(), train, null, null, null, false).model().parameters();
    double[] two = new Trainer(config(2, 2), new CrossEntropy())
        .fit(ltc(), train, null, null, null, false).model().parameters();
    double[] three = new Trainer(config(2, 3), new CrossEntropy())
        .fit(ltc(), train, null, null, null, false).model().parameters();
    assertArrayEquals(one, two, 0.0);
    assertArrayEquals(one, three, 0.0);
  }

  @Test
  void stepperDoesWhatFitDoesPerBatchForAnyNumberOfThreads() throws IOException {
    SequenceDataset train = runningSign(16, 3); // one batch of 16, one epoch: fit's only update
    TrainerConfig c = config(1, 1).withOptimizer(OptimizerConfig.adam()).withClipNorm(1.0)
        .withPatience(0);
    double[] fitted = new Trainer(c, new CrossEntropy())
        .fit(ltc(), train, null, null, null, false).model().parameters();
    int[] order = Trainer.permutation(16, c.seed(), 0);
    for (int threads : new int[] {1, 3}) {
      try (Trainer.Stepper s = new Trainer(c.withThreads(threads), new CrossEntropy())
          .stepper(ltc())) {
        s.step(train.batch(order));
        assertArrayEquals(fitted, s.model().parameters(), 0.0, threads + " threads");
      }
    }
  }

  @Test
  void aRunKilledMidEpochResumesToTheSameWeights() throws IOException {
    SequenceDataset train = runningSign(48, 4);
    SequenceDataset valid = runningSign(16, 5);
    Trainer trainer = new Trainer(config(4, 2), new CrossEntropy());
    double[] straight = trainer.fit(ltc(), train, valid, null, null, false).model().parameters();

    Path ckpt = tmp.resolve("run.ckpt");
    TrainingListener killer = new TrainingListener() {
      @Override
      public void batchFinished(int epoch, int batch, int batches, double loss) {
        if (epoch == 2 && batch == 1) {
          throw new IllegalStateException("killed");
        }
      }
    };
    assertThrows(IllegalStateException.class,
        () -> trainer.fit(ltc(), train, valid, killer, ckpt, false));
    assertTrue(Files.exists(ckpt));
    TrainingResult resumed = trainer.fit(ltc(), train, valid, null, ckpt, true);
    assertArrayEquals(straight, resumed.model().parameters(), 0.0);
    assertEquals(4, resumed.history().size());
    assertTrue(Files.list(tmp).allMatch(p -> p.equals(ckpt)), "no temporary files left");

    // Another seed is another run: the checkpoint is refused, not silently mixed in.
    Trainer other = new Trainer(config(4, 2).withSeed(99), new CrossEntropy());
    IOException e = assertThrows(IOException.class,
        () -> other.fit(ltc(), train, valid, null, ckpt, true));
    assertTrue(e.getMessage().contains("other training settings"), e.getMessage());
  }

  @Test
  void aDivergingRunStopsNamingEpochAndBatchAndKeepsTheCheckpoint() throws IOException {
    SequenceDataset train = runningSign(32, 6);
    Path ckpt = tmp.resolve("run.ckpt");
    byte[][] afterFirstEpoch = new byte[1][];
    TrainingListener copy = new TrainingListener() {
      @Override
      public void epochFinished(EpochSummary summary) {
        try {
          afterFirstEpoch[0] = Files.readAllBytes(ckpt);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
    // The loss turns NaN in the second epoch's second batch (2 batches per epoch).
    Trainer trainer = new Trainer(config(3, 1), new NanAfter(3));
    TrainingException e = assertThrows(TrainingException.class,
        () -> trainer.fit(ltc(), train, null, copy, ckpt, false));
    assertTrue(e.getMessage().startsWith("epoch 2, batch 2: the loss is NaN"), e.getMessage());
    assertTrue(e.getMessage().contains("epoch 1 is intact"), e.getMessage());
    assertArrayEquals(afterFirstEpoch[0], Files.readAllBytes(ckpt));
  }

  /** Cross-entropy that returns NaN from its n-th call on (0-based). */
  static final class NanAfter implements Loss {
    private final int n;
    private int calls;

    NanAfter(int n) {
      this.n = n;
    }

    @Override
    public double evaluate(double[] outputs, int batch, int steps, int width, double[] targets,
        double[] mask, double[] sampleWeights, double[] dOutputs) {
      double v = new CrossEntropy().evaluate(outputs, batch, steps, width, targets, mask,
          sampleWeights, dOutputs);
      return calls++ >= n ? Double.NaN : v;
    }

    @Override
    public String name() {
      return "nan-after-" + n;
    }
  }

  @Test
  void aModelThatDoesNotFitTheDataIsRejected() {
    SequenceDataset train = runningSign(8, 7);
    Trainer t = new Trainer(config(1, 1), new CrossEntropy());
    SequenceModel wrongOut = SequenceModel.create(ModelConfig.ltc(2, new AutoNcp(8, 3)).build(), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.fit(wrongOut, train, null, null, null, false));
    assertTrue(e.getMessage().contains("emits 3") && e.getMessage().contains("needs 2"),
        e.getMessage());
    SequenceModel wrongIn = SequenceModel.create(ModelConfig.cfc(3, 2).build(), 1);
    e = assertThrows(IllegalArgumentException.class,
        () -> t.fit(wrongIn, train, null, null, null, false));
    assertTrue(e.getMessage().contains("3 features"), e.getMessage());
    SequenceModel last = SequenceModel.create(
        ModelConfig.cfc(2, 2).returnSequences(false).build(), 1);
    e = assertThrows(IllegalArgumentException.class,
        () -> t.fit(last, train, null, null, null, false));
    assertTrue(e.getMessage().contains("return sequences"), e.getMessage());
  }

  @Test
  void aScheduleSetsTheRateOfEachEpochAndSurvivesAResume() throws IOException {
    SequenceDataset train = runningSign(32, 8);
    SequenceDataset valid = runningSign(16, 9);
    LearningRateSchedule step = LearningRateSchedules.parse("step:1:0.5", 0.02);
    Trainer trainer = new Trainer(config(3, 2).withBatchSize(16).withLearningRate(0.02), new CrossEntropy(), step);
    TrainingResult straight = trainer.fit(ltc(), train, valid, null, null, false);
    assertEquals(0.02, straight.history().get(0).learningRate(), 1e-15);
    assertEquals(0.01, straight.history().get(1).learningRate(), 1e-15);
    assertEquals(0.005, straight.history().get(2).learningRate(), 1e-15);

    Path ckpt = tmp.resolve("sched.ckpt");
    TrainingListener killer = new TrainingListener() {
      @Override
      public void epochStarted(int epoch, int epochs, int batches) {
        if (epoch == 2) {
          throw new IllegalStateException("killed");
        }
      }
    };
    assertThrows(IllegalStateException.class,
        () -> trainer.fit(ltc(), train, valid, killer, ckpt, false));
    TrainingResult resumed = trainer.fit(ltc(), train, valid, null, ckpt, true);
    assertArrayEquals(straight.model().parameters(), resumed.model().parameters(), 0.0);
    assertEquals(0.005, resumed.history().get(2).learningRate(), 1e-15);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedules.parse("step:x", 0.1));
    assertTrue(e.getMessage().contains("step:x"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedules.parse("warmup", 0.1));
    assertTrue(e.getMessage().contains("cosine:TMAX"), e.getMessage());
  }

  @Test
  void theSelectionScoreIsTheOneAsked() throws IOException {
    SequenceDataset train = runningSign(32, 10);
    SequenceDataset valid = runningSign(16, 11);
    TrainerConfig last = config(1, 1).withClipNorm(0).withRestoreBest(false);
    Trainer byF1 = new Trainer(last, new CrossEntropy()).selectingBy(Selection.F1);
    TrainingResult r = byF1.fit(ltc(), train, valid, null, null, false);
    assertEquals(byF1.evaluate(r.model(), valid).f1(), r.history().get(0).validationMetric(),
        1e-12);
    Trainer byLoss = new Trainer(last, new CrossEntropy()).selectingBy(Selection.LOSS);
    r = byLoss.fit(ltc(), train, valid, null, null, false);
    assertEquals(byLoss.evaluate(r.model(), valid).loss(), r.history().get(0).validationMetric(),
        1e-12);
  }
}
