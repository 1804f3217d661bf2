package io.liquid4j.spiking;

/**
 * Brian2's schedule: the parts of a time step, in the order they run. Within a slot, objects run
 * in order of their {@code order} and then of addition to the network.
 */
enum Slot {
  /** StateMonitor records the values at the start of the step. */
  START,
  /** State updates: refractoriness, then integration. */
  GROUPS,
  /** Threshold detection; SpikeMonitor records just after. */
  THRESHOLDS,
  /** Synaptic propagation (for Synapses). */
  SYNAPSES,
  /** Resets of the neurons that spiked. */
  RESETS,
  /** PopulationRateMonitor. */
  END
}
