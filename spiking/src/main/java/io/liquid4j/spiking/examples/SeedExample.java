package io.liquid4j.spiking.examples;

import io.liquid4j.spiking.Network;
import io.liquid4j.spiking.NeuronGroup;
import io.liquid4j.spiking.SpikeMonitor;
import io.liquid4j.spiking.StateMonitor;

/**
 * A short Brian2 program, almost word for word: 100 leaky integrate-and-fire neurons
 * {@code dv/dt = (v_rest - v) / (10*ms) : volt}, {@code threshold='v > v_thresh'}, {@code
 * reset='v = v_reset'}, a SpikeMonitor and {@code run(1*second)}, with the parameters of Brian2's
 * first tutorial, whose spike counts are known exactly: v_rest of neuron i = 3·i/99 V, threshold
 * 1 V, reset 0 V, refractory 5 ms.
 *
 * <p>With {@code method='exact'}, as the tutorial, Brian2 2.5.1 counts 5 273 spikes, 111 for
 * neuron 99 and 64 for neuron 50. With {@code method='euler'}, the program's original choice,
 * Euler's step v += dt·(v_rest − v)/τ crosses the threshold one step earlier for a few neurons,
 * and the count is 5 293 (the discrete closed form gives the same).
 *
 * <pre>{@code
 * SeedExample.Result r = SeedExample.run("exact");
 * r.spikes().total();      // 5273
 * r.spikes().count()[99];  // 111
 * }</pre>
 */
public final class SeedExample {
  /** The program's equations, with the tutorial's refractoriness added. */
  public static final String EQUATIONS = """
      dv/dt = (v_rest - v) / (10*ms) : volt (unless refractory)
      v_rest : volt
      """;

  private SeedExample() {}

  /**
   * What a run produced.
   *
   * @param trace v of neurons 0, 50 and 99, recorded every step
   * @param buildSeconds building the group (parsing, checking, compiling its code)
   * @param runSeconds simulating one second
   */
  public record Result(NeuronGroup group, SpikeMonitor spikes, StateMonitor trace,
      double buildSeconds, double runSeconds) {}

  /**
   * Builds and runs the program with the given integration method (exact or euler).
   *
   * @param method the integration method, {@code "exact"} or {@code "euler"}
   * @return the group, its monitors and the timings
   */
  public static Result run(String method) {
    long start = System.nanoTime();
    NeuronGroup neurons = NeuronGroup.builder(100, EQUATIONS)
        .threshold("v > v_thresh").reset("v = v_reset").refractory("5*ms").method(method)
        .constant("v_thresh", "1*volt").constant("v_reset", "0*volt")
        .build();
    neurons.set("v_rest", "3*i/99 * volt");
    SpikeMonitor spikes = new SpikeMonitor(neurons);
    StateMonitor trace = new StateMonitor(neurons, "v", 0, 50, 99);
    Network net = new Network(neurons, spikes, trace);
    long built = System.nanoTime();
    net.run("1*second");
    long ran = System.nanoTime();
    return new Result(neurons, spikes, trace, (built - start) / 1e9, (ran - built) / 1e9);
  }
}
