package io.liquid4j.spiking.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Dimensions, Brian2's unit names, unit expressions and quantities. */
class UnitsTest {
  private static final Dimension VOLT = Dimension.of(2, 1, -3, -1, 0, 0, 0);

  @ParameterizedTest(name = "{0} = {1} × {2}")
  @CsvSource({
      "volt, 1, volt", "mV, 1e-3, volt", "mvolt, 1e-3, volt", "amp, 1, amp", "ampere, 1, amp",
      "nA, 1e-9, amp", "pA, 1e-12, amp", "namp, 1e-9, amp", "siemens, 1, siemens",
      "nS, 1e-9, siemens", "farad, 1, farad", "pF, 1e-12, farad", "ohm, 1, ohm",
      "Mohm, 1e6, ohm", "kohm, 1e3, ohm", "second, 1, second", "ms, 1e-3, second",
      "us, 1e-6, second", "msecond, 1e-3, second", "Hz, 1, hertz", "kHz, 1e3, hertz",
      "hertz, 1, hertz", "metre, 1, metre", "meter, 1, metre", "cm, 1e-2, metre",
      "kilogram, 1, kilogram", "mole, 1, mole", "kelvin, 1, kelvin", "candela, 1, candela"})
  void knowsBrian2sUnitNames(String name, double scale, String dimension) {
    Unit u = Units.lookup(name).orElseThrow();
    assertEquals(scale, u.scale(), 0);
    assertEquals(dimension, u.dimension().toString());
  }

  @Test
  void derivedDimensionsAreProductsOfBaseUnits() {
    Dimension siemens = Units.SIEMENS.dimension();
    Dimension farad = Units.FARAD.dimension();
    assertEquals(Dimension.TIME, farad.divide(siemens));                      // C/g is a time
    assertEquals(VOLT, Units.AMP.dimension().times(Units.OHM.dimension()));   // Ohm's law
    assertEquals(Dimension.DIMENSIONLESS, Units.HZ.dimension().times(Dimension.TIME));
    assertEquals("volt", VOLT.toString());
    assertEquals("volt/second", VOLT.divide(Dimension.TIME).toString());
    assertEquals("1", Dimension.DIMENSIONLESS.toString());
    assertEquals("second**-0.5", Dimension.TIME.power(-0.5).toString());
    assertEquals("siemens/metre**2", siemens.divide(Dimension.LENGTH.power(2)).toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "volt/second; 1; volt/second",
      "mV**2; 1e-6; volt**2",
      "1/ms; 1e3; hertz",
      "1; 1; 1",
      "siemens/metre**2; 1; siemens/metre**2",
      "(mV/ms); 1; volt/second",
      "ms**-1; 1e3; hertz",
      "nS*mV; 1e-12; amp"})
  void parsesUnitExpressions(String text, double scale, String dimension) {
    Unit u = Units.parse(text);
    assertEquals(scale, u.scale(), 1e-12 * scale);
    assertEquals(dimension, u.dimension().toString());
  }

  @Test
  void volt2IsAWrittenDimension() {
    // A dimension with no name prints as base-unit powers that parse back to itself.
    Dimension d = VOLT.power(2);
    assertEquals(d, Units.parse(d.toString()).dimension());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "5*ms; 0.005; second",
      "-60*mV; -0.06; volt",
      "13.5*nA; 1.35e-8; amp",
      "10*ms; 0.01; second",
      "0.1*ms; 1e-4; second",
      "1*second; 1; second",
      "3; 3; 1",
      "2*ms + 500*us; 0.0025; second",
      "1e-3*siemens/cm2; 10; siemens/metre**2",
      ".5*Hz; 0.5; hertz"})
  void parsesQuantitiesInSI(String text, double value, String dimension) {
    Quantity q = Quantity.parse(text);
    assertEquals(value, q.value(), 1e-15 * Math.abs(value));
    assertEquals(dimension, q.dimension().toString());
  }

  @Test
  void quantitiesAreComputedAsBrian2ComputesThem() {
    // Brian2 multiplies the number by the unit's scale: 13.5*nA is 13.5 * 1e-9 to the bit.
    assertEquals(13.5 * 1e-9, Quantity.parse("13.5*nA").value(), 0);
    assertEquals(0.1 * 0.001, Quantity.parse("0.1*ms").value(), 0);
    assertEquals(-60 * 0.001, Quantity.parse("-60*mV").value(), 0);
  }

  @Test
  void quantityArithmeticKeepsDimensions() {
    Quantity v = Quantity.parse("-60*mV");
    Quantity i = Quantity.of(13.5, Units.NA);
    Quantity r = v.divide(i);
    assertEquals(Units.OHM.dimension(), r.dimension());
    assertEquals(-0.06 / 1.35e-8, r.value(), 1e-6);
    assertEquals(10, Quantity.parse("10*ms").in(Units.MS), 1e-12);
    assertEquals(-0.07, v.plus(Quantity.parse("-10*mV")).value(), 1e-15);
    assertEquals(VOLT.power(2), v.times(v).dimension());
    assertEquals(Dimension.TIME.power(0.5), Quantity.parse("4*second").power(0.5).dimension());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> v.plus(Quantity.parse("1*ms")));
    assertTrue(e.getMessage().contains("volt and second differ"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> v.in(Units.MS));
    assertTrue(e.getMessage().contains("cannot express volt in ms"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "5*mz; unknown unit 'mz'",
      "5*ms + 2*mV; cannot add volt to second",
      "mV^2; '^' is not a power: write **",
      "(5*ms; expected ')'",
      "; expected a quantity",
      "5*ms**(mV); an exponent must be a number, found volt"})
  void rejectsMalformedQuantities(String text, String message) {
    String t = text == null ? "" : text;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Quantity.parse(t));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().startsWith("quantity \"" + t + "\""), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "sec; unknown unit 'sec'",
      "2*volt; a number in a unit",
      "volt + amp; '+' in a unit"})
  void rejectsMalformedUnits(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Units.parse(text));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 20).mapToObj(k -> 1000L + k);
  }

  private static Dimension randomDimension(SplittableRandom r) {
    double[] e = new double[7];
    for (int k = 0; k < 7; k++) {
      e[k] = r.nextInt(-4, 5) / (r.nextBoolean() ? 1.0 : 2.0);
    }
    return Dimension.of(e[0], e[1], e[2], e[3], e[4], e[5], e[6]);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void dimensionsFormAGroup(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Dimension a = randomDimension(r);
    Dimension b = randomDimension(r);
    Dimension c = randomDimension(r);
    assertEquals(a, a.times(b).divide(b));
    assertEquals(a.times(b), b.times(a));
    assertEquals(a.times(b).times(c), a.times(b.times(c)));
    assertEquals(a.times(a), a.power(2));
    assertEquals(a, a.power(0.5).power(2));
    assertEquals(Dimension.DIMENSIONLESS, a.times(a.inverse()));
    assertEquals(a.hashCode(), a.times(b).divide(b).hashCode());
    // Printed dimensions parse back.
    assertEquals(a.isDimensionless() ? Dimension.DIMENSIONLESS : a,
        Units.parse(a.toString()).dimension(), a.toString());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void quantitiesParseAsNumberTimesScale(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> names = List.of("mV", "nA", "pA", "nS", "pF", "ms", "us", "Hz", "kHz", "Mohm",
        "siemens", "volt", "second", "cm", "mM");
    for (int k = 0; k < 50; k++) {
      String name = names.get(r.nextInt(names.size()));
      double x = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-3, 4));
      Unit u = Units.lookup(name).orElseThrow();
      Quantity q = Quantity.parse(x + "*" + name);
      assertEquals(x * u.scale(), q.value(), 0, x + "*" + name);
      assertEquals(u.dimension(), q.dimension());
      assertEquals(x, q.in(u), 4 * Math.ulp(x));
    }
  }

  @Test
  void unitNamesAreKnownAndOthersAreNot() {
    assertTrue(Units.isUnitName("mV"));
    assertTrue(Units.isUnitName("Mohm"));
    assertFalse(Units.isUnitName("v"));
    assertFalse(Units.isUnitName("tau"));
    assertTrue(Units.MV.divide(Units.MS).isCoherent());
    assertFalse(Units.MV.isCoherent());
    assertEquals("mV/ms", Units.MV.divide(Units.MS).name());
    assertEquals("mV**2", Units.MV.power(2).name());
  }
}
