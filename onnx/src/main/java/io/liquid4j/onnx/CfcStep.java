package io.liquid4j.onnx;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.ParameterLayout;
import java.util.List;

/**
 * One step of ncps's CfC cell ({@code io.liquid4j.cell.CfcCell#forward}) as graph operations:
 *
 * <pre>
 * z   = backbone([x, h])                     L layers of act(W·z + b); z = [x, h] when L = 0
 * ff1 = z·(W1 ⊙ mask)ᵀ + b1                  the mask only with a wiring
 * default: h' = tanh(ff1)·(1 − g) + g·tanh(ff2),  g = σ(t_a·Δt + t_b)
 * no_gate: h' = tanh(ff1) + g·tanh(ff2)
 * pure:    h' = −A·exp(−Δt·(|w_tau| + |ff1|))·ff1 + A
 * </pre>
 *
 * The paper variant uses lecun_tanh in place of tanh on ff1 and ff2. The output is h'. Dropout
 * is a training-time operation and does not appear.
 */
final class CfcStep {
  private CfcStep() {}

  /** The cell's structure, as {@code CfcCell}'s constructor takes it. */
  record Spec(String prefix, CfcMode mode, Activation activation, CfcVariant variant) {}

  /**
   * h' of the cell whose parameters are under {@code spec.prefix()}.
   *
   * @param x (B, S) the cell's input
   * @param h (B, N) the cell's state
   * @param dt (B, 1) elapsed time
   */
  static String emit(OnnxGraph g, Weights w, Spec spec, String x, String h, String dt) {
    String p = spec.prefix();
    String z = g.concat(1, x, h);
    List<ParameterLayout.Entry> backbone = w.entriesStartingWith(p + "backbone.");
    for (int k = 0; k < backbone.size(); k += 2) {
      String weight = w.get(backbone.get(k).name());
      String bias = w.get(backbone.get(k + 1).name());
      z = Activations.apply(g, spec.activation(), g.linear(z, weight, bias));
    }
    String mask = w.has(p + "sparsity_mask") ? w.get(p + "sparsity_mask") : null;
    String ff1 = g.linear(z, masked(g, w.get(p + "ff1.weight"), mask), w.get(p + "ff1.bias"));
    if (spec.mode() == CfcMode.PURE) {
      String a = w.get(p + "A");
      String wTau = w.get(p + "w_tau");
      String decay = g.exp(g.neg(g.mul(dt, g.add(g.abs(wTau), g.abs(ff1)))));
      return g.add(g.mul(g.mul(g.neg(a), decay), ff1), a);
    }
    String ff2 = g.linear(z, masked(g, w.get(p + "ff2.weight"), mask), w.get(p + "ff2.bias"));
    String ta = g.linear(z, w.get(p + "time_a.weight"), w.get(p + "time_a.bias"));
    String tb = g.linear(z, w.get(p + "time_b.weight"), w.get(p + "time_b.bias"));
    String gate = g.sigmoid(g.add(g.mul(ta, dt), tb));
    boolean paper = spec.variant() == CfcVariant.PAPER;
    String f1 = paper ? Activations.lecunTanh(g, ff1) : g.tanh(ff1);
    String f2 = paper ? Activations.lecunTanh(g, ff2) : g.tanh(ff2);
    if (spec.mode() == CfcMode.NO_GATE) {
      return g.add(f1, g.mul(gate, f2));
    }
    return g.add(g.mul(f1, g.sub(g.scalar(1.0), gate)), g.mul(gate, f2));
  }

  /** W ⊙ mask, or W without a mask. */
  private static String masked(OnnxGraph g, String weight, String mask) {
    return mask != null ? g.mul(weight, mask) : weight;
  }
}
