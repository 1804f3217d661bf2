package io.liquid4j.model;

import static io.liquid4j.testing.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.testing.GoldenCase;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden ncps case reproduces ncps's outputs and final states elementwise within 1e-5 +
 * 1e-3·|x| (ncps computes in float32, liquid4j in float64).
 */
class NcpsParityTest {
  static final double ATOL = 1e-5;
  static final double RTOL = 1e-3;

  static Stream<String> cases() {
    return GoldenCase.names().stream();
  }

  /** Builds the model of a golden case with its parameters, by state_dict name. */
  static SequenceModel modelOf(GoldenCase g) {
    ModelConfig config = ModelConfig.fromMap(g.ncpsConfig(), g.name());
    SequenceModel fresh = SequenceModel.create(config, 0);
    ParameterLayout layout = fresh.layout();
    Map<String, GoldenCase.Array> params = g.params();
    assertEquals(
        new TreeSet<>(params.keySet()),
        new TreeSet<>(layout.entries().stream().map(ParameterLayout.Entry::name).toList()),
        g.name() + ": parameter names");
    double[] p = new double[layout.size()];
    for (ParameterLayout.Entry e : layout.entries()) {
      GoldenCase.Array a = params.get(e.name());
      assertArrayEquals(e.shape(), a.shape(), g.name() + ": shape of " + e.name());
      System.arraycopy(a.data(), 0, p, e.offset(), a.data().length);
    }
    return SequenceModel.withParameters(config, p);
  }

  /** (B, L, 1) or (B, L) timespans as a flat (B, L) array, or null. */
  static double[] timespans(GoldenCase g) {
    GoldenCase.Array ts = g.array("timespans");
    return ts == null ? null : ts.data();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputsAndFinalStatesMatchNcps(String name) {
    GoldenCase g = GoldenCase.load(name);
    SequenceModel model = modelOf(g);
    GoldenCase.Array input = g.array("input");
    int batch = input.shape()[0];
    int length = input.shape()[1];
    SequenceOutput y = model.forward(input.data(), batch, length, timespans(g), null);

    GoldenCase.Array expected = g.array("output");
    assertArrayEquals(expected.shape(), y.shape(), name + ": output shape");
    assertClose(name + ": output", expected.data(), y.outputs(), ATOL, RTOL);
    assertClose(name + ": final h", g.array("final_h").data(), y.finalState().h(), ATOL, RTOL);
    GoldenCase.Array finalC = g.array("final_c");
    if (finalC != null) {
      assertClose(name + ": final c", finalC.data(), y.finalState().c(), ATOL, RTOL);
    } else {
      assertNull(y.finalState().c(), name + ": no memory without mixed_memory");
    }
  }
}
