package io.liquid4j.train;

import static io.liquid4j.train.LossValuesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The builder, the defaults and the named withers of {@link TrainerConfig}. */
class TrainerConfigTest {
  private static final TrainerConfig CUSTOM = TrainerConfig.builder()
      .epochs(30)
      .batchSize(8)
      .learningRate(0.01)
      .optimizer(OptimizerConfig.sgd().withMomentum(0.9).withNesterov(true))
      .clipNorm(1.5)
      .patience(3)
      .restoreBest(false)
      .seed(7)
      .threads(3)
      .chunkSize(2)
      .build();

  @Test
  void defaultsAreTheLtcRepositorysHabits() {
    TrainerConfig d = TrainerConfig.defaults();
    assertEquals(20, d.epochs());
    assertEquals(16, d.batchSize());
    assertEquals(0.005, d.learningRate());
    assertEquals(OptimizerConfig.adam(), d.optimizer());
    assertEquals(0.0, d.clipNorm());
    assertEquals(0, d.patience());
    assertTrue(d.restoreBest());
    assertEquals(42, d.seed());
    assertEquals(Runtime.getRuntime().availableProcessors(), d.threads());
    assertEquals(4, d.chunkSize());
    assertEquals(d, TrainerConfig.builder().build());
  }

  @Test
  void theBuilderSetsEverySettingAndToBuilderRoundTrips() {
    assertEquals(30, CUSTOM.epochs());
    assertEquals(8, CUSTOM.batchSize());
    assertEquals(0.01, CUSTOM.learningRate());
    assertEquals("sgd(momentum=0.9, dampening=0.0, nesterov=true, weight_decay=0.0)",
        CUSTOM.optimizer().toString());
    assertEquals(1.5, CUSTOM.clipNorm());
    assertEquals(3, CUSTOM.patience());
    assertEquals(false, CUSTOM.restoreBest());
    assertEquals(7, CUSTOM.seed());
    assertEquals(3, CUSTOM.threads());
    assertEquals(2, CUSTOM.chunkSize());
    assertEquals(CUSTOM, CUSTOM.toBuilder().build());
    assertEquals(CUSTOM.hashCode(), CUSTOM.toBuilder().build().hashCode());
    assertTrue(CUSTOM.toString().contains("optimizer=sgd(momentum=0.9"), CUSTOM.toString());
  }

  /** Each wither changes its own setting and nothing else. */
  @Test
  void eachWitherChangesOneSetting() {
    TrainerConfig.Builder b = CUSTOM.toBuilder();
    assertEquals(b.epochs(5).build(), CUSTOM.withEpochs(5));
    b = CUSTOM.toBuilder();
    assertEquals(b.batchSize(64).build(), CUSTOM.withBatchSize(64));
    b = CUSTOM.toBuilder();
    assertEquals(b.learningRate(0.1).build(), CUSTOM.withLearningRate(0.1));
    b = CUSTOM.toBuilder();
    assertEquals(b.optimizer(OptimizerConfig.adamw()).build(),
        CUSTOM.withOptimizer(OptimizerConfig.adamw()));
    b = CUSTOM.toBuilder();
    assertEquals(b.clipNorm(0).build(), CUSTOM.withClipNorm(0));
    b = CUSTOM.toBuilder();
    assertEquals(b.patience(0).build(), CUSTOM.withPatience(0));
    b = CUSTOM.toBuilder();
    assertEquals(b.restoreBest(true).build(), CUSTOM.withRestoreBest(true));
    b = CUSTOM.toBuilder();
    assertEquals(b.seed(99).build(), CUSTOM.withSeed(99));
    b = CUSTOM.toBuilder();
    assertEquals(b.threads(1).build(), CUSTOM.withThreads(1));
    b = CUSTOM.toBuilder();
    assertEquals(b.chunkSize(16).build(), CUSTOM.withChunkSize(16));
    assertNotEquals(CUSTOM, CUSTOM.withSeed(8));
    assertEquals(7, CUSTOM.seed()); // the original is unchanged
  }

  @Test
  void badSettingsAreNamed() {
    assertMessage(() -> TrainerConfig.builder().epochs(0).build(), "epochs", "0");
    assertMessage(() -> CUSTOM.withBatchSize(0), "batch size", "0");
    assertMessage(() -> CUSTOM.withLearningRate(0), "learning rate", "0.0");
    assertMessage(() -> CUSTOM.withLearningRate(Double.NaN), "learning rate", "NaN");
    assertMessage(() -> CUSTOM.withClipNorm(-1), "clip norm", "-1.0");
    assertMessage(() -> CUSTOM.withPatience(-1), "patience", "-1");
    assertMessage(() -> CUSTOM.withThreads(0), "threads", "0");
    assertMessage(() -> CUSTOM.withChunkSize(0), "chunk size", "0");
  }
}
