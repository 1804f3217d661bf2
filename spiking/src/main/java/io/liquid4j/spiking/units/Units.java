package io.liquid4j.spiking.units;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Brian2's unit names: the SI base and derived units with every SI prefix ({@code mvolt},
 * {@code nsiemens}, {@code kohm}, {@code Mohm}, {@code msecond}, {@code khertz}), their
 * American spellings ({@code meter}, {@code liter}), {@code amp} and {@code ampere}, and the short
 * forms of Brian2's {@code stdunits} ({@code mV}, {@code nA}, {@code pA}, {@code nS}, {@code pF},
 * {@code ms}, {@code us}, {@code Hz}, {@code kHz}, {@code cm}, {@code um2}, {@code mM} ...).
 *
 * <pre>{@code
 * Unit u = Units.parse("siemens/metre**2");    // coherent: scale 1
 * Unit w = Units.parse("mV**2");               // scale 1e-6, dimension volt**2
 * Optional<Unit> ms = Units.lookup("ms");       // 0.001 second
 * }</pre>
 */
public final class Units {
  private static final Map<String, Unit> UNITS = new LinkedHashMap<>();

  private static final String[] PREFIXES = {
      "y", "z", "a", "f", "p", "n", "u", "m", "c", "d", "da", "h", "k", "M", "G", "T", "P", "E",
      "Z", "Y"};
  private static final int[] PREFIX_EXPONENTS = {
      -24, -21, -18, -15, -12, -9, -6, -3, -2, -1, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24};

  static {
    Dimension volt = Dimension.of(2, 1, -3, -1, 0, 0, 0);
    prefixed("metre", 1, Dimension.LENGTH);
    prefixed("meter", 1, Dimension.LENGTH);
    prefixed("gram", 1e-3, Dimension.MASS);
    prefixed("second", 1, Dimension.TIME);
    prefixed("amp", 1, Dimension.CURRENT);
    prefixed("ampere", 1, Dimension.CURRENT);
    prefixed("kelvin", 1, Dimension.TEMPERATURE);
    prefixed("mole", 1, Dimension.AMOUNT);
    prefixed("mol", 1, Dimension.AMOUNT);
    prefixed("candela", 1, Dimension.LUMINOUS_INTENSITY);
    prefixed("volt", 1, volt);
    prefixed("siemens", 1, Dimension.of(-2, -1, 3, 2, 0, 0, 0));
    prefixed("farad", 1, Dimension.of(-2, -1, 4, 2, 0, 0, 0));
    prefixed("ohm", 1, Dimension.of(2, 1, -3, -2, 0, 0, 0));
    prefixed("hertz", 1, Dimension.of(0, 0, -1, 0, 0, 0, 0));
    prefixed("coulomb", 1, Dimension.of(0, 0, 1, 1, 0, 0, 0));
    prefixed("joule", 1, Dimension.of(2, 1, -2, 0, 0, 0, 0));
    prefixed("watt", 1, Dimension.of(2, 1, -3, 0, 0, 0, 0));
    prefixed("newton", 1, Dimension.of(1, 1, -2, 0, 0, 0, 0));
    prefixed("pascal", 1, Dimension.of(-1, 1, -2, 0, 0, 0, 0));
    prefixed("henry", 1, Dimension.of(2, 1, -2, -2, 0, 0, 0));
    prefixed("tesla", 1, Dimension.of(0, 1, -2, -1, 0, 0, 0));
    prefixed("weber", 1, Dimension.of(2, 1, -2, -1, 0, 0, 0));
    prefixed("litre", 1e-3, Dimension.LENGTH.power(3));
    prefixed("liter", 1e-3, Dimension.LENGTH.power(3));
    prefixed("molar", 1e3, Dimension.of(-3, 0, 0, 0, 0, 1, 0));
    // Exact, not 1e3 * 1e-3 computed: the kilogram is a base unit.
    UNITS.put("kilogram", new Unit("kilogram", 1, Dimension.MASS));
    for (String base : new String[] {"metre", "meter"}) {
      for (String p : new String[] {"", "c", "m", "u", "n"}) {
        Unit u = UNITS.get(p + base);
        UNITS.put(p + base + "2", new Unit(p + base + "2", u.scale() * u.scale(),
            Dimension.LENGTH.power(2)));
        UNITS.put(p + base + "3", new Unit(p + base + "3", u.scale() * u.scale() * u.scale(),
            Dimension.LENGTH.power(3)));
      }
    }
    // Brian2's stdunits.
    alias("mV", "mvolt");
    alias("uV", "uvolt");
    alias("nV", "nvolt");
    alias("mA", "mamp");
    alias("uA", "uamp");
    alias("nA", "namp");
    alias("pA", "pamp");
    alias("mS", "msiemens");
    alias("uS", "usiemens");
    alias("nS", "nsiemens");
    alias("pS", "psiemens");
    alias("uF", "ufarad");
    alias("nF", "nfarad");
    alias("pF", "pfarad");
    alias("ms", "msecond");
    alias("us", "usecond");
    alias("ns", "nsecond");
    alias("Hz", "hertz");
    alias("kHz", "khertz");
    alias("MHz", "Mhertz");
    alias("cm", "cmetre");
    alias("mm", "mmetre");
    alias("um", "umetre");
    alias("nm", "nmetre");
    alias("cm2", "cmetre2");
    alias("mm2", "mmetre2");
    alias("um2", "umetre2");
    alias("cm3", "cmetre3");
    alias("mm3", "mmetre3");
    alias("um3", "umetre3");
    alias("mM", "mmolar");
    alias("uM", "umolar");
    alias("nM", "nmolar");
  }

  // Common units as constants, for Java code: Quantity.of(-60, Units.MV).

  /** Dimensionless {@code 1}. */
  public static final Unit ONE = new Unit("1", 1, Dimension.DIMENSIONLESS);
  /** {@code metre}. */
  public static final Unit METRE = UNITS.get("metre");
  /** {@code kilogram}. */
  public static final Unit KILOGRAM = UNITS.get("kilogram");
  /** {@code second}. */
  public static final Unit SECOND = UNITS.get("second");
  /** {@code ms}. */
  public static final Unit MS = UNITS.get("ms");
  /** {@code us}. */
  public static final Unit US = UNITS.get("us");
  /** {@code amp}. */
  public static final Unit AMP = UNITS.get("amp");
  /** {@code nA}. */
  public static final Unit NA = UNITS.get("nA");
  /** {@code pA}. */
  public static final Unit PA = UNITS.get("pA");
  /** {@code kelvin}. */
  public static final Unit KELVIN = UNITS.get("kelvin");
  /** {@code mole}. */
  public static final Unit MOLE = UNITS.get("mole");
  /** {@code candela}. */
  public static final Unit CANDELA = UNITS.get("candela");
  /** {@code volt}. */
  public static final Unit VOLT = UNITS.get("volt");
  /** {@code mV}. */
  public static final Unit MV = UNITS.get("mV");
  /** {@code siemens}. */
  public static final Unit SIEMENS = UNITS.get("siemens");
  /** {@code nS}. */
  public static final Unit NS = UNITS.get("nS");
  /** {@code farad}. */
  public static final Unit FARAD = UNITS.get("farad");
  /** {@code pF}. */
  public static final Unit PF = UNITS.get("pF");
  /** {@code ohm}. */
  public static final Unit OHM = UNITS.get("ohm");
  /** {@code Mohm}. */
  public static final Unit MOHM = UNITS.get("Mohm");
  /** {@code hertz}. */
  public static final Unit HERTZ = UNITS.get("hertz");
  /** {@code Hz}. */
  public static final Unit HZ = UNITS.get("Hz");
  /** {@code kHz}. */
  public static final Unit KHZ = UNITS.get("kHz");

  private Units() {}

  private static void prefixed(String base, double scale, Dimension dimension) {
    UNITS.put(base, new Unit(base, scale, dimension));
    for (int k = 0; k < PREFIXES.length; k++) {
      // 10^e parsed, not computed, so that mV is the double nearest 0.001 (as in Brian2).
      double factor = Double.parseDouble("1e" + PREFIX_EXPONENTS[k]);
      String name = PREFIXES[k] + base;
      UNITS.putIfAbsent(name, new Unit(name, scale == 1 ? factor : factor * scale, dimension));
    }
  }

  private static void alias(String alias, String of) {
    Unit u = UNITS.get(of);
    UNITS.put(alias, new Unit(alias, u.scale(), u.dimension()));
  }

  /**
   * The unit called {@code name} ({@code mV}, {@code siemens}), if there is one.
   *
   * @param name a unit's name
   * @return the unit, or empty if no unit has that name
   */
  public static Optional<Unit> lookup(String name) {
    return Optional.ofNullable(UNITS.get(name));
  }

  /**
   * True if {@code name} is a unit's name, which equations then cannot use for a variable.
   *
   * @param name an identifier
   * @return true if it names a unit
   */
  public static boolean isUnitName(String name) {
    return UNITS.containsKey(name);
  }

  /**
   * Every unit name known, in registration order.
   *
   * @return an unmodifiable view of the names
   */
  public static Set<String> names() {
    return Collections.unmodifiableSet(UNITS.keySet());
  }

  /**
   * Parses a unit expression: unit names and {@code 1} combined with {@code *}, {@code /},
   * {@code **} (a number exponent) and parentheses: {@code volt}, {@code 1}, {@code volt/second},
   * {@code mV**2}, {@code 1/ms}, {@code siemens/metre**2}.
   *
   * @param text the expression
   * @return the unit, named by {@code text} without surrounding blanks
   * @throws IllegalArgumentException naming the unknown unit or the unexpected text
   */
  public static Unit parse(String text) {
    UnitParser.Value v = new UnitParser(text, true).parse();
    return new Unit(text.strip(), v.value(), v.dimension());
  }
}
