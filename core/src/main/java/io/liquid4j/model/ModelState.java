package io.liquid4j.model;

import java.util.Arrays;

/**
 * The recurrent state of a batch: h (B, N) and, with mixed memory, the LSTM memory c (B, N).
 * Immutable; arrays are copied in and out.
 *
 * @param batch B
 * @param stateSize N
 */
public record ModelState(int batch, int stateSize, double[] h, double[] c) {
  /** Validates the shapes and copies the arrays. */
  public ModelState {
    if (batch < 1 || stateSize < 1) {
      throw new IllegalArgumentException(
          "state shape must be positive, got (" + batch + ", " + stateSize + ")");
    }
    if (h == null || h.length != batch * stateSize) {
      throw new IllegalArgumentException(
          "state h must have shape ("
              + batch
              + ", "
              + stateSize
              + ") = "
              + batch * stateSize
              + " values, got "
              + (h == null ? "none" : h.length));
    }
    if (c != null && c.length != batch * stateSize) {
      throw new IllegalArgumentException(
          "memory c must have shape (" + batch + ", " + stateSize + "), got " + c.length
              + " values");
    }
    h = h.clone();
    c = c == null ? null : c.clone();
  }

  /** All-zero state, with memory when {@code mixedMemory}. */
  public static ModelState zeros(int batch, int stateSize, boolean mixedMemory) {
    return new ModelState(
        batch,
        stateSize,
        new double[batch * stateSize],
        mixedMemory ? new double[batch * stateSize] : null);
  }

  @Override
  public double[] h() {
    return h.clone();
  }

  @Override
  public double[] c() {
    return c == null ? null : c.clone();
  }

  /** Whether the state carries an LSTM memory. */
  public boolean hasMemory() {
    return c != null;
  }

  /** Sample b's state as a batch of one. */
  public ModelState sample(int b) {
    if (b < 0 || b >= batch) {
      throw new IllegalArgumentException("sample must be in 0.." + (batch - 1) + ", got " + b);
    }
    return new ModelState(
        1,
        stateSize,
        Arrays.copyOfRange(h, b * stateSize, (b + 1) * stateSize),
        c == null ? null : Arrays.copyOfRange(c, b * stateSize, (b + 1) * stateSize));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelState s
        && batch == s.batch
        && stateSize == s.stateSize
        && Arrays.equals(h, s.h)
        && Arrays.equals(c, s.c);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(h) * 31 + Arrays.hashCode(c);
  }

  @Override
  public String toString() {
    return "ModelState[batch=" + batch + ", stateSize=" + stateSize + ", memory=" + hasMemory()
        + "]";
  }
}
