package io.liquid4j.spiking.units;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A physical dimension: the exponents of the seven SI base units, in the order metre, kilogram,
 * second, amp, kelvin, mole, candela. Exponents are doubles because white noise {@code xi} has the
 * dimension second<sup>−½</sup> and {@code sqrt} halves them.
 *
 * <pre>{@code
 * Dimension volt = Units.VOLT.dimension();                 // metre**2*kilogram*second**-3*amp**-1
 * Dimension rate = volt.divide(Dimension.TIME);            // prints "volt/second"
 * boolean same = Units.parse("mV/ms").dimension().equals(rate);   // true
 * }</pre>
 *
 * <p>{@link #toString()} names the dimension with a unit a user can write back into an equation
 * ({@code 1}, {@code volt}, {@code volt/second}, {@code second**-0.5}), which is what error
 * messages show.
 */
public final class Dimension {
  /** Names of the base units, in exponent order. */
  static final String[] BASE_NAMES = {
      "metre", "kilogram", "second", "amp", "kelvin", "mole", "candela"};

  /** All exponents zero ({@code 1}). */
  public static final Dimension DIMENSIONLESS = new Dimension(new double[7]);
  /** metre. */
  public static final Dimension LENGTH = base(0);
  /** kilogram. */
  public static final Dimension MASS = base(1);
  /** second. */
  public static final Dimension TIME = base(2);
  /** amp. */
  public static final Dimension CURRENT = base(3);
  /** kelvin. */
  public static final Dimension TEMPERATURE = base(4);
  /** mole. */
  public static final Dimension AMOUNT = base(5);
  /** candela. */
  public static final Dimension LUMINOUS_INTENSITY = base(6);

  private final double[] exponents; // (7) metre, kilogram, second, amp, kelvin, mole, candela

  private Dimension(double[] exponents) {
    for (int k = 0; k < 7; k++) {
      // -0.0 would make equal dimensions unequal under Arrays.equals.
      exponents[k] += 0.0;
    }
    this.exponents = exponents;
  }

  private static Dimension base(int index) {
    double[] e = new double[7];
    e[index] = 1;
    return new Dimension(e);
  }

  /**
   * The dimension metre^m · kilogram^kg · second^s · amp^a · kelvin^k · mole^mol · candela^cd.
   *
   * @param m exponent of metre
   * @param kg exponent of kilogram
   * @param s exponent of second
   * @param a exponent of amp
   * @param k exponent of kelvin
   * @param mol exponent of mole
   * @param cd exponent of candela
   * @return the dimension with those exponents
   */
  public static Dimension of(double m, double kg, double s, double a, double k, double mol,
      double cd) {
    double[] e = {m, kg, s, a, k, mol, cd};
    for (double x : e) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("dimension: expected finite exponents, found "
            + Arrays.toString(e));
      }
    }
    return new Dimension(e);
  }

  /**
   * The exponent of base unit {@code index} (0 metre, 1 kilogram, 2 second, 3 amp, ...).
   *
   * @param index the base unit, in [0, 7)
   * @return its exponent in this dimension
   */
  public double exponent(int index) {
    return exponents[index];
  }

  /**
   * True if every exponent is zero.
   *
   * @return true for a pure number
   */
  public boolean isDimensionless() {
    for (double e : exponents) {
      if (e != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The dimension of a product: exponents added.
   *
   * @param other the other factor's dimension
   * @return this · other
   */
  public Dimension times(Dimension other) {
    double[] e = new double[7];
    for (int k = 0; k < 7; k++) {
      e[k] = exponents[k] + other.exponents[k];
    }
    return new Dimension(e);
  }

  /**
   * The dimension of a quotient: exponents subtracted.
   *
   * @param other the divisor's dimension
   * @return this / other
   */
  public Dimension divide(Dimension other) {
    double[] e = new double[7];
    for (int k = 0; k < 7; k++) {
      e[k] = exponents[k] - other.exponents[k];
    }
    return new Dimension(e);
  }

  /**
   * This dimension raised to {@code power}.
   *
   * @param power any exponent, e.g. 0.5 for a square root
   * @return every exponent multiplied by {@code power}
   */
  public Dimension power(double power) {
    if (!Double.isFinite(power)) {
      throw new IllegalArgumentException("dimension power: expected a finite exponent, found "
          + power);
    }
    double[] e = new double[7];
    for (int k = 0; k < 7; k++) {
      e[k] = exponents[k] * power;
    }
    return new Dimension(e);
  }

  /**
   * The dimension of 1/x.
   *
   * @return every exponent negated
   */
  public Dimension inverse() {
    return DIMENSIONLESS.divide(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dimension d && Arrays.equals(exponents, d.exponents);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(exponents);
  }

  /**
   * A unit expression for this dimension: {@code 1} when dimensionless, a derived unit's name
   * when one fits ({@code volt}, {@code siemens}), that name over or times a second or metre
   * ({@code volt/second}), and otherwise a product of base-unit powers
   * ({@code metre**2*kilogram*second**-3}).
   */
  @Override
  public String toString() {
    if (isDimensionless()) {
      return "1";
    }
    String named = Named.NAMES.get(this);
    if (named != null) {
      return named;
    }
    for (Map.Entry<Dimension, String> e : Named.NAMES.entrySet()) {
      for (double p : new double[] {2, 3, -2, 0.5}) {
        if (e.getKey().power(p).equals(this) && !e.getValue().contains("*")) {
          return e.getValue() + "**" + (p == Math.rint(p) ? Long.toString((long) p)
              : Double.toString(p));
        }
      }
    }
    for (String suffix : new String[] {"second", "metre"}) {
      Dimension unit = suffix.equals("second") ? TIME : LENGTH;
      String over = Named.NAMES.get(this.times(unit));
      if (over != null) {
        return over + "/" + suffix;
      }
      String overSquare = Named.NAMES.get(this.times(unit).times(unit));
      if (overSquare != null) {
        return overSquare + "/" + suffix + "**2";
      }
      String times = Named.NAMES.get(this.divide(unit));
      if (times != null && !times.equals("1")) {
        return times + "*" + suffix;
      }
    }
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < 7; k++) {
      double e = exponents[k];
      if (e == 0) {
        continue;
      }
      if (s.length() > 0) {
        s.append('*');
      }
      s.append(BASE_NAMES[k]);
      if (e != 1) {
        s.append("**").append(e == Math.rint(e) ? Long.toString((long) e) : Double.toString(e));
      }
    }
    return s.toString();
  }

  /** Named dimensions for printing, built lazily so that the constants above exist first. */
  private static final class Named {
    static final Map<Dimension, String> NAMES = new LinkedHashMap<>();

    static {
      put(LENGTH, "metre");
      put(MASS, "kilogram");
      put(TIME, "second");
      put(CURRENT, "amp");
      put(TEMPERATURE, "kelvin");
      put(AMOUNT, "mole");
      put(LUMINOUS_INTENSITY, "candela");
      put(of(2, 1, -3, -1, 0, 0, 0), "volt");
      put(of(-2, -1, 3, 2, 0, 0, 0), "siemens");
      put(of(-2, -1, 4, 2, 0, 0, 0), "farad");
      put(of(2, 1, -3, -2, 0, 0, 0), "ohm");
      put(of(0, 0, 1, 1, 0, 0, 0), "coulomb");
      put(of(2, 1, -2, 0, 0, 0, 0), "joule");
      put(of(2, 1, -3, 0, 0, 0, 0), "watt");
      put(of(1, 1, -2, 0, 0, 0, 0), "newton");
      put(of(-1, 1, -2, 0, 0, 0, 0), "pascal");
      put(of(2, 1, -2, -2, 0, 0, 0), "henry");
      put(of(0, 1, -2, -1, 0, 0, 0), "tesla");
      put(of(2, 1, -2, -1, 0, 0, 0), "weber");
      put(of(0, 0, -1, 0, 0, 0, 0), "hertz");
      put(of(-3, 0, 0, 0, 0, 1, 0), "molar");
      put(of(0, 0, -0.5, 0, 0, 0, 0), "second**-0.5");
    }

    private static void put(Dimension d, String name) {
      NAMES.putIfAbsent(d, name);
    }
  }
}
