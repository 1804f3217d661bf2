package io.liquid4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.cell.MathFunctions;
import io.liquid4j.cell.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The float64 erf graph, run in ONNX Runtime, against liquid4j's MathFunctions.erf in each of
 * its ranges (|x| ≤ 0.5, ≤ 4, &lt; 27, beyond) and at their edges, both signs.
 */
class Erf64Test {
  @Test
  void erfGraphMatchesMathFunctionsInEveryRange() throws Exception {
    double[] x = {0.0, 1e-300, 0.1, 0.5, 0.50000001, 1.3, 3.9, 4.0, 4.2, 6.5, 26.9, 27.0, 40.0,
        -0.2, -0.5, -2.2, -4.0, -5.5, -30.0};
    OnnxGraph g = new OnnxGraph(Precision.FLOAT64);
    String in = g.input("x", x.length);
    g.output("erf", Erf64.emit(g, in), x.length);
    byte[] model = OnnxProto.model(g.encode("erf", null), "test", "0", "erf");
    try (Ort ort = new Ort(model, Precision.FLOAT64)) {
      double[] out = ort.run(Map.of("x", new Ort.In(x, x.length))).get("erf");
      for (int i = 0; i < x.length; i++) {
        double expected = MathFunctions.erf(x[i]);
        assertEquals(expected, out[i], 1e-15 + 1e-13 * Math.abs(expected), "erf(" + x[i] + ")");
      }
    }
  }
}
