package io.liquid4j.spiking.equations;

import java.util.List;
import java.util.Objects;

/**
 * What a state updater makes of a model's differential equations: the per-element statements of
 * one integration step, in order (temporaries such as {@code _k_1_v}, then {@code v = _new_v}),
 * and the values that depend only on {@code dt} and constants and so are computed once per run
 * (the propagator matrices of exact integration), which the statements read by name.
 *
 * @param method the integration method used ("exact", "euler", ...)
 * @param statements the step for one element; temporaries start with an underscore
 * @param prepared the per-run values; {@link Prepared#NONE} when there are none
 */
public record StateUpdate(String method, List<Statement> statements, Prepared prepared) {
  /** Values computed once per run from {@code dt}, named {@code _prep_0}, {@code _prep_1}, ... */
  public interface Prepared {
    /** No per-run values. */
    Prepared NONE = dt -> new double[0];

    /**
     * The values for time step {@code dt} (SI), in name order.
     *
     * @param dt the time step (s)
     * @return a new array of the values
     */
    double[] values(double dt);
  }

  /**
   * Copies the statements.
   *
   * @param method the integration method used ("exact", "euler", ...)
   * @param statements the step for one element; temporaries start with an underscore
   * @param prepared the per-run values; {@link Prepared#NONE} when there are none
   */
  public StateUpdate {
    Objects.requireNonNull(method, "method");
    statements = List.copyOf(statements);
    Objects.requireNonNull(prepared, "prepared");
  }

  /**
   * The name under which statements read prepared value {@code k}.
   *
   * @param k the index of the value, ≥ 0
   * @return {@code "_prep_" + k}
   */
  public static String preparedName(int k) {
    return "_prep_" + k;
  }
}
