package io.liquid4j.experiments;

import static io.liquid4j.reservoir.WeightDistribution.BERNOULLI;
import static io.liquid4j.reservoir.WeightDistribution.NORMAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.experiments.ReservoirExperiment.Options;
import io.liquid4j.experiments.ReservoirExperiment.ReadoutKind;
import io.liquid4j.experiments.ReservoirExperiment.Result;
import io.liquid4j.experiments.ReservoirExperiment.SeedSweep;
import io.liquid4j.experiments.ReservoirExperiment.Task;
import io.liquid4j.reservoir.Readout;
import io.liquid4j.reservoir.Reservoir;
import io.liquid4j.reservoir.ReservoirSession;
import io.liquid4j.reservoir.Ridge;
import io.liquid4j.reservoir.task.MackeyGlass;
import io.liquid4j.reservoir.task.Metrics;
import io.liquid4j.reservoir.task.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reservoir benchmark on each task at a reduced size (the full settings are measured by
 * {@code ./liquid4j reservoir}, not by tests), its closed loop, its online readouts, and its
 * rejection of settings that cannot run, by CLI option name.
 */
class ReservoirExperimentTest {
  /** Options with the main knobs changed and the rest left as given. */
  private static Options with(Options d, int units, int length, int horizon, int train, int test,
      int warmup, int generate, ReadoutKind readout, double alpha) {
    return d.toBuilder()
        .units(units)
        .length(length)
        .horizon(horizon)
        .train(train)
        .test(test)
        .warmup(warmup)
        .generate(generate)
        .readout(readout)
        .alpha(alpha)
        .build();
  }

  @Test
  void mackeyGlassTenStepsAheadWithAFifthOfTheUnits() {
    Options o = with(Options.defaults(Task.MACKEY_GLASS), 200, 4000, 10, 3000, 990, 100, 0,
        ReadoutKind.RIDGE, 1);
    Result r = ReservoirExperiment.run(o);
    assertTrue(r.nrmse() < 5e-3, "NRMSE " + r.nrmse());
    assertTrue(r.rsquare() > 0.999, "R² " + r.rsquare());
    assertEquals(990, r.predictions().length);
    assertTrue(r.initSeconds() >= 0 && r.fitSeconds() > 0 && r.runSeconds() > 0);
    // Seeded: the same options give the same predictions.
    assertArrayEquals(r.predictions(), ReservoirExperiment.run(o).predictions(), 0);
  }

  @Test
  void narma10IsLearnedToTheUsualAccuracy() {
    Options d = Options.defaults(Task.NARMA10);
    assertTrue(d.inputToReadout(), "the usual protocol's readout reads [x; u; 1]");
    Result r = ReservoirExperiment.run(with(d, 200, 3000, 1, 2000, 999, 200, 0,
        ReadoutKind.RIDGE, 1));
    assertTrue(r.nrmseStd() < 0.5, "NRMSE (std) " + r.nrmseStd());
    assertTrue(r.rsquare() > 0.7, "R² " + r.rsquare());
  }

  @Test
  void lorenzPredictsAllThreeCoordinates() {
    Result r = ReservoirExperiment.run(with(Options.defaults(Task.LORENZ), 200, 3000, 1, 2000,
        999, 100, 0, ReadoutKind.RIDGE, 1));
    assertEquals(3, r.outputs());
    assertEquals(3 * 999, r.predictions().length);
    assertTrue(r.nrmse() < 1e-2, "NRMSE " + r.nrmse());
  }

  @Test
  void closedLoopGenerationFollowsTheSeriesForAWhile() {
    Result r = ReservoirExperiment.run(with(Options.defaults(Task.MACKEY_GLASS), 300, 4000, 1,
        3000, 900, 100, 84, ReadoutKind.RIDGE, 1));
    assertEquals(84, r.generated().length);
    assertEquals(84, r.generationTruth().length);
    assertTrue(r.generationNrmse() < 0.05, "84-step NRMSE " + r.generationNrmse());
    assertTrue(Double.isFinite(r.generationFinalError()));
  }

  @Test
  void onlineReadoutsLearnWhileTheReservoirRuns() {
    Options d = Options.defaults(Task.MACKEY_GLASS);
    Result rls = ReservoirExperiment.run(with(d, 200, 3000, 1, 2000, 990, 100, 0,
        ReadoutKind.RLS, 1e-6));
    assertTrue(rls.nrmse() < 1e-2, "RLS NRMSE " + rls.nrmse());
    Result ridge = ReservoirExperiment.run(with(d, 200, 3000, 1, 2000, 990, 100, 0,
        ReadoutKind.RIDGE, 1));
    assertTrue(ridge.nrmse() < rls.nrmse() * 2, "ridge " + ridge.nrmse() + ", RLS " + rls.nrmse());
    Result lms = ReservoirExperiment.run(with(d, 100, 3000, 1, 2000, 990, 100, 0,
        ReadoutKind.LMS, 1));
    assertTrue(lms.rsquare() > 0.5, "LMS R² " + lms.rsquare());
  }

  @Test
  void settingsThatCannotRunAreRejectedBySettingName() {
    // A small run that is valid; each case changes one or two settings.
    Options.Builder base = Options.builder(Task.MACKEY_GLASS).units(100).length(1000).horizon(1)
        .train(500).test(400).warmup(10).seed(1).dataSeed(1).inputDistribution(BERNOULLI);
    base.build();
    assertMessage("leak: expected a rate in (0, 1], found 1.5", base.leak(1.5));
    base.leak(0.3);
    assertMessage("spectralRadius: expected a positive number, found -1.0",
        base.spectralRadius(-1));
    base.spectralRadius(1.25);
    assertMessage("connectivity: expected a fraction in (0, 1], found 0.0",
        base.connectivity(0));
    base.connectivity(0.1);
    assertMessage("inputConnectivity: expected a fraction in (0, 1], found 2.0",
        base.inputConnectivity(2));
    base.inputConnectivity(0.2);
    assertMessage("ridge: expected a finite number ≥ 0, found -1.0E-8", base.ridge(-1e-8));
    base.ridge(1e-8);
    assertMessage("train + test + horizon: expected at most length (1000), found 1001",
        base.train(600));
    base.train(500);
    assertMessage("warmup: expected an integer in [0, train), found 500", base.warmup(500));
    base.warmup(10);
    assertMessage("forgetting: expected a factor in (0, 1], found 0.0",
        base.readout(ReadoutKind.RLS).forgetting(0));
    base.readout(ReadoutKind.RIDGE).forgetting(1);
    assertMessage("generate: expected horizon 1 on mackey-glass or lorenz (each prediction"
        + " becomes the next input), found horizon 10 on mackey-glass",
        base.horizon(10).generate(50));
    base.horizon(1);
    assertMessage("generate: expected a readout of the states alone, found inputToReadout",
        base.inputToReadout(true));
    base.inputToReadout(false).generate(0);
    assertEquals(base.build(), base.build().toBuilder().build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Task.fromName("--task", "henon"));
    assertEquals("--task: expected mackey-glass, narma10 or lorenz, found 'henon'",
        e.getMessage());
  }

  /** The builder starts from the task's defaults and changes only what it is told. */
  @Test
  void theBuilderChangesOnlyWhatItIsTold() {
    Options d = Options.defaults(Task.NARMA10);
    assertEquals(400, d.units());
    assertEquals(0.025, d.connectivity());
    assertEquals(ReadoutKind.RIDGE, d.readout());
    assertTrue(d.inputToReadout());
    Options o = d.toBuilder().units(50).readout(ReadoutKind.LMS).learningRate(0.01).build();
    assertEquals(50, o.units());
    assertEquals(ReadoutKind.LMS, o.readout());
    assertEquals(0.01, o.learningRate());
    assertEquals(d, o.toBuilder().units(400).readout(ReadoutKind.RIDGE).learningRate(1e-3)
        .build());
    assertEquals(d, Options.builder(Task.NARMA10).build());
    assertTrue(o.toString().contains("units=50"), o.toString());
  }

  @Test
  void aSingularReadoutWithoutRidgeIsReportedNotSolved() {
    // Zero ridge on more units than training rows: the system is singular.
    Options d = Options.defaults(Task.MACKEY_GLASS);
    Options o = d.toBuilder().units(300).ridge(0).length(1000).horizon(1).train(200).test(100)
        .warmup(10).seed(1).dataSeed(1).inputDistribution(BERNOULLI).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReservoirExperiment.run(o));
    assertEquals("ridge: the readout's system (300 features, 190 rows) is singular; give a "
        + "positive ridge (e.g. 1e-8)", e.getMessage());
  }

  /** Small Mackey–Glass options for the bias and seed tests: quick, still a real fit. */
  private static Options.Builder smallMackeyGlass() {
    return Options.builder(Task.MACKEY_GLASS).units(60).length(1600).train(1100).test(480)
        .warmup(50);
  }

  /**
   * The Mackey–Glass default is ReservoirPy 0.3.16's Bernoulli input bias (±1 on a fifth of the
   * neurons), and a run with it is the same, bit for bit, as the pipeline written out by hand
   * with the core API's {@code Reservoir.Builder.bias}.
   */
  @Test
  void theDefaultBiasIsReservoirPy0316sAndRunsAsTheCoreApiWrittenOut() {
    Options d = Options.defaults(Task.MACKEY_GLASS);
    assertEquals(1.0, d.bias());
    assertEquals(0.2, d.biasConnectivity());
    assertEquals(0.0, Options.defaults(Task.NARMA10).bias());
    assertEquals(0.0, Options.defaults(Task.LORENZ).bias());

    Options o = smallMackeyGlass().bias(0.5).biasConnectivity(0.3).seed(11).build();
    Reservoir reservoir = Reservoir.builder(60).leak(0.3).spectralRadius(1.25).inputScaling(1)
        .connectivity(0.1).inputConnectivity(0.2).recurrentDistribution(NORMAL)
        .inputDistribution(BERNOULLI).bias(0.5, 0.3).seed(11).build(1);
    double[] b = reservoir.bias();
    int nonZero = 0;
    for (double v : b) {
      assertTrue(v == 0 || Math.abs(v) == 0.5, "bias " + v);
      nonZero += v != 0 ? 1 : 0;
    }
    assertTrue(nonZero > 5 && nonZero < 35, nonZero + " of 60 biased at connectivity 0.3");
    assertArrayEquals(b, ReservoirExperiment.reservoirBuilder(o).build(1).bias(), 0);

    double[] x = Series.minMaxScale(MackeyGlass.generate(1600, MackeyGlass.DEFAULT_SEED), -1, 1);
    ReservoirSession session = reservoir.newSession();
    double[] trainStates = session.run(Arrays.copyOfRange(x, 0, 1100), 1100);
    Readout readout = new Ridge(60, 1, 1e-8)
        .add(trainStates, Arrays.copyOfRange(x, 10, 1110), 1100, 50).fit();
    double[] predicted = readout.predict(session.run(Arrays.copyOfRange(x, 1100, 1580), 480), 480);
    double expected = Metrics.nrmse(Arrays.copyOfRange(x, 1110, 1590), predicted);
    assertEquals(expected, ReservoirExperiment.run(o).nrmse(), 0);

    // Bias 0 is ReservoirPy 0.4's setting: no bias, whatever the connectivity.
    Options none = o.toBuilder().bias(0).build();
    for (double v : ReservoirExperiment.reservoirBuilder(none).build(1).bias()) {
      assertEquals(0, v);
    }
    assertTrue(ReservoirExperiment.run(none).nrmse() != expected, "the bias changes the fit");
  }

  /** Each seed of a sweep is the run of that seed alone; the median is the middle value. */
  @Test
  void aSeedSweepIsTheRunOfEachSeedAndItsMedian() {
    Options o = smallMackeyGlass().build();
    long[] seeds = {3, 9, 4};
    List<Long> reported = new ArrayList<>();
    SeedSweep s = ReservoirExperiment.runSeeds(o, seeds, (r, seed) -> reported.add(seed));
    assertEquals(List.of(3L, 9L, 4L), reported);
    assertArrayEquals(seeds, s.seeds());
    for (int i = 0; i < seeds.length; i++) {
      assertEquals(ReservoirExperiment.run(o.toBuilder().seed(seeds[i]).build()).nrmse(),
          s.nrmse()[i], 0);
    }
    assertArrayEquals(s.nrmse(), ReservoirExperiment.runSeeds(o, seeds, null).nrmse(), 0);
    double[] sorted = s.nrmse().clone();
    Arrays.sort(sorted);
    assertEquals(sorted[1], s.median(), 0);
    assertEquals(2.5, new SeedSweep(new long[4], new double[] {4, 1, 3, 2}).median(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReservoirExperiment.runSeeds(o, new long[0], null));
    assertEquals("seeds: expected at least one seed, found none", e.getMessage());
  }

  @Test
  void badBiasSettingsAreRejectedBySettingName() {
    assertMessage("bias: expected a finite number, found NaN",
        Options.builder(Task.MACKEY_GLASS).bias(Double.NaN));
    assertMessage("biasConnectivity: expected a fraction in (0, 1], found 0.0",
        Options.builder(Task.MACKEY_GLASS).biasConnectivity(0));
  }

  private static void assertMessage(String expected, Options.Builder b) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertEquals(expected, e.getMessage());
  }
}
