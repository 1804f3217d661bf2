package io.liquid4j.spiking;

import java.util.Arrays;

/** A growable array of doubles, for monitors. */
final class DoubleList {
  private double[] data = new double[64];
  private int size;

  void add(double x) {
    if (size == data.length) {
      data = Arrays.copyOf(data, Math.max(64, data.length * 2));
    }
    data[size++] = x;
  }

  double get(int k) {
    return data[k];
  }

  int size() {
    return size;
  }

  double[] toArray() {
    return Arrays.copyOf(data, size);
  }

  /** Replaces the contents with a copy of {@code values}. */
  void restore(double[] values) {
    data = Arrays.copyOf(values, Math.max(64, values.length));
    size = values.length;
  }
}
