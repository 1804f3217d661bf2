package io.liquid4j.spark;

import static io.liquid4j.spark.LocalSpark.assertJobFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.reservoir.ModelLiquid;
import io.liquid4j.reservoir.Readout;
import io.liquid4j.reservoir.Reservoir;
import io.liquid4j.reservoir.Ridge;
import io.liquid4j.reservoir.RidgeStatistics;
import io.liquid4j.wiring.AutoNcp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distributed ridge readout against one machine's {@link Ridge} over the same rows, on an echo
 * state network's states and on a liquid model's neurons; and the errors for malformed records.
 */
class DistributedRidgeTest {
  private static final int[] LENGTHS = {300, 180, 420, 95, 260, 333, 150};
  private static final int WARMUP = 20;
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = LocalSpark.start("DistributedRidgeTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {1, 3, 16})
  void echoStateNetworkReadoutEqualsOneMachine(int partitions) {
    Reservoir reservoir = Reservoir.builder(80)
        .spectralRadius(0.9).connectivity(0.1).inputScaling(1).seed(11).build(1);
    List<LabelledStates> records = new ArrayList<>();
    // Random inputs and a moderate λ keep A well conditioned, so that what is compared is the
    // summation order (a few 1e-12 here), not rounding amplified by a near-singular system: with a
    // smooth input and λ = 1e-6 the two readouts differ by 2e-8 relative for that reason alone.
    Ridge ridge = new Ridge(80, 2, 1e-4);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    for (int s = 0; s < LENGTHS.length; s++) {
      int steps = LENGTHS[s];
      double[] inputs = new double[steps];
      double[] targets = new double[steps * 2];
      for (int t = 0; t < steps; t++) {
        inputs[t] = 2 * rng.nextDouble() - 1;
      }
      for (int t = 0; t < steps; t++) {
        // One step ahead, and the input five steps back: a prediction and a memory task.
        targets[2 * t] = t + 1 < steps ? inputs[t + 1] : 0;
        targets[2 * t + 1] = t >= 5 ? inputs[t - 5] : 0;
      }
      double[] states = reservoir.newSession().run(inputs, steps);
      ridge.add(states, targets, steps, WARMUP);
      records.add(new LabelledStates("sequence-" + s, steps, states, targets));
    }
    Readout expected = ridge.fit();
    Readout actual = DistributedRidge.fit(sc.parallelize(records, partitions), 80, 2, 1e-4,
        WARMUP);
    assertReadoutsAgree(expected, actual, 1e-9);
  }

  /** A series as a user might hold it; the README's example. */
  record Series(String id, double[] inputs, double[] targets) implements java.io.Serializable {}

  @Test
  void statesComputedOnExecutorsFromASeededReservoirGiveTheDriversReadout() {
    List<Series> data = new ArrayList<>();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(8);
    for (int s = 0; s < 6; s++) {
      double[] u = new double[LENGTHS[s]];
      double[] y = new double[LENGTHS[s]];
      for (int t = 0; t < u.length; t++) {
        u[t] = 2 * rng.nextDouble() - 1;
        y[t] = t > 0 ? u[t - 1] : 0;
      }
      data.add(new Series("series-" + s, u, y));
    }
    // As in the README: the seed fixes every matrix, so each partition rebuilds the same reservoir
    // instead of shipping it.
    JavaRDD<LabelledStates> records = sc.parallelize(data, 3).mapPartitions(part -> {
      Reservoir liquid = Reservoir.builder(60).spectralRadius(0.9).connectivity(0.1).seed(42)
          .build(1);
      List<LabelledStates> out = new ArrayList<>();
      part.forEachRemaining(s -> out.add(new LabelledStates(s.id(), s.inputs().length,
          liquid.newSession().run(s.inputs(), s.inputs().length), s.targets())));
      return out.iterator();
    });
    Readout actual = DistributedRidge.fit(records, 60, 1, 1e-4, 10);
    Reservoir liquid = Reservoir.builder(60).spectralRadius(0.9).connectivity(0.1).seed(42)
        .build(1);
    Ridge ridge = new Ridge(60, 1, 1e-4);
    for (Series s : data) {
      int steps = s.inputs().length;
      ridge.add(liquid.newSession().run(s.inputs(), steps), s.targets(), steps, 10);
    }
    assertReadoutsAgree(ridge.fit(), actual, 1e-9);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cfc", "ltc-autoncp"})
  void modelNeuronReadoutEqualsOneMachine(String kind) {
    ModelConfig config = kind.equals("cfc")
        ? ModelConfig.cfc(2, 24).build()
        : ModelConfig.ltc(2, new AutoNcp(20, 2)).build();
    SequenceModel model = SequenceModel.create(config, 4);
    int units = model.stateSize();
    List<LabelledStates> records = new ArrayList<>();
    Ridge ridge = new Ridge(units, 1, 1e-5);
    for (int s = 0; s < 5; s++) {
      int steps = LENGTHS[s] / 2;
      double[] inputs = new double[steps * 2];
      double[] dt = new double[steps];
      double[] targets = new double[steps];
      for (int t = 0; t < steps; t++) {
        inputs[2 * t] = Math.sin(0.15 * t + s);
        inputs[2 * t + 1] = Math.cos(0.4 * t);
        dt[t] = 0.5 + 0.25 * ((t * 7 + s) % 3); // irregular sampling
        targets[t] = inputs[2 * t] * inputs[2 * t + 1];
      }
      double[] states = new ModelLiquid(model).run(inputs, dt, steps);
      ridge.add(states, targets, steps, 10);
      records.add(new LabelledStates(kind + "-" + s, steps, states, targets));
    }
    Readout actual = DistributedRidge.fit(sc.parallelize(records, 2), units, 1, 1e-5, 10);
    assertReadoutsAgree(ridge.fit(), actual, 1e-9);
  }

  @Test
  void statisticsCanBeFittedForSeveralRidges() {
    List<LabelledStates> records = List.of(
        randomRecord("a", 50, 6, 1), randomRecord("b", 70, 6, 2), randomRecord("c", 40, 6, 3));
    RidgeStatistics sums = DistributedRidge.statistics(sc.parallelize(records, 2), 6, 1, 0);
    assertEquals(160, sums.count());
    for (double lambda : new double[] {1e-6, 1e-2, 1}) {
      Ridge ridge = new Ridge(6, 1, lambda);
      for (LabelledStates r : records) {
        ridge.add(r.states(), r.targets(), r.rows(), 0);
      }
      assertReadoutsAgree(ridge.fit(), sums.copy().fit(lambda), 1e-9);
    }
  }

  @Test
  void aRecordWithTheWrongNumberOfFeaturesFailsTheJobWithItsKey() {
    List<LabelledStates> records = List.of(randomRecord("good-1", 30, 4, 1),
        randomRecord("too-wide", 30, 5, 2), randomRecord("good-2", 30, 4, 3));
    assertJobFails("record 'too-wide': expected 30 × 4 states and 30 × 1 targets, found 150 and "
        + "30 values", () -> DistributedRidge.fit(sc.parallelize(records, 2), 4, 1, 1e-3, 0));
  }

  @Test
  void aRecordWithNaNFailsTheJobWithItsKeyAndPosition() {
    LabelledStates bad = randomRecord("has-nan", 30, 4, 2);
    bad.states()[4 * 12 + 3] = Double.NaN;
    List<LabelledStates> records = List.of(randomRecord("good", 30, 4, 1), bad);
    assertJobFails("record 'has-nan': states: expected finite numbers, found NaN at row 12, "
        + "column 3", () -> DistributedRidge.fit(sc.parallelize(records, 2), 4, 1, 1e-3, 5));
  }

  @Test
  void aRecordNoLongerThanTheWarmUpFailsTheJobWithItsKey() {
    List<LabelledStates> records = List.of(randomRecord("long", 30, 4, 1),
        randomRecord("short", 5, 4, 2));
    assertJobFails("record 'short': expected more than 5 rows (the warm-up), found 5",
        () -> DistributedRidge.fit(sc.parallelize(records, 1), 4, 1, 1e-3, 5));
  }

  @Test
  void badArgumentsAreRejectedBeforeAnyJob() {
    var rdd = sc.parallelize(List.of(randomRecord("a", 10, 3, 1)));
    assertEquals("ridge: expected a finite number ≥ 0, found -1.0",
        assertThrows(IllegalArgumentException.class,
            () -> DistributedRidge.fit(rdd, 3, 1, -1, 0)).getMessage());
    assertEquals("warm-up: expected a number ≥ 0, found -2",
        assertThrows(IllegalArgumentException.class,
            () -> DistributedRidge.fit(rdd, 3, 1, 1, -2)).getMessage());
    assertEquals("ridge readout: expected at least one feature and one output, found 0 and 1",
        assertThrows(IllegalArgumentException.class,
            () -> DistributedRidge.fit(rdd, 0, 1, 1, 0)).getMessage());
  }

  private static LabelledStates randomRecord(String key, int rows, int features, long seed) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    double[] states = new double[rows * features];
    double[] targets = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < features; f++) {
        states[r * features + f] = rng.nextDouble() - 0.5;
      }
      targets[r] = 2 + states[r * features] - 0.5 * states[r * features + 1]
          + 0.01 * rng.nextDouble();
    }
    return new LabelledStates(key, rows, states, targets);
  }

  /** Every weight and bias to {@code relative} × the largest magnitude among them. */
  static void assertReadoutsAgree(Readout expected, Readout actual, double relative) {
    double[] w = expected.weights();
    double[] b = expected.bias();
    double scale = 0;
    for (double v : w) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (double v : b) {
      scale = Math.max(scale, Math.abs(v));
    }
    double[] aw = actual.weights();
    double[] ab = actual.bias();
    assertEquals(w.length, aw.length, "weights");
    for (int k = 0; k < w.length; k++) {
      assertEquals(w[k], aw[k], relative * scale, "W_out[" + k + "]");
    }
    for (int k = 0; k < b.length; k++) {
      assertEquals(b[k], ab[k], relative * scale, "bias[" + k + "]");
    }
  }
}
