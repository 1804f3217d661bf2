package io.liquid4j.spiking.units;

import java.util.Objects;

/**
 * A value with a dimension, stored in SI base units: {@code 5*ms} is (0.005, second).
 *
 * <pre>{@code
 * Quantity tau = Quantity.parse("10*ms");
 * Quantity v = Quantity.parse("-60*mV");
 * Quantity i = Quantity.of(13.5, Units.NA);
 * Quantity r = v.divide(i);                       // ohm
 * double inMs = tau.in(Units.MS);                 // 10.0
 * }</pre>
 *
 * @param value the value in SI base units
 * @param dimension its dimension
 */
public record Quantity(double value, Dimension dimension) {
  /**
   * Rejects a null dimension.
   *
   * @param value the value in SI base units
   * @param dimension its dimension, not null
   */
  public Quantity {
    Objects.requireNonNull(dimension, "dimension");
  }

  /**
   * {@code value} in {@code unit}: {@code of(5, Units.MS)} is 0.005 second.
   *
   * @param value the value in {@code unit}
   * @param unit the unit it is written in
   * @return the quantity, its value in SI base units
   */
  public static Quantity of(double value, Unit unit) {
    return new Quantity(value * unit.scale(), unit.dimension());
  }

  /**
   * A dimensionless quantity.
   *
   * @param value the number
   * @return {@code value} with dimension 1
   */
  public static Quantity of(double value) {
    return new Quantity(value, Dimension.DIMENSIONLESS);
  }

  /**
   * Parses Brian2's notation: a number times a unit expression ({@code 5*ms}, {@code -60*mV},
   * {@code 13.5*nA}, {@code 1e-3*siemens/cm2}), a bare number, and sums of such terms with one
   * dimension ({@code 2*ms + 500*us}).
   *
   * @param text the expression
   * @return its value in SI base units and its dimension
   * @throws IllegalArgumentException naming the column and the problem
   */
  public static Quantity parse(String text) {
    UnitParser.Value v = new UnitParser(text, false).parse();
    return new Quantity(v.value(), v.dimension());
  }

  /**
   * True if the dimension is {@code 1}.
   *
   * @return true for a pure number
   */
  public boolean isDimensionless() {
    return dimension.isDimensionless();
  }

  /**
   * This value in {@code unit}.
   *
   * @param unit a unit of this quantity's dimension
   * @return the value as a multiple of {@code unit}
   * @throws IllegalArgumentException if the dimensions differ
   */
  public double in(Unit unit) {
    if (!dimension.equals(unit.dimension())) {
      throw new IllegalArgumentException("quantity " + this + ": cannot express " + dimension
          + " in " + unit + " (" + unit.dimension() + ")");
    }
    return value / unit.scale();
  }

  /**
   * The sum; the dimensions must agree.
   *
   * @param other a quantity of the same dimension
   * @return this + other
   * @throws IllegalArgumentException if the dimensions differ
   */
  public Quantity plus(Quantity other) {
    requireSame(other, "add");
    return new Quantity(value + other.value, dimension);
  }

  /**
   * The difference; the dimensions must agree.
   *
   * @param other a quantity of the same dimension
   * @return this − other
   * @throws IllegalArgumentException if the dimensions differ
   */
  public Quantity minus(Quantity other) {
    requireSame(other, "subtract");
    return new Quantity(value - other.value, dimension);
  }

  /**
   * The product, dimensions multiplied.
   *
   * @param other the other factor
   * @return this · other
   */
  public Quantity times(Quantity other) {
    return new Quantity(value * other.value, dimension.times(other.dimension));
  }

  /**
   * This quantity scaled by a number.
   *
   * @param factor a dimensionless number
   * @return this · factor, of the same dimension
   */
  public Quantity times(double factor) {
    return new Quantity(value * factor, dimension);
  }

  /**
   * The quotient, dimensions divided.
   *
   * @param other the divisor
   * @return this / other
   */
  public Quantity divide(Quantity other) {
    return new Quantity(value / other.value, dimension.divide(other.dimension));
  }

  /**
   * This quantity to a power, dimension included.
   *
   * @param exponent any exponent
   * @return value^exponent, with the dimension to that power
   */
  public Quantity power(double exponent) {
    return new Quantity(Math.pow(value, exponent), dimension.power(exponent));
  }

  /**
   * The opposite value.
   *
   * @return −value, of the same dimension
   */
  public Quantity negate() {
    return new Quantity(-value, dimension);
  }

  private void requireSame(Quantity other, String verb) {
    if (!dimension.equals(other.dimension)) {
      throw new IllegalArgumentException("quantity: cannot " + verb + " " + this + " and "
          + other + ": " + dimension + " and " + other.dimension + " differ");
    }
  }

  /** The SI value and dimension, as in {@code 0.005 second} or {@code 3.0}. */
  @Override
  public String toString() {
    return dimension.isDimensionless() ? Double.toString(value) : value + " " + dimension;
  }
}
