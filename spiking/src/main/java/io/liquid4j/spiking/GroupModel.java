package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Equation;
import io.liquid4j.spiking.equations.Equations;
import io.liquid4j.spiking.equations.Evaluator;
import io.liquid4j.spiking.equations.Expr;
import io.liquid4j.spiking.equations.Expressions;
import io.liquid4j.spiking.equations.Scope;
import io.liquid4j.spiking.equations.SourceText;
import io.liquid4j.spiking.equations.StateUpdate;
import io.liquid4j.spiking.equations.StateUpdaters;
import io.liquid4j.spiking.equations.Statement;
import io.liquid4j.spiking.equations.Statements;
import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.TypeChecker;
import io.liquid4j.spiking.equations.ValueType;
import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import io.liquid4j.spiking.units.Units;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A neuron group's model, checked: the equations with their variables, the namespace of
 * constants, the threshold, reset and refractory period (subexpressions substituted), and the
 * integration step. Everything a user can get wrong is found here, before any code is
 * generated, and reported with the text, line and column at fault.
 */
final class GroupModel {
  private final Equations equations;
  private final Map<String, Variable> variables;
  private final GroupScope scope;
  private final Expr threshold;
  private final List<Statement> reset = new ArrayList<>();
  private final Expr refractory;
  private final boolean refractoryIsCondition;
  private final StateUpdate update;

  /**
   * Checks a model; the threshold, reset, refractory period and method may be null (none, or
   * the default method).
   *
   * @param constants the namespace: names to quantities or to constant expressions
   */
  GroupModel(int size, String equationText, String thresholdText, String resetText,
      String refractoryText, String method, Map<String, Object> constants,
      Map<String, TimedArray> functions) {
    boolean hasRefractory = refractoryText != null;
    this.equations = Equations.parse(new SourceText("equations", equationText));
    rejectSynapseFlags(equations);
    this.variables = variables(equations, hasRefractory);
    checkFunctionNames(functions, equations, constants);
    this.scope = new GroupScope(variables, constants(constants, equations), size, false,
        functions);
    checkEquations();

    Expr condition = null;
    if (thresholdText != null) {
      SourceText source = new SourceText("threshold", thresholdText);
      condition = Expressions.parse(source);
      rejectNoise(condition, source);
      TypeChecker.Typed t = TypeChecker.check(condition, scope, source);
      if (t.type() != ValueType.BOOLEAN) {
        throw source.error(condition.start(), "expected a condition (such as v > 1), found a "
            + "value of dimension " + t.dimension());
      }
      condition = equations.substitute(condition);
    }
    this.threshold = condition;

    if (resetText != null) {
      for (Statement st : Statements.parse(new SourceText("reset", resetText))) {
        checkAssignment(st);
        reset.add(new Statement(st.target(), st.op(), equations.substitute(st.value()),
            st.source(), st.start(), st.end()));
      }
    }

    Expr period = null;
    boolean isCondition = false;
    if (hasRefractory) {
      SourceText source = new SourceText("refractory", refractoryText);
      period = Expressions.parse(source);
      rejectNoise(period, source);
      TypeChecker.Typed t = TypeChecker.check(period, scope, source);
      isCondition = t.type() == ValueType.BOOLEAN;
      if (!isCondition && !t.dimension().equals(Dimension.TIME)) {
        throw source.error(period.start(), "expected a duration (such as 5*ms) or a "
            + "condition, found a value of dimension " + t.dimension());
      }
      period = equations.substitute(period);
    }
    this.refractory = period;
    this.refractoryIsCondition = isCondition;

    this.update = StateUpdaters.generate(method, equations, scope.withNoise(true),
        hasRefractory);
  }

  Equations equations() {
    return equations;
  }

  /** The variables, in the order of the equations, then lastspike and not_refractory. */
  Map<String, Variable> variables() {
    return variables;
  }

  GroupScope scope() {
    return scope;
  }

  /** The threshold condition, or null. */
  Expr threshold() {
    return threshold;
  }

  List<Statement> reset() {
    return reset;
  }

  /** The refractory period (a duration or a condition), or null. */
  Expr refractory() {
    return refractory;
  }

  boolean refractoryIsCondition() {
    return refractoryIsCondition;
  }

  StateUpdate update() {
    return update;
  }

  private static void rejectSynapseFlags(Equations equations) {
    for (Equation eq : equations.all()) {
      for (String flag : List.of("summed", "clock-driven", "event-driven", "linked")) {
        if (eq.hasFlag(flag)) {
          throw eq.source().error(eq.offset(), "flag (" + flag + ") is for Synapses; a "
              + "NeuronGroup cannot use it");
        }
      }
    }
  }

  /** Function names must not hide anything else a model can name. */
  static void checkFunctionNames(Map<String, TimedArray> functions, Equations equations,
      Map<String, ?> constants) {
    for (String n : functions.keySet()) {
      String problem = null;
      if (!n.matches("[A-Za-z][A-Za-z0-9_]*")) {
        problem = "expected a name of letters, digits and _ that starts with a letter";
      } else if (equations.get(n) != null) {
        problem = "the equations already define '" + n + "'";
      } else if (constants.containsKey(n)) {
        problem = "'" + n + "' is also a constant";
      } else if (Units.isUnitName(n)) {
        problem = "'" + n + "' is the name of a unit";
      } else if (io.liquid4j.spiking.equations.Functions.names().contains(n)) {
        problem = "'" + n + "' is a built-in function";
      }
      if (problem != null) {
        throw new IllegalArgumentException("function " + n + ": " + problem);
      }
    }
  }

  static Map<String, Symbol> constants(Map<String, Object> given, Equations equations) {
    Map<String, Symbol> out = new LinkedHashMap<>();
    io.liquid4j.spiking.equations.Scope constantScope = n -> {
      Symbol s = out.get(n);
      if (s != null) {
        return s;
      }
      return Units.lookup(n).map(u -> Symbol.constant(n, u.scale(), u.dimension()))
          .orElseGet(() -> GroupScope.builtin(n));
    };
    for (Map.Entry<String, Object> e : given.entrySet()) {
      String n = e.getKey();
      String problem = null;
      if (!n.matches("[A-Za-z][A-Za-z0-9_]*")) {
        problem = "expected a name of letters, digits and _ that starts with a letter";
      } else if (equations.get(n) != null) {
        problem = "the equations already define '" + n + "'";
      } else if (Units.isUnitName(n)) {
        problem = "'" + n + "' is the name of a unit";
      } else if (Set.of("t", "dt", "i", "N", "lastspike", "not_refractory").contains(n)
          || Symbol.isNoiseName(n)) {
        problem = "'" + n + "' is a name the simulator defines";
      }
      if (problem != null) {
        throw new IllegalArgumentException("constant " + n + ": " + problem);
      }
      if (e.getValue() instanceof Quantity q) {
        out.put(n, Symbol.constant(n, q.value(), q.dimension()));
        continue;
      }
      SourceText source = new SourceText("constant " + n, (String) e.getValue());
      Expr expr = Expressions.parse(source);
      TypeChecker.Typed t = TypeChecker.check(expr, constantScope, source);
      if (Expr.calls(expr, "rand") || Expr.calls(expr, "randn")) {
        throw source.error(expr.start(), "a constant cannot draw random numbers");
      }
      double value = Evaluator.evaluate(expr, name -> constantScope.lookup(name).value(), null);
      out.put(n, Symbol.constant(n, value, t.dimension()));
    }
    return out;
  }

  private static Map<String, Variable> variables(Equations equations, boolean refractory) {
    Map<String, Variable> out = new LinkedHashMap<>();
    int subexpressions = 0;
    for (Equation eq : equations.all()) {
      Variable.Kind kind = switch (eq.kind()) {
        case DIFFERENTIAL -> Variable.Kind.STATE;
        case PARAMETER -> Variable.Kind.PARAMETER;
        case SUBEXPRESSION -> Variable.Kind.SUBEXPRESSION;
      };
      boolean isSub = kind == Variable.Kind.SUBEXPRESSION;
      out.put(eq.variable(), new Variable(eq.variable(), kind, eq.dimension(), eq.type(),
          eq.hasFlag("shared"), eq.hasFlag("constant") || isSub,
          isSub ? equations.substitute(eq.expression()) : null, isSub ? subexpressions++ : -1));
    }
    if (refractory) {
      out.put("lastspike", new Variable("lastspike", Variable.Kind.INTERNAL, Dimension.TIME,
          ValueType.FLOAT, false, true, null, -1));
      out.put(StateUpdaters.NOT_REFRACTORY, new Variable(StateUpdaters.NOT_REFRACTORY,
          Variable.Kind.INTERNAL, Dimension.DIMENSIONLESS, ValueType.BOOLEAN, false, true, null,
          -1));
    }
    return out;
  }

  private void checkEquations() {
    for (Equation eq : equations.all()) {
      if (eq.expression() == null) {
        continue;
      }
      boolean differential = eq.kind() == Equation.Kind.DIFFERENTIAL;
      TypeChecker.Typed t = TypeChecker.check(eq.expression(), scope.withNoise(differential),
          eq.source());
      int at = eq.expression().start();
      if (differential) {
        Dimension expected = eq.dimension().divide(Dimension.TIME);
        if (t.type() == ValueType.BOOLEAN) {
          throw eq.source().error(at, "the right-hand side is a condition, not a rate");
        }
        if (!t.dimension().equals(expected)) {
          throw eq.source().error(at, "the right-hand side has dimension " + t.dimension()
              + ", but d" + eq.variable() + "/dt needs " + expected + " (" + eq.variable()
              + " is in " + eq.dimension() + ")");
        }
      } else {
        boolean declaredBoolean = eq.type() == ValueType.BOOLEAN;
        if (declaredBoolean != (t.type() == ValueType.BOOLEAN)) {
          throw eq.source().error(at, declaredBoolean
              ? "'" + eq.variable() + "' is declared boolean, but the expression is a value"
              : "the expression is a condition; declare '" + eq.variable() + "' as boolean");
        }
        if (!t.dimension().equals(eq.dimension())) {
          throw eq.source().error(at, "the expression has dimension " + t.dimension() + ", but "
              + eq.variable() + " is declared in " + eq.dimension());
        }
      }
    }
  }

  private void checkAssignment(Statement st) {
    SourceText source = st.source();
    Variable v = variables.get(st.target());
    if (v == null) {
      throw source.error(st.start(), "unknown variable '" + st.target() + "' (the group's "
          + "variables are " + String.join(", ", variables.keySet()) + ")");
    }
    if (v.kind() == Variable.Kind.SUBEXPRESSION) {
      throw source.error(st.start(), "'" + v.name() + "' is a subexpression; it cannot be "
          + "assigned");
    }
    if (v.readOnly()) {
      throw source.error(st.start(), "'" + v.name() + "' cannot be assigned by model code ("
          + (v.kind() == Variable.Kind.INTERNAL ? "the simulator keeps it" : "it is (constant)")
          + ")");
    }
    checkAssignedValue(st, v.name(), v, scope);
  }

  /**
   * Checks the value of an assignment to {@code v} (named {@code shown} in messages): no noise, a
   * condition only for a boolean and only with =, and the variable's dimension (dimensionless for
   * *= and /=). Shared by groups' resets and synapses' statements.
   */
  static void checkAssignedValue(Statement st, String shown, Variable v, Scope scope) {
    SourceText source = st.source();
    rejectNoise(st.value(), source);
    TypeChecker.Typed t = TypeChecker.check(st.value(), scope, source);
    if (v.isBoolean() || t.type() == ValueType.BOOLEAN) {
      if (!(v.isBoolean() && t.type() == ValueType.BOOLEAN && st.op() == Statement.Op.SET)) {
        throw source.error(st.value().start(), v.isBoolean()
            ? "'" + shown + "' is boolean: assign it a condition with ="
            : "cannot assign a condition to '" + shown + "', which is a value");
      }
      return;
    }
    boolean scaling = st.op() == Statement.Op.MULTIPLY || st.op() == Statement.Op.DIVIDE;
    Dimension expected = scaling ? Dimension.DIMENSIONLESS : v.dimension();
    if (!t.dimension().equals(expected)) {
      throw source.error(st.value().start(), (scaling ? "the factor of " + st.op().symbol()
          + " must be dimensionless" : "'" + shown + "' is in " + v.dimension())
          + ", but the value has dimension " + t.dimension());
    }
  }

  static void rejectNoise(Expr e, SourceText source) {
    for (String n : Expr.names(e)) {
      if (Symbol.isNoiseName(n)) {
        throw source.error(e.start(), "white noise (" + n + ") can only appear in differential "
            + "equations");
      }
    }
  }
}
