package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Expr;
import io.liquid4j.spiking.equations.Functions;
import io.liquid4j.spiking.equations.JavaTranslator;
import io.liquid4j.spiking.equations.LoopInvariants;
import io.liquid4j.spiking.equations.RandomSource;
import io.liquid4j.spiking.equations.Statement;
import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the Java classes of a Synapses object: its {@link SynapsesKernel} (clock-driven update,
 * summed variables, the on_pre and on_post pathways) and the {@link ConnectKernel} of a
 * connect call. A synaptic variable {@code w} is the array {@code a_w}, indexed by the synapse
 * {@code _s}; a presynaptic variable {@code v_pre} is {@code pre_v[_ipre[_s] + offset]} and a
 * postsynaptic one ({@code v_post}, or {@code v}) {@code post_v[_jpost[_s] + offset]}, the
 * offsets placing a subgroup in its group. For CUBA's {@code on_pre="ge += we"} the pathway
 * loop reads
 *
 * <pre>
 *   for (int _k = 0; _k &lt; _count; _k++) {
 *     final int _n = _neurons[_k];
 *     for (int _q = _start[_n], _end = _start[_n + 1]; _q &lt; _end; _q++) {
 *       final int _s = _order == null ? _q : _order[_q];
 *       post_ge[_jpost[_s]] = (post_ge[_jpost[_s]] + 0.00162);
 *     }
 *   }
 * </pre>
 */
final class SynapsesCode {
  private static final String FUNCTIONS = Functions.class.getName();

  private final SynapsesModel model;
  private final List<String> doubles;
  private final List<String> booleans;
  private final List<String> preDoubles;
  private final List<String> preBooleans;
  private final List<String> postDoubles;
  private final List<String> postBooleans;
  private final List<String> functions;
  private final int preOffset;
  private final int postOffset;
  private final StringBuilder s = new StringBuilder();
  private final Set<String> booleanLocals = new HashSet<>();
  /** Where the loop's indices come from: synapse code ("_s") or connect code ("_i", "_j"). */
  private boolean connect;

  SynapsesCode(SynapsesModel model, List<String> doubles, List<String> booleans) {
    this.model = model;
    this.doubles = doubles;
    this.booleans = booleans;
    this.preDoubles = names(model.preGroup(), false);
    this.preBooleans = names(model.preGroup(), true);
    this.postDoubles = names(model.postGroup(), false);
    this.postBooleans = names(model.postGroup(), true);
    this.functions = List.copyOf(model.functions().keySet());
    this.preOffset = Groups.offset(model.source());
    this.postOffset = Groups.offset(model.target());
  }

  /** The stored variables of a group, doubles or booleans, in the group's order. */
  static List<String> names(NeuronGroup g, boolean bool) {
    List<String> out = new ArrayList<>();
    if (g != null) {
      for (String n : g.storedVariables()) {
        if ((g.booleanArray(n) != null) == bool) {
          out.add(n);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // The synapses' kernel

  String kernel() {
    s.setLength(0);
    connect = false;
    for (String v : doubles) {
      line(1, "private double[] a_" + v + ";");
    }
    for (String v : booleans) {
      line(1, "private boolean[] a_" + v + ";");
    }
    line(1, "private int[] _ipre;");
    line(1, "private int[] _jpost;");
    line(1, "private int _N;");
    groupFields();
    line(1, "private double[] _prepared;");
    s.append('\n');
    line(1, "public void bind(double[][] _d, boolean[][] _b, int[] _ipre, int[] _jpost, "
        + "double[][] _pd, boolean[][] _pb, double[][] _qd, boolean[][] _qb, "
        + RandomSource.class.getName() + " _rng, double[] _prepared, Object[] _functions) {");
    for (int k = 0; k < doubles.size(); k++) {
      line(2, "this.a_" + doubles.get(k) + " = _d[" + k + "];");
    }
    for (int k = 0; k < booleans.size(); k++) {
      line(2, "this.a_" + booleans.get(k) + " = _b[" + k + "];");
    }
    line(2, "this._ipre = _ipre;");
    line(2, "this._jpost = _jpost;");
    line(2, "this._N = _ipre.length;");
    line(2, "this._prepared = _prepared;");
    bindGroups();
    line(1, "}");
    s.append('\n');
    update();
    summed();
    pathways();
    subexpressions();
    return s.toString();
  }

  private void groupFields() {
    for (String v : preDoubles) {
      line(1, "private double[] pre_" + v + ";");
    }
    for (String v : preBooleans) {
      line(1, "private boolean[] pre_" + v + ";");
    }
    for (String v : postDoubles) {
      line(1, "private double[] post_" + v + ";");
    }
    for (String v : postBooleans) {
      line(1, "private boolean[] post_" + v + ";");
    }
    line(1, "private " + RandomSource.class.getName() + " _rng;");
    for (String f : functions) {
      line(1, "private " + TimedArray.class.getName() + " _f_" + f + ";");
    }
  }

  private void bindGroups() {
    for (int k = 0; k < preDoubles.size(); k++) {
      line(2, "this.pre_" + preDoubles.get(k) + " = _pd[" + k + "];");
    }
    for (int k = 0; k < preBooleans.size(); k++) {
      line(2, "this.pre_" + preBooleans.get(k) + " = _pb[" + k + "];");
    }
    for (int k = 0; k < postDoubles.size(); k++) {
      line(2, "this.post_" + postDoubles.get(k) + " = _qd[" + k + "];");
    }
    for (int k = 0; k < postBooleans.size(); k++) {
      line(2, "this.post_" + postBooleans.get(k) + " = _qb[" + k + "];");
    }
    line(2, "this._rng = _rng;");
    for (int k = 0; k < functions.size(); k++) {
      line(2, "this._f_" + functions.get(k) + " = (" + TimedArray.class.getName()
          + ") _functions[" + k + "];");
    }
  }

  /** Local copies of the fields, which the JIT keeps in registers. */
  private void locals() {
    for (String v : connect ? List.<String>of() : doubles) {
      line(2, "final double[] a_" + v + " = this.a_" + v + ";");
    }
    for (String v : connect ? List.<String>of() : booleans) {
      line(2, "final boolean[] a_" + v + " = this.a_" + v + ";");
    }
    for (String v : preDoubles) {
      line(2, "final double[] pre_" + v + " = this.pre_" + v + ";");
    }
    for (String v : preBooleans) {
      line(2, "final boolean[] pre_" + v + " = this.pre_" + v + ";");
    }
    for (String v : postDoubles) {
      line(2, "final double[] post_" + v + " = this.post_" + v + ";");
    }
    for (String v : postBooleans) {
      line(2, "final boolean[] post_" + v + " = this.post_" + v + ";");
    }
    line(2, "final " + RandomSource.class.getName() + " _rng = this._rng;");
    if (!connect) {
      line(2, "final int[] _ipre = this._ipre;");
      line(2, "final int[] _jpost = this._jpost;");
      line(2, "final int _N = this._N;");
    }
  }

  private void update() {
    line(1, "public void update(double t, double dt) {");
    List<Statement> body = model.update().statements();
    if (!body.isEmpty()) {
      locals();
      int prepared = model.update().prepared().values(NeuronGroup.DEFAULT_DT).length;
      for (int k = 0; k < prepared; k++) {
        line(2, "final double _prep_" + k + " = this._prepared[" + k + "];");
      }
      LoopInvariants.Hoisted h = LoopInvariants.hoist(body, this::invariant);
      JavaTranslator.Resolver r = resolver();
      hoisted(h, r);
      line(2, "for (int _s = 0; _s < _N; _s++) {");
      for (Statement st : h.statements()) {
        assign(st, r, 3);
      }
      line(2, "}");
    }
    line(1, "}");
    s.append('\n');
  }

  private void summed() {
    line(1, "public void summed(double t, double dt) {");
    List<SynapsesModel.Summed> sums = model.summed();
    if (!sums.isEmpty()) {
      locals();
      List<Statement> body = new ArrayList<>();
      for (int k = 0; k < sums.size(); k++) {
        body.add(Statement.set("_sum_" + k, sums.get(k).expression()));
      }
      LoopInvariants.Hoisted h = LoopInvariants.hoist(body, this::invariant);
      JavaTranslator.Resolver r = resolver();
      hoisted(h, r);
      for (SynapsesModel.Summed sum : sums) {
        boolean pre = sum.target().pre();
        int from = pre ? preOffset : postOffset;
        int size = pre ? model.source().size() : model.target().size();
        line(2, "java.util.Arrays.fill(" + (pre ? "pre_" : "post_")
            + sum.target().variable().name() + ", " + from + ", " + (from + size) + ", 0.0);");
      }
      line(2, "for (int _s = 0; _s < _N; _s++) {");
      for (int k = 0; k < sums.size(); k++) {
        SynapsesModel.Summed sum = sums.get(k);
        String element = sum.target().pre() ? index("_ipre[_s]", preOffset)
            : index("_jpost[_s]", postOffset);
        line(3, (sum.target().pre() ? "pre_" : "post_") + sum.target().variable().name() + "["
            + element + "] += " + JavaTranslator.asDouble(h.statements().get(k).value(), r)
            + ";");
      }
      line(2, "}");
    }
    line(1, "}");
    s.append('\n');
  }

  private void pathways() {
    line(1, "public void spikes(int _pathway, int[] _neurons, int _count, int[] _start, "
        + "int[] _order, double t, double dt) {");
    line(2, "if (_pathway == 0) {");
    line(3, "spikes0(_neurons, _count, _start, _order, t, dt);");
    line(2, "} else {");
    line(3, "spikes1(_neurons, _count, _start, _order, t, dt);");
    line(2, "}");
    line(1, "}");
    s.append('\n');
    line(1, "public void synapses(int _pathway, int[] _synapses, int _count, double t, "
        + "double dt) {");
    line(2, "if (_pathway == 0) {");
    line(3, "synapses0(_synapses, _count, t, dt);");
    line(2, "} else {");
    line(3, "synapses1(_synapses, _count, t, dt);");
    line(2, "}");
    line(1, "}");
    s.append('\n');
    for (int p = 0; p < 2; p++) {
      List<Statement> statements = p == 0 ? model.onPre() : model.onPost();
      List<Statement> body = new ArrayList<>();
      if (!statements.isEmpty()) {
        body.addAll(model.eventDriven());
        for (Statement st : statements) {
          body.add(new Statement(st.target(), Statement.Op.SET, st.combined(), st.source(),
              st.start(), st.end()));
        }
        if (!model.eventDriven().isEmpty()) {
          body.add(Statement.set("lastupdate", Expr.name("t")));
        }
      }
      line(1, "private void spikes" + p + "(int[] _neurons, int _count, int[] _start, "
          + "int[] _order, double t, double dt) {");
      if (!body.isEmpty()) {
        LoopInvariants.Hoisted h = prologue(body);
        line(2, "for (int _k = 0; _k < _count; _k++) {");
        line(3, "final int _n = _neurons[_k];");
        line(3, "for (int _q = _start[_n], _end = _start[_n + 1]; _q < _end; _q++) {");
        line(4, "final int _s = _order == null ? _q : _order[_q];");
        for (Statement st : h.statements()) {
          assign(st, resolver(), 4);
        }
        line(3, "}");
        line(2, "}");
      }
      line(1, "}");
      s.append('\n');
      line(1, "private void synapses" + p + "(int[] _synapses, int _count, double t, "
          + "double dt) {");
      if (!body.isEmpty()) {
        LoopInvariants.Hoisted h = prologue(body);
        line(2, "for (int _k = 0; _k < _count; _k++) {");
        line(3, "final int _s = _synapses[_k];");
        for (Statement st : h.statements()) {
          assign(st, resolver(), 3);
        }
        line(2, "}");
      }
      line(1, "}");
      s.append('\n');
    }
  }

  private LoopInvariants.Hoisted prologue(List<Statement> body) {
    locals();
    LoopInvariants.Hoisted h = LoopInvariants.hoist(body, this::invariant);
    hoisted(h, resolver());
    return h;
  }

  private void subexpressions() {
    line(1, "public double subexpression(int _which, int _s, double t, double dt) {");
    List<Variable> subs = new ArrayList<>();
    for (Variable v : model.variables().values()) {
      if (v.kind() == Variable.Kind.SUBEXPRESSION) {
        subs.add(v);
      }
    }
    if (!subs.isEmpty()) {
      locals();
      JavaTranslator.Resolver r = resolver();
      booleanLocals.clear();
      line(2, "switch (_which) {");
      for (Variable v : subs) {
        line(3, "case " + v.index() + ": return " + JavaTranslator.asDouble(v.expression(), r)
            + ";");
      }
      line(3, "default: break;");
      line(2, "}");
    }
    line(2, "throw new IllegalArgumentException(\"no subexpression \" + _which);");
    line(1, "}");
  }

  // ------------------------------------------------------------------------------------------
  // A connect call's kernel

  /**
   * The class of one connect call: a synapse from i to j where {@code condition} holds (null:
   * always), with probability {@code p} (null: 1). When neither depends on j, the postsynaptic
   * group or random draws, the row is drawn by geometric jumps (Brian2's sample()): the number
   * of draws is the number of synapses, not N_post.
   */
  String connect(Expr condition, Expr p, int postSize) {
    s.setLength(0);
    connect = true;
    groupFields();
    line(1, "private double t;");
    s.append('\n');
    line(1, "public void bind(double[][] _pd, boolean[][] _pb, double[][] _qd, boolean[][] _qb, "
        + RandomSource.class.getName() + " _rng, Object[] _functions, double t) {");
    bindGroups();
    line(2, "this.t = t;");
    line(1, "}");
    s.append('\n');
    line(1, "public int row(int _i, int[] _out) {");
    locals();
    line(2, "final double t = this.t;");
    JavaTranslator.Resolver r = resolver();
    booleanLocals.clear();
    line(2, "int _n = 0;");
    boolean rowCondition = condition == null || rowInvariant(condition);
    boolean rowP = p == null || rowInvariant(p);
    if (condition != null && rowCondition) {
      line(2, "if (!" + JavaTranslator.asBoolean(condition, r) + ") {");
      line(3, "return 0;");
      line(2, "}");
    }
    if (rowCondition && rowP) {
      line(2, "final double _p = " + (p == null ? "1.0" : JavaTranslator.asDouble(p, r)) + ";");
      line(2, "if (_p >= 1.0) {");
      line(3, "for (int _j = 0; _j < " + postSize + "; _j++) {");
      line(4, "_out[_n++] = _j;");
      line(3, "}");
      line(2, "} else if (_p > 0.0) {");
      // The gap to the next synapse is geometric: floor(log(1 - U)/log(1 - p)) failures.
      line(3, "final double _logq = Math.log1p(-_p);");
      line(3, "double _j = -1.0;");
      line(3, "while (true) {");
      line(4, "_j += 1.0 + Math.floor(Math.log1p(-_rng.rand()) / _logq);");
      line(4, "if (!(_j < " + postSize + ".0)) {");
      line(5, "break;");
      line(4, "}");
      line(4, "_out[_n++] = (int) _j;");
      line(3, "}");
      line(2, "}");
    } else {
      line(2, "for (int _j = 0; _j < " + postSize + "; _j++) {");
      if (condition != null && !rowCondition) {
        line(3, "if (!" + JavaTranslator.asBoolean(condition, r) + ") {");
        line(4, "continue;");
        line(3, "}");
      }
      if (p != null) {
        line(3, "final double _p = " + JavaTranslator.asDouble(p, r) + ";");
        line(3, "if (_p < 1.0 && !(_rng.rand() < _p)) {");
        line(4, "continue;");
        line(3, "}");
      }
      line(3, "_out[_n++] = _j;");
      line(2, "}");
    }
    line(2, "return _n;");
    line(1, "}");
    return s.toString();
  }

  /** True if {@code e} is the same for every j of a row (no j, no postsynaptic names, no draws). */
  boolean rowInvariant(Expr e) {
    if (Expr.calls(e, "rand") || Expr.calls(e, "randn")) {
      return false;
    }
    for (String n : Expr.names(e)) {
      if (n.equals("j")) {
        return false;
      }
      SynapsesModel.Ref ref = model.ref(n);
      if (ref != null && !ref.pre()) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Shared

  private void hoisted(LoopInvariants.Hoisted h, JavaTranslator.Resolver r) {
    for (String declaration : NeuronGroupCode.hoistedDeclarations(h, r, booleanLocals)) {
      line(2, declaration);
    }
  }

  private void assign(Statement st, JavaTranslator.Resolver r, int indent) {
    String target = st.target();
    if (target.startsWith("_")) {
      boolean bool = JavaTranslator.isBoolean(st.value(), r);
      if (bool) {
        booleanLocals.add(target);
      }
      line(indent, "final " + (bool ? "boolean " : "double ") + target + " = "
          + (bool ? JavaTranslator.asBoolean(st.value(), r)
              : JavaTranslator.asDouble(st.value(), r)) + ";");
      return;
    }
    Symbol symbol = model.scope().lookup(target);
    String value = switch (symbol.type()) {
      case BOOLEAN -> JavaTranslator.asBoolean(st.value(), r);
      case INTEGER -> FUNCTIONS + ".toInt(" + JavaTranslator.asDouble(st.value(), r) + ")";
      case FLOAT -> JavaTranslator.asDouble(st.value(), r);
    };
    line(indent, location(target) + " = " + value + ";");
  }

  /** The array element that holds {@code name} for the current synapse (or pair). */
  private String location(String name) {
    Variable v = model.variables().get(name);
    if (v != null) {
      return "a_" + name + (v.shared() ? "[0]" : "[_s]");
    }
    SynapsesModel.Ref ref = model.ref(name);
    if (ref == null) {
      throw new IllegalStateException("generated code reads unknown name " + name);
    }
    String prefix = ref.pre() ? "pre_" : "post_";
    if (ref.variable().shared()) {
      return prefix + ref.variable().name() + "[0]";
    }
    String index = connect ? (ref.pre() ? "_i" : "_j")
        : (ref.pre() ? "_ipre[_s]" : "_jpost[_s]");
    return prefix + ref.variable().name() + "[" + index(index, ref.pre() ? preOffset
        : postOffset) + "]";
  }

  private static String index(String index, int offset) {
    return offset == 0 ? index : index + " + " + offset;
  }

  /** Names whose value is the same for every synapse during one loop. */
  private boolean invariant(String name) {
    if (name.startsWith("_prep_") || name.startsWith("_lio_")) {
      return true;
    }
    if (name.startsWith("_")) {
      return false;
    }
    Symbol symbol = model.scope().lookup(name);
    if (symbol == null) {
      return false;
    }
    return switch (symbol.kind()) {
      case CONSTANT, TIME, TIMESTEP -> true;
      case SHARED -> symbol.readOnly() && !name.equals("N");
      default -> false;
    };
  }

  private JavaTranslator.Resolver resolver() {
    return new JavaTranslator.Resolver() {
      @Override
      public String read(String name) {
        if (name.startsWith("_")) {
          return name;
        }
        Symbol symbol = model.scope().lookup(name);
        if (symbol == null) {
          throw new IllegalStateException("generated code reads unknown name " + name);
        }
        return switch (symbol.kind()) {
          case CONSTANT -> JavaTranslator.literal(symbol.value());
          case TIME -> "t";
          case TIMESTEP -> "dt";
          case INDEX -> connect ? "((double) _" + name + ")"
              : name.equals("i") ? "((double) _ipre[_s])" : "((double) _jpost[_s])";
          case SHARED -> name.equals("N") ? "((double) _N)" : location(name);
          case VARIABLE -> location(name);
          case SUBEXPRESSION, NOISE -> throw new IllegalStateException(
              "generated code reads " + name + " directly");
        };
      }

      @Override
      public ValueType type(String name) {
        if (name.startsWith("_")) {
          return booleanLocals.contains(name) ? ValueType.BOOLEAN : ValueType.FLOAT;
        }
        Symbol symbol = model.scope().lookup(name);
        return symbol == null ? ValueType.FLOAT : symbol.type();
      }

      @Override
      public String call(String function, List<String> arguments) {
        return NeuronGroupCode.functionCall(function, arguments, functions);
      }
    };
  }

  private void line(int indent, String text) {
    s.append("  ".repeat(indent)).append(text).append('\n');
  }
}
