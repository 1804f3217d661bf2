package io.liquid4j.spiking;

import java.util.Arrays;

/**
 * The synapses whose spikes are on their way, in whole time steps as Brian2 delivers them: a ring
 * of slots, slot {@code (cursor + d) mod n} holding the synapses due d steps from now, each slot
 * in the order pushed (earlier steps first, then spike order, then synapse order). A delay of d
 * steps delivers the spike of step k in the synapses part of step k + d.
 */
final class SpikeQueue {
  private int[][] slots = {new int[16]};
  private int[] counts = {0};
  private int cursor;
  private long pending;

  /** Makes room for delays of up to {@code steps} steps, keeping what is queued. */
  void reserve(int steps) {
    int n = slots.length;
    if (steps < n) {
      return;
    }
    int[][] grown = new int[steps + 1][];
    int[] grownCounts = new int[steps + 1];
    for (int d = 0; d < grown.length; d++) {
      if (d < n) {
        grown[d] = slots[(cursor + d) % n];
        grownCounts[d] = counts[(cursor + d) % n];
      } else {
        grown[d] = new int[16];
      }
    }
    slots = grown;
    counts = grownCounts;
    cursor = 0;
  }

  /** Queues {@code synapse} for delivery {@code steps} steps from now (0: this step). */
  void push(int synapse, int steps) {
    int k = cursor + steps;
    if (k >= slots.length) {
      k -= slots.length;
    }
    int[] slot = slots[k];
    if (counts[k] == slot.length) {
      slot = Arrays.copyOf(slot, slot.length * 2);
      slots[k] = slot;
    }
    slot[counts[k]++] = synapse;
    pending++;
  }

  /** The synapses due now (the first {@link #currentCount()} entries). */
  int[] current() {
    return slots[cursor];
  }

  int currentCount() {
    return counts[cursor];
  }

  /** Empties the current slot and moves to the next step. */
  void advance() {
    pending -= counts[cursor];
    counts[cursor] = 0;
    cursor = cursor + 1 == slots.length ? 0 : cursor + 1;
  }

  boolean isEmpty() {
    return pending == 0;
  }

  /** What is queued, slot by slot from now on. */
  int[][] snapshot() {
    int[][] out = new int[slots.length][];
    for (int d = 0; d < slots.length; d++) {
      int k = (cursor + d) % slots.length;
      out[d] = Arrays.copyOf(slots[k], counts[k]);
    }
    return out;
  }

  void restore(int[][] queued) {
    slots = new int[Math.max(1, queued.length)][];
    counts = new int[slots.length];
    pending = 0;
    for (int d = 0; d < slots.length; d++) {
      int[] q = d < queued.length ? queued[d] : new int[0];
      slots[d] = Arrays.copyOf(q, Math.max(16, q.length));
      counts[d] = q.length;
      pending += q.length;
    }
    cursor = 0;
  }
}
