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
import io.liquid4j.spiking.units.Dimension;
import java.util.Collection;

/**
 * Infers the type and dimension of an expression and rejects what makes no physical sense,
 * naming the offending terms and their dimensions:
 *
 * <pre>
 *   equations line 1, column 9: "dv/dt = (v0 - v)/tau : volt": cannot add 1 (v0) and volt (v)
 * </pre>
 *
 * Sums, differences, comparisons and {@code clip} need equal dimensions; {@code exp}, {@code log}
 * and the like need dimensionless arguments; a quantity with a dimension can only be raised to a
 * constant power; {@code and}, {@code or} and {@code not} need conditions.
 *
 * <pre>{@code
 * Typed t = TypeChecker.check(expr, scope, source);
 * if (t.type() != ValueType.BOOLEAN) { ... }
 * }</pre>
 */
public final class TypeChecker {
  /** A type with a dimension. */
  public record Typed(ValueType type, Dimension dimension) {
    static final Typed FLOAT = new Typed(ValueType.FLOAT, Dimension.DIMENSIONLESS);
    static final Typed BOOLEAN = new Typed(ValueType.BOOLEAN, Dimension.DIMENSIONLESS);
    static final Typed INTEGER = new Typed(ValueType.INTEGER, Dimension.DIMENSIONLESS);
  }

  private final Scope scope;
  private final SourceText source;

  private TypeChecker(Scope scope, SourceText source) {
    this.scope = scope;
    this.source = source;
  }

  /**
   * The type and dimension of {@code e}.
   *
   * @param e the expression
   * @param scope what its names denote
   * @param source the text {@code e} was parsed from, for error positions
   * @return the expression's type and dimension
   * @throws IllegalArgumentException for unknown identifiers and functions, dimension mismatches
   *     and conditions used as values or the other way round
   */
  public static Typed check(Expr e, Scope scope, SourceText source) {
    return new TypeChecker(scope, source).type(e);
  }

  private Typed type(Expr e) {
    if (e instanceof Num) {
      return Typed.FLOAT;
    }
    if (e instanceof Bool) {
      return Typed.BOOLEAN;
    }
    if (e instanceof Name n) {
      Symbol s = scope.lookup(n.name());
      if (s == null) {
        if (Symbol.isNoiseName(n.name())) {
          throw source.error(n.start(), "white noise (" + n.name() + ") can only appear in "
              + "differential equations");
        }
        throw source.error(n.start(), "unknown identifier '" + n.name() + "'"
            + suggestion(n.name(), scope.names()));
      }
      return new Typed(s.type(), s.dimension());
    }
    if (e instanceof Unary u) {
      Typed t = type(u.operand());
      if (u.op() == UnaryOp.NOT) {
        requireBoolean(u.operand(), t, "'not'");
        return Typed.BOOLEAN;
      }
      return new Typed(t.type() == ValueType.BOOLEAN ? ValueType.INTEGER : t.type(),
          t.dimension());
    }
    if (e instanceof Binary b) {
      return binary(b);
    }
    if (e instanceof Call c) {
      return call(c);
    }
    if (e instanceof Choice c) {
      requireBoolean(c.condition(), type(c.condition()), "a choice");
      Typed a = type(c.ifTrue());
      Typed b = type(c.ifFalse());
      if (!a.dimension().equals(b.dimension())) {
        throw error(e, "the two branches differ: " + a.dimension() + " (" + text(c.ifTrue())
            + ") and " + b.dimension() + " (" + text(c.ifFalse()) + ")");
      }
      return a;
    }
    throw new IllegalStateException("unknown node " + e);
  }

  private Typed binary(Binary b) {
    Typed l = type(b.left());
    Typed r = type(b.right());
    BinaryOp op = b.op();
    if (op.isLogical()) {
      requireBoolean(b.left(), l, "'" + op.symbol() + "'");
      requireBoolean(b.right(), r, "'" + op.symbol() + "'");
      return Typed.BOOLEAN;
    }
    if (op.isComparison()) {
      if (!l.dimension().equals(r.dimension())) {
        throw error(b, "cannot compare " + l.dimension() + " (" + text(b.left()) + ") and "
            + r.dimension() + " (" + text(b.right()) + ")");
      }
      return Typed.BOOLEAN;
    }
    ValueType numeric = isInteger(l) && isInteger(r) ? ValueType.INTEGER : ValueType.FLOAT;
    switch (op) {
      case ADD, SUB, MOD -> {
        if (!l.dimension().equals(r.dimension())) {
          // Subtraction too is "add": the sum of terms is what has no single dimension.
          String verb = op == BinaryOp.MOD ? "cannot take the remainder of " : "cannot add ";
          throw error(b, verb + l.dimension() + " (" + text(b.left()) + ") and "
              + r.dimension() + " (" + text(b.right()) + ")");
        }
        return new Typed(numeric, l.dimension());
      }
      case MUL -> {
        return new Typed(numeric, l.dimension().times(r.dimension()));
      }
      case DIV -> {
        return new Typed(ValueType.FLOAT, l.dimension().divide(r.dimension()));
      }
      case FLOOR_DIV -> {
        return new Typed(numeric, l.dimension().divide(r.dimension()));
      }
      case POW -> {
        if (!r.dimension().isDimensionless()) {
          throw error(b.right(), "an exponent must be dimensionless, found " + r.dimension()
              + " (" + text(b.right()) + ")");
        }
        if (l.dimension().isDimensionless()) {
          return new Typed(ValueType.FLOAT, l.dimension());
        }
        double exponent = constantValue(b.right());
        if (Double.isNaN(exponent)) {
          throw error(b.right(), "the exponent of " + l.dimension() + " (" + text(b.left())
              + ") must be a constant number, found '" + text(b.right()) + "'");
        }
        return new Typed(ValueType.FLOAT, l.dimension().power(exponent));
      }
      default -> throw new IllegalStateException("operator " + op);
    }
  }

  private static boolean isInteger(Typed t) {
    return t.type() == ValueType.INTEGER || t.type() == ValueType.BOOLEAN;
  }

  private Typed call(Call c) {
    Functions.Spec spec = Functions.SPECS.get(c.function());
    UserFunction user = spec == null ? scope.function(c.function()) : null;
    if (user != null) {
      return userCall(c, user);
    }
    if (spec == null || spec.name().startsWith("_")) {
      Symbol s = scope.lookup(c.function());
      String hint = s != null ? " ('" + c.function() + "' is not a function)"
          : suggestion(c.function(), Functions.names());
      throw source.error(c.start(), "unknown function '" + c.function() + "'" + hint);
    }
    if (c.args().size() != spec.arity()) {
      throw source.error(c.start(), c.function() + " takes " + spec.arity() + " argument"
          + (spec.arity() == 1 ? "" : "s") + ", found " + c.args().size());
    }
    Typed[] a = new Typed[c.args().size()];
    for (int k = 0; k < a.length; k++) {
      a[k] = type(c.args().get(k));
    }
    switch (spec.rule()) {
      case DIMENSIONLESS -> {
        requireDimensionless(c, a[0]);
        return Typed.FLOAT;
      }
      case SAME -> {
        for (int k = 1; k < a.length; k++) {
          if (!a[k].dimension().equals(a[0].dimension())) {
            throw error(c, c.function() + " needs arguments of one dimension, found "
                + a[0].dimension() + " (" + text(c.args().get(0)) + ") and " + a[k].dimension()
                + " (" + text(c.args().get(k)) + ")");
          }
        }
        return new Typed(a[0].type() == ValueType.BOOLEAN ? ValueType.INTEGER : a[0].type(),
            a[0].dimension());
      }
      case SQRT -> {
        return new Typed(ValueType.FLOAT, a[0].dimension().power(0.5));
      }
      case SIGN -> {
        return Typed.FLOAT;
      }
      case INT -> {
        requireDimensionless(c, a[0]);
        return Typed.INTEGER;
      }
      case RANDOM -> {
        return Typed.FLOAT;
      }
      case TIMESTEP -> {
        for (int k = 0; k < 2; k++) {
          if (!a[k].dimension().equals(Dimension.TIME)) {
            throw error(c.args().get(k), "timestep needs times (second), found "
                + a[k].dimension() + " (" + text(c.args().get(k)) + ")");
          }
        }
        return Typed.INTEGER;
      }
      default -> throw new IllegalStateException("rule " + spec.rule());
    }
  }

  private Typed userCall(Call c, UserFunction f) {
    if (c.args().size() != f.arguments().size()) {
      throw source.error(c.start(), c.function() + " takes " + f.arguments().size()
          + " argument" + (f.arguments().size() == 1 ? "" : "s") + ", found " + c.args().size());
    }
    for (int k = 0; k < c.args().size(); k++) {
      Typed a = type(c.args().get(k));
      if (!a.dimension().equals(f.arguments().get(k))) {
        throw error(c.args().get(k), c.function() + " needs argument " + (k + 1) + " in "
            + f.arguments().get(k) + ", found " + a.dimension() + " (" + text(c.args().get(k))
            + ")");
      }
    }
    return new Typed(ValueType.FLOAT, f.result());
  }

  private void requireDimensionless(Call c, Typed t) {
    if (!t.dimension().isDimensionless()) {
      throw error(c, c.function() + " needs a dimensionless argument, found " + t.dimension()
          + " (" + text(c.args().get(0)) + ")");
    }
  }

  private void requireBoolean(Expr e, Typed t, String what) {
    if (t.type() != ValueType.BOOLEAN) {
      throw error(e, what + " needs a condition, found a value of dimension " + t.dimension()
          + " (" + text(e) + ")");
    }
  }

  /** The value of {@code e} if it is made of numbers and constants only, else NaN. */
  private double constantValue(Expr e) {
    for (String n : Expr.names(e)) {
      Symbol s = scope.lookup(n);
      if (s == null || s.kind() != Symbol.Kind.CONSTANT) {
        return Double.NaN;
      }
    }
    if (Expr.calls(e, "rand") || Expr.calls(e, "randn")) {
      return Double.NaN;
    }
    return Evaluator.evaluate(e, name -> scope.lookup(name).value(), null);
  }

  private String text(Expr e) {
    return SourceText.excerpt(source != null && e.start() >= 0 ? source.slice(e.start(), e.end())
        : Expr.print(e), 0);
  }

  private IllegalArgumentException error(Expr e, String problem) {
    return source.error(e.start(), problem);
  }

  /** ", did you mean 'x'?" for the closest name within two edits, or "". */
  static String suggestion(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      int d = editDistance(name, c);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  /** Edit distance counting a swap of neighbours as one edit (tua → tau). */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
