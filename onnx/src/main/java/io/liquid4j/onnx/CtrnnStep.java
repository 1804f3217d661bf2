package io.liquid4j.onnx;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.MathFunctions;
import io.liquid4j.solver.SolverKind;

/**
 * One step of the CTRNN ({@code io.liquid4j.cell.CtrnnCell}) as graph operations, its K explicit
 * sub-steps written out:
 *
 * <pre>
 * f(v) = −v / τ + act([x, v]·Wᵀ + b),   τ = softplus(tau), computed once at export
 * euler: v ← v + h·f(v);  rk4: the classic four stages;  h = Δt/K
 * </pre>
 *
 * The output is the new state. The adaptive dopri5 solver is refused.
 */
final class CtrnnStep {
  private CtrnnStep() {}

  static String emit(OnnxGraph g, Weights w, String prefix, Activation activation,
      SolverKind solver, int unfolds, String x, String h, String dt) {
    String weight = w.get(prefix + "weight");
    String bias = w.get(prefix + "bias");
    String tau = w.get(prefix + "tau", ".softplus", MathFunctions::softplus);
    java.util.function.UnaryOperator<String> f = v -> g.add(
        g.div(g.neg(v), tau), Activations.apply(g, activation, g.linear(g.concat(1, x, v), weight, bias)));
    String hStep = g.div(dt, g.scalar(unfolds));
    String v = h;
    switch (solver) {
      case EULER -> {
        for (int u = 0; u < unfolds; u++) {
          v = g.add(v, g.mul(hStep, f.apply(v)));
        }
      }
      case RK4 -> {
        String half = g.mul(g.scalar(0.5), hStep);
        String sixth = g.div(hStep, g.scalar(6.0));
        String two = g.scalar(2.0);
        for (int u = 0; u < unfolds; u++) {
          String k1 = f.apply(v);
          String k2 = f.apply(g.add(v, g.mul(half, k1)));
          String k3 = f.apply(g.add(v, g.mul(half, k2)));
          String k4 = f.apply(g.add(v, g.mul(hStep, k3)));
          String sum = g.add(g.add(g.add(k1, g.mul(two, k2)), g.mul(two, k3)), k4);
          v = g.add(v, g.mul(sixth, sum));
        }
      }
      default -> throw new IllegalArgumentException(
          "solver " + solver.name().toLowerCase(java.util.Locale.ROOT)
              + ": a CTRNN with the adaptive dopri5 solver cannot be exported to ONNX (its number"
              + " of sub-steps depends on the values); use euler or rk4");
    }
    return v;
  }
}
