package io.liquid4j.spiking;

import java.util.Arrays;

/** A growable array of ints, for monitors. */
final class IntList {
  private int[] data = new int[64];
  private int size;

  void add(int x) {
    if (size == data.length) {
      data = Arrays.copyOf(data, Math.max(64, data.length * 2));
    }
    data[size++] = x;
  }

  int get(int k) {
    return data[k];
  }

  int size() {
    return size;
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }

  void restore(int[] values) {
    data = Arrays.copyOf(values, Math.max(64, values.length));
    size = values.length;
  }
}
