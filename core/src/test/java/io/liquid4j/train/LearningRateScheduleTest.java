package io.liquid4j.train;

import static io.liquid4j.train.LossValuesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.train.ReduceLrOnPlateau.Mode;
import io.liquid4j.train.ReduceLrOnPlateau.ThresholdMode;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Learning-rate sequences traced by hand from PyTorch's definitions, and checkpointing. */
class LearningRateScheduleTest {

  /** lr_0, then the values next(0, m_0), next(1, m_1), ... return: lr_0 .. lr_n. */
  static double[] trace(LearningRateSchedule s, double... metrics) {
    double[] lrs = new double[metrics.length + 1];
    lrs[0] = s.learningRate();
    for (int e = 0; e < metrics.length; e++) {
      lrs[e + 1] = s.next(e, metrics[e]);
    }
    return lrs;
  }

  static double[] trace(LearningRateSchedule s, int epochs) {
    return trace(s, new double[epochs]);
  }

  @Test
  void stepLrOverEpochsZeroToTen() {
    // lr_e = 1·0.5^⌊e/3⌋ for e = 0..10.
    assertArrayEquals(
        new double[] {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125},
        trace(new StepLr(1, 3, 0.5), 10),
        0.0);
    // PyTorch's default γ = 0.1, and its chained products: 0.1·0.1 is 0.010000000000000002.
    double[] lrs = trace(new StepLr(0.1, 2), 6);
    assertArrayEquals(new double[] {0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1,
        0.1 * 0.1 * 0.1, 0.1 * 0.1 * 0.1 * 0.1}, lrs, 0.0);
  }

  @Test
  void exponentialLr() {
    assertArrayEquals(new double[] {2, 1, 0.5, 0.25, 0.125},
        trace(new ExponentialLr(2, 0.5), 4), 0.0);
  }

  @Test
  void cosineAnnealing() {
    CosineAnnealingLr s = new CosineAnnealingLr(0.1, 10, 0.001);
    double[] lrs = trace(s, 20);
    assertEquals(0.1, lrs[0], 0.0);
    assertEquals(0.001 + 0.099 / 2, lrs[5], 1e-17); // cos(π/2) = 0: halfway
    assertEquals(0.001, lrs[10], 1e-17); // η_min at T_max
    assertEquals(0.1, lrs[20], 1e-17); // and back up to base at 2·T_max, as PyTorch
    for (int e = 0; e <= 20; e++) {
      assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * e / 10)) / 2, lrs[e], 1e-17);
      assertEquals(lrs[e], s.learningRate(e), 0.0);
    }
    assertEquals(0.0, new CosineAnnealingLr(1, 4).learningRate(4), 1e-16); // default η_min = 0
  }

  @Test
  void constant() {
    assertArrayEquals(new double[] {0.3, 0.3, 0.3}, trace(LearningRateSchedule.constant(0.3), 2),
        0.0);
  }

  static ReduceLrOnPlateau plateau(Mode mode, double factor, int patience, double threshold,
      ThresholdMode thresholdMode, int cooldown, double minLr, double baseLr) {
    return new ReduceLrOnPlateau(baseLr, mode, factor, patience, threshold, thresholdMode,
        cooldown, minLr, 1e-8);
  }

  /**
   * Patience 2, threshold 0 (abs). Epoch 0: 10 beats +∞. 1: 9 better. 2, 3: 9 again, bad 1, 2.
   * 4: bad 3 &gt; 2, reduce to 0.5, bad 0. 5: 8 better. 6, 7: bad 1, 2. 8: bad 3, reduce.
   */
  @Test
  void plateauPatience() {
    ReduceLrOnPlateau s = plateau(Mode.MIN, 0.5, 2, 0, ThresholdMode.ABS, 0, 0, 1);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25},
        trace(s, 10, 9, 9, 9, 9, 8, 8, 8, 8), 0.0);
    assertEquals(8.0, s.best());
    assertEquals(0, s.numBadEpochs());
  }

  /**
   * Patience 0, cooldown 2, a constant metric. Epoch 0: best. 1: bad 1 &gt; 0, reduce, cooldown 2.
   * 2: bad, cooldown 2 → 1, bad reset. 3: cooldown 1 → 0, reset. 4: bad 1, reduce, cooldown 2.
   * 5, 6: cooldown. 7: reduce.
   */
  @Test
  void plateauCooldown() {
    ReduceLrOnPlateau s = plateau(Mode.MIN, 0.5, 0, 1e-4, ThresholdMode.REL, 2, 0, 1);
    assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125},
        trace(s, 5, 5, 5, 5, 5, 5, 5, 5), 0.0);
    assertEquals(2, s.cooldownCounter());
  }

  /** Rel threshold 0.1 in min mode: only x &lt; best·0.9 counts as an improvement. */
  @Test
  void plateauRelativeThreshold() {
    ReduceLrOnPlateau s = plateau(Mode.MIN, 0.1, 0, 0.1, ThresholdMode.REL, 0, 0, 1);
    // 100 best; 95 &gt;= 90: bad, reduce; 89 &lt; 90: better; 81 &gt;= 80.1: bad, reduce.
    double[] lrs = trace(s, 100, 95, 89, 81);
    assertArrayEquals(new double[] {1, 1, 0.1, 0.1, 0.1 * 0.1}, lrs, 0.0);
    assertEquals(89.0, s.best());
  }

  /** Max mode, abs threshold 0.5: an accuracy must rise by more than 0.5 to count. */
  @Test
  void plateauMaxModeAbsoluteThreshold() {
    ReduceLrOnPlateau s = plateau(Mode.MAX, 0.5, 1, 0.5, ThresholdMode.ABS, 0, 0, 1);
    // 70 best; 70.4 bad 1; 71 better (&gt; 70.5); 71.5 bad 1 (not &gt; 71.5); 71.4 bad 2, reduce.
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 0.5}, trace(s, 70, 70.4, 71, 71.5, 71.4), 0.0);
    assertEquals(71.0, s.best());
  }

  /** min_lr bounds the rate; changes smaller than eps are skipped (the counter still resets). */
  @Test
  void plateauMinLrAndEps() {
    assertArrayEquals(new double[] {1, 1, 0.5, 0.3, 0.3},
        trace(plateau(Mode.MIN, 0.5, 0, 0, ThresholdMode.ABS, 0, 0.3, 1), 1, 1, 1, 1), 0.0);
    // From 1e-7 halving: 5e-8, 2.5e-8, 1.25e-8 are applied (changes &gt; 1e-8); the next change
    // would be 6.25e-9 &lt; eps = 1e-8, so the rate stays at 1.25e-8.
    assertArrayEquals(new double[] {1e-7, 1e-7, 5e-8, 2.5e-8, 1.25e-8, 1.25e-8, 1.25e-8},
        trace(plateau(Mode.MIN, 0.5, 0, 0, ThresholdMode.ABS, 0, 0, 1e-7), 1, 1, 1, 1, 1, 1),
        1e-24);
  }

  /** PyTorch's quirk: with a negative best, rel mode's margin points the other way. */
  @Test
  void plateauNegativeBestQuirkAndNaN() {
    ReduceLrOnPlateau s = plateau(Mode.MIN, 0.5, 0, 0.1, ThresholdMode.REL, 0, 0, 1);
    // best −10; −9.5 &lt; −10·0.9 = −9 is "better" although it is worse than −10.
    assertArrayEquals(new double[] {1, 1, 1}, trace(s, -10, -9.5), 0.0);
    assertEquals(-9.5, s.best());
    // NaN never improves, so it is a bad epoch: patience 0 reduces at once.
    assertEquals(0.5, s.next(2, Double.NaN));
    assertEquals(-9.5, s.best());
  }

  @Test
  void plateauDefaults() {
    ReduceLrOnPlateau s = ReduceLrOnPlateau.withDefaults(0.01, Mode.MIN);
    assertEquals("ReduceLrOnPlateau(base_lr=0.01, mode=min, factor=0.1, patience=10,"
        + " threshold=1.0E-4, threshold_mode=rel, cooldown=0, min_lr=0.0, eps=1.0E-8)",
        s.toString());
    double[] metrics = new double[12];
    java.util.Arrays.fill(metrics, 1.0);
    double[] lrs = trace(s, metrics);
    // Epoch 0 sets best; epochs 1..10 are 10 bad epochs (not > patience); the 11th reduces.
    assertEquals(0.01, lrs[11], 0.0);
    assertEquals(0.01 * 0.1, lrs[12], 0.0);
  }

  record ScheduleCase(String label, Supplier<LearningRateSchedule> make) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<ScheduleCase> schedules() {
    return Stream.of(
        new ScheduleCase("constant", () -> new FixedLr(0.2)),
        new ScheduleCase("step", () -> new StepLr(0.1, 3, 0.7)),
        new ScheduleCase("exponential", () -> new ExponentialLr(0.1, 0.9)),
        new ScheduleCase("cosine", () -> new CosineAnnealingLr(0.1, 7, 1e-3)),
        new ScheduleCase("plateau",
            () -> new ReduceLrOnPlateau(0.1, Mode.MIN, 0.5, 1, 1e-4, ThresholdMode.REL, 1,
                1e-4, 1e-8)));
  }

  static final double[] METRICS = {5, 4, 4.5, 4.2, 4.3, 4.1, 4.1, 4.2, 3, 3.1, 3.2, 3.3, 3.3, 3.4};

  /** Snapshot after 6 epochs, restore into a fresh schedule: the rest is bit-identical. */
  @ParameterizedTest
  @MethodSource("schedules")
  void restoreResumesBitForBit(ScheduleCase c) throws Exception {
    LearningRateSchedule first = c.make().get();
    for (int e = 0; e < 6; e++) {
      first.next(e, METRICS[e]);
    }
    ScheduleState saved = first.state();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(saved);
    }
    ScheduleState read;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      read = (ScheduleState) in.readObject();
    }
    assertEquals(saved, read);
    LearningRateSchedule second = c.make().get();
    second.restore(read);
    assertEquals(6, second.epochs());
    assertEquals(first.learningRate(), second.learningRate(), 0.0);
    for (int e = 6; e < METRICS.length; e++) {
      assertEquals(first.next(e, METRICS[e]), second.next(e, METRICS[e]), 0.0, "epoch " + e);
    }
  }

  /** copy(): same hyperparameters, back at epoch 0. */
  @ParameterizedTest
  @MethodSource("schedules")
  void copyStartsOver(ScheduleCase c) {
    LearningRateSchedule fresh = c.make().get();
    double[] expected = trace(fresh, METRICS);
    LearningRateSchedule used = c.make().get();
    trace(used, 1, 2, 3);
    LearningRateSchedule copy = used.copy();
    assertEquals(0, copy.epochs());
    assertEquals(used.toString(), copy.toString());
    assertArrayEquals(expected, trace(copy, METRICS), 0.0);
  }

  @ParameterizedTest
  @MethodSource("schedules")
  void epochsMustComeInOrder(ScheduleCase c) {
    LearningRateSchedule s = c.make().get();
    assertMessage(() -> s.next(1, 0), "epoch", "expects epoch 0", "got 1");
    s.next(0, 1);
    assertMessage(() -> s.next(0, 1), "expects epoch 1", "got 0");
    assertEquals(1, s.epochs());
  }

  @Test
  void restoreRejectsForeignState() {
    ScheduleState step = new StepLr(0.1, 2).state();
    assertMessage(() -> new ExponentialLr(0.1, 0.5).restore(step), "'step'", "'exponential'");
    assertMessage(() -> ReduceLrOnPlateau.withDefaults(0.1, Mode.MIN).restore(
        new ScheduleState("plateau", 1, Map.of("lr", 0.1))), "best");
    assertMessage(() -> ReduceLrOnPlateau.withDefaults(0.1, Mode.MIN).restore(
        new ScheduleState("plateau", 1, Map.of("lr", 0.1, "best", 1.0, "num_bad_epochs", 1.5,
            "cooldown_counter", 0.0))), "num_bad_epochs", "1.5");
    assertMessage(() -> new StepLr(0.1, 2).restore(
        new ScheduleState("step", 1, Map.of("lr", -0.1))), "lr", "-0.1");
    assertMessage(() -> step.value("best"), "best", "lr");
  }

  @Test
  void badHyperparametersAreNamed() {
    assertMessage(() -> new StepLr(0.1, 0), "step_size", "0");
    assertMessage(() -> new StepLr(-0.1, 2), "baseLr", "-0.1");
    assertMessage(() -> new StepLr(0.1, 2, 0), "gamma", "0.0");
    assertMessage(() -> new ExponentialLr(0.1, Double.NaN), "gamma", "NaN");
    assertMessage(() -> new CosineAnnealingLr(0.1, 0), "T_max", "0");
    assertMessage(() -> new CosineAnnealingLr(0.1, 5, -1), "eta_min", "-1");
    assertMessage(() -> new FixedLr(Double.POSITIVE_INFINITY), "lr", "Infinity");
    assertMessage(() -> plateau(Mode.MIN, 1.0, 0, 0, ThresholdMode.REL, 0, 0, 1), "factor",
        "1.0");
    assertMessage(() -> plateau(Mode.MIN, 0.1, -1, 0, ThresholdMode.REL, 0, 0, 1), "patience");
    assertMessage(() -> plateau(Mode.MIN, 0.1, 0, -1e-4, ThresholdMode.REL, 0, 0, 1),
        "threshold");
    assertMessage(() -> plateau(Mode.MIN, 0.1, 0, 0, ThresholdMode.REL, -2, 0, 1), "cooldown");
    assertMessage(() -> plateau(Mode.MIN, 0.1, 0, 0, ThresholdMode.REL, 0, -1, 1), "min_lr");
    assertMessage(() -> plateau(null, 0.1, 0, 0, ThresholdMode.REL, 0, 0, 1), "mode");
    assertMessage(() -> plateau(Mode.MAX, 0.1, 0, 0, null, 0, 0, 1), "threshold_mode");
  }

  @Test
  void toStringPrintsEveryHyperparameter() {
    assertEquals("StepLr(base_lr=0.1, step_size=3, gamma=0.1)", new StepLr(0.1, 3).toString());
    assertEquals("ExponentialLr(base_lr=0.1, gamma=0.9)", new ExponentialLr(0.1, 0.9).toString());
    assertEquals("CosineAnnealingLr(base_lr=0.1, T_max=10, eta_min=0.0)",
        new CosineAnnealingLr(0.1, 10).toString());
    assertEquals("FixedLr(lr=0.1)", new FixedLr(0.1).toString());
  }
}
