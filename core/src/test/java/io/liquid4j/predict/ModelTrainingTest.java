package io.liquid4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Splits;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.TaskKind;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.evaluation.Evaluator;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainingTest {
  @TempDir Path dir;

  static final ModelSpec SPEC =
      ModelSpec.parse("{\"model\": \"cfc\", \"units\": 6, \"backbone_units\": 8}", "test spec");
  static final TrainerConfig TRAINER =
      TrainerConfig.defaults().withEpochs(2).withSeed(3).withThreads(2);

  /** 40 sequences of 6 steps, 2 features far from zero mean / unit spread, class = sign. */
  static SequenceDataset classification() {
    Random r = new Random(5);
    int n = 40;
    int len = 6;
    double[] x = new double[n * len * 2];
    double[] y = new double[n * len];
    double[] dt = new double[n * len];
    for (int i = 0; i < n * len; i++) {
      double a = r.nextGaussian();
      x[2 * i] = 100 + 20 * a;
      x[2 * i + 1] = -0.01 + 0.002 * r.nextGaussian();
      y[i] = a > 0 ? 1 : 0;
      dt[i] = 0.5 + r.nextDouble();
    }
    return SequenceDataset.classification(x, n, len, 2, y, true, 2).withTimespans(dt)
        .withFeatureNames(List.of("pressure", "flow")).withTargetNames(List.of("off", "on"));
  }

  /** 40 sequences of 5 steps, 2 features, a last-step target in large units. */
  static SequenceDataset regression() {
    Random r = new Random(6);
    int n = 40;
    int len = 5;
    double[] x = new double[n * len * 2];
    double[] y = new double[n];
    for (int b = 0; b < n; b++) {
      double sum = 0;
      for (int t = 0; t < len; t++) {
        int i = b * len + t;
        x[2 * i] = 10 + 3 * r.nextGaussian();
        x[2 * i + 1] = 500 + 50 * r.nextGaussian();
        sum += x[2 * i];
      }
      y[b] = 1000 + 40 * sum;
    }
    return SequenceDataset.regression(x, n, len, 2, y, false, 1)
        .withFeatureNames(List.of("u", "v")).withTargetNames(List.of("power"));
  }

  @Test
  void classificationRunMatchesTheStepsDoneByHandAndItsFileRoundTrips() throws Exception {
    SequenceDataset all = classification();
    TrainedModel trained = ModelTraining.builder().data(all).model(SPEC).trainer(TRAINER)
        .split(0.2, 0.25).build().run();

    // The same steps written out: numpy-compatible split with the trainer's seed, z-scoring
    // fitted on the training part, the spec's model with the seed, Trainer.fit.
    Splits.Split split = Splits.shuffled(all, 3, 0.2, 0.25);
    Standardizer z = Standardizer.fit(split.train());
    SequenceModel initial = SPEC.create(2, 2, true, 3);
    Trainer trainer = new Trainer(TRAINER, Trainer.defaultLoss(all));
    TrainingResult byHand = trainer.fit(initial, z.apply(split.train()),
        z.apply(split.validation()), null, null, false);
    assertArrayEquals(byHand.model().parameters(), trained.model().parameters());
    assertEquals(split.train().size(), trained.trainSize());
    assertEquals(split.validation().size(), trained.validationSize());
    assertEquals(split.test().size(), trained.testSize());
    assertEquals(2, trained.training().history().size());

    Preprocessing p = trained.preprocessing();
    assertEquals(List.of("pressure", "flow"), p.features());
    assertEquals(List.of("off", "on"), p.targetNames());
    assertEquals(TaskKind.CLASSIFICATION, p.task());
    assertTrue(p.perStep());
    assertEquals(Preprocessing.Timespans.GIVEN, p.timespans());
    assertArrayEquals(z.mean(), p.inputScaling().orElseThrow().mean());
    assertArrayEquals(z.std(), p.inputScaling().orElseThrow().std());

    // The test evaluation is the Evaluator's on the scaled test part.
    Evaluation expected = Evaluator.create().evaluate(trained.model(), z.apply(split.test()));
    Evaluation test = trained.test().orElseThrow();
    assertEquals(expected.accuracy(), test.accuracy(), 1e-12);
    assertEquals(expected.loss(), test.loss(), 1e-12);
    assertEquals(expected.sequences(), test.sequences());

    // The file round-trips: same weights, same preprocessing, same predictions on raw data.
    Path file = dir.resolve("trained.model");
    trained.save(file, false);
    Predictor loaded = Predictor.load(file);
    assertArrayEquals(trained.model().parameters(), loaded.model().parameters());
    assertEquals(p, loaded.preprocessing().orElseThrow());
    assertArrayEquals(trained.predictor().predict(split.test()).outputs(),
        loaded.predict(split.test()).outputs());
    assertEquals(test.accuracy(), loaded.evaluate(split.test()).accuracy());
  }

  @Test
  void regressionTargetsAreScaledForTrainingAndComeBackInTheirUnits() throws Exception {
    SequenceDataset all = regression();
    TrainedModel trained = ModelTraining.builder().data(all).model(SPEC).trainer(TRAINER)
        .build().run(); // the default split: 0.1 validation, 0.15 test
    Splits.Split split = Splits.shuffled(all, 3, 0.1, 0.15);
    assertEquals(split.test().size(), trained.testSize());

    // target statistics of the training part, computed here
    double[] y = split.train().targets();
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= y.length;
    double var = 0;
    for (double v : y) {
      var += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(var / y.length);
    Standardizer ys = trained.preprocessing().targetScaling().orElseThrow();
    assertEquals(mean, ys.mean()[0], 1e-9 * Math.abs(mean));
    assertEquals(std, ys.std()[0], 1e-9 * std);
    assertEquals(Preprocessing.Timespans.NONE, trained.preprocessing().timespans());

    // By hand: the model on the scaled test inputs, outputs un-scaled, scored on raw targets.
    Standardizer z = Standardizer.fit(split.train());
    SequenceDataset testScaled = z.apply(split.test());
    double[] out = trained.model().forward(testScaled.inputs(), testScaled.size(),
        testScaled.length(), null, null).outputs();
    for (int i = 0; i < out.length; i++) {
      out[i] = out[i] * std + mean;
    }
    Evaluation expected = Evaluator.create().score(out, split.test());
    Evaluation test = trained.test().orElseThrow();
    assertEquals(expected.mse(), test.mse(), 1e-9 * expected.mse());
    assertEquals(expected.mae(), test.mae(), 1e-9 * expected.mae());
    assertTrue(test.mse() > 1, "in the target's units, not z-units: " + test.mse());

    // Without target scaling the model is trained on the raw targets (another model).
    TrainedModel raw = ModelTraining.builder().data(all).model(SPEC).trainer(TRAINER)
        .scaleTargets(false).build().run();
    assertFalse(raw.preprocessing().targetScaling().isPresent());
    assertFalse(java.util.Arrays.equals(raw.model().parameters(),
        trained.model().parameters()));
  }

  @Test
  void csvRunStoresTheLayoutAndGivenSetsAreReadLikeTheTrainingFile() throws Exception {
    Path csv = LegacyFiles.copy("occ.csv", dir);
    CsvTimeSeries.Options options = CsvTimeSeries.Options
        .classification(List.of("Temperature", "Humidity", "Light", "CO2", "HumidityRatio"),
            "Occupancy", 8)
        .withStride(4)
        .withTimestamps("date", Duration.ofMinutes(1));
    TrainedModel trained = ModelTraining.builder().csv(csv, options)
        .model(ModelSpec.shorthand("ltc", 6, "fully-connected", null))
        .trainer(TRAINER.withEpochs(1)).test(csv).build().run();
    Preprocessing p = trained.preprocessing();
    assertEquals(Preprocessing.Timespans.FROM_TIMESTAMPS, p.timespans());
    CsvLayout layout = p.csv().orElseThrow();
    assertEquals("Occupancy", layout.targetColumn());
    assertEquals("date", layout.timestampColumn());
    assertEquals(Duration.ofMinutes(1), layout.timeUnit());
    assertEquals(8, layout.window());
    assertEquals(4, layout.stride());
    assertEquals(List.of("0", "1"), p.targetNames());
    assertEquals(0, trained.validationSize());
    SequenceDataset all = CsvTimeSeries.read(csv, options);
    assertEquals(all.size(), trained.trainSize());
    assertEquals(all.size(), trained.testSize());
    // the saved model reads the CSV as training did: the evaluation of the file matches
    Path file = dir.resolve("occ.model");
    trained.save(file, false);
    Evaluation again = Predictor.load(file).evaluate(csv);
    assertEquals(trained.test().orElseThrow().accuracy(), again.accuracy());
    assertEquals(trained.test().orElseThrow().loss(), again.loss(), 1e-12);
  }

  @Test
  void settingsAreCheckedWithMessagesNamingThem() {
    SequenceDataset all = classification();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelTraining.builder().model(SPEC).build());
    assertTrue(e.getMessage().contains("data"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelTraining.builder().data(all).build());
    assertTrue(e.getMessage().contains("model"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelTraining.builder().data(all).model(SPEC).split(0.1, 0.1).test(all).build());
    assertTrue(e.getMessage().contains("not both"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelTraining.builder().data(all).model(SPEC).trainer(TRAINER)
            .classWeights(new double[] {1, 2, 3}).build().run());
    assertTrue(e.getMessage().startsWith("classWeights"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ModelTraining.builder().data(all).model(SPEC).split(0.5, 0.5));
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelTraining.builder().data(all).model(SPEC).trainer(TRAINER)
            .test(regression()).build().run());
    assertTrue(e.getMessage().startsWith("test data"), e.getMessage());
  }
}
