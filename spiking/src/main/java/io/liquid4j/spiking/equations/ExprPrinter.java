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

/** Prints expressions in Brian2's syntax with the fewest parentheses (see {@link Expr#print}). */
final class ExprPrinter {
  private ExprPrinter() {}

  /** Python's precedence of a node, for printing. */
  static int precedence(Expr e) {
    if (e instanceof Binary b) {
      return b.op().precedence;
    }
    if (e instanceof Unary u) {
      return u.op() == UnaryOp.NOT ? 3 : 7;
    }
    if (e instanceof Num n && (n.value() < 0 || (n.value() == 0 && 1 / n.value() < 0))) {
      return 7;
    }
    if (e instanceof Choice) {
      return 0;
    }
    return 9;
  }

  static void print(Expr e, StringBuilder s) {
    if (e instanceof Num n) {
      double v = n.value();
      if (Double.isNaN(v)) {
        s.append("nan");
      } else if (Double.isInfinite(v)) {
        s.append(v > 0 ? "inf" : "-inf");
      } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        s.append((long) v == 0 && 1 / v < 0 ? "-0.0" : Long.toString((long) v));
      } else {
        s.append(v);
      }
    } else if (e instanceof Bool b) {
      s.append(b.value() ? "True" : "False");
    } else if (e instanceof Name n) {
      s.append(n.name());
    } else if (e instanceof Unary u) {
      s.append(u.op().symbol);
      child(u.operand(), precedence(u), false, s);
    } else if (e instanceof Binary b) {
      int p = b.op().precedence;
      boolean rightAssociative = b.op() == BinaryOp.POW;
      child(b.left(), p, rightAssociative, s);
      boolean spaced = p <= 5;
      s.append(spaced ? " " + b.op().symbol + " " : b.op().symbol);
      child(b.right(), p, !rightAssociative, s);
    } else if (e instanceof Call c) {
      s.append(c.function()).append('(');
      for (int k = 0; k < c.args().size(); k++) {
        if (k > 0) {
          s.append(", ");
        }
        print(c.args().get(k), s);
      }
      s.append(')');
    } else if (e instanceof Choice c) {
      s.append("where(");
      print(c.condition(), s);
      s.append(", ");
      print(c.ifTrue(), s);
      s.append(", ");
      print(c.ifFalse(), s);
      s.append(')');
    }
  }

  /** Prints a child, in parentheses if it binds less tightly than its parent needs. */
  private static void child(Expr c, int parent, boolean strict, StringBuilder s) {
    int p = precedence(c);
    // Comparisons do not chain in this language, so a comparison operand is always grouped.
    boolean needs = p < parent || (strict && p == parent) || (parent == 4 && p == 4)
        || (parent == 8 && p == 7);
    if (needs) {
      s.append('(');
    }
    print(c, s);
    if (needs) {
      s.append(')');
    }
  }
}
