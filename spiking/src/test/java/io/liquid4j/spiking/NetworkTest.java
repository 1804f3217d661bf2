package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.spiking.units.Quantity;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs that continue, store and restore bit for bit, seeds, dt, subgroups and monitors.
 */
class NetworkTest {
  /** A noisy LIF group whose threshold and reset also draw random numbers. */
  private static NeuronGroup noisyGroup(int n) {
    return NeuronGroup.builder(n, """
            dv/dt = (v0 - v)/tau + sigma*xi/sqrt(tau) : 1 (unless refractory)
            v0 : 1
            """)
        .threshold("v > 1 or rand() < 0.001").reset("v = 0.1*rand()").refractory("2*ms")
        .constant("tau", "10*ms").constant("sigma", 0.3).build();
  }

  private record Setup(Network net, NeuronGroup g, SpikeMonitor spikes, StateMonitor trace,
      PopulationRateMonitor rate) {}

  private static Setup setup(long seed) {
    NeuronGroup g = noisyGroup(50);
    SpikeMonitor spikes = new SpikeMonitor(g);
    StateMonitor trace = StateMonitor.all(g, "v");
    PopulationRateMonitor rate = new PopulationRateMonitor(g);
    Network net = new Network();
    net.seed(seed);
    net.add(g, spikes, trace, rate);
    g.set("v0", "0.8 + 0.5*rand()");
    g.set("v", "rand()");
    return new Setup(net, g, spikes, trace, rate);
  }

  @Test
  void runsContinueWhereTheyStopped() {
    Setup one = setup(3);
    one.net().run("200*ms");
    Setup two = setup(3);
    two.net().run("120*ms");
    two.net().run("80*ms");
    assertEquals(2000, two.net().timestep());
    assertEquals(0.2, two.net().t().value(), 1e-15);
    assertArrayEquals(one.spikes().t(), two.spikes().t());
    assertArrayEquals(one.spikes().i(), two.spikes().i());
    assertArrayEquals(one.g().get("v"), two.g().get("v"));
    assertTrue(one.spikes().total() > 100, "the test needs spikes: " + one.spikes().total());
  }

  @Test
  void restoreRepeatsARunBitForBit() {
    Setup s = setup(5);
    s.net().run("50*ms");
    s.net().store();
    s.net().store("checkpoint");
    s.net().run("100*ms");
    double[] v = s.g().get("v");
    double[] times = s.spikes().t();
    int[] indices = s.spikes().i();
    double[][] trace = s.trace().values("v");
    double[] rate = s.rate().rate();
    s.net().run("30*ms");
    s.net().restore();
    assertEquals(500, s.net().timestep());
    assertEquals(500, s.trace().t().length);
    s.net().run("100*ms");
    assertArrayEquals(v, s.g().get("v"));
    assertArrayEquals(times, s.spikes().t());
    assertArrayEquals(indices, s.spikes().i());
    assertArrayEquals(rate, s.rate().rate());
    for (int k = 0; k < trace.length; k++) {
      assertArrayEquals(trace[k], s.trace().values("v")[k]);
    }
    s.net().restore("checkpoint");
    s.net().run("100*ms");
    assertArrayEquals(times, s.spikes().t());
  }

  @Test
  void restoreChecksItsName() {
    Network net = new Network();
    net.store("a");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.restore("b"));
    assertEquals("restore: nothing was stored as 'b' (stored: a)", e.getMessage());
    net.add(noisyGroup(2));
    e = assertThrows(IllegalArgumentException.class, () -> net.restore("a"));
    assertTrue(e.getMessage().contains("the network's objects changed"), e.getMessage());
  }

  static LongStream seeds() {
    return LongStream.of(1, 2, 42, 1234567);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aSeedFixesEveryRandomStream(long seed) {
    Setup a = setup(seed);
    Setup b = setup(seed);
    Setup c = setup(seed + 1);
    a.net().run("100*ms");
    b.net().run("100*ms");
    c.net().run("100*ms");
    assertArrayEquals(a.spikes().t(), b.spikes().t());
    assertArrayEquals(a.g().get("v0"), b.g().get("v0"));
    assertArrayEquals(a.g().get("v"), b.g().get("v"));
    assertFalse(Arrays.equals(a.g().get("v0"), c.g().get("v0")));
    assertFalse(Arrays.equals(a.g().get("v"), c.g().get("v")));
  }

  @Test
  void randomValuesDrawnBeforeSeedingAreReported() {
    NeuronGroup g = noisyGroup(3);
    g.set("v", "rand()");
    Network net = new Network(g);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.seed(1));
    assertTrue(e.getMessage().startsWith("seed: neurongroup already drew random numbers"),
        e.getMessage());
    // A group with its own seed is reproducible anyway.
    NeuronGroup seeded = NeuronGroup.builder(3, "v : 1").seed(9).build();
    seeded.set("v", "rand()");
    NeuronGroup again = NeuronGroup.builder(3, "v : 1").seed(9).build();
    again.set("v", "rand()");
    assertArrayEquals(seeded.get("v"), again.get("v"));
    new Network().seed(1);
  }

  @Test
  void dtCanChangeBetweenRuns() {
    NeuronGroup g = NeuronGroup.builder(1, "dv/dt = -v/tau : 1").method("exact")
        .constant("tau", "10*ms").build();
    g.set("v", "1");
    Network net = new Network(g);
    assertEquals(1e-4, net.dt().value(), 0);
    net.run("5*ms");
    net.dt("0.5*ms");
    assertEquals(10, net.timestep());
    net.run("5*ms");
    assertEquals(20, net.timestep());
    assertEquals(0.01, net.t().value(), 1e-15);
    assertEquals(Math.exp(-1), g.get("v")[0], 1e-14);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.dt("0.3*ms"));
    assertEquals("dt: the current time 0.01 second is not a whole number of steps of "
        + "3.0E-4 second", e.getMessage());
    assertTrue(e.getMessage().startsWith("dt: the current time"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} at dt {1}: {2} steps")
  @CsvSource({"1*second, 0.1*ms, 10000", "0.35*ms, 0.1*ms, 4", "0.3*ms, 0.1*ms, 3",
      "1*ms, 0.3*ms, 4", "0*ms, 0.1*ms, 0"})
  void durationsRoundToStepsAsBrian2Does(String duration, String dt, long steps) {
    Network net = new Network(NeuronGroup.builder(1, "v : 1").build());
    net.dt(dt);
    net.run(duration);
    assertEquals(steps, net.timestep());
  }

  @Test
  void rejectsBadDurationsAndMonitorsOfMissingGroups() {
    NeuronGroup g = noisyGroup(2);
    Network net = new Network(new SpikeMonitor(g));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.run("1*ms"));
    assertEquals("run: spikemonitor of neurongroup reads group neurongroup, which is not in the "
        + "network; add it too", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> net.run("1*mV"));
    assertTrue(e.getMessage().startsWith("run: expected a duration"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> net.run(Quantity.parse("-1*ms")));
    assertTrue(e.getMessage().startsWith("run: expected a duration"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> net.dt("0*ms"));
    assertTrue(e.getMessage().startsWith("dt: expected a positive time"), e.getMessage());
    NeuronGroup h = noisyGroup(2);
    Network other = new Network(h);
    e = assertThrows(IllegalArgumentException.class, () -> other.add(h));
    assertEquals("add: neurongroup is already in the network", e.getMessage());
  }

  @Test
  void subgroupsAreViewsThatCanBeSetAndMonitored() {
    NeuronGroup g = NeuronGroup.builder(10, """
            dv/dt = (v0 - v)/tau : 1 (unless refractory)
            v0 : 1
            """)
        .threshold("v > 1").reset("v = 0").refractory("5*ms").constant("tau", "10*ms").build();
    Subgroup low = g.subgroup(0, 5);
    Subgroup high = g.subgroup(5, 10);
    low.set("v0", "0.5 + 0.1*i");                 // below threshold: never fires
    high.set("v0", "2 + i/(N-1)");                // i counts from the subgroup's first neuron
    assertArrayEquals(new double[] {2, 2.25, 2.5, 2.75, 3}, high.get("v0"), 1e-15);
    assertEquals(2.25, g.get("v0")[6], 1e-15);
    Subgroup highest = high.subgroup(3, 5);
    assertEquals(8, highest.from());
    assertEquals("neurongroup[8:10]", highest.name());
    SpikeMonitor all = new SpikeMonitor(g);
    SpikeMonitor top = new SpikeMonitor(highest);
    SpikeMonitor quiet = new SpikeMonitor(low);
    PopulationRateMonitor rate = new PopulationRateMonitor(high);
    StateMonitor trace = new StateMonitor(highest, "v", 1);
    Network net = new Network(g, all, top, quiet, rate, trace);
    net.run("100*ms");
    assertEquals(0, quiet.total());
    assertArrayEquals(new int[] {all.count()[8], all.count()[9]}, top.count());
    assertTrue(Arrays.stream(top.i()).allMatch(i -> i == 0 || i == 1));
    assertArrayEquals(all.spikeTrain(9), top.spikeTrain(1));
    double spikes = Arrays.stream(rate.rate()).sum() * 5 * 1e-4;
    assertEquals(Arrays.stream(all.count()).sum(), spikes, 1e-9);
    StateMonitor whole = StateMonitor.all(g, "v");
    assertEquals(10, whole.indices().length);
    assertEquals(1000, trace.trace("v", 1).length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.subgroup(5, 11));
    assertEquals("neurongroup.subgroup: expected 0 <= from < to <= 10, found from 5, to 11",
        e.getMessage());
  }

  @Test
  void populationRateIsSpikesPerNeuronPerSecond() {
    // Every neuron fires at every step it may: once per refractory period of 10 steps.
    NeuronGroup g = NeuronGroup.builder(20, "v : 1").threshold("True").refractory("1*ms")
        .build();
    PopulationRateMonitor rate = new PopulationRateMonitor(g);
    SpikeMonitor spikes = new SpikeMonitor(g);
    new Network(g, rate, spikes).run("10*ms");
    assertEquals(100, rate.rate().length);
    assertEquals(1e4, rate.rate()[0], 1e-9);
    assertEquals(0, rate.rate()[1], 0);
    assertEquals(1e4, rate.rate()[10], 1e-9);
    assertEquals(200, spikes.total());
    assertEquals(1e-3, rate.t()[10], 1e-15);
  }
}
