package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.equations.Expr.Binary;
import io.liquid4j.spiking.equations.Expr.Bool;
import io.liquid4j.spiking.equations.Expr.Call;
import io.liquid4j.spiking.equations.Expr.Choice;
import io.liquid4j.spiking.equations.Expr.Name;
import io.liquid4j.spiking.equations.Expr.Num;
import io.liquid4j.spiking.equations.Expr.Unary;

/**
 * Evaluates an expression tree directly, for what runs once rather than every step: initial
 * values ({@code g.set("v", "Vr + rand()*(Vt - Vr)")}), constants and the coefficients of linear
 * systems. It does what the generated Java does, operation for operation and with the same
 * {@link Functions}, so the two give the same bits; conditions are 1.0 or 0.0, and {@code and} and
 * {@code or} evaluate both sides (as generated code does, so that {@code rand()} draws the same
 * numbers either way).
 *
 * <pre>{@code
 * double v0 = Evaluator.evaluate(Expressions.parse("3*i/(N-1)"),
 *     name -> name.equals("i") ? 50 : 100, null);     // 1.5151...
 * }</pre>
 */
public final class Evaluator {
  /** The values of identifiers for the element being evaluated. */
  @FunctionalInterface
  public interface Values {
    /**
     * The value of {@code name} (SI; conditions as 1 or 0).
     *
     * @param name an identifier of the expression
     * @return its value
     */
    double get(String name);

    /**
     * The value of a function of the scope ({@link UserFunction}) at {@code arguments}.
     *
     * @param function the function's name
     * @param arguments its arguments' values, SI
     * @return the function's value
     */
    default double call(String function, double[] arguments) {
      throw new IllegalStateException("no function " + function);
    }
  }

  private Evaluator() {}

  /**
   * @param e the expression to evaluate
   * @param values the values of its identifiers
   * @param random the source of {@code rand()} and {@code randn()}; may be null if the
   *     expression draws none
   * @return the value (SI; conditions as 1 or 0)
   */
  public static double evaluate(Expr e, Values values, RandomSource random) {
    if (e instanceof Num n) {
      return n.value();
    }
    if (e instanceof Bool b) {
      return b.value() ? 1 : 0;
    }
    if (e instanceof Name n) {
      return values.get(n.name());
    }
    if (e instanceof Unary u) {
      double x = evaluate(u.operand(), values, random);
      return switch (u.op()) {
        case NEG -> -x;
        case NOT -> x != 0 ? 0 : 1;
      };
    }
    if (e instanceof Binary b) {
      double l = evaluate(b.left(), values, random);
      double r = evaluate(b.right(), values, random);
      return switch (b.op()) {
        case ADD -> l + r;
        case SUB -> l - r;
        case MUL -> l * r;
        case DIV -> l / r;
        case FLOOR_DIV -> Functions.floorDivide(l, r);
        case MOD -> Functions.mod(l, r);
        case POW -> Math.pow(l, r);
        case LT -> l < r ? 1 : 0;
        case LE -> l <= r ? 1 : 0;
        case GT -> l > r ? 1 : 0;
        case GE -> l >= r ? 1 : 0;
        case EQ -> l == r ? 1 : 0;
        case NE -> l != r ? 1 : 0;
        case AND -> (l != 0) & (r != 0) ? 1 : 0;
        case OR -> (l != 0) | (r != 0) ? 1 : 0;
      };
    }
    if (e instanceof Call c) {
      if (c.function().equals("rand")) {
        return random.rand();
      }
      if (c.function().equals("randn")) {
        return random.randn();
      }
      double[] a = new double[c.args().size()];
      for (int k = 0; k < a.length; k++) {
        a[k] = evaluate(c.args().get(k), values, random);
      }
      return Functions.SPECS.containsKey(c.function()) ? Functions.apply(c.function(), a)
          : values.call(c.function(), a);
    }
    if (e instanceof Choice c) {
      // Generated code evaluates only the branch taken; so does this.
      return evaluate(c.condition(), values, random) != 0
          ? evaluate(c.ifTrue(), values, random) : evaluate(c.ifFalse(), values, random);
    }
    throw new IllegalStateException("unknown node " + e);
  }
}
