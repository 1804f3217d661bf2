package io.liquid4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.experiments.datasets.XorData;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainingListener;
import org.junit.jupiter.api.Test;

/** A short XOR run: the training loss falls, and the recipes match {@code train_xor.py}. */
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
    assertEquals(0.05, cfc.trainer().learningRate(), 0.0);
    assertEquals(128, cfc.trainer().batchSize());
    assertEquals(1.0, cfc.trainer().clipNorm(), 0.0);
    assertTrue(XorExperiment.recipe("cfc-mmrnn").config().mixedMemory());
    XorExperiment.Recipe ltc = XorExperiment.recipe("ltc");
    assertEquals(256, ltc.trainer().batchSize());
    assertEquals(0.9, ltc.decay(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> XorExperiment.recipe("gru"));
  }
}
