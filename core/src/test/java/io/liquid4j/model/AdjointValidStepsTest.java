package io.liquid4j.model;

import static io.liquid4j.model.SequenceModelTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.solver.SolverKind;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adjoint method with valid steps: padded steps leave state and output unchanged and pass
 * gradients straight through, so a padded sequence's adjoint gradients are exactly those of the
 * same sequence with its padded steps removed, and agree with backpropagation's masked gradients
 * (themselves checked against finite differences in {@link ValidStepsTest}) within the adjoint's
 * reconstruction error.
 */
class AdjointValidStepsTest {
  static Stream<ModelConfig> configs() {
    return AdjointTest.configs();
  }

  static final int L = 5;
  static final int S = 3;

  /** As {@link ValidStepsTest#MASK}: padded at the end, with gaps, and padded first. */
  static final double[] MASK = ValidStepsTest.MASK;

  static double scale(ModelConfig config) {
    // As AdjointTest: short elapsed times for the strongly dissipative LTC.
    return config.model() == ModelKind.LTC ? 0.1 : 1.0;
  }

  static double[] timespans(ModelConfig config, int n, long seed) {
    double[] ts = SequenceModelTest.positive(n, seed);
    for (int i = 0; i < ts.length; i++) {
      ts[i] *= scale(config);
    }
    return ts;
  }

  @ParameterizedTest
  @MethodSource("configs")
  void outputsAreTheMaskedForwardsAndGradientsAgreeWithBackpropagation(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 4);
    int b = 3;
    double[] x = SequenceModelTest.random(b * L * S, 1);
    double[] ts = timespans(config, b * L, 2);
    ts[3] = 0.0; // a padded step's Δt is ignored, 0 included
    AdjointPass adjoint = AdjointPass.forward(model, x, b, L, ts, MASK, null);
    SequenceOutput reference = model.forward(x, b, L, ts, MASK, null);
    assertArrayEquals(reference.outputs(), adjoint.output().outputs(), 0.0);
    assertArrayEquals(reference.finalState().h(), adjoint.output().finalState().h(), 0.0);

    TrainingPass bptt = model.forwardForTraining(x, b, L, ts, MASK, null, 0L, null);
    double[] dy = SequenceModelTest.random(reference.outputs().length, 3);
    double[] dh = SequenceModelTest.random(b * model.stateSize(), 4);
    Gradients exact = bptt.backward(dy, dh, null);
    Gradients g = adjoint.backward(dy, dh);
    double params = AdjointTest.relativeError(exact.parameters(), g.parameters());
    double inputs = AdjointTest.relativeError(exact.inputs(), g.inputs());
    double initial = AdjointTest.relativeError(exact.initialH(), g.initialH());
    assertTrue(params < 1e-3 && inputs < 1e-3 && initial < 1e-3,
        "relative errors: parameters " + params + ", inputs " + inputs + ", h0 " + initial);
    for (int i = 0; i < x.length; i++) {
      if (MASK[i / S] == 0) {
        assertEquals(0.0, Math.abs(g.inputs()[i]), "a padded step's input has no gradient");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aPaddedSequenceHasTheGradientsOfTheSequenceWithoutItsPaddedSteps(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 5);
    int n = model.stateSize();
    int o = model.outputSize();
    boolean sequences = config.returnSequences();
    for (int seq = 0; seq < 3; seq++) {
      double[] mask = Arrays.copyOfRange(MASK, seq * L, (seq + 1) * L);
      double[] x = SequenceModelTest.random(L * S, 10 + seq);
      double[] ts = timespans(config, L, 20 + seq);
      double[] h0 = SequenceModelTest.random(n, 30 + seq);
      double[] dy = SequenceModelTest.random(sequences ? L * o : o, 40 + seq);
      double[] dh = SequenceModelTest.random(n, 50 + seq);
      Gradients padded = AdjointPass.forward(model, x, 1, L, ts, mask,
          new ModelState(1, n, h0, null)).backward(dy, dh);

      // The reference: the valid steps alone; each keeps its own output gradient plus those of
      // the padded steps after it (which repeat its output), summed in the same order (from the
      // last padded step back); the padded steps before the first valid one output zeros.
      int[] kept = java.util.stream.IntStream.range(0, L).filter(t -> mask[t] == 1).toArray();
      int k = kept.length;
      double[] xr = new double[k * S];
      double[] tr = new double[k];
      for (int j = 0; j < k; j++) {
        System.arraycopy(x, kept[j] * S, xr, j * S, S);
        tr[j] = ts[kept[j]];
      }
      double[] dyr = new double[sequences ? k * o : o];
      if (sequences) {
        for (int j = 0; j < k; j++) {
          int end = j + 1 < k ? kept[j + 1] : L;
          for (int r = 0; r < o; r++) {
            double carry = 0.0;
            for (int t = end - 1; t > kept[j]; t--) {
              carry += dy[t * o + r];
            }
            dyr[j * o + r] = dy[kept[j] * o + r] + carry;
          }
        }
      } else {
        System.arraycopy(dy, 0, dyr, 0, o);
      }
      Gradients unpadded = AdjointPass.forward(model, xr, 1, k, tr, null,
          new ModelState(1, n, h0, null)).backward(dyr, dh);
      assertArrayEquals(unpadded.parameters(), padded.parameters(), 0.0, "parameters, " + seq);
      assertArrayEquals(unpadded.initialH(), padded.initialH(), 0.0, "h0, sequence " + seq);
      for (int t = 0; t < L; t++) {
        double[] got = Arrays.copyOfRange(padded.inputs(), t * S, (t + 1) * S);
        int j = Arrays.binarySearch(kept, t);
        double[] want = j >= 0 ? Arrays.copyOfRange(unpadded.inputs(), j * S, (j + 1) * S)
            : new double[S];
        assertArrayEquals(want, got, 0.0, "input gradient, sequence " + seq + ", step " + t);
      }
    }
  }

  @Test
  void badValidStepsAndModelsThatCannotRunBackwardAreRefused() {
    SequenceModel rk4 = SequenceModel.create(
        ModelConfig.ctrnn(3, 4).solver(SolverKind.RK4).build(), 1);
    double[] x = new double[6];
    assertMessage(() -> AdjointPass.forward(rk4, x, 1, 2, null, new double[] {1, 0.5}, null),
        "validSteps", "0.5");
    assertMessage(() -> AdjointPass.forward(rk4, x, 1, 2, null, new double[] {1}, null),
        "validSteps", "(1, 2)");
    assertMessage(() -> AdjointPass.forward(SequenceModel.create(
        ModelConfig.cfc(3, 4).build(), 1), x, 1, 2, null, new double[] {1, 0}, null),
        "adjoint", "CfC");
  }
}
