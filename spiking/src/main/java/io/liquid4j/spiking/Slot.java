package io.liquid4j.spiking;

/**
 * Brian2's schedule: the parts of a time step, in the order they run. Within a slot, objects run
 * in order of their {@code order} and then of addition to the network.
 */
enum Slot {
  /** StateMonitor records the values at the start of the step. */
  START,
  /**
   * Summed synaptic variables (order −1), then state updates: refractoriness and integration of
   * groups, clock-driven synaptic equations.
   */
  GROUPS,
  /** Threshold detection and input spikes; SpikeMonitor records just after (order 1). */
  THRESHOLDS,
  /**
   * Synaptic propagation: on_pre (order −1), PoissonInput (0), on_post (1), as Brian2 orders its
   * pathways.
   */
  SYNAPSES,
  /** Resets of the neurons that spiked. */
  RESETS,
  /** PopulationRateMonitor. */
  END
}
