package io.liquid4j.reservoir.task;

import java.util.Arrays;

/**
 * A NARMA input series {@code u} and the system's response {@code y}, the same length, index
 * {@code t} of both meaning time t. {@code y[t + 1]} depends on {@code u[t]} and earlier inputs, so
 * a model driven by {@code u[t]} is asked for {@code y[t + 1]} (or, with the usual one-step-late
 * readout, for {@code y[t]}).
 *
 * <p>The arrays are copied in and out, so a series cannot be changed after it is made.
 *
 * <pre>{@code
 * NarmaSeries s = Narma.narma10(4200, 1);
 * double[] inputs = s.u();
 * double[] targets = s.y();
 * }</pre>
 *
 * @param u the inputs
 * @param y the outputs; the first {@code order} of them are the zero initial condition
 */
public record NarmaSeries(double[] u, double[] y) {
  /**
   * Copies both arrays, after checking that they have the same length.
   *
   * @param u the inputs
   * @param y the outputs, as many as inputs
   */
  public NarmaSeries {
    Checks.requireNotNull("u", u);
    Checks.requireNotNull("y", y);
    if (u.length != y.length) {
      throw new IllegalArgumentException(
          "y: expected the length of u (" + u.length + "), found " + y.length);
    }
    u = u.clone();
    y = y.clone();
  }

  /** @return a copy of the inputs */
  @Override
  public double[] u() {
    return u.clone();
  }

  /** @return a copy of the outputs */
  @Override
  public double[] y() {
    return y.clone();
  }

  /** @return the number of time steps */
  public int length() {
    return u.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NarmaSeries that
        && Arrays.equals(u, that.u)
        && Arrays.equals(y, that.y);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(u) + Arrays.hashCode(y);
  }

  @Override
  public String toString() {
    return "NarmaSeries[length=" + u.length + "]";
  }
}
