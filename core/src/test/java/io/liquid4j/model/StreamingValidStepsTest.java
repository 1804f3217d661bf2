package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link StreamingSession} stepped on the valid steps of a padded sequence only gives bit for bit
 * the outputs and final state of {@link SequenceModel#forward} with those valid steps: at a valid
 * step the batch's output, at a padded step the last streamed output (zeros before the first).
 */
class StreamingValidStepsTest {
  static java.util.stream.Stream<ModelConfig> configs() {
    return ValidStepsTest.configs().map(c -> c.toBuilder().returnSequences(true).build());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void steppingOnlyTheValidStepsGivesTheMaskedForward(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 6);
    int b = 3;
    int l = 5;
    int s = model.inputSize();
    int o = model.outputSize();
    int n = model.stateSize();
    double[] mask = ValidStepsTest.MASK;
    double[] x = SequenceModelTest.random(b * l * s, 7);
    double[] ts = SequenceModelTest.positive(b * l, 8);
    SequenceOutput batch = model.forward(x, b, l, ts, mask, null);
    for (int seq = 0; seq < b; seq++) {
      StreamingSession session = model.newSession();
      double[] last = new double[o];
      for (int t = 0; t < l; t++) {
        int step = seq * l + t;
        if (mask[step] == 1) {
          last = session.step(Arrays.copyOfRange(x, step * s, (step + 1) * s), ts[step]);
        }
        assertArrayEquals(last, Arrays.copyOfRange(batch.outputs(), step * o, (step + 1) * o),
            0.0, "sequence " + seq + ", step " + t);
      }
      assertEquals((long) Arrays.stream(mask, seq * l, (seq + 1) * l).sum(), session.steps());
      ModelState state = session.state();
      assertArrayEquals(Arrays.copyOfRange(batch.finalState().h(), seq * n, (seq + 1) * n),
          state.h(), 0.0, "final h of sequence " + seq);
      if (config.mixedMemory()) {
        assertArrayEquals(Arrays.copyOfRange(batch.finalState().c(), seq * n, (seq + 1) * n),
            state.c(), 0.0, "final c of sequence " + seq);
      }
    }
  }
}
