package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The threshold tested inside the update loop (one pass over the neurons) against the separate
 * threshold pass after the whole update, which stays as the reference: the same spikes, in the
 * same order and steps, and the same bits in every variable, on seeded networks.
 */
class FusedThresholdTest {
  /** A network built around one group, for a given seed. */
  private record Built(Network net, NeuronGroup g, SpikeMonitor spikes) {}

  /** CUBA at a tenth of the size: exact integration, refractoriness, two synapse types. */
  private static Built cuba(long seed) {
    Network net = new Network();
    net.seed(seed);
    NeuronGroup p = NeuronGroup.builder(400, """
            dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
            dge/dt = -ge/taue : volt
            dgi/dt = -gi/taui : volt
            """)
        .threshold("v>Vt").reset("v = Vr").refractory("5*ms").method("exact")
        .constant("taum", "20*ms").constant("taue", "5*ms").constant("taui", "10*ms")
        .constant("Vt", "-50*mV").constant("Vr", "-60*mV").constant("El", "-49*mV")
        .name("P").build();
    Synapses ce = Synapses.builder(p, p, "").onPre("ge += we")
        .constant("we", "(60*0.27/10)*mV").build();
    Synapses ci = Synapses.builder(p, p, "").onPre("gi += wi")
        .constant("wi", "(-20*4.5/10)*mV").build();
    SpikeMonitor s = new SpikeMonitor(p);
    net.add(p, ce, ci, s);
    ce.connect("i<320", 0.2);
    ci.connect("i>=320", 0.2);
    p.set("v", "Vr + rand() * (Vt - Vr)");
    return new Built(net, p, s);
  }

  /** White noise in the update (its draws must not move), a refractory period per neuron. */
  private static Built noisy(long seed) {
    Network net = new Network();
    net.seed(seed);
    NeuronGroup g = NeuronGroup.builder(200, """
            dv/dt = (v0 - v)/tau + sigma*xi/sqrt(tau) : 1 (unless refractory)
            v0 : 1
            ref : second
            """)
        .threshold("v > 1").reset("v = 0.2").refractory("ref").method("euler")
        .constant("tau", "10*ms").constant("sigma", 0.4).build();
    SpikeMonitor s = new SpikeMonitor(g);
    net.add(g, s);
    g.set("v0", "0.8 + 0.6*rand()");
    g.set("v", "rand()");
    g.set("ref", "(1 + 4*rand())*ms");
    return new Built(net, g, s);
  }

  /**
   * A threshold on several variables, the index, t and not_refractory, with a refractory
   * condition on an adaptation variable.
   */
  private static Built severalVariables(long seed) {
    Network net = new Network();
    net.seed(seed);
    NeuronGroup g = NeuronGroup.builder(300, """
            dv/dt = (v0 - v + w)/tau : 1 (unless refractory)
            dw/dt = -w/tau_w : 1
            da/dt = -a/tau_a : 1
            v0 : 1
            """)
        .threshold("(v > 1 and a < 0.9) or (w > 0.3 + 0.001*i and t > 5*ms and not_refractory)")
        .reset("v = 0\nw += 0.1\na = 1").refractory("a > 0.5").method("exact")
        .constant("tau", "10*ms").constant("tau_w", "50*ms").constant("tau_a", "3*ms").build();
    Synapses s = Synapses.builder(g, g, "").onPre("w += 0.05").build();
    SpikeMonitor m = new SpikeMonitor(g);
    net.add(g, s, m);
    s.connect("i != j", 0.05);
    g.set("v0", "0.7 + 0.7*rand()");
    g.set("v", "rand()");
    return new Built(net, g, m);
  }

  /** No refractory period: the threshold alone, over a TimedArray-free drive. */
  private static Built noRefractory(long seed) {
    Network net = new Network();
    net.seed(seed);
    NeuronGroup g = NeuronGroup.builder(150, """
            dv/dt = (v0 - v)/tau : 1
            v0 : 1
            """)
        .threshold("v > 1").reset("v = 0").method("exact").constant("tau", "10*ms").build();
    SpikeMonitor m = new SpikeMonitor(g);
    net.add(g, m);
    g.set("v0", "0.9 + 0.5*rand()");
    g.set("v", "rand()");
    return new Built(net, g, m);
  }

  /**
   * Refractoriness that alone stops spikes: v is integrated while refractory and the reset
   * leaves it above the threshold.
   */
  private static Built refractoryAboveThreshold(long seed) {
    Network net = new Network();
    net.seed(seed);
    NeuronGroup g = NeuronGroup.builder(100, """
            dv/dt = (v0 - v)/tau : 1
            v0 : 1
            """)
        .threshold("v > 1").reset("v -= 0.02").refractory("3*ms").method("exact")
        .constant("tau", "10*ms").build();
    SpikeMonitor m = new SpikeMonitor(g);
    net.add(g, m);
    g.set("v0", "0.95 + 0.2*rand()");
    g.set("v", "rand()");
    return new Built(net, g, m);
  }

  static Stream<Arguments> networks() {
    Stream.Builder<Arguments> out = Stream.builder();
    for (long seed : new long[] {1, 2, 3}) {
      out.add(Arguments.of("cuba", (Function<Long, Built>) FusedThresholdTest::cuba, seed));
      out.add(Arguments.of("noisy", (Function<Long, Built>) FusedThresholdTest::noisy, seed));
      out.add(Arguments.of("several variables",
          (Function<Long, Built>) FusedThresholdTest::severalVariables, seed));
      out.add(Arguments.of("no refractory",
          (Function<Long, Built>) FusedThresholdTest::noRefractory, seed));
      out.add(Arguments.of("refractory above threshold",
          (Function<Long, Built>) FusedThresholdTest::refractoryAboveThreshold, seed));
    }
    return out.build();
  }

  @ParameterizedTest(name = "{0}, seed {2}")
  @MethodSource("networks")
  void fusedLoopGivesTheSeparatePassesSpikesAndStates(String name, Function<Long, Built> build,
      long seed) {
    Built separate = build.apply(seed);
    separate.g().fuseThreshold(false);
    Built fused = build.apply(seed);
    // Two runs, so that the second starts from the state the first left.
    for (String duration : new String[] {"150*ms", "100*ms"}) {
      separate.net().run(duration);
      fused.net().run(duration);
      assertFalse(separate.g().fusedThreshold());
      assertTrue(fused.g().fusedThreshold(), name + ": the fused loop ran");
      assertArrayEquals(separate.spikes().i(), fused.spikes().i(), name);
      assertArrayEquals(separate.spikes().t(), fused.spikes().t(), name);
      for (String v : separate.g().storedVariables()) {
        assertArrayEquals(separate.g().get(v), fused.g().get(v), name + ": " + v);
      }
    }
    assertTrue(separate.spikes().total() > 100, name + ": the test needs spikes, found "
        + separate.spikes().total());
  }

  @Test
  void aThresholdThatDrawsRandomNumbersKeepsTheSeparatePass() {
    NeuronGroup g = NeuronGroup.builder(10, "dv/dt = -v/tau : 1").threshold("rand() < 0.1")
        .constant("tau", "10*ms").build();
    new Network(g).run("1*ms");
    assertFalse(g.fusedThreshold());
  }

  @Test
  void aThresholdOnASharedParameterIsFusedAndGivesTheSameSpikes() {
    // Shared variables have no differential equations, so the update never writes them.
    int[][] spikes = new int[2][];
    for (int k = 0; k < 2; k++) {
      NeuronGroup g = NeuronGroup.builder(50, """
              dv/dt = (v0 - v)/tau : 1
              v0 : 1
              vt : 1 (shared)
              """).threshold("v > vt").reset("v = 0").method("exact")
          .constant("tau", "10*ms").build();
      g.fuseThreshold(k == 1);
      SpikeMonitor m = new SpikeMonitor(g);
      Network net = new Network(g, m);
      net.seed(5);
      g.set("v0", "0.8 + 0.6*rand()");
      g.set("vt", "0.95");
      net.run("100*ms");
      assertEquals(k == 1, g.fusedThreshold());
      spikes[k] = m.i();
    }
    assertTrue(spikes[0].length > 50, "the test needs spikes: " + spikes[0].length);
    assertArrayEquals(spikes[0], spikes[1]);
  }

  @Test
  void clockDrivenSynapsesOnARefractoryGroupKeepTheSeparatePass() {
    // They run after the group's update in the same slot and may read lastspike.
    NeuronGroup g = NeuronGroup.builder(10, "dv/dt = (2 - v)/tau : 1 (unless refractory)")
        .threshold("v > 1").reset("v = 0").refractory("2*ms").constant("tau", "10*ms").build();
    Synapses s = Synapses.builder(g, g, "dx/dt = -x/tau : 1 (clock-driven)")
        .constant("tau", "10*ms").build();
    s.connect("i == j");
    Network net = new Network(g, s);
    net.run("1*ms");
    assertFalse(g.fusedThreshold());
    NeuronGroup alone = NeuronGroup.builder(10, "dv/dt = (2 - v)/tau : 1 (unless refractory)")
        .threshold("v > 1").reset("v = 0").refractory("2*ms").constant("tau", "10*ms").build();
    new Network(alone).run("1*ms");
    assertTrue(alone.fusedThreshold());
    assertEquals(alone.generatedCode().indexOf("updateAndThreshold"),
        alone.generatedCode().lastIndexOf("updateAndThreshold"), "one fused method");
  }
}
