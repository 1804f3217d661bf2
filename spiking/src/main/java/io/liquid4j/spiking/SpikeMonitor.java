package io.liquid4j.spiking;

import java.util.List;

/**
 * Records the spikes of a group, as Brian2's {@code SpikeMonitor}: the time and index of each
 * spike, in the order they happen (by time, then index), recorded in the thresholds part of the
 * step. Indices of a {@link Subgroup} count from its first neuron.
 *
 * <pre>{@code
 * SpikeMonitor spikes = new SpikeMonitor(group);
 * net.add(group, spikes);
 * net.run("1*second");
 * int[] perNeuron = spikes.count();
 * double[] times = spikes.t();          // seconds
 * int[] who = spikes.i();
 * }</pre>
 */
public final class SpikeMonitor extends NetworkObject {
  private final SpikeSource source;
  private final SpikeBuffer spikes;
  private final NetworkObject owner;
  private final int from;
  private final int to;
  private final DoubleList times = new DoubleList();
  private final IntList indices = new IntList();
  private final int[] counts;

  /**
   * Records the spikes of {@code source}: a group, a subgroup or an input group.
   *
   * @param source the spikes to record
   */
  public SpikeMonitor(SpikeSource source) {
    this.spikes = Groups.buffer(source);
    this.owner = Groups.object(source);
    this.source = source;
    this.from = Groups.offset(source);
    this.to = from + source.size();
    this.counts = new int[source.size()];
  }

  @Override
  public String name() {
    return "spikemonitor of " + source.name();
  }

  /**
   * The group recorded.
   *
   * @return the source
   */
  public SpikeSource source() {
    return source;
  }

  /**
   * The spike times in seconds.
   *
   * @return a new array of one time per spike, in the order recorded
   */
  public double[] t() {
    return times.toArray();
  }

  /**
   * The index of the neuron of each spike.
   *
   * @return a new array of one index per spike, in the order recorded
   */
  public int[] i() {
    return indices.toArray();
  }

  /**
   * The number of spikes of each neuron.
   *
   * @return a new array of one count per neuron of the source
   */
  public int[] count() {
    return counts.clone();
  }

  /**
   * The number of spikes recorded.
   *
   * @return the number of spikes
   */
  public int total() {
    return times.size();
  }

  /**
   * Each neuron's spike times in seconds, Brian2's {@code spike_trains()}.
   *
   * @return a new array per neuron of its spike times
   */
  public double[][] spikeTrains() {
    double[][] out = new double[counts.length][];
    int[] filled = new int[counts.length];
    for (int k = 0; k < counts.length; k++) {
      out[k] = new double[counts[k]];
    }
    for (int s = 0; s < times.size(); s++) {
      int n = indices.get(s);
      out[n][filled[n]++] = times.get(s);
    }
    return out;
  }

  /**
   * The spike times of one neuron in seconds.
   *
   * @param neuron an index of the source
   * @return a new array of the times
   * @throws IllegalArgumentException if the neuron is outside the source
   */
  public double[] spikeTrain(int neuron) {
    if (neuron < 0 || neuron >= counts.length) {
      throw new IllegalArgumentException("spike train: expected a neuron in [0, "
          + counts.length + "), found " + neuron);
    }
    double[] out = new double[counts[neuron]];
    int k = 0;
    for (int s = 0; s < times.size(); s++) {
      if (indices.get(s) == neuron) {
        out[k++] = times.get(s);
      }
    }
    return out;
  }

  @Override
  List<Action> actions() {
    return List.of(new Action(Slot.THRESHOLDS, 1, (step, t, dt) -> record(t)));
  }

  private void record(double t) {
    int[] spikes = this.spikes.indices;
    int n = this.spikes.count;
    for (int k = 0; k < n; k++) {
      int s = spikes[k];
      if (s >= from && s < to) {
        times.add(t);
        indices.add(s - from);
        counts[s - from]++;
      }
    }
  }

  @Override
  List<NetworkObject> sources() {
    return List.of(owner);
  }

  private record State(double[] times, int[] indices, int[] counts) {}

  @Override
  Object snapshot() {
    return new State(times.toArray(), indices.toArray(), counts.clone());
  }

  @Override
  void restore(Object snapshot) {
    State s = (State) snapshot;
    times.restore(s.times());
    indices.restore(s.indices());
    System.arraycopy(s.counts(), 0, counts, 0, counts.length);
  }
}
