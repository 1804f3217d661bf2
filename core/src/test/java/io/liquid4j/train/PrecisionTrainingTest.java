package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.liquid4j.cell.Precision;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.wiring.AutoNcp;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training in float32: a seeded run gives the same parameters every time and for any number of
 * threads, and the trained model stays float32.
 */
class PrecisionTrainingTest {
  static Stream<ModelConfig> configs() {
    return Stream.of(
        ModelConfig.ltc(2, new AutoNcp(8, 2)).precision(Precision.FLOAT32).build(),
        ModelConfig.cfc(2, 6).backbone(8, 1, 0.0).projSize(2).precision(Precision.FLOAT32)
            .build(),
        ModelConfig.cfc(2, 4).mixedMemory(true).backbone(8, 1, 0.0).projSize(2)
            .precision(Precision.FLOAT32).build(),
        ModelConfig.cfc(2, 4).mixedMemory(true).backbone(8, 1, 0.0).projSize(2)
            .cfcVariant(io.liquid4j.cell.CfcVariant.PAPER).precision(Precision.FLOAT32).build(),
        ModelConfig.lstm(2, 5).projSize(2).precision(Precision.FLOAT32).build());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aSeededFloat32RunIsRepeatableAndDoesNotDependOnTheThreads(ModelConfig config)
      throws IOException {
    SequenceDataset train = TrainerTest.runningSign(40, 5);
    SequenceModel initial = SequenceModel.create(config, 1);
    TrainingResult one = new Trainer(TrainerTest.config(2, 1), new CrossEntropy())
        .fit(initial, train, null, null, null, false);
    TrainingResult again = new Trainer(TrainerTest.config(2, 1), new CrossEntropy())
        .fit(initial, train, null, null, null, false);
    TrainingResult three = new Trainer(TrainerTest.config(2, 3), new CrossEntropy())
        .fit(initial, train, null, null, null, false);
    assertEquals(Precision.FLOAT32, one.model().precision());
    assertFalse(Arrays.equals(initial.parameters(), one.model().parameters()), "it trained");
    assertArrayEquals(one.model().parameters(), again.model().parameters(), 0.0, "repeated");
    assertArrayEquals(one.model().parameters(), three.model().parameters(), 0.0, "3 threads");
  }
}
