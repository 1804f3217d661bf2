package io.liquid4j.spiking;

import java.util.List;

/**
 * Records a group's population rate each step, as Brian2's {@code PopulationRateMonitor}: the
 * number of neurons that spiked divided by the group's size and by dt, in Hz, at the end of the
 * step.
 *
 * <pre>{@code
 * PopulationRateMonitor rate = new PopulationRateMonitor(group);
 * net.add(group, rate);
 * net.run("100*ms");
 * double[] hz = rate.rate();
 * }</pre>
 */
public final class PopulationRateMonitor extends NetworkObject {
  private final SpikeSource source;
  private final SpikeBuffer spikes;
  private final NetworkObject owner;
  private final int from;
  private final int to;
  private final DoubleList times = new DoubleList();
  private final DoubleList rates = new DoubleList();

  /**
   * Records the rate of {@code source}: a group, a subgroup or an input group.
   *
   * @param source the spikes to count
   */
  public PopulationRateMonitor(SpikeSource source) {
    this.spikes = Groups.buffer(source);
    this.owner = Groups.object(source);
    this.source = source;
    this.from = Groups.offset(source);
    this.to = from + source.size();
  }

  @Override
  public String name() {
    return "ratemonitor of " + source.name();
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
   * The time of each step recorded, in seconds.
   *
   * @return a new array of one time per recorded step
   */
  public double[] t() {
    return times.toArray();
  }

  /**
   * The population rate of each step, in Hz.
   *
   * @return a new array of one rate per recorded step
   */
  public double[] rate() {
    return rates.toArray();
  }

  @Override
  List<Action> actions() {
    return List.of(new Action(Slot.END, 0, (step, t, dt) -> record(t, dt)));
  }

  private void record(double t, double dt) {
    int[] spikes = this.spikes.indices;
    int n = this.spikes.count;
    int count = 0;
    for (int k = 0; k < n; k++) {
      if (spikes[k] >= from && spikes[k] < to) {
        count++;
      }
    }
    times.add(t);
    rates.add(count / (source.size() * dt));
  }

  @Override
  List<NetworkObject> sources() {
    return List.of(owner);
  }

  private record State(double[] times, double[] rates) {}

  @Override
  Object snapshot() {
    return new State(times.toArray(), rates.toArray());
  }

  @Override
  void restore(Object snapshot) {
    State s = (State) snapshot;
    times.restore(s.times());
    rates.restore(s.rates());
  }
}
