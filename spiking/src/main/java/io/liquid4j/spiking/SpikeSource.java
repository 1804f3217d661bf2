package io.liquid4j.spiking;

/**
 * Something that emits spikes, which {@link Synapses} can connect and a {@link SpikeMonitor}
 * can record: a {@link NeuronGroup}, a {@link Subgroup} of one, a {@link PoissonGroup} or a
 * {@link SpikeGeneratorGroup}. Indices count from the source's first element.
 *
 * <pre>{@code
 * SpikeSource input = new PoissonGroup(100, Quantity.parse("20*Hz"));
 * SpikeMonitor spikes = new SpikeMonitor(input);
 * }</pre>
 */
public sealed interface SpikeSource permits Group, PoissonGroup, SpikeGeneratorGroup {
  /**
   * The number of elements (neurons, inputs).
   *
   * @return the number of elements
   */
  int size();

  /**
   * The name messages use.
   *
   * @return the name
   */
  String name();
}
