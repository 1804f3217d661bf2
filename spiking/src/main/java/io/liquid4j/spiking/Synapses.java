package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Evaluator;
import io.liquid4j.spiking.equations.Expr;
import io.liquid4j.spiking.equations.Expressions;
import io.liquid4j.spiking.equations.KernelCompiler;
import io.liquid4j.spiking.equations.Limits;
import io.liquid4j.spiking.equations.SourceText;
import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.TypeChecker;
import io.liquid4j.spiking.equations.ValueType;
import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Connections between two spike sources, as Brian2's {@code Synapses}: synaptic variables
 * defined by a model (parameters, {@code (clock-driven)} differential equations integrated every
 * step, {@code (event-driven)} ones brought up to date when a spike arrives, subexpressions,
 * {@code (summed)} variables that set a postsynaptic variable to the sum over its synapses every
 * step), and statements run for each synapse when a presynaptic spike arrives ({@code on_pre})
 * or the postsynaptic neuron spikes ({@code on_post}). The statements read and write synaptic
 * variables, presynaptic variables with {@code _pre} and postsynaptic ones with {@code _post}
 * or without a suffix. All of it is checked when built and compiled to Java with Janino.
 *
 * <p>Brian2's examples/CUBA.py, excitatory part:
 *
 * <pre>{@code
 * Synapses ce = Synapses.builder(neurons, neurons, "")
 *     .onPre("ge += we").constant("we", "(60*0.27/10)*mV").name("Ce").build();
 * net.add(neurons, ce);
 * ce.connect("i<3200", 0.02);            // each pair with i < 3200 with probability 0.02
 * }</pre>
 *
 * <p>Dynamic synapses of the Maass–Natschläger–Markram column, verbatim from Brian2's example:
 *
 * <pre>{@code
 * Synapses ee = Synapses.builder(exc, exc, """
 *         A : ampere (constant)
 *         U : 1 (constant)
 *         tau_I : second (shared, constant)
 *         D : second (constant)
 *         dx/dt =  z/D       : 1 (clock-driven) # recovered
 *         dy/dt = -y/tau_I   : 1 (clock-driven) # active
 *         z = 1 - x - y      : 1                # inactive
 *         I_syn_ee_synapses_post = A*y : ampere (summed)
 *         du/dt = -u/F : 1 (clock-driven)
 *         F : second (constant)
 *         """)
 *     .onPre("u += U*(1-u); y += u*x; x += -u*x").delay("1.5*ms").method("exact").build();
 * ee.connect(null, "0.3*exp(-((x_pos_pre-x_pos_post)**2 + (y_pos_pre-y_pos_post)**2"
 *     + " + (z_pos_pre-z_pos_post)**2)/2**2)");
 * ee.set("x", "1");
 * }</pre>
 *
 * <p>Within a step, as in Brian2: summed variables are set before the groups' state updates,
 * clock-driven equations are integrated with the groups, and in the synapses part of the step
 * (after thresholds, before resets) the spikes of the step are queued and those due are
 * delivered: on_pre first, then on_post. A delay of d seconds delivers a spike round(d/dt) steps
 * later; synapses receive their spikes in the order of the spikes, then of the synapses.
 *
 * <p>Synapses are numbered in the order they are made; connect with a condition or a probability
 * makes them row by row (presynaptic i, then increasing j). Random draws (connection, rand() in
 * values and statements) come from the object's stream, seeded by {@link Network#seed} or
 * {@link Builder#seed}.
 */
public final class Synapses extends NetworkObject {
  private final String name;
  private final SynapsesModel model;
  private final SpikeSource source;
  private final SpikeSource target;
  private final NeuronGroup preGroup;
  private final NeuronGroup postGroup;
  private final Map<String, double[]> doubles = new LinkedHashMap<>();
  private final Map<String, boolean[]> booleans = new LinkedHashMap<>();
  private int[] ipre = new int[0];
  private int[] jpost = new int[0];
  private final SynapsesKernel kernel;
  private final String code;
  private final double[] prepared;
  private final RandomStream random;
  private final double defaultDelay;
  private final Pathway prePathway;
  private final Pathway postPathway;
  private boolean connected;
  private boolean seeded;
  private boolean drewUnseeded;
  private double time;
  private double dt = NeuronGroup.DEFAULT_DT;
  private int compiledConnections;

  /**
   * A builder for synapses from {@code source} to {@code target} following {@code model}
   * (Brian2's equations; "" for none).
   *
   * @param source the presynaptic neurons or inputs
   * @param target the postsynaptic neurons
   * @param model the synaptic equations, one per line, or "" for none
   * @return a new builder
   */
  public static Builder builder(SpikeSource source, SpikeSource target, String model) {
    return new Builder(source, target, model);
  }

  /** The options of a Synapses object, Brian2's keyword arguments. */
  public static final class Builder {
    private final SpikeSource source;
    private final SpikeSource target;
    private final String model;
    private String onPre;
    private String onPost;
    private String delay;
    private String method;
    private String name = "synapses";
    private Long seed;
    private final Namespace namespace = new Namespace();

    private Builder(SpikeSource source, SpikeSource target, String model) {
      this.source = source;
      this.target = target;
      this.model = model;
    }

    /**
     * Statements run for each synapse when its presynaptic spike arrives ({@code "v += w"}).
     *
     * @param statements the statements, one per line
     * @return this builder
     */
    public Builder onPre(String statements) {
      this.onPre = statements;
      return this;
    }

    /**
     * Statements run for each synapse of a postsynaptic neuron when it spikes.
     *
     * @param statements the statements, one per line
     * @return this builder
     */
    public Builder onPost(String statements) {
      this.onPost = statements;
      return this;
    }

    /**
     * The delay of presynaptic spikes given to synapses as they are made, a constant expression
     * ({@code "1.5*ms"}); each synapse's {@code delay} can be set afterwards. Default 0.
     *
     * @param delay a constant expression of a time
     * @return this builder
     */
    public Builder delay(String delay) {
      this.delay = delay;
      return this;
    }

    /**
     * The delay as a quantity; see {@link #delay(String)}.
     *
     * @param delay a time ≥ 0
     * @return this builder
     */
    public Builder delay(Quantity delay) {
      if (!delay.dimension().equals(Dimension.TIME)) {
        throw new IllegalArgumentException("delay: expected a time, found " + delay);
      }
      this.delay = delay.value() + "*second";
      return this;
    }

    /**
     * The integration method of the clock-driven equations (as {@link NeuronGroup}'s).
     *
     * @param method a method's name, e.g. {@code "exact"} or {@code "euler"}
     * @return this builder
     */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /**
     * A named constant ({@code "1.62*mV"}, {@code "2*tau"}).
     *
     * @param name the constant's name
     * @param expression a constant expression, which may use units and earlier constants
     * @return this builder
     */
    public Builder constant(String name, String expression) {
      namespace.constant(name, expression);
      return this;
    }

    /**
     * A named constant.
     *
     * @param name the constant's name
     * @param value its value
     * @return this builder
     */
    public Builder constant(String name, Quantity value) {
      namespace.constant(name, value);
      return this;
    }

    /**
     * A named dimensionless constant.
     *
     * @param name the constant's name
     * @param value its value
     * @return this builder
     */
    public Builder constant(String name, double value) {
      namespace.constant(name, value);
      return this;
    }

    /**
     * A TimedArray the model and statements can call.
     *
     * @param name the name calls use
     * @param values the array
     * @return this builder
     */
    public Builder function(String name, TimedArray values) {
      namespace.function(name, values);
      return this;
    }

    /**
     * The name messages use. Default "synapses".
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name: expected a non-blank name, found '" + name
            + "'");
      }
      this.name = name;
      return this;
    }

    /**
     * Seeds the random stream (connect, rand() in values and statements).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Checks the model and statements and compiles their code.
     *
     * @return new synapses, without connections
     * @throws IllegalArgumentException quoting the text at fault (line, column) for malformed
     *     equations or statements, unknown names, dimension mismatches, differential equations
     *     without (clock-driven) or (event-driven), summed targets that do not fit, event-driven
     *     equations without an exact solution, or an integration method that does not apply
     */
    public Synapses build() {
      return Limits.guard("synapses " + name, () -> new Synapses(this));
    }
  }

  private Synapses(Builder b) {
    if (b.source == null || b.target == null) {
      throw new IllegalArgumentException("synapses " + b.name + ": expected a source and a "
          + "target, found " + b.source + " and " + b.target);
    }
    this.name = b.name;
    this.source = b.source;
    this.target = b.target;
    this.model = new SynapsesModel(b.source, b.target, b.model, b.onPre, b.onPost, b.method,
        b.namespace.constants(), Map.copyOf(b.namespace.functions()));
    this.preGroup = model.preGroup();
    this.postGroup = model.postGroup();
    this.defaultDelay = b.delay == null ? 0 : constantDelay(b.delay);
    for (Variable v : model.variables().values()) {
      if (!v.stored()) {
        continue;
      }
      int length = v.shared() ? 1 : 0;
      if (v.isBoolean()) {
        booleans.put(v.name(), new boolean[length]);
      } else {
        doubles.put(v.name(), new double[length]);
      }
    }
    this.seeded = b.seed != null;
    this.random = new RandomStream(b.seed != null ? b.seed : new SplittableRandom().nextLong());
    this.prepared = new double[model.update().prepared().values(NeuronGroup.DEFAULT_DT).length];
    this.code = new SynapsesCode(model, List.copyOf(doubles.keySet()),
        List.copyOf(booleans.keySet())).kernel();
    this.kernel = KernelCompiler.compile("Synapses_" + name.replaceAll("[^A-Za-z0-9_]", "_"),
        code, SynapsesKernel.class);
    this.prePathway = model.onPre().isEmpty() ? null
        : new Pathway(0, Groups.buffer(source), Groups.offset(source), source.size());
    this.postPathway = model.onPost().isEmpty() ? null
        : new Pathway(1, Groups.buffer(target), Groups.offset(target), target.size());
    bind();
  }

  private double constantDelay(String text) {
    SourceText s = new SourceText("delay", text);
    Expr e = Expressions.parse(s);
    TypeChecker.Typed t = TypeChecker.check(e, model.scope(), s);
    for (String n : Expr.names(e)) {
      if (model.scope().lookup(n).kind() != Symbol.Kind.CONSTANT) {
        throw s.error(e.start(), "the delay given to the builder must be a constant; set "
            + "per-synapse delays with set(\"delay\", ...) after connect");
      }
    }
    if (!t.dimension().equals(Dimension.TIME) || t.type() == ValueType.BOOLEAN) {
      throw s.error(e.start(), "expected a delay in second, found dimension " + t.dimension());
    }
    double d = Evaluator.evaluate(e, n -> model.scope().lookup(n).value(), null);
    if (!(d >= 0) || Double.isInfinite(d)) {
      throw s.error(e.start(), "expected a delay >= 0, found " + d + " second");
    }
    return d;
  }

  private void bind() {
    kernel.bind(doubles.values().toArray(new double[0][]),
        booleans.values().toArray(new boolean[0][]), ipre, jpost,
        doubleArrays(preGroup), booleanArrays(preGroup), doubleArrays(postGroup),
        booleanArrays(postGroup), random, prepared, model.functions().values().toArray());
  }

  private static double[][] doubleArrays(NeuronGroup g) {
    List<String> names = SynapsesCode.names(g, false);
    double[][] out = new double[names.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = g.array(names.get(k));
    }
    return out;
  }

  private static boolean[][] booleanArrays(NeuronGroup g) {
    List<String> names = SynapsesCode.names(g, true);
    boolean[][] out = new boolean[names.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = g.booleanArray(names.get(k));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // What it is

  @Override
  public String name() {
    return name;
  }

  /**
   * The number of synapses.
   *
   * @return the number of synapses made so far
   */
  public int size() {
    return ipre.length;
  }

  /**
   * The presynaptic source.
   *
   * @return the source
   */
  public SpikeSource source() {
    return source;
  }

  /**
   * The postsynaptic target.
   *
   * @return the target
   */
  public SpikeSource target() {
    return target;
  }

  /**
   * Each synapse's presynaptic index, counted within the source.
   *
   * @return a new array of one index per synapse
   */
  public int[] i() {
    return ipre.clone();
  }

  /**
   * Each synapse's postsynaptic index, counted within the target.
   *
   * @return a new array of one index per synapse
   */
  public int[] j() {
    return jpost.clone();
  }

  /**
   * The synaptic variables that can be read ({@code delay} included).
   *
   * @return an unmodifiable view of the names
   */
  public Set<String> variables() {
    return Collections.unmodifiableSet(model.variables().keySet());
  }

  /**
   * The dimension of a synaptic variable.
   *
   * @param variable a synaptic variable's name
   * @return its dimension
   */
  public Dimension dimension(String variable) {
    return variable(variable, "dimension").dimension();
  }

  /**
   * The integration method of the clock-driven equations.
   *
   * @return the method's name, e.g. {@code "exact"}
   */
  public String method() {
    return model.update().method();
  }

  /**
   * The Java source generated for this object, as compiled.
   *
   * @return the generated Java source
   */
  public String generatedCode() {
    return code;
  }

  // ------------------------------------------------------------------------------------------
  // Connecting

  /** Connects every presynaptic element to every postsynaptic one. */
  public void connect() {
    connect(null, (String) null);
  }

  /**
   * Connects the pairs where {@code condition} holds ({@code "i != j"}).
   *
   * @param condition a condition on {@code i}, {@code j} and the groups' variables
   */
  public void connect(String condition) {
    connect(condition, (String) null);
  }

  /**
   * Connects each pair with probability {@code p} in [0, 1].
   *
   * @param p the probability, in [0, 1]
   */
  public void connect(double p) {
    connect(null, p);
  }

  /**
   * Connects each pair where {@code condition} holds (null: every pair) with probability
   * {@code p} in [0, 1], Brian2's {@code connect('i<3200', p=0.02)}.
   *
   * @param condition a condition on {@code i}, {@code j} and the groups' variables, or null
   * @param p the probability, in [0, 1]
   */
  public void connect(String condition, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("connect " + name + ": expected a probability p in "
          + "[0, 1], found " + p);
    }
    connectWith(condition, p == 1 ? null : Expr.num(p), null);
  }

  /**
   * Connects each pair where {@code condition} holds (null: every pair) with a probability
   * given by an expression (null: 1), which may use {@code i}, {@code j}, {@code N_pre},
   * {@code N_post}, pre- and postsynaptic variables and constants, e.g. Brian2's
   * {@code connect(p='C*exp(-((x_pre-x_post)**2 + (y_pre-y_post)**2)/l**2)')}.
   *
   * @param condition a condition on {@code i}, {@code j} and the groups' variables, or null
   * @param p a dimensionless expression of the probability, or null
   * @throws IllegalArgumentException quoting the text for a condition that is not a condition,
   *     a probability that is not a dimensionless value, unknown names or synaptic variables
   *     (synapses do not exist before they are made)
   */
  public void connect(String condition, String p) {
    Expr probability = null;
    SourceText pText = null;
    if (p != null) {
      pText = new SourceText("connect p", p);
      probability = Expressions.parse(pText);
      TypeChecker.Typed t = checkConnectNames(probability, pText);
      if (t.type() == ValueType.BOOLEAN || !t.dimension().isDimensionless()) {
        throw pText.error(probability.start(), "expected a dimensionless probability, found "
            + (t.type() == ValueType.BOOLEAN ? "a condition" : "dimension " + t.dimension()));
      }
    }
    connectWith(condition, probability, pText);
  }

  private void connectWith(String conditionText, Expr probability, SourceText pText) {
    Limits.guard("connect", () -> {
      connectUnguarded(conditionText, probability, pText);
      return null;
    });
  }

  private void connectUnguarded(String conditionText, Expr probability, SourceText pText) {
    Expr condition = null;
    if (conditionText != null) {
      SourceText c = new SourceText("connect condition", conditionText);
      condition = Expressions.parse(c);
      TypeChecker.Typed t = checkConnectNames(condition, c);
      if (t.type() != ValueType.BOOLEAN) {
        throw c.error(condition.start(), "expected a condition (such as i != j), found a "
            + "value of dimension " + t.dimension());
      }
    }
    boolean draws = probability != null || (condition != null
        && (Expr.calls(condition, "rand") || Expr.calls(condition, "randn")));
    String body = new SynapsesCode(model, List.copyOf(doubles.keySet()),
        List.copyOf(booleans.keySet())).connect(condition, probability, target.size());
    ConnectKernel k = KernelCompiler.compile("Connect_" + name.replaceAll("[^A-Za-z0-9_]", "_")
        + "_" + compiledConnections++, body, ConnectKernel.class);
    k.bind(doubleArrays(preGroup), booleanArrays(preGroup), doubleArrays(postGroup),
        booleanArrays(postGroup), random, model.functions().values().toArray(), time);
    if (draws && !seeded) {
      drewUnseeded = true;
    }
    int[] row = new int[target.size()];
    IntList is = new IntList();
    IntList js = new IntList();
    for (int i = 0; i < source.size(); i++) {
      int n = k.row(i, row);
      for (int q = 0; q < n; q++) {
        is.add(i);
        js.add(row[q]);
      }
    }
    append(is.toArray(), js.toArray());
  }

  private TypeChecker.Typed checkConnectNames(Expr e, SourceText text) {
    TypeChecker.Typed t = TypeChecker.check(e, model.scope(), text);
    for (String n : Expr.names(e)) {
      if (model.variables().containsKey(n) || n.equals("N")) {
        throw text.error(e.start(), "'" + n + "' is "
            + (n.equals("N") ? "the number of synapses" : "a synaptic variable")
            + ", which does not exist before the synapses are made; use i, j, N_pre, N_post, "
            + "and variables of the groups with _pre and _post");
      }
    }
    return t;
  }

  /**
   * Connects {@code i[k]} to {@code j[k]} for each k, in that order (a pair may repeat: several
   * synapses).
   *
   * @param i presynaptic indices, counted within the source
   * @param j postsynaptic indices, counted within the target, as many as {@code i}
   * @throws IllegalArgumentException if the arrays differ in length or an index is out of range
   */
  public void connect(int[] i, int[] j) {
    if (i == null || j == null || i.length != j.length) {
      throw new IllegalArgumentException("connect " + name + ": expected as many i as j, found "
          + (i == null ? "null" : i.length) + " and " + (j == null ? "null" : j.length));
    }
    for (int k = 0; k < i.length; k++) {
      if (i[k] < 0 || i[k] >= source.size() || j[k] < 0 || j[k] >= target.size()) {
        throw new IllegalArgumentException("connect " + name + ": expected i in [0, "
            + source.size() + ") and j in [0, " + target.size() + "), found i " + i[k]
            + ", j " + j[k] + " at position " + k);
      }
    }
    append(i.clone(), j.clone());
  }

  /** Adds synapses; their variables start at 0, their delay at the builder's. */
  private void append(int[] is, int[] js) {
    connected = true;
    int old = ipre.length;
    int total = old + is.length;
    ipre = Arrays.copyOf(ipre, total);
    jpost = Arrays.copyOf(jpost, total);
    System.arraycopy(is, 0, ipre, old, is.length);
    System.arraycopy(js, 0, jpost, old, js.length);
    for (Map.Entry<String, double[]> e : doubles.entrySet()) {
      if (!model.variables().get(e.getKey()).shared()) {
        double[] grown = Arrays.copyOf(e.getValue(), total);
        if (e.getKey().equals("delay")) {
          Arrays.fill(grown, old, total, defaultDelay);
        }
        e.setValue(grown);
      }
    }
    for (Map.Entry<String, boolean[]> e : booleans.entrySet()) {
      if (!model.variables().get(e.getKey()).shared()) {
        e.setValue(Arrays.copyOf(e.getValue(), total));
      }
    }
    bind();
  }

  // ------------------------------------------------------------------------------------------
  // Values

  private Variable variable(String variable, String action) {
    Variable v = model.variables().get(variable);
    if (v == null) {
      throw new IllegalArgumentException(action + " " + variable + ": synapses " + name
          + " have no variable '" + variable + "' (they have " + String.join(", ",
          model.variables().keySet()) + ")");
    }
    return v;
  }

  private Variable settable(String variable) {
    Variable v = variable(variable, "set");
    if (v.kind() == Variable.Kind.SUBEXPRESSION || v.kind() == Variable.Kind.INTERNAL) {
      throw new IllegalArgumentException("set " + variable + ": '" + variable + "' is "
          + (v.kind() == Variable.Kind.INTERNAL ? "kept by the simulator"
          : "a subexpression; set the variables it depends on"));
    }
    return v;
  }

  /**
   * Sets a synaptic variable from an expression evaluated for each synapse, which may use
   * {@code i}, {@code j}, pre- and postsynaptic variables, other synaptic variables, constants,
   * {@code rand()} and {@code randn()} ({@code "w_max*rand()"},
   * {@code "1*ms + 0.1*ms*abs(i - j)"}).
   *
   * @param variable a settable synaptic variable
   * @param expression its value for each synapse
   * @throws IllegalArgumentException for an unknown or unsettable variable, a malformed
   *     expression or one of the wrong dimension
   */
  public void set(String variable, String expression) {
    Limits.guard("set " + variable, () -> {
      setUnguarded(variable, expression);
      return null;
    });
  }

  private void setUnguarded(String variable, String expression) {
    Variable v = settable(variable);
    SourceText source = new SourceText("set " + variable, expression);
    Expr e = Expressions.parse(source);
    TypeChecker.Typed t = TypeChecker.check(e, model.scope(), source);
    if (v.isBoolean() != (t.type() == ValueType.BOOLEAN)) {
      throw source.error(e.start(), v.isBoolean() ? "'" + variable + "' is boolean; expected a "
          + "condition" : "expected a value for '" + variable + "', found a condition");
    }
    if (!t.dimension().equals(v.dimension())) {
      throw source.error(e.start(), "'" + variable + "' is in " + v.dimension()
          + ", but the expression has dimension " + t.dimension());
    }
    Expr expr = model.equations().substitute(e);
    if (v.shared()) {
      for (String n : Expr.names(expr)) {
        Symbol s = model.scope().lookup(n);
        if (s.kind() == Symbol.Kind.VARIABLE || s.kind() == Symbol.Kind.INDEX) {
          throw source.error(e.start(), "'" + variable + "' is shared (one value for all "
              + "synapses); the expression cannot depend on single synapses");
        }
      }
    }
    if (!seeded && (Expr.calls(expr, "rand") || Expr.calls(expr, "randn"))) {
      drewUnseeded = true;
    }
    int count = v.shared() ? 1 : ipre.length;
    for (int s = 0; s < count; s++) {
      int synapse = s;
      double value = Evaluator.evaluate(expr, new Evaluator.Values() {
        @Override
        public double get(String n) {
          return valueOf(n, synapse);
        }

        @Override
        public double call(String function, double[] arguments) {
          return NeuronGroup.callFunction(model.functions(), function, arguments);
        }
      }, random);
      store(v, s, value);
    }
  }

  private double valueOf(String n, int s) {
    Variable v = model.variables().get(n);
    if (v != null) {
      int at = v.shared() ? 0 : s;
      double[] d = doubles.get(n);
      return d != null ? d[at] : (booleans.get(n)[at] ? 1 : 0);
    }
    Symbol symbol = model.scope().lookup(n);
    switch (symbol.kind()) {
      case INDEX -> {
        return n.equals("i") ? ipre[s] : jpost[s];
      }
      case TIME -> {
        return time;
      }
      case TIMESTEP -> {
        return dt;
      }
      case CONSTANT -> {
        return symbol.value();
      }
      default -> {
        // below
      }
    }
    if (n.equals("N")) {
      return ipre.length;
    }
    SynapsesModel.Ref ref = model.ref(n);
    NeuronGroup g = ref.pre() ? preGroup : postGroup;
    int element = ref.variable().shared() ? 0 : ref.pre() ? ipre[s] + Groups.offset(source)
        : jpost[s] + Groups.offset(target);
    return g.value(ref.variable(), element);
  }

  private void store(Variable v, int s, double value) {
    if (v.isBoolean()) {
      booleans.get(v.name())[s] = value != 0;
    } else {
      doubles.get(v.name())[s] = v.type() == ValueType.INTEGER
          ? io.liquid4j.spiking.equations.Functions.toInt(value) : value;
    }
  }

  /**
   * Sets a synaptic variable to one value for every synapse.
   *
   * @param variable a settable synaptic variable
   * @param value the value, of the variable's dimension
   * @throws IllegalArgumentException for an unknown or unsettable variable, or the wrong dimension
   */
  public void set(String variable, Quantity value) {
    Variable v = settable(variable);
    if (!value.dimension().equals(v.dimension())) {
      throw new IllegalArgumentException("set " + variable + ": '" + variable + "' is in "
          + v.dimension() + ", found " + value);
    }
    int count = v.shared() ? 1 : ipre.length;
    for (int s = 0; s < count; s++) {
      store(v, s, value.value());
    }
  }

  /**
   * Sets a synaptic variable from SI values, one per synapse (one for a shared variable).
   *
   * @param variable a settable synaptic variable
   * @param values SI values, one per synapse (one for a shared variable). Copied.
   * @throws IllegalArgumentException for an unknown or unsettable variable, or the wrong number of
   *     values
   */
  public void set(String variable, double[] values) {
    Variable v = settable(variable);
    int expected = v.shared() ? 1 : ipre.length;
    if (values == null || values.length != expected) {
      throw new IllegalArgumentException("set " + variable + ": expected " + expected
          + " value" + (expected == 1 ? "" : "s") + ", found "
          + (values == null ? "null" : values.length));
    }
    for (int s = 0; s < expected; s++) {
      store(v, s, values[s]);
    }
  }

  /**
   * A copy of a synaptic variable's values (SI; conditions as 1 and 0), one per synapse.
   *
   * @param variable a synaptic variable
   * @return a new array of the values
   */
  public double[] get(String variable) {
    Variable v = variable(variable, "get");
    double[] out = new double[v.shared() ? 1 : ipre.length];
    for (int s = 0; s < out.length; s++) {
      if (v.kind() == Variable.Kind.SUBEXPRESSION) {
        out[s] = kernel.subexpression(v.index(), s, time, dt);
      } else if (v.isBoolean()) {
        out[s] = booleans.get(variable)[s] ? 1 : 0;
      } else {
        out[s] = doubles.get(variable)[s];
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Running

  /**
   * One direction of spike propagation: the spikes of the source (on_pre) or of the target
   * (on_post), a CSR index of each neuron's synapses, the delays in steps, and the queue.
   */
  private final class Pathway {
    final int index;
    final SpikeBuffer spikes;
    final int offset;
    final int size;
    final int[] local;
    final SpikeQueue queue = new SpikeQueue();
    int[] start;
    int[] order;
    int[] steps;
    int uniformSteps;

    Pathway(int index, SpikeBuffer spikes, int offset, int size) {
      this.index = index;
      this.spikes = spikes;
      this.offset = offset;
      this.size = size;
      this.local = new int[size];
    }

    /** Indexes each neuron's synapses (in synapse order) and turns delays into steps. */
    void prepare(double dt) {
      int[] key = index == 0 ? ipre : jpost;
      start = new int[size + 1];
      for (int k : key) {
        start[k + 1]++;
      }
      for (int n = 0; n < size; n++) {
        start[n + 1] += start[n];
      }
      int[] fill = Arrays.copyOf(start, size);
      int[] o = new int[key.length];
      boolean identity = true;
      for (int s = 0; s < key.length; s++) {
        int at = fill[key[s]]++;
        o[at] = s;
        identity &= at == s;
      }
      order = identity ? null : o;
      steps = null;
      uniformSteps = 0;
      if (index == 0) {
        double[] delay = doubles.get("delay");
        int[] st = new int[delay.length];
        boolean uniform = true;
        int max = 0;
        for (int s = 0; s < delay.length; s++) {
          if (!(delay[s] >= 0) || Double.isInfinite(delay[s])) {
            throw new IllegalArgumentException("run: synapse " + s + " of " + name + " has a "
                + "delay of " + delay[s] + " second; expected a delay >= 0");
          }
          // Brian2 rounds delays to the nearest whole step.
          double d = Math.floor(delay[s] / dt + 0.5);
          if (d > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("run: the delay of synapse " + s + " of " + name
                + " (" + delay[s] + " second) is too many steps of " + dt + " second");
          }
          st[s] = (int) d;
          uniform &= st[s] == st[0];
          max = Math.max(max, st[s]);
        }
        if (uniform) {
          uniformSteps = st.length == 0 ? 0 : st[0];
        } else {
          steps = st;
        }
        queue.reserve(max);
      }
    }

    void step(double t, double dt) {
      int n = 0;
      int[] in = spikes.indices;
      for (int k = 0, count = spikes.count; k < count; k++) {
        int s = in[k] - offset;
        if (s >= 0 && s < size) {
          local[n++] = s;
        }
      }
      if (steps == null && uniformSteps == 0 && queue.isEmpty()) {
        // No delays: straight from the spikes to their synapses.
        if (n > 0) {
          kernel.spikes(index, local, n, start, order, t, dt);
        }
        return;
      }
      for (int k = 0; k < n; k++) {
        int neuron = local[k];
        for (int q = start[neuron], end = start[neuron + 1]; q < end; q++) {
          int s = order == null ? q : order[q];
          queue.push(s, steps == null ? uniformSteps : steps[s]);
        }
      }
      int due = queue.currentCount();
      if (due > 0) {
        kernel.synapses(index, queue.current(), due, t, dt);
      }
      queue.advance();
    }
  }

  @Override
  List<Action> actions() {
    List<Action> out = new ArrayList<>();
    if (!model.summed().isEmpty()) {
      // Before the groups' state updates, as Brian2 orders its summed-variable updaters.
      out.add(new Action(Slot.GROUPS, -1, (step, t, dt) -> kernel.summed(t, dt)));
    }
    if (!model.update().statements().isEmpty()) {
      out.add(new Action(Slot.GROUPS, 0, (step, t, dt) -> kernel.update(t, dt)));
    }
    if (prePathway != null) {
      out.add(new Action(Slot.SYNAPSES, -1, (step, t, dt) -> prePathway.step(t, dt)));
    }
    if (postPathway != null) {
      out.add(new Action(Slot.SYNAPSES, 1, (step, t, dt) -> postPathway.step(t, dt)));
    }
    return out;
  }

  /** True if these synapses update in every step and read from or write to {@code group}. */
  boolean updatesEachStepOn(NeuronGroup group) {
    return !model.update().statements().isEmpty()
        && (Groups.variables(source) == group || Groups.variables(target) == group);
  }

  @Override
  void beforeRun(Network network, double dt) {
    if (!connected) {
      throw new IllegalArgumentException("run: synapses " + name + " have not been connected; "
          + "call connect(...) (connect(new int[0], new int[0]) for none)");
    }
    checkSummedTargets(network);
    this.dt = dt;
    double[] values = model.update().prepared().values(dt);
    System.arraycopy(values, 0, prepared, 0, values.length);
    for (Pathway p : new Pathway[] {prePathway, postPathway}) {
      if (p != null) {
        // Delays may have been set since the last run.
        p.prepare(dt);
      }
    }
  }

  /** Brian2 lets one summed variable set a target variable; two would overwrite each other. */
  private void checkSummedTargets(Network network) {
    for (NetworkObject o : network.objects()) {
      if (!(o instanceof Synapses other)) {
        continue;
      }
      for (SynapsesModel.Summed mine : model.summed()) {
        for (SynapsesModel.Summed theirs : other.model.summed()) {
          if (o == this && mine == theirs) {
            continue;
          }
          SpikeSource a = mine.target().pre() ? source : target;
          SpikeSource b = theirs.target().pre() ? other.source : other.target;
          int a0 = Groups.offset(a);
          int b0 = Groups.offset(b);
          if (Groups.variables(a) == Groups.variables(b)
              && mine.target().variable().name().equals(theirs.target().variable().name())
              && a0 < b0 + b.size() && b0 < a0 + a.size()) {
            throw new IllegalArgumentException("run: " + name + " and " + other.name
                + " both sum into '" + mine.target().variable().name() + "' of "
                + Groups.variables(a).name() + " (\"" + mine.line() + "\"); each would "
                + "overwrite the other's sum, so give each Synapses its own target variable");
          }
        }
      }
    }
  }

  @Override
  void afterRun(double t, double dt) {
    this.time = t;
    this.dt = dt;
  }

  @Override
  List<NetworkObject> sources() {
    return List.of(Groups.object(source), Groups.object(target));
  }

  private record State(Map<String, double[]> doubles, Map<String, boolean[]> booleans,
      int[] ipre, int[] jpost, long[] random, int[][] preQueue, int[][] postQueue,
      boolean connected, boolean seeded, boolean drewUnseeded, double time, double dt) {}

  @Override
  Object snapshot() {
    Map<String, double[]> d = new LinkedHashMap<>();
    doubles.forEach((k, v) -> d.put(k, v.clone()));
    Map<String, boolean[]> b = new LinkedHashMap<>();
    booleans.forEach((k, v) -> b.put(k, v.clone()));
    return new State(d, b, ipre.clone(), jpost.clone(), random.state(),
        prePathway == null ? null : prePathway.queue.snapshot(),
        postPathway == null ? null : postPathway.queue.snapshot(), connected, seeded,
        drewUnseeded, time, dt);
  }

  @Override
  void restore(Object snapshot) {
    State s = (State) snapshot;
    s.doubles().forEach((k, v) -> doubles.put(k, v.clone()));
    s.booleans().forEach((k, v) -> booleans.put(k, v.clone()));
    ipre = s.ipre().clone();
    jpost = s.jpost().clone();
    random.restore(s.random());
    if (prePathway != null) {
      prePathway.queue.restore(s.preQueue());
    }
    if (postPathway != null) {
      postPathway.queue.restore(s.postQueue());
    }
    connected = s.connected();
    seeded = s.seeded();
    drewUnseeded = s.drewUnseeded();
    time = s.time();
    dt = s.dt();
    bind();
  }

  @Override
  void seed(long seed) {
    random.reseed(seed);
    seeded = true;
  }

  @Override
  boolean drewUnseeded() {
    return drewUnseeded;
  }

  @Override
  public String toString() {
    return "Synapses " + name + " (" + source.name() + " -> " + target.name() + ", "
        + ipre.length + " synapses)";
  }
}
