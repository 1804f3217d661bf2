package io.liquid4j.spiking.equations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Units;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Dimension and type inference, and the messages of its errors. */
class TypeCheckerTest {
  private static final Dimension VOLT = Units.VOLT.dimension();
  private static final Map<String, Symbol> SYMBOLS = Map.of(
      "v", Symbol.variable("v", VOLT, ValueType.FLOAT, false),
      "v0", Symbol.variable("v0", Dimension.DIMENSIONLESS, ValueType.FLOAT, false),
      "tau", Symbol.constant("tau", 0.01, Dimension.TIME),
      "n", Symbol.variable("n", Dimension.DIMENSIONLESS, ValueType.INTEGER, false),
      "flag", Symbol.variable("flag", Dimension.DIMENSIONLESS, ValueType.BOOLEAN, false),
      "mV", Symbol.constant("mV", 1e-3, VOLT),
      "ms", Symbol.constant("ms", 1e-3, Dimension.TIME),
      "t", Symbol.special("t", Symbol.Kind.TIME, Dimension.TIME, ValueType.FLOAT),
      "xi", Symbol.special("xi", Symbol.Kind.NOISE, Symbol.noiseDimension(), ValueType.FLOAT));
  private static final Scope SCOPE = new Scope() {
    @Override
    public Symbol lookup(String name) {
      return SYMBOLS.get(name);
    }

    @Override
    public List<String> names() {
      return List.copyOf(SYMBOLS.keySet());
    }
  };

  private static TypeChecker.Typed check(String text) {
    return TypeChecker.check(Expressions.parse(new SourceText("expression", text)), SCOPE,
        new SourceText("expression", text));
  }

  @Test
  void infersDimensionsAndTypes() {
    assertEquals(VOLT.divide(Dimension.TIME), check("(v0*mV - v)/tau").dimension());
    assertEquals(VOLT.power(2), check("v**2").dimension());
    assertEquals(VOLT.power(0.5), check("sqrt(v)").dimension());
    assertEquals(VOLT.power(-1), check("v**(-1)").dimension());
    assertEquals(Dimension.TIME.power(-0.5), check("xi").dimension());
    assertEquals(VOLT, check("clip(v, -70*mV, 0*mV)").dimension());
    assertEquals(VOLT, check("abs(v) + floor(v)").dimension());
    assertEquals(ValueType.BOOLEAN, check("v > -50*mV and not flag").type());
    assertEquals(ValueType.INTEGER, check("n + n").type());
    assertEquals(ValueType.FLOAT, check("n / 2").type());
    assertEquals(ValueType.INTEGER, check("int(v/mV)").type());
    assertEquals(ValueType.INTEGER, check("timestep(t, ms)").type());
    assertEquals(Dimension.DIMENSIONLESS, check("flag*v0 + rand() + randn()").dimension());
    assertEquals(Dimension.DIMENSIONLESS, check("exp(-t/tau)").dimension());
    // A dimensioned quantity to a constant power: the exponent is evaluated.
    assertEquals(Dimension.TIME.power(-0.5), check("tau**(-1/2)").dimension());
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("(v0 - v)/tau", "column 1: \"(v0 - v)/tau\": cannot add 1 (v0) and volt (v)"),
        Arguments.of("v + tau", "column 1: \"v + tau\": cannot add volt (v) and second (tau)"),
        Arguments.of("v > 1", "column 1: \"v > 1\": cannot compare volt (v) and 1 (1)"),
        Arguments.of("exp(v)", "column 1: \"exp(v)\": exp needs a dimensionless argument, "
            + "found volt (v)"),
        Arguments.of("v**v0", "column 4: \"v**v0\": the exponent of volt (v) must be a constant "
            + "number, found 'v0'"),
        Arguments.of("v0**v", "column 5: \"v0**v\": an exponent must be dimensionless, found "
            + "volt (v)"),
        Arguments.of("v0 and flag", "column 1: \"v0 and flag\": 'and' needs a condition, found a "
            + "value of dimension 1 (v0)"),
        Arguments.of("not v0", "column 5: \"not v0\": 'not' needs a condition, found a value of "
            + "dimension 1 (v0)"),
        Arguments.of("clip(v, 0, 1)", "column 1: \"clip(v, 0, 1)\": clip needs arguments of one "
            + "dimension, found volt (v) and 1 (0)"),
        Arguments.of("tua", "column 1: \"tua\": unknown identifier 'tua' (did you mean 'tau'?)"),
        Arguments.of("expp(v0)", "column 1: \"expp(v0)\": unknown function 'expp' (did you "
            + "mean 'exp'?)"),
        Arguments.of("tau(1)", "column 1: \"tau(1)\": unknown function 'tau' ('tau' is not a "
            + "function)"),
        Arguments.of("exp(v0, 2)", "column 1: \"exp(v0, 2)\": exp takes 1 argument, found 2"),
        Arguments.of("v % tau", "column 1: \"v % tau\": cannot take the remainder of volt (v) and "
            + "second (tau)"),
        Arguments.of("timestep(v, tau)", "column 10: \"timestep(v, tau)\": timestep needs times "
            + "(second), found volt (v)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void namesTheTermsAndDimensionsOfErrors(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> check(text));
    assertEquals("expression line 1, " + message, e.getMessage());
  }
}
