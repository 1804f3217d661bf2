package io.liquid4j.cell;

import static io.liquid4j.testing.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.testing.GoldenCase;
import io.liquid4j.wiring.Wiring;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ncps's golden LTC cases (those without mixed memory) through each of the cell's kernels on its
 * own, whatever the wiring's density would pick: the reference, the sparse and the dense kernel
 * each reproduce ncps's outputs and final states (1e-5 + 1e-3·|x|, ncps computing in float32) and
 * its autograd gradients by backpropagation through the sequence (1e-4·max|g| per tensor), as
 * {@code NcpsParityTest} and {@code GradientParityTest} check for the model.
 */
class LtcGoldenKernelsTest {
  static Stream<Arguments> cases() {
    return GoldenCase.names().stream()
        .filter(name -> name.startsWith("ltc_") && !name.contains("mixed_memory"))
        .flatMap(name -> Arrays.stream(LtcKernel.Kind.values()).map(k -> Arguments.of(name, k)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void eachKernelReproducesNcps(String name, LtcKernel.Kind kind) {
    GoldenCase g = GoldenCase.load(name);
    ModelConfig config = ModelConfig.fromMap(g.ncpsConfig(), name);
    assertEquals(0, config.projSize(), name + ": the case has no projection");
    Wiring wiring = config.effectiveWiring().build(config.inputSize());
    LtcCell cell = new LtcCell(wiring, config.inputMapping(), config.outputMapping(),
        config.odeUnfolds(), config.epsilon(), config.implicitParamConstraints(),
        config.solver(), config.rtol(), config.atol(), kind);
    double[] p = new double[cell.layout().size()];
    Map<String, GoldenCase.Array> params = g.params();
    for (ParameterLayout.Entry e : cell.layout().entries()) {
      GoldenCase.Array a = params.get("rnn_cell." + e.name());
      assertArrayEquals(e.shape(), a.shape(), name + ": shape of " + e.name());
      System.arraycopy(a.data(), 0, p, e.offset(), e.size());
    }

    GoldenCase.Array input = g.array("input");
    int batch = input.shape()[0];
    int length = input.shape()[1];
    int s = cell.inputSize();
    int n = cell.stateSize();
    int m = cell.outputSize();
    GoldenCase.Array timespans = g.array("timespans");
    double[][] xs = new double[length][batch * s];
    double[][] dts = new double[length][batch];
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(input.data(), (b * length + t) * s, xs[t], b * s, s);
        dts[t][b] = timespans == null ? 1.0 : timespans.data()[b * length + t];
      }
    }
    Cell.Workspace ws = cell.newWorkspace(p, 0, batch);
    Cell.Tape[] tapes = new Cell.Tape[length];
    double[][] hs = new double[length + 1][];
    hs[0] = new double[batch * n];
    double[] outputs = new double[batch * length * m];
    for (int t = 0; t < length; t++) {
      tapes[t] = cell.newTape(batch);
      hs[t + 1] = new double[batch * n];
      double[] out = new double[batch * m];
      cell.forward(p, 0, xs[t], hs[t], dts[t], batch, hs[t + 1], out, tapes[t], ws);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(out, b * m, outputs, (b * length + t) * m, m);
      }
    }
    assertClose(name + " " + kind + ": output", g.array("output").data(), outputs, 1e-5, 1e-3);
    assertClose(name + " " + kind + ": final h", g.array("final_h").data(), hs[length], 1e-5,
        1e-3);

    // loss = Σ output·w_out + Σ final_h·w_h
    double[] wOut = g.array("loss_weights_output").data();
    double[] dP = new double[p.length];
    double[] dH = g.array("loss_weights_h").data().clone();
    double[] dInput = new double[input.data().length];
    for (int t = length - 1; t >= 0; t--) {
      double[] dOut = new double[batch * m];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(wOut, (b * length + t) * m, dOut, b * m, m);
      }
      double[] dX = new double[batch * s];
      double[] dPrev = new double[batch * n];
      cell.backward(p, 0, xs[t], hs[t], dts[t], batch, tapes[t], dH, dOut, dP, dX, dPrev, ws);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dX, b * s, dInput, (b * length + t) * s, s);
      }
      dH = dPrev;
    }
    Map<String, GoldenCase.Array> grads = g.grads();
    for (ParameterLayout.Entry e : cell.layout().entries()) {
      double[] ours = Arrays.copyOfRange(dP, e.offset(), e.offset() + e.size());
      GoldenCase.Array ref = grads.get("rnn_cell." + e.name());
      if (!e.trainable()) {
        assertArrayEquals(new double[e.size()], ours, 0.0, name + ": frozen " + e.name());
        continue;
      }
      double scale = Arrays.stream(ref.data()).map(Math::abs).max().orElse(0);
      assertClose(name + " " + kind + ": d/d " + e.name(), ref.data(), ours, 1e-4 * scale, 0);
    }
    double[] refInput = g.array("grad_input").data();
    double scale = Arrays.stream(refInput).map(Math::abs).max().orElse(0);
    assertClose(name + " " + kind + ": d/d input", refInput, dInput, 1e-4 * scale, 0);
  }
}
