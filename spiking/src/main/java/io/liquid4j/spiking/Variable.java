package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Expr;
import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.ValueType;
import io.liquid4j.spiking.units.Dimension;

/**
 * A group's variable as the runtime sees it.
 *
 * @param name the variable's name
 * @param kind where it comes from
 * @param dimension its dimension
 * @param type float, integer or boolean
 * @param shared one value for the whole group
 * @param readOnly model code (resets, later synapses) may not assign it
 * @param expression the definition of a subexpression (subexpressions of it substituted), else
 *     null
 * @param index the subexpression's number in the kernel, else −1
 */
record Variable(String name, Kind kind, Dimension dimension, ValueType type, boolean shared,
    boolean readOnly, Expr expression, int index) {
  enum Kind {
    /** Defined by a differential equation. */
    STATE,
    /** A parameter line ({@code v0 : volt}). */
    PARAMETER,
    /** A subexpression ({@code I = g*(E - v) : amp}), computed where used. */
    SUBEXPRESSION,
    /** {@code lastspike} and {@code not_refractory}, kept by the simulator. */
    INTERNAL
  }

  /** How model code sees this variable: a subexpression, a shared value or a per-element one. */
  Symbol symbol() {
    if (kind == Kind.SUBEXPRESSION) {
      return Symbol.subexpression(name, dimension, type);
    }
    return shared ? Symbol.shared(name, dimension, type, readOnly)
        : Symbol.variable(name, dimension, type, readOnly);
  }

  /** True if the variable has an array (subexpressions have none). */
  boolean stored() {
    return kind != Kind.SUBEXPRESSION;
  }

  boolean isBoolean() {
    return type == ValueType.BOOLEAN;
  }
}
