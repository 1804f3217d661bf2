package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.equations.Expr.Binary;
import io.liquid4j.spiking.equations.Expr.Name;
import io.liquid4j.spiking.equations.Expr.Num;
import io.liquid4j.spiking.equations.Expr.Unary;
import io.liquid4j.spiking.equations.Expr.UnaryOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns differential equations into the statements of one integration step, with Brian2's
 * methods:
 *
 * <table>
 *   <caption>Integration methods</caption>
 *   <tr><th>name</th><th>step</th><th>applies to</th></tr>
 *   <tr><td>exact (linear)</td><td>the closed-form solution over dt: x ← x∞ + (x − x∞)·exp(a·dt)
 *       for an equation dx/dt = a·x + b on its own (x∞ = −b/a simplified as sympy does, so
 *       {@code (v0 - v)/tau} gives {@code v0 + (v - v0)*exp(-dt/tau)}); X ← A·X + F·B with
 *       A = exp(M·dt) and F = ∫₀^dt exp(M·s) ds computed once per run for coupled equations
 *       dX/dt = M·X + B with constant M</td><td>linear equations whose coefficients do not change
 *       during a step (no t, no noise)</td></tr>
 *   <tr><td>exponential_euler</td><td>the same closed form per variable, the other variables held
 *       at their values at the start of the step</td><td>equations linear in their own
 *       variable</td></tr>
 *   <tr><td>euler</td><td>x + dt·f(x, t) + g·dW (Euler–Maruyama), dW = sqrt(dt)·randn()</td>
 *       <td>all, with additive noise</td></tr>
 *   <tr><td>rk2</td><td>k = dt·f(x, t); x + dt·f(x + k/2, t + dt/2)</td><td>no noise</td></tr>
 *   <tr><td>rk4</td><td>classical Runge–Kutta</td><td>no noise</td></tr>
 *   <tr><td>heun</td><td>Brian2's stochastic Heun: x_s = x + g(x, t)·dW;
 *       x + dt·f(x, t) + ½·dW·(g(x, t) + g(x_s, t + dt))</td><td>all, multiplicative noise
 *       included (its drift is the Euler step, so it is first order on noiseless
 *       equations, as in Brian2)</td></tr>
 * </table>
 *
 * With no method named, the first of exact, euler and heun that applies is used, as Brian2 does.
 * Variables flagged {@code (unless refractory)} keep their value while {@code not_refractory} is
 * false: explicit methods multiply their derivative by it, as Brian2 does, and the closed forms
 * keep the old value.
 *
 * <pre>{@code
 * StateUpdate step = StateUpdaters.generate("exact", equations, scope, true);
 * // _new_v = v0 + (v - v0)*exp(-dt/tau)
 * // v = where(not_refractory, _new_v, v)
 * }</pre>
 */
public final class StateUpdaters {
  /** The method names, in the order the default choice tries the first, third and last. */
  public static final List<String> METHODS =
      List.of("exact", "exponential_euler", "euler", "rk2", "rk4", "heun");

  /** The variable that holds whether an element is out of its refractory period. */
  public static final String NOT_REFRACTORY = "not_refractory";

  private static final List<String> DEFAULT_ORDER = List.of("exact", "euler", "heun");

  /** A method that cannot integrate some equation, and why. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Equation equation;

    Unsupported(Equation equation, String reason) {
      super(reason, null, false, false);
      this.equation = equation;
    }

    String describe(String method) {
      if (equation == null) {
        return "method '" + method + "': " + getMessage();
      }
      return equation.source().where(equation.offset()) + "method '" + method
          + "' cannot integrate it: " + getMessage();
    }
  }

  /** One differential equation, subexpressions substituted and noise split off. */
  record Ode(Equation equation, String variable, Expr drift, Map<String, Expr> noise,
      boolean unlessRefractory) {}

  private final List<Ode> odes = new ArrayList<>();
  private final Set<String> variables = new LinkedHashSet<>();
  private final Set<String> noiseNames = new LinkedHashSet<>();
  private final Scope scope;
  private final List<Statement> out = new ArrayList<>();

  private StateUpdaters(Equations equations, Scope scope, boolean refractory) {
    this(equations, scope, refractory, false);
  }

  /** The equations flagged (event-driven) if {@code eventDriven}, else the others. */
  private StateUpdaters(Equations equations, Scope scope, boolean refractory,
      boolean eventDriven) {
    this.scope = scope;
    for (Equation eq : equations.of(Equation.Kind.DIFFERENTIAL)) {
      if (eq.hasFlag("event-driven") == eventDriven) {
        variables.add(eq.variable());
      }
    }
    for (Equation eq : equations.of(Equation.Kind.DIFFERENTIAL)) {
      if (eq.hasFlag("event-driven") != eventDriven) {
        continue;
      }
      Expr rhs = equations.substitute(eq.expression());
      for (String n : Expr.names(rhs)) {
        if (Symbol.isNoiseName(n)) {
          noiseNames.add(n);
        }
      }
      Split split;
      try {
        split = split(rhs);
      } catch (Unsupported e) {
        throw eq.source().error(eq.offset(), e.getMessage());
      }
      odes.add(new Ode(eq, eq.variable(), split.drift == null ? Expr.num(0) : split.drift,
          split.noise, refractory && eq.hasFlag("unless refractory")));
    }
  }

  /**
   * The integration step for the differential equations of {@code equations} (those flagged
   * {@code (event-driven)} excepted).
   *
   * @param method a name from {@link #METHODS} ("linear" is "exact"), or null for Brian2's default
   * @param equations the model's equations
   * @param scope the model's names
   * @param refractory whether {@code (unless refractory)} applies, i.e. the owner has a refractory
   *     period and defines {@link #NOT_REFRACTORY}
   * @return the step's statements and per-run values
   * @throws IllegalArgumentException for an unknown method, or one that cannot integrate an
   *     equation (naming it and why)
   */
  public static StateUpdate generate(String method, Equations equations, Scope scope,
      boolean refractory) {
    if (method != null && method.equals("linear")) {
      method = "exact";
    }
    if (method != null && !METHODS.contains(method)) {
      throw new IllegalArgumentException("method: expected one of " + String.join(", ", METHODS)
          + " (or linear), found '" + method + "'");
    }
    List<String> tried = method == null ? DEFAULT_ORDER : List.of(method);
    List<String> reasons = new ArrayList<>();
    for (String m : tried) {
      StateUpdaters u = new StateUpdaters(equations, scope, refractory);
      try {
        return u.generate(m);
      } catch (Unsupported e) {
        reasons.add(e.describe(m));
      }
    }
    throw new IllegalArgumentException(method == null
        ? "no integration method applies: " + String.join("; ", reasons) : reasons.get(0));
  }

  /**
   * The update of the equations flagged {@code (event-driven)}, as Brian2 runs it before a
   * synapse's on_pre or on_post statements: their exact solution over the time since the
   * synapse's last event, {@code dt} replaced by {@code (t - lastupdate)}. Each must be linear
   * with coefficients that do not change between events (an exponential decay
   * {@code dApre/dt = -Apre/taupre}, or a relaxation towards a constant).
   *
   * @param equations the model's equations
   * @param scope the model's names
   * @return the statements of the update, in order
   * @throws IllegalArgumentException naming the equation that has no such solution
   */
  public static List<Statement> eventDriven(Equations equations, Scope scope) {
    StateUpdaters u = new StateUpdaters(equations, scope, false, true);
    if (u.odes.isEmpty()) {
      return List.of();
    }
    StateUpdate.Prepared prepared;
    try {
      prepared = new ClosedForms(u.odes, u.variables, scope, u.out).exact();
    } catch (Unsupported e) {
      throw new IllegalArgumentException(e.describe("exact") + "; an (event-driven) equation "
          + "needs an exact solution between events (or make it (clock-driven))");
    }
    if (prepared != StateUpdate.Prepared.NONE) {
      Ode first = u.odes.get(0);
      throw first.equation().source().error(first.equation().offset(), "(event-driven) "
          + "equations that feed each other with constant coefficients are not supported; make "
          + "them (clock-driven)");
    }
    u.assignAll(false);
    Expr elapsed = Expr.sub(Expr.name("t"), Expr.name("lastupdate"));
    List<Statement> out = new ArrayList<>();
    for (Statement s : u.out) {
      out.add(Statement.set(s.target(), Expr.substitute(s.value(),
          n -> n.name().equals("dt") ? elapsed : n)));
    }
    return out;
  }

  private StateUpdate generate(String method) {
    StateUpdate.Prepared prepared = StateUpdate.Prepared.NONE;
    switch (method) {
      case "exact" -> {
        prepared = new ClosedForms(odes, variables, scope, out).exact();
        assignAll(true);
      }
      case "exponential_euler" -> {
        new ClosedForms(odes, variables, scope, out).exponentialEuler();
        assignAll(true);
      }
      case "euler" -> euler();
      case "rk2" -> rk2();
      case "rk4" -> rk4();
      case "heun" -> heun();
      default -> throw new IllegalStateException(method);
    }
    return new StateUpdate(method, out, prepared);
  }

  // ----------------------------------------------------------------------------------------
  // Explicit methods

  /** f of equation {@code k} with the variables and t replaced, times not_refractory if flagged. */
  private Expr drift(Ode ode, Function<String, Expr> state, Expr t) {
    return guard(ode, replace(ode.drift(), state, t));
  }

  private Expr noise(Ode ode, String xi, Function<String, Expr> state, Expr t) {
    return guard(ode, replace(ode.noise().get(xi), state, t));
  }

  private static Expr guard(Ode ode, Expr e) {
    return ode.unlessRefractory() ? Expr.mul(Expr.name(NOT_REFRACTORY), e) : e;
  }

  private Expr replace(Expr e, Function<String, Expr> state, Expr t) {
    return Expr.substitute(e, n -> {
      if (variables.contains(n.name())) {
        return state.apply(n.name());
      }
      if (n.name().equals("t") && t != null) {
        return t;
      }
      return n;
    });
  }

  private static Expr dt() {
    return Expr.name("dt");
  }

  private void requireNoNoise(String why) {
    for (Ode ode : odes) {
      if (!ode.noise().isEmpty()) {
        throw new Unsupported(ode.equation(), "it is stochastic (" + String.join(", ",
            ode.noise().keySet()) + ")" + why);
      }
    }
  }

  private void drawNoise() {
    for (String xi : noiseNames) {
      out.add(Statement.set("_dW_" + xi,
          Expr.mul(Expr.call("sqrt", dt()), Expr.call("randn"))));
    }
  }

  private void assignAll(boolean keepRefractory) {
    for (Ode ode : odes) {
      Expr value = Expr.name("_new_" + ode.variable());
      if (keepRefractory && ode.unlessRefractory()) {
        value = new Expr.Choice(Expr.name(NOT_REFRACTORY), value, Expr.name(ode.variable()));
      }
      out.add(Statement.set(ode.variable(), value));
    }
  }

  private void euler() {
    for (Ode ode : odes) {
      for (Map.Entry<String, Expr> g : ode.noise().entrySet()) {
        for (String n : Expr.names(g.getValue())) {
          if (variables.contains(n)) {
            throw new Unsupported(ode.equation(), "its noise is multiplicative (the factor of "
                + g.getKey() + " depends on " + n + "); use method 'heun'");
          }
        }
      }
    }
    drawNoise();
    for (Ode ode : odes) {
      Expr x = Expr.name(ode.variable());
      Expr step = isZero(ode.drift()) ? x
          : Expr.add(x, Expr.mul(dt(), drift(ode, Expr::name, null)));
      for (String xi : ode.noise().keySet()) {
        step = Expr.add(step, times(Expr.BinaryOp.MUL, noise(ode, xi, Expr::name, null),
            Expr.name("_dW_" + xi)));
      }
      out.add(Statement.set("_new_" + ode.variable(), step));
    }
    assignAll(false);
  }

  private void rk2() {
    requireNoNoise("; use method 'euler' or 'heun'");
    for (Ode ode : odes) {
      out.add(Statement.set("_k_" + ode.variable(),
          Expr.mul(dt(), drift(ode, Expr::name, null))));
    }
    Expr half = Expr.add(Expr.name("t"), Expr.div(dt(), Expr.num(2)));
    for (Ode ode : odes) {
      Expr mid = drift(ode,
          v -> Expr.add(Expr.name(v), Expr.div(Expr.name("_k_" + v), Expr.num(2))), half);
      out.add(Statement.set("_new_" + ode.variable(),
          Expr.add(Expr.name(ode.variable()), Expr.mul(dt(), mid))));
    }
    assignAll(false);
  }

  private void rk4() {
    requireNoNoise("; use method 'euler' or 'heun'");
    Expr half = Expr.add(Expr.name("t"), Expr.div(dt(), Expr.num(2)));
    Expr full = Expr.add(Expr.name("t"), dt());
    for (int stage = 1; stage <= 4; stage++) {
      int s = stage;
      for (Ode ode : odes) {
        Function<String, Expr> state = switch (s) {
          case 1 -> Expr::name;
          case 2, 3 -> v -> Expr.add(Expr.name(v),
              Expr.div(Expr.name("_k_" + (s - 1) + "_" + v), Expr.num(2)));
          default -> v -> Expr.add(Expr.name(v), Expr.name("_k_3_" + v));
        };
        Expr t = s == 1 ? null : s == 4 ? full : half;
        out.add(Statement.set("_k_" + s + "_" + ode.variable(),
            Expr.mul(dt(), drift(ode, state, t))));
      }
    }
    for (Ode ode : odes) {
      String v = ode.variable();
      Expr sum = Expr.add(Expr.add(Expr.add(Expr.name("_k_1_" + v),
          Expr.mul(Expr.num(2), Expr.name("_k_2_" + v))),
          Expr.mul(Expr.num(2), Expr.name("_k_3_" + v))), Expr.name("_k_4_" + v));
      out.add(Statement.set("_new_" + v,
          Expr.add(Expr.name(v), Expr.div(sum, Expr.num(6)))));
    }
    assignAll(false);
  }

  private void heun() {
    drawNoise();
    List<String> xis = new ArrayList<>(noiseNames);
    for (int m = 0; m < xis.size(); m++) {
      String xi = xis.get(m);
      for (Ode ode : odes) {
        Expr g = ode.noise().containsKey(xi) ? noise(ode, xi, Expr::name, null) : Expr.num(0);
        out.add(Statement.set("_support_" + m + "_" + ode.variable(),
            Expr.add(Expr.name(ode.variable()), Expr.mul(g, Expr.name("_dW_" + xi)))));
      }
    }
    Expr next = Expr.add(Expr.name("t"), dt());
    for (Ode ode : odes) {
      Expr x = Expr.name(ode.variable());
      Expr step = Expr.add(x, Expr.mul(dt(), drift(ode, Expr::name, null)));
      for (int m = 0; m < xis.size(); m++) {
        String xi = xis.get(m);
        if (!ode.noise().containsKey(xi)) {
          continue;
        }
        int mm = m;
        Expr g = noise(ode, xi, Expr::name, null);
        Expr gSupport = noise(ode, xi, v -> Expr.name("_support_" + mm + "_" + v), next);
        step = Expr.add(step, Expr.mul(Expr.mul(Expr.num(0.5), Expr.name("_dW_" + xi)),
            Expr.add(g, gSupport)));
      }
      out.add(Statement.set("_new_" + ode.variable(), step));
    }
    assignAll(false);
  }

  // ----------------------------------------------------------------------------------------
  // Noise

  /** A right-hand side as drift + Σ g·xi. */
  private record Split(Expr drift, Map<String, Expr> noise) {}

  private Split split(Expr e) {
    if (!mentionsNoise(e)) {
      return new Split(e, Map.of());
    }
    if (e instanceof Name n) {
      Map<String, Expr> g = new LinkedHashMap<>();
      g.put(n.name(), Expr.num(1));
      return new Split(null, g);
    }
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) {
      Split s = split(u.operand());
      Map<String, Expr> g = new LinkedHashMap<>();
      s.noise().forEach((k, v) -> g.put(k, Expr.neg(v)));
      return new Split(s.drift() == null ? null : Expr.neg(s.drift()), g);
    }
    if (e instanceof Binary b) {
      switch (b.op()) {
        case ADD, SUB -> {
          Split l = split(b.left());
          Split r = split(b.right());
          boolean add = b.op() == Expr.BinaryOp.ADD;
          Expr drift = l.drift() == null ? (r.drift() == null ? null
              : add ? r.drift() : Expr.neg(r.drift()))
              : r.drift() == null ? l.drift() : Expr.binary(b.op(), l.drift(), r.drift());
          Map<String, Expr> g = new LinkedHashMap<>(l.noise());
          r.noise().forEach((k, v) -> g.merge(k, add ? v : Expr.neg(v),
              (x, y) -> add ? Expr.add(x, v) : Expr.sub(x, v)));
          return new Split(drift, g);
        }
        case MUL, DIV -> {
          boolean leftNoisy = mentionsNoise(b.left());
          boolean rightNoisy = mentionsNoise(b.right());
          if (leftNoisy && rightNoisy) {
            throw new Unsupported(null, "white noise must appear linearly (as in "
                + "... + sigma*xi), found " + Expr.print(e));
          }
          if (b.op() == Expr.BinaryOp.DIV && rightNoisy) {
            throw new Unsupported(null, "white noise cannot be in a denominator: "
                + Expr.print(e));
          }
          Split s = split(leftNoisy ? b.left() : b.right());
          Expr other = leftNoisy ? b.right() : b.left();
          Map<String, Expr> g = new LinkedHashMap<>();
          s.noise().forEach((k, v) -> g.put(k, leftNoisy ? times(b.op(), v, other)
              : times(b.op(), other, v)));
          Expr drift = s.drift() == null ? null : leftNoisy
              ? Expr.binary(b.op(), s.drift(), other) : Expr.binary(b.op(), other, s.drift());
          return new Split(drift, g);
        }
        default -> {
          // handled below
        }
      }
    }
    throw new Unsupported(null, "white noise must appear linearly (as in ... + sigma*xi), "
        + "found " + Expr.print(e));
  }

  /** a·b or a/b, dropping a factor 1 that {@link #split} put in for the noise itself. */
  private static Expr times(Expr.BinaryOp op, Expr a, Expr b) {
    if (op == Expr.BinaryOp.MUL && a instanceof Num n && n.value() == 1) {
      return b;
    }
    if (b instanceof Num n && n.value() == 1) {
      return a;
    }
    return Expr.binary(op, a, b);
  }

  private static boolean isZero(Expr e) {
    return e instanceof Num n && n.value() == 0;
  }

  private static boolean mentionsNoise(Expr e) {
    for (String n : Expr.names(e)) {
      if (Symbol.isNoiseName(n)) {
        return true;
      }
    }
    return false;
  }
}
