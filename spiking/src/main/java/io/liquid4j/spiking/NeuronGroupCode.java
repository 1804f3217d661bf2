package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Expr;
import io.liquid4j.spiking.equations.Functions;
import io.liquid4j.spiking.equations.JavaTranslator;
import io.liquid4j.spiking.equations.LoopInvariants;
import io.liquid4j.spiking.equations.RandomSource;
import io.liquid4j.spiking.equations.Scope;
import io.liquid4j.spiking.equations.StateUpdaters;
import io.liquid4j.spiking.equations.Statement;
import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the Java class of a neuron group ({@link GroupKernel}): the arrays as fields, and one
 * loop per part of the step. For Brian2's first tutorial the update method reads
 *
 * <pre>
 *   final double _ref_boundary =
 *       Functions.stepBoundary(Functions.timestepValue((5.0 * 0.001), dt), dt);
 *   final double _lio_0 = (0.001 * dt);
 *   final double _lio_1 = Math.exp(((-dt) / 0.01));
 *   for (int _i = 0; _i &lt; 100; _i++) {
 *     final boolean _nr = (((t - a_lastspike[_i]) + _lio_0) &gt;= _ref_boundary);
 *     a_not_refractory[_i] = _nr;
 *     final double _inf_v = a_v0[_i];
 *     final double _new_v = (_inf_v + ((a_v[_i] - _inf_v) * _lio_1));
 *     a_v[_i] = (_nr ? _new_v : a_v[_i]);
 *   }
 * </pre>
 *
 * Variable {@code x} is the field {@code a_x}; temporaries keep their names, which start with an
 * underscore and so cannot clash with a model's.
 */
final class NeuronGroupCode {
  /** What the generator needs to know about a group. */
  record Model(String name, int size, List<Variable> doubles, List<Variable> booleans,
      Scope scope, List<Statement> update, int prepared, Expr refractory,
      boolean refractoryIsCondition, Expr threshold, List<Statement> reset,
      List<Variable> subexpressions, List<String> functions) {}

  private static final String FUNCTIONS = Functions.class.getName();
  /** The loop body's name for the threshold condition in the fused loop. */
  private static final String SPIKES = "_spikes_condition";

  private final Model model;
  private final StringBuilder s = new StringBuilder();
  private final Set<String> booleanLocals = new HashSet<>();

  private NeuronGroupCode(Model model) {
    this.model = model;
  }

  static String generate(Model model) {
    return new NeuronGroupCode(model).body();
  }

  private String body() {
    for (Variable v : model.doubles()) {
      line(1, "private double[] a_" + v.name() + ";");
    }
    for (Variable v : model.booleans()) {
      line(1, "private boolean[] a_" + v.name() + ";");
    }
    line(1, "private " + RandomSource.class.getName() + " _rng;");
    line(1, "private double[] _prepared;");
    for (String f : model.functions()) {
      line(1, "private " + TimedArray.class.getName() + " _f_" + f + ";");
    }
    s.append('\n');
    bind();
    update();
    threshold();
    updateAndThreshold();
    reset();
    subexpressions();
    return s.toString();
  }

  private void bind() {
    line(1, "public void bind(double[][] _d, boolean[][] _b, " + RandomSource.class.getName()
        + " _rng, double[] _prepared, Object[] _functions) {");
    for (int k = 0; k < model.doubles().size(); k++) {
      line(2, "this.a_" + model.doubles().get(k).name() + " = _d[" + k + "];");
    }
    for (int k = 0; k < model.booleans().size(); k++) {
      line(2, "this.a_" + model.booleans().get(k).name() + " = _b[" + k + "];");
    }
    line(2, "this._rng = _rng;");
    line(2, "this._prepared = _prepared;");
    for (int k = 0; k < model.functions().size(); k++) {
      String f = model.functions().get(k);
      line(2, "this._f_" + f + " = (" + TimedArray.class.getName() + ") _functions[" + k
          + "];");
    }
    line(1, "}");
    s.append('\n');
  }

  private void locals() {
    for (Variable v : model.doubles()) {
      line(2, "final double[] a_" + v.name() + " = this.a_" + v.name() + ";");
    }
    for (Variable v : model.booleans()) {
      line(2, "final boolean[] a_" + v.name() + " = this.a_" + v.name() + ";");
    }
    line(2, "final " + RandomSource.class.getName() + " _rng = this._rng;");
  }

  private void update() {
    step(false);
  }

  /**
   * The state update with the threshold test at the end of each neuron's iteration, when
   * {@link #canFuseThreshold} allows it; else the two passes one after the other.
   */
  private void updateAndThreshold() {
    if (!canFuseThreshold(model)) {
      line(1, "public int updateAndThreshold(double t, double dt, int[] _spikes) {");
      line(2, "update(t, dt);");
      line(2, "return threshold(t, dt, _spikes);");
      line(1, "}");
      s.append('\n');
      return;
    }
    step(true);
  }

  /**
   * True if testing the threshold right after each neuron's update gives the same spikes and
   * states as a separate pass after the whole update: the condition reads the neuron's own
   * values, constants, t, dt and i, draws no random number (which would interleave the group's
   * stream with the update's draws) and reads no shared variable the update writes (a later
   * neuron's iteration could change it).
   */
  static boolean canFuseThreshold(Model model) {
    Expr threshold = model.threshold();
    if (threshold == null || Expr.calls(threshold, "rand") || Expr.calls(threshold, "randn")) {
      return false;
    }
    Set<String> written = new HashSet<>();
    for (Statement st : model.update()) {
      written.add(st.target());
    }
    for (String n : Expr.names(threshold)) {
      Symbol symbol = model.scope().lookup(n);
      if (symbol == null) {
        return false;
      }
      switch (symbol.kind()) {
        case VARIABLE, CONSTANT, INDEX, TIME, TIMESTEP -> { }
        case SHARED -> {
          if (written.contains(n)) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  /** The update loop; with {@code withThreshold}, each neuron's threshold test at its end. */
  private void step(boolean withThreshold) {
    line(1, withThreshold ? "public int updateAndThreshold(double t, double dt, int[] _spikes) {"
        : "public void update(double t, double dt) {");
    locals();
    for (int k = 0; k < model.prepared(); k++) {
      line(2, "final double _prep_" + k + " = this._prepared[" + k + "];");
    }
    List<Statement> body = new ArrayList<>();
    if (model.refractory() != null) {
      Expr notRefractory;
      Expr steps = Expr.call("timestep", model.refractory(), Expr.name("dt"));
      if (model.refractoryIsCondition()) {
        notRefractory = new Expr.Unary(Expr.UnaryOp.NOT, model.refractory(), -1, -1);
      } else if (allInvariant(model.refractory())) {
        // One refractory period for all: compare with the boundary instead of dividing.
        line(2, "final double _ref_boundary = " + FUNCTIONS + ".stepBoundary("
            + JavaTranslator.asDouble(steps, resolver(true)) + ", dt);");
        notRefractory = Expr.binary(Expr.BinaryOp.GE, sinceSpike(), Expr.name("_ref_boundary"));
      } else {
        notRefractory = Expr.binary(Expr.BinaryOp.GE,
            Expr.div(sinceSpike(), Expr.name("dt")), steps);
      }
      body.add(Statement.set(StateUpdaters.NOT_REFRACTORY, notRefractory));
    }
    body.addAll(model.update());
    if (withThreshold) {
      // Hoisted with the update, so that the two share one numbering of invariants.
      body.add(Statement.set(SPIKES, model.threshold()));
    }
    LoopInvariants.Hoisted h = LoopInvariants.hoist(body, this::invariant);
    JavaTranslator.Resolver r = resolver(true);
    hoisted(h, r);
    if (withThreshold) {
      line(2, "int _count = 0;");
    }
    loop();
    for (Statement st : h.statements()) {
      if (st.target().equals(StateUpdaters.NOT_REFRACTORY)) {
        line(3, "final boolean _nr = " + JavaTranslator.asBoolean(st.value(), r) + ";");
        line(3, "a_not_refractory[_i] = _nr;");
      } else if (st.target().equals(SPIKES)) {
        // The separate pass tests a_not_refractory[_i], which holds _nr until a spike.
        spikeTest(JavaTranslator.asBoolean(st.value(), r), "_nr");
      } else {
        assign(st, r, 3);
      }
    }
    line(2, "}");
    if (withThreshold) {
      line(2, "return _count;");
    }
    line(1, "}");
    s.append('\n');
  }

  /**
   * t − lastspike + 0.001·dt, the numerator of Brian2's timestep(t − lastspike, dt) computed as
   * {@link Functions#timestep} does. The quotient y = numerator/dt compared with a whole number
   * of steps n ≥ 0 gives the same answer as trunc(y) ≥ n whenever y ≥ 0 (t ≥ lastspike), and
   * comparing the numerator with {@link Functions#stepBoundary} gives the same answer as the
   * quotient without a division per neuron.
   */
  private static Expr sinceSpike() {
    return Expr.add(Expr.sub(Expr.name("t"), Expr.name("lastspike")),
        Expr.mul(Expr.num(1e-3), Expr.name("dt")));
  }

  private boolean allInvariant(Expr e) {
    for (String n : Expr.names(e)) {
      if (!invariant(n)) {
        return false;
      }
    }
    return !Expr.calls(e, "rand") && !Expr.calls(e, "randn");
  }

  private void threshold() {
    line(1, "public int threshold(double t, double dt, int[] _spikes) {");
    if (model.threshold() == null) {
      line(2, "return 0;");
      line(1, "}");
      s.append('\n');
      return;
    }
    locals();
    LoopInvariants.Hoisted h = LoopInvariants.hoist(model.threshold(), this::invariant);
    JavaTranslator.Resolver r = resolver(false);
    hoisted(h, r);
    line(2, "int _count = 0;");
    loop();
    spikeTest(JavaTranslator.asBoolean(h.statements().get(0).value(), r),
        "a_not_refractory[_i]");
    line(2, "}");
    line(2, "return _count;");
    line(1, "}");
    s.append('\n');
  }

  private void reset() {
    line(1, "public void reset(int[] _spikes, int _count, double t, double dt) {");
    if (!model.reset().isEmpty()) {
      locals();
      List<Statement> combined = new ArrayList<>();
      for (Statement st : model.reset()) {
        combined.add(new Statement(st.target(), Statement.Op.SET, st.combined(), st.source(),
            st.start(), st.end()));
      }
      LoopInvariants.Hoisted h = LoopInvariants.hoist(combined, this::invariant);
      JavaTranslator.Resolver r = resolver(false);
      hoisted(h, r);
      line(2, "for (int _k = 0; _k < _count; _k++) {");
      line(3, "final int _i = _spikes[_k];");
      for (Statement st : h.statements()) {
        assign(st, r, 3);
      }
      line(2, "}");
    }
    line(1, "}");
    s.append('\n');
  }

  /**
   * Records neuron {@code _i} as spiking if {@code condition} holds and, in a group with a
   * refractory period, {@code notRefractory} too; a spike makes it refractory from t.
   */
  private void spikeTest(String condition, String notRefractory) {
    if (model.refractory() != null) {
      condition = "(" + condition + " & " + notRefractory + ")";
    }
    line(3, "if (" + condition + ") {");
    line(4, "_spikes[_count++] = _i;");
    if (model.refractory() != null) {
      line(4, "a_not_refractory[_i] = false;");
      line(4, "a_lastspike[_i] = t;");
    }
    line(3, "}");
  }

  private void subexpressions() {
    line(1, "public double subexpression(int _which, int _i, double t, double dt) {");
    if (!model.subexpressions().isEmpty()) {
      locals();
      JavaTranslator.Resolver r = resolver(false);
      line(2, "switch (_which) {");
      for (Variable v : model.subexpressions()) {
        line(3, "case " + v.index() + ": return "
            + JavaTranslator.asDouble(v.expression(), r) + ";");
      }
      line(3, "default: break;");
      line(2, "}");
    }
    line(2, "throw new IllegalArgumentException(\"no subexpression \" + _which);");
    line(1, "}");
  }

  private void loop() {
    line(2, "for (int _i = 0; _i < " + model.size() + "; _i++) {");
  }

  private void hoisted(LoopInvariants.Hoisted h, JavaTranslator.Resolver r) {
    for (String declaration : hoistedDeclarations(h, r, booleanLocals)) {
      line(2, declaration);
    }
  }

  /**
   * The declarations of a loop's invariant values, computed once before it; {@code
   * booleanLocals} is reset to the names of those that are conditions. Shared with synapses.
   */
  static List<String> hoistedDeclarations(LoopInvariants.Hoisted h, JavaTranslator.Resolver r,
      Set<String> booleanLocals) {
    booleanLocals.clear();
    List<String> out = new ArrayList<>();
    for (Statement d : h.definitions()) {
      boolean bool = JavaTranslator.isBoolean(d.value(), r);
      if (bool) {
        booleanLocals.add(d.target());
      }
      out.add("final " + (bool ? "boolean " : "double ") + d.target() + " = "
          + (bool ? JavaTranslator.asBoolean(d.value(), r)
              : JavaTranslator.asDouble(d.value(), r)) + ";");
    }
    return out;
  }

  /** One statement of a loop body: a temporary, or a write to a variable's array. */
  private void assign(Statement st, JavaTranslator.Resolver r, int indent) {
    String target = st.target();
    if (target.startsWith("_")) {
      line(indent, "final double " + target + " = " + JavaTranslator.asDouble(st.value(), r)
          + ";");
      return;
    }
    Symbol symbol = model.scope().lookup(target);
    String element = symbol.kind() == Symbol.Kind.SHARED ? "[0]" : "[_i]";
    String value = switch (symbol.type()) {
      case BOOLEAN -> JavaTranslator.asBoolean(st.value(), r);
      case INTEGER -> FUNCTIONS + ".toInt(" + JavaTranslator.asDouble(st.value(), r) + ")";
      case FLOAT -> JavaTranslator.asDouble(st.value(), r);
    };
    line(indent, "a_" + target + element + " = " + value + ";");
  }

  /** Names whose value is the same for every neuron during one loop. */
  private boolean invariant(String name) {
    if (name.startsWith("_prep_") || name.startsWith("_lio_") || name.equals("_ref_boundary")) {
      return true;
    }
    if (name.startsWith("_")) {
      return false;
    }
    Symbol symbol = model.scope().lookup(name);
    return symbol != null && (symbol.kind() == Symbol.Kind.CONSTANT
        || symbol.kind() == Symbol.Kind.TIME || symbol.kind() == Symbol.Kind.TIMESTEP);
  }

  private JavaTranslator.Resolver resolver(boolean notRefractoryIsLocal) {
    Scope scope = model.scope();
    return new JavaTranslator.Resolver() {
      @Override
      public String read(String name) {
        if (name.startsWith("_")) {
          return name;
        }
        if (notRefractoryIsLocal && name.equals(StateUpdaters.NOT_REFRACTORY)) {
          return "_nr";
        }
        Symbol symbol = scope.lookup(name);
        if (symbol == null) {
          throw new IllegalStateException("generated code reads unknown name " + name);
        }
        return switch (symbol.kind()) {
          case VARIABLE -> "a_" + name + "[_i]";
          case SHARED -> "a_" + name + "[0]";
          case CONSTANT -> JavaTranslator.literal(symbol.value());
          case INDEX -> "((double) _i)";
          case TIME -> "t";
          case TIMESTEP -> "dt";
          case SUBEXPRESSION, NOISE -> throw new IllegalStateException(
              "generated code reads " + name + " directly");
        };
      }

      @Override
      public String call(String function, List<String> arguments) {
        return functionCall(function, arguments, model.functions());
      }

      @Override
      public ValueType type(String name) {
        if (name.startsWith("_")) {
          return booleanLocals.contains(name) ? ValueType.BOOLEAN : ValueType.FLOAT;
        }
        Symbol symbol = scope.lookup(name);
        return symbol == null ? ValueType.FLOAT : symbol.type();
      }
    };
  }

  /** A call of the TimedArray bound as field {@code _f_<name>}, or null if there is none. */
  static String functionCall(String function, List<String> arguments, List<String> functions) {
    if (!functions.contains(function)) {
      return null;
    }
    return "_f_" + function + ".at(" + String.join(", ", arguments) + ")";
  }

  private void line(int indent, String text) {
    s.append("  ".repeat(indent)).append(text).append('\n');
  }
}
