package io.liquid4j.spiking;

import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import java.util.Set;

/**
 * A contiguous range of a {@link NeuronGroup}'s neurons, Brian2's {@code G[from:to]}: a view
 * that shares the group's state. Indices {@code i} in expressions, and in monitors of a
 * subgroup, count from the subgroup's first neuron; {@code N} is its size.
 *
 * <pre>{@code
 * Subgroup inhibitory = group.subgroup(3200, 4000);
 * SpikeMonitor spikes = new SpikeMonitor(inhibitory);   // indices 0..799
 * }</pre>
 */
public final class Subgroup implements Group {
  private final NeuronGroup parent;
  private final int from;
  private final int to;

  Subgroup(NeuronGroup parent, int from, int to) {
    this.parent = parent;
    this.from = from;
    this.to = to;
  }

  /**
   * The group this is part of.
   *
   * @return the parent group
   */
  public NeuronGroup parent() {
    return parent;
  }

  /**
   * The first neuron, as an index of the parent.
   *
   * @return the parent's index of this subgroup's neuron 0
   */
  public int from() {
    return from;
  }

  /**
   * One past the last neuron, as an index of the parent.
   *
   * @return the parent's index one past this subgroup's last neuron
   */
  public int to() {
    return to;
  }

  @Override
  public int size() {
    return to - from;
  }

  @Override
  public String name() {
    return parent.name() + "[" + from + ":" + to + "]";
  }

  @Override
  public void set(String variable, String expression) {
    parent.setRange(variable, expression, from, to);
  }

  @Override
  public void set(String variable, Quantity value) {
    parent.setRange(variable, value, from, to);
  }

  @Override
  public void set(String variable, double[] values) {
    parent.setRange(variable, values, from, to);
  }

  @Override
  public double[] get(String variable) {
    return parent.getRange(variable, from, to);
  }

  @Override
  public Dimension dimension(String variable) {
    return parent.dimension(variable);
  }

  @Override
  public Set<String> variables() {
    return parent.variables();
  }

  @Override
  public Subgroup subgroup(int from, int to) {
    NeuronGroup.checkRange(name(), from, to, size());
    return new Subgroup(parent, this.from + from, this.from + to);
  }

  @Override
  public String toString() {
    return name();
  }
}
