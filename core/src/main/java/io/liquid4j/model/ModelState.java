package io.liquid4j.model;

import java.util.Arrays;

/**
 * The recurrent state of a batch: h (B, N) and, with mixed memory, the LSTM memory c (B, N).
 * Immutable and safe to share between threads: the arrays are copied in and out.
 *
 * @param batch B, the number of samples, ≥ 1
 * @param stateSize N, the state size of the model, ≥ 1
 * @param h the hidden state, (B, N) row-major
 * @param c the mixed-memory LSTM's memory, (B, N) row-major, or null without mixed memory
 */
public record ModelState(int batch, int stateSize, double[] h, double[] c) {
  /**
   * Validates the shapes and copies the arrays.
   *
   * @param batch B, ≥ 1
   * @param stateSize N, ≥ 1
   * @param h (B, N) row-major; copied
   * @param c (B, N) row-major, or null; copied
   * @throws IllegalArgumentException if B or N is below 1, h is null, or an array's length is not
   *     B·N
   */
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

  /**
   * All-zero state, with memory when {@code mixedMemory}.
   *
   * @param batch B, ≥ 1
   * @param stateSize N, ≥ 1
   * @param mixedMemory whether to include a zero memory c
   * @return the state
   */
  public static ModelState zeros(int batch, int stateSize, boolean mixedMemory) {
    return new ModelState(
        batch,
        stateSize,
        new double[batch * stateSize],
        mixedMemory ? new double[batch * stateSize] : null);
  }

  /**
   * The hidden state.
   *
   * @return a copy of h, (B, N) row-major
   */
  @Override
  public double[] h() {
    return h.clone();
  }

  /**
   * The LSTM memory.
   *
   * @return a copy of c, (B, N) row-major, or null without mixed memory
   */
  @Override
  public double[] c() {
    return c == null ? null : c.clone();
  }

  /**
   * Whether the state carries an LSTM memory.
   *
   * @return true when {@link #c()} is not null
   */
  public boolean hasMemory() {
    return c != null;
  }

  /**
   * Sample b's state as a batch of one.
   *
   * @param b the sample, 0..B−1
   * @return a new state with B = 1
   * @throws IllegalArgumentException if b is out of range
   */
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
