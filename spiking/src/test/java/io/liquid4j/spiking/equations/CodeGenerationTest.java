package io.liquid4j.spiking.equations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expressions translated to Java and compiled with Janino compute the same bits as the
 * {@link Evaluator}, random draws included; loop-invariant hoisting changes no value.
 */
class CodeGenerationTest {
  /** A deterministic random source for comparing both sides. */
  static final class Draws implements RandomSource {
    private final SplittableRandom r;

    Draws(long seed) {
      r = new SplittableRandom(seed);
    }

    @Override
    public double rand() {
      return r.nextDouble();
    }

    @Override
    public double randn() {
      return r.nextGaussian();
    }
  }

  private static final JavaTranslator.Resolver XY = new JavaTranslator.Resolver() {
    @Override
    public String read(String name) {
      return switch (name) {
        case "x", "y" -> name;
        case "tau" -> JavaTranslator.literal(0.01);
        default -> throw new IllegalArgumentException(name);
      };
    }

    @Override
    public String random() {
      return "rng";
    }
  };

  private static double valueOf(String name, double x, double y) {
    return switch (name) {
      case "x" -> x;
      case "y" -> y;
      case "tau" -> 0.01;
      default -> throw new IllegalArgumentException(name);
    };
  }

  static String randomExpression(SplittableRandom r, int depth) {
    if (depth == 0 || r.nextInt(5) == 0) {
      return switch (r.nextInt(6)) {
        case 0 -> "x";
        case 1 -> "y";
        case 2 -> "tau";
        case 3 -> "rand()";
        case 4 -> Integer.toString(r.nextInt(0, 10));
        default -> Double.toString(r.nextDouble() * 10 - 5);
      };
    }
    String a = randomExpression(r, depth - 1);
    String b = randomExpression(r, depth - 1);
    return switch (r.nextInt(16)) {
      case 0 -> "(" + a + " + " + b + ")";
      case 1 -> "(" + a + " - " + b + ")";
      case 2 -> "(" + a + " * " + b + ")";
      case 3 -> "(" + a + " / " + b + ")";
      case 4 -> "-(" + a + ")";
      case 5 -> "exp(" + a + ")";
      case 6 -> "clip(" + a + ", -1, " + b + ")";
      case 7 -> "(" + a + " > " + b + ")";
      case 8 -> "((" + a + " > 0) and (" + b + " < 1))";
      case 9 -> "((" + a + " > 0) or not (" + b + " < 1))";
      case 10 -> "abs(" + a + ")**" + b;
      case 11 -> "(" + a + " // " + b + ")";
      case 12 -> "(" + a + " % " + b + ")";
      case 13 -> "sqrt(abs(" + a + "))*sign(" + b + ")";
      case 14 -> "int(" + a + ") + floor(" + b + ") + randn()";
      default -> "tanh(" + a + ") + log(abs(" + b + ")) + sin(" + a + ")";
    };
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 20).mapToObj(k -> 31L * k + 5);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void compiledCodeMatchesTheEvaluatorBitForBit(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Expr> expressions = new ArrayList<>();
    StringBuilder body = new StringBuilder("public double apply(int which, double x, double y, "
        + RandomSource.class.getName() + " rng) {\n  switch (which) {\n");
    for (int k = 0; k < 30; k++) {
      Expr e = Expressions.parse(randomExpression(r, 5));
      expressions.add(e);
      body.append("    case ").append(k).append(": return ")
          .append(JavaTranslator.asDouble(e, XY)).append(";\n");
    }
    body.append("    default: throw new IllegalArgumentException();\n  }\n}\n");
    CompiledFunctions compiled = KernelCompiler.compile("Generated" + seed, body.toString(),
        CompiledFunctions.class);
    for (int k = 0; k < expressions.size(); k++) {
      for (int point = 0; point < 20; point++) {
        double x = r.nextDouble() * 6 - 3;
        double y = point % 5 == 0 ? 0 : r.nextDouble() * 6 - 3;
        long drawSeed = r.nextLong();
        double expected = Evaluator.evaluate(expressions.get(k), n -> valueOf(n, x, y),
            new Draws(drawSeed));
        double actual = compiled.apply(k, x, y, new Draws(drawSeed));
        String text = Expr.print(expressions.get(k));
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
            () -> text + " at x=" + x + ", y=" + y);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void hoistingLoopInvariantsChangesNoValue(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int k = 0; k < 30; k++) {
      Expr e = Expressions.parse(randomExpression(r, 5));
      // y and tau are invariant, x is per element.
      LoopInvariants.Hoisted h = LoopInvariants.hoist(e, n -> !n.equals("x"));
      double x = r.nextDouble();
      double y = r.nextDouble();
      long drawSeed = r.nextLong();
      Draws draws = new Draws(drawSeed);
      java.util.Map<String, Double> locals = new java.util.HashMap<>();
      for (Statement d : h.definitions()) {
        locals.put(d.target(), Evaluator.evaluate(d.value(), n -> valueOf(n, x, y), draws));
        assertTrue(!Expr.names(d.value()).contains("x") && !Expr.calls(d.value(), "rand"),
            Expr.print(d.value()));
      }
      double hoisted = Evaluator.evaluate(h.statements().get(0).value(),
          n -> locals.containsKey(n) ? locals.get(n) : valueOf(n, x, y), draws);
      double direct = Evaluator.evaluate(e, n -> valueOf(n, x, y), new Draws(drawSeed));
      assertEquals(Double.doubleToLongBits(direct), Double.doubleToLongBits(hoisted),
          Expr.print(e));
    }
  }

  @Test
  void hoistsTheLargestInvariantSubtrees() {
    LoopInvariants.Hoisted h = LoopInvariants.hoist(
        Expressions.parse("v0 + (v - v0)*exp(-dt/tau) + exp(-dt/tau)"),
        n -> n.equals("dt") || n.equals("tau"));
    assertEquals(1, h.definitions().size());
    assertEquals("exp(-dt/tau)", Expr.print(h.definitions().get(0).value()));
    assertEquals("v0 + (v - v0)*_lio_0 + _lio_0", Expr.print(h.statements().get(0).value()));
  }

  @Test
  void translatesConditionsAndNumbersIntoEachOther() {
    JavaTranslator.Resolver r = new JavaTranslator.Resolver() {
      @Override
      public String read(String name) {
        return "a_" + name + "[_i]";
      }

      @Override
      public ValueType type(String name) {
        return name.equals("not_refractory") ? ValueType.BOOLEAN : ValueType.FLOAT;
      }
    };
    assertEquals("((a_not_refractory[_i] ? 1.0 : 0.0) * (a_v0[_i] - a_v[_i]))",
        JavaTranslator.asDouble(Expressions.parse("not_refractory*(v0 - v)"), r));
    assertEquals("((a_v[_i] > 1.0) & a_not_refractory[_i])",
        JavaTranslator.asBoolean(Expressions.parse("v > 1 and not_refractory"), r));
    assertEquals("(a_v[_i] != 0.0)", JavaTranslator.asBoolean(Expressions.parse("v"), r));
    assertEquals("(-1.0E-4)", JavaTranslator.literal(-1e-4));
    assertEquals("Double.POSITIVE_INFINITY", JavaTranslator.literal(Double.POSITIVE_INFINITY));
  }

  @Test
  void compilesAgainstAnyPublicInterface() {
    DoubleUnaryOperator twice = KernelCompiler.compile("Twice",
        "public double applyAsDouble(double x) { return 2 * x; }", DoubleUnaryOperator.class);
    assertEquals(6, twice.applyAsDouble(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KernelCompiler.compile("Broken", "public double applyAsDouble(double x) { return; }",
            DoubleUnaryOperator.class));
    assertTrue(e.getMessage().startsWith("generated class Broken does not compile ("),
        e.getMessage());
    // One line, without the generated source.
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("applyAsDouble(double x)"), e.getMessage());
  }
}
