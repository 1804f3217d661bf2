package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.spiking.units.Quantity;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synapses: connection rules, delays, summed variables, pathways and their order, event-driven
 * variables, values, store/restore, seeds and the errors a model can cause.
 */
class SynapsesTest {
  private static NeuronGroup group(int n, String equations) {
    return NeuronGroup.builder(n, equations).build();
  }

  private static Network seeded(long seed, NetworkObject... objects) {
    Network net = new Network();
    net.seed(seed);
    net.add(objects);
    return net;
  }

  // ------------------------------------------------------------------------------------------
  // Connecting

  @Test
  void aConstantProbabilityGivesABinomialNumberOfDistinctPairs() {
    NeuronGroup g = group(300, "v : 1");
    Synapses s = Synapses.builder(g, g, "w : 1").build();
    seeded(1, g, s);
    s.connect(0.1);
    // 90 000 pairs with p = 0.1: mean 9000, SD 90.
    assertEquals(9000, s.size(), 4 * 90);
    Set<Long> pairs = new HashSet<>();
    int[] i = s.i();
    int[] j = s.j();
    for (int k = 0; k < s.size(); k++) {
      assertTrue(pairs.add(i[k] * 1000L + j[k]), "pair made twice: " + i[k] + ", " + j[k]);
      if (k > 0) {
        assertTrue(i[k] > i[k - 1] || (i[k] == i[k - 1] && j[k] > j[k - 1]),
            "synapses are made row by row");
      }
    }
  }

  @Test
  void conditionsAreRespectedExactly() {
    NeuronGroup g = group(30, "v : 1");
    Synapses all = Synapses.builder(g, g, "").build();
    Synapses noSelf = Synapses.builder(g, g, "").build();
    Synapses upper = Synapses.builder(g, g, "").build();
    Synapses ring = Synapses.builder(g, g, "").build();
    all.connect();
    noSelf.connect("i != j");
    upper.connect("i < j");
    ring.connect("j == (i + 1) % N_post");
    assertEquals(900, all.size());
    assertEquals(870, noSelf.size());
    assertEquals(435, upper.size());
    assertEquals(30, ring.size());
    for (int k = 0; k < noSelf.size(); k++) {
      assertTrue(noSelf.i()[k] != noSelf.j()[k]);
    }
    for (int k = 0; k < upper.size(); k++) {
      assertTrue(upper.i()[k] < upper.j()[k]);
    }
    for (int k = 0; k < 30; k++) {
      assertEquals((ring.i()[k] + 1) % 30, ring.j()[k]);
    }
  }

  @Test
  void aConditionWithAProbabilityConnectsOnlyWhereItHolds() {
    NeuronGroup g = group(200, "v : 1");
    Synapses s = Synapses.builder(g, g, "").build();
    seeded(2, g, s);
    s.connect("i<80", 0.25);
    assertTrue(Arrays.stream(s.i()).allMatch(i -> i < 80));
    // 80·200 pairs with p = 0.25: mean 4000, SD sqrt(16000·0.25·0.75) ≈ 54.8.
    assertEquals(4000, s.size(), 4 * 54.8);
    // A probability depending on i alone: row i has i/N_pre of its pairs.
    Synapses ramp = Synapses.builder(g, g, "").build();
    new Network(ramp).seed(3);
    ramp.connect(null, "i/N_pre");
    int firstHalf = (int) Arrays.stream(ramp.i()).filter(i -> i < 100).count();
    // Expected Σ_{i<100} 200·i/200 = 4950 and Σ_{i>=100} = 14950.
    assertEquals(4950, firstHalf, 4 * Math.sqrt(4950));
    assertEquals(14950, ramp.size() - firstHalf, 4 * Math.sqrt(14950));
  }

  @Test
  void probabilitiesFromPreAndPostVariablesFollowTheDistance() {
    // Neurons on a line; Brian2's distance-dependent rule C*exp(-(x_pre-x_post)**2/l**2).
    NeuronGroup g = group(120, "x : 1 (constant)");
    g.set("x", "i");
    Synapses s = Synapses.builder(g, g, "").constant("C", 0.6).constant("l", 3.0).build();
    seeded(4, g, s);
    s.connect(null, "C*exp(-((x_pre-x_post)**2)/l**2)");
    double expected = 0;
    double variance = 0;
    for (int a = 0; a < 120; a++) {
      for (int b = 0; b < 120; b++) {
        double p = 0.6 * Math.exp(-(a - b) * (a - b) / 9.0);
        expected += p;
        variance += p * (1 - p);
      }
    }
    assertEquals(expected, s.size(), 4 * Math.sqrt(variance));
    // Neighbours are connected often, distant pairs (p < 1e-11) never.
    int near = 0;
    for (int k = 0; k < s.size(); k++) {
      int d = Math.abs(s.i()[k] - s.j()[k]);
      assertTrue(d <= 15, "pair at distance " + d);
      near += d <= 1 ? 1 : 0;
    }
    // 120 self pairs at 0.6, 238 neighbours at 0.6·e^(-1/9).
    assertEquals(120 * 0.6 + 238 * 0.6 * Math.exp(-1 / 9.0), near, 4 * Math.sqrt(90));
    // The condition may also use pre and post variables.
    Synapses right = Synapses.builder(g, g, "").build();
    right.connect("x_post > x_pre and x_post - x_pre <= 2");
    assertEquals(119 + 118, right.size());
  }

  @Test
  void explicitPairsKeepTheirOrderAndMayRepeat() {
    NeuronGroup a = group(3, "v : 1");
    NeuronGroup b = group(4, "v : 1");
    Synapses s = Synapses.builder(a, b, "w : 1").build();
    s.connect(new int[] {2, 0, 2}, new int[] {3, 1, 3});
    s.connect(new int[] {1}, new int[] {0});
    assertArrayEquals(new int[] {2, 0, 2, 1}, s.i());
    assertArrayEquals(new int[] {3, 1, 3, 0}, s.j());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.connect(new int[] {0, 3}, new int[] {0, 0}));
    assertEquals("connect synapses: expected i in [0, 3) and j in [0, 4), found i 3, j 0 at "
        + "position 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.connect(new int[] {0},
        new int[0]));
    assertEquals("connect synapses: expected as many i as j, found 1 and 0", e.getMessage());
  }

  static Stream<Arguments> connectErrors() {
    return Stream.of(
        Arguments.of("i + j", null, "connect condition line 1, column 1: \"i + j\": expected a "
            + "condition (such as i != j), found a value of dimension 1"),
        Arguments.of("w > 0", null, "connect condition line 1, column 1: \"w > 0\": 'w' is a "
            + "synaptic variable, which does not exist before the synapses are made"),
        Arguments.of("v_pre > 1*mV", null, "connect condition line 1, column 1: "
            + "\"v_pre > 1*mV\": cannot compare 1 (v_pre) and volt (1*mV)"),
        Arguments.of(null, "i > 2", "connect p line 1, column 1: \"i > 2\": expected a "
            + "dimensionless probability, found a condition"),
        Arguments.of(null, "0.1*ms", "connect p line 1, column 1: \"0.1*ms\": expected a "
            + "dimensionless probability, found dimension second"),
        Arguments.of("k < 3", null, "connect condition line 1, column 1: \"k < 3\": unknown "
            + "identifier 'k'"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("connectErrors")
  void connectRejectsBadConditionsAndProbabilities(String condition, String p, String message) {
    NeuronGroup g = group(3, "v : 1");
    Synapses s = Synapses.builder(g, g, "w : 1").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.connect(condition, p));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.connect("i > 0", 1.5));
    assertEquals("connect synapses: expected a probability p in [0, 1], found 1.5",
        e.getMessage());
  }

  @Test
  void subgroupsConnectWithTheirOwnIndices() {
    NeuronGroup g = group(10, "v : 1");
    Subgroup low = g.subgroup(0, 4);
    Subgroup high = g.subgroup(6, 10);
    Synapses s = Synapses.builder(low, high, "").onPre("v += 1").build();
    s.connect("i == j");
    assertArrayEquals(new int[] {0, 1, 2, 3}, s.j());
    SpikeGeneratorGroup drive = new SpikeGeneratorGroup(10, new int[] {1, 7}, new double[] {0,
        0});
    // Spikes of neuron 7 (outside the source) are ignored; neuron 1 reaches neuron 6 + 2.
    NeuronGroup h = NeuronGroup.builder(10, "v : 1").threshold("v > 0.5").reset("v = 0").build();
    Synapses in = Synapses.builder(drive, h, "").onPre("v += 1").build();
    in.connect("i == j");
    Synapses out = Synapses.builder(h.subgroup(0, 4), h.subgroup(6, 10), "").onPre("v += 1")
        .build();
    out.connect("j == i + 1");
    SpikeMonitor m = new SpikeMonitor(h);
    new Network(drive, h, in, out, m).run("1*ms");
    assertArrayEquals(new int[] {1, 7, 8}, m.i());
    assertArrayEquals(new double[] {1e-4, 1e-4, 2e-4}, m.t(), 1e-15);
  }

  // ------------------------------------------------------------------------------------------
  // Delays

  /** The step at which each target first reads 1, for a spike of the generator at step 10. */
  private static int[] arrivalSteps(Synapses.Builder builder, SpikeGeneratorGroup input,
      NeuronGroup target, java.util.function.Consumer<Synapses> configure) {
    Synapses s = builder.build();
    s.connect();
    configure.accept(s);
    StateMonitor v = StateMonitor.all(target, "v");
    new Network(input, target, s, v).run("5*ms");
    int[] out = new int[target.size()];
    for (int k = 0; k < out.length; k++) {
      double[] trace = v.trace("v", k);
      out[k] = -1;
      for (int step = 0; step < trace.length && out[k] < 0; step++) {
        if (trace[step] > 0) {
          out[k] = step;
        }
      }
    }
    return out;
  }

  @Test
  void aSpikeArrivesExactlyTheDelayInStepsLater() {
    // The spike of step 10 is delivered in the synapses part of step 10 + d; StateMonitor
    // records at the start of a step, so it shows the value from step 11 + d on.
    SpikeGeneratorGroup input = new SpikeGeneratorGroup(1, new int[] {0}, new double[] {1e-3});
    NeuronGroup target = group(1, "v : 1");
    assertArrayEquals(new int[] {11}, arrivalSteps(Synapses.builder(input, target, "")
        .onPre("v += 1"), input, target, s -> { }));
    input = new SpikeGeneratorGroup(1, new int[] {0}, new double[] {1e-3});
    target = group(1, "v : 1");
    assertArrayEquals(new int[] {26}, arrivalSteps(Synapses.builder(input, target, "")
        .onPre("v += 1").delay("1.5*ms"), input, target, s -> { }));
    // Per-synapse delays, rounded to the nearest step: 0.149 ms is 1 step, 0.151 ms 2.
    input = new SpikeGeneratorGroup(1, new int[] {0}, new double[] {1e-3});
    target = group(5, "v : 1");
    assertArrayEquals(new int[] {11, 16, 21, 12, 13}, arrivalSteps(
        Synapses.builder(input, target, "").onPre("v += 1"), input, target,
        s -> s.set("delay", new double[] {0, 0.5e-3, 1e-3, 0.149e-3, 0.151e-3})));
    input = new SpikeGeneratorGroup(1, new int[] {0}, new double[] {1e-3});
    target = group(4, "v : 1");
    assertArrayEquals(new int[] {11, 16, 21, 26}, arrivalSteps(
        Synapses.builder(input, target, "").onPre("v += 1"), input, target,
        s -> s.set("delay", "j*0.5*ms")));
  }

  @Test
  void spikesInFlightSurviveTheEndOfARun() {
    SpikeGeneratorGroup input = new SpikeGeneratorGroup(1, new int[] {0, 0},
        new double[] {1e-3, 1.2e-3});
    NeuronGroup target = NeuronGroup.builder(1, "v : 1").threshold("v > 0.5").reset("v = 0")
        .build();
    Synapses s = Synapses.builder(input, target, "").onPre("v += 1").delay("3*ms").build();
    s.connect();
    SpikeMonitor m = new SpikeMonitor(target);
    Network net = new Network(input, target, s, m);
    net.run("2*ms");
    assertEquals(0, m.total());
    net.run("3*ms");
    // Delivered at steps 40 and 42, so the target spikes at steps 41 and 43.
    assertArrayEquals(new double[] {4.1e-3, 4.3e-3}, m.t(), 1e-12);
  }

  // ------------------------------------------------------------------------------------------
  // Summed variables

  @Test
  void summedVariablesAreThePerTargetSumBeforeTheGroupsUpdate() {
    NeuronGroup pre = group(3, "y : 1");
    NeuronGroup post = NeuronGroup.builder(4, """
            dv/dt = s/tau : 1
            s : 1
            """).method("euler").constant("tau", "10*ms").build();
    pre.set("y", new double[] {1, 2, 3});
    post.set("s", Quantity.of(5));
    Synapses syn = Synapses.builder(pre, post.subgroup(0, 3), """
            w : 1
            s_post = w*y_pre : 1 (summed)
            """).build();
    syn.connect(new int[] {0, 1, 2, 2}, new int[] {0, 0, 1, 1});
    syn.set("w", new double[] {10, 100, 1000, 10000});
    new Network(pre, post, syn).run("0.1*ms");
    // Target 0: 10·1 + 100·2; target 1: 1000·3 + 10000·3; target 2: no synapse, 0; target 3
    // lies outside the subgroup and keeps its 5.
    assertArrayEquals(new double[] {210, 33000, 0, 5}, post.get("s"), 1e-12);
    // Computed before the group's update, so the first Euler step already uses the sums.
    assertArrayEquals(new double[] {210 * 0.01, 33000 * 0.01, 0, 5 * 0.01}, post.get("v"),
        1e-12);
  }

  @Test
  void twoSummedVariablesIntoOneTargetAreRejected() {
    NeuronGroup g = group(4, "s : 1");
    Synapses a = Synapses.builder(g, g, "s_post = 1 : 1 (summed)").name("a").build();
    Synapses b = Synapses.builder(g, g.subgroup(2, 4), "s_post = 2 : 1 (summed)").name("b")
        .build();
    a.connect();
    b.connect();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Network(g, a, b).run("1*ms"));
    assertEquals("run: a and b both sum into 's' of neurongroup (\"s_post = 1 : 1 (summed)\"); "
        + "each would overwrite the other's sum, so give each Synapses its own target variable",
        e.getMessage());
  }

  // ------------------------------------------------------------------------------------------
  // Pathways

  @Test
  void onPreRunsBeforeOnPostAndStatementsRunInOrder() {
    SpikeGeneratorGroup pre = new SpikeGeneratorGroup(1, new int[] {0}, new double[] {1e-3});
    SpikeGeneratorGroup post = new SpikeGeneratorGroup(1, new int[] {0}, new double[] {1e-3});
    Synapses s = Synapses.builder(pre, post, """
            a : 1
            b : 1
            """).onPre("a = 2*a\nb = a").onPost("a = a + 1").build();
    s.connect();
    s.set("a", Quantity.of(1));
    new Network(pre, post, s).run("2*ms");
    // Pre then post: (1·2) + 1 = 3 (post first would give 4); b read a after a = 2*a.
    assertEquals(3, s.get("a")[0]);
    assertEquals(2, s.get("b")[0]);
  }

  @Test
  void statementsWritePreAndPostVariablesWithAndWithoutSuffix() {
    SpikeGeneratorGroup drive = new SpikeGeneratorGroup(2, new int[] {0, 1},
        new double[] {0, 0});
    NeuronGroup a = NeuronGroup.builder(2, "u : 1\nc : 1").threshold("c > 0").reset("c = 0")
        .build();
    NeuronGroup b = group(2, "u : 1\nv : volt");
    Synapses start = Synapses.builder(drive, a, "").onPre("c += 1").build();
    start.connect("i == j");
    Synapses s = Synapses.builder(a, b, "w : volt").onPre("""
            v_post += w
            u += 2       # postsynaptic, no suffix
            u_pre += 1
            """).build();
    s.connect();
    s.set("w", "(i + 1)*mV");
    new Network(drive, a, b, start, s).run("0.5*ms");
    // Both a-neurons spike once; each b-neuron gets w from both, +2 twice; each a-neuron +1
    // per outgoing synapse.
    assertArrayEquals(new double[] {3e-3, 3e-3}, b.get("v"), 1e-15);
    assertArrayEquals(new double[] {4, 4}, b.get("u"));
    assertArrayEquals(new double[] {2, 2}, a.get("u"));
    assertTrue(s.generatedCode().contains("post_v[_jpost[_s]] = (post_v[_jpost[_s]] + a_w[_s])"),
        s.generatedCode());
  }

  // ------------------------------------------------------------------------------------------
  // Event-driven

  @Test
  void eventDrivenTracesFollowTheirClosedForm() {
    double[] preTimes = {2e-3, 5e-3, 11e-3, 11.5e-3};
    SpikeGeneratorGroup pre = new SpikeGeneratorGroup(1, new int[] {0, 0, 0, 0}, preTimes);
    SpikeGeneratorGroup post = new SpikeGeneratorGroup(1, new int[] {0}, new double[] {20e-3});
    Synapses s = Synapses.builder(pre, post, """
            dApre/dt = -Apre/taupre : 1 (event-driven)
            dApost/dt = (1 - Apost)/taupost : 1 (event-driven)
            w : 1
            seen : 1
            """).onPre("Apre += 1\nw = Apre").onPost("seen = Apre + Apost")
        .constant("taupre", "20*ms").constant("taupost", "8*ms").build();
    s.connect();
    Network net = new Network(pre, post, s);
    net.run("15*ms");
    double expected = 0;
    for (double t : preTimes) {
      expected = expected * Math.exp(-(t - (t == preTimes[0] ? t : 0)) / 0.02);
    }
    expected = 0;
    double last = 0;
    for (double t : preTimes) {
      expected = expected * Math.exp(-(t - last) / 0.02) + 1;
      last = t;
    }
    assertEquals(expected, s.get("w")[0], 1e-12);
    assertEquals(11.5e-3, s.get("lastupdate")[0], 1e-15);
    net.run("10*ms");
    // At the post spike (20 ms) Apre decayed for 8.5 ms; Apost relaxed from 0 towards 1 over
    // 20 ms (its last update was at 11.5 ms, where on_pre brought it up to date too).
    double apre = expected * Math.exp(-8.5e-3 / 0.02);
    double apost = 1 - Math.exp(-20e-3 / 0.008);
    assertEquals(apre + apost, s.get("seen")[0], 1e-12);
  }

  // ------------------------------------------------------------------------------------------
  // Values, store/restore, seeds

  @Test
  void synapticVariablesAreSetFromExpressionsQuantitiesAndArrays() {
    NeuronGroup a = group(3, "x : 1");
    NeuronGroup b = group(2, "x : 1");
    a.set("x", "10*i");
    b.set("x", "100*i");
    Synapses s = Synapses.builder(a, b, """
            w : 1
            g : siemens
            k : integer
            c : 1 (shared)
            total = w + c : 1
            """).build();
    s.connect();
    s.set("w", "i + j/10 + x_pre + x_post + N/1000");
    assertArrayEquals(new double[] {0.006, 100.106, 11.006, 111.106, 22.006, 122.106},
        s.get("w"), 1e-12);
    s.set("g", Quantity.parse("2*nS"));
    s.set("k", "3.7");
    s.set("c", "N_pre*N_post");
    assertEquals(2e-9, s.get("g")[5], 1e-24);
    assertEquals(3, s.get("k")[0]);
    assertArrayEquals(new double[] {6}, s.get("c"));
    assertEquals(100.106 + 6, s.get("total")[1], 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.set("g", "1*mV"));
    assertEquals("set g line 1, column 1: \"1*mV\": 'g' is in siemens, but the expression has "
        + "dimension volt", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.set("total", "1"));
    assertTrue(e.getMessage().startsWith("set total: 'total' is a subexpression"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.set("c", "i"));
    assertTrue(e.getMessage().contains("'c' is shared"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.get("q"));
    assertEquals("get q: synapses synapses have no variable 'q' (they have w, g, k, c, total, "
        + "delay)", e.getMessage());
  }

  private record Run(double[] t, int[] i, double[] w) {}

  /** A small plastic network with delays, noise-free but random connections and weights. */
  private static Network plastic(long seed, SpikeMonitor[] monitor, Synapses[] synapses) {
    NeuronGroup g = NeuronGroup.builder(60, """
            dv/dt = (I - v)/tau : 1 (unless refractory)
            I : 1
            """).threshold("v > 1").reset("v = 0").refractory("2*ms")
        .constant("tau", "10*ms").build();
    PoissonGroup input = new PoissonGroup(20, Quantity.parse("80*Hz"));
    Synapses in = Synapses.builder(input, g, "w : 1").onPre("v += w").build();
    Synapses rec = Synapses.builder(g, g, """
            w : 1
            dApre/dt = -Apre/(20*ms) : 1 (event-driven)
            dx/dt = (1 - x)/(50*ms) : 1 (clock-driven)
            """).onPre("v += w*x; x *= 0.8; Apre += 0.1").onPost("w = clip(w + Apre, 0, 0.5)")
        .build();
    SpikeMonitor m = new SpikeMonitor(g);
    Network net = seeded(seed, g, input, in, rec, m);
    g.set("I", "0.5 + 0.6*rand()");
    in.connect(0.3);
    in.set("w", "0.3*rand()");
    rec.connect("i != j", 0.1);
    rec.set("w", "0.2*rand()");
    rec.set("x", "1");
    rec.set("delay", "rand()*3*ms");
    monitor[0] = m;
    synapses[0] = rec;
    return net;
  }

  @Test
  void restoreRepeatsARunWithSynapsesBitForBit() {
    SpikeMonitor[] m = new SpikeMonitor[1];
    Synapses[] s = new Synapses[1];
    Network net = plastic(7, m, s);
    net.run("40*ms");
    net.store();
    net.run("100*ms");
    Run first = new Run(m[0].t(), m[0].i(), s[0].get("w"));
    double[] x = s[0].get("x");
    net.restore();
    net.run("100*ms");
    assertArrayEquals(first.t(), m[0].t());
    assertArrayEquals(first.i(), m[0].i());
    assertArrayEquals(first.w(), s[0].get("w"));
    assertArrayEquals(x, s[0].get("x"));
    assertTrue(first.t().length > 200, "the test needs spikes: " + first.t().length);
    // Connections made after a store are undone by restore.
    net.restore();
    int before = s[0].size();
    s[0].connect(new int[] {0}, new int[] {1});
    net.restore();
    assertEquals(before, s[0].size());
  }

  @Test
  void aSeedFixesConnectionsValuesAndRuns() {
    SpikeMonitor[] m = new SpikeMonitor[3];
    Synapses[] s = new Synapses[3];
    SpikeMonitor[] one = new SpikeMonitor[1];
    Synapses[] oneS = new Synapses[1];
    Network a = plastic(11, one, oneS);
    m[0] = one[0];
    s[0] = oneS[0];
    Network b = plastic(11, one, oneS);
    m[1] = one[0];
    s[1] = oneS[0];
    Network c = plastic(12, one, oneS);
    m[2] = one[0];
    s[2] = oneS[0];
    assertArrayEquals(s[0].i(), s[1].i());
    assertArrayEquals(s[0].j(), s[1].j());
    assertArrayEquals(s[0].get("delay"), s[1].get("delay"));
    assertFalse(Arrays.equals(s[0].j(), s[2].j()));
    a.run("50*ms");
    b.run("50*ms");
    c.run("50*ms");
    assertArrayEquals(m[0].t(), m[1].t());
    assertArrayEquals(s[0].get("w"), s[1].get("w"));
    assertFalse(Arrays.equals(m[0].t(), m[2].t()));
  }

  @Test
  void randomConnectionsBeforeSeedingAreReported() {
    NeuronGroup g = group(5, "v : 1");
    Synapses s = Synapses.builder(g, g, "").build();
    s.connect(0.5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Network(g, s).seed(1));
    assertTrue(e.getMessage().startsWith("seed: synapses already drew random numbers"),
        e.getMessage());
    Synapses t = Synapses.builder(g, g, "").build();
    t.connect("i != j");
    new Network(g, t).seed(1);
  }

  // ------------------------------------------------------------------------------------------
  // Errors

  static Stream<Arguments> modelErrors() {
    NeuronGroup g = NeuronGroup.builder(3, """
            dv/dt = -v/tau : volt
            I : amp
            """).constant("tau", "10*ms").build();
    return Stream.of(
        Arguments.of(Synapses.builder(g, g, "w : amp").onPre("vv += w"), "on_pre line 1, column"
            + " 1: \"vv += w\": unknown variable 'vv' (the synapses' variables are w; "
            + "postsynaptic ones can be written with or without _post, presynaptic ones with "
            + "_pre; did you mean 'v'?)"),
        Arguments.of(Synapses.builder(g, g, "w : amp").onPre("v += w"), "on_pre line 1, column "
            + "6: \"v += w\": 'v' is in volt, but the value has dimension amp"),
        Arguments.of(Synapses.builder(g, g, "w : amp").onPre("I_post += w\nv_pre += 2*w"),
            "on_pre line 2, column 10: \"v_pre += 2*w\": 'v_pre' is in volt, but the value has "
                + "dimension amp"),
        Arguments.of(Synapses.builder(g, g, "w : volt").onPost("v += w*x"), "on_post line 1, "
            + "column 8: \"v += w*x\": unknown identifier 'x'"),
        Arguments.of(Synapses.builder(g, g, "w : volt (constant)").onPre("w = 0*mV"),
            "on_pre line 1, column 1: \"w = 0*mV\": 'w' cannot be assigned by model code (it "
                + "is (constant))"),
        Arguments.of(Synapses.builder(g, g, "w : volt").onPre("i = 2"), "on_pre line 1, column "
            + "1: \"i = 2\": 'i' is not a variable (it is an index)"),
        Arguments.of(Synapses.builder(g, g, "dw/dt = -w/tau : 1").constant("tau", "1*ms"),
            "model line 1, column 1: \"dw/dt = -w/tau : 1\": a differential equation of "
                + "Synapses needs the flag (clock-driven) or (event-driven)"),
        Arguments.of(Synapses.builder(g, g, "J_post = 1*nA : amp (summed)"), "model line 1, "
            + "column 1: \"J_post = 1*nA : amp (summed)\": the postsynaptic group neurongroup "
            + "has no variable 'J' to sum into"),
        Arguments.of(Synapses.builder(g, g, "v_post = 1*mV : volt (summed)"), "model line 1, "
            + "column 1: \"v_post = 1*mV : volt (summed)\": the target of a (summed) variable "
            + "must be a parameter"),
        Arguments.of(Synapses.builder(g, g, "I_post = 1*mV : volt (summed)"), "model line 1, "
            + "column 1: \"I_post = 1*mV : volt (summed)\": 'I' of neurongroup is in amp, but "
            + "the (summed) line declares volt"),
        Arguments.of(Synapses.builder(g, g, """
                dx/dt = -x/(5*ms) : 1 (clock-driven)
                dA/dt = (x - A)/(5*ms) : 1 (event-driven)
                """), "model line 2, column 1: \"dA/dt = (x - A)/(5*ms) : 1 (event-driven)\": "
            + "an (event-driven) equation can only depend on itself, other event-driven "
            + "variables, parameters and constants; 'x' changes between events"),
        Arguments.of(Synapses.builder(g, g, "w_pre : 1"), "model line 1, column 1: \"w_pre : "
            + "1\": 'w_pre' ends in _pre or _post"),
        Arguments.of(Synapses.builder(g, g, "").delay("v_pre"), "delay line 1, column 1: "
            + "\"v_pre\": the delay given to the builder must be a constant"),
        Arguments.of(Synapses.builder(g, g, "").delay("-1*ms"), "delay line 1, column 1: "
            + "\"-1*ms\": expected a delay >= 0, found -0.001 second"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("modelErrors")
  void rejectsModelErrorsQuotingTheText(Synapses.Builder builder, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void runsNeedConnectAndAllObjects() {
    NeuronGroup g = group(3, "v : 1");
    Synapses s = Synapses.builder(g, g, "").onPre("v += 1").name("S").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Network(g, s).run("1*ms"));
    assertEquals("run: synapses S have not been connected; call connect(...) "
        + "(connect(new int[0], new int[0]) for none)", e.getMessage());
    s.connect(new int[0], new int[0]);
    e = assertThrows(IllegalArgumentException.class, () -> new Network(s).run("1*ms"));
    assertEquals("run: S reads group neurongroup, which is not in the network; add it too",
        e.getMessage());
    new Network(g, s).run("1*ms");
  }
}
