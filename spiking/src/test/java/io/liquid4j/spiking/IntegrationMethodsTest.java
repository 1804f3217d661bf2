package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.spiking.units.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each integration method against analytic solutions, with its order of accuracy measured by
 * halving dt; the default choice of method; and the errors of methods that do not apply.
 */
class IntegrationMethodsTest {
  /** v(T) of dv/dt = -v/tau, v(0) = 1, tau = 10 ms, T = 20 ms, at time step dt. */
  private static double decay(String method, String dt) {
    NeuronGroup g = NeuronGroup.builder(1, "dv/dt = -v/tau : 1").method(method)
        .constant("tau", "10*ms").build();
    g.set("v", "1");
    Network net = new Network(g);
    net.dt(dt);
    net.run("20*ms");
    return g.get("v")[0];
  }

  @ParameterizedTest(name = "{0}: order {1}")
  @CsvSource({"euler, 1", "rk2, 2", "rk4, 4", "heun, 1"})
  void explicitMethodsConvergeAtTheirOrderOnExponentialDecay(String method, int order) {
    double exact = Math.exp(-2);
    double coarse = Math.abs(decay(method, "1*ms") - exact);
    double fine = Math.abs(decay(method, "0.5*ms") - exact);
    double measured = Math.log(coarse / fine) / Math.log(2);
    assertEquals(order, measured, 0.15, method + ": errors " + coarse + ", " + fine);
    assertTrue(coarse < Math.pow(0.1, order) * 0.2, method + " error " + coarse);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"exact", "linear", "exponential_euler"})
  void closedFormsAreExactForLinearDecay(String method) {
    assertEquals(Math.exp(-2), decay(method, "1*ms"), 1e-15);
    assertEquals(Math.exp(-2), decay(method, "0.1*ms"), 1e-14);
  }

  @Test
  void exactIntegrationIsTheClosedFormStepByStep() {
    // v ← v0 + (v − v0)·exp(−dt/tau), the formula Brian2 generates, to the bit.
    NeuronGroup g = NeuronGroup.builder(3, "dv/dt = (v0 - v)/tau : 1\nv0 : 1").method("exact")
        .constant("tau", "10*ms").build();
    g.set("v0", "3*i/(N-1)");
    g.set("v", "0.25");
    Network net = new Network(g);
    net.run("3*ms");
    double dt = 0.1 * 0.001;      // Brian2's default 0.1*ms
    double decay = Math.exp(-dt / 0.01);
    for (int i = 0; i < 3; i++) {
      double v0 = 3.0 * i / 2;
      double v = 0.25;
      for (int step = 0; step < 30; step++) {
        v = v0 + (v - v0) * decay;
      }
      assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(g.get("v")[i]));
      assertEquals(v0 + (0.25 - v0) * Math.exp(-0.003 / 0.01), g.get("v")[i], 1e-14);
    }
  }

  /** x(T) and y(T) of the oscillator dx/dt = w·y, dy/dt = −w·x from (1, 0), w = 100/s. */
  private static double[] oscillator(String method, String dt) {
    NeuronGroup g = NeuronGroup.builder(1, """
            dx/dt = w*y : 1
            dy/dt = -w*x : 1
            """).method(method).constant("w", "100*Hz").build();
    g.set("x", "1");
    Network net = new Network(g);
    net.dt(dt);
    net.run("50*ms");
    return new double[] {g.get("x")[0], g.get("y")[0]};
  }

  @ParameterizedTest(name = "{0}: order {1}")
  @CsvSource({"euler, 1", "rk2, 2", "rk4, 4", "heun, 1", "exponential_euler, 1"})
  void explicitMethodsConvergeAtTheirOrderOnAHarmonicOscillator(String method, int order) {
    double[] coarse = oscillator(method, "1*ms");
    double[] fine = oscillator(method, "0.5*ms");
    double ec = Math.hypot(coarse[0] - Math.cos(5), coarse[1] + Math.sin(5));
    double ef = Math.hypot(fine[0] - Math.cos(5), fine[1] + Math.sin(5));
    assertEquals(order, Math.log(ec / ef) / Math.log(2), 0.2, method + ": " + ec + ", " + ef);
  }

  @Test
  void exactIntegrationSolvesCoupledSystemsWithTheMatrixExponential() {
    // Imaginary eigenvalues: sympy-based Brian2 refuses this; the numerical propagator does not.
    double[] xy = oscillator("exact", "1*ms");
    assertEquals(Math.cos(5), xy[0], 1e-13);
    assertEquals(-Math.sin(5), xy[1], 1e-13);
  }

  @Test
  void exactIntegrationOfCubasTriangularSystemMatchesItsClosedForm() {
    NeuronGroup g = NeuronGroup.builder(1, """
            dv/dt  = (ge+gi-(v-El))/taum : volt
            dge/dt = -ge/taue : volt
            dgi/dt = -gi/taui : volt
            """).method("exact").constant("taum", "20*ms").constant("taue", "5*ms")
        .constant("taui", "10*ms").constant("El", "-49*mV").build();
    g.set("v", Quantity.parse("-60*mV"));
    g.set("ge", Quantity.parse("2*mV"));
    g.set("gi", Quantity.parse("-3*mV"));
    Network net = new Network(g);
    net.run("7.3*ms");
    double t = 0.0073;
    double tm = 0.02;
    double te = 0.005;
    double ti = 0.01;
    // v' = (ge + gi - (v - El))/tm with ge = ge0·e^(−t/te), gi = gi0·e^(−t/ti).
    double ge = 0.002 * Math.exp(-t / te);
    double gi = -0.003 * Math.exp(-t / ti);
    double v = -0.049 + (-0.06 + 0.049) * Math.exp(-t / tm)
        + 0.002 * te / (te - tm) * (Math.exp(-t / te) - Math.exp(-t / tm))
        - 0.003 * ti / (ti - tm) * (Math.exp(-t / ti) - Math.exp(-t / tm));
    assertEquals(ge, g.get("ge")[0], 1e-17);
    assertEquals(gi, g.get("gi")[0], 1e-17);
    assertEquals(v, g.get("v")[0], 1e-15);
  }

  @Test
  void exponentialEulerIsExactForEquationsLinearInTheirOwnVariable() {
    // A gating variable: dm/dt = alpha·(1 − m) − beta·m with constant rates.
    NeuronGroup g = NeuronGroup.builder(1, "dm/dt = alpha*(1 - m) - beta*m : 1")
        .method("exponential_euler").constant("alpha", "200*Hz").constant("beta", "300*Hz")
        .build();
    Network net = new Network(g);
    net.run("10*ms");
    double inf = 200.0 / 500;
    assertEquals(inf * (1 - Math.exp(-500 * 0.01)), g.get("m")[0], 1e-14);
    assertTrue(g.generatedCode().contains("Math.exp("), g.generatedCode());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = ';', value = {
      "dv/dt = -v/tau : 1; exact",
      "dv/dt = -v**2/tau : 1; euler",
      "dv/dt = sin(2*pi*t*Hz)/tau : 1; euler",
      "dv/dt = -v/tau + xi/sqrt(tau) : 1; euler",
      "dv/dt = -v/tau + v*xi/sqrt(tau) : 1; heun"})
  void theDefaultIsTheFirstOfExactEulerAndHeunThatApplies(String equation, String method) {
    NeuronGroup g = NeuronGroup.builder(2, equation).constant("tau", "10*ms").build();
    assertEquals(method, g.method());
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource(delimiter = ';', value = {
      "dv/dt = -v**2/tau : 1; exact; equations line 1, column 1: \"dv/dt = -v**2/tau : 1\": "
          + "method 'exact' cannot integrate it: it is not linear: the right-hand side holds v "
          + "to the power 2",
      "dv/dt = (1 - v)/tau*sin(t/tau) : 1; exact; method 'exact' cannot integrate it: it "
          + "depends on t",
      "dv/dt = -v/tau + xi/sqrt(tau) : 1; rk4; method 'rk4' cannot integrate it: it is "
          + "stochastic (xi); use method 'euler' or 'heun'",
      "dv/dt = -v/tau + v*xi/sqrt(tau) : 1; euler; method 'euler' cannot integrate it: its noise"
          + " is multiplicative (the factor of xi depends on v); use method 'heun'",
      "dv/dt = -v*exp(v)/tau : 1; exponential_euler; method 'exponential_euler' cannot "
          + "integrate it: it is not linear in v: the right-hand side applies exp to v",
      "dv/dt = -v/tau : 1; rk5; method: expected one of exact, exponential_euler, euler, rk2, "
          + "rk4, heun (or linear), found 'rk5'",
      "dv/dt = -v/tau + w/tau : 1\\ndw/dt = -w/tau2 + v/tau2 : 1\\ntau2 : second; exact; the "
          + "coupled linear equations of v, w have a coefficient that is not a constant (tau2"})
  void methodsThatCannotIntegrateSayWhichEquationAndWhy(String equation, String method,
      String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuronGroup.builder(1, equation.replace("\\n", "\n")).method(method)
            .constant("tau", "10*ms").build());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  /**
   * Coupled equations whose coefficients differ between neurons but feed each other without a
   * cycle (v reads w, w only itself) are integrated exactly per neuron, by divided differences
   * of exp: the same values as the propagator matrices of the constant case, for distinct and
   * for equal time constants (the confluent case, t·e^(−t/τ)), with a constant input too.
   */
  @ParameterizedTest(name = "tau2 = {0}")
  @CsvSource({"3*ms", "10*ms", "10.000001*ms", "200*ms"})
  void exactIntegrationOfTriangularSystemsWithPerNeuronCoefficients(String tau2) {
    String model = """
        dv/dt = (w - v + I)/tau : 1
        dw/dt = (2 - w)/tau2 : 1
        dz/dt = (v - z)/tau3 : 1
        """;
    NeuronGroup constant = NeuronGroup.builder(1, model).method("exact")
        .constant("tau", "10*ms").constant("tau2", tau2).constant("tau3", "7*ms")
        .constant("I", 0.5).build();
    NeuronGroup perNeuron = NeuronGroup.builder(1, model + """
        tau2 : second
        tau3 : second
        I : 1
        """).method("exact").constant("tau", "10*ms").build();
    perNeuron.set("tau2", tau2);
    perNeuron.set("tau3", "7*ms");
    perNeuron.set("I", "0.5");
    for (NeuronGroup g : new NeuronGroup[] {constant, perNeuron}) {
      g.set("v", "1");
      g.set("w", "-1");
    }
    new Network(constant, perNeuron).run("30*ms");
    for (String v : new String[] {"v", "w", "z"}) {
      assertEquals(constant.get(v)[0], perNeuron.get(v)[0], 1e-12, v);
    }
    assertTrue(perNeuron.generatedCode().contains("exp_dd3")
        || perNeuron.generatedCode().contains("exprel"), perNeuron.generatedCode());
  }

  /** Ornstein–Uhlenbeck: stationary variance sigma² from Euler–Maruyama over 4000 neurons. */
  @ParameterizedTest(name = "dt = {0}")
  @CsvSource({"0.1*ms", "0.02*ms"})
  void eulerMaruyamaGivesAnOrnsteinUhlenbeckProcessItsVariance(String dt) {
    NeuronGroup g = NeuronGroup.builder(4000,
            "dv/dt = -v/tau + sigma*sqrt(2/tau)*xi : volt")
        .method("euler").constant("tau", "10*ms").constant("sigma", "2*mV").build();
    Network net = new Network(g);
    net.seed(7);
    net.dt(dt);
    net.run("100*ms");
    double[] v = g.get("v");
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double variance = 0;
    for (double x : v) {
      variance += (x - mean) * (x - mean) / (v.length - 1);
    }
    // Standard error of the variance of 4000 normal samples: 2.2 %.
    assertEquals(4e-6, variance, 0.08 * 4e-6);
    assertEquals(0, mean, 0.1 * 0.002);
  }

  /** dx = mu·x·dt + s·x∘dW (Stratonovich): E[x(T)] = exp((mu + s²/2)·T), Itô's would be e. */
  @Test
  void heunSolvesMultiplicativeNoiseInStratonovichsSense() {
    NeuronGroup g = NeuronGroup.builder(4000, "dx/dt = mu*x + s*x*xi : 1")
        .method("heun").constant("mu", "1*Hz").constant("s", "0.5*second**-0.5").build();
    g.set("x", "1");
    Network net = new Network(g);
    net.seed(11);
    net.dt("1*ms");
    net.run("1*second");
    double mean = 0;
    for (double x : g.get("x")) {
      mean += x / 4000;
    }
    assertEquals(Math.exp(1.125), mean, 0.04 * Math.exp(1.125));
  }
}
