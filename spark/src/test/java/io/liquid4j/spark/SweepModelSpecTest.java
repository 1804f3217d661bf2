package io.liquid4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

/**
 * A sweep run builds its network through {@link ModelSpec}, the factory {@code liquid4j train}
 * uses: the shared spec matrix gives the same parameter layout and initial weights through
 * {@link Sweep.Settings} as through {@link ModelSpec#create}. No Spark needed: the model is built
 * by plain code the same on the driver and the executors.
 */
class SweepModelSpecTest {
  /** Two features, two classes, per-step targets: the data the matrix is written for. */
  private static final SweepData DATA = SweepData.of(SequenceDataset.classification(
      new double[3 * 4 * 2], 3, 4, 2, new double[3 * 4], true, 2));

  static Stream<Arguments> matrix() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = new ObjectMapper().readValue(
        Path.of(System.getProperty("liquid4j.model.specs")).toFile(), LinkedHashMap.class);
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void aSweepRunBuildsTheSpecsNetwork(String name, Map<String, Object> json) throws Exception {
    ModelSpec spec = ModelSpec.fromMap(json, name);
    Sweep.Settings run = new Sweep.Settings(spec, 0.01, 1, 8, "adam", 3);
    SequenceModel reference = spec.create(2, 2, true, 3);
    SequenceModel viaSweep = SequenceModel.create(run.modelConfig(DATA), 3);
    assertLayoutsEqual(reference.layout(), viaSweep.layout());
    assertArrayEquals(reference.parameters(), viaSweep.parameters());
    // What an executor receives builds the same network.
    Sweep.Settings shipped = serializeAndBack(run);
    assertEquals(run, shipped);
    assertEquals(run.modelConfig(DATA), shipped.modelConfig(DATA));
  }

  /**
   * The recipe axes reach the runs: each run of a sweep over l2 and drop_last gives the row the
   * local tuner's candidate gives trained by hand ({@link io.liquid4j.tune.Candidate#train}),
   * the recipe survives the trip to an executor, and the table carries its columns.
   */
  @Test
  void recipeAxesReachTheRunsAsTheyReachTheLocalTuner() throws Exception {
    io.liquid4j.tune.Grid parsed = io.liquid4j.tune.Grid.parse("{\"models\": [\"ctrnn\"],"
        + " \"units\": [3], \"epochs\": [2], \"batch_sizes\": [2], \"l2\": [0, 0.5],"
        + " \"drop_last\": [true]}", "--grid");
    List<Sweep.Settings> runs = Sweep.Grid.of(parsed).all();
    List<io.liquid4j.tune.Candidate> candidates = parsed.all();
    assertEquals(2, runs.size());
    SequenceDataset data = noisy();
    SweepData sweepData = SweepData.of(data);
    Sweep.Result result = Sweep.runInProcess(runs, sweepData, sweepData);
    for (int i = 0; i < runs.size(); i++) {
      assertEquals(candidates.get(i), runs.get(i).toCandidate());
      assertEquals(runs.get(i), serializeAndBack(runs.get(i)));
      io.liquid4j.tune.Outcome byHand = candidates.get(i).train(data, data, 1);
      assertEquals(byHand.withoutTime(), new io.liquid4j.tune.Outcome(
          result.rows().get(i).trainLoss(), result.rows().get(i).validationLoss(),
          result.rows().get(i).validationMetric(), result.rows().get(i).bestEpoch(), 0));
    }
    assertNotEquals(result.rows().get(0).trainLoss(), result.rows().get(1).trainLoss(),
        "the test can fail: L2 changes the training");
    String csv = result.toCsv();
    assertTrue(csv.startsWith(Sweep.Result.HEADER_WITH_RECIPE + "\n"), csv);
    assertTrue(csv.lines().skip(2).findFirst().orElseThrow().endsWith(",0.5,,,true,"), csv);
  }

  /** Five sequences of four steps with seeded noise, two classes: something to fit. */
  private static SequenceDataset noisy() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(9);
    double[] x = new double[5 * 4 * 2];
    double[] y = new double[5 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = x[2 * i] > 0 ? 1 : 0;
    }
    return SequenceDataset.classification(x, 5, 4, 2, y, true, 2);
  }

  @Test
  void kindAndUnitsAreTrainsShorthands() {
    Sweep.Settings cfc = new Sweep.Settings("CfC", 16, 0.01, "default", 1, 8, "adam", 1);
    assertEquals(ModelSpec.shorthand("cfc", 16, null, null), cfc.model());
    // ncps's 128-unit backbone, as `liquid4j train --model cfc` builds it.
    assertEquals(ModelConfig.cfc(2, 16).backbone(128, 1, 0.0).projSize(2).build(),
        cfc.modelConfig(DATA));
    Sweep.Settings ltc = new Sweep.Settings("ltc", 8, 0.01, "rk4", 1, 8, "adam", 1);
    assertEquals("ltc", ltc.modelName());
    assertEquals(8, ltc.units());
    assertEquals("rk4", ltc.solver());
    assertEquals("default", cfc.solver());
  }

  @Test
  void aGridOfSpecsListsEverySpecWithTheOtherAxes() {
    ModelSpec a = ModelSpec.parse("{\"model\": \"cfc\", \"units\": 4, \"mode\": \"pure\"}", "a");
    ModelSpec b = ModelSpec.shorthand("ltc", 6, "ncp", null);
    List<Sweep.Settings> runs = Sweep.grid().specs(a, b).learningRates(0.1, 0.01).seeds(1, 2)
        .epochs(1).all();
    assertEquals(8, runs.size());
    assertEquals(new Sweep.Settings(a, 0.1, 1, 16, "adam", 1), runs.get(0));
    assertEquals(new Sweep.Settings(b, 0.01, 1, 16, "adam", 2), runs.get(7));
    List<Sweep.Settings> drawn = Sweep.grid().specs(a, b).seeds(1, 2, 3).sample(6, 9);
    assertTrue(drawn.stream().allMatch(s -> s.model().equals(a) || s.model().equals(b)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sweep.grid().models("ltc").specs(a));
    assertTrue(e.getMessage().startsWith("specs: give either specs or models"), e.getMessage());
  }

  private static Sweep.Settings serializeAndBack(Sweep.Settings s) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (Sweep.Settings) in.readObject();
    }
  }

  private static void assertLayoutsEqual(ParameterLayout expected, ParameterLayout actual) {
    assertEquals(expected.entries().size(), actual.entries().size(), "number of tensors");
    for (int i = 0; i < expected.entries().size(); i++) {
      ParameterLayout.Entry e = expected.entries().get(i);
      ParameterLayout.Entry a = actual.entries().get(i);
      assertEquals(e.name(), a.name(), "tensor " + i);
      assertArrayEquals(e.shape(), a.shape(), e.name());
    }
  }
}
