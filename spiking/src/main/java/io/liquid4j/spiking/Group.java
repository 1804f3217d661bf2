package io.liquid4j.spiking;

import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import java.util.Set;

/**
 * Neurons whose variables can be read, set and monitored: a whole {@link NeuronGroup} or a
 * contiguous {@link Subgroup} of one. Values are SI doubles.
 *
 * <pre>{@code
 * Group excitatory = group.subgroup(0, 3200);
 * excitatory.set("v", "Vr + rand()*(Vt - Vr)");
 * double[] v = excitatory.get("v");
 * }</pre>
 */
public sealed interface Group extends SpikeSource permits NeuronGroup, Subgroup {
  /** The number of neurons. */
  @Override
  int size();

  /** The name messages use. */
  @Override
  String name();

  /**
   * Sets a variable from an expression evaluated for each neuron, which may use the neuron's
   * index {@code i} (counted within this group), the size {@code N}, other variables, constants,
   * units, {@code t}, {@code rand()} and {@code randn()}.
   *
   * @param variable a settable variable
   * @param expression its value for each neuron
   * @throws IllegalArgumentException for an unknown or unsettable variable, a malformed
   *     expression or one with the wrong dimension
   */
  void set(String variable, String expression);

  /**
   * Sets a variable to one value for every neuron.
   *
   * @param variable a settable variable
   * @param value the value, of the variable's dimension
   */
  void set(String variable, Quantity value);

  /**
   * Sets a variable from SI values, one per neuron (one for a shared variable).
   *
   * @param variable a settable variable
   * @param values SI values, one per neuron (one for a shared variable)
   */
  void set(String variable, double[] values);

  /**
   * A copy of a variable's values (SI; conditions as 1 and 0), one per neuron.
   *
   * @param variable a variable of the group
   * @return a new array of the values
   */
  double[] get(String variable);

  /**
   * The dimension of a variable.
   *
   * @param variable a variable of the group
   * @return its dimension
   */
  Dimension dimension(String variable);

  /**
   * The variables that can be read.
   *
   * @return the names
   */
  Set<String> variables();

  /**
   * Neurons {@code from} (inclusive) to {@code to} (exclusive) of this group.
   *
   * @param from the first neuron
   * @param to one past the last neuron
   * @return a view of the neurons, sharing their variables
   */
  Subgroup subgroup(int from, int to);
}
