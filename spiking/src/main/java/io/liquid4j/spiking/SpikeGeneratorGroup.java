package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Functions;
import java.util.Arrays;
import java.util.List;

/**
 * Spikes at given times, as Brian2's {@code SpikeGeneratorGroup}: element {@code indices[k]}
 * spikes in the time step that contains {@code times[k]} (a time within a thousandth of a step
 * below a step boundary counts as on it), emitted in the thresholds part of the step. Spikes
 * earlier than the start of a run are skipped. Two spikes of one element in one step are an
 * error, as in Brian2.
 *
 * <pre>{@code
 * SpikeGeneratorGroup input = new SpikeGeneratorGroup(3, new int[] {0, 2, 1},
 *     new double[] {0.010, 0.010, 0.0205});               // seconds
 * Network net = new Network(input, new SpikeMonitor(input));
 * net.run("50*ms");                                         // 3 spikes, at 10 ms and 20.5 ms
 * input.setSpikes(new int[] {0}, new double[] {0.060});     // for the next run
 * }</pre>
 */
public final class SpikeGeneratorGroup extends NetworkObject implements SpikeSource {
  private final String name;
  private final int size;
  private final SpikeBuffer spikes;
  /** Sorted by time, then index. */
  private int[] indices;
  private double[] times;
  private double period;
  private int[] bins;
  private long periodBins;
  private int next;
  private boolean changed = true;
  private double binnedDt = Double.NaN;

  /**
   * {@code size} elements that spike at {@code times} (seconds), element {@code indices[k]}.
   *
   * @param size the number of elements, ≥ 1
   * @param indices the element of each spike, in [0, size)
   * @param times the time of each spike, in seconds, ≥ 0
   */
  public SpikeGeneratorGroup(int size, int[] indices, double[] times) {
    this("spikegeneratorgroup", size, indices, times);
  }

  /**
   * The same, named for messages.
   *
   * @param name the name messages use
   * @param size the number of elements, ≥ 1
   * @param indices the element of each spike, in [0, size)
   * @param times the time of each spike, in seconds, ≥ 0
   */
  public SpikeGeneratorGroup(String name, int size, int[] indices, double[] times) {
    if (size < 1) {
      throw new IllegalArgumentException("spike generator group " + name + ": expected at least "
          + "1 element, found " + size);
    }
    this.name = name;
    this.size = size;
    this.spikes = new SpikeBuffer(size);
    setSpikes(indices, times);
  }

  /**
   * Replaces the spikes, for the runs that follow; see {@link #setSpikes(int[], double[], double)}.
   *
   * @param indices the element of each spike, in [0, size)
   * @param times the time of each spike, in seconds, ≥ 0
   */
  public void setSpikes(int[] indices, double[] times) {
    setSpikes(indices, times, 0);
  }

  /**
   * Replaces the spikes, for the runs that follow, repeated every {@code period} seconds if it is
   * positive (0 for no repetition).
   *
   * @param indices the element of each spike, in [0, size)
   * @param times the time of each spike, in seconds, ≥ 0
   * @param period the repetition period, in seconds, or 0
   * @throws IllegalArgumentException if the arrays differ in length, an index is outside
   *     [0, size), a time is negative or not finite, or the period is negative or not beyond the
   *     last spike
   */
  public void setSpikes(int[] indices, double[] times, double period) {
    if (indices == null || times == null || indices.length != times.length) {
      throw new IllegalArgumentException("set spikes of " + name + ": expected as many indices "
          + "as times, found " + (indices == null ? "null" : indices.length) + " and "
          + (times == null ? "null" : times.length));
    }
    if (!(period >= 0) || Double.isInfinite(period)) {
      throw new IllegalArgumentException("set spikes of " + name + ": expected a period >= 0 "
          + "seconds, found " + period);
    }
    Integer[] order = new Integer[indices.length];
    for (int k = 0; k < order.length; k++) {
      if (indices[k] < 0 || indices[k] >= size) {
        throw new IllegalArgumentException("set spikes of " + name + ": expected indices in "
            + "[0, " + size + "), found " + indices[k] + " at position " + k);
      }
      if (!(times[k] >= 0) || Double.isInfinite(times[k])) {
        throw new IllegalArgumentException("set spikes of " + name + ": expected times >= 0 "
            + "seconds, found " + times[k] + " at position " + k);
      }
      if (period > 0 && times[k] >= period) {
        throw new IllegalArgumentException("set spikes of " + name + ": expected times before "
            + "the period of " + period + " second, found " + times[k] + " at position " + k);
      }
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> times[a] != times[b] ? Double.compare(times[a], times[b])
        : Integer.compare(indices[a], indices[b]));
    this.indices = new int[order.length];
    this.times = new double[order.length];
    for (int k = 0; k < order.length; k++) {
      this.indices[k] = indices[order[k]];
      this.times[k] = times[order[k]];
    }
    this.period = period;
    this.changed = true;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * The spike indices, sorted by time and then index.
   *
   * @return a new array of one index per spike
   */
  public int[] indices() {
    return indices.clone();
  }

  /**
   * The spike times in seconds, sorted.
   *
   * @return a new array of one time per spike
   */
  public double[] times() {
    return times.clone();
  }

  SpikeBuffer spikeBuffer() {
    return spikes;
  }

  @Override
  void beforeRun(Network network, double dt) {
    if (changed || dt != binnedDt) {
      bins = new int[times.length];
      for (int k = 0; k < times.length; k++) {
        long bin = Functions.timestep(times[k], dt);
        if (bin > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(name + ": spike time " + times[k] + " second is "
              + "beyond " + Integer.MAX_VALUE + " steps of " + dt + " second");
        }
        bins[k] = (int) bin;
        if (k > 0 && bins[k] == bins[k - 1] && indices[k] == indices[k - 1]) {
          throw new IllegalArgumentException("Using a dt of " + dt + " second, element "
              + indices[k] + " of spike generator group " + name + " spikes more than once "
              + "during a time step (at " + times[k - 1] + " and " + times[k] + " second)");
        }
      }
      periodBins = Math.round(period / dt);
      if (period > 0 && Math.abs(periodBins * dt - period) > 1e-9 * period) {
        throw new IllegalArgumentException(name + ": the period of " + period + " second is not "
            + "a whole number of steps of " + dt + " second");
      }
      binnedDt = dt;
    }
    if (changed) {
      // Spikes before the current time are not emitted, as Brian2 does.
      long now = network.timestep();
      long step = periodBins > 0 ? now % periodBins : now;
      next = 0;
      while (next < bins.length && bins[next] < step) {
        next++;
      }
      changed = false;
    }
  }

  @Override
  List<Action> actions() {
    return List.of(new Action(Slot.THRESHOLDS, 0, (step, t, dt) -> emit(step)));
  }

  private void emit(long step) {
    long bin = step;
    if (periodBins > 0) {
      bin = step % periodBins;
      if (bin == 0) {
        next = 0;
      }
    }
    int count = 0;
    int k = next;
    while (k < bins.length && bins[k] <= bin) {
      if (bins[k] == bin) {
        spikes.indices[count++] = indices[k];
      }
      k++;
    }
    next = k;
    spikes.count = count;
  }

  private record State(int[] indices, double[] times, double period, int next, boolean changed,
      int[] spikes) {}

  @Override
  Object snapshot() {
    return new State(indices.clone(), times.clone(), period, next, changed, spikes.snapshot());
  }

  @Override
  void restore(Object snapshot) {
    State s = (State) snapshot;
    indices = s.indices().clone();
    times = s.times().clone();
    period = s.period();
    next = s.next();
    changed = s.changed();
    binnedDt = Double.NaN;
    spikes.restore(s.spikes());
  }

  @Override
  public String toString() {
    return "SpikeGeneratorGroup " + name + " (" + size + ", " + times.length + " spikes)";
  }
}
