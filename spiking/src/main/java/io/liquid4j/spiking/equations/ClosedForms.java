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
      } else if (!allConstant(members, m) && acyclic(members, m)) {
        triangular(members, m, b, names);
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

  private boolean allConstant(List<Integer> members, SymbolicSum[][] m) {
    for (int r : members) {
      for (int c : members) {
        for (String n : Expr.names(m[r][c].toExpr())) {
          Symbol s = scope.lookup(n);
          if (s == null || s.kind() != Symbol.Kind.CONSTANT) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** True if no variable of the component feeds itself through the others. */
  private static boolean acyclic(List<Integer> members, SymbolicSum[][] m) {
    int[] state = new int[members.size()];
    for (int r = 0; r < members.size(); r++) {
      if (hasCycle(r, members, m, state)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasCycle(int r, List<Integer> members, SymbolicSum[][] m, int[] state) {
    if (state[r] == 1) {
      return true;
    }
    if (state[r] == 2) {
      return false;
    }
    state[r] = 1;
    for (int c = 0; c < members.size(); c++) {
      if (c != r && !m[members.get(r)][members.get(c)].isZero()
          && hasCycle(c, members, m, state)) {
        return true;
      }
    }
    state[r] = 2;
    return false;
  }

  /**
   * Coupled equations whose coefficients vary between elements (Tsodyks–Markram synapses with
   * their own D: dx/dt = (1 − x − y)/D, dy/dt = −y/τ) but whose coupling has no cycle, so that
   * the matrix is triangular. Then exp(M·dt) is a sum over the paths r → … → c of the products
   * of the off-diagonal coefficients times the divided difference of exp(z·dt) on the diagonal
   * coefficients along the path, and ∫₀^dt exp(M·s) ds the same with 0 added to the nodes:
   * closed forms per element, the same solution the constant case computes with matrices.
   */
  private void triangular(List<Integer> members, SymbolicSum[][] m, SymbolicSum[] b,
      List<String> names) {
    int size = members.size();
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        if (c != r && !m[members.get(r)][members.get(c)].isZero()
            && !odes.get(members.get(r)).unlessRefractory()
            && odes.get(members.get(c)).unlessRefractory()) {
          throw unsupported(odes.get(members.get(r)), "it reads "
              + names.get(members.get(c)) + ", which is held during the refractory period, "
              + "through coefficients that are not constants; exact integration needs them made "
              + "of constants here (or use method 'rk4' or 'exponential_euler')");
        }
      }
    }
    for (int c : members) {
      if (!b[c].isZero()) {
        out.add(Statement.set("_B_" + names.get(c), b[c].toExpr()));
      }
    }
    for (int r = 0; r < size; r++) {
      List<Expr> terms = new ArrayList<>();
      List<SymbolicSum> nodes = new ArrayList<>();
      nodes.add(m[members.get(r)][members.get(r)]);
      paths(r, members, m, b, names, nodes, null, terms);
      Expr sum = terms.get(0);
      for (int k = 1; k < terms.size(); k++) {
        sum = Expr.add(sum, terms.get(k));
      }
      out.add(Statement.set("_new_" + names.get(members.get(r)), sum));
    }
  }

  /** The terms of the paths from the last node of {@code nodes} on; {@code factor} null is 1. */
  private void paths(int at, List<Integer> members, SymbolicSum[][] m, SymbolicSum[] b,
      List<String> names, List<SymbolicSum> nodes, Expr factor, List<Expr> terms) {
    int variable = members.get(at);
    terms.add(times(factor, Expr.mul(dividedDifference(nodes, false),
        Expr.name(names.get(variable)))));
    if (!b[variable].isZero()) {
      terms.add(times(factor, Expr.mul(dividedDifference(nodes, true),
          Expr.name("_B_" + names.get(variable)))));
    }
    for (int c = 0; c < members.size(); c++) {
      SymbolicSum edge = m[variable][members.get(c)];
      if (c != at && !edge.isZero()) {
        nodes.add(m[members.get(c)][members.get(c)]);
        paths(c, members, m, b, names, nodes, times(factor, edge.toExpr()), terms);
        nodes.remove(nodes.size() - 1);
      }
    }
  }

  private static Expr times(Expr factor, Expr e) {
    return factor == null ? e : Expr.mul(factor, e);
  }

  /** The divided difference of z ↦ exp(z·dt) on {@code nodes} (and 0 if {@code withZero}). */
  private Expr dividedDifference(List<SymbolicSum> nodes, boolean withZero) {
    List<SymbolicSum> all = new ArrayList<>(nodes);
    if (withZero) {
      all.add(null);
    }
    if (all.size() == 1) {
      SymbolicSum a = all.get(0);
      return Expr.call("exp", a.isSingleTerm() ? a.timesName("dt").toExpr()
          : Expr.mul(a.toExpr(), dt()));
    }
    if (all.size() == 2) {
      Expr a = node(all.get(0));
      Expr c = node(all.get(1));
      if (isZero(a) || isZero(c)) {
        Expr other = isZero(a) ? c : a;
        return isZero(other) ? dt()
            : Expr.mul(dt(), Expr.call("_exprel", Expr.mul(other, dt())));
      }
      // (exp(a·dt) − exp(c·dt))/(a − c) without cancellation.
      return Expr.mul(Expr.mul(dt(), Expr.call("exp", Expr.mul(c, dt()))),
          Expr.call("_exprel", Expr.mul(Expr.sub(a, c), dt())));
    }
    if (all.size() == 3) {
      return Expr.call("_exp_dd3", dt(), node(all.get(0)), node(all.get(1)),
          node(all.get(2)));
    }
    if (all.size() == 4) {
      return Expr.call("_exp_dd4", dt(), node(all.get(0)), node(all.get(1)),
          node(all.get(2)), node(all.get(3)));
    }
    throw unsupported(odes.get(0), "a chain of " + nodes.size() + " coupled variables with "
        + "coefficients that are not constants" + (withZero ? " and a constant input" : "")
        + " is beyond the exact integrator (at most 4 with inputs); use method 'rk4' or "
        + "'exponential_euler'");
  }

  private static Expr node(SymbolicSum s) {
    return s == null || s.isZero() ? Expr.num(0) : s.toExpr();
  }

  private static boolean isZero(Expr e) {
    return e instanceof Expr.Num n && n.value() == 0;
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
