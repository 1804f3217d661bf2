package io.liquid4j.spiking.units;

import java.util.Objects;

/**
 * A named unit: a scale to SI base units and a dimension. {@code mV} is 0.001 of {@code volt}:
 * a value of 5 mV is stored as the double 0.005.
 *
 * <pre>{@code
 * Unit rate = Units.MV.divide(Units.MS);       // "mV/ms", scale 1.0, dimension volt/second
 * double si = 3 * Units.MV.scale();             // 0.003 (volt)
 * }</pre>
 *
 * @param name how the unit is written ({@code mV}, {@code volt/second})
 * @param scale the value of one of this unit in SI base units
 * @param dimension its dimension
 */
public record Unit(String name, double scale, Dimension dimension) {
  /**
   * Rejects a null name or dimension and a scale that is not positive and finite.
   *
   * @param name how the unit is written ({@code mV}, {@code volt/second})
   * @param scale the value of one of this unit in SI base units, positive and finite
   * @param dimension its dimension
   */
  public Unit {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dimension, "dimension");
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("unit " + name + ": expected a positive finite scale, "
          + "found " + scale);
    }
  }

  /**
   * The product unit ({@code nS*mV}).
   *
   * @param other the other factor
   * @return the unit this · other, named {@code a*b}
   */
  public Unit times(Unit other) {
    return new Unit(name + "*" + operand(other.name), scale * other.scale,
        dimension.times(other.dimension));
  }

  /**
   * The quotient unit ({@code mV/ms}).
   *
   * @param other the divisor
   * @return the unit this / other, named {@code a/b}
   */
  public Unit divide(Unit other) {
    return new Unit(name + "/" + operand(other.name), scale / other.scale,
        dimension.divide(other.dimension));
  }

  /**
   * The unit to a power ({@code mV**2}).
   *
   * @param exponent any exponent
   * @return the unit to that power, named {@code a**e}
   */
  public Unit power(double exponent) {
    String e = exponent == Math.rint(exponent) ? Long.toString((long) exponent)
        : Double.toString(exponent);
    return new Unit(operand(name) + "**" + e, Math.pow(scale, exponent),
        dimension.power(exponent));
  }

  /**
   * True for units without a prefix or factor (volt, siemens/metre**2): stored values are SI.
   *
   * @return true if the scale is 1
   */
  public boolean isCoherent() {
    return scale == 1;
  }

  private static String operand(String name) {
    return name.matches("[A-Za-z_0-9]+") ? name : "(" + name + ")";
  }

  @Override
  public String toString() {
    return name;
  }
}
