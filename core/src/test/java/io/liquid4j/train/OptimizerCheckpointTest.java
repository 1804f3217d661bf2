package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import io.liquid4j.io.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configured optimizers in checkpoints: a run resumed with the same settings ends with exactly
 * the weights of an uninterrupted one (the optimizer's buffers are restored), and a run resumed
 * with other settings is refused, naming both.
 */
class OptimizerCheckpointTest {
  @TempDir Path tmp;

  static Stream<OptimizerConfig> optimizers() {
    return Stream.of(
        OptimizerConfig.adam().withBetas(0.8, 0.99).withWeightDecay(1e-3),
        OptimizerConfig.sgd().withMomentum(0.9).withNesterov(true),
        OptimizerConfig.adamw().withAmsgrad(true),
        OptimizerConfig.rmsprop().withMomentum(0.5).withCentered(true));
  }

  /** Ends with the last epoch's weights, so that the epochs after the resume decide them. */
  private static TrainerConfig config(OptimizerConfig optimizer) {
    return TrainerTest.config(3, 2).withOptimizer(optimizer).withLearningRate(0.01)
        .withRestoreBest(false);
  }

  /** Stops the run after the first batch of the second epoch, as a crash would. */
  private static final TrainingListener KILL = new TrainingListener() {
    @Override
    public void batchFinished(int epoch, int batch, int batches, double loss) {
      if (epoch == 1 && batch == 0) {
        throw new IllegalStateException("killed");
      }
    }
  };

  @ParameterizedTest
  @MethodSource("optimizers")
  void resumingWithTheSameSettingsContinuesBitIdentically(OptimizerConfig optimizer)
      throws IOException {
    SequenceDataset train = TrainerTest.runningSign(40, 21);
    SequenceDataset valid = TrainerTest.runningSign(12, 22);
    Trainer trainer = new Trainer(config(optimizer), new CrossEntropy());
    double[] straight =
        trainer.fit(TrainerTest.ltc(), train, valid, null, null, false).model().parameters();

    Path ckpt = tmp.resolve("run.ckpt");
    assertThrows(IllegalStateException.class,
        () -> trainer.fit(TrainerTest.ltc(), train, valid, KILL, ckpt, false));
    assertEquals(optimizer.toString(), Safetensors.read(ckpt).metadata().get("optimizer"));
    // A new trainer from an equal configuration, as a restarted process would build it.
    Trainer restarted = new Trainer(config(OptimizerConfig.named(optimizer.name()))
        .withOptimizer(optimizer), new CrossEntropy());
    double[] resumed = restarted.fit(TrainerTest.ltc(), train, valid, null, ckpt, true).model()
        .parameters();
    assertArrayEquals(straight, resumed, 0.0);

    // Without the optimizer's buffers the run would differ, so the comparison above can fail.
    assertThrows(IllegalStateException.class,
        () -> trainer.fit(TrainerTest.ltc(), train, valid, KILL, ckpt, false));
    SafetensorsFile file = Safetensors.read(ckpt);
    List<Tensor> zeroed = new ArrayList<>();
    for (Tensor t : file.tensorList()) {
      zeroed.add(t.name().startsWith("optimizer.")
          ? Tensor.f64(t.name(), t.shape(), new double[t.size()]) : t);
    }
    Safetensors.write(ckpt, zeroed, file.metadata(), true);
    double[] forgetful = restarted.fit(TrainerTest.ltc(), train, valid, null, ckpt, true)
        .model().parameters();
    assertFalse(Arrays.equals(straight, forgetful));
  }

  @Test
  void resumingWithOtherOptimizerSettingsIsRefusedNamingBoth() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(40, 23);
    OptimizerConfig adam = OptimizerConfig.adam().withBetas(0.8, 0.99).withWeightDecay(1e-3);
    Path ckpt = tmp.resolve("run.ckpt");
    assertThrows(IllegalStateException.class, () -> new Trainer(config(adam), new CrossEntropy())
        .fit(TrainerTest.ltc(), train, null, KILL, ckpt, false));
    for (OptimizerConfig other : new OptimizerConfig[] {
        adam.withWeightDecay(1e-2), adam.withBetas(0.9, 0.99), OptimizerConfig.adam(),
        OptimizerConfig.sgd().withMomentum(0.9)}) {
      Trainer trainer = new Trainer(config(other), new CrossEntropy());
      IOException e = assertThrows(IOException.class,
          () -> trainer.fit(TrainerTest.ltc(), train, null, null, ckpt, true));
      assertTrue(e.getMessage().contains("optimizer " + adam + ", now " + other),
          e.getMessage());
      assertTrue(e.getMessage().contains(ckpt.toString()), e.getMessage());
    }
  }

  @Test
  void resumingAnotherModelIsRefusedInTheLibrarysOwnWords() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(40, 24);
    Trainer trainer = new Trainer(config(OptimizerConfig.adam()), new CrossEntropy());
    Path ckpt = tmp.resolve("run.ckpt");
    assertThrows(IllegalStateException.class,
        () -> trainer.fit(TrainerTest.ltc(), train, null, KILL, ckpt, false));
    SequenceModel other =
        SequenceModel.create(ModelConfig.ltc(2, new AutoNcp(9, 2)).build(), 1);
    IOException e = assertThrows(IOException.class,
        () -> trainer.fit(other, train, null, null, ckpt, true));
    assertTrue(e.getMessage().startsWith(ckpt + ": the checkpoint was written for another model ("),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(
        "); use another checkpoint file or start a new run without resuming"), e.getMessage());
  }

  /**
   * A checkpoint of the previous release recorded the optimizer by name in the trainer's
   * fingerprint; it resumes with that optimizer's defaults and nothing else.
   */
  @Test
  void aCheckpointThatNamedOnlyTheOptimizerResumesWithItsDefaults() throws IOException {
    SequenceDataset train = TrainerTest.runningSign(40, 24);
    TrainerConfig c = config(OptimizerConfig.adam());
    Trainer trainer = new Trainer(c, new CrossEntropy());
    double[] straight =
        trainer.fit(TrainerTest.ltc(), train, null, null, null, false).model().parameters();
    Path ckpt = tmp.resolve("old.ckpt");
    assertThrows(IllegalStateException.class,
        () -> trainer.fit(TrainerTest.ltc(), train, null, KILL, ckpt, false));
    SafetensorsFile file = Safetensors.read(ckpt);
    Map<String, String> meta = new LinkedHashMap<>(file.metadata());
    meta.remove("optimizer");
    meta.put("trainer", "batch=" + c.batchSize() + " lr=" + c.learningRate()
        + " optimizer=adam clip=" + c.clipNorm() + " patience=" + c.patience() + " seed="
        + c.seed() + " chunk=" + c.chunkSize());
    Safetensors.write(ckpt, file.tensorList(), meta, true);

    Trainer tuned = new Trainer(c.withOptimizer(OptimizerConfig.adam().withWeightDecay(0.1)),
        new CrossEntropy());
    IOException e = assertThrows(IOException.class,
        () -> tuned.fit(TrainerTest.ltc(), train, null, null, ckpt, true));
    assertTrue(e.getMessage().contains("other training settings"), e.getMessage());
    assertArrayEquals(straight,
        trainer.fit(TrainerTest.ltc(), train, null, null, ckpt, true).model().parameters(), 0.0);
  }
}
