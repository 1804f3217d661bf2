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
   *
   * @param doubles the synapses' double variables, one array per variable
   * @param booleans their boolean variables
   * @param pre each synapse's presynaptic index
   * @param post each synapse's postsynaptic index
   * @param preDoubles the presynaptic group's double variables
   * @param preBooleans its boolean variables
   * @param postDoubles the postsynaptic group's double variables
   * @param postBooleans its boolean variables
   * @param random the stream of {@code rand()} and {@code randn()}
   * @param prepared the state updater's per-run values
   * @param functions the namespace's functions, in its order
   */
  void bind(double[][] doubles, boolean[][] booleans, int[] pre, int[] post,
      double[][] preDoubles, boolean[][] preBooleans, double[][] postDoubles,
      boolean[][] postBooleans, RandomSource random, double[] prepared, Object[] functions);

  /**
   * The clock-driven update of every synapse.
   *
   * @param t the time at the start of the step, in seconds
   * @param dt the time step, in seconds
   */
  void update(double t, double dt);

  /**
   * Sets each (summed) target to the sum over its synapses.
   *
   * @param t the time at the start of the step, in seconds
   * @param dt the time step, in seconds
   */
  void summed(double t, double dt);

  /**
   * Runs a pathway's statements ({@code pathway} 0: on_pre, 1: on_post) for the synapses of
   * {@code count} spiking neurons, in order: those of neuron n are
   * {@code order[start[n]] .. order[start[n+1]-1]}, or the indices start[n] .. start[n+1]-1
   * themselves when {@code order} is null.
   *
   * @param pathway 0 for on_pre, 1 for on_post
   * @param neurons the spiking neurons' indices
   * @param count the number of spiking neurons
   * @param start for each neuron, the offset of its first synapse
   * @param order synapse indices grouped by neuron, or null
   * @param t the current time, in seconds
   * @param dt the time step, in seconds
   */
  void spikes(int pathway, int[] neurons, int count, int[] start, int[] order, double t,
      double dt);

  /**
   * Runs a pathway's statements for the first {@code count} synapses of {@code synapses}.
   *
   * @param pathway 0 for on_pre, 1 for on_post
   * @param synapses synapse indices
   * @param count the number of them to run
   * @param t the current time, in seconds
   * @param dt the time step, in seconds
   */
  void synapses(int pathway, int[] synapses, int count, double t, double dt);

  /**
   * The value of subexpression number {@code index} for synapse {@code s}.
   *
   * @param index the subexpression's number, in the model's order
   * @param s the synapse
   * @param t the current time, in seconds
   * @param dt the time step, in seconds
   * @return the value, SI
   */
  double subexpression(int index, int s, double t, double dt);
}
