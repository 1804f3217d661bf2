package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.testing.GoldenCase;
import io.liquid4j.testing.Tensors;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation through time against ncps's autograd: loss = Σ output·w_out + Σ final_h·w_h,
 * every parameter gradient and the input gradient within 1e-4·max|g_ref| elementwise per tensor.
 */
class GradientParityTest {
  static Stream<String> cases() {
    return GoldenCase.names().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchNcpsAutograd(String name) {
    GoldenCase g = GoldenCase.load(name);
    SequenceModel model = NcpsParityTest.modelOf(g);
    GoldenCase.Array input = g.array("input");
    TrainingPass pass = model.forwardForTraining(input.data(), input.shape()[0],
        input.shape()[1], NcpsParityTest.timespans(g), null);
    double[] wOut = g.array("loss_weights_output").data();
    double[] wH = g.array("loss_weights_h").data();
    double loss = 0;
    double[] y = pass.output().outputs();
    double[] h = pass.output().finalState().h();
    for (int i = 0; i < y.length; i++) {
      loss += y[i] * wOut[i];
    }
    for (int i = 0; i < h.length; i++) {
      loss += h[i] * wH[i];
    }
    assertEquals(g.loss(), loss, 1e-4 * Math.max(1, Math.abs(g.loss())), name + ": loss");
    Gradients grads = pass.backward(wOut, wH, null);

    Map<String, GoldenCase.Array> expected = g.grads();
    ParameterLayout layout = model.layout();
    for (ParameterLayout.Entry e : layout.entries()) {
      double[] ours = Arrays.copyOfRange(grads.parameters(), e.offset(), e.offset() + e.size());
      GoldenCase.Array ref = expected.get(e.name());
      if (ref == null) {
        assertTrue(!e.trainable(), name + ": ncps has no gradient for trainable " + e.name());
        assertTrue(Arrays.stream(ours).allMatch(v -> v == 0), name + ": frozen " + e.name());
        continue;
      }
      double scale = Arrays.stream(ref.data()).map(Math::abs).max().orElse(0);
      Tensors.assertClose(name + ": d/d " + e.name(), ref.data(), ours, 1e-4 * scale, 0);
    }
    GoldenCase.Array refInput = g.array("grad_input");
    double scale = Arrays.stream(refInput.data()).map(Math::abs).max().orElse(0);
    Tensors.assertClose(name + ": d/d input", refInput.data(), grads.inputs(), 1e-4 * scale, 0);
  }
}
