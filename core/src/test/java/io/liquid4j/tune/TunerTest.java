package io.liquid4j.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.train.TrainerConfig;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunerTest {
  private static final int LENGTH = 6;

  /** Two classes told apart by the sign of the first feature's mean, with label noise. */
  static SequenceDataset data(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n * LENGTH * 2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double shift = rng.nextBoolean() ? 0.7 : -0.7;
      for (int t = 0; t < LENGTH; t++) {
        x[(i * LENGTH + t) * 2] = shift + rng.nextGaussian();
        x[(i * LENGTH + t) * 2 + 1] = rng.nextGaussian();
      }
      y[i] = (shift > 0) ^ (rng.nextDouble() < 0.1) ? 1 : 0;
    }
    return SequenceDataset.classification(x, n, LENGTH, 2, y, false, 2);
  }

  private static final SequenceDataset TRAIN = data(32, 1);
  private static final SequenceDataset VALID = data(16, 2);

  private static List<Candidate> grid() {
    return new Grid().models("ctrnn", "lstm").units(3).learningRates(0.05, 0.005).epochs(2)
        .batchSizes(8).seeds(1).all();
  }

  private static Tuner tuner(Path folder) {
    return Tuner.builder().candidates(grid()).folder(folder)
        .trainer(TrainerConfig.defaults().withThreads(1)).build();
  }

  private static List<Tuner.Row> withoutTime(Tuner.Search s) {
    return s.rows().stream().map(r -> new Tuner.Row(r.run(), r.candidate(),
        r.outcome().withoutTime())).toList();
  }

  @Test
  void theSearchCannotBeGivenTestData() throws Exception {
    Method search = Tuner.class.getMethod("search", SequenceDataset.class,
        SequenceDataset.class);
    assertEquals(Tuner.Search.class, search.getReturnType());
    for (Method m : Tuner.class.getMethods()) {
      if (m.getName().equals("search")) {
        assertEquals(2, m.getParameterCount(), "search takes training and validation data only");
      }
    }
  }

  @Test
  void swappingTheTestSetDoesNotChangeTheChosenCandidate(@TempDir Path dir) throws Exception {
    SequenceDataset testA = data(20, 3);
    SequenceDataset testB = data(20, 4);
    Tuner a = tuner(dir.resolve("a"));
    Tuner b = tuner(dir.resolve("b"));
    Tuner.Search sa = a.search(TRAIN, VALID);
    Tuner.FinalTest fa = a.test(sa, TRAIN, VALID, testA, null, 1, 2);
    Tuner.Search sb = b.search(TRAIN, VALID);
    Tuner.FinalTest fb = b.test(sb, TRAIN, VALID, testB, null, 1, 2);
    assertEquals(sa.chosen().candidate(), sb.chosen().candidate());
    assertEquals(fa.candidate(), fb.candidate());
    assertEquals(withoutTime(sa), withoutTime(sb), "the whole search table is the same");
    // the test sets did reach the final step: its figures differ between them
    assertFalse(Arrays.equals(fa.values(), fb.values()) && fa.seeds().get(0).test()
        .equals(fb.seeds().get(0).test()), "the final step scored the test set it was given");
    // and the validation figures of the final step's seeds do not depend on it either
    for (int i = 0; i < 2; i++) {
      assertEquals(fa.seeds().get(i).outcome().withoutTime(),
          fb.seeds().get(i).outcome().withoutTime());
    }
  }

  @Test
  void theChoiceIsTheBestValidationMetric() throws Exception {
    Tuner.Search s = tuner(null).search(TRAIN, VALID);
    double best = s.rows().stream().mapToDouble(r -> r.outcome().validationMetric()).max()
        .orElseThrow();
    int first = s.rows().stream().filter(r -> r.outcome().validationMetric() == best)
        .findFirst().orElseThrow().run();
    assertEquals(first, s.chosenRun());
    // the chosen candidate's own final run with its own seed repeats its search figures
    Candidate c = s.chosen().candidate();
    Tuner.FinalTest f = tuner(null).test(s, TRAIN, VALID, data(20, 3), "accuracy", c.seed());
    assertEquals(s.chosen().outcome().withoutTime(), f.seeds().get(0).outcome().withoutTime());
  }

  @Test
  void selectionFollowsTheTaskAndSkipsDivergedRuns() {
    Candidate c = grid().get(0);
    List<Tuner.Row> rows = List.of(
        new Tuner.Row(0, c, new Outcome(1, 0.5, 0.5, 1, 0)),
        new Tuner.Row(1, c, new Outcome(1, Double.NaN, Double.NaN, -1, 0)),
        new Tuner.Row(2, c, new Outcome(1, 0.2, 0.9, 1, 0)),
        new Tuner.Row(3, c, new Outcome(1, 0.3, 0.9, 1, 0)),
        new Tuner.Row(4, c, new Outcome(1, 0.1, 0.1, 1, 0)));
    assertEquals(2, Tuner.Search.choose(TaskKind.CLASSIFICATION, rows).chosenRun());
    assertEquals(4, Tuner.Search.choose(TaskKind.REGRESSION, rows).chosenRun());
  }

  @Test
  void aKilledSearchResumesToTheSameTable(@TempDir Path dir) throws Exception {
    Tuner.Search whole = tuner(dir.resolve("whole")).search(TRAIN, VALID);

    Path folder = dir.resolve("killed");
    Tuner stopping = Tuner.builder().candidates(grid()).folder(folder).stopAfter(2)
        .trainer(TrainerConfig.defaults().withThreads(1)).build();
    assertThrows(Tuner.Stopped.class, () -> stopping.search(TRAIN, VALID));
    try (var files = Files.list(folder.resolve("candidates"))) {
      assertEquals(2, files.count(), "each finished candidate is recorded at once");
    }
    assertFalse(Files.exists(folder.resolve(Tuner.CANDIDATES_CSV)));

    List<Boolean> recorded = new ArrayList<>();
    Tuner resumed = Tuner.builder().candidates(grid()).folder(folder)
        .trainer(TrainerConfig.defaults().withThreads(1))
        .listener(new Tuner.Listener() {
          @Override
          public void candidateDone(Tuner.Row row, boolean fromRecord, int total) {
            recorded.add(fromRecord);
          }
        }).build();
    Tuner.Search s = resumed.search(TRAIN, VALID);
    assertEquals(List.of(true, true, false, false), recorded);
    assertEquals(withoutTime(whole), withoutTime(s));
    assertEquals(whole.chosenRun(), s.chosenRun());

    // a rerun of the finished search trains nothing and gives the same table, seconds included
    String table = Files.readString(folder.resolve(Tuner.CANDIDATES_CSV));
    recorded.clear();
    Tuner.Search again = resumed.search(TRAIN, VALID);
    assertEquals(List.of(true, true, true, true), recorded);
    assertEquals(s, again);
    assertEquals(table, Files.readString(folder.resolve(Tuner.CANDIDATES_CSV)));
  }

  @Test
  void aKilledFinalStepResumes(@TempDir Path dir) throws Exception {
    SequenceDataset test = data(20, 3);
    Tuner.Search s = tuner(dir.resolve("a")).search(TRAIN, VALID);
    Tuner.FinalTest whole = tuner(dir.resolve("a")).test(s, TRAIN, VALID, test, null, 1, 2, 3);
    Path b = dir.resolve("b");
    tuner(b).search(TRAIN, VALID);
    Tuner stopping = Tuner.builder().candidates(grid()).folder(b).stopAfter(1)
        .trainer(TrainerConfig.defaults().withThreads(1)).build();
    assertThrows(Tuner.Stopped.class, () -> stopping.test(s, TRAIN, VALID, test, null, 1, 2, 3));
    Tuner.FinalTest resumed = tuner(b).test(s, TRAIN, VALID, test, null, 1, 2, 3);
    assertArrayEquals(whole.values(), resumed.values());
    assertEquals(whole.mean(), resumed.mean());
  }

  @Test
  void aChangedGridOrDataIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("t");
    Tuner.builder().candidates(grid().subList(0, 1)).folder(folder).build()
        .search(TRAIN, VALID);
    String before = Files.readString(folder.resolve("search.txt"));
    SearchMismatchException e = assertThrows(SearchMismatchException.class,
        () -> Tuner.builder().candidates(grid().subList(1, 2)).folder(folder).build()
            .search(TRAIN, VALID));
    assertEquals("grid", e.setting());
    assertTrue(e.getMessage().contains("grid differs from the search recorded there"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    e = assertThrows(SearchMismatchException.class,
        () -> Tuner.builder().candidates(grid().subList(0, 1)).folder(folder).build()
            .search(TRAIN, data(16, 9)));
    assertEquals("validation", e.setting());
    e = assertThrows(SearchMismatchException.class,
        () -> Tuner.builder().candidates(grid().subList(0, 1)).folder(folder)
            .trainer(TrainerConfig.defaults().withClipNorm(1)).build().search(TRAIN, VALID));
    assertEquals("trainer", e.setting());
    assertEquals(before, Files.readString(folder.resolve("search.txt")), "left as it was");
    // threads do not change results, so they may change on a resume
    Tuner.builder().candidates(grid().subList(0, 1)).folder(folder)
        .trainer(TrainerConfig.defaults().withThreads(2)).build().search(TRAIN, VALID);
  }

  @Test
  void theCsvHoldsEveryCandidateAndMarksTheChosenOne(@TempDir Path dir) throws Exception {
    Tuner.Search s = tuner(dir).search(TRAIN, VALID);
    List<String> lines = Files.readAllLines(dir.resolve(Tuner.CANDIDATES_CSV));
    assertEquals(Tuner.Search.HEADER, lines.get(0));
    assertEquals("run,model,units,learning_rate,solver,epochs,batch_size,optimizer,seed,"
        + "train_loss,validation_loss,validation_metric,best_epoch,seconds,chosen", lines.get(0));
    assertEquals(1 + s.rows().size(), lines.size());
    int chosen = 0;
    for (int i = 0; i < s.rows().size(); i++) {
      String[] cells = lines.get(i + 1).split(",");
      Tuner.Row r = s.rows().get(i);
      assertEquals(15, cells.length);
      assertEquals(Integer.toString(i), cells[0]);
      assertEquals(r.candidate().modelName(), cells[1]);
      assertEquals(r.candidate().learningRate(), Double.parseDouble(cells[3]));
      assertEquals(r.outcome().trainLoss(), Double.parseDouble(cells[9]));
      assertEquals(r.outcome().validationMetric(), Double.parseDouble(cells[11]));
      assertEquals(r.outcome().bestEpoch(), Integer.parseInt(cells[12]));
      chosen += cells[14].equals("true") ? 1 : 0;
      assertEquals(r.run() == s.chosenRun(), Boolean.parseBoolean(cells[14]));
    }
    assertEquals(1, chosen);
  }

  @Test
  void finalTestSummarisesTheAskedMetric() throws Exception {
    Tuner t = tuner(null);
    Tuner.Search s = t.search(TRAIN, VALID);
    Tuner.FinalTest f = t.test(s, TRAIN, VALID, data(20, 3), "f1", 4, 5);
    assertEquals("f1", f.metric());
    double[] v = f.values();
    assertEquals(2, v.length);
    assertEquals((v[0] + v[1]) / 2, f.mean(), 1e-15);
    assertEquals(Math.abs(v[0] - v[1]) / 2, f.std(), 1e-15);
    assertNotEquals(f.seeds().get(0).outcome().withoutTime(),
        f.seeds().get(1).outcome().withoutTime(), "each seed is its own training");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.test(s, TRAIN, VALID, data(20, 3), "mse", 1));
    assertTrue(e.getMessage().startsWith("metric: expected accuracy, f1, loss"), e.getMessage());
  }

  /** Two classes, about one sequence in six positive: accuracy and F1 disagree here. */
  static SequenceDataset imbalanced(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n * LENGTH * 2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      boolean positive = rng.nextDouble() < 0.17;
      for (int t = 0; t < LENGTH; t++) {
        x[(i * LENGTH + t) * 2] = (positive ? 0.8 : -0.2) + rng.nextGaussian();
        x[(i * LENGTH + t) * 2 + 1] = rng.nextGaussian();
      }
      y[i] = positive ? 1 : 0;
    }
    return SequenceDataset.classification(x, n, LENGTH, 2, y, false, 2);
  }

  private static Tuner byF1(Path folder) {
    return Tuner.builder().candidates(new Grid().models("ctrnn", "lstm").units(3)
            .learningRates(0.05, 0.005).epochs(3).batchSizes(8).clipNorms(0, 1).all())
        .folder(folder).scaleData(false).selection(io.liquid4j.train.Selection.F1)
        .loss(new io.liquid4j.train.CrossEntropy(new double[] {1, 3}))
        .trainer(TrainerConfig.defaults().withThreads(1).withDropLastPartialBatch(true)).build();
  }

  @Test
  void onDataAsGivenEachRunAndTheChoiceGoByTheSelectionAndTheTestSetChangesNothing(
      @TempDir Path dir) throws Exception {
    SequenceDataset train = imbalanced(48, 1);
    SequenceDataset valid = imbalanced(32, 2);
    Tuner a = byF1(dir.resolve("a"));
    Tuner.Search sa = a.search(train, valid);
    assertEquals("f1", sa.metricName());
    // the chosen candidate has the highest validation F1, the first of equals
    double best = sa.rows().stream().mapToDouble(r -> r.outcome().validationMetric()).max()
        .orElseThrow();
    assertEquals(sa.rows().stream().filter(r -> r.outcome().validationMetric() == best)
        .findFirst().orElseThrow().run(), sa.chosenRun());
    // independent reference: the chosen candidate trained by hand with the trainer, the loss and
    // the F1 selection, no scaling; its best epoch's validation F1 is the row's metric
    Candidate c = sa.chosen().candidate();
    io.liquid4j.train.Trainer trainer = new io.liquid4j.train.Trainer(
        c.trainerConfig(TrainerConfig.defaults().withThreads(1).withDropLastPartialBatch(true)),
        new io.liquid4j.train.CrossEntropy(new double[] {1, 3}))
        .selectingBy(io.liquid4j.train.Selection.F1);
    io.liquid4j.train.TrainingResult byHand = trainer.fit(io.liquid4j.model.SequenceModel.create(
        c.model().toConfig(2, 2, false), c.seed()), train, valid,
        io.liquid4j.train.TrainingListener.NONE, null, false);
    assertEquals(trainer.evaluate(byHand.model(), valid).f1(),
        sa.chosen().outcome().validationMetric());
    // no peeking: another test set, the same search; the custom metric reaches the final step
    Tuner.TestMetric positives = new Tuner.TestMetric("f1_of_class_1",
        e -> e.confusion().count(1, 1) / (e.confusion().count(1, 1)
            + 0.5 * (e.confusion().count(0, 1) + e.confusion().count(1, 0))));
    Tuner.FinalTest fa = a.testWith(sa, train, valid, imbalanced(40, 3), positives, 1, 2);
    Tuner b = byF1(dir.resolve("b"));
    Tuner.Search sb = b.search(train, valid);
    Tuner.FinalTest fb = b.testWith(sb, train, valid, imbalanced(40, 4), positives, 1, 2);
    assertEquals(withoutTime(sa), withoutTime(sb));
    assertEquals(fa.candidate(), fb.candidate());
    assertEquals("f1_of_class_1", fa.metric());
    for (Tuner.SeedResult r : fa.seeds()) {
      assertTrue(r.test().containsKey("accuracy") && r.test().containsKey("f1_of_class_1"));
    }
    assertFalse(Arrays.equals(fa.values(), fb.values()), "each test set was scored");
    // resuming reads the custom metric back from the records
    Tuner.FinalTest again = byF1(dir.resolve("a")).testWith(sa, train, valid, imbalanced(40, 3),
        positives, 1, 2);
    assertArrayEquals(fa.values(), again.values());
    // a search recorded with another loss is refused naming it
    SearchMismatchException e = assertThrows(SearchMismatchException.class,
        () -> Tuner.builder().candidates(byF1(null).candidates()).folder(dir.resolve("a"))
            .scaleData(false).selection(io.liquid4j.train.Selection.F1)
            .trainer(TrainerConfig.defaults().withThreads(1).withDropLastPartialBatch(true))
            .build().search(train, valid));
    assertEquals("loss", e.setting());
  }

  /**
   * On scaled data (as {@code liquid4j train} trains), the F1 selection reaches each run: the
   * chosen candidate's validation F1 equals that of the same candidate trained by hand through
   * {@link io.liquid4j.predict.ModelTraining} with the F1 selection, and the accuracy selection
   * reads another metric of the same runs.
   */
  @Test
  void scaledRunsSelectByF1AsModelTrainingDoes(@TempDir Path dir) throws Exception {
    SequenceDataset train = imbalanced(48, 1);
    SequenceDataset valid = imbalanced(32, 2);
    List<Candidate> grid = new Grid().models("ctrnn", "lstm").units(3).learningRates(0.05)
        .epochs(3).batchSizes(8).all();
    TrainerConfig base = TrainerConfig.defaults().withThreads(1);
    Tuner.Search f1 = Tuner.builder().candidates(grid).folder(dir.resolve("f1"))
        .selection(io.liquid4j.train.Selection.F1).trainer(base).build().search(train, valid);
    assertEquals("f1", f1.metricName());
    for (Tuner.Row row : f1.rows()) {
      Candidate c = row.candidate();
      io.liquid4j.predict.TrainedModel byHand = io.liquid4j.predict.ModelTraining.builder()
          .data(train).validation(valid).model(c.model()).trainer(c.trainerConfig(base))
          .selection(io.liquid4j.train.Selection.F1).build().run();
      assertEquals(Outcome.of(byHand.training()).validationMetric(),
          row.outcome().validationMetric(),
          c.describe());
    }
    Tuner.Search accuracy = Tuner.builder().candidates(grid).folder(dir.resolve("acc"))
        .trainer(base).build().search(train, valid);
    assertEquals("accuracy", accuracy.metricName());
    assertFalse(Arrays.equals(
        f1.rows().stream().mapToDouble(r -> r.outcome().validationMetric()).toArray(),
        accuracy.rows().stream().mapToDouble(r -> r.outcome().validationMetric()).toArray()),
        "the test can fail: F1 and accuracy differ on these classes");
  }

  @Test
  void classScoresAreRefusedOnRegression() {
    SequenceDataset data = SequenceDataset.regression(new double[4 * LENGTH * 2], 4, LENGTH, 2,
        new double[4], false, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> io.liquid4j.predict.ModelTraining.builder().data(data).validation(data)
            .model(grid().get(0).model()).selection(io.liquid4j.train.Selection.F1).build()
            .run());
    assertEquals("selection: f1 scores classes, but the task is regression; select by loss",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tuner.builder().candidates(grid())
        .selection(io.liquid4j.train.Selection.ACCURACY).build().search(data, data));
    assertEquals("selection: accuracy scores classes, but the task is regression; select by"
        + " loss", e.getMessage());
  }

  @Test
  void chooseReadsTheMetricAsTheSelectionSays() {
    Candidate c = grid().get(0);
    List<Tuner.Row> rows = List.of(
        new Tuner.Row(0, c, new Outcome(1, 0.5, 0.5, 1, 0)),
        new Tuner.Row(1, c, new Outcome(1, 0.2, 0.9, 1, 0)),
        new Tuner.Row(2, c, new Outcome(1, 0.1, 0.1, 1, 0)));
    assertEquals(1, Tuner.Search.choose(TaskKind.REGRESSION, io.liquid4j.train.Selection.F1,
        rows).chosenRun());
    assertEquals(2, Tuner.Search.choose(TaskKind.CLASSIFICATION,
        io.liquid4j.train.Selection.LOSS, rows).chosenRun());
  }

  @Test
  void aGridWithRecipeAxesAddsTheirColumnsAfterTheSweepTable(@TempDir Path dir) throws Exception {
    List<Candidate> candidates = new Grid().models("ctrnn").units(3).epochs(1).batchSizes(8)
        .clipNorms(0, 1).all();
    Tuner.Search s = Tuner.builder().candidates(candidates).folder(dir)
        .trainer(TrainerConfig.defaults().withThreads(1)).build().search(TRAIN, VALID);
    List<String> lines = Files.readAllLines(dir.resolve(Tuner.CANDIDATES_CSV));
    assertEquals(Tuner.Search.HEADER + ",l2,clip_norm,clip_tensor_norm,drop_last,lr_decay",
        lines.get(0));
    for (int i = 0; i < 2; i++) {
      String[] cells = lines.get(i + 1).split(",", -1);
      assertEquals(20, cells.length);
      assertEquals(s.rows().get(i).run() == s.chosenRun(), Boolean.parseBoolean(cells[14]));
      assertEquals("", cells[15], "l2 kept as fixed");
      assertEquals(i == 0 ? 0.0 : 1.0, Double.parseDouble(cells[16]));
    }
  }

  @Test
  void heldOutDataOfAnotherShapeAreRefusedBeforeTraining() {
    SequenceDataset threeFeatures = SequenceDataset.classification(new double[4 * LENGTH * 3], 4,
        LENGTH, 3, new double[4], false, 2);
    Tuner t = Tuner.builder().candidates(grid()).scaleData(false).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.search(TRAIN, threeFeatures));
    assertTrue(e.getMessage().startsWith("validation: the data do not match the training data"),
        e.getMessage());
  }
}
