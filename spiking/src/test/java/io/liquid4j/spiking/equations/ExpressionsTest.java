package io.liquid4j.spiking.equations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The expression and statement parser: Python's precedence, literals, errors with columns. */
class ExpressionsTest {
  private static double eval(String text) {
    return Evaluator.evaluate(Expressions.parse(text), n -> switch (n) {
      case "x" -> 2;
      case "y" -> 3;
      default -> throw new IllegalArgumentException(n);
    }, null);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = ';', value = {
      "1 + 2*3; 7",
      "(1 + 2)*3; 9",
      "2**3**2; 512",
      "-x**2; -4",
      "(-x)**2; 4",
      "2**-1; 0.5",
      "x/y*3; 2",
      "1e-3*1000; 1",
      ".5 + 1.5; 2",
      "7 // 2; 3",
      "-7 // 2; -4",
      "-7 % 3; 2",
      "7 % -3; -2",
      "x - -y; 5",
      "exp(0) + log(1) + sqrt(16); 5",
      "clip(5, 0, 1) + clip(-5, 0, 1); 1",
      "abs(-x) + sign(-3) + floor(2.7) + ceil(2.2); 6",
      "int(2.9) + int(-2.9); 0",
      "x > 1 and y < 1; 0",
      "x > 1 or y < 1; 1",
      "not x > 1; 0",
      "not (x > 1 and y > 1); 0",
      "True + True; 2",
      "x == 2; 1",
      "x != 2; 0",
      "tanh(0) + cos(0); 1",
      "log10(1000); 3",
      "timestep(0.005, 1e-4); 50"})
  void evaluatesWithPythonsPrecedence(String text, double value) {
    assertEquals(value, eval(text), 1e-12, text);
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(delimiter = ';', value = {
      "(v0 - v) / tau; (v0 - v)/tau",
      "a - (b - c); a - (b - c)",
      "(a - b) - c; a - b - c",
      "a / (b * c); a/(b*c)",
      "-(x ** 2); -x**2",
      "(-x) ** 2; (-x)**2",
      "2 ** -1; 2**(-1)",
      "(a ** b) ** c; (a**b)**c",
      "not (a > 1); not a > 1",
      "(a > 1) == (b > 1); (a > 1) == (b > 1)",
      "a > 1 and (b < 2 or c); a > 1 and (b < 2 or c)",
      "f(x, y + 1) * 2; f(x, y + 1)*2"})
  void printsWithTheFewestParentheses(String text, String printed) {
    assertEquals(printed, Expr.print(Expressions.parse(text)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "v^2; 2; '^' is not a power operator here; write **",
      "v > 1 && w; 7; '&&' is not an operator here; write and",
      "v | w; 3; '|' is not an operator here; write or",
      "!v; 1; '!' is not an operator here; write not",
      "(v0 - v/tau; 1; '(' is never closed",
      "v0 - v)/tau; 7; unexpected ')' (no '(' to close)",
      "v = 1; 3; '=' assigns; compare with ==",
      "1 < v < 2; 7; chained comparison",
      "5ms; 1; '5ms' is not a number; write 5*ms",
      "exp(v; 6; expected ')' to close the call of exp(",
      "v * ; 4; expected a value, found the end",
      "v $ 2; 3; unexpected character '$'",
      "; 1; expected an expression, found nothing",
      "v and; 6; expected a value, found the end"})
  void reportsTheColumnOfSyntaxErrors(String text, int column, String message) {
    String t = text == null ? "" : text;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Expressions.parse(new SourceText("threshold", t)));
    assertEquals("threshold line 1, column " + column + ": \"" + t.strip() + "\": " + message,
        e.getMessage().substring(0, Math.min(e.getMessage().length(),
            ("threshold line 1, column " + column + ": \"" + t.strip() + "\": " + message)
                .length())), e.getMessage());
  }

  @Test
  void statementsSplitOnLinesAndSemicolonsAndSkipComments() {
    List<Statement> s = Statements.parse(new SourceText("reset", """
        v = Vr   # back to rest; not a statement
        w += b; x *= 2
        y /= 3
        z -= 1
        """));
    assertEquals(5, s.size());
    assertEquals("v", s.get(0).target());
    assertEquals(Statement.Op.SET, s.get(0).op());
    assertEquals("Vr", Expr.print(s.get(0).value()));
    assertEquals(Statement.Op.ADD, s.get(1).op());
    assertEquals(Statement.Op.MULTIPLY, s.get(2).op());
    assertEquals(Statement.Op.DIVIDE, s.get(3).op());
    assertEquals(Statement.Op.SUBTRACT, s.get(4).op());
    assertEquals("w += b", s.get(1).text());
    assertEquals("w + b", Expr.print(s.get(1).combined()));
  }

  static Stream<Arguments> malformedStatements() {
    return Stream.of(
        Arguments.of("v == 0",
            "line 1, column 3: \"v == 0\": expected = (or +=, -=, *=, /=) after 'v', found '=='"),
        Arguments.of("0 = v",
            "line 1, column 1: \"0 = v\": expected a variable to assign to, found '0'"),
        Arguments.of("v = 0\nw =",
            "line 2, column 4: \"w =\": expected an expression after '='"),
        Arguments.of("v = 1 +",
            "line 1, column 8: \"v = 1 +\": expected a value, found the end"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedStatements")
  void reportsMalformedStatements(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Statements.parse(new SourceText("reset", text)));
    assertTrue(e.getMessage().startsWith("reset " + message), e.getMessage());
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 25).mapToObj(k -> 7L * k + 1);
  }

  /** A random expression over x, y and numbers, as text. */
  static String randomExpression(SplittableRandom r, int depth) {
    if (depth == 0 || r.nextInt(4) == 0) {
      return switch (r.nextInt(4)) {
        case 0 -> "x";
        case 1 -> "y";
        case 2 -> Integer.toString(r.nextInt(1, 10));
        default -> Double.toString(Math.round(r.nextDouble() * 1000) / 100.0);
      };
    }
    String a = randomExpression(r, depth - 1);
    String b = randomExpression(r, depth - 1);
    return switch (r.nextInt(10)) {
      case 0 -> "(" + a + " + " + b + ")";
      case 1 -> "(" + a + " - " + b + ")";
      case 2 -> "(" + a + " * " + b + ")";
      case 3 -> "(" + a + " / " + b + ")";
      case 4 -> "-" + "(" + a + ")";
      case 5 -> "exp(" + a + " / 100)";
      case 6 -> "clip(" + a + ", -2, " + b + ")";
      case 7 -> "(" + a + " > " + b + ")";
      case 8 -> "((" + a + " > 1) and (" + b + " < 3))";
      default -> "abs(" + a + ")**0.5";
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void printingThenParsingGivesTheSameTreeAndValue(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int k = 0; k < 40; k++) {
      String text = randomExpression(r, 5);
      Expr e = Expressions.parse(text);
      String printed = Expr.print(e);
      Expr again = Expressions.parse(printed);
      assertEquals(printed, Expr.print(again), text);
      double a = eval(text);
      double b = eval(printed);
      assertEquals(Double.doubleToLongBits(a), Double.doubleToLongBits(b), text + " vs "
          + printed);
    }
  }
}
