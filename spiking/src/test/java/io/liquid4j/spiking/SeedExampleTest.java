package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Brian2's first tutorial (the seed example of reservoir-spiking.md §3.3): 100 uncoupled LIF
 * neurons, dv/dt = (v0 − v)/10 ms (unless refractory), v0_i = 3·i/99, threshold v > 1, reset
 * v = 0, refractory 5 ms, exact, 1 s. Brian2 2.5.1 gives 5 273 spikes, 111 for neuron 99 and 64
 * for neuron 50, on every target.
 */
class SeedExampleTest {
  private static final double DT = 0.1 * 0.001;
  private static final double TAU = 10 * 0.001;

  record Run(NeuronGroup group, SpikeMonitor spikes, StateMonitor trace) {}

  static Run run(String v0) {
    Network net = new Network();
    NeuronGroup g = NeuronGroup.builder(100, """
            dv/dt = (v0 - v) / tau : 1 (unless refractory)
            v0 : 1
            """)
        .threshold("v > 1").reset("v = 0").refractory("5*ms").method("exact")
        .constant("tau", "10*ms").constant("v0_max", 3)
        .build();
    g.set("v0", v0);
    SpikeMonitor spikes = new SpikeMonitor(g);
    StateMonitor trace = new StateMonitor(g, "v", 0, 50, 99);
    net.add(g, spikes, trace);
    net.run("1*second");
    return new Run(g, spikes, trace);
  }

  @ParameterizedTest(name = "v0 = {0}")
  @ValueSource(strings = {"3*i/(N-1)", "3*i/99", "i*v0_max/(N-1)"})
  void reproducesBrian2sSpikeCounts(String v0) {
    SpikeMonitor spikes = run(v0).spikes();
    assertEquals(5273, spikes.total());
    assertEquals(111, spikes.count()[99]);
    assertEquals(64, spikes.count()[50]);
  }

  /**
   * The reference's closed-form check: a neuron that needs k integration steps to cross the
   * threshold, k = min{k : v0·(1 − e^(−k·dt/τ)) > 1}, fires first at step k − 1 and then every
   * k + 49 steps (the refractory period of 50 steps clamps v for 49 of them).
   */
  @Test
  void everyNeuronFiresWithPeriodKPlus49Steps() {
    Run r = run("3*i/(N-1)");
    double[][] trains = r.spikes().spikeTrains();
    int total = 0;
    for (int i = 0; i < 100; i++) {
      double v0 = 3.0 * i / 99;
      int k = 1;
      while (k < 100_000 && !(v0 * (1 - Math.exp(-k * DT / TAU)) > 1)) {
        k++;
      }
      int count = 0;
      for (long step = k - 1; step < 10_000 && v0 > 1; step += k + 49) {
        assertEquals(step * DT, trains[i][count], 0, "neuron " + i + " spike " + count);
        count++;
      }
      assertEquals(count, trains[i].length, "neuron " + i);
      total += count;
    }
    assertEquals(5273, total);
  }

  @Test
  void theStateMonitorRecordsValuesBeforeEachStepsUpdate() {
    Run r = run("3*i/(N-1)");
    double[] t = r.trace().t();
    assertEquals(10_000, t.length);
    assertEquals(0, t[0]);
    assertEquals(9999 * DT, t[9999], 0);
    assertArrayEquals(new double[10_000], r.trace().trace("v", 0));
    // Neuron 99 (v0 = 3): integrate v0 + (v − v0)·e^(−dt/τ) until v > 1, then v = 0 for 50
    // records (the spike's own step and 49 refractory ones).
    double decay = Math.exp(-DT / TAU);
    double[] v99 = r.trace().trace("v", 99);
    double v = 0;
    boolean refractory = false;
    int sinceSpike = 0;
    for (int step = 0; step < 10_000; step++) {
      assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(v99[step]),
          "step " + step);
      if (refractory && ++sinceSpike >= 50) {
        refractory = false;
      }
      if (!refractory) {
        v = 3 + (v - 3) * decay;
      }
      if (!refractory && v > 1) {
        v = 0;
        refractory = true;
        sinceSpike = 0;
      }
    }
    assertEquals(r.spikes().count()[50], countCrossings(r.trace().trace("v", 50)));
  }

  /** Spikes show in a trace as a drop to 0 (the recorded value after a reset). */
  private static int countCrossings(double[] v) {
    int n = 0;
    for (int k = 1; k < v.length; k++) {
      if (v[k] == 0 && v[k - 1] > 0) {
        n++;
      }
    }
    return n;
  }
}
