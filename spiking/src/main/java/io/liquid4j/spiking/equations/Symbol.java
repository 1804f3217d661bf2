package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.units.Dimension;
import java.util.Objects;

/**
 * What an identifier denotes.
 *
 * <pre>{@code
 * Symbol v = Symbol.variable("v", Dimension.DIMENSIONLESS, ValueType.FLOAT, false);
 * Symbol tau = Symbol.constant("tau", 0.01, Dimension.TIME);
 * }</pre>
 *
 * @param name the identifier
 * @param kind what sort of thing it is
 * @param dimension its dimension
 * @param type float, integer or boolean
 * @param value the value of a {@link Kind#CONSTANT} (SI), NaN otherwise
 * @param readOnly true if model code may read but not assign it (parameters flagged
 *     {@code (constant)}, {@code lastspike}, constants)
 */
public record Symbol(String name, Kind kind, Dimension dimension, ValueType type, double value,
    boolean readOnly) {
  /** The kinds of identifier. */
  public enum Kind {
    /** One value per element (neuron), in an array. */
    VARIABLE,
    /** One value for the whole group (flag {@code (shared)}). */
    SHARED,
    /** A value known when the model is built: namespace constants, units, {@code N}, pi. */
    CONSTANT,
    /** A named expression ({@code I = g*(E - v) : amp}), substituted where it is used. */
    SUBEXPRESSION,
    /** {@code i}, the element's index. */
    INDEX,
    /** {@code t}, the time at the start of the step. */
    TIME,
    /** {@code dt}, the time step. */
    TIMESTEP,
    /** {@code xi} or {@code xi_*}: white noise, dimension second**-0.5. */
    NOISE
  }

  /**
   * Rejects null components.
   *
   * @param name the identifier
   * @param kind what sort of thing it is
   * @param dimension its dimension
   * @param type float, integer or boolean
   * @param value the value of a {@link Kind#CONSTANT} (SI), NaN otherwise
   * @param readOnly true if model code may read but not assign it (parameters flagged
   *     {@code (constant)}, {@code lastspike}, constants)
   */
  public Symbol {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dimension, "dimension");
    Objects.requireNonNull(type, "type");
  }

  /**
   * A per-element variable.
   *
   * @param name the identifier
   * @param dimension its dimension
   * @param type float, integer or boolean
   * @param readOnly true if model code may not assign it
   * @return a symbol of kind {@link Kind#VARIABLE}
   */
  public static Symbol variable(String name, Dimension dimension, ValueType type,
      boolean readOnly) {
    return new Symbol(name, Kind.VARIABLE, dimension, type, Double.NaN, readOnly);
  }

  /**
   * A variable with one value for the whole group.
   *
   * @param name the identifier
   * @param dimension its dimension
   * @param type float, integer or boolean
   * @param readOnly true if model code may not assign it
   * @return a symbol of kind {@link Kind#SHARED}
   */
  public static Symbol shared(String name, Dimension dimension, ValueType type,
      boolean readOnly) {
    return new Symbol(name, Kind.SHARED, dimension, type, Double.NaN, readOnly);
  }

  /**
   * A constant known when the model is built (SI value).
   *
   * @param name the identifier
   * @param value the value, SI
   * @param dimension its dimension
   * @return a read-only float symbol of kind {@link Kind#CONSTANT}
   */
  public static Symbol constant(String name, double value, Dimension dimension) {
    return new Symbol(name, Kind.CONSTANT, dimension, ValueType.FLOAT, value, true);
  }

  /**
   * A subexpression of the given dimension and type.
   *
   * @param name the identifier
   * @param dimension its dimension
   * @param type float, integer or boolean
   * @return a read-only symbol of kind {@link Kind#SUBEXPRESSION}
   */
  public static Symbol subexpression(String name, Dimension dimension, ValueType type) {
    return new Symbol(name, Kind.SUBEXPRESSION, dimension, type, Double.NaN, true);
  }

  /**
   * A special name: {@code t}, {@code dt}, {@code i} or white noise.
   *
   * @param name the identifier
   * @param kind {@link Kind#TIME}, {@link Kind#TIMESTEP}, {@link Kind#INDEX} or {@link Kind#NOISE}
   * @param dimension its dimension
   * @param type float, integer or boolean
   * @return a read-only symbol of that kind
   */
  public static Symbol special(String name, Kind kind, Dimension dimension, ValueType type) {
    return new Symbol(name, kind, dimension, type, Double.NaN, true);
  }

  /**
   * True for the white-noise names {@code xi} and {@code xi_anything}.
   *
   * @param name an identifier
   * @return true if it names white noise
   */
  public static boolean isNoiseName(String name) {
    return name.equals("xi") || name.startsWith("xi_");
  }

  /**
   * The dimension of white noise, second**-0.5.
   *
   * @return second**-0.5
   */
  public static Dimension noiseDimension() {
    return Dimension.TIME.power(-0.5);
  }
}
