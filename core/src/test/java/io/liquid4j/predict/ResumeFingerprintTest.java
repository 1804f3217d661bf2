package io.liquid4j.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.train.CheckpointMismatchException;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, case 4, in the library: a checkpoint records the fingerprints of the data and every
 * setting of the run, and a resume with any of them changed is refused naming the setting, the
 * checkpoint left byte for byte as it was; with nothing changed (more epochs allowed) the run
 * continues to the weights of an uninterrupted one.
 */
class ResumeFingerprintTest {
  @TempDir Path dir;

  private static final TrainerConfig ONE = ModelTrainingTest.TRAINER.withEpochs(1);

  private static ModelTraining.Builder run(Path ckpt) {
    return ModelTraining.builder().data(ModelTrainingTest.classification())
        .model(ModelTrainingTest.SPEC).trainer(ONE).checkpoint(ckpt, true);
  }

  private void assertRefused(Path ckpt, byte[] written, ModelTraining.Builder changed,
      String setting, String... parts) {
    CheckpointMismatchException e =
        assertThrows(CheckpointMismatchException.class, () -> changed.build().run());
    assertEquals(setting, e.setting(), e.getMessage());
    assertTrue(e.getMessage().startsWith(ckpt + ": "), e.getMessage());
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain " + p);
    }
    assertEquals(1, e.getMessage().lines().count());
    try {
      assertArrayEquals(written, Files.readAllBytes(ckpt), setting + ": checkpoint changed");
    } catch (IOException io) {
      throw new AssertionError(io);
    }
  }

  @Test
  void anyChangeOfDataSplitModelOptimizerOrSeedIsRefusedNamingIt() throws IOException {
    Path ckpt = dir.resolve("c.ckpt");
    run(ckpt).build().run();
    byte[] written = Files.readAllBytes(ckpt);
    TrainerConfig two = ONE.withEpochs(2);

    SequenceDataset all = ModelTrainingTest.classification();
    double[] x = all.inputs();
    x[7] += 1e-9;
    assertRefused(ckpt, written, run(ckpt).data(all.withInputs(x)).trainer(two), "data.inputs",
        "data.inputs differ from the checkpoint's (its fingerprint was ", "…, now ");
    double[] y = all.targets();
    y[3] = 1 - y[3];
    assertRefused(ckpt, written, run(ckpt).data(all.withTargets(y)).trainer(two),
        "data.targets");
    assertRefused(ckpt, written, run(ckpt).split(0.1, 0.2).trainer(two), "testFraction",
        "other testFraction (0.15 then, 0.2 now)");
    assertRefused(ckpt, written, run(ckpt).split(0.2, 0.15).trainer(two), "validationFraction",
        "(0.1 then, 0.2 now)");
    assertRefused(ckpt, written, run(ckpt).validation(all).trainer(two), "validationFraction",
        "(0.1 then, not given now)");
    assertRefused(ckpt, written, run(ckpt).scaleInputs(false).trainer(two), "scaleInputs");
    assertRefused(ckpt, written, run(ckpt).model(ModelSpec.parse(
        "{\"model\": \"cfc\", \"units\": 7, \"backbone_units\": 8}", "spec")).trainer(two),
        "model.units", "another model (units 6 then, 7 now)");
    assertRefused(ckpt, written, run(ckpt).trainer(two.withOptimizer(OptimizerConfig.sgd())),
        "optimizer", "optimizer adam(", "now sgd(");
    assertRefused(ckpt, written, run(ckpt).trainer(two.withSeed(4)), "seed",
        "other training settings (seed 3 then, 4 now)");
    assertRefused(ckpt, written, run(ckpt).trainer(two.withBatchSize(8)), "batch");
    assertRefused(ckpt, written, run(ckpt).classWeights(new double[] {1, 2}).trainer(two),
        "loss", "CrossEntropy() then");

    // Nothing changed but the number of epochs: the run continues as if never stopped.
    TrainedModel resumed = run(ckpt).trainer(two).build().run();
    TrainedModel straight = run(null).trainer(two).checkpoint(null, false).build().run();
    assertArrayEquals(straight.model().parameters(), resumed.model().parameters(), 0.0);
    assertEquals(2, resumed.training().history().size());
  }

  @Test
  void otherLengthsOrNoneAreRefusedNamingTheValidSteps() throws IOException {
    SequenceDataset all = ModelTrainingTest.classification();
    int[] lengths = new int[all.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = 2 + i % 5;
    }
    Path ckpt = dir.resolve("v.ckpt");
    run(ckpt).data(all.withLengths(lengths)).build().run();
    byte[] written = Files.readAllBytes(ckpt);
    TrainerConfig two = ONE.withEpochs(2);
    int[] other = lengths.clone();
    other[11]--;
    assertRefused(ckpt, written, run(ckpt).data(all.withLengths(other)).trainer(two),
        "data.validSteps", "fingerprint");
    assertRefused(ckpt, written, run(ckpt).data(all).trainer(two), "data.validSteps");
    TrainedModel resumed = run(ckpt).data(all.withLengths(lengths)).trainer(two).build().run();
    assertEquals(2, resumed.training().history().size());
  }

  private static String csv(double shift) {
    StringBuilder s = new StringBuilder("a,b,label\n");
    for (int i = 0; i < 200; i++) {
      double v = Math.sin(i / 4.0) + (i == 5 ? shift : 0);
      s.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", v, Math.cos(i / 7.0), v > 0 ? 1 : 0));
    }
    return s.toString();
  }

  @Test
  void otherWindowsStrideOrCsvContentsAreRefusedNamingThem() throws IOException {
    Path data = dir.resolve("d.csv");
    Files.writeString(data, csv(0));
    Path ckpt = dir.resolve("csv.ckpt");
    CsvTimeSeries.Options options =
        CsvTimeSeries.Options.classification(List.of("a", "b"), "label", 8);
    UnaryOperator<ModelTraining.Builder> base = b -> b.model(ModelTrainingTest.SPEC)
        .checkpoint(ckpt, true);
    base.apply(ModelTraining.builder().csv(data, options).trainer(ONE)).build().run();
    byte[] written = Files.readAllBytes(ckpt);
    TrainerConfig two = ONE.withEpochs(2);
    assertRefused(ckpt, written, base.apply(ModelTraining.builder()
        .csv(data, CsvTimeSeries.Options.classification(List.of("a", "b"), "label", 10))
        .trainer(two)), "windowLength", "(8 then, 10 now)");
    assertRefused(ckpt, written, base.apply(ModelTraining.builder()
        .csv(data, options.withStride(4)).trainer(two)), "stride", "(8 then, 4 now)");
    Path other = dir.resolve("e.csv");
    Files.writeString(other, csv(0.001));
    assertRefused(ckpt, written, base.apply(ModelTraining.builder().csv(other, options)
        .trainer(two)), "data.inputs", "fingerprint");
  }
}
