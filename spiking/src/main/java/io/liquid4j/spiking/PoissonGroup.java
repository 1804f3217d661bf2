package io.liquid4j.spiking;

import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import java.util.List;

/**
 * Independent Poisson spike trains, as Brian2's {@code PoissonGroup}: in each step element k
 * spikes if {@code rand() < rates*dt}, drawn in the thresholds part of the step. The rates are
 * one value for all, one per element, or an expression evaluated every step, which may use
 * {@code t}, {@code i}, constants and TimedArrays ({@code "stim(t)"}).
 *
 * <pre>{@code
 * PoissonGroup input = new PoissonGroup(100, Quantity.parse("20*Hz"));
 * PoissonGroup ramp = PoissonGroup.builder(100, "i*Hz + 50*Hz*t/second").build();
 * Network net = new Network();
 * net.seed(1);
 * net.add(input, new SpikeMonitor(input));
 * net.run("1*second");                     // about 2000 spikes
 * }</pre>
 *
 * <p>Its random stream is seeded like a group's: by {@link Network#seed} or
 * {@link Builder#seed}.
 */
public final class PoissonGroup extends NetworkObject implements SpikeSource {
  private final NeuronGroup group;
  private final boolean expression;

  /**
   * {@code size} elements firing at {@code rate} (in Hz, e.g. {@code Quantity.parse("5*Hz")}).
   *
   * @param size the number of elements, ≥ 1
   * @param rate the rate of every element, in hertz
   */
  public PoissonGroup(int size, Quantity rate) {
    this(builder(size, rate));
  }

  /**
   * One rate per element, in Hz.
   *
   * @param size the number of elements, ≥ 1
   * @param ratesHz one rate per element, in Hz. Copied.
   */
  public PoissonGroup(int size, double[] ratesHz) {
    this(builder(size, ratesHz));
  }

  /**
   * Rates given by an expression in hertz, evaluated for each element every step.
   *
   * @param size the number of elements, ≥ 1
   * @param rates an expression in hertz, e.g. {@code "10*Hz + 5*Hz*sin(2*pi*t/second)"}
   */
  public PoissonGroup(int size, String rates) {
    this(builder(size, rates));
  }

  /**
   * A builder for rates given by an expression (constants and TimedArrays can be added).
   *
   * @param size the number of elements, ≥ 1
   * @param rates an expression in hertz
   * @return a new builder
   */
  public static Builder builder(int size, String rates) {
    return new Builder(size, rates, null, null);
  }

  private static Builder builder(int size, Quantity rate) {
    if (rate == null || !rate.dimension().equals(Dimension.TIME.power(-1))) {
      throw new IllegalArgumentException("poisson group: expected a rate in hertz, found "
          + rate);
    }
    return new Builder(size, null, rate, null);
  }

  private static Builder builder(int size, double[] ratesHz) {
    if (ratesHz == null || ratesHz.length != size) {
      throw new IllegalArgumentException("poisson group: expected " + size + " rates, found "
          + (ratesHz == null ? "null" : ratesHz.length));
    }
    return new Builder(size, null, null, ratesHz.clone());
  }

  /** The options of a Poisson group with rates given by an expression. */
  public static final class Builder {
    private final int size;
    private final String rates;
    private final Quantity rate;
    private final double[] ratesHz;
    private final Namespace namespace = new Namespace();
    private String name = "poissongroup";
    private Long seed;

    private Builder(int size, String rates, Quantity rate, double[] ratesHz) {
      this.size = size;
      this.rates = rates;
      this.rate = rate;
      this.ratesHz = ratesHz;
    }

    /**
     * A named constant the rate expression can use ({@code "10*Hz"}).
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
     * A TimedArray the rate expression can call, {@code stim(t)}.
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
     * The name messages use. Default "poissongroup".
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Seeds the group's random stream; a seeded {@link Network} reseeds it.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @return a new group
     * @throws IllegalArgumentException for a size below 1, or a rate expression that is
     *     malformed or not in hertz (quoting it)
     */
    public PoissonGroup build() {
      return new PoissonGroup(this);
    }
  }

  private PoissonGroup(Builder b) {
    this.expression = b.rates != null;
    if (expression && b.rates.contains("\n")) {
      throw new IllegalArgumentException("poisson group " + b.name + ": expected the rates as "
          + "one expression, found several lines");
    }
    String equations = expression ? "rates = " + b.rates + " : hertz" : "rates : hertz";
    NeuronGroup.Builder g = NeuronGroup.builder(b.size, equations)
        .threshold("rand() < rates*dt").name(b.name);
    b.namespace.constants().forEach((k, v) -> g.constant(k, (String) v));
    b.namespace.functions().forEach(g::function);
    if (b.seed != null) {
      g.seed(b.seed);
    }
    try {
      this.group = g.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("neuron group " + b.name,
          "poisson group " + b.name).replace("equations line 1, column ", "rates, column "), e);
    }
    if (b.rate != null) {
      group.set("rates", b.rate);
    } else if (b.ratesHz != null) {
      group.set("rates", b.ratesHz);
    }
  }

  /** The inner group that does the work. */
  NeuronGroup group() {
    return group;
  }

  @Override
  public int size() {
    return group.size();
  }

  @Override
  public String name() {
    return group.name();
  }

  /**
   * The current rates in Hz, one per element.
   *
   * @return a new array of the rates, in Hz
   */
  public double[] rates() {
    return group.get("rates");
  }

  /**
   * Sets the rates of a group made with constant rates: one value for all, or one per element
   * (Hz).
   *
   * @param rate one rate for every element, in hertz
   * @throws IllegalArgumentException if the rates are an expression, or the values do not fit
   */
  public void setRates(Quantity rate) {
    requireSettable();
    group.set("rates", rate);
  }

  /**
   * Sets one rate per element, in Hz; see {@link #setRates(Quantity)}.
   *
   * @param ratesHz one rate per element, in Hz. Copied.
   */
  public void setRates(double[] ratesHz) {
    requireSettable();
    group.set("rates", ratesHz);
  }

  private void requireSettable() {
    if (expression) {
      throw new IllegalArgumentException("set rates: the rates of poisson group " + name()
          + " are an expression; build a new group to change them");
    }
  }

  @Override
  List<Action> actions() {
    return group.actions();
  }

  @Override
  void beforeRun(Network network, double dt) {
    group.beforeRun(network, dt);
  }

  @Override
  void afterRun(double t, double dt) {
    group.afterRun(t, dt);
  }

  @Override
  Object snapshot() {
    return group.snapshot();
  }

  @Override
  void restore(Object snapshot) {
    group.restore(snapshot);
  }

  @Override
  void seed(long seed) {
    group.seed(seed);
  }

  @Override
  boolean drewUnseeded() {
    return group.drewUnseeded();
  }

  @Override
  public String toString() {
    return "PoissonGroup " + name() + " (" + size() + ")";
  }
}
