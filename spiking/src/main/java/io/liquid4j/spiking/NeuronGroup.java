package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Equations;
import io.liquid4j.spiking.equations.Evaluator;
import io.liquid4j.spiking.equations.Expr;
import io.liquid4j.spiking.equations.Expressions;
import io.liquid4j.spiking.equations.KernelCompiler;
import io.liquid4j.spiking.equations.Limits;
import io.liquid4j.spiking.equations.SourceText;
import io.liquid4j.spiking.equations.StateUpdate;
import io.liquid4j.spiking.equations.StateUpdaters;
import io.liquid4j.spiking.equations.Statements;
import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.TypeChecker;
import io.liquid4j.spiking.equations.ValueType;
import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A group of neurons defined by equations, as Brian2's {@code NeuronGroup}: differential
 * equations, parameters and subexpressions with units, a threshold condition, reset statements
 * and a refractory period. Everything is checked when the group is built (unknown names,
 * dimensions, the integration method), and the group's step is generated as one Java class and
 * compiled with Janino.
 *
 * <p>Brian2's first tutorial, whose spike counts this reproduces exactly (5 273 in all, 111 for
 * neuron 99, 64 for neuron 50):
 *
 * <pre>{@code
 * Network net = new Network();                                  // dt = 0.1 ms
 * NeuronGroup g = NeuronGroup.builder(100, """
 *         dv/dt = (v0 - v) / tau : 1 (unless refractory)
 *         v0 : 1
 *         """)
 *     .threshold("v > 1").reset("v = 0").refractory("5*ms").method("exact")
 *     .constant("tau", "10*ms")
 *     .build();
 * g.set("v0", "3*i/(N-1)");
 * SpikeMonitor spikes = new SpikeMonitor(g);
 * net.add(g, spikes);
 * net.run("1*second");
 * int total = spikes.total();                                   // 5273
 * }</pre>
 *
 * <p>Each step runs, in order: the state update (first {@code not_refractory}, true once
 * {@code timestep(t - lastspike, dt) >= timestep(refractory, dt)}; then integration, variables
 * flagged {@code (unless refractory)} only where not refractory), threshold detection
 * ({@code condition and not_refractory}; a spike sets {@code lastspike = t} and makes the neuron
 * refractory), synapses (later), then the reset of the neurons that spiked.
 *
 * <p>The refractory period may be a duration ({@code "5*ms"}), an expression giving each neuron
 * its own ({@code "ref"} with a parameter {@code ref : second}), or a condition under which a
 * neuron is refractory ({@code "v > -40*mV"}). {@code lastspike} and {@code not_refractory} exist
 * only in groups with a refractory period, as in Brian2.
 */
public final class NeuronGroup extends NetworkObject implements Group {
  /** Brian2's default time step, 0.1*ms. */
  static final double DEFAULT_DT = Quantity.parse("0.1*ms").value();

  private final String name;
  private final int size;
  private final Equations equations;
  private final Map<String, Variable> variables;
  private final Map<String, double[]> doubles = new LinkedHashMap<>();
  private final Map<String, boolean[]> booleans = new LinkedHashMap<>();
  private final GroupScope scope;
  private final StateUpdate update;
  private final double[] prepared;
  private final GroupKernel kernel;
  private final String code;
  private final boolean hasThreshold;
  private final boolean hasReset;
  private final boolean hasRefractory;
  private final boolean canFuseThreshold;
  /** Whether runs test the threshold inside the update loop; decided before each run. */
  private boolean fusedThreshold;
  /** False to run the separate threshold pass always: the reference the fused loop is tested on. */
  private boolean fuseThreshold = true;
  private final RandomStream random;
  private final SpikeBuffer spikes;
  private boolean seeded;
  private boolean drewUnseeded;
  private double time;
  private double dt = DEFAULT_DT;

  /**
   * A builder for {@code size} neurons following {@code equations} (Brian2's syntax, one equation
   * per line; see {@link Equations}).
   *
   * @param size the number of neurons, ≥ 1
   * @param equations the model
   * @return a new builder
   */
  public static Builder builder(int size, String equations) {
    return new Builder(size, equations);
  }

  /** The options of a neuron group, Brian2's keyword arguments. */
  public static final class Builder {
    private final int size;
    private final String equations;
    private String threshold;
    private String reset;
    private String refractory;
    private String method;
    private String name = "neurongroup";
    private Long seed;
    private final Namespace namespace = new Namespace();

    private Builder(int size, String equations) {
      this.size = size;
      this.equations = equations;
    }

    /**
     * The spiking condition, e.g. {@code "v > -50*mV"}.
     *
     * @param condition a condition on the neuron's variables
     * @return this builder
     */
    public Builder threshold(String condition) {
      this.threshold = condition;
      return this;
    }

    /**
     * Statements run for each neuron that spiked, e.g. {@code "v = Vr"}; one per line.
     *
     * @param statements the statements, one per line
     * @return this builder
     */
    public Builder reset(String statements) {
      this.reset = statements;
      return this;
    }

    /**
     * The refractory period: a duration ({@code "5*ms"}), an expression of each neuron's own
     * duration ({@code "ref"}), or a condition under which neurons are refractory.
     *
     * @param refractory a time, a time expression or a condition
     * @return this builder
     */
    public Builder refractory(String refractory) {
      this.refractory = refractory;
      return this;
    }

    /**
     * A refractory period of {@code duration}.
     *
     * @param duration a time ≥ 0
     * @return this builder
     */
    public Builder refractory(Quantity duration) {
      if (!duration.dimension().equals(Dimension.TIME)) {
        throw new IllegalArgumentException("refractory: expected a duration (second), found "
            + duration);
      }
      this.refractory = Double.toString(duration.value()) + "*second";
      return this;
    }

    /**
     * The integration method: exact (alias linear), exponential_euler, euler, rk2, rk4 or heun;
     * by default the first of exact, euler and heun that applies.
     *
     * @param method a method's name
     * @return this builder
     */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /**
     * A named value the equations, threshold, reset and refractory period can use, given as a
     * constant expression that may use units and earlier constants ({@code "10*ms"},
     * {@code "-70*mV"}, {@code "2*tau"}).
     *
     * @param name the constant's name
     * @param expression a constant expression
     * @return this builder
     */
    public Builder constant(String name, String expression) {
      namespace.constant(name, expression);
      return this;
    }

    /**
     * A named value.
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
     * A named dimensionless value.
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
     * A TimedArray the equations, threshold and reset can call by {@code name}:
     * {@code stim(t)}, or {@code stim(t, i)} for one with a column per neuron.
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
     * The group's name, used in messages. Default "neurongroup".
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
     * Seeds the group's random stream (rand() in initial values, thresholds and resets, white
     * noise). A seeded {@link Network} reseeds it for runs; without either the stream starts
     * from an arbitrary seed.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Checks the model and compiles its code.
     *
     * @return a new group
     * @throws IllegalArgumentException naming the offending text (line, column, the text quoted)
     *     for malformed equations, unknown identifiers, dimension mismatches, a threshold that is
     *     not a condition, an invalid reset or refractory period, or an integration method that
     *     cannot integrate the equations
     */
    public NeuronGroup build() {
      return Limits.guard("neuron group " + name, () -> new NeuronGroup(this));
    }
  }

  private NeuronGroup(Builder b) {
    if (b.size < 1) {
      throw new IllegalArgumentException("neuron group " + b.name + ": expected at least 1 "
          + "neuron, found " + b.size);
    }
    this.name = b.name;
    this.size = b.size;
    GroupModel model = new GroupModel(b.size, b.equations, b.threshold, b.reset, b.refractory,
        b.method, b.namespace.constants(), Map.copyOf(b.namespace.functions()));
    this.equations = model.equations();
    this.variables = model.variables();
    this.scope = model.scope();
    this.update = model.update();
    this.hasThreshold = model.threshold() != null;
    this.hasReset = !model.reset().isEmpty();
    this.hasRefractory = model.refractory() != null;
    int preparedCount = update.prepared().values(DEFAULT_DT).length;
    this.prepared = new double[preparedCount];

    List<Variable> doubleVars = new ArrayList<>();
    List<Variable> booleanVars = new ArrayList<>();
    List<Variable> subexpressions = new ArrayList<>();
    for (Variable v : variables.values()) {
      int length = v.shared() ? 1 : size;
      if (!v.stored()) {
        subexpressions.add(v);
      } else if (v.isBoolean()) {
        booleans.put(v.name(), new boolean[length]);
        booleanVars.add(v);
      } else {
        doubles.put(v.name(), new double[length]);
        doubleVars.add(v);
      }
    }
    if (hasRefractory) {
      Arrays.fill(doubles.get("lastspike"), -1e4);
      Arrays.fill(booleans.get(StateUpdaters.NOT_REFRACTORY), true);
    }
    this.spikes = new SpikeBuffer(size);
    this.seeded = b.seed != null;
    this.random = new RandomStream(b.seed != null ? b.seed : new SplittableRandom().nextLong());

    NeuronGroupCode.Model codeModel = new NeuronGroupCode.Model(name, size, doubleVars,
        booleanVars, scope, update.statements(), preparedCount, model.refractory(),
        model.refractoryIsCondition(), model.threshold(), model.reset(), subexpressions,
        List.copyOf(b.namespace.functions().keySet()));
    this.canFuseThreshold = NeuronGroupCode.canFuseThreshold(codeModel);
    this.code = NeuronGroupCode.generate(codeModel);
    this.kernel = KernelCompiler.compile("NeuronGroup_" + name.replaceAll("[^A-Za-z0-9_]", "_"),
        code, GroupKernel.class);
    kernel.bind(doubles.values().toArray(new double[0][]),
        booleans.values().toArray(new boolean[0][]), random, prepared,
        b.namespace.functions().values().toArray());
  }

  static void checkRange(String what, int from, int to, int size) {
    if (from < 0 || to > size || from >= to) {
      throw new IllegalArgumentException(what + ": expected 0 <= from < to <= " + size
          + ", found from " + from + ", to " + to);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Group

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * The equations, as parsed.
   *
   * @return the equations
   */
  public Equations equations() {
    return equations;
  }

  /**
   * The integration method in use (the default's choice, when none was named).
   *
   * @return the method's name, e.g. {@code "exact"}
   */
  public String method() {
    return update.method();
  }

  /**
   * The Java source generated for this group, as compiled.
   *
   * @return the generated Java source
   */
  public String generatedCode() {
    return code;
  }

  @Override
  public Set<String> variables() {
    return Collections.unmodifiableSet(variables.keySet());
  }

  @Override
  public Dimension dimension(String variable) {
    return variable(variable, "dimension").dimension();
  }

  @Override
  public Subgroup subgroup(int from, int to) {
    checkRange(name + ".subgroup", from, to, size);
    return new Subgroup(this, from, to);
  }

  @Override
  public void set(String variable, String expression) {
    setRange(variable, expression, 0, size);
  }

  @Override
  public void set(String variable, Quantity value) {
    setRange(variable, value, 0, size);
  }

  @Override
  public void set(String variable, double[] values) {
    setRange(variable, values, 0, size);
  }

  @Override
  public double[] get(String variable) {
    return getRange(variable, 0, size);
  }

  private Variable variable(String variable, String action) {
    Variable v = variables.get(variable);
    if (v == null) {
      throw new IllegalArgumentException(action + " " + variable + ": group " + name
          + " has no variable '" + variable + "' (it has " + String.join(", ",
          variables.keySet()) + ")");
    }
    return v;
  }

  private Variable settable(String variable) {
    Variable v = variable(variable, "set");
    if (v.kind() == Variable.Kind.SUBEXPRESSION) {
      throw new IllegalArgumentException("set " + variable + ": '" + variable + "' is a "
          + "subexpression of group " + name + "; set the variables it depends on");
    }
    return v;
  }

  void setRange(String variable, String expression, int from, int to) {
    Limits.guard("set " + variable, () -> {
      setRangeUnguarded(variable, expression, from, to);
      return null;
    });
  }

  private void setRangeUnguarded(String variable, String expression, int from, int to) {
    Variable v = settable(variable);
    SourceText source = new SourceText("set " + variable, expression);
    Expr e = Expressions.parse(source);
    TypeChecker.Typed t = TypeChecker.check(e, scope, source);
    if (v.isBoolean() != (t.type() == ValueType.BOOLEAN)) {
      throw source.error(e.start(), v.isBoolean() ? "'" + variable + "' is boolean; expected a "
          + "condition" : "expected a value for '" + variable + "', found a condition");
    }
    if (!t.dimension().equals(v.dimension())) {
      throw source.error(e.start(), "'" + variable + "' is in " + v.dimension()
          + ", but the expression has dimension " + t.dimension());
    }
    Expr expr = equations.substitute(e);
    boolean perNeuron = false;
    for (String n : Expr.names(expr)) {
      Symbol s = scope.lookup(n);
      perNeuron |= s.kind() == Symbol.Kind.VARIABLE || s.kind() == Symbol.Kind.INDEX;
    }
    if (v.shared() && perNeuron) {
      throw source.error(e.start(), "'" + variable + "' is shared (one value for the group); "
          + "the expression cannot depend on single neurons");
    }
    if (!seeded && (Expr.calls(expr, "rand") || Expr.calls(expr, "randn"))) {
      drewUnseeded = true;
    }
    int count = to - from;
    for (int k = v.shared() ? 0 : from; k < (v.shared() ? 1 : to); k++) {
      int element = k;
      double value = Evaluator.evaluate(expr, new Evaluator.Values() {
        @Override
        public double get(String n) {
          return valueOf(n, element, from, count);
        }

        @Override
        public double call(String function, double[] arguments) {
          return callFunction(scope.functions(), function, arguments);
        }
      }, random);
      store(v, element, value);
    }
  }

  /** A TimedArray of {@code functions} called with {@code arguments}, as generated code does. */
  static double callFunction(Map<String, TimedArray> functions, String function,
      double[] arguments) {
    TimedArray f = functions.get(function);
    if (f == null) {
      throw new IllegalStateException("no function " + function);
    }
    return arguments.length == 1 ? f.at(arguments[0]) : f.at(arguments[0], arguments[1]);
  }

  /** The value of identifier {@code n} for neuron {@code element} of range [from, from+count). */
  private double valueOf(String n, int element, int from, int count) {
    Symbol s = scope.lookup(n);
    return switch (s.kind()) {
      case VARIABLE, SHARED -> {
        int at = s.kind() == Symbol.Kind.SHARED ? 0 : element;
        double[] d = doubles.get(n);
        yield d != null ? d[at] : (booleans.get(n)[at] ? 1 : 0);
      }
      case INDEX -> element - from;
      case CONSTANT -> n.equals("N") ? count : s.value();
      case TIME -> time;
      case TIMESTEP -> dt;
      case SUBEXPRESSION, NOISE -> throw new IllegalStateException("unexpected " + n);
    };
  }

  private void store(Variable v, int element, double value) {
    if (v.isBoolean()) {
      booleans.get(v.name())[element] = value != 0;
    } else {
      doubles.get(v.name())[element] = v.type() == ValueType.INTEGER
          ? io.liquid4j.spiking.equations.Functions.toInt(value) : value;
    }
  }

  void setRange(String variable, Quantity value, int from, int to) {
    Variable v = settable(variable);
    if (!value.dimension().equals(v.dimension())) {
      throw new IllegalArgumentException("set " + variable + ": '" + variable + "' is in "
          + v.dimension() + ", found " + value);
    }
    for (int k = v.shared() ? 0 : from; k < (v.shared() ? 1 : to); k++) {
      store(v, k, value.value());
    }
  }

  void setRange(String variable, double[] values, int from, int to) {
    Variable v = settable(variable);
    int expected = v.shared() ? 1 : to - from;
    if (values == null || values.length != expected) {
      throw new IllegalArgumentException("set " + variable + ": expected " + expected
          + " value" + (expected == 1 ? "" : "s") + ", found "
          + (values == null ? "null" : values.length));
    }
    for (int k = 0; k < expected; k++) {
      store(v, (v.shared() ? 0 : from) + k, values[k]);
    }
  }

  double[] getRange(String variable, int from, int to) {
    Variable v = variable(variable, "get");
    double[] out = new double[v.shared() ? 1 : to - from];
    for (int k = 0; k < out.length; k++) {
      out[k] = value(v, v.shared() ? 0 : from + k);
    }
    return out;
  }

  /** One neuron's value of a variable, subexpressions computed. */
  double value(Variable v, int element) {
    if (v.kind() == Variable.Kind.SUBEXPRESSION) {
      return kernel.subexpression(v.index(), element, time, dt);
    }
    if (v.isBoolean()) {
      return booleans.get(v.name())[v.shared() ? 0 : element] ? 1 : 0;
    }
    return doubles.get(v.name())[v.shared() ? 0 : element];
  }

  // ------------------------------------------------------------------------------------------
  // For monitors and, later, synapses

  /** Reads one neuron's value of a variable at time t. */
  @FunctionalInterface
  interface Reader {
    double read(int element, double t, double dt);
  }

  /** A reader of variable {@code name} that looks nothing up per call. */
  Reader reader(String name) {
    Variable v = variable(name, "record");
    if (v.kind() == Variable.Kind.SUBEXPRESSION) {
      int index = v.index();
      return (element, t, dt) -> kernel.subexpression(index, element, t, dt);
    }
    if (v.isBoolean()) {
      boolean[] b = booleans.get(name);
      return v.shared() ? (element, t, dt) -> b[0] ? 1 : 0 : (element, t, dt) -> b[element] ? 1 : 0;
    }
    double[] d = doubles.get(name);
    return v.shared() ? (element, t, dt) -> d[0] : (element, t, dt) -> d[element];
  }

  /** The variable called {@code name}, or null. */
  Variable variableInfo(String name) {
    return variables.get(name);
  }

  /** The array of a stored float or integer variable (not a copy). */
  double[] array(String name) {
    return doubles.get(name);
  }

  /** The array of a stored boolean variable (not a copy). */
  boolean[] booleanArray(String name) {
    return booleans.get(name);
  }

  /** The names the group's code can use. */
  GroupScope scope() {
    return scope;
  }

  /** The neurons that spiked in the current step, in increasing order. */
  SpikeBuffer spikeBuffer() {
    return spikes;
  }

  RandomStream random() {
    return random;
  }

  double time() {
    return time;
  }

  // ------------------------------------------------------------------------------------------
  // Running

  @Override
  List<Action> actions() {
    List<Action> out = new ArrayList<>();
    if (fusedThreshold) {
      // Spikes found in the groups slot: nothing between it and the thresholds slot reads them.
      out.add(new Action(Slot.GROUPS, 0,
          (step, t, dt) -> spikes.count = kernel.updateAndThreshold(t, dt, spikes.indices)));
    } else {
      out.add(new Action(Slot.GROUPS, 0, (step, t, dt) -> kernel.update(t, dt)));
    }
    if (hasThreshold && !fusedThreshold) {
      out.add(new Action(Slot.THRESHOLDS, 0,
          (step, t, dt) -> spikes.count = kernel.threshold(t, dt, spikes.indices)));
    }
    if (hasReset) {
      out.add(new Action(Slot.RESETS, 0, (step, t, dt) -> {
        if (spikes.count > 0) {
          kernel.reset(spikes.indices, spikes.count, t, dt);
        }
      }));
    }
    return out;
  }

  @Override
  void beforeRun(Network network, double dt) {
    this.fusedThreshold = fuseThreshold && canFuseThreshold && !readInGroupsSlot(network);
    this.dt = dt;
    double[] values = update.prepared().values(dt);
    System.arraycopy(values, 0, prepared, 0, values.length);
  }

  @Override
  void afterRun(double t, double dt) {
    this.time = t;
    this.dt = dt;
  }

  /**
   * True if an object that runs after this group's update in the groups slot may read what the
   * threshold writes (lastspike, not_refractory), so that testing the threshold early would
   * change what it reads: a synapses' clock-driven update on this group.
   */
  private boolean readInGroupsSlot(Network network) {
    if (!hasRefractory) {
      return false;
    }
    for (NetworkObject o : network.objects()) {
      if (o instanceof Synapses s && s.updatesEachStepOn(this)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Chooses between the fused update-and-threshold loop (the default, where it is safe) and the
   * separate threshold pass, for the next runs; for tests that compare the two.
   */
  void fuseThreshold(boolean fuse) {
    this.fuseThreshold = fuse;
  }

  /** Whether the last run tested the threshold inside the update loop. */
  boolean fusedThreshold() {
    return fusedThreshold;
  }

  private record State(Map<String, double[]> doubles, Map<String, boolean[]> booleans,
      long[] random, int[] spikes, double time, double dt, boolean seeded,
      boolean drewUnseeded) {}

  @Override
  Object snapshot() {
    Map<String, double[]> d = new LinkedHashMap<>();
    doubles.forEach((k, v) -> d.put(k, v.clone()));
    Map<String, boolean[]> b = new LinkedHashMap<>();
    booleans.forEach((k, v) -> b.put(k, v.clone()));
    return new State(d, b, random.state(), spikes.snapshot(), time, dt, seeded, drewUnseeded);
  }

  @Override
  void restore(Object snapshot) {
    State s = (State) snapshot;
    // Copied into the existing arrays: the compiled kernel holds references to them.
    s.doubles().forEach((k, v) -> System.arraycopy(v, 0, doubles.get(k), 0, v.length));
    s.booleans().forEach((k, v) -> System.arraycopy(v, 0, booleans.get(k), 0, v.length));
    random.restore(s.random());
    spikes.restore(s.spikes());
    time = s.time();
    dt = s.dt();
    seeded = s.seeded();
    drewUnseeded = s.drewUnseeded();
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

  /** Names of the stored variables, for tests and messages. */
  Set<String> storedVariables() {
    Set<String> out = new LinkedHashSet<>(doubles.keySet());
    out.addAll(booleans.keySet());
    return out;
  }

  @Override
  public String toString() {
    return "NeuronGroup " + name + " (" + size + " neurons, method " + method() + ")";
  }
}
