package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Equation;
import io.liquid4j.spiking.equations.Equations;
import io.liquid4j.spiking.equations.Expr;
import io.liquid4j.spiking.equations.Scope;
import io.liquid4j.spiking.equations.SourceText;
import io.liquid4j.spiking.equations.StateUpdate;
import io.liquid4j.spiking.equations.StateUpdaters;
import io.liquid4j.spiking.equations.Statement;
import io.liquid4j.spiking.equations.Statements;
import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.TypeChecker;
import io.liquid4j.spiking.equations.UserFunction;
import io.liquid4j.spiking.equations.ValueType;
import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Unit;
import io.liquid4j.spiking.units.Units;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Synapses object's model, checked: the synaptic variables, the names its code can use (pre-
 * and postsynaptic variables with {@code _pre}/{@code _post}, postsynaptic ones also without a
 * suffix, as Brian2 resolves them), the clock-driven update, the event-driven update, the
 * summed variables and the on_pre/on_post statements. Every error a user can make is found here
 * and reported with the text at fault.
 */
final class SynapsesModel {
  /** A name that stands for a variable of the pre- or postsynaptic group. */
  record Ref(boolean pre, Variable variable) {}

  /** A (summed) line: the target variable of the pre- or postsynaptic group and the sum. */
  record Summed(String line, Ref target, Expr expression) {}

  static final Set<String> RESERVED = Set.of("j", "lastupdate", "delay", "N_pre", "N_post",
      "N_incoming", "N_outgoing");

  private final SpikeSource source;
  private final SpikeSource target;
  private final NeuronGroup preGroup;
  private final NeuronGroup postGroup;
  private final Equations equations;
  private final Map<String, Variable> variables = new LinkedHashMap<>();
  private final Map<String, Symbol> constants;
  private final Map<String, TimedArray> functions;
  private final SynapseScope scope;
  private final StateUpdate update;
  private final List<Statement> eventDriven;
  private final List<Summed> summed = new ArrayList<>();
  private final List<Statement> onPre;
  private final List<Statement> onPost;

  SynapsesModel(SpikeSource source, SpikeSource target, String modelText, String onPreText,
      String onPostText, String method, Map<String, Object> constantTexts,
      Map<String, TimedArray> functions) {
    this.source = source;
    this.target = target;
    this.preGroup = Groups.variables(source);
    this.postGroup = Groups.variables(target);
    this.equations = Equations.parse(new SourceText("model", modelText == null ? ""
        : modelText));
    boolean hasEventDriven = false;
    int subexpressions = 0;
    for (Equation eq : equations.all()) {
      checkLine(eq);
      if (eq.hasFlag("summed")) {
        continue;
      }
      hasEventDriven |= eq.hasFlag("event-driven");
      Variable.Kind kind = switch (eq.kind()) {
        case DIFFERENTIAL -> Variable.Kind.STATE;
        case PARAMETER -> Variable.Kind.PARAMETER;
        case SUBEXPRESSION -> Variable.Kind.SUBEXPRESSION;
      };
      boolean isSub = kind == Variable.Kind.SUBEXPRESSION;
      variables.put(eq.variable(), new Variable(eq.variable(), kind, eq.dimension(), eq.type(),
          eq.hasFlag("shared"), eq.hasFlag("constant") || isSub,
          isSub ? equations.substitute(eq.expression()) : null, isSub ? subexpressions++ : -1));
    }
    if (hasEventDriven) {
      variables.put("lastupdate", new Variable("lastupdate", Variable.Kind.INTERNAL,
          Dimension.TIME, ValueType.FLOAT, false, true, null, -1));
    }
    // Settable by the user (set("delay", ...)), read-only for model code.
    variables.put("delay", new Variable("delay", Variable.Kind.PARAMETER, Dimension.TIME,
        ValueType.FLOAT, false, true, null, -1));
    GroupModel.checkFunctionNames(functions, equations, constantTexts);
    this.functions = functions;
    this.constants = GroupModel.constants(constantTexts, equations);
    for (String n : constants.keySet()) {
      if (RESERVED.contains(n) || n.endsWith("_pre") || n.endsWith("_post")) {
        throw new IllegalArgumentException("constant " + n + ": '" + n + "' is a name Synapses "
            + "define or could mean a pre- or postsynaptic variable");
      }
    }
    this.scope = new SynapseScope(false);
    checkEquations();
    this.update = StateUpdaters.generate(method, equations, new SynapseScope(true), false);
    this.eventDriven = StateUpdaters.eventDriven(equations, scope);
    for (Equation eq : equations.of(Equation.Kind.DIFFERENTIAL)) {
      if (eq.hasFlag("event-driven")) {
        checkEventDriven(eq);
      }
    }
    this.onPre = statements("on_pre", onPreText);
    this.onPost = statements("on_post", onPostText);
  }

  private void checkLine(Equation eq) {
    String v = eq.variable();
    if (eq.hasFlag("summed")) {
      if (!v.endsWith("_post") && !v.endsWith("_pre")) {
        throw eq.source().error(eq.offset(), "a (summed) variable names its target with "
            + "_post or _pre, as in I_syn_post = w*s : amp (summed); found '" + v + "'");
      }
      return;
    }
    if (RESERVED.contains(v)) {
      throw eq.source().error(eq.offset(), "'" + v + "' is a name Synapses define");
    }
    if (v.endsWith("_pre") || v.endsWith("_post")) {
      throw eq.source().error(eq.offset(), "'" + v + "' ends in _pre or _post, which name the "
          + "variables of the connected groups (only (summed) lines may)");
    }
    if (eq.hasFlag("unless refractory")) {
      throw eq.source().error(eq.offset(), "flag (unless refractory) is for NeuronGroups; "
          + "synapses have no refractory period");
    }
    if (eq.hasFlag("linked")) {
      throw eq.source().error(eq.offset(), "flag (linked) is not supported");
    }
    if (eq.kind() == Equation.Kind.DIFFERENTIAL && !eq.hasFlag("clock-driven")
        && !eq.hasFlag("event-driven")) {
      throw eq.source().error(eq.offset(), "a differential equation of Synapses needs the flag "
          + "(clock-driven) or (event-driven)");
    }
  }

  private void checkEquations() {
    for (Equation eq : equations.all()) {
      if (eq.expression() == null) {
        continue;
      }
      boolean differential = eq.kind() == Equation.Kind.DIFFERENTIAL;
      TypeChecker.Typed t = TypeChecker.check(eq.expression(),
          differential && eq.hasFlag("clock-driven") ? new SynapseScope(true) : scope,
          eq.source());
      int at = eq.expression().start();
      if (differential) {
        Dimension expected = eq.dimension().divide(Dimension.TIME);
        if (t.type() == ValueType.BOOLEAN || !t.dimension().equals(expected)) {
          throw eq.source().error(at, "the right-hand side has dimension " + t.dimension()
              + ", but d" + eq.variable() + "/dt needs " + expected + " (" + eq.variable()
              + " is in " + eq.dimension() + ")");
        }
        continue;
      }
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
      if (eq.hasFlag("summed")) {
        summed.add(summedLine(eq));
      }
    }
  }

  private Summed summedLine(Equation eq) {
    String v = eq.variable();
    boolean pre = v.endsWith("_pre");
    String name = v.substring(0, v.length() - (pre ? 4 : 5));
    NeuronGroup group = pre ? preGroup : postGroup;
    Variable tv = group == null ? null : group.variableInfo(name);
    String side = pre ? "presynaptic" : "postsynaptic";
    if (tv == null) {
      throw eq.source().error(eq.offset(), "the " + side + " group "
          + (pre ? source : target).name() + " has no variable '" + name + "' to sum into");
    }
    if (tv.kind() != Variable.Kind.PARAMETER || tv.readOnly() || tv.shared() || tv.isBoolean()) {
      throw eq.source().error(eq.offset(), "the target of a (summed) variable must be a "
          + "parameter of the " + side + " group (as in " + name + " : " + tv.dimension()
          + "), not constant or shared; '" + name + "' of " + group.name() + " is not");
    }
    if (!tv.dimension().equals(eq.dimension())) {
      throw eq.source().error(eq.offset(), "'" + name + "' of " + group.name() + " is in "
          + tv.dimension() + ", but the (summed) line declares " + eq.dimension());
    }
    return new Summed(eq.text(), new Ref(pre, tv), equations.substitute(eq.expression()));
  }

  private void checkEventDriven(Equation eq) {
    for (String n : Expr.names(equations.substitute(eq.expression()))) {
      Symbol s = scope.lookup(n);
      Variable v = variables.get(n);
      boolean ok = s != null && (s.kind() == Symbol.Kind.CONSTANT
          || (v != null && (v.kind() == Variable.Kind.PARAMETER || (v.kind()
          == Variable.Kind.STATE && equations.get(n).hasFlag("event-driven")))));
      if (!ok) {
        throw eq.source().error(eq.offset(), "an (event-driven) equation can only depend on "
            + "itself, other event-driven variables, parameters and constants; '" + n
            + "' changes between events (make the equation (clock-driven))");
      }
    }
  }

  private List<Statement> statements(String label, String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<Statement> out = new ArrayList<>();
    for (Statement st : Statements.parse(new SourceText(label, text))) {
      checkAssignment(st);
      out.add(new Statement(st.target(), st.op(), equations.substitute(st.value()), st.source(),
          st.start(), st.end()));
    }
    return List.copyOf(out);
  }

  private void checkAssignment(Statement st) {
    SourceText source = st.source();
    Symbol s = scope.lookup(st.target());
    Variable v = variables.get(st.target());
    Ref ref = v == null ? ref(st.target()) : null;
    if (v == null && ref != null) {
      v = ref.variable();
    }
    if (v == null) {
      String problem = s != null ? "'" + st.target() + "' is not a variable (it is "
          + describe(s) + ")" : "unknown variable '" + st.target() + "'" + suggestion(st.target());
      throw source.error(st.start(), problem);
    }
    if (v.kind() == Variable.Kind.SUBEXPRESSION) {
      throw source.error(st.start(), "'" + st.target() + "' is a subexpression; it cannot be "
          + "assigned");
    }
    if (v.readOnly()) {
      throw source.error(st.start(), "'" + st.target() + "' cannot be assigned by model code ("
          + (v.kind() == Variable.Kind.INTERNAL || v.name().equals("delay")
          ? "the simulator keeps it" : "it is (constant)") + ")");
    }
    GroupModel.checkAssignedValue(st, st.target(), v, scope);
  }

  private static String describe(Symbol s) {
    return switch (s.kind()) {
      case CONSTANT -> "a constant";
      case INDEX -> "an index";
      case TIME, TIMESTEP -> "the clock's";
      default -> "read-only";
    };
  }

  private String suggestion(String name) {
    List<String> names = new ArrayList<>(scope.names());
    String best = null;
    for (String n : names) {
      if (close(name, n)) {
        best = n;
        break;
      }
    }
    return " (the synapses' variables are " + String.join(", ", writable()) + "; postsynaptic "
        + "ones can be written with or without _post, presynaptic ones with _pre"
        + (best != null ? "; did you mean '" + best + "'?" : "") + ")";
  }

  private List<String> writable() {
    List<String> out = new ArrayList<>();
    for (Variable v : variables.values()) {
      if (!v.readOnly()) {
        out.add(v.name());
      }
    }
    return out.isEmpty() ? List.of("none") : out;
  }

  private static boolean close(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 1 || a.equals(b)) {
      return false;
    }
    int diff = 0;
    for (int k = 0, m = 0; k < a.length() && m < b.length(); k++, m++) {
      if (a.charAt(k) != b.charAt(m)) {
        diff++;
        if (a.length() > b.length()) {
          m--;
        } else if (b.length() > a.length()) {
          k--;
        }
      }
    }
    return diff + Math.abs(a.length() - b.length()) <= 1;
  }

  /** The pre- or postsynaptic variable {@code name} stands for, or null. */
  Ref ref(String name) {
    if (variables.containsKey(name)) {
      return null;
    }
    if (name.endsWith("_pre") && preGroup != null) {
      Variable v = preGroup.variableInfo(name.substring(0, name.length() - 4));
      return v == null ? null : new Ref(true, v);
    }
    if (name.endsWith("_post") && postGroup != null) {
      Variable v = postGroup.variableInfo(name.substring(0, name.length() - 5));
      return v == null ? null : new Ref(false, v);
    }
    if (postGroup != null && !Set.of("t", "dt", "i", "j", "N").contains(name)) {
      Variable v = postGroup.variableInfo(name);
      return v == null ? null : new Ref(false, v);
    }
    return null;
  }

  /**
   * The names of synapse code, looked up as Brian2 does: synaptic variables, the indices
   * {@code i} and {@code j}, {@code t}, {@code dt}, {@code N} (synapses), {@code N_pre},
   * {@code N_post}, variables of the presynaptic group with {@code _pre}, of the postsynaptic
   * group with {@code _post} or without a suffix, then constants, units, pi, e and inf.
   */
  final class SynapseScope implements Scope {
    private final boolean noise;

    SynapseScope(boolean noise) {
      this.noise = noise;
    }

    @Override
    public Symbol lookup(String name) {
      Variable v = variables.get(name);
      if (v != null) {
        return v.symbol();
      }
      switch (name) {
        case "t" -> {
          return Symbol.special("t", Symbol.Kind.TIME, Dimension.TIME, ValueType.FLOAT);
        }
        case "dt" -> {
          return Symbol.special("dt", Symbol.Kind.TIMESTEP, Dimension.TIME, ValueType.FLOAT);
        }
        case "i", "j" -> {
          return Symbol.special(name, Symbol.Kind.INDEX, Dimension.DIMENSIONLESS,
              ValueType.INTEGER);
        }
        case "N" -> {
          return new Symbol("N", Symbol.Kind.SHARED, Dimension.DIMENSIONLESS, ValueType.INTEGER,
              Double.NaN, true);
        }
        case "N_pre" -> {
          return new Symbol(name, Symbol.Kind.CONSTANT, Dimension.DIMENSIONLESS,
              ValueType.INTEGER, source.size(), true);
        }
        case "N_post" -> {
          return new Symbol(name, Symbol.Kind.CONSTANT, Dimension.DIMENSIONLESS,
              ValueType.INTEGER, target.size(), true);
        }
        default -> {
          // not special
        }
      }
      if (Symbol.isNoiseName(name)) {
        return noise ? Symbol.special(name, Symbol.Kind.NOISE, Symbol.noiseDimension(),
            ValueType.FLOAT) : null;
      }
      Ref r = ref(name);
      if (r != null) {
        Variable rv = r.variable();
        if (rv.kind() == Variable.Kind.SUBEXPRESSION) {
          // A subexpression of a group would need its namespace here; not supported.
          return null;
        }
        return rv.shared() ? Symbol.shared(name, rv.dimension(), rv.type(), rv.readOnly())
            : Symbol.variable(name, rv.dimension(), rv.type(), rv.readOnly());
      }
      Symbol c = constants.get(name);
      if (c != null) {
        return c;
      }
      Unit u = Units.lookup(name).orElse(null);
      if (u != null) {
        return Symbol.constant(name, u.scale(), u.dimension());
      }
      return GroupScope.builtin(name);
    }

    @Override
    public UserFunction function(String name) {
      TimedArray f = functions.get(name);
      return f == null ? null : f.signature(name);
    }

    @Override
    public Collection<String> names() {
      List<String> out = new ArrayList<>(variables.keySet());
      out.addAll(List.of("t", "dt", "i", "j", "N", "N_pre", "N_post"));
      if (preGroup != null) {
        for (String n : preGroup.variables()) {
          out.add(n + "_pre");
        }
      }
      if (postGroup != null) {
        for (String n : postGroup.variables()) {
          out.add(n + "_post");
          out.add(n);
        }
      }
      out.addAll(constants.keySet());
      return out;
    }
  }

  SpikeSource source() {
    return source;
  }

  SpikeSource target() {
    return target;
  }

  /** The group holding the presynaptic variables, or null (a spike generator). */
  NeuronGroup preGroup() {
    return preGroup;
  }

  NeuronGroup postGroup() {
    return postGroup;
  }

  Equations equations() {
    return equations;
  }

  Map<String, Variable> variables() {
    return variables;
  }

  Scope scope() {
    return scope;
  }

  Map<String, TimedArray> functions() {
    return functions;
  }

  StateUpdate update() {
    return update;
  }

  List<Statement> eventDriven() {
    return eventDriven;
  }

  List<Summed> summed() {
    return summed;
  }

  List<Statement> onPre() {
    return onPre;
  }

  List<Statement> onPost() {
    return onPost;
  }
}
