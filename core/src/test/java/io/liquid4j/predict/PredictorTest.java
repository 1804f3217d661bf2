package io.liquid4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.SequenceInputs;
import io.liquid4j.data.Standardizer;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.evaluation.Evaluator;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PredictorTest {
  @TempDir Path dir;

  static final double[] MEAN = {20, -3, 400};
  static final double[] STD = {0.5, 2, 90};
  static final double[] Y_MEAN = {600, -1};
  static final double[] Y_STD = {80, 0.01};

  static Preprocessing classifier(Preprocessing.Timespans timespans) {
    return Preprocessing.builder()
        .features(List.of("a", "b", "c"))
        .inputScaling(Standardizer.of(MEAN, STD))
        .classification(List.of("no", "yes"))
        .perStep(true)
        .timespans(timespans)
        .build();
  }

  static Preprocessing regressor(boolean perStep) {
    return Preprocessing.builder()
        .features(List.of("a", "b", "c"))
        .inputScaling(Standardizer.of(MEAN, STD))
        .regression(List.of("y", "z"))
        .targetScaling(Standardizer.of(Y_MEAN, Y_STD))
        .perStep(perStep)
        .timespans(Preprocessing.Timespans.GIVEN)
        .build();
  }

  static SequenceModel ltc(boolean perStep, long seed) {
    return SequenceModel.create(
        ModelConfig.ltc(3, 6).projSize(2).returnSequences(perStep).build(), seed);
  }

  static SequenceModel cfc(boolean perStep, long seed) {
    return SequenceModel.create(
        ModelConfig.cfc(3, 5).backbone(8, 1, 0.0).projSize(2).returnSequences(perStep).build(),
        seed);
  }

  /** Raw inputs around the scaling's statistics, (n, L, 3). */
  static double[] rawInputs(Random r, int n, int len) {
    double[] x = new double[n * len * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = MEAN[i % 3] + STD[i % 3] * (2 * r.nextDouble() - 1) * 1.5;
    }
    return x;
  }

  static double[] timespans(Random r, int n, int len) {
    double[] t = new double[n * len];
    for (int i = 0; i < t.length; i++) {
      t[i] = 0.2 + 2 * r.nextDouble();
    }
    return t;
  }

  /** (x − mean) / std written out here, independently of Standardizer. */
  static double[] scaledByHand(double[] raw) {
    double[] x = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      x[i] = (raw[i] - MEAN[i % 3]) / STD[i % 3];
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void classifierOnRawInputsEqualsTheModelOnInputsScaledByHand(long seed) {
    Random r = new Random(seed);
    int n = 4;
    int len = 7;
    double[] raw = rawInputs(r, n, len);
    double[] dt = timespans(r, n, len);
    SequenceModel model = ltc(true, seed);
    Predictor p = Predictor.of(model, classifier(Preprocessing.Timespans.GIVEN));
    Prediction y = p.predict(SequenceInputs.of(raw, n, len, 3).withTimespans(dt));
    double[] expected = model.forward(scaledByHand(raw), n, len, dt, null).outputs();
    assertArrayEquals(expected, y.outputs(), 1e-12);
    assertArrayEquals(new int[] {n, len, 2}, y.shape());
    // the raw inputs differ from the scaled ones, so skipping the scaling would show
    double[] unscaled = model.forward(raw, n, len, dt, null).outputs();
    assertFalse(maxAbsDiff(unscaled, y.outputs()) < 1e-3);
    // classes are the argmax of each row's logits
    int[] classes = y.classes();
    List<String> names = y.classNames();
    for (int row = 0; row < n * len; row++) {
      int argmax = expected[row * 2 + 1] > expected[row * 2] ? 1 : 0;
      assertEquals(argmax, classes[row]);
      assertEquals(argmax == 1 ? "yes" : "no", names.get(row));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7})
  void regressionOutputsAreInTheTargetsUnits(long seed) {
    Random r = new Random(seed);
    int n = 3;
    int len = 5;
    double[] raw = rawInputs(r, n, len);
    double[] dt = timespans(r, n, len);
    for (boolean perStep : new boolean[] {true, false}) {
      SequenceModel model = cfc(perStep, seed);
      Predictor p = Predictor.of(model, regressor(perStep));
      Prediction y = p.predict(raw, n, len, dt, null);
      double[] z = model.forward(scaledByHand(raw), n, len, dt, null).outputs();
      double[] expected = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        expected[i] = z[i] * Y_STD[i % 2] + Y_MEAN[i % 2];
      }
      assertArrayEquals(expected, y.outputs(), 1e-9);
      assertThrows(IllegalStateException.class, y::classes);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void streamingSessionEqualsTheBatch(long seed) {
    Random r = new Random(seed);
    int n = 3;
    int len = 6;
    double[] raw = rawInputs(r, n, len);
    double[] dt = timespans(r, n, len);
    for (boolean perStep : new boolean[] {true, false}) {
      Predictor p = Predictor.of(cfc(perStep, seed), regressor(perStep));
      Prediction batch = p.predict(raw, n, len, dt, null);
      for (int b = 0; b < n; b++) {
        Predictor.Session s = p.newSession();
        double[] last = null;
        for (int t = 0; t < len; t++) {
          double[] x = java.util.Arrays.copyOfRange(raw, (b * len + t) * 3, (b * len + t + 1) * 3);
          last = s.step(x, dt[b * len + t]);
          if (perStep) {
            assertArrayEquals(batch.at(b, t), last, 1e-9);
          }
        }
        assertArrayEquals(batch.at(b, batch.steps() - 1), last, 1e-9);
        assertEquals(len, s.steps());
      }
    }
  }

  @Test
  void withoutPreprocessingTheModelRunsAsItIs() {
    Random r = new Random(3);
    double[] raw = rawInputs(r, 2, 4);
    SequenceModel model = ltc(true, 3);
    Predictor p = Predictor.of(model);
    assertFalse(p.preprocessing().isPresent());
    Prediction y = p.predict(raw, 2, 4, null, null);
    assertArrayEquals(model.forward(raw, 2, 4, null, null).outputs(), y.outputs());
    double[] dt = timespans(r, 2, 4);
    assertArrayEquals(model.forward(raw, 2, 4, dt, null).outputs(),
        p.predict(raw, 2, 4, dt, null).outputs());
    assertThrows(IllegalStateException.class, y::classes);
    Predictor.Session s = p.newSession();
    double[] x0 = java.util.Arrays.copyOfRange(raw, 0, 3);
    assertArrayEquals(model.newSession().step(x0), s.step(x0));
    assertThrows(IllegalStateException.class, () -> p.predict(dir.resolve("any.csv")));
  }

  @Test
  void elapsedTimesMustMatchHowTheModelWasTrained() {
    double[] raw = rawInputs(new Random(1), 1, 3);
    Predictor withDt = Predictor.of(ltc(true, 1), classifier(Preprocessing.Timespans.GIVEN));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> withDt.predict(raw, 1, 3, null, null));
    assertTrue(e.getMessage().startsWith("timespans"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> withDt.newSession().step(new double[] {20, -3, 400}));
    Predictor withoutDt = Predictor.of(ltc(true, 1), classifier(Preprocessing.Timespans.NONE));
    assertThrows(IllegalArgumentException.class,
        () -> withoutDt.predict(raw, 1, 3, new double[] {1, 1, 1}, null));
    assertThrows(IllegalArgumentException.class,
        () -> withoutDt.newSession().step(new double[] {20, -3, 400}, 1.0));
    // shapes are checked against the model, not the scaling
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> withoutDt.predict(new double[7], 1, 3, null, null));
    assertTrue(shape.getMessage().contains("n·L·S"), shape.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> withoutDt.newSession().step(new double[] {1, 2}));
  }

  @Test
  void evaluationIsInTheUsersUnits() {
    Random r = new Random(21);
    int n = 5;
    int len = 4;
    double[] raw = rawInputs(r, n, len);
    double[] dt = timespans(r, n, len);
    double[] targets = new double[n * len * 2];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = Y_MEAN[i % 2] + Y_STD[i % 2] * r.nextGaussian();
    }
    SequenceDataset data = SequenceDataset.regression(raw, n, len, 3, targets, true, 2)
        .withTimespans(dt).withFeatureNames(List.of("a", "b", "c"));
    SequenceModel model = cfc(true, 21);
    Predictor p = Predictor.of(model, regressor(true));
    Evaluation e = p.evaluate(data);
    // independent: outputs un-scaled by hand, errors summed here
    double[] z = model.forward(scaledByHand(raw), n, len, dt, null).outputs();
    double se = 0;
    double ae = 0;
    for (int i = 0; i < z.length; i++) {
      double d = z[i] * Y_STD[i % 2] + Y_MEAN[i % 2] - targets[i];
      se += d * d;
      ae += Math.abs(d);
    }
    assertEquals(se / z.length, e.mse(), 1e-9 * se / z.length);
    assertEquals(ae / z.length, e.mae(), 1e-9 * ae / z.length);
    assertEquals(Evaluator.create().score(p.predict(data).outputs(), data).mse(), e.mse(),
        1e-12 * e.mse());
  }

  @Test
  void oneSharedPredictorGivesBitIdenticalResultsOnManyThreads() throws Exception {
    Predictor p = Predictor.of(cfc(true, 8), regressor(true));
    int jobs = 32;
    List<double[]> inputs = new ArrayList<>();
    List<double[]> dts = new ArrayList<>();
    List<double[]> single = new ArrayList<>();
    Random r = new Random(8);
    for (int j = 0; j < jobs; j++) {
      inputs.add(rawInputs(r, 2, 9));
      dts.add(timespans(r, 2, 9));
      single.add(p.predict(inputs.get(j), 2, 9, dts.get(j), null).outputs());
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      for (int round = 0; round < 3; round++) {
        List<Callable<double[]>> tasks = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
          int k = j;
          tasks.add(() -> {
            // batch and a stream of the first sequence, on the same shared predictor
            double[] y = p.predict(inputs.get(k), 2, 9, dts.get(k), null).outputs();
            Predictor.Session s = p.newSession();
            double[] x = inputs.get(k);
            double[] last = null;
            for (int t = 0; t < 9; t++) {
              last = s.step(java.util.Arrays.copyOfRange(x, t * 3, t * 3 + 3), dts.get(k)[t]);
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(y, 8 * 2, 9 * 2), last, 1e-9);
            return y;
          });
        }
        List<Future<double[]>> results = pool.invokeAll(tasks);
        for (int j = 0; j < jobs; j++) {
          assertArrayEquals(single.get(j), results.get(j).get()); // bit-identical
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void csvWithoutTheTargetColumnPredictsAsTheLabelledFileAndTheArrays() throws Exception {
    Path model = LegacyFiles.copy("legacy-classification.model", dir);
    Path csv = LegacyFiles.copy("occ.csv", dir);
    // the same file without its Occupancy column, as data to predict from arrive
    List<String> lines = Files.readAllLines(csv);
    List<String> cut = new ArrayList<>();
    for (String line : lines) {
      cut.add(line.substring(0, line.lastIndexOf(',')));
    }
    Path unlabelled = dir.resolve("unlabelled.csv");
    Files.write(unlabelled, cut);

    Predictor p = Predictor.load(model);
    SequenceDataset labelled = p.readCsv(csv);
    Prediction fromUnlabelled = p.predict(unlabelled);
    Prediction fromLabelled = p.predict(labelled);
    Prediction fromArrays = p.predict(labelled.inputs(), labelled.size(), labelled.length(),
        labelled.timespans(), null);
    assertArrayEquals(fromLabelled.outputs(), fromUnlabelled.outputs());
    assertArrayEquals(fromLabelled.outputs(), fromArrays.outputs());
    // and they are what the evaluation scores
    Evaluation e = p.evaluate(labelled);
    assertEquals(Evaluator.create().score(fromArrays.outputs(), labelled).accuracy(),
        e.accuracy());
    assertEquals(Evaluator.create().score(fromArrays.outputs(), labelled).loss(), e.loss(),
        1e-12);
  }

  @Test
  void bytesRoundTripKeepsModelAndPreprocessing() throws Exception {
    Predictor p = Predictor.of(cfc(false, 4), regressor(false));
    Predictor back = Predictor.fromBytes(p.toBytes(), "bytes");
    assertEquals(p.preprocessing(), back.preprocessing());
    assertArrayEquals(p.model().parameters(), back.model().parameters());
    Path file = dir.resolve("r.model");
    p.save(file, false);
    assertEquals(p.preprocessing(), Predictor.load(file).preprocessing());
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
