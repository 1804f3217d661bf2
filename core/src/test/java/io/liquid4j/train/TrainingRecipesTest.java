package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18: the training recipes of the published protocols (L2 penalty, per-tensor clipping,
 * schedules per batch, optimizer hyperparameters, dropping the last partial batch, the listener's
 * view of the model, best and last models, clean stops that resume bit for bit).
 */
class TrainingRecipesTest {
  @TempDir Path tmp;

  /** Names of every kind the penalty rule must decide, one frozen weight among them. */
  private static ParameterLayout mixedLayout() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    b.add("rnn_cell.backbone.0.weight", 2, 3);
    b.add("rnn_cell.backbone.0.bias", 2);
    b.add("rnn_cell.w_tau", 1, 2);
    b.add("rnn_cell.w", 2, 2);
    b.add("rnn_cell.sensory_w", 1, 2);
    b.add("rnn_cell.sigma", 2, 2);
    b.add("rnn_cell.input_w", 3);
    b.add("lstm.recurrent_map.weight", 2, 1);
    b.addFrozen("frozen.weight", 2);
    b.add("fc.weight", 1, 2);
    return b.build();
  }

  private static double[] seeded(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble(-2, 2);
    }
    return v;
  }

  @Test
  void theL2RuleTakesWeightMatricesOnly() {
    for (String yes : List.of("weight", "ff1.weight", "rnn_cell.backbone.3.weight",
        "rnn_cell.w", "rnn_cell.sensory_w", "lstm.input_map.weight", "fc.weight")) {
      assertTrue(L2Penalty.isPenalised(yes), yes);
    }
    for (String no : List.of("bias", "ff1.bias", "rnn_cell.w_tau", "rnn_cell.A", "tau",
        "rnn_cell.sigma", "rnn_cell.mu", "rnn_cell.erev", "rnn_cell.sensory_erev",
        "rnn_cell.cm", "rnn_cell.gleak", "rnn_cell.input_w", "rnn_cell.output_w", "weights.bias")) {
      assertFalse(L2Penalty.isPenalised(no), no);
    }
  }

  /**
   * The CfC paper's placement (tf_cfc.py): the CfC cell's Dense kernels only, by hand on the
   * layout of the paper's mixed cell, where the LSTM kernels and the read-out must be spared.
   */
  @Test
  void theCfcKernelScopeTakesTheCfcCellsDenseKernelsOnly() {
    SequenceModel paperMixed = SequenceModel.create(ModelConfig.cfc(1, 4).backbone(8, 2, 0.0)
        .cfcVariant(io.liquid4j.cell.CfcVariant.PAPER).mixedMemory(true).projSize(2).build(), 1);
    ParameterLayout layout = paperMixed.layout();
    List<String> kernels = new java.util.ArrayList<>();
    for (ParameterLayout.Entry e : layout.entries()) {
      if (L2Penalty.Scope.CFC_KERNELS.includes(e.name())) {
        kernels.add(e.name().substring(e.name().indexOf('.') + 1));
      }
    }
    assertEquals(List.of("backbone.0.weight", "backbone.2.weight", "ff1.weight", "ff2.weight",
        "time_a.weight", "time_b.weight"), kernels.stream().sorted().toList(), layout.toString());
    for (String no : List.of("lstm.input_map.weight", "lstm.recurrent_map.weight", "fc.weight",
        "rnn_cell.ff1.bias", "rnn_cell.w", "rnn_cell.sensory_w", "weight")) {
      assertFalse(L2Penalty.Scope.CFC_KERNELS.includes(no), no);
    }
    double[] p = seeded(layout.size(), 6);
    double lambda = 0.2;
    double sum = 0;
    for (ParameterLayout.Entry e : layout.entries()) {
      if (kernels.contains(e.name().substring(e.name().indexOf('.') + 1))) {
        for (int i = e.offset(); i < e.offset() + e.size(); i++) {
          sum += p[i] * p[i];
        }
      }
    }
    assertEquals(lambda * sum,
        L2Penalty.value(p, layout, lambda, L2Penalty.Scope.CFC_KERNELS), 1e-13);
    assertTrue(sum < L2Penalty.value(p, layout, 1.0), "the test can fail: the default scope"
        + " covers more");
    double[] g = new double[layout.size()];
    L2Penalty.addGradient(p, g, layout, lambda, L2Penalty.Scope.CFC_KERNELS);
    for (ParameterLayout.Entry e : layout.entries()) {
      boolean counted = L2Penalty.Scope.CFC_KERNELS.includes(e.name());
      for (int i = e.offset(); i < e.offset() + e.size(); i++) {
        assertEquals(counted ? 2 * lambda * p[i] : 0.0, g[i], 1e-15, e.name());
      }
    }
  }

  @Test
  void l2PenaltyAndGradientByHand() {
    ParameterLayout layout = mixedLayout();
    double[] p = seeded(layout.size(), 3);
    double lambda = 0.05;
    double sum = 0;
    for (String name : List.of("rnn_cell.backbone.0.weight", "rnn_cell.w", "rnn_cell.sensory_w",
        "lstm.recurrent_map.weight", "fc.weight")) {
      ParameterLayout.Entry e = layout.entry(name);
      for (int i = e.offset(); i < e.offset() + e.size(); i++) {
        sum += p[i] * p[i];
      }
    }
    assertEquals(lambda * sum, L2Penalty.value(p, layout, lambda), 1e-14);

    double[] g = seeded(layout.size(), 4);
    double[] before = g.clone();
    double penalty = L2Penalty.addGradient(p, g, layout, lambda);
    assertEquals(lambda * sum, penalty, 1e-14);
    for (ParameterLayout.Entry e : layout.entries()) {
      boolean counted = e.trainable() && L2Penalty.isPenalised(e.name());
      for (int i = e.offset(); i < e.offset() + e.size(); i++) {
        assertEquals(counted ? before[i] + 2 * lambda * p[i] : before[i], g[i], 1e-15,
            e.name());
      }
    }
  }

  @Test
  void l2GradientMatchesFiniteDifferences() {
    ParameterLayout layout = mixedLayout();
    double[] p = seeded(layout.size(), 5);
    double lambda = 0.3;
    double[] g = new double[layout.size()];
    L2Penalty.addGradient(p, g, layout, lambda);
    double h = 1e-6;
    for (int i = 0; i < p.length; i++) {
      double[] up = p.clone();
      double[] down = p.clone();
      up[i] += h;
      down[i] -= h;
      double fd = (L2Penalty.value(up, layout, lambda) - L2Penalty.value(down, layout, lambda))
          / (2 * h);
      assertEquals(fd, g[i], 1e-8, "entry " + i);
    }
  }

  @Test
  void perTensorClippingByHand() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    b.add("a", 2);
    b.add("b", 2);
    b.addFrozen("c", 2);
    b.add("d", 1);
    ParameterLayout layout = b.build();
    double[] g = {3, 4, 0.6, 0.8, 30, 40, -7};
    double norm = GradientClipping.clipPerTensor(g, layout, 2.0);
    assertEquals(Math.sqrt(9 + 16 + 1 + 49), norm, 1e-12);
    // a: norm 5 → scaled to 2; b: norm 1, untouched bit for bit; frozen c untouched; d: 7 → 2.
    assertArrayEquals(new double[] {3 * 2.0 / 5, 4 * 2.0 / 5, 0.6, 0.8, 30, 40, -2}, g, 1e-15);
    assertEquals(0.6, g[2], 0.0);

    double[] bad = {Double.NaN, 1, 1, 1, 1, 1, 1};
    assertTrue(Double.isNaN(GradientClipping.clipPerTensor(bad, layout, 0.1)));
    assertEquals(1.0, bad[1], 0.0);
    assertThrows(IllegalArgumentException.class,
        () -> GradientClipping.clipPerTensor(new double[7], layout, 0));
  }

  private static SequenceModel cfc() {
    return SequenceModel.create(ModelConfig.cfc(2, 4).backbone(8, 1, 0.0).projSize(2).build(), 1);
  }

  /**
   * The trainer's step with L2 penalty, per-tensor and global clipping on plain SGD (lr 1: the
   * step is the processed gradient itself), against the same processing done here by hand on the
   * gradient the trainer reports.
   */
  @Test
  void aStepAddsThePenaltyThenClipsPerTensorThenGlobally() {
    SequenceModel model = cfc();
    SequenceDataset data = TrainerTest.runningSign(6, 11);
    double lambda = 0.01;
    TrainerConfig tc = TrainerConfig.builder().learningRate(1.0).optimizer(OptimizerConfig.sgd())
        .l2(lambda).clipTensorNorm(0.05).clipNorm(0.2).threads(1).build();
    Trainer trainer = new Trainer(tc, new CrossEntropy());
    GradientSum sum = trainer.gradientSum(model, data.batch(new int[] {0, 1, 2, 3, 4, 5}), 1L);
    double[] p = model.parameters();
    double[] g = new double[p.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = sum.gradient()[i] / sum.weightSum();
    }
    ParameterLayout layout = model.layout();
    double penalty = L2Penalty.addGradient(p, g, layout, lambda);
    assertTrue(penalty > 0);
    GradientClipping.clipPerTensor(g, layout, 0.05);
    GradientClipping.clipByGlobalNorm(g, layout, 0.2);
    try (Trainer.Stepper s = trainer.stepper(model)) {
      double loss = s.step(sum);
      assertEquals(sum.meanLoss() + penalty, loss, 1e-15);
      double[] after = s.model().parameters();
      for (int i = 0; i < p.length; i++) {
        assertEquals(p[i] - g[i], after[i], 0.0, "parameter " + i);
      }
    }
    // Each tensor was clipped: no tensor of the step is longer than 0.05.
    for (ParameterLayout.Entry e : layout.entries()) {
      double ss = 0;
      for (int i = e.offset(); i < e.offset() + e.size(); i++) {
        ss += g[i] * g[i];
      }
      assertTrue(Math.sqrt(ss) <= 0.05 + 1e-12, e.name());
    }
  }

  /** One Adam step with every hyperparameter changed, computed by hand from the gradient. */
  @Test
  void configuredAdamStepByHand() {
    SequenceModel model = cfc();
    SequenceDataset data = TrainerTest.runningSign(4, 12);
    double lr = 0.01;
    double b1 = 0.8;
    double b2 = 0.95;
    double eps = 1e-3;
    double wd = 0.1;
    TrainerConfig tc = TrainerConfig.builder().learningRate(lr)
        .optimizer(OptimizerConfig.adam().withBetas(b1, b2).withEps(eps).withWeightDecay(wd))
        .threads(1).build();
    Trainer trainer = new Trainer(tc, new CrossEntropy());
    GradientSum sum = trainer.gradientSum(model, data.batch(new int[] {0, 1, 2, 3}), 1L);
    double[] p = model.parameters();
    try (Trainer.Stepper s = trainer.stepper(model)) {
      s.step(sum);
      double[] after = s.model().parameters();
      for (int i = 0; i < p.length; i++) {
        double g = sum.gradient()[i] / sum.weightSum() + wd * p[i];
        double m = (1 - b1) * g;
        double v = (1 - b2) * g * g;
        double mHat = m / (1 - b1);
        double vHat = v / (1 - b2);
        double expected = p[i] - lr * mHat / (Math.sqrt(vHat) + eps);
        assertEquals(expected, after[i], 1e-15 + 1e-12 * Math.abs(expected), "parameter " + i);
      }
    }
  }

  /** Records the learning rate of every step through the model's change under plain SGD. */
  @Test
  void exponentialDecayPerStepIsKerasExponentialDecay() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(12, 13);
    double lr = 0.02;
    double rate = 0.5;
    int decaySteps = 3;
    double gamma = Math.pow(rate, 1.0 / decaySteps);
    TrainerConfig tc = TrainerConfig.builder().epochs(3).batchSize(4).learningRate(lr)
        .schedulePer(SchedulePer.BATCH).threads(1).seed(3).build();
    Trainer trainer = new Trainer(tc, new CrossEntropy(), new ExponentialLr(lr, gamma));
    TrainingResult r = trainer.fit(cfc(), train, null, null, null, false);
    for (EpochSummary s : r.history()) {
      int step = 3 * s.epoch(); // 3 steps per epoch; the summary holds the epoch's first rate
      assertEquals(lr * Math.pow(rate, (double) step / decaySteps), s.learningRate(),
          1e-12 * lr);
    }
    // Per epoch (the default) the same schedule decays once an epoch.
    Trainer perEpoch = new Trainer(tc.withSchedulePer(SchedulePer.EPOCH), new CrossEntropy(),
        new ExponentialLr(lr, gamma));
    TrainingResult e = perEpoch.fit(cfc(), train, null, null, null, false);
    assertEquals(lr * gamma * gamma, e.history().get(2).learningRate(), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> new Trainer(tc, new CrossEntropy(),
        LearningRateSchedules.parse("plateau", lr)).fit(cfc(), train, null, null, null, false));
  }

  @Test
  void kerasExponentialDecayPerStepInClosedForm() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(12, 13);
    for (boolean staircase : new boolean[] {false, true}) {
      TrainerConfig tc = TrainerConfig.builder().epochs(4).batchSize(4).learningRate(0.02)
          .schedulePer(SchedulePer.BATCH).threads(1).seed(3).build();
      LearningRateSchedule keras = LearningRateSchedules.parse(
          staircase ? "decay:0.5:5:staircase" : "decay:0.5:5", 0.02);
      assertEquals(new ExponentialDecayLr(0.02, 5, 0.5, staircase).toString(), keras.toString());
      TrainingResult r = new Trainer(tc, new CrossEntropy(), keras)
          .fit(cfc(), train, null, null, null, false);
      for (EpochSummary s : r.history()) {
        double p = 3.0 * s.epoch() / 5; // 3 steps per epoch, decay_steps 5
        assertEquals(0.02 * Math.pow(0.5, staircase ? Math.floor(p) : p), s.learningRate(), 0.0);
      }
    }
    ExponentialDecayLr d = new ExponentialDecayLr(1.0, 2, 0.25, false);
    assertEquals(0.5, d.next(0, Double.NaN), 0.0);   // 0.25^(1/2)
    assertEquals(0.25, d.next(1, Double.NaN), 0.0);
    ExponentialDecayLr restored = d.copy();
    restored.restore(d.state());
    assertEquals(0.25, restored.learningRate(), 0.0);
    assertEquals(0.125, restored.next(2, Double.NaN), 0.0);
    assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedules.parse("decay:0.5:5:stairs", 0.1));
    assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedules.parse("decay:0.5", 0.1));
  }

  /** The optimizer sees the per-step rates: under SGD the step length scales with them. */
  @Test
  void theOptimizerUsesTheRateOfEachStep() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(8, 14);
    TrainerConfig tc = TrainerConfig.builder().epochs(1).batchSize(4).learningRate(0.1)
        .optimizer(OptimizerConfig.sgd()).schedulePer(SchedulePer.BATCH).threads(1).seed(3)
        .build();
    List<double[]> models = new ArrayList<>();
    TrainingListener record = new TrainingListener() {
      @Override
      public void batchFinished(int epoch, int batch, int batches, double loss,
          TrainingControl control) {
        models.add(control.model().parameters());
      }
    };
    SequenceModel start = cfc();
    new Trainer(tc, new CrossEntropy(), new StepLr(0.1, 1, 0.5))
        .fit(start, train, null, record, null, false);
    // The second step ran at 0.05: its SGD step equals 0.05 × the gradient at the first model.
    Trainer plain = new Trainer(tc.withSchedulePer(SchedulePer.EPOCH), new CrossEntropy());
    int[][] batches = plain.epochBatches(8, 0);
    SequenceModel first = start.withParameters(models.get(0));
    GradientSum g = plain.gradientSum(first, train.batch(batches[1]), Trainer.seedOf(3, 0, 1));
    double[] expected = models.get(0);
    double[] got = models.get(1);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i] - 0.05 * g.gradient()[i] / g.weightSum(), got[i], 1e-12);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void droppingTheLastPartialBatch(boolean drop) throws IOException {
    SequenceDataset train = TrainerTest.runningSign(10, 15);
    TrainerConfig tc = TrainerConfig.builder().epochs(2).batchSize(4).dropLastPartialBatch(drop)
        .threads(1).build();
    Trainer trainer = new Trainer(tc, new CrossEntropy());
    int[][] batches = trainer.epochBatches(10, 1);
    assertEquals(drop ? 2 : 3, batches.length);
    for (int[] b : batches) {
      assertTrue(b.length == 4 || !drop);
    }
    List<Integer> steps = new ArrayList<>();
    trainer.fit(cfc(), train, null, new TrainingListener() {
      @Override
      public void epochStarted(int epoch, int epochs, int n) {
        steps.add(0);
      }

      @Override
      public void batchFinished(int epoch, int batch, int n, double loss) {
        steps.set(epoch, steps.get(epoch) + 1);
      }
    }, null, false);
    assertEquals(List.of(drop ? 2 : 3, drop ? 2 : 3), steps);
    if (drop) {
      Trainer big = new Trainer(tc.withBatchSize(16), new CrossEntropy());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> big.fit(cfc(), train, null, null, null, false));
      assertTrue(e.getMessage().startsWith("dropLastPartialBatch")
          && e.getMessage().contains("fewer than one batch"), e.getMessage());
    }
  }

  @Test
  void theListenerSeesTheModelAndTheResultHoldsBestAndLast() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(16, 16);
    SequenceDataset valid = TrainerTest.runningSign(8, 17);
    TrainerConfig tc = TrainerConfig.builder().epochs(4).batchSize(8).learningRate(0.05)
        .threads(1).seed(5).build();
    List<double[]> byEpoch = new ArrayList<>();
    TrainingListener record = new TrainingListener() {
      @Override
      public void epochFinished(EpochSummary s, TrainingControl control) {
        byEpoch.add(control.model().parameters());
      }
    };
    TrainingResult r = new Trainer(tc, new CrossEntropy())
        .fit(cfc(), train, valid, record, null, false);
    assertEquals(4, byEpoch.size());
    assertEquals(StopReason.COMPLETED, r.stopReason());
    assertArrayEquals(byEpoch.get(3), r.lastModel().parameters(), 0.0);
    assertArrayEquals(byEpoch.get(r.bestEpoch()), r.bestModel().parameters(), 0.0);
    assertArrayEquals(r.bestModel().parameters(), r.model().parameters(), 0.0);

    TrainingResult last = new Trainer(tc.withRestoreBest(false), new CrossEntropy())
        .fit(cfc(), train, valid, null, null, false);
    assertArrayEquals(byEpoch.get(3), last.model().parameters(), 0.0);
    assertArrayEquals(byEpoch.get(r.bestEpoch()), last.bestModel().parameters(), 0.0);

    TrainingResult noValidation = new Trainer(tc, new CrossEntropy())
        .fit(cfc(), train, null, null, null, false);
    assertNull(noValidation.bestModel());
    assertNotNull(noValidation.lastModel());
  }

  /** Every recipe at once, so that the checkpoint must carry all their state. */
  private static TrainerConfig recipes(int epochs) {
    return TrainerConfig.builder().epochs(epochs).batchSize(5).learningRate(0.03)
        .l2(1e-3).clipTensorNorm(0.5).clipNorm(1.0).schedulePer(SchedulePer.BATCH)
        .dropLastPartialBatch(true).threads(2).seed(9).build();
  }

  private static Trainer recipesTrainer(TrainerConfig tc) {
    return new Trainer(tc, new CrossEntropy(), new ExponentialLr(0.03, 0.97));
  }

  /** The recipes with Keras's closed-form decay, whose state is only its step count. */
  private static Trainer kerasTrainer(TrainerConfig tc) {
    return new Trainer(tc, new CrossEntropy(), new ExponentialDecayLr(0.03, 4, 0.5, false));
  }

  @Test
  void aStopRequestedAfterEpochTwoResumesToTheUninterruptedWeights() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(22, 18);
    SequenceDataset valid = TrainerTest.runningSign(8, 19);
    TrainingResult straight = recipesTrainer(recipes(4))
        .fit(cfc(), train, valid, null, null, false);

    Path ckpt = tmp.resolve("stop.ckpt");
    TrainingListener stopper = new TrainingListener() {
      @Override
      public void epochFinished(EpochSummary s, TrainingControl control) {
        if (s.epoch() == 1) {
          control.requestStop();
        }
      }
    };
    TrainingResult stopped = recipesTrainer(recipes(4))
        .fit(cfc(), train, valid, stopper, ckpt, false);
    assertEquals(StopReason.REQUESTED, stopped.stopReason());
    assertFalse(stopped.stoppedEarly());
    assertEquals(2, stopped.history().size());

    TrainingResult resumed = recipesTrainer(recipes(4)).fit(cfc(), train, valid, null, ckpt, true);
    assertEquals(StopReason.COMPLETED, resumed.stopReason());
    assertArrayEquals(straight.model().parameters(), resumed.model().parameters(), 0.0);
    assertArrayEquals(straight.lastModel().parameters(), resumed.lastModel().parameters(), 0.0);
    assertEquals(straight.history().get(3).learningRate(), resumed.history().get(3)
        .learningRate(), 0.0);

    // A checkpoint of these recipes is refused for a run without the penalty, naming it.
    CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
        () -> recipesTrainer(recipes(4).withL2(0)).fit(cfc(), train, valid, null, ckpt, true));
    assertEquals("l2", e.setting());
  }

  @Test
  void aStopWithinAnEpochAndATimeBudgetResumeToTheSameWeights() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(22, 20);
    TrainingResult straight = kerasTrainer(recipes(3)).fit(cfc(), train, null, null, null, false);

    Path ckpt = tmp.resolve("mid.ckpt");
    TrainingListener midEpoch = new TrainingListener() {
      @Override
      public void batchFinished(int epoch, int batch, int batches, double loss,
          TrainingControl control) {
        if (epoch == 1 && batch == 1) {
          control.requestStop();
        }
      }
    };
    TrainingResult stopped = kerasTrainer(recipes(3))
        .fit(cfc(), train, null, midEpoch, ckpt, false);
    assertEquals(StopReason.REQUESTED, stopped.stopReason());
    assertEquals(1, stopped.history().size(), "the unfinished epoch is not in the history");
    TrainingResult resumed = kerasTrainer(recipes(3)).fit(cfc(), train, null, null, ckpt, true);
    assertArrayEquals(straight.model().parameters(), resumed.model().parameters(), 0.0);

    // A budget of a nanosecond ends the run after its first step, before any checkpoint.
    Path budgeted = tmp.resolve("budget.ckpt");
    TrainerConfig tiny = recipes(3).withTimeBudget(Duration.ofNanos(1));
    TrainingResult cut = kerasTrainer(tiny).fit(cfc(), train, null, null, budgeted, false);
    assertEquals(StopReason.TIME_BUDGET, cut.stopReason());
    assertEquals(0, cut.history().size());
    assertFalse(java.util.Arrays.equals(cfc().parameters(), cut.lastModel().parameters()));
    // The time budget is not part of the run: resuming without it completes the same run.
    TrainingResult done = kerasTrainer(recipes(3)).fit(cfc(), train, null, null, budgeted, true);
    assertArrayEquals(straight.model().parameters(), done.model().parameters(), 0.0);
  }

  @Test
  void badRecipeSettingsNameTheSetting() {
    TrainerConfig.Builder b = TrainerConfig.builder();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> b.l2(-1).build())
        .getMessage().startsWith("l2"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TrainerConfig.builder().l2(Double.NaN).build()).getMessage().startsWith("l2"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TrainerConfig.builder().clipTensorNorm(-0.5).build()).getMessage()
        .startsWith("clip tensor norm"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TrainerConfig.builder().timeBudget(Duration.ZERO).build()).getMessage()
        .startsWith("time budget"));
    TrainerConfig c = TrainerConfig.builder().l2(0.1).clipTensorNorm(2).dropLastPartialBatch(true)
        .schedulePer(SchedulePer.BATCH).timeBudget(Duration.ofMinutes(3)).build();
    assertEquals(c, c.toBuilder().build());
    assertFalse(c.equals(c.withL2(0.2)));
    assertTrue(c.toString().contains("l2=0.1"), c.toString());
  }
}
