package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.units.Dimension;
import java.util.Objects;
import java.util.Set;

/**
 * One line of a model: a differential equation ({@code dv/dt = (v0 - v)/tau : 1 (unless
 * refractory)}), a subexpression ({@code I = g*(E - v) : amp}) or a parameter ({@code v0 : 1}).
 *
 * @param kind which of the three
 * @param variable the variable defined
 * @param expression the right-hand side; null for a parameter
 * @param dimension the variable's dimension (for a differential equation that of the variable,
 *     not of its derivative, as in Brian2)
 * @param type float, or integer/boolean for parameters declared {@code : integer} or
 *     {@code : boolean}
 * @param flags the flags in the trailing parentheses, normalised ({@code unless refractory},
 *     {@code constant}, {@code shared}, {@code summed}, {@code clock-driven},
 *     {@code event-driven}, {@code constant over dt})
 * @param source the equations' text
 * @param offset where the line starts in {@code source}
 */
public record Equation(Kind kind, String variable, Expr expression, Dimension dimension,
    ValueType type, Set<String> flags, SourceText source, int offset) {
  /** The three forms a line can take. */
  public enum Kind {
    /** {@code dx/dt = expression : unit}. */
    DIFFERENTIAL,
    /** {@code x = expression : unit}. */
    SUBEXPRESSION,
    /** {@code x : unit}. */
    PARAMETER
  }

  /**
   * Copies the flags; rejects null kind, variable and dimension.
   *
   * @param kind which of the three
   * @param variable the variable defined
   * @param expression the right-hand side; null for a parameter
   * @param dimension the variable's dimension (for a differential equation that of the variable,
   *     not of its derivative, as in Brian2)
   * @param type float, or integer/boolean for parameters declared {@code : integer} or
   *     {@code : boolean}
   * @param flags the flags in the trailing parentheses, normalised ({@code unless refractory},
   *     {@code constant}, {@code shared}, {@code summed}, {@code clock-driven},
   *     {@code event-driven}, {@code constant over dt})
   * @param source the equations' text
   * @param offset where the line starts in {@code source}
   */
  public Equation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(dimension, "dimension");
    flags = Set.copyOf(flags);
  }

  /**
   * True if the line carries {@code flag} (normalised, e.g. "unless refractory").
   *
   * @param flag a normalised flag
   * @return true if the line carries it
   */
  public boolean hasFlag(String flag) {
    return flags.contains(flag);
  }

  /**
   * The line as written, without its comment.
   *
   * @return the text of the line holding {@link #offset()}, stripped
   */
  public String text() {
    return source.lineText(offset);
  }

  /**
   * The 1-based line number in the equations.
   *
   * @return the line number, counted from 1
   */
  public int line() {
    return source.line(offset);
  }

  @Override
  public String toString() {
    return text();
  }
}
