package io.liquid4j.spiking;

/**
 * The spikes of the current step of one emitting object: the indices (in the object's own
 * numbering, increasing) of {@code count} elements. Readers (monitors, synapses) keep a reference
 * and read it in the slots after thresholds.
 */
final class SpikeBuffer {
  final int[] indices;
  int count;

  SpikeBuffer(int size) {
    this.indices = new int[size];
  }

  int[] snapshot() {
    return java.util.Arrays.copyOf(indices, count);
  }

  void restore(int[] spikes) {
    System.arraycopy(spikes, 0, indices, 0, spikes.length);
    count = spikes.length;
  }
}
