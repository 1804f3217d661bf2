package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.RandomSource;

/**
 * The Java class generated and compiled for each {@link NeuronGroup}: every method is one plain
 * loop over the group's arrays. Public only because Janino loads the generated class in a class
 * loader of its own; not for users to implement or call.
 */
public interface GroupKernel {
  /**
   * Hands the kernel the group's arrays (in the group's variable order), its random stream and
   * the array that receives the per-run values of the state updater, and the namespace's
   * functions (TimedArrays, in the namespace's order). Called once.
   *
   * @param doubles the group's double variables, one array per variable
   * @param booleans its boolean variables
   * @param random the stream of {@code rand()}, {@code randn()} and white noise
   * @param prepared receives the state updater's per-run values
   * @param functions the namespace's functions, in its order
   */
  void bind(double[][] doubles, boolean[][] booleans, RandomSource random, double[] prepared,
      Object[] functions);

  /**
   * The state update of one step at time {@code t}: refractoriness first, then integration.
   *
   * @param t the time at the start of the step, in seconds
   * @param dt the time step, in seconds
   */
  void update(double t, double dt);

  /**
   * Threshold detection: writes the indices of the neurons that spike, in increasing order, to
   * {@code spikes} and returns how many there are; marks them refractory.
   *
   * @param t the current time, in seconds
   * @param dt the time step, in seconds
   * @param spikes receives the spiking neurons' indices, room for every neuron. Modified.
   * @return the number of neurons that spike
   */
  int threshold(double t, double dt, int[] spikes);

  /**
   * The state update and threshold detection of one step in one pass over the neurons, each
   * neuron's condition tested right after its update: the same spikes and states as {@link
   * #update} followed by {@link #threshold}, which it is when the generator cannot fuse the two.
   *
   * @param t the time at the start of the step, in seconds
   * @param dt the time step, in seconds
   * @param spikes receives the spiking neurons' indices, room for every neuron. Modified.
   * @return the number of neurons that spike
   */
  int updateAndThreshold(double t, double dt, int[] spikes);

  /**
   * Runs the reset statements for the first {@code count} neurons of {@code spikes}.
   *
   * @param spikes the spiking neurons' indices
   * @param count the number of them
   * @param t the current time, in seconds
   * @param dt the time step, in seconds
   */
  void reset(int[] spikes, int count, double t, double dt);

  /**
   * The value of subexpression number {@code index} for neuron {@code element}.
   *
   * @param index the subexpression's number, in the model's order
   * @param element the neuron
   * @param t the current time, in seconds
   * @param dt the time step, in seconds
   * @return the value, SI
   */
  double subexpression(int index, int element, double t, double dt);
}
