package io.liquid4j.spiking.equations;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * An expression tree of Brian2's expression language (Python's syntax for arithmetic, comparisons
 * and {@code and}/{@code or}/{@code not}). Parsed nodes carry their start and end offsets in the
 * {@link SourceText} they came from; nodes built by the simulator (state updaters substitute
 * {@code v + _k_1_v/2} for {@code v}) carry −1.
 *
 * <pre>{@code
 * Expr e = Expressions.parse("(v0 - v) / tau");
 * Set<String> names = Expr.names(e);                 // [v0, v, tau]
 * Expr half = Expr.substitute(e, n -> n.name().equals("v") ? Expr.num(0.5) : n);
 * String text = Expr.print(half);                    // (v0 - 0.5)/tau
 * }</pre>
 */
public sealed interface Expr {
  /**
   * Offset of the node's first character in its source, or −1.
   *
   * @return the start offset, or −1 for a node made by the simulator
   */
  int start();

  /**
   * Offset just after the node's last character in its source, or −1.
   *
   * @return the end offset, or −1 for a node made by the simulator
   */
  int end();

  /** Unary operators: arithmetic negation and boolean {@code not}. */
  enum UnaryOp {
    /** {@code -x}. */
    NEG("-"),
    /** {@code not x}. */
    NOT("not ");

    final String symbol;

    UnaryOp(String symbol) {
      this.symbol = symbol;
    }
  }

  /** Binary operators with Python's precedence (higher binds tighter). */
  enum BinaryOp {
    /** {@code or}. */
    OR("or", 1),
    /** {@code and}. */
    AND("and", 2),
    /** {@code <}. */
    LT("<", 4),
    /** {@code <=}. */
    LE("<=", 4),
    /** {@code >}. */
    GT(">", 4),
    /** {@code >=}. */
    GE(">=", 4),
    /** {@code ==}. */
    EQ("==", 4),
    /** {@code !=}. */
    NE("!=", 4),
    /** {@code +}. */
    ADD("+", 5),
    /** {@code -}. */
    SUB("-", 5),
    /** {@code *}. */
    MUL("*", 6),
    /** {@code /}, true division. */
    DIV("/", 6),
    /** {@code //}, Python's floor division. */
    FLOOR_DIV("//", 6),
    /** {@code %}, Python's modulo (the sign of the divisor). */
    MOD("%", 6),
    /** {@code **}. */
    POW("**", 8);

    final String symbol;
    final int precedence;

    BinaryOp(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    /**
     * The operator as written.
     *
     * @return the operator's text, e.g. {@code "**"}
     */
    public String symbol() {
      return symbol;
    }

    boolean isComparison() {
      return precedence == 4;
    }

    boolean isLogical() {
      return this == AND || this == OR;
    }
  }

  /** A number literal. */
  record Num(double value, int start, int end) implements Expr {
    @Override
    public String toString() {
      return print(this);
    }
  }

  /** {@code True} or {@code False}. */
  record Bool(boolean value, int start, int end) implements Expr {
    @Override
    public String toString() {
      return print(this);
    }
  }

  /** An identifier: a variable, constant, unit or special name ({@code t}, {@code i}). */
  record Name(String name, int start, int end) implements Expr {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code -operand} or {@code not operand}. */
  record Unary(UnaryOp op, Expr operand, int start, int end) implements Expr {
    @Override
    public String toString() {
      return print(this);
    }
  }

  /** {@code left op right}. */
  record Binary(BinaryOp op, Expr left, Expr right, int start, int end) implements Expr {
    @Override
    public String toString() {
      return print(this);
    }
  }

  /** A function call such as {@code exp(x)}, {@code clip(x, lo, hi)} or {@code rand()}. */
  record Call(String function, List<Expr> args, int start, int end) implements Expr {
    /**
     * Copies the arguments.
     *
     * @param function the function's name
     * @param args the arguments, in order
     * @param start offset of the node's first character, or −1
     * @param end offset just after the node's last character, or −1
     */
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public String toString() {
      return print(this);
    }
  }

  /**
   * {@code ifTrue} where {@code condition} holds, else {@code ifFalse}; only the simulator makes
   * these (Brian2's language has no conditional expression).
   */
  record Choice(Expr condition, Expr ifTrue, Expr ifFalse) implements Expr {
    @Override
    public int start() {
      return -1;
    }

    @Override
    public int end() {
      return -1;
    }

    @Override
    public String toString() {
      return print(this);
    }
  }

  /**
   * A number made by the simulator (no source position).
   *
   * @param value the number
   * @return a number node without position
   */
  static Num num(double value) {
    return new Num(value, -1, -1);
  }

  /**
   * An identifier made by the simulator.
   *
   * @param name the identifier
   * @return a name node without position
   */
  static Name name(String name) {
    return new Name(name, -1, -1);
  }

  /**
   * {@code left op right}, made by the simulator.
   *
   * @param op the operator
   * @param left the left operand
   * @param right the right operand
   * @return a binary node without position
   */
  static Expr binary(BinaryOp op, Expr left, Expr right) {
    return new Binary(op, left, right, -1, -1);
  }

  /**
   * {@code a + b}.
   *
   * @param a the left operand
   * @param b the right operand
   * @return the sum node
   */
  static Expr add(Expr a, Expr b) {
    return binary(BinaryOp.ADD, a, b);
  }

  /**
   * {@code a - b}.
   *
   * @param a the left operand
   * @param b the right operand
   * @return the difference node
   */
  static Expr sub(Expr a, Expr b) {
    return binary(BinaryOp.SUB, a, b);
  }

  /**
   * {@code a * b}.
   *
   * @param a the left operand
   * @param b the right operand
   * @return the product node
   */
  static Expr mul(Expr a, Expr b) {
    return binary(BinaryOp.MUL, a, b);
  }

  /**
   * {@code a / b}.
   *
   * @param a the dividend
   * @param b the divisor
   * @return the quotient node
   */
  static Expr div(Expr a, Expr b) {
    return binary(BinaryOp.DIV, a, b);
  }

  /**
   * {@code -a}.
   *
   * @param a the operand
   * @return the negation node
   */
  static Expr neg(Expr a) {
    return new Unary(UnaryOp.NEG, a, -1, -1);
  }

  /**
   * {@code function(args...)}.
   *
   * @param function the function's name
   * @param args its arguments
   * @return the call node
   */
  static Expr call(String function, Expr... args) {
    return new Call(function, List.of(args), -1, -1);
  }

  /**
   * The identifiers {@code e} reads, in order of first appearance (function names excluded).
   *
   * @param e an expression
   * @return a new set of the names, in order of first appearance
   */
  static Set<String> names(Expr e) {
    Set<String> out = new LinkedHashSet<>();
    collectNames(e, out);
    return out;
  }

  private static void collectNames(Expr e, Set<String> out) {
    if (e instanceof Name n) {
      out.add(n.name());
    } else if (e instanceof Unary u) {
      collectNames(u.operand(), out);
    } else if (e instanceof Binary b) {
      collectNames(b.left(), out);
      collectNames(b.right(), out);
    } else if (e instanceof Call c) {
      for (Expr a : c.args()) {
        collectNames(a, out);
      }
    } else if (e instanceof Choice c) {
      collectNames(c.condition(), out);
      collectNames(c.ifTrue(), out);
      collectNames(c.ifFalse(), out);
    }
  }

  /**
   * True if {@code e} calls {@code function} anywhere.
   *
   * @param e an expression
   * @param function a function's name
   * @return true if a call of {@code function} occurs in {@code e}
   */
  static boolean calls(Expr e, String function) {
    if (e instanceof Call c) {
      if (c.function().equals(function)) {
        return true;
      }
      for (Expr a : c.args()) {
        if (calls(a, function)) {
          return true;
        }
      }
      return false;
    }
    if (e instanceof Unary u) {
      return calls(u.operand(), function);
    }
    if (e instanceof Binary b) {
      return calls(b.left(), function) || calls(b.right(), function);
    }
    if (e instanceof Choice c) {
      return calls(c.condition(), function) || calls(c.ifTrue(), function)
          || calls(c.ifFalse(), function);
    }
    return false;
  }

  /**
   * {@code e} with every identifier replaced by {@code replacement.apply(name)} (which returns
   * the name itself to keep it). Untouched subtrees are shared, not copied.
   *
   * @param e an expression
   * @param replacement the new subtree for each name node
   * @return the rewritten expression, or {@code e} itself if nothing changed
   */
  static Expr substitute(Expr e, Function<Name, Expr> replacement) {
    if (e instanceof Name n) {
      return replacement.apply(n);
    }
    if (e instanceof Unary u) {
      Expr o = substitute(u.operand(), replacement);
      return o == u.operand() ? u : new Unary(u.op(), o, u.start(), u.end());
    }
    if (e instanceof Binary b) {
      Expr l = substitute(b.left(), replacement);
      Expr r = substitute(b.right(), replacement);
      return l == b.left() && r == b.right() ? b : new Binary(b.op(), l, r, b.start(), b.end());
    }
    if (e instanceof Call c) {
      List<Expr> args = new ArrayList<>();
      boolean same = true;
      for (Expr a : c.args()) {
        Expr s = substitute(a, replacement);
        same &= s == a;
        args.add(s);
      }
      return same ? c : new Call(c.function(), args, c.start(), c.end());
    }
    if (e instanceof Choice c) {
      return new Choice(substitute(c.condition(), replacement),
          substitute(c.ifTrue(), replacement), substitute(c.ifFalse(), replacement));
    }
    return e;
  }

  /**
   * {@code e} in Brian2's syntax with the fewest parentheses Python's precedence needs; numbers
   * as Java prints doubles ({@code 1.0E-4}), which the parser reads back to the same value.
   *
   * @param e an expression
   * @return its text, which {@link Expressions#parse(String)} reads back to an equal tree
   */
  static String print(Expr e) {
    StringBuilder s = new StringBuilder();
    ExprPrinter.print(e, s);
    return s.toString();
  }
}
