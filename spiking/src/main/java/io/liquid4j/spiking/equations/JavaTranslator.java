package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.equations.Expr.Binary;
import io.liquid4j.spiking.equations.Expr.BinaryOp;
import io.liquid4j.spiking.equations.Expr.Bool;
import io.liquid4j.spiking.equations.Expr.Call;
import io.liquid4j.spiking.equations.Expr.Choice;
import io.liquid4j.spiking.equations.Expr.Name;
import io.liquid4j.spiking.equations.Expr.Num;
import io.liquid4j.spiking.equations.Expr.Unary;
import io.liquid4j.spiking.equations.Expr.UnaryOp;

/**
 * Translates expressions and statements to Java source. Where each identifier lives is up to a
 * {@link Resolver}: a neuron group maps {@code v} to {@code a_v[_i]}, {@code tau} to a literal and
 * {@code not_refractory} to a local; Synapses can map {@code v_post} to
 * {@code post_v[_post[_s]]}. Everything is a {@code double} except conditions, which are
 * {@code boolean} and become 1.0/0.0 where a number is needed ({@code not_refractory*(...)}).
 * {@code and}/{@code or} become {@code &}/{@code |}, which evaluate both sides like the
 * {@link Evaluator}.
 *
 * <pre>{@code
 * String java = JavaTranslator.asDouble(Expressions.parse("(v0 - v)/tau"),
 *     JavaTranslator.resolver(n -> n.equals("tau") ? "0.01" : "a_" + n + "[_i]"));
 * // ((a_v0[_i] - a_v[_i]) / 0.01)
 * }</pre>
 */
public final class JavaTranslator {
  /** Where identifiers live in the generated code. */
  public interface Resolver {
    /**
     * A Java expression reading {@code name}.
     *
     * @param name an identifier
     * @return Java source of the name's value
     * @throws IllegalArgumentException if the name is unknown here
     */
    String read(String name);

    /**
     * The type of {@code name}; booleans are Java booleans, the rest doubles.
     *
     * @param name an identifier
     * @return its value type
     */
    default ValueType type(String name) {
      return ValueType.FLOAT;
    }

    /**
     * A Java expression calling a function of the scope ({@link UserFunction}) with arguments
     * already translated to Java doubles, or null if there is no such function.
     *
     * @param function the function's name
     * @param arguments Java source of each argument
     * @return Java source of the call, or null
     */
    default String call(String function, java.util.List<String> arguments) {
      return null;
    }

    /**
     * A Java expression for the {@link RandomSource} of {@code rand()} and {@code randn()}.
     *
     * @return Java source of an expression of type {@link RandomSource}
     */
    default String random() {
      return "_rng";
    }
  }

  private JavaTranslator() {}

  /**
   * A resolver of doubles only, from a function of names.
   *
   * @param read the Java expression reading each name
   * @return a resolver that reads every name with {@code read}, all as doubles
   */
  public static Resolver resolver(java.util.function.Function<String, String> read) {
    return read::apply;
  }

  /**
   * {@code e} as a Java {@code double} expression.
   *
   * @param e the expression
   * @param r how its names, functions and random draws read in Java
   * @return Java source of type {@code double}
   */
  public static String asDouble(Expr e, Resolver r) {
    Java j = translate(e, r);
    return j.bool ? "(" + j.code + " ? 1.0 : 0.0)" : j.code;
  }

  /**
   * {@code e} as a Java {@code boolean} expression (numbers are true when not zero).
   *
   * @param e the expression
   * @param r how its names, functions and random draws read in Java
   * @return Java source of type {@code boolean}
   */
  public static String asBoolean(Expr e, Resolver r) {
    Java j = translate(e, r);
    return j.bool ? j.code : "(" + j.code + " != 0.0)";
  }

  /**
   * True if {@code e} translates to a Java boolean.
   *
   * @param e the expression
   * @param r how its names read in Java
   * @return true if the translation has Java type {@code boolean}
   */
  public static boolean isBoolean(Expr e, Resolver r) {
    return translate(e, r).bool;
  }

  /**
   * A Java literal for {@code v} that reads back as the same double.
   *
   * @param v any double, NaN and infinities included
   * @return Java source of a double constant
   */
  public static String literal(double v) {
    if (Double.isNaN(v)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    String s = Double.toString(v);
    return v < 0 || (v == 0 && 1 / v < 0) ? "(" + s + ")" : s;
  }

  private record Java(String code, boolean bool) {}

  private static Java translate(Expr e, Resolver r) {
    if (e instanceof Num n) {
      return new Java(literal(n.value()), false);
    }
    if (e instanceof Bool b) {
      return new Java(b.value() ? "true" : "false", true);
    }
    if (e instanceof Name n) {
      return new Java(r.read(n.name()), r.type(n.name()) == ValueType.BOOLEAN);
    }
    if (e instanceof Unary u) {
      return u.op() == UnaryOp.NEG ? new Java("(-" + asDouble(u.operand(), r) + ")", false)
          : new Java("(!" + asBoolean(u.operand(), r) + ")", true);
    }
    if (e instanceof Binary b) {
      return binary(b, r);
    }
    if (e instanceof Call c) {
      if (c.function().equals("rand") || c.function().equals("randn")) {
        return new Java(r.random() + "." + c.function() + "()", false);
      }
      Functions.Spec spec = Functions.SPECS.get(c.function());
      if (spec == null) {
        java.util.List<String> args = new java.util.ArrayList<>();
        for (Expr a : c.args()) {
          args.add(asDouble(a, r));
        }
        String code = r.call(c.function(), args);
        if (code == null) {
          throw new IllegalArgumentException("unknown function '" + c.function() + "'");
        }
        return new Java(code, false);
      }
      StringBuilder s = new StringBuilder(spec.java()).append('(');
      for (int k = 0; k < c.args().size(); k++) {
        s.append(k == 0 ? "" : ", ").append(asDouble(c.args().get(k), r));
      }
      return new Java(s.append(')').toString(), false);
    }
    if (e instanceof Choice c) {
      Java a = translate(c.ifTrue(), r);
      Java b = translate(c.ifFalse(), r);
      boolean bool = a.bool && b.bool;
      return new Java("(" + asBoolean(c.condition(), r) + " ? "
          + (bool ? a.code : asDouble(c.ifTrue(), r)) + " : "
          + (bool ? b.code : asDouble(c.ifFalse(), r)) + ")", bool);
    }
    throw new IllegalStateException("unknown node " + e);
  }

  /**
   * A chain {@code a + b - c + ...} (a left-deep tree of + and -) as one flat Java expression,
   * {@code (a + b - c + ...)}: Java's + and - associate to the left like Python's, so the terms
   * are added in the same order, with the same rounding, as the nested form, but neither this
   * method nor Janino's parser recurses once per term (a sum of thousands of terms nested
   * thousands of parentheses deep, which Janino refused as "nested too deeply").
   */
  private static String flatSum(Binary b, Resolver r) {
    java.util.ArrayDeque<Binary> chain = new java.util.ArrayDeque<>();
    Expr e = b;
    while (e instanceof Binary c && (c.op() == BinaryOp.ADD || c.op() == BinaryOp.SUB)) {
      chain.push(c);
      e = c.left();
    }
    StringBuilder s = new StringBuilder("(").append(asDouble(e, r));
    while (!chain.isEmpty()) {
      Binary c = chain.pop();
      s.append(' ').append(c.op().symbol()).append(' ').append(asDouble(c.right(), r));
    }
    return s.append(')').toString();
  }

  private static Java binary(Binary b, Resolver r) {
    BinaryOp op = b.op();
    if (op.isLogical()) {
      return new Java("(" + asBoolean(b.left(), r) + (op == BinaryOp.AND ? " & " : " | ")
          + asBoolean(b.right(), r) + ")", true);
    }
    if (op.isComparison()) {
      Java l = translate(b.left(), r);
      Java rr = translate(b.right(), r);
      if (l.bool && rr.bool && (op == BinaryOp.EQ || op == BinaryOp.NE)) {
        return new Java("(" + l.code + " " + op.symbol() + " " + rr.code + ")", true);
      }
      return new Java("(" + asDouble(b.left(), r) + " " + op.symbol() + " "
          + asDouble(b.right(), r) + ")", true);
    }
    if (op == BinaryOp.ADD || op == BinaryOp.SUB) {
      return new Java(flatSum(b, r), false);
    }
    String l = asDouble(b.left(), r);
    String rr = asDouble(b.right(), r);
    return switch (op) {
      case ADD, SUB, MUL, DIV -> new Java("(" + l + " " + op.symbol() + " " + rr + ")", false);
      case FLOOR_DIV -> new Java(Functions.class.getName() + ".floorDivide(" + l + ", " + rr + ")",
          false);
      case MOD -> new Java(Functions.class.getName() + ".mod(" + l + ", " + rr + ")", false);
      case POW -> new Java("Math.pow(" + l + ", " + rr + ")", false);
      default -> throw new IllegalStateException("operator " + op);
    };
  }
}
