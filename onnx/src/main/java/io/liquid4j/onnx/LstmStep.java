package io.liquid4j.onnx;

/**
 * One step of ncps's mixed-memory LSTM ({@code io.liquid4j.cell.LstmCell}) as graph operations:
 *
 * <pre>
 * z  = (x·W_inᵀ + b_in) + h·W_recᵀ        z = [i | ig | fg | og], each N wide
 * c' = c·σ(fg + β) + tanh(i)·σ(ig)
 * h' = tanh(c')·σ(og)
 * </pre>
 */
final class LstmStep {
  private LstmStep() {}

  /** h' and c'. */
  record Result(String hNext, String cNext) {}

  static Result emit(OnnxGraph g, Weights w, String prefix, int units, double forgetBias,
      String x, String h, String c) {
    String z = g.add(
        g.linear(x, w.get(prefix + "input_map.weight"), w.get(prefix + "input_map.bias")),
        g.linear(h, w.get(prefix + "recurrent_map.weight"), null));
    String i = g.tanh(g.slice(z, 1, 0, units));
    String ig = g.sigmoid(g.slice(z, 1, units, 2L * units));
    String fg = g.sigmoid(g.add(g.slice(z, 1, 2L * units, 3L * units), g.scalar(forgetBias)));
    String og = g.sigmoid(g.slice(z, 1, 3L * units, 4L * units));
    String cNext = g.add(g.mul(c, fg), g.mul(i, ig));
    String hNext = g.mul(g.tanh(cNext), og);
    return new Result(hNext, cNext);
  }
}
