package io.liquid4j.onnx;

import io.liquid4j.cell.MathFunctions;
import io.liquid4j.solver.SolverKind;

/**
 * One step of ncps's LTC cell ({@code io.liquid4j.cell.LtcCell}'s reference forward) as graph
 * operations, its K ODE sub-steps written out one after the other. Synapses absent from the
 * wiring are removed by multiplying their weight by the wiring's sparsity mask (a constant of
 * the graph), so they add exactly 0 to the sums. With implicit constraints the positive
 * quantities (w, sensory_w, cm, gleak) are softplus'd once at export, as liquid4j's kernels do
 * once per parameter set.
 *
 * <pre>
 * x̃ = x·input_w + input_b                                              input mapping
 * a_ij(v) = w_ij·mask_ij·σ(sigma_ij·(v_i − mu_ij))                     (B, N, N)
 * num(v) = Σ_i a_ij·erev_ij,  den(v) = Σ_i a_ij                        likewise for the sensory
 *                                                                      synapses on x̃ (numS, denS)
 * fused:  v ← (cm/h·v + gleak·vleak + (num + numS)) / (cm/h + gleak + (den + denS) + ε)
 * euler:  v ← v + h·f(v),  rk4: the classic four stages,
 *         f(v) = (gleak·(vleak − v) + (num + numS) − v·(den + denS)) / (cm + ε)
 * out = v[:, :M]·output_w + output_b                                   output mapping
 * </pre>
 *
 * with h = Δt/K. The adaptive dopri5 solver has no fixed number of steps and is refused.
 */
final class LtcStep {
  private LtcStep() {}

  /** The cell's settings, from its model config. */
  record Spec(String prefix, int motors, int unfolds, double epsilon, boolean implicitConstraints,
      SolverKind solver) {}

  /** h' and the output of one step. */
  record Result(String hNext, String out) {}

  /** The synapse constants of one set (internal or sensory), already masked and made positive. */
  private record Synapses(String w, String sigma, String mu, String erev) {}

  static Result emit(OnnxGraph g, Weights w, Spec spec, String x, String h, String dt) {
    String p = spec.prefix();
    // x̃ = x·input_w + input_b
    String xs = x;
    if (w.has(p + "input_w")) {
      xs = g.mul(xs, w.get(p + "input_w"));
    }
    if (w.has(p + "input_b")) {
      xs = g.add(xs, w.get(p + "input_b"));
    }
    Synapses sensory = synapses(g, w, spec, p + "sensory_", p + "sensory_sparsity_mask");
    Synapses internal = synapses(g, w, spec, p, p + "sparsity_mask");
    String[] sensoryCurrents = currents(g, sensory, xs);
    String numS = sensoryCurrents[0];
    String denS = sensoryCurrents[1];

    String cm = positive(g, w, spec, p + "cm");
    String gleak = positive(g, w, spec, p + "gleak");
    String vleak = w.get(p + "vleak");
    String hStep = g.div(dt, g.scalar(spec.unfolds())); // (B, 1); ncps computes Δt/K first
    String v = h;
    switch (spec.solver()) {
      case FUSED -> {
        String cmT = g.div(cm, hStep); // (B, N)
        String gleakVleak = g.mul(gleak, vleak);
        String eps = g.scalar(spec.epsilon());
        for (int u = 0; u < spec.unfolds(); u++) {
          String[] nd = currents(g, internal, v);
          String numerator = g.add(g.add(g.mul(cmT, v), gleakVleak), g.add(nd[0], numS));
          String denominator = g.add(g.add(g.add(cmT, gleak), g.add(nd[1], denS)), eps);
          v = g.div(numerator, denominator);
        }
      }
      case EULER -> {
        Rhs f = new Rhs(g, internal, numS, denS, gleak, vleak, g.add(cm, g.scalar(spec.epsilon())));
        for (int u = 0; u < spec.unfolds(); u++) {
          v = g.add(v, g.mul(hStep, f.at(v)));
        }
      }
      case RK4 -> {
        Rhs f = new Rhs(g, internal, numS, denS, gleak, vleak, g.add(cm, g.scalar(spec.epsilon())));
        String half = g.mul(g.scalar(0.5), hStep);
        String sixth = g.div(hStep, g.scalar(6.0));
        String two = g.scalar(2.0);
        for (int u = 0; u < spec.unfolds(); u++) {
          String k1 = f.at(v);
          String k2 = f.at(g.add(v, g.mul(half, k1)));
          String k3 = f.at(g.add(v, g.mul(half, k2)));
          String k4 = f.at(g.add(v, g.mul(hStep, k3)));
          // v += h/6·(k1 + 2·k2 + 2·k3 + k4)
          String sum = g.add(g.add(g.add(k1, g.mul(two, k2)), g.mul(two, k3)), k4);
          v = g.add(v, g.mul(sixth, sum));
        }
      }
      default -> throw new IllegalArgumentException(
          "solver " + spec.solver().name().toLowerCase(java.util.Locale.ROOT)
              + ": an LTC with the adaptive dopri5 solver cannot be exported to ONNX (its number"
              + " of sub-steps depends on the values); use fused, euler or rk4");
    }
    // out = v[:, :M]·output_w + output_b
    String out = g.slice(v, 1, 0, spec.motors());
    if (w.has(p + "output_w")) {
      out = g.mul(out, w.get(p + "output_w"));
    }
    if (w.has(p + "output_b")) {
      out = g.add(out, w.get(p + "output_b"));
    }
    return new Result(v, out);
  }

  /** The LTC's right-hand side f(v) with the input's currents held constant over the step. */
  private record Rhs(OnnxGraph g, Synapses internal, String numS, String denS, String gleak,
      String vleak, String capacitance) {
    String at(String v) {
      String[] nd = currents(g, internal, v);
      // (gleak·(vleak − v) + (num + numS) − v·(den + denS)) / (cm + ε)
      String leak = g.mul(gleak, g.sub(vleak, v));
      String drive = g.sub(g.add(leak, g.add(nd[0], numS)), g.mul(v, g.add(nd[1], denS)));
      return g.div(drive, capacitance);
    }
  }

  /** w ⊙ mask (positive), sigma, mu, erev of one synapse set ({@code prefix} "" or "sensory_"). */
  private static Synapses synapses(OnnxGraph g, Weights w, Spec spec, String prefix,
      String maskName) {
    String weight = g.mul(positive(g, w, spec, prefix + "w"), w.get(maskName));
    return new Synapses(weight, w.get(prefix + "sigma"), w.get(prefix + "mu"),
        w.get(prefix + "erev"));
  }

  /** The parameter through softplus with implicit constraints, as stored otherwise. */
  private static String positive(OnnxGraph g, Weights w, Spec spec, String name) {
    return spec.implicitConstraints()
        ? w.get(name, ".softplus", MathFunctions::softplus) : w.get(name);
  }

  /**
   * {num_j, den_j} = {Σ_i a_ij·erev_ij, Σ_i a_ij}, a_ij = w_ij·σ(sigma_ij·(v_i − mu_ij)), for
   * the presynaptic values v (B, I) and constants (I, N): the synapses as a (B, I, N) tensor.
   */
  private static String[] currents(OnnxGraph g, Synapses s, String v) {
    String pre = g.unsqueeze(v, 2); // (B, I, 1)
    String a = g.mul(s.w(), g.sigmoid(g.mul(s.sigma(), g.sub(pre, s.mu()))));
    String num = g.reduceSum(g.mul(a, s.erev()), 1);
    String den = g.reduceSum(a, 1);
    return new String[] {num, den};
  }
}
