package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.spiking.units.Quantity;
import io.liquid4j.spiking.units.Units;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Building groups: the checks and their messages, initial values, variables of every kind. */
class NeuronGroupTest {
  private static NeuronGroup.Builder lif(String equations) {
    return NeuronGroup.builder(10, equations).constant("tau", "10*ms")
        .constant("El", "-49*mV");
  }

  static Stream<Arguments> modelErrors() {
    return Stream.of(
        // The brief's example: v0 is dimensionless, v a voltage.
        Arguments.of(lif("dv/dt = (v0 - v)/tau : volt\nv0 : 1"), "equations line 1, column 9: "
            + "\"dv/dt = (v0 - v)/tau : volt\": cannot add 1 (v0) and volt (v)"),
        // Brian2's tutorial mistake: the right-hand side of dv/dt must be a rate.
        Arguments.of(lif("dv/dt = 1 - v : 1"), "equations line 1, column 9: \"dv/dt = 1 - v : "
            + "1\": the right-hand side has dimension 1, but dv/dt needs hertz (v is in 1)"),
        Arguments.of(lif("dv/dt = (El - v)/tua : volt"), "equations line 1, column 18: "
            + "\"dv/dt = (El - v)/tua : volt\": unknown identifier 'tua' (did you mean 'tau'?)"),
        Arguments.of(lif("dv/dt = -v/tau : volt\nI = g*v*v : amp\ng : siemens"),
            "equations line 2, column 5: \"I = g*v*v : amp\": the expression has dimension "
                + "watt, but I is declared in amp"),
        Arguments.of(lif("dv/dt = -v/tau : 1").threshold("v + 1"), "threshold line 1, column 1:"
            + " \"v + 1\": expected a condition (such as v > 1), found a value of dimension 1"),
        Arguments.of(lif("dv/dt = -v/tau : 1").threshold("v > Vt"), "threshold line 1, column "
            + "5: \"v > Vt\": unknown identifier 'Vt'"),
        Arguments.of(lif("dv/dt = -v/tau : volt").threshold("v > -50"), "threshold line 1, "
            + "column 1: \"v > -50\": cannot compare volt (v) and 1 (-50)"),
        Arguments.of(lif("dv/dt = -v/tau : volt").threshold("v > -50*mV and xi > 0"),
            "threshold line 1, column 1: \"v > -50*mV and xi > 0\": white noise (xi) can only "
                + "appear in differential equations"),
        Arguments.of(lif("dv/dt = -v/tau : volt").reset("v = -60"), "reset line 1, column 5: "
            + "\"v = -60\": 'v' is in volt, but the value has dimension 1"),
        Arguments.of(lif("dv/dt = -v/tau : volt").reset("v = El\nw = 0"), "reset line 2, column "
            + "1: \"w = 0\": unknown variable 'w' (the group's variables are v)"),
        Arguments.of(lif("dv/dt = -v/tau : volt\nv0 : volt (constant)").reset("v0 = El"),
            "reset line 1, column 1: \"v0 = El\": 'v0' cannot be assigned by model code (it is "
                + "(constant))"),
        Arguments.of(lif("dv/dt = -v/tau : volt").reset("v *= 2*mV"), "reset line 1, column 6: "
            + "\"v *= 2*mV\": the factor of *= must be dimensionless, but the value has "
            + "dimension volt"),
        Arguments.of(lif("dv/dt = -v/tau : volt (summed)"), "equations line 1, column 23: \"dv/dt "
            + "= -v/tau : volt (summed)\": flag 'summed' is not allowed on a differential "
            + "equation"),
        Arguments.of(lif("g : siemens (linked)"), "equations line 1, column 1: \"g : siemens "
            + "(linked)\": flag (linked) is for Synapses; a NeuronGroup cannot use it"),
        Arguments.of(NeuronGroup.builder(0, "v : 1"), "neuron group neurongroup: expected at "
            + "least 1 neuron, found 0"),
        Arguments.of(lif("v : 1").constant("v", "1"), "constant v: the equations already define "
            + "'v'"),
        Arguments.of(lif("v : 1").constant("ms", "1"), "constant ms: 'ms' is the name of a unit"),
        Arguments.of(lif("v : 1").constant("x", "3*mz"), "constant x line 1, column 3: \"3*mz\":"
            + " unknown identifier 'mz'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("modelErrors")
  void rejectsModelErrorsPointingAtTheText(NeuronGroup.Builder builder, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void setsInitialValuesFromExpressionsQuantitiesAndArrays() {
    NeuronGroup g = NeuronGroup.builder(4, """
            dv/dt = (El - v)/tau : volt
            v0 : volt
            n : integer
            b : boolean
            """).constant("tau", "10*ms").constant("El", "-49*mV").seed(3).build();
    g.set("v", "El + i*mV");
    assertArrayEquals(new double[] {-0.049, -0.048, -0.047, -0.046}, g.get("v"), 1e-15);
    g.set("v0", "v - 2*mV");                   // other variables, per neuron
    assertEquals(-0.05, g.get("v0")[1], 1e-15);
    g.set("v", Quantity.parse("-60*mV"));
    assertArrayEquals(new double[] {-0.06, -0.06, -0.06, -0.06}, g.get("v"), 0);
    g.set("v", new double[] {1, 2, 3, 4});
    assertEquals(3, g.get("v")[2]);
    g.set("n", "i*2.7");                        // integers truncate towards zero
    assertArrayEquals(new double[] {0, 2, 5, 8}, g.get("n"));
    g.set("b", "i % 2 == 0");
    assertArrayEquals(new double[] {1, 0, 1, 0}, g.get("b"));
    g.set("v", "El + rand()*mV");
    for (double v : g.get("v")) {
      assertTrue(v >= -0.049 && v < -0.048, "v = " + v);
    }
    assertEquals(Units.VOLT.dimension(), g.dimension("v0"));
  }

  @Test
  void rejectsInitialValuesWithTheWrongDimensionOrForUnknownVariables() {
    NeuronGroup g = lif("dv/dt = (El - v)/tau : volt\nI = v/ohm : amp").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.set("v", "3*i"));
    assertEquals("set v line 1, column 1: \"3*i\": 'v' is in volt, but the expression has "
        + "dimension 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> g.set("w", "0"));
    assertEquals("set w: group neurongroup has no variable 'w' (it has v, I)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> g.set("I", "0*amp"));
    assertTrue(e.getMessage().contains("'I' is a subexpression"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> g.set("v", Quantity.parse("3*ms")));
    assertEquals("set v: 'v' is in volt, found 0.003 second", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> g.set("v", new double[3]));
    assertEquals("set v: expected 10 values, found 3", e.getMessage());
  }

  @Test
  void subexpressionsAreComputedWhereUsedAndCanBeReadAndRecorded() {
    NeuronGroup g = NeuronGroup.builder(3, """
            dv/dt = I/C : volt
            I = g*(E - v) : amp
            g : siemens
            """).constant("C", "200*pF").constant("E", "0*mV").method("euler").build();
    g.set("g", "(1 + i)*nS");
    g.set("v", "-70*mV");
    assertArrayEquals(new double[] {7e-11, 1.4e-10, 2.1e-10}, g.get("I"), 1e-24);
    StateMonitor m = new StateMonitor(g, new String[] {"v", "I"}, new int[] {2});
    Network net = new Network(g, m);
    net.run("1*ms");
    double[] v = m.trace("v", 2);
    double[] current = m.trace("I", 2);
    for (int k = 0; k < v.length; k++) {
      assertEquals(3e-9 * (0 - v[k]), current[k], 1e-22);
    }
    // Euler: v ← v + dt·g·(E − v)/C.
    assertEquals(v[1], v[0] + 1e-4 * 3e-9 * (0 - v[0]) / 2e-10, 1e-15);
  }

  @Test
  void sharedVariablesHoldOneValueForTheGroup() {
    NeuronGroup g = NeuronGroup.builder(5, """
            dv/dt = (drive - v)/tau : 1
            drive : 1 (shared)
            """).constant("tau", "10*ms").method("exact").build();
    g.set("drive", "2");
    assertArrayEquals(new double[] {2}, g.get("drive"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.set("drive", "i"));
    assertTrue(e.getMessage().contains("'drive' is shared"), e.getMessage());
    new Network(g).run("10*ms");
    for (double v : g.get("v")) {
      assertEquals(2 * (1 - Math.exp(-1)), v, 1e-14);
    }
  }

  @Test
  void resetsRunInOrderWithCompoundAssignments() {
    NeuronGroup g = NeuronGroup.builder(1, """
            dv/dt = (2 - v)/tau : 1
            w : 1
            count : integer
            """)
        .threshold("v > 1").reset("v = 0\nw += 0.5\nw *= 2\ncount += 1").constant("tau", "10*ms")
        .build();
    SpikeMonitor m = new SpikeMonitor(g);
    new Network(g, m).run("100*ms");
    int spikes = m.total();
    assertTrue(spikes > 2);
    assertEquals(spikes, g.get("count")[0]);
    double w = 0;
    for (int k = 0; k < spikes; k++) {
      w = (w + 0.5) * 2;
    }
    assertEquals(w, g.get("w")[0]);
  }

  @Test
  void generatesOnePlainLoopPerPartOfTheStep() {
    NeuronGroup g = NeuronGroup.builder(100, "dv/dt = (v0 - v)/tau : 1 (unless refractory)\n"
            + "v0 : 1")
        .threshold("v > 1").reset("v = 0").refractory("5*ms").method("exact")
        .constant("tau", "10*ms").build();
    String code = g.generatedCode();
    assertEquals("exact", g.method());
    assertTrue(code.contains("for (int _i = 0; _i < 100; _i++)"), code);
    assertTrue(code.contains("final double _lio_1 = Math.exp(((-dt) / 0.01));"), code);
    assertTrue(code.contains("final double _inf_v = a_v0[_i];"), code);
    assertTrue(code.contains("(_inf_v + ((a_v[_i] - _inf_v) * _lio_1))"), code);
    // Sums are flat: Java's + and - associate to the left, as the nested form did.
    assertTrue(code.contains("final boolean _nr = ((t - a_lastspike[_i] + _lio_0) >= "
        + "_ref_boundary);"), code);
    assertTrue(code.contains("if (((a_v[_i] > 1.0) & a_not_refractory[_i]))"), code);
    assertTrue(code.contains("a_lastspike[_i] = t;"), code);
  }

  @Test
  void constantsMayUseUnitsAndEarlierConstants() {
    NeuronGroup g = NeuronGroup.builder(1, "dv/dt = (El - v)/tau2 : volt").method("exact")
        .constant("tau", "10*ms").constant("tau2", "2*tau").constant("El", Quantity.parse(
            "-49*mV")).build();
    g.set("v", "El + 10*mV");
    new Network(g).run("20*ms");
    assertEquals(-0.049 + 0.01 * Math.exp(-1), g.get("v")[0], 1e-15);
  }
}
