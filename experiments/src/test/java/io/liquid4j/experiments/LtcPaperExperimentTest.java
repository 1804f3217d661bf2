package io.liquid4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.experiments.LtcPaperExperiment.Initialisation;
import io.liquid4j.experiments.datasets.Metric;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.Loss;
import io.liquid4j.model.SequenceModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The LTC as the paper's code initialises it, against ncps's. */
class LtcPaperExperimentTest {
  private static final ModelConfig PAPER_LTC =
      ModelConfig.ltc(3, LtcPaperExperiment.UNITS).projSize(5).implicitParamConstraints(false)
          .build();

  @Test
  void paperInitialisationHasTheOriginalConstantsAndRanges() {
    SequenceModel m = LtcPaperExperiment.initialModel(PAPER_LTC, 4, Initialisation.PAPER);
    for (double cm : m.parameter("rnn_cell.cm")) {
      assertEquals(0.5 / 6, cm, 0.0, "cm_t = cm / (1/6) = 0.5");
    }
    for (double g : m.parameter("rnn_cell.gleak")) {
      assertEquals(1.0, g, 0.0);
    }
    for (String name : new String[] {"rnn_cell.w", "rnn_cell.sensory_w"}) {
      for (double w : m.parameter(name)) {
        assertTrue(w >= 0.01 && w < 1.0, name + " = " + w);
      }
    }
    for (String name : new String[] {"rnn_cell.erev", "rnn_cell.sensory_erev"}) {
      double[] e = m.parameter(name);
      long plus = Arrays.stream(e).filter(v -> v == 1.0).count();
      long minus = Arrays.stream(e).filter(v -> v == -1.0).count();
      assertEquals(e.length, plus + minus, name + " is ±1");
      // Equally likely signs: within 4 standard deviations of half (ncps has two thirds +1).
      double sd = Math.sqrt(e.length) / 2;
      assertTrue(Math.abs(plus - e.length / 2.0) < 4 * sd, name + ": " + plus + " of " + e.length);
    }
    // The other parameters are ncps's draws for the same seed.
    SequenceModel ncps = SequenceModel.create(PAPER_LTC, 4);
    for (String name : new String[] {"rnn_cell.sigma", "rnn_cell.mu", "rnn_cell.vleak",
        "rnn_cell.sensory_sigma", "rnn_cell.sensory_mu"}) {
      assertArrayEquals(ncps.parameter(name), m.parameter(name), 0.0, name);
    }
    // The read-out starts as tf.layers.Dense(5) on 32 units: Glorot-uniform, zero bias.
    double limit = Math.sqrt(6.0 / (LtcPaperExperiment.UNITS + 5));
    double[] fc = m.parameter("fc.weight");
    double maxAbs = Arrays.stream(fc).map(Math::abs).max().orElseThrow();
    assertTrue(maxAbs < limit && maxAbs > 0.8 * limit, "max |fc.weight| " + maxAbs);
    assertArrayEquals(new double[5], m.parameter("fc.bias"), 0.0);
  }

  @Test
  void paperSpecReadsAllUnitsWithoutAnOutputMapping() {
    ModelSpec paper = LtcPaperExperiment.specFor("ltc", Initialisation.PAPER);
    ModelSpec ncps = LtcPaperExperiment.specFor("ltc", Initialisation.NCPS);
    ModelConfig p = paper.toConfig(72, 2, true);
    ModelConfig n = ncps.toConfig(72, 2, true);
    SequenceModel pm = SequenceModel.create(p, 1);
    SequenceModel nm = SequenceModel.create(n, 1);
    // ncps's affine output mapping adds a weight and a bias per unit; ltc_model.py has none.
    assertEquals(nm.layout().size() - 2 * LtcPaperExperiment.UNITS, pm.layout().size());
    assertEquals(2 * LtcPaperExperiment.UNITS, pm.parameter("fc.weight").length);
    assertFalse(p.implicitParamConstraints());
  }

  /**
   * TensorFlow's SUM_BY_NONZERO_WEIGHTS on a hand example: two steps, logits (0, 0) and (ln 3, 0),
   * targets 1 and 0, weights 1.6 and 0.1: L = (1.6·ln 2 + 0.1·ln(4/3)) / 2, against the weighted
   * mean's division by 1.7; gradients by central differences.
   */
  @Test
  void sumByNonzeroWeightsDividesTheWeightedSumByTheStepCount() {
    Loss loss = new LtcPaperExperiment.SumByNonzeroWeights();
    double[] z = {0, 0, Math.log(3), 0};
    double[] y = {1, 0};
    double[] w = {1.6, 0.1};
    double[] d = new double[4];
    double expected = (1.6 * Math.log(2) + 0.1 * Math.log(4.0 / 3)) / 2;
    assertEquals(expected, loss.evaluate(z, 1, 2, 2, y, w, null, d), 1e-15);
    assertEquals(expected * 2 / 1.7, new CrossEntropy().evaluate(z, 1, 2, 2, y, w, null, null),
        1e-15);
    assertEquals(2.0, loss.weightSum(1, 2, 2, y, w, null), 0.0);
    double h = 1e-6;
    for (int i = 0; i < z.length; i++) {
      double[] zp = z.clone();
      double[] zm = z.clone();
      zp[i] += h;
      zm[i] -= h;
      double fd = (loss.evaluate(zp, 1, 2, 2, y, w, null, null)
          - loss.evaluate(zm, 1, 2, 2, y, w, null, null)) / (2 * h);
      assertEquals(fd, d[i], 1e-9, "dL/dz[" + i + "]");
    }
    // A step of weight 0 is not counted: TensorFlow's "non-zero weights".
    assertEquals(1.0, loss.weightSum(1, 2, 2, y, new double[] {1.6, 0.0}, null), 0.0);
  }

  @Test
  void ozoneTrainsWithTheScriptsLossTheOthersWithTheDefault() throws Exception {
    String dir = System.getProperty("liquid4j.datasets");
    java.nio.file.Path datasets = java.nio.file.Path.of(dir != null ? dir : "../datasets");
    assertTrue(LtcPaperExperiment.lossFor(LtcPaperExperiment.load("ozone", datasets))
        instanceof LtcPaperExperiment.SumByNonzeroWeights);
    assertTrue(LtcPaperExperiment.lossFor(LtcPaperExperiment.load("gesture", datasets))
        instanceof CrossEntropy);
  }

  @Test
  void paperInitialisationIsFixedByTheSeed() {
    double[] a = LtcPaperExperiment.initialModel(PAPER_LTC, 4, Initialisation.PAPER).parameters();
    double[] b = LtcPaperExperiment.initialModel(PAPER_LTC, 4, Initialisation.PAPER).parameters();
    double[] c = LtcPaperExperiment.initialModel(PAPER_LTC, 5, Initialisation.PAPER).parameters();
    assertArrayEquals(a, b, 0.0);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void ncpsInitialisationAndOtherModelsAreLeftAsCreated() {
    ModelConfig ncpsLtc = ModelConfig.ltc(3, LtcPaperExperiment.UNITS).projSize(5).build();
    assertArrayEquals(SequenceModel.create(ncpsLtc, 4).parameters(),
        LtcPaperExperiment.initialModel(ncpsLtc, 4, Initialisation.NCPS).parameters(), 0.0);
    ModelConfig cfc = ModelConfig.cfc(3, 8).projSize(5).build();
    assertArrayEquals(SequenceModel.create(cfc, 4).parameters(),
        LtcPaperExperiment.initialModel(cfc, 4, Initialisation.PAPER).parameters(), 0.0);
  }

  /** ozone.py's F1 with its constants, by hand: tp 3, fp 1, fn 2. */
  @Test
  void scriptF1MatchesTheHandComputation() {
    double p = 3 / (4 + 1e-5);
    double r = 3 / (5 + 1e-5);
    assertEquals(2 * p * r / (p + r + 1e-6), Metric.scriptF1(3, 1, 2), 1e-15);
    assertEquals(2 * 3.0 / (2 * 3 + 1 + 2), Metric.scriptF1(3, 1, 2), 1e-5,
        "close to 2tp/(2tp+fp+fn)");
    assertEquals(0.0, Metric.scriptF1(0, 0, 0), 0.0, "no positives at all: 0, not NaN");
  }
}
