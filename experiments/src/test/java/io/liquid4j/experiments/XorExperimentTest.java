package io.liquid4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.experiments.datasets.XorData;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.EpochSummary;
import io.liquid4j.train.ExponentialDecayLr;
import io.liquid4j.train.SchedulePer;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short XOR run: the training loss falls; the recipes, the schedule and the initialisation
 * match {@code train_xor.py} and Keras.
 */
class XorExperimentTest {
  @Test
  void aShortRunLowersTheTrainingLoss() {
    XorExperiment.Recipe r = XorExperiment.recipe("cfc-mmrnn");
    SequenceDataset train = XorData.generate(512, XorData.TRAIN_SEED, XorData.PAD);
    Trainer trainer = new Trainer(r.trainer(), new io.liquid4j.train.CrossEntropy());
    double before = trainer.evaluator().evaluate(SequenceModel.create(r.config(), 3), train)
        .loss();
    XorExperiment.XorResult result = XorExperiment.run("cfc-mmrnn", 3, 3, 512, 256,
        TrainingListener.NONE, 1);
    double after = trainer.evaluator().evaluate(result.training().model(), train).loss();
    assertTrue(after < before, "training loss " + before + " -> " + after);
    assertEquals(3, result.training().history().size());
    assertEquals(256, result.test().sequences());
    assertTrue(result.testAccuracy() >= 0 && result.testAccuracy() <= 1);
  }

  @Test
  void recipesFollowTrainXor() {
    XorExperiment.Recipe cfc = XorExperiment.recipe("CfC");
    assertEquals(192, cfc.config().units());
    assertEquals(CfcVariant.PAPER, cfc.config().cfcVariant());
    assertFalse(cfc.config().mixedMemory());
    assertEquals(Activation.RELU, cfc.config().activation());
    assertEquals(128, cfc.config().backboneUnits());
    assertEquals(0.05, cfc.trainer().learningRate(), 0.0);
    assertEquals(128, cfc.trainer().batchSize());
    // Keras's clipnorm clips each tensor; no global clipping on top.
    assertEquals(1.0, cfc.trainer().clipTensorNorm(), 0.0);
    assertEquals(0.0, cfc.trainer().clipNorm(), 0.0);
    assertEquals(3e-6, cfc.trainer().l2(), 0.0);
    assertEquals(io.liquid4j.train.L2Penalty.Scope.CFC_KERNELS, cfc.trainer().l2Scope());
    assertEquals(SchedulePer.BATCH, cfc.trainer().schedulePer());
    assertEquals(0.95, cfc.decay(), 0.0);
    assertTrue(cfc.kerasInitialisation());

    XorExperiment.Recipe mixed = XorExperiment.recipe("cfc-mmrnn");
    assertTrue(mixed.config().mixedMemory());
    assertEquals(CfcVariant.PAPER, mixed.config().cfcVariant());
    assertEquals(0.6, mixed.config().forgetBias(), 0.0);
    assertEquals(64, mixed.config().units());
    assertEquals(10.0, mixed.trainer().clipTensorNorm(), 0.0);
    assertEquals(2e-6, mixed.trainer().l2(), 0.0);
    assertEquals(io.liquid4j.train.L2Penalty.Scope.CFC_KERNELS, mixed.trainer().l2Scope());
    assertEquals(0.005, mixed.trainer().learningRate(), 0.0);

    XorExperiment.Recipe noGate = XorExperiment.recipe("cfc-nogate");
    assertEquals(CfcMode.NO_GATE, noGate.config().mode());
    assertEquals(CfcVariant.PAPER, noGate.config().cfcVariant());
    assertEquals(1, noGate.config().backboneLayers());
    assertEquals(192, noGate.config().backboneUnits());
    assertEquals(0.3, noGate.config().backboneDropout(), 0.0);
    assertEquals(Activation.SILU, noGate.config().activation());
    assertEquals(5e-6, noGate.trainer().l2(), 0.0);
    assertEquals(io.liquid4j.train.L2Penalty.Scope.CFC_KERNELS, noGate.trainer().l2Scope());

    XorExperiment.Recipe ltc = XorExperiment.recipe("ltc");
    assertEquals(256, ltc.trainer().batchSize());
    assertEquals(0.9, ltc.decay(), 0.0);
    assertEquals(5.0, ltc.trainer().clipTensorNorm(), 0.0);
    assertEquals(0.0, ltc.trainer().l2(), 0.0);
    assertFalse(ltc.kerasInitialisation());
    assertThrows(IllegalArgumentException.class, () -> XorExperiment.recipe("gru"));
  }

  @Test
  void theScheduleIsKerasExponentialDecayOverAnEpochOfSteps() {
    XorExperiment.Recipe r = XorExperiment.recipe("cfc");
    // train_xor.py: ExponentialDecay(base_lr, train_steps = 100,000 // 128 = 781, decay).
    ExponentialDecayLr schedule = r.schedule(XorData.TRAIN_SIZE);
    assertEquals(0.05, schedule.learningRate(), 0.0);
    for (int step = 1; step <= 1600; step++) {
      double lr = schedule.next(step - 1, Double.NaN);
      assertEquals(0.05 * Math.pow(0.95, step / 781.0), lr, 1e-15, "step " + step);
    }
  }

  @Test
  void theTrainerStepsTheScheduleAfterEveryBatch() {
    // 600 sequences in batches of 128: 5 batches per epoch, decay_steps = 600 // 128 = 4, so
    // epoch e starts at step 5e with lr·0.95^(5e/4) (per epoch it would be lr·0.95^e).
    XorExperiment.XorResult result = XorExperiment.run("cfc-mmrnn", 2, 3, 600, 64,
        TrainingListener.NONE, 1);
    List<EpochSummary> history = result.training().history();
    assertEquals(3, history.size());
    for (int e = 0; e < 3; e++) {
      assertEquals(0.005 * Math.pow(0.95, 5.0 * e / 4), history.get(e).learningRate(), 1e-15,
          "epoch " + e);
    }
  }

  @Test
  void kerasInitialisationZeroesTheBiasesAndDrawsAGlorotReadOut() {
    XorExperiment.Recipe r = XorExperiment.recipe("cfc-mmrnn");
    SequenceModel ncps = SequenceModel.create(r.config(), 4);
    SequenceModel keras = XorExperiment.kerasInitialisation(ncps, 4);
    double bound = Math.sqrt(6.0 / (64 + 2));
    int biases = 0;
    for (ParameterLayout.Entry e : keras.layout().entries()) {
      double[] before = ncps.parameter(e.name());
      double[] after = keras.parameter(e.name());
      if (e.name().endsWith("bias")) {
        biases++;
        for (double v : after) {
          assertEquals(0.0, v, 0.0, e.name());
        }
      } else if (e.name().equals("fc.weight")) {
        double max = 0;
        for (double v : after) {
          assertTrue(Math.abs(v) <= bound, e.name() + " " + v);
          max = Math.max(max, Math.abs(v));
        }
        // Drawn over the glorot range, wider than torch's U(±1/√64) = U(±0.125).
        assertTrue(max > 0.125, "largest read-out weight " + max);
      } else {
        assertArrayEquals(before, after, 0.0, e.name());
      }
    }
    // backbone, ff1, ff2, time_a, time_b, the LSTM's gate bias and the read-out's.
    assertEquals(7, biases);
  }
}
