package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.RandomSource;

/**
 * The Java class generated for one {@link Synapses#connect} call with a condition or a
 * probability: which postsynaptic neurons each presynaptic neuron connects to. Public only for
 * Janino; not for users.
 */
public interface ConnectKernel {
  /**
   * The stored variables of the two groups (as {@link SynapsesKernel#bind}) and the stream.
   *
   * @param preDoubles the presynaptic group's double variables, one array per variable
   * @param preBooleans its boolean variables
   * @param postDoubles the postsynaptic group's double variables
   * @param postBooleans its boolean variables
   * @param random the stream of {@code rand()} and {@code randn()}
   * @param functions the namespace's functions, in its order
   * @param t the current time, in seconds
   */
  void bind(double[][] preDoubles, boolean[][] preBooleans, double[][] postDoubles,
      boolean[][] postBooleans, RandomSource random, Object[] functions, double t);

  /**
   * Writes the postsynaptic indices that presynaptic neuron {@code i} connects to, increasing,
   * into {@code out} (room for N_post) and returns how many there are.
   *
   * @param i the presynaptic index, counted within the source
   * @param out receives the postsynaptic indices. Modified.
   * @return the number of indices written
   */
  int row(int i, int[] out);
}
