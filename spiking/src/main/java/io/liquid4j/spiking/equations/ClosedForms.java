package io.liquid4j.spiking.equations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The closed-form methods, exact and exponential_euler. Both write the solution of
 * dx/dt = a·x + b over one step with a and b held at their values at its start,
 * x∞ + (x − x∞)·exp(a·dt) with x∞ = −b/a, simplified as sympy simplifies it for Brian2 (so
 * {@code (v0 - v)/tau} gives {@code v0 + (v - v0)*exp(-dt/tau)}). exact takes a and b from the
 * linear structure of the whole system and so is exact when it applies; variables that feed each
 * other are solved together with propagator matrices computed once per run. exponential_euler
 * takes each equation on its own, other variables held constant.
 */
final class ClosedForms {
  private final List<StateUpdaters.Ode> odes;
  private final Set<String> variables;
  private final Scope scope;
  private final List<Statement> out;

  /**
   * @param out receives the statements computing {@code _new_x} for each variable
   */
  ClosedForms(List<StateUpdaters.Ode> odes, Set<String> variables, Scope scope,
      List<Statement> out) {
    this.odes = odes;
    this.variables = variables;
    this.scope = scope;
    this.out = out;
  }

  private static StateUpdaters.Unsupported unsupported(StateUpdaters.Ode ode, String reason) {
    return new StateUpdaters.Unsupported(ode.equation(), reason);
  }

  private static Expr dt() {
    return Expr.name("dt");
  }

  private void requireConstantOverStep(StateUpdaters.Ode ode) {
    if (!ode.noise().isEmpty()) {
      throw unsupported(ode, "it is stochastic ("
          + String.join(", ", ode.noise().keySet()) + "); use method 'euler' or 'heun'");
    }
    if (Expr.names(ode.drift()).contains("t")) {
      throw unsupported(ode, "it depends on t, so its coefficients change within a step");
    }
    if (Expr.calls(ode.drift(), "rand") || Expr.calls(ode.drift(), "randn")) {
      throw unsupported(ode, "it draws random numbers");
    }
  }

  /** The exponential Euler step. */
  void exponentialEuler() {
    Map<String, Expr> atoms = new HashMap<>();
    for (StateUpdaters.Ode ode : odes) {
      requireConstantOverStep(ode);
      String v = ode.variable();
      SymbolicSum f;
      SymbolicSum a;
      try {
        f = SymbolicSum.of(ode.drift(), Set.of(v), atoms);
        a = f.coefficientOf(v, Set.of(v));
      } catch (SymbolicSum.NotLinear e) {
        throw unsupported(ode, "it is not linear in " + v + ": the right-hand side "
            + e.getMessage());
      }
      closedForm(v, a, f.without(Set.of(v)));
    }
  }

  /**
   * {@code _new_v} for dv/dt = a·v + b over one step, the exact solution when a and b are
   * constant: v∞ + (v − v∞)·exp(a·dt) with v∞ = −b/a.
   */
  private void closedForm(String v, SymbolicSum a, SymbolicSum b) {
    Expr x = Expr.name(v);
    Expr next;
    if (a.isZero()) {
      next = b.isZero() ? x : Expr.add(x, Expr.mul(dt(), b.toExpr()));
    } else {
      Expr decay = Expr.call("exp", a.isSingleTerm()
          ? a.timesName("dt").toExpr() : Expr.mul(a.toExpr(), dt()));
      if (b.isZero()) {
        next = Expr.mul(x, decay);
      } else {
        Expr fixedPoint = a.isSingleTerm() ? b.times(a.single().inverse()).negate().toExpr()
            : Expr.neg(Expr.div(b.toExpr(), a.toExpr()));
        out.add(Statement.set("_inf_" + v, fixedPoint));
        Expr inf = Expr.name("_inf_" + v);
        next = Expr.add(inf, Expr.mul(Expr.sub(x, inf), decay));
      }
    }
    out.add(Statement.set("_new_" + v, next));
  }

  /** The exact step; returns the per-run propagators of coupled variables. */
  StateUpdate.Prepared exact() {
    int n = odes.size();
    Map<String, Expr> atoms = new HashMap<>();
    SymbolicSum[][] m = new SymbolicSum[n][n];
    SymbolicSum[] b = new SymbolicSum[n];
    List<String> names = new ArrayList<>(variables);
    for (int r = 0; r < n; r++) {
      StateUpdaters.Ode ode = odes.get(r);
      requireConstantOverStep(ode);
      try {
        SymbolicSum f = SymbolicSum.of(ode.drift(), variables, atoms);
        for (int c = 0; c < n; c++) {
          m[r][c] = f.coefficientOf(names.get(c), variables);
        }
        b[r] = f.without(variables);
      } catch (SymbolicSum.NotLinear e) {
        throw unsupported(ode, "it is not linear: the right-hand side "
            + e.getMessage());
      }
    }
    // Variables that feed each other are solved together; the rest one by one in closed form.
    int[] component = components(m, n);
    List<PreparedPropagator> propagators = new ArrayList<>();
    int nextPrepared = 0;
    for (int r = 0; r < n; r++) {
      List<Integer> members = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        if (component[k] == component[r]) {
          members.add(k);
        }
      }
      if (members.get(0) != r) {
        continue;
      }
      if (members.size() == 1) {
        closedForm(names.get(r), m[r][r], b[r]);
      } else {
        PreparedPropagator p = coupled(members, m, b, names, nextPrepared);
        propagators.add(p);
        nextPrepared += p.count();
      }
    }
    if (propagators.isEmpty()) {
      return StateUpdate.Prepared.NONE;
    }
    int total = nextPrepared;
    return dt -> {
      double[] values = new double[total];
      for (PreparedPropagator p : propagators) {
        p.fill(dt, values);
      }
      return values;
    };
  }

  /** Connected components of the coupling graph (r ~ c if either appears in the other's rate). */
  private static int[] components(SymbolicSum[][] m, int n) {
    int[] component = new int[n];
    for (int k = 0; k < n; k++) {
      component[k] = k;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
          if (r != c && !m[r][c].isZero()) {
            int low = Math.min(component[r], component[c]);
            if (component[r] != low || component[c] != low) {
              component[r] = low;
              component[c] = low;
              changed = true;
            }
          }
        }
      }
    }
    return component;
  }

  /**
   * The propagators of a coupled linear system: per run, A = exp(M·dt) and F = ∫₀^dt exp(M·s) ds
   * (from the exponential of the block matrix [[M·dt, I·dt], [0, 0]]), and for refractory
   * elements the same with the rows of {@code (unless refractory)} variables set to zero.
   */
  private record PreparedPropagator(int first, int size, double[][] coefficients, boolean partial,
      boolean[] frozen) {
    int count() {
      return (partial ? 2 : 1) * 2 * size * size;
    }

    void fill(double dt, double[] values) {
      fillOne(dt, values, first, false);
      if (partial) {
        fillOne(dt, values, first + 2 * size * size, true);
      }
    }

    private void fillOne(double dt, double[] values, int at, boolean refractory) {
      int m = size;
      double[] z = new double[4 * m * m];
      for (int r = 0; r < m; r++) {
        if (refractory && frozen[r]) {
          continue;
        }
        for (int c = 0; c < m; c++) {
          z[r * 2 * m + c] = coefficients[r][c] * dt;
        }
        z[r * 2 * m + m + r] = dt;
      }
      double[] e = MatrixExponential.expm(z, 2 * m);
      for (int r = 0; r < m; r++) {
        for (int c = 0; c < m; c++) {
          values[at + r * m + c] = e[r * 2 * m + c];
          values[at + m * m + r * m + c] = e[r * 2 * m + m + c];
        }
      }
    }
  }

  private PreparedPropagator coupled(List<Integer> members, SymbolicSum[][] m, SymbolicSum[] b,
      List<String> names, int first) {
    int size = members.size();
    double[][] coefficients = new double[size][size];
    boolean[][] edge = new boolean[size][size];
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        SymbolicSum entry = m[members.get(r)][members.get(c)];
        edge[r][c] = !entry.isZero();
        coefficients[r][c] = constantValue(entry, members, names);
      }
    }
    // reach[r][c]: c's value feeds r's rate, directly or through others; A and F are zero
    // elsewhere, so those products are left out of the generated code.
    boolean[][] reach = new boolean[size][size];
    for (int r = 0; r < size; r++) {
      reach[r][r] = true;
      for (int c = 0; c < size; c++) {
        reach[r][c] |= edge[r][c];
      }
    }
    for (int k = 0; k < size; k++) {
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < size; c++) {
          reach[r][c] |= reach[r][k] && reach[k][c];
        }
      }
    }
    boolean[] frozen = new boolean[size];
    for (int r = 0; r < size; r++) {
      frozen[r] = odes.get(members.get(r)).unlessRefractory();
    }
    // A refractory element needs its own propagator only if a variable that keeps running reads
    // one that is frozen.
    boolean partial = false;
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        partial |= !frozen[r] && frozen[c] && reach[r][c];
      }
    }
    for (int c = 0; c < size; c++) {
      if (!b[members.get(c)].isZero()) {
        out.add(Statement.set("_B_" + names.get(members.get(c)), b[members.get(c)].toExpr()));
      }
    }
    int partialOffset = first + 2 * size * size;
    for (int r = 0; r < size; r++) {
      String v = names.get(members.get(r));
      Expr full = propagate(r, members, b, names, reach, first, size);
      Expr next = full;
      if (partial && !frozen[r]) {
        next = new Expr.Choice(Expr.name(StateUpdaters.NOT_REFRACTORY), full,
            propagate(r, members, b, names, reach, partialOffset, size));
      }
      out.add(Statement.set("_new_" + v, next));
    }
    return new PreparedPropagator(first, size, coefficients, partial, frozen);
  }

  /** Σ_c A[r][c]·x_c + Σ_c F[r][c]·B_c over the entries that can be non-zero. */
  private Expr propagate(int r, List<Integer> members, SymbolicSum[] b, List<String> names,
      boolean[][] reach, int at, int size) {
    Expr sum = null;
    for (int c = 0; c < size; c++) {
      if (reach[r][c]) {
        Expr term = Expr.mul(Expr.name(StateUpdate.preparedName(at + r * size + c)),
            Expr.name(names.get(members.get(c))));
        sum = sum == null ? term : Expr.add(sum, term);
      }
    }
    for (int c = 0; c < size; c++) {
      if (reach[r][c] && !b[members.get(c)].isZero()) {
        Expr term = Expr.mul(Expr.name(StateUpdate.preparedName(at + size * size + r * size + c)),
            Expr.name("_B_" + names.get(members.get(c))));
        sum = Expr.add(sum, term);
      }
    }
    return sum;
  }

  /** The value of a coefficient made of numbers and constants (dt is not allowed here). */
  private double constantValue(SymbolicSum entry, List<Integer> members, List<String> names) {
    Expr e = entry.toExpr();
    for (String n : Expr.names(e)) {
      Symbol s = scope.lookup(n);
      if (s == null || s.kind() != Symbol.Kind.CONSTANT) {
        List<String> vars = new ArrayList<>();
        for (int k : members) {
          vars.add(names.get(k));
        }
        throw unsupported(odes.get(members.get(0)), "the coupled linear equations of "
            + String.join(", ", vars) + " have a coefficient that is not a constant ("
            + n + " in " + Expr.print(e) + "); exact integration of coupled equations needs "
            + "coefficients made of constants (give " + n + " as a constant, or use method "
            + "'rk4' or 'exponential_euler')");
      }
    }
    return Evaluator.evaluate(e, n -> scope.lookup(n).value(), null);
  }
}
