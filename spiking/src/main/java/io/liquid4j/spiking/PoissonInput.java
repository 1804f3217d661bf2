package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Evaluator;
import io.liquid4j.spiking.equations.Expr;
import io.liquid4j.spiking.equations.Expressions;
import io.liquid4j.spiking.equations.RandomSource;
import io.liquid4j.spiking.equations.SourceText;
import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.TypeChecker;
import io.liquid4j.spiking.equations.ValueType;
import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Independent Poisson input to a variable of every neuron of a group, as Brian2's
 * {@code PoissonInput}: each step, in the synapses part of the step, each neuron's variable
 * grows by {@code k * weight}, where k is drawn from the binomial distribution of {@code n}
 * inputs firing with probability {@code rate*dt} each. As in Brian2, k is drawn from the
 * normal approximation N(np, np(1 − p)) (not rounded) when np &gt; 5 and n(1 − p) &gt; 5, and
 * exactly (by inversion) otherwise. Far cheaper than n Poisson sources and synapses per neuron.
 *
 * <pre>{@code
 * PoissonInput background = new PoissonInput(neurons, "v", 1000, Quantity.parse("5*Hz"),
 *     "0.1*mV");                       // 1000 inputs of 5 Hz, 0.1 mV each
 * net.add(neurons, background);
 * }</pre>
 *
 * <p>The weight is an expression of the target group (its variables, {@code i}, {@code t},
 * constants and units); a constant weight is computed once per run.
 */
public final class PoissonInput extends NetworkObject {
  private final Group target;
  private final NeuronGroup owner;
  private final int from;
  private final String variable;
  private final int n;
  private final double rate;
  private final Expr weight;
  private final boolean constantWeight;
  private final RandomStream random;
  private Binomial binomial;
  private double weightValue;
  private boolean seeded;

  /**
   * @param target the neurons that receive the input (a group or a subgroup)
   * @param variable the variable that each input spike increases (a parameter or state variable
   *     of the group)
   * @param n the number of inputs per neuron
   * @param rate the rate of each input, in hertz
   * @param weight what each input spike adds, an expression in the variable's unit
   * @throws IllegalArgumentException for an unknown or unassignable variable, n below 0, a rate
   *     that is not a non-negative frequency, or a weight of the wrong dimension (quoting it)
   */
  public PoissonInput(Group target, String variable, int n, Quantity rate, String weight) {
    this.owner = Groups.owner(target);
    this.target = target;
    this.from = Groups.offset(target);
    this.variable = variable;
    Variable v = owner.variableInfo(variable);
    if (v == null || v.kind() == Variable.Kind.SUBEXPRESSION || v.readOnly() || v.isBoolean()) {
      throw new IllegalArgumentException("poisson input: expected a variable of " + owner.name()
          + " that inputs can increase (a parameter or state variable, not constant), found '"
          + variable + "' (" + String.join(", ", owner.variables()) + ")");
    }
    if (n < 0) {
      throw new IllegalArgumentException("poisson input: expected n >= 0 inputs, found " + n);
    }
    if (rate == null || !rate.dimension().equals(Dimension.TIME.power(-1))
        || !(rate.value() >= 0) || Double.isInfinite(rate.value())) {
      throw new IllegalArgumentException("poisson input: expected a rate >= 0 in hertz, found "
          + rate);
    }
    this.n = n;
    this.rate = rate.value();
    SourceText source = new SourceText("poisson input weight", weight);
    Expr e = Expressions.parse(source);
    GroupModel.rejectNoise(e, source);
    TypeChecker.Typed t = TypeChecker.check(e, owner.scope(), source);
    if (t.type() == ValueType.BOOLEAN || !t.dimension().equals(v.dimension())) {
      throw source.error(e.start(), "'" + variable + "' is in " + v.dimension()
          + ", but the weight has dimension " + t.dimension());
    }
    this.weight = owner.equations().substitute(e);
    boolean constant = !Expr.calls(this.weight, "rand") && !Expr.calls(this.weight, "randn");
    for (String name : Expr.names(this.weight)) {
      constant &= owner.scope().lookup(name).kind() == Symbol.Kind.CONSTANT;
    }
    this.constantWeight = constant;
    this.random = new RandomStream(new SplittableRandom().nextLong());
  }

  @Override
  public String name() {
    return "poissoninput to " + target.name() + "." + variable;
  }

  /**
   * The number of inputs per neuron.
   *
   * @return N, the number of independent inputs per neuron
   */
  public int n() {
    return n;
  }

  /**
   * The rate of each input.
   *
   * @return the rate, in hertz
   */
  public Quantity rate() {
    return new Quantity(rate, Dimension.TIME.power(-1));
  }

  @Override
  void beforeRun(Network network, double dt) {
    double p = rate * dt;
    if (p > 1) {
      throw new IllegalArgumentException("run: " + name() + " has rate*dt = " + p + " > 1; "
          + "lower the rate or dt");
    }
    binomial = new Binomial(n, p);
    if (constantWeight) {
      weightValue = Evaluator.evaluate(weight, name -> owner.scope().lookup(name).value(),
          null);
    }
  }

  @Override
  List<Action> actions() {
    return List.of(new Action(Slot.SYNAPSES, 0, (step, t, dt) -> apply(t)));
  }

  private void apply(double t) {
    double[] x = owner.array(variable);
    int size = target.size();
    for (int k = 0; k < size; k++) {
      double w = constantWeight ? weightValue : weightOf(from + k, k, t);
      x[from + k] += binomial.sample(random) * w;
    }
  }

  private double weightOf(int element, int index, double t) {
    return Evaluator.evaluate(weight, new Evaluator.Values() {
      @Override
      public double get(String name) {
        Symbol s = owner.scope().lookup(name);
        return switch (s.kind()) {
          case INDEX -> index;
          case TIME -> t;
          case CONSTANT -> name.equals("N") ? target.size() : s.value();
          default -> owner.value(owner.variableInfo(name), element);
        };
      }

      @Override
      public double call(String function, double[] arguments) {
        return NeuronGroup.callFunction(owner.scope().functions(), function, arguments);
      }
    }, random);
  }

  @Override
  List<NetworkObject> sources() {
    return List.of(owner);
  }

  private record State(long[] random, boolean seeded) {}

  @Override
  Object snapshot() {
    return new State(random.state(), seeded);
  }

  @Override
  void restore(Object snapshot) {
    State s = (State) snapshot;
    random.restore(s.random());
    seeded = s.seeded();
  }

  @Override
  void seed(long seed) {
    random.reseed(seed);
    seeded = true;
  }

  /**
   * Binomial(n, p) draws as Brian2 makes them: the normal approximation when np &gt; 5 and
   * n(1 − p) &gt; 5, else numpy's inversion algorithm (with its restart beyond
   * np + 10·sqrt(np(1 − p) + 1) and its use of 1 − p for p &gt; 0.5).
   */
  static final class Binomial {
    private final int n;
    private final boolean normal;
    private final double loc;
    private final double scale;
    private final boolean reverse;
    private final double p;
    private final double q;
    private final double qn;
    private final double bound;

    Binomial(int n, double p) {
      this.n = n;
      this.normal = n * p > 5 && n * (1 - p) > 5;
      this.loc = n * p;
      this.scale = Math.sqrt(n * p * (1 - p));
      this.reverse = p > 0.5;
      this.p = reverse ? 1 - p : p;
      this.q = 1 - this.p;
      this.qn = Math.exp(n * Math.log(q));
      this.bound = Math.min(n, n * this.p + 10 * Math.sqrt(n * this.p * q + 1));
    }

    double sample(RandomSource r) {
      if (normal) {
        return r.randn() * scale + loc;
      }
      if (p == 0) {
        return reverse ? n : 0;
      }
      long x = 0;
      double px = qn;
      double u = r.rand();
      while (u > px) {
        x++;
        if (x > bound) {
          x = 0;
          px = qn;
          u = r.rand();
        } else {
          u -= px;
          px = ((n - x + 1) * p * px) / (x * q);
        }
      }
      return reverse ? n - x : x;
    }
  }
}
