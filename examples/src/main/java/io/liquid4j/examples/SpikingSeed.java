package io.liquid4j.examples;

import io.liquid4j.spiking.Network;
import io.liquid4j.spiking.NeuronGroup;
import io.liquid4j.spiking.SpikeMonitor;

public class SpikingSeed {
  public static void main(String[] args) {
    NeuronGroup neurons = NeuronGroup.builder(100, """
            dv/dt = (v_rest - v) / (10*ms) : volt (unless refractory)
            v_rest : volt
            """)
        .threshold("v > v_thresh").reset("v = v_reset").refractory("5*ms").method("exact")
        .constant("v_thresh", "1*volt").constant("v_reset", "0*volt")
        .build();
    neurons.set("v_rest", "3*i/99 * volt");
    SpikeMonitor spikes = new SpikeMonitor(neurons);
    Network net = new Network(neurons, spikes);
    net.run("1*second");
    System.out.println(spikes.total() + " spikes");      // 5273, as Brian2 2.5.1
  }
}
