package io.liquid4j.solver;

/**
 * An autonomous ODE dv/dt = f(v). The cells hold their input constant across one step, so within a
 * step the system does not depend on time.
 */
public interface OdeSystem {
  /**
   * Dimension of v.
   *
   * @return the number of state variables n; {@code v} and {@code dvdt} have length n
   */
  int dimension();

  /**
   * Evaluates f.
   *
   * @param v current value. Not modified.
   * @param dvdt f(v). Modified.
   */
  void derivative(double[] v, double[] dvdt);
}
