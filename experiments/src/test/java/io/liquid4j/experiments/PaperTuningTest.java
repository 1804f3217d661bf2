package io.liquid4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.evaluation.ConfusionMatrix;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.experiments.datasets.BenchmarkData;
import io.liquid4j.experiments.datasets.Metric;
import io.liquid4j.experiments.datasets.XorData;
import io.liquid4j.train.Selection;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.tune.Grid;
import io.liquid4j.tune.Tuner;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A paper dataset's protocol handed to the tuner: splits, loss, selection and test metric. */
class PaperTuningTest {
  private static Path datasets() {
    String dir = System.getProperty("liquid4j.datasets");
    return Path.of(dir != null ? dir : "../datasets");
  }

  @Test
  void ozoneKeepsTheExperimentsLossSelectionAndScriptF1() throws Exception {
    BenchmarkData data = LtcPaperExperiment.load("ozone", datasets());
    PaperTuning.Setup s = PaperTuning.of("ozone", data);
    assertEquals(data.train(), s.train());
    assertEquals(data.validation(), s.validation());
    assertEquals(data.test(), s.test());
    assertEquals(LtcPaperExperiment.lossFor(data).name(), s.loss().name());
    assertEquals("cross_entropy_sum_by_nonzero_weights", s.loss().name());
    assertEquals(Selection.F1, s.selection());
    assertTrue(s.trainer().dropLastPartialBatch(), "the scripts drop the last partial batch");
    // the script's F1 from a confusion matrix, by the formula written out
    ConfusionMatrix c = new ConfusionMatrix(2);
    c.add(1, 1, 5);
    c.add(0, 1, 2);
    c.add(1, 0, 1);
    Evaluation e = new Evaluation(io.liquid4j.data.TaskKind.CLASSIFICATION, false, 8, 0.5, 0.6,
        0.7, Double.NaN, Double.NaN, c, null);
    double precision = 5 / (5 + 2 + 0.00001);
    double recall = 5 / (5 + 1 + 0.00001);
    assertEquals(2 * precision * recall / (precision + recall + 0.000001),
        s.metric().value().applyAsDouble(e), 1e-15);
    assertEquals(Metric.F1_CLASS_1, data.metric());
  }

  @Test
  void theOtherDatasetsSelectByTheirMetric() throws Exception {
    assertEquals(Selection.ACCURACY, PaperTuning.load("occupancy", datasets()).selection());
    PaperTuning.Setup traffic = PaperTuning.load("traffic", datasets());
    assertEquals(Selection.LOSS, traffic.selection());
    assertEquals("mse", traffic.metric().name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PaperTuning.load("mnist", datasets()));
    assertTrue(e.getMessage().startsWith("dataset: unknown 'mnist'"), e.getMessage());
  }

  @Test
  void xorValidationIsAStreamOfItsOwn() {
    PaperTuning.Setup s = PaperTuning.xor(50, 40, 30);
    assertEquals(fp(XorData.generate(50, XorData.TRAIN_SEED, XorData.PAD)), fp(s.train()));
    assertEquals(fp(XorData.generate(30, XorData.TEST_SEED, XorData.PAD)), fp(s.test()));
    SequenceDataset v = s.validation();
    assertEquals(40, v.size());
    assertNotEquals(fp(XorData.generate(40, XorData.TEST_SEED, XorData.PAD)), fp(v));
    assertNotEquals(fp(XorData.generate(40, XorData.TRAIN_SEED, XorData.PAD)), fp(v));
    assertEquals(fp(XorData.generate(40, PaperTuning.XOR_VALIDATION_SEED, XorData.PAD)), fp(v));
  }

  private static String fp(SequenceDataset d) {
    return io.liquid4j.train.DataFingerprint.of(d);
  }

  @Test
  void aSearchThroughTheSetupNeverSeesTheTestSet(@TempDir Path dir) throws Exception {
    PaperTuning.Setup a = PaperTuning.xor(96, 48, 40);
    // the same protocol with another test set
    PaperTuning.Setup b = new PaperTuning.Setup("xor", a.train(), a.validation(),
        XorData.generate(40, 77, XorData.PAD), a.loss(), a.selection(), a.metric(),
        a.trainer());
    Grid grid = new Grid().models("cfc", "lstm").units(4).learningRates(0.02).epochs(2)
        .batchSizes(16).clipNorms(1, 5);
    Tuner ta = a.tuner().candidates(grid.all()).folder(dir.resolve("a"))
        .trainer(a.trainer().withThreads(1)).build();
    Tuner tb = b.tuner().candidates(grid.all()).folder(dir.resolve("b"))
        .trainer(b.trainer().withThreads(1)).build();
    Tuner.Search sa = ta.search(a.train(), a.validation());
    Tuner.Search sb = tb.search(b.train(), b.validation());
    assertEquals(sa.chosenRun(), sb.chosenRun());
    assertEquals(sa.rows().stream().map(r -> r.outcome().withoutTime()).toList(),
        sb.rows().stream().map(r -> r.outcome().withoutTime()).toList());
    Tuner.FinalTest fa = ta.testWith(sa, a.train(), a.validation(), a.test(), a.metric(), 1, 2);
    Tuner.FinalTest fb = tb.testWith(sb, b.train(), b.validation(), b.test(), b.metric(), 1, 2);
    assertEquals("accuracy", fa.metric());
    assertEquals(fa.seeds().get(0).outcome().withoutTime(),
        fb.seeds().get(0).outcome().withoutTime(), "the final runs do not depend on the test set");
    assertTrue(!Arrays.equals(fa.values(), fb.values())
        || !fa.seeds().get(0).test().equals(fb.seeds().get(0).test()),
        "each final step scored its own test set");
  }

  @Test
  void theSetupsTrainerIsTheExperiments() {
    assertEquals(TrainerConfig.defaults(), PaperTuning.xor(2, 2, 2).trainer());
  }
}
