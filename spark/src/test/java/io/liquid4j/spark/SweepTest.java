package io.liquid4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sweep on Spark trains each run as it would be trained on one machine and returns the table in
 * run order, whatever the partitioning; bad settings are rejected on the driver.
 */
class SweepTest {
  private static JavaSparkContext sc;
  private static SweepData train;
  private static SweepData validation;

  @BeforeAll
  static void startSpark() {
    sc = LocalSpark.start("SweepTest");
    train = SweepData.of(sequences(24, 1));
    validation = SweepData.of(sequences(8, 2));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  /** n sequences of 8 steps, 2 features; the class says whether the first feature's mean is > 0. */
  private static SequenceDataset sequences(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int length = 8;
    double[] x = new double[n * length * 2];
    double[] y = new double[n];
    for (int s = 0; s < n; s++) {
      double level = rng.nextDouble(-1, 1);
      for (int t = 0; t < length; t++) {
        x[(s * length + t) * 2] = level + 0.3 * rng.nextGaussian();
        x[(s * length + t) * 2 + 1] = Math.sin(t + s);
      }
      y[s] = level > 0 ? 1 : 0;
    }
    return SequenceDataset.classification(x, n, length, 2, y, false, 2);
  }

  private static List<Sweep.Settings> smallGrid() {
    return Sweep.grid().models("ltc", "cfc", "ctrnn").units(4).learningRates(0.02, 0.005)
        .epochs(2).batchSizes(8).seeds(1, 2).all();
  }

  @Test
  void gridListsEveryCombinationWithSeedsFastest() {
    List<Sweep.Settings> runs = smallGrid();
    assertEquals(12, runs.size());
    assertEquals(new Sweep.Settings("ltc", 4, 0.02, "default", 2, 8, "adam", 1), runs.get(0));
    assertEquals(new Sweep.Settings("ltc", 4, 0.02, "default", 2, 8, "adam", 2), runs.get(1));
    assertEquals(new Sweep.Settings("ctrnn", 4, 0.005, "default", 2, 8, "adam", 2),
        runs.get(11));
  }

  @Test
  void randomSearchIsSeeded() {
    Supplier<Sweep.Grid> grid = () -> Sweep.grid().models("ltc", "cfc").units(4, 8, 16)
        .learningRates(0.1, 0.01, 0.001).seeds(1, 2, 3);
    List<Sweep.Settings> a = grid.get().sample(10, 7);
    assertEquals(a, grid.get().sample(10, 7));
    assertEquals(10, a.size());
    assertFalse(a.equals(grid.get().sample(10, 8)));
  }

  @Test
  void rowsAreCompleteOrderedAndEqualToTrainingInProcess() {
    List<Sweep.Settings> runs = smallGrid();
    Sweep.Result onSpark = Sweep.run(sc, runs, train, validation);
    Sweep.Result inProcess = Sweep.runInProcess(runs, train, validation);
    assertEquals(runs.size(), onSpark.rows().size());
    for (int i = 0; i < runs.size(); i++) {
      Sweep.Row row = onSpark.rows().get(i);
      assertEquals(i, row.run());
      assertEquals(runs.get(i), row.settings());
      assertTrue(Double.isFinite(row.trainLoss()), "train loss of run " + i);
      assertTrue(Double.isFinite(row.validationLoss()), "validation loss of run " + i);
      assertTrue(row.validationMetric() >= 0 && row.validationMetric() <= 1,
          "accuracy of run " + i);
      assertTrue(row.bestEpoch() >= 0 && row.bestEpoch() < 2, "best epoch of run " + i);
      assertTrue(row.seconds() >= 0, "seconds of run " + i);
      // Bit for bit: the same seeded training, only on another thread or JVM.
      assertEquals(inProcess.rows().get(i).withoutTime(), row.withoutTime(), "run " + i);
    }
  }

  @Test
  void rowsDoNotDependOnPartitioning() {
    List<Sweep.Settings> runs = smallGrid().subList(0, 5);
    List<Sweep.Row> onePerRun = Sweep.run(sc, runs, train, null).rows();
    List<Sweep.Row> allInOne = Sweep.run(sc, runs, train, null, 1).rows();
    List<Sweep.Row> two = Sweep.run(sc, runs, train, null, 2).rows();
    for (int i = 0; i < runs.size(); i++) {
      assertEquals(onePerRun.get(i).withoutTime(), allInOne.get(i).withoutTime(), "run " + i);
      assertEquals(onePerRun.get(i).withoutTime(), two.get(i).withoutTime(), "run " + i);
      // Without validation data the last epoch is kept and the validation columns are NaN.
      assertEquals(1, onePerRun.get(i).bestEpoch());
      assertTrue(Double.isNaN(onePerRun.get(i).validationLoss()));
    }
  }

  @Test
  void csvHasOneLinePerRunAndReplacesTheFileWhole(@TempDir Path dir) throws IOException {
    List<Sweep.Settings> runs = smallGrid().subList(0, 3);
    Sweep.Result table = Sweep.runInProcess(runs, train, validation);
    Path file = dir.resolve("sweep.csv");
    Files.writeString(file, "an older table\n");
    table.writeCsv(file);
    List<String> lines = Files.readAllLines(file);
    assertEquals(4, lines.size());
    assertEquals(Sweep.Result.HEADER, lines.get(0));
    String[] first = lines.get(1).split(",");
    assertEquals(14, first.length);
    assertEquals("0", first[0]);
    assertEquals("ltc", first[1]);
    assertEquals(table.rows().get(0).trainLoss(), Double.parseDouble(first[9]));
    assertEquals(List.of(file), Files.list(dir).toList(), "no temporary file left behind");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "model: unknown model 'gru'                        | gru | 4 | 0.01 | default | 2 | 8 | adam",
      "units must be >= 1, got 0                        | ltc | 0 | 0.01 | default | 2 | 8 | adam",
      "learning rate must be a positive number, got -1.0 | ltc | 4 | -1  | default | 2 | 8 | adam",
      "solver: unknown solver 'midpoint'                | ltc | 4 | 0.01 | midpoint | 2 | 8 | adam",
      "solver: a CfC has no ODE solver                  | cfc | 4 | 0.01 | rk4     | 2 | 8 | adam",
      "solver: 'fused' is the LTC's solver              | ctrnn | 4 | 0.01 | fused | 2 | 8 | adam",
      "epochs must be >= 1, got 0                       | ltc | 4 | 0.01 | default | 0 | 8 | adam",
      "batch size must be >= 1, got 0                   | ltc | 4 | 0.01 | default | 2 | 0 | adam",
  })
  void badSettingsAreRejectedNamingTheSetting(String message, String model, int units,
      double lr, String solver, int epochs, int batch, String optimizer) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sweep.Settings(model, units, lr, solver, epochs, batch, optimizer, 1));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void unknownOptimizerAndEmptyRunsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sweep.Settings("ltc", 4, 0.01, "default", 2, 8, "lbfgs", 1));
    assertTrue(e.getMessage().contains("lbfgs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Sweep.run(sc, List.of(), train, validation));
    assertEquals("runs: expected at least one setting", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Sweep.grid().units());
    assertEquals("units: expected at least one value", e.getMessage());
  }
}
