package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.RandomSource;

/**
 * The Java class generated for one {@link Synapses#connect} call with a condition or a
 * probability: which postsynaptic neurons each presynaptic neuron connects to. Public only for
 * Janino; not for users.
 */
public interface ConnectKernel {
  /** The stored variables of the two groups (as {@link SynapsesKernel#bind}) and the stream. */
  void bind(double[][] preDoubles, boolean[][] preBooleans, double[][] postDoubles,
      boolean[][] postBooleans, RandomSource random, Object[] functions, double t);

  /**
   * Writes the postsynaptic indices that presynaptic neuron {@code i} connects to, increasing,
   * into {@code out} (room for N_post) and returns how many there are.
   */
  int row(int i, int[] out);
}
