package io.liquid4j.spiking.examples;

import io.liquid4j.spiking.Network;
import io.liquid4j.spiking.NeuronGroup;
import io.liquid4j.spiking.SpikeMonitor;
import io.liquid4j.spiking.Synapses;
import io.liquid4j.spiking.units.Quantity;

/**
 * Brian2's examples/CUBA.py (Brette et al. 2007, benchmark 2, after Vogels &amp; Abbott 2005),
 * written line for line in the Java API: 4000 leaky integrate-and-fire neurons with
 * current-based exponential synapses, 3200 excitatory and 800 inhibitory, each pair connected
 * with probability 0.02, run for a second.
 *
 * <pre>{@code
 * Cuba.Result r = Cuba.run(1, 1.0);
 * r.synapses();      // about 320 000
 * r.rateHz();        // about 5.6, as Brian2
 * r.spikes().t();    // for a raster: plot t against i
 * }</pre>
 *
 * <p>{@code java io.liquid4j.spiking.examples.Cuba [seeds] [repeats]} measures build and run
 * times: each seed is run {@code repeats} times in one JVM and the median of the runs after the
 * first (warm) is printed, with the statistics of each seed.
 */
public final class Cuba {
  private Cuba() {}

  /**
   * One run.
   *
   * @param neurons the number of neurons (4000)
   * @param synapses the number of synapses made
   * @param spikeCount the number of spikes in the run
   * @param rateHz the mean firing rate, spikes per neuron per second
   * @param buildSeconds wall time to build the network: groups, code, connections, values
   * @param runSeconds wall time of {@code Network.run}
   * @param spikes the spike monitor of all neurons
   */
  public record Result(int neurons, int synapses, int spikeCount, double rateHz,
      double buildSeconds, double runSeconds, SpikeMonitor spikes) {}

  /**
   * Builds CUBA with {@code seed} and runs it for {@code durationSeconds}.
   *
   * @param seed the seed of the connections and initial potentials
   * @param durationSeconds the simulated time, in seconds
   * @return the run's statistics and spikes
   */
  public static Result run(long seed, double durationSeconds) {
    long start = System.nanoTime();
    Network net = new Network();
    net.seed(seed);
    // taum = 20*ms, taue = 5*ms, taui = 10*ms, Vt = -50*mV, Vr = -60*mV, El = -49*mV
    NeuronGroup p = NeuronGroup.builder(4000, """
            dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
            dge/dt = -ge/taue : volt
            dgi/dt = -gi/taui : volt
            """)
        .threshold("v>Vt").reset("v = Vr").refractory("5*ms").method("exact")
        .constant("taum", "20*ms").constant("taue", "5*ms").constant("taui", "10*ms")
        .constant("Vt", "-50*mV").constant("Vr", "-60*mV").constant("El", "-49*mV")
        .name("P").build();
    // we = (60*0.27/10)*mV  # excitatory synaptic weight (voltage)
    // wi = (-20*4.5/10)*mV  # inhibitory synaptic weight
    Synapses ce = Synapses.builder(p, p, "").onPre("ge += we")
        .constant("we", "(60*0.27/10)*mV").name("Ce").build();
    Synapses ci = Synapses.builder(p, p, "").onPre("gi += wi")
        .constant("wi", "(-20*4.5/10)*mV").name("Ci").build();
    SpikeMonitor s = new SpikeMonitor(p);
    net.add(p, ce, ci, s);
    ce.connect("i<3200", 0.02);
    ci.connect("i>=3200", 0.02);
    p.set("v", "Vr + rand() * (Vt - Vr)");
    p.set("ge", "0*mV");
    p.set("gi", "0*mV");
    long built = System.nanoTime();
    net.run(new Quantity(durationSeconds, io.liquid4j.spiking.units.Dimension.TIME));
    long ran = System.nanoTime();
    return new Result(p.size(), ce.size() + ci.size(), s.total(),
        s.total() / (p.size() * durationSeconds), (built - start) * 1e-9, (ran - built) * 1e-9,
        s);
  }
}
