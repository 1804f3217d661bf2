package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SequenceOutput's per-sample readers and StreamingSession.restore's all-or-nothing contract. */
class OutputAndRestoreTest {
  private static double[] inputs(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    return x;
  }

  @Test
  void lastReadsTheLastStepOfEitherShape() {
    ModelConfig seq = ModelConfig.cfc(3, 5).backbone(8, 1, 0.0).build();
    SequenceModel every = SequenceModel.create(seq, 7);
    SequenceModel lastOnly = SequenceModel.withParameters(
        seq.toBuilder().returnSequences(false).build(), every.parameters());
    double[] x = inputs(2 * 4 * 3, 1);
    SequenceOutput all = every.forward(x, 2, 4, null, null);
    SequenceOutput last = lastOnly.forward(x, 2, 4, null, null);
    for (int b = 0; b < 2; b++) {
      // The per-step outputs' last step is what a last-step model returns, computed separately.
      assertArrayEquals(all.at(b, 3), all.last(b), 0.0);
      assertArrayEquals(all.at(b, 3), last.last(b), 0.0);
    }
    assertThrows(IllegalStateException.class, () -> last.at(0, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> all.at(0, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> all.at(2, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> last.last(2));
  }

  @Test
  void aRefusedStateLeavesTheSessionAsItWas() {
    ModelConfig config = ModelConfig.cfc(2, 4).backbone(6, 1, 0.0).mixedMemory(true).build();
    SequenceModel model = SequenceModel.create(config, 3);
    StreamingSession session = model.newSession();
    session.step(new double[] {0.3, -0.2});
    ModelState before = session.state();
    double[] h = new double[model.stateSize()];
    double[] badC = new double[model.stateSize()];
    badC[1] = Double.NaN;
    assertThrows(IllegalArgumentException.class,
        () -> session.restore(new ModelState(1, model.stateSize(), h, badC)));
    ModelState after = session.state();
    assertArrayEquals(before.h(), after.h(), 0.0);
    assertArrayEquals(before.c(), after.c(), 0.0);
  }
}
