package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Refractoriness as a duration, as a per-neuron expression and as a condition; with and without
 * {@code (unless refractory)}; and the variables it brings.
 */
class RefractoryTest {
  private static final double DT = 0.1 * 0.001;

  /** Steps an LIF with drive v0 and τ = 10 ms needs to cross 1 from 0. */
  private static int stepsToThreshold(double v0) {
    double decay = Math.exp(-DT / 0.01);
    double v = 0;
    int k = 0;
    while (!(v > 1)) {
      v = v0 + (v - v0) * decay;
      k++;
    }
    return k;
  }

  private static int[] spikeSteps(SpikeMonitor m, int neuron) {
    double[] t = m.spikeTrain(neuron);
    int[] steps = new int[t.length];
    for (int k = 0; k < t.length; k++) {
      steps[k] = (int) Math.round(t[k] / DT);
    }
    return steps;
  }

  @ParameterizedTest(name = "refractory {0}: {1} steps")
  @CsvSource({"2*ms, 20", "0.5*ms, 5", "5*ms, 50", "0.1*ms, 1", "0*ms, 0"})
  void aDurationClampsTheMembraneForAllButOneOfItsSteps(String refractory, int steps) {
    NeuronGroup g = NeuronGroup.builder(1, "dv/dt = (2 - v)/tau : 1 (unless refractory)")
        .threshold("v > 1").reset("v = 0").refractory(refractory).constant("tau", "10*ms")
        .build();
    SpikeMonitor m = new SpikeMonitor(g);
    new Network(g, m).run("100*ms");
    int k = stepsToThreshold(2);
    int period = k + Math.max(steps - 1, 0);
    int[] s = spikeSteps(m, 0);
    assertEquals(k - 1, s[0]);
    for (int j = 1; j < s.length; j++) {
      assertEquals(period, s[j] - s[j - 1], "interval " + j);
    }
    assertEquals((1000 - k) / period + 1, s.length);
  }

  @Test
  void anExpressionGivesEachNeuronItsOwnPeriod() {
    NeuronGroup g = NeuronGroup.builder(4, """
            dv/dt = (2 - v)/tau : 1 (unless refractory)
            ref : second (constant)
            """)
        .threshold("v > 1").reset("v = 0").refractory("ref").constant("tau", "10*ms").build();
    g.set("ref", "i*1.5*ms");
    SpikeMonitor m = new SpikeMonitor(g);
    new Network(g, m).run("100*ms");
    int k = stepsToThreshold(2);
    for (int i = 0; i < 4; i++) {
      int refSteps = (int) ((i * 1.5e-3 + 1e-3 * DT) / DT);
      int[] s = spikeSteps(m, i);
      assertEquals(k + Math.max(refSteps - 1, 0), s[1] - s[0], "neuron " + i);
    }
    assertTrue(g.generatedCode().contains("/ dt) >= "), "per-neuron periods divide");
  }

  @Test
  void aConditionKeepsNeuronsRefractoryWhileItHolds() {
    // Refractory while an adaptation variable, set to 1 by each spike, is above one half.
    NeuronGroup g = NeuronGroup.builder(1, """
            dv/dt = (3 - v)/tau : 1 (unless refractory)
            da/dt = -a/tau_a : 1
            """)
        .threshold("v > 1").reset("v = 0\na = 1").refractory("a > 0.5").method("exact")
        .constant("tau", "10*ms").constant("tau_a", "3*ms").build();
    SpikeMonitor m = new SpikeMonitor(g);
    new Network(g, m).run("100*ms");
    // The same step, written out: not_refractory first, then integration, threshold, reset.
    double dv = Math.exp(-DT / 0.01);
    double da = Math.exp(-DT / 0.003);
    double v = 0;
    double a = 0;
    StringBuilder expected = new StringBuilder();
    for (int step = 0; step < 1000; step++) {
      boolean notRefractory = !(a > 0.5);
      if (notRefractory) {
        v = 3 + (v - 3) * dv;
      }
      a = a * da;
      if (v > 1 && notRefractory) {
        expected.append(step).append(' ');
        v = 0;
        a = 1;
      }
    }
    StringBuilder actual = new StringBuilder();
    for (int s : spikeSteps(m, 0)) {
      actual.append(s).append(' ');
    }
    assertEquals(expected.toString(), actual.toString());
    assertTrue(m.total() > 10);
  }

  @Test
  void withoutTheFlagTheMembraneKeepsIntegratingButCannotSpike() {
    NeuronGroup g = NeuronGroup.builder(1, "dv/dt = (3 - v)/tau : 1")
        .threshold("v > 1").reset("v = 0").refractory("5*ms").constant("tau", "10*ms").build();
    SpikeMonitor m = new SpikeMonitor(g);
    StateMonitor trace = new StateMonitor(g, "v", 0);
    new Network(g, m, trace).run("50*ms");
    int[] s = spikeSteps(m, 0);
    int k = stepsToThreshold(3);
    assertTrue(k < 50);
    assertEquals(k - 1, s[0]);
    // v is above threshold long before the period ends, so the neuron fires as soon as it may.
    for (int j = 1; j < s.length; j++) {
      assertEquals(50, s[j] - s[j - 1]);
    }
    assertTrue(trace.trace("v", 0)[s[0] + 10] > 0, "v integrates while refractory");
  }

  @Test
  void notRefractoryAndLastspikeCanBeRecorded() {
    NeuronGroup g = NeuronGroup.builder(1, "dv/dt = (3 - v)/tau : 1 (unless refractory)")
        .threshold("v > 1").reset("v = 0").refractory("1*ms").constant("tau", "10*ms").build();
    StateMonitor trace = new StateMonitor(g, new String[] {"not_refractory", "lastspike"},
        new int[] {0});
    SpikeMonitor m = new SpikeMonitor(g);
    new Network(g, m, trace).run("20*ms");
    int first = spikeSteps(m, 0)[0];
    double[] nr = trace.trace("not_refractory", 0);
    double[] last = trace.trace("lastspike", 0);
    assertEquals(1, nr[first]);       // recorded before the step that spikes
    assertEquals(0, nr[first + 1]);   // refractory after it
    assertEquals(0, nr[first + 10]);  // still: updated at the start of the step, not yet run
    assertEquals(1, nr[first + 11]);
    assertEquals(-1e4, last[first]);
    assertEquals(first * DT, last[first + 1], 0);
  }

  @Test
  void lastspikeExistsOnlyWithARefractoryPeriod() {
    NeuronGroup plain = NeuronGroup.builder(1, "dv/dt = -v/tau : 1").threshold("v > 1")
        .constant("tau", "10*ms").build();
    assertFalse(plain.variables().contains("lastspike"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuronGroup.builder(1, "dv/dt = -v/tau : 1")
            .threshold("v > 1 and t - lastspike > 1*ms").constant("tau", "10*ms").build());
    assertTrue(e.getMessage().contains("unknown identifier 'lastspike'"), e.getMessage());
    NeuronGroup refractory = NeuronGroup.builder(2, "dv/dt = -v/tau : 1").threshold("v > 1")
        .refractory("2*ms").constant("tau", "10*ms").build();
    assertArrayEquals(new double[] {-1e4, -1e4}, refractory.get("lastspike"));
    assertArrayEquals(new double[] {1, 1}, refractory.get("not_refractory"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "5*mV; refractory line 1, column 1: \"5*mV\": expected a duration (such as 5*ms) or a "
          + "condition, found a value of dimension volt",
      "5*msec; refractory line 1, column 3: \"5*msec\": unknown identifier 'msec'",
      "v + 1; refractory line 1, column 1: \"v + 1\": expected a duration"})
  void rejectsRefractoryPeriodsThatAreNeitherDurationsNorConditions(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuronGroup.builder(1, "dv/dt = -v/tau : 1").refractory(text)
            .constant("tau", "10*ms").build());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
