package io.liquid4j.solver;

/** Integrates an {@link OdeSystem} forward over a duration, in place. */
public interface OdeSolver {
  /**
   * Advances {@code v} from time 0 to {@code duration}.
   *
   * @param f the system
   * @param v initial value on entry, final value on return. Modified.
   * @param duration length of the interval, &gt; 0
   * @return the number of derivative evaluations used
   */
  int integrate(OdeSystem f, double[] v, double duration);
}
