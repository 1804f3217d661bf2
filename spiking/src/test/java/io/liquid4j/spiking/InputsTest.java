package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PoissonGroup, PoissonInput, SpikeGeneratorGroup and TimedArray. */
class InputsTest {
  private static Network seeded(long seed, NetworkObject... objects) {
    Network net = new Network();
    net.seed(seed);
    net.add(objects);
    return net;
  }

  // ------------------------------------------------------------------------------------------
  // PoissonGroup

  @Test
  void poissonGroupsFireAtTheirRates() {
    PoissonGroup constant = new PoissonGroup(1000, Quantity.parse("20*Hz"));
    double[] rates = new double[1000];
    Arrays.setAll(rates, k -> k < 500 ? 5 : 40);
    PoissonGroup perNeuron = new PoissonGroup(1000, rates);
    // Expressions are evaluated every step: 60 Hz in the first half second only.
    PoissonGroup expression = new PoissonGroup(1000, "60*Hz*(t < 0.5*second)");
    SpikeMonitor a = new SpikeMonitor(constant);
    SpikeMonitor b = new SpikeMonitor(perNeuron);
    SpikeMonitor c = new SpikeMonitor(expression);
    seeded(1, constant, perNeuron, expression, a, b, c).run("1*second");
    // Spikes of one neuron: 10 000 Bernoulli(r·dt) draws; a group's total has SD
    // sqrt(1000·10 000·r·dt·(1 − r·dt)).
    assertEquals(20000, a.total(), 4 * Math.sqrt(20000 * 0.998));
    int low = Arrays.stream(b.count()).limit(500).sum();
    int high = Arrays.stream(b.count()).skip(500).sum();
    assertEquals(2500, low, 4 * Math.sqrt(2500));
    assertEquals(20000, high, 4 * Math.sqrt(20000));
    assertEquals(30000, c.total(), 4 * Math.sqrt(30000));
    assertTrue(Arrays.stream(c.t()).allMatch(t -> t < 0.5), "no spike after 0.5 s");
    assertArrayEquals(rates, perNeuron.rates());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> expression.setRates(Quantity.parse("1*Hz")));
    assertEquals("set rates: the rates of poisson group poissongroup are an expression; build a "
        + "new group to change them", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PoissonGroup(3, "5*mV"));
    assertTrue(e.getMessage().startsWith("rates, column 9: \"rates = 5*mV : hertz\": the "
        + "expression has dimension volt"), e.getMessage());
  }

  @Test
  void poissonGroupsDriveSynapsesAndAreSeeded() {
    long[] totals = new long[3];
    for (int run = 0; run < 3; run++) {
      PoissonGroup input = new PoissonGroup(50, Quantity.parse("100*Hz"));
      NeuronGroup g = NeuronGroup.builder(1, "n : 1").build();
      Synapses s = Synapses.builder(input, g, "").onPre("n += 1").build();
      s.connect();
      SpikeMonitor m = new SpikeMonitor(input);
      seeded(run < 2 ? 5 : 6, input, g, s, m).run("200*ms");
      assertEquals(m.total(), g.get("n")[0], "every input spike arrives once");
      totals[run] = m.total();
    }
    assertEquals(totals[0], totals[1]);
    assertTrue(totals[0] != totals[2], "another seed, other spikes");
  }

  // ------------------------------------------------------------------------------------------
  // PoissonInput

  @Test
  void poissonInputAddsTheMeanInputOfItsSources() {
    // Exact binomial draws (n·p = 0.1): each neuron gets Binomial(100, 1e-3) events a step.
    NeuronGroup g = NeuronGroup.builder(1000, "v : volt\nw : volt").build();
    PoissonInput in = new PoissonInput(g, "v", 100, Quantity.parse("10*Hz"), "0.5*mV");
    // The normal approximation (n·p = 20): N(20, 20·0.999) events a step, times a weight of
    // each neuron's own.
    PoissonInput many = new PoissonInput(g, "w", 20000, Quantity.parse("10*Hz"), "i*1e-6*mV");
    seeded(2, g, in, many).run("1*second");
    double[] v = g.get("v");
    double mean = Arrays.stream(v).average().orElseThrow();
    // Per neuron: 10 000 steps · 100 · 1e-3 = 1000 events of 0.5 mV, variance ≈ 1000·(0.5 mV)².
    double sdOfMean = Math.sqrt(1000 * 0.25e-6 * (1 - 1e-3)) / Math.sqrt(1000);
    assertEquals(0.5, mean, 4 * sdOfMean);
    double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / 999;
    assertEquals(1000 * 0.25e-6, var, 0.2 * 1000 * 0.25e-6);
    for (double x : v) {
      // Whole numbers of events.
      assertEquals(Math.round(x / 0.5e-3), x / 0.5e-3, 1e-6);
    }
    double[] w = g.get("w");
    // 10 000 steps · 20 events = 200 000 events of i·1e-9 V: neuron 999 near 2e-4 V.
    assertEquals(200000 * 999e-9, w[999], 4 * Math.sqrt(10000 * 20 * 0.999) * 999e-9);
    assertEquals(0, w[0]);
  }

  @Test
  void binomialDrawsHaveTheirMoments() {
    RandomStream r = new RandomStream(3);
    for (double[] np : new double[][] {{30, 0.05}, {10, 0.7}, {1000, 0.3}}) {
      int n = (int) np[0];
      double p = np[1];
      PoissonInput.Binomial b = new PoissonInput.Binomial(n, p);
      int draws = 200000;
      double sum = 0;
      double sum2 = 0;
      for (int k = 0; k < draws; k++) {
        double x = b.sample(r);
        sum += x;
        sum2 += x * x;
      }
      double mean = sum / draws;
      double var = sum2 / draws - mean * mean;
      double expectedVar = n * p * (1 - p);
      assertEquals(n * p, mean, 5 * Math.sqrt(expectedVar / draws), "mean of " + n + ", " + p);
      assertEquals(expectedVar, var, 0.03 * expectedVar, "variance of " + n + ", " + p);
    }
  }

  @Test
  void poissonInputChecksItsArguments() {
    NeuronGroup g = NeuronGroup.builder(2, "v : volt\nc : volt (constant)").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PoissonInput(g, "v", 10, Quantity.parse("5*Hz"), "1*nA"));
    assertEquals("poisson input weight line 1, column 1: \"1*nA\": 'v' is in volt, but the "
        + "weight has dimension amp", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new PoissonInput(g, "c", 10, Quantity.parse("5*Hz"), "1*mV"));
    assertTrue(e.getMessage().startsWith("poisson input: expected a variable of neurongroup "
        + "that inputs can increase"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new PoissonInput(g, "v", 10, Quantity.parse("5*ms"), "1*mV"));
    assertEquals("poisson input: expected a rate >= 0 in hertz, found 0.005 second",
        e.getMessage());
  }

  // ------------------------------------------------------------------------------------------
  // SpikeGeneratorGroup

  @Test
  void generatedSpikesComeInTheStepHoldingTheirTime() {
    // 0.9999 ms is within a thousandth of a step below 1 ms, so it counts as step 10.
    SpikeGeneratorGroup g = new SpikeGeneratorGroup(3, new int[] {2, 0, 1, 0},
        new double[] {0.00104, 0.0009999, 0.00295, 0.002});
    SpikeMonitor m = new SpikeMonitor(g);
    Network net = new Network(g, m);
    net.run("2.5*ms");
    assertArrayEquals(new double[] {1e-3, 1e-3, 2e-3}, m.t(), 1e-15);
    assertArrayEquals(new int[] {0, 2, 0}, m.i());
    net.run("2.5*ms");
    assertArrayEquals(new double[] {1e-3, 1e-3, 2e-3, 2.9e-3}, m.t(), 1e-15);
    // New spikes for the next run; those before the current time (5 ms) are skipped.
    g.setSpikes(new int[] {1, 2}, new double[] {0.001, 0.006});
    net.run("2*ms");
    assertArrayEquals(new int[] {0, 2, 0, 1, 2}, m.i());
    assertEquals(6e-3, m.t()[4], 1e-15);
    // Repeated every 2 ms, counted from t = 0 as in Brian2: at 0.5 ms past each multiple of
    // 2 ms (7.5 ms was past at the start of the run, 7 ms).
    g.setSpikes(new int[] {0}, new double[] {0.0005}, 0.002);
    net.run("5*ms");
    assertArrayEquals(new double[] {8.5e-3, 10.5e-3},
        Arrays.copyOfRange(m.t(), 5, m.total()), 1e-12);
  }

  @Test
  void generatorsRejectSpikesTheyCannotMake() {
    SpikeGeneratorGroup twice = new SpikeGeneratorGroup("input", 2, new int[] {1, 1},
        new double[] {0.00101, 0.00109});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Network(twice).run("1*ms"));
    assertEquals("Using a dt of 1.0E-4 second, element 1 of spike generator group input spikes "
        + "more than once during a time step (at 0.00101 and 0.00109 second)", e.getMessage());
    // With a finer dt the two are in different steps.
    Network fine = new Network(twice);
    fine.dt("0.05*ms");
    fine.run("2*ms");
    e = assertThrows(IllegalArgumentException.class,
        () -> new SpikeGeneratorGroup(2, new int[] {2}, new double[] {0}));
    assertEquals("set spikes of spikegeneratorgroup: expected indices in [0, 2), found 2 at "
        + "position 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new SpikeGeneratorGroup(2, new int[] {0, 1}, new double[] {0}));
    assertEquals("set spikes of spikegeneratorgroup: expected as many indices as times, found "
        + "2 and 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new SpikeGeneratorGroup(2, new int[] {0}, new double[] {-1e-3}));
    assertEquals("set spikes of spikegeneratorgroup: expected times >= 0 seconds, found -0.001 "
        + "at position 0", e.getMessage());
  }

  @Test
  void generatorsAreRestoredWithTheirSpikes() {
    SpikeGeneratorGroup g = new SpikeGeneratorGroup(1, new int[] {0}, new double[] {0.003});
    SpikeMonitor m = new SpikeMonitor(g);
    Network net = new Network(g, m);
    net.store();
    net.run("5*ms");
    g.setSpikes(new int[] {0}, new double[] {0.001});
    net.restore();
    net.run("5*ms");
    assertArrayEquals(new double[] {0.003}, m.t(), 1e-15);
    assertArrayEquals(new int[] {0}, g.indices());
  }

  // ------------------------------------------------------------------------------------------
  // TimedArray

  @Test
  void timedArraysHoldEachValueForItsInterval() {
    TimedArray stim = TimedArray.of(new double[] {0, 0.5, 1, 0.5}, "nA", "1*ms");
    assertEquals(Dimension.CURRENT, stim.dimension());
    assertEquals(0, stim.at(-1));
    assertEquals(0, stim.at(0.0009));
    assertEquals(5e-10, stim.at(0.001), 1e-24);
    // Within a thousandth of dt below a boundary counts as on it (Brian2's timestep()).
    assertEquals(1e-9, stim.at(0.002 - 1e-10), 1e-24);
    assertEquals(5e-10, stim.at(0.0035), 1e-24);
    assertEquals(5e-10, stim.at(10), 1e-24);
    NeuronGroup g = NeuronGroup.builder(2, """
            I = stim(t) : amp
            dq/dt = stim(t) : coulomb
            """).function("stim", stim).method("euler").build();
    StateMonitor trace = new StateMonitor(g, new String[] {"I", "q"}, new int[] {0});
    new Network(g, trace).run("4*ms");
    double[] current = trace.trace("I", 0);
    assertEquals(40, current.length);
    for (int step = 0; step < 40; step++) {
      assertEquals(new double[] {0, 5e-10, 1e-9, 5e-10}[step / 10], current[step], 1e-24,
          "step " + step);
    }
    // The charge integrates it: 1 ms each of 0, 0.5, 1 and 0.5 nA.
    assertEquals(2e-12, g.get("q")[0], 1e-24);
    // Two dimensions: one column per neuron, called stim2(t, i).
    TimedArray stim2 = TimedArray.of(new double[][] {{1, 2}, {3, 4}}, "mV", "2*ms");
    NeuronGroup h = NeuronGroup.builder(2, "v = stim2(t, i) : volt").function("stim2", stim2)
        .build();
    StateMonitor hv = StateMonitor.all(h, "v");
    new Network(h, hv).run("4*ms");
    assertEquals(2e-3, hv.trace("v", 1)[19], 1e-18);
    assertEquals(3e-3, hv.trace("v", 0)[20], 1e-18);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuronGroup.builder(1, "I = stim(1*mV) : amp").function("stim", stim).build());
    assertEquals("equations line 1, column 10: \"I = stim(1*mV) : amp\": stim needs argument 1 "
        + "in second, found volt (1*mV)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NeuronGroup.builder(1, "v = stim(t) : volt").function("stim", stim).build());
    assertEquals("equations line 1, column 5: \"v = stim(t) : volt\": the expression has "
        + "dimension amp, but v is declared in volt", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NeuronGroup.builder(1, "v : 1").function("exp", stim).build());
    assertEquals("function exp: 'exp' is a built-in function", e.getMessage());
  }

  @Test
  void timedArraysDriveSynapsesAndPoissonGroups() {
    TimedArray rate = TimedArray.of(new double[] {0, 400}, "Hz", "50*ms");
    PoissonGroup p = PoissonGroup.builder(200, "r(t)").function("r", rate).build();
    SpikeMonitor m = new SpikeMonitor(p);
    seeded(9, p, m).run("100*ms");
    assertTrue(Arrays.stream(m.t()).allMatch(t -> t >= 0.05), "silent while the rate is 0");
    assertEquals(200 * 0.05 * 400, m.total(), 4 * Math.sqrt(4000));
    TimedArray gain = TimedArray.of(new double[] {1, 3}, "1", "1*ms");
    SpikeGeneratorGroup in = new SpikeGeneratorGroup(1, new int[] {0, 0},
        new double[] {0.0005, 0.0015});
    NeuronGroup g = NeuronGroup.builder(1, "v : 1").build();
    Synapses s = Synapses.builder(in, g, "").onPre("v += gain(t)").function("gain", gain)
        .build();
    s.connect();
    new Network(in, g, s).run("3*ms");
    assertEquals(4, g.get("v")[0]);
    assertFalse(s.generatedCode().isEmpty());
  }
}
