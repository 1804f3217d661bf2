package io.liquid4j.spiking.equations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Units;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Brian2's equation syntax: the three line forms, units, flags, comments and errors. */
class EquationsTest {
  @Test
  void parsesTheThreeFormsWithUnitsFlagsAndComments() {
    Equations eqs = Equations.parse("""
        # CUBA's neuron, and some more
        dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)   # membrane
        dge/dt = -ge/taue : volt
        I = g*(E - v) : amp
        g : siemens (constant, shared)

        E : volt
        spiking : boolean
        count : integer
        dx/dt = -x/tau + sigma*xi*tau**-0.5 : 1
        """);
    assertEquals(Set.of("v", "ge", "I", "g", "E", "spiking", "count", "x"), eqs.names());
    Equation v = eqs.get("v");
    assertEquals(Equation.Kind.DIFFERENTIAL, v.kind());
    assertEquals(Units.VOLT.dimension(), v.dimension());
    assertEquals(Set.of("unless refractory"), v.flags());
    assertEquals(2, v.line());
    assertEquals("dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)", v.text());
    assertEquals("(ge + gi - (v - El))/taum", Expr.print(v.expression()));
    Equation i = eqs.get("I");
    assertEquals(Equation.Kind.SUBEXPRESSION, i.kind());
    assertEquals(Units.AMP.dimension(), i.dimension());
    Equation g = eqs.get("g");
    assertEquals(Equation.Kind.PARAMETER, g.kind());
    assertNull(g.expression());
    assertEquals(Set.of("constant", "shared"), g.flags());
    assertEquals(ValueType.BOOLEAN, eqs.get("spiking").type());
    assertEquals(ValueType.INTEGER, eqs.get("count").type());
    assertEquals(Dimension.DIMENSIONLESS, eqs.get("x").dimension());
    assertEquals(2, eqs.of(Equation.Kind.DIFFERENTIAL).size() - 1);
  }

  @Test
  void keepsTheFlagsOfSynapsesAndAcceptsBrian2sHyphenatedSpelling() {
    Equations eqs = Equations.parse("""
        dApre/dt = -Apre/taupre : 1 (event-driven)
        dg/dt = -g/tau : siemens (clock-driven)
        Isyn_post = g*(E - v_post) : amp (summed)
        dv/dt = -v/tau : volt (unless-refractory)
        """);
    assertTrue(eqs.get("Apre").hasFlag("event-driven"));
    assertTrue(eqs.get("g").hasFlag("clock-driven"));
    assertTrue(eqs.get("Isyn_post").hasFlag("summed"));
    assertTrue(eqs.get("v").hasFlag("unless refractory"));
  }

  @Test
  void substitutesSubexpressionsRecursively() {
    Equations eqs = Equations.parse("""
        dv/dt = I/C : volt
        I = g*(E - v) + J : amp
        J = 2*I0 : amp
        """);
    Expr e = eqs.substitute(eqs.get("v").expression());
    assertEquals("(g*(E - v) + 2*I0)/C", Expr.print(e));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("dv/dt = -v/tau", "line 1, column 1: \"dv/dt = -v/tau\": expected 'x : "
            + "unit', 'x = expression : unit' or 'dx/dt = expression : unit'; found no ':'"),
        Arguments.of("v0 : 1\ndv/dt = (v0 - v)/tau : mV",
            "line 2, column 24: \"dv/dt = (v0 - v)/tau : mV\": equations take units without a "
                + "prefix (values are stored in SI): write volt, not mV"),
        Arguments.of("dv/dt = -v/tau : volts",
            "line 1, column 18: \"dv/dt = -v/tau : volts\": unknown unit 'volts'"),
        Arguments.of("dv/dt = -v/tau : volt (unless refactory)",
            "line 1, column 23: \"dv/dt = -v/tau : volt (unless refactory)\": unknown flag "
                + "'unless refactory' on a differential equation (allowed: clock-driven, "
                + "event-driven, unless refractory)"),
        Arguments.of("v0 : volt (unless refractory)",
            "line 1, column 11: \"v0 : volt (unless refractory)\": flag 'unless refractory' is "
                + "not allowed on a parameter (allowed: constant, linked, shared)"),
        Arguments.of("v : volt\nw : 1\nv : 1",
            "line 3, column 1: \"v : 1\": 'v' is defined twice, on line 1 and line 3"),
        Arguments.of("ms : second",
            "line 1, column 1: \"ms : second\": 'ms' is the name of a unit, cannot be used as a "
                + "variable name"),
        Arguments.of("dt : second",
            "line 1, column 1: \"dt : second\": 'dt' is a name the simulator defines"),
        Arguments.of("_x : 1",
            "line 1, column 1: \"_x : 1\": names starting with '_' are reserved"),
        Arguments.of("exp : 1",
            "line 1, column 1: \"exp : 1\": 'exp' is the name of a function"),
        Arguments.of("  dv/dt = (v0 - v))/tau : 1",
            "line 1, column 19: \"dv/dt = (v0 - v))/tau : 1\": unexpected ')' (no '(' to "
                + "close)"),
        Arguments.of("dv/dt = : 1",
            "line 1, column 9: \"dv/dt = : 1\": expected an expression, found nothing"),
        Arguments.of("v w : 1", "line 1, column 1: \"v w : 1\": expected 'x : unit', "
            + "'x = expression : unit' or 'dx/dt = expression : unit' before the ':'"),
        Arguments.of("dv/dt = -v/tau : ", "line 1, column 16: \"dv/dt = -v/tau :\": expected a "
            + "unit after ':'"),
        Arguments.of("b : boolean\nb : 1",
            "line 2, column 1: \"b : 1\": 'b' is defined twice, on line 1 and line 2"),
        Arguments.of("a = b : 1\nb = a : 1",
            "line 1, column 1: \"a = b : 1\": subexpressions refer to each other in a cycle: "
                + "a -> b -> a"),
        Arguments.of("dx/dt = x/tau : boolean",
            "line 1, column 17: \"dx/dt = x/tau : boolean\": a differential equation's variable "
                + "cannot be boolean"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void pointsAtTheLineAndColumnOfMalformedEquations(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Equations.parse(text));
    assertTrue(e.getMessage().startsWith("equations " + message), e.getMessage());
  }
}
