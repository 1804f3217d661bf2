package io.liquid4j.model;

/** Validation of forward-pass inputs, so that bad data fails loudly instead of yielding NaN. */
final class InputChecks {
  private InputChecks() {}

  static void sequence(
      double[] x,
      int batch,
      int length,
      int features,
      double[] timespans,
      ModelState initial,
      int stateSize,
      boolean mixedMemory) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    if (length < 1) {
      throw new IllegalArgumentException("sequence length must be >= 1, got " + length);
    }
    if (x == null) {
      throw new IllegalArgumentException("x: expected an array of shape (B, L, S), got null");
    }
    long expected = (long) batch * length * features;
    if (x.length != expected) {
      throw new IllegalArgumentException(
          "x: expected shape ("
              + batch
              + ", "
              + length
              + ", "
              + features
              + ") = "
              + expected
              + " values, got "
              + x.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        int b = i / (length * features);
        int t = (i / features) % length;
        throw new IllegalArgumentException(
            "x: expected finite values, got " + x[i] + " at [" + b + ", " + t + ", "
                + (i % features) + "]");
      }
    }
    if (timespans != null) {
      if (timespans.length != batch * length) {
        throw new IllegalArgumentException(
            "timespans: expected shape (" + batch + ", " + length + ") = " + batch * length
                + " values, got " + timespans.length);
      }
      for (int i = 0; i < timespans.length; i++) {
        elapsed("timespans", timespans[i], "[" + i / length + ", " + i % length + "]");
      }
    }
    if (initial != null) {
      if (initial.batch() != batch || initial.stateSize() != stateSize) {
        throw new IllegalArgumentException(
            "initial state: expected shape (" + batch + ", " + stateSize + "), got ("
                + initial.batch() + ", " + initial.stateSize() + ")");
      }
      if (initial.hasMemory() != mixedMemory) {
        throw new IllegalArgumentException(
            mixedMemory
                ? "initial state: the model has mixed memory, so the state needs the memory c too"
                : "initial state: the model has no mixed memory, but the state carries a memory c");
      }
      finite("initial state h", initial.h());
      if (initial.hasMemory()) {
        finite("initial state c", initial.c());
      }
    }
  }

  static void elapsed(String argument, double dt, String where) {
    if (!(dt > 0) || !Double.isFinite(dt)) {
      throw new IllegalArgumentException(
          argument + ": elapsed time must be a positive finite number, got " + dt
              + (where.isEmpty() ? "" : " at " + where));
    }
  }

  static void finite(String argument, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            argument + ": expected finite values, got " + values[i] + " at index " + i);
      }
    }
  }
}
