package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.RandomSource;

/**
 * The Java class generated and compiled for each {@link Synapses}: plain loops over the synapses'
 * arrays. Public only because Janino loads the generated class in a class loader of its own; not
 * for users to implement or call.
 */
public interface SynapsesKernel {
  /**
   * Hands the kernel the arrays: the synapses' variables (in the model's order), the pre- and
   * postsynaptic index of each synapse (counted within the source and the target), the stored
   * variables of the presynaptic and postsynaptic groups (in their order; empty for a spike
   * generator), the random stream, the per-run values of the state updater and the namespace's
   * functions. Called again whenever synapses are added.
   */
  void bind(double[][] doubles, boolean[][] booleans, int[] pre, int[] post,
      double[][] preDoubles, boolean[][] preBooleans, double[][] postDoubles,
      boolean[][] postBooleans, RandomSource random, double[] prepared, Object[] functions);

  /** The clock-driven update of every synapse. */
  void update(double t, double dt);

  /** Sets each (summed) target to the sum over its synapses. */
  void summed(double t, double dt);

  /**
   * Runs a pathway's statements ({@code pathway} 0: on_pre, 1: on_post) for the synapses of
   * {@code count} spiking neurons, in order: those of neuron n are
   * {@code order[start[n]] .. order[start[n+1]-1]}, or the indices start[n] .. start[n+1]-1
   * themselves when {@code order} is null.
   */
  void spikes(int pathway, int[] neurons, int count, int[] start, int[] order, double t,
      double dt);

  /** Runs a pathway's statements for the first {@code count} synapses of {@code synapses}. */
  void synapses(int pathway, int[] synapses, int count, double t, double dt);

  /** The value of subexpression number {@code index} for synapse {@code s}. */
  double subexpression(int index, int s, double t, double dt);
}
