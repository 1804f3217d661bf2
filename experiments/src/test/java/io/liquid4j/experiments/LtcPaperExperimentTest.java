package io.liquid4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.experiments.LtcPaperExperiment.Initialisation;
import io.liquid4j.model.ModelConfig;
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
        "rnn_cell.sensory_sigma", "rnn_cell.sensory_mu", "fc.weight"}) {
      assertArrayEquals(ncps.parameter(name), m.parameter(name), 0.0, name);
    }
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
}
