package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.equations.Expr.Binary;
import io.liquid4j.spiking.equations.Expr.BinaryOp;
import io.liquid4j.spiking.equations.Expr.Unary;
import io.liquid4j.spiking.equations.Expr.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for Brian2's expression language over a window of a {@link
 * SourceText}, with Python's precedence:
 *
 * <pre>
 *   expr       := and ('or' and)*                        # a or b
 *   and        := not ('and' not)*                       # v > 1 and not_refractory
 *   not        := 'not' not | comparison                 # not (v > 1)
 *   comparison := sum (('&lt;'|'&lt;='|'&gt;'|'&gt;='|'=='|'!=') sum)?
 *                                                       # v &gt; -50*mV (no chains)
 *   sum        := term (('+'|'-') term)*                 # v0 - v
 *   term       := unary (('*'|'/'|'//'|'%') unary)*      # (v0 - v)/tau
 *   unary      := ('-'|'+') unary | power                # -v
 *   power      := primary ('**' unary)?                  # tau**-0.5
 *   primary    := number | 'True' | 'False' | name | name '(' args ')' | '(' expr ')'
 * </pre>
 *
 * <p>The tokenizer refuses more than {@link Limits#MAX_OPERANDS} numbers and names, and the
 * parser more than {@link Limits#MAX_NESTING} nested parentheses, calls, signs, {@code not} and
 * {@code **}, so that neither it nor the passes after it recurse without bound.
 */
final class Parser {
  private enum Kind { NUMBER, NAME, OP, END }

  private record Token(Kind kind, String text, int start, int end) {}

  private final SourceText source;
  private final List<Token> tokens;
  private int next;
  private int depth;

  Parser(SourceText source, int from, int to, boolean statement) {
    this.source = source;
    this.tokens = tokenize(source, from, to, statement);
  }

  /** Parses the whole window as one expression. */
  Expr expression() {
    if (peek().kind == Kind.END) {
      throw source.error(peek().start, "expected an expression, found nothing");
    }
    Expr e = or();
    expectEnd();
    return e;
  }

  /** Parses {@code target op expression} with op one of = += -= *= /=. */
  Statement statement() {
    Token target = peek();
    if (target.kind != Kind.NAME || isKeyword(target.text)) {
      throw source.error(target.start, target.kind == Kind.END
          ? "expected a statement such as v = 0, found nothing"
          : "expected a variable to assign to, found '" + target.text + "'");
    }
    next++;
    Token op = peek();
    Statement.Op kind = switch (op.text) {
      case "=" -> Statement.Op.SET;
      case "+=" -> Statement.Op.ADD;
      case "-=" -> Statement.Op.SUBTRACT;
      case "*=" -> Statement.Op.MULTIPLY;
      case "/=" -> Statement.Op.DIVIDE;
      default -> throw source.error(op.start, op.kind == Kind.END
          ? "expected = (or +=, -=, *=, /=) after '" + target.text + "'"
          : "expected = (or +=, -=, *=, /=) after '" + target.text + "', found '" + op.text
              + "'");
    };
    next++;
    if (peek().kind == Kind.END) {
      throw source.error(peek().start, "expected an expression after '" + op.text + "'");
    }
    Expr value = or();
    expectEnd();
    return new Statement(target.text, kind, value, source, target.start,
        tokens.get(next - 1).end);
  }

  private void expectEnd() {
    Token t = peek();
    if (t.kind != Kind.END) {
      String hint = t.text.equals(")") ? " (no '(' to close)" : "";
      throw source.error(t.start, "unexpected '" + t.text + "'" + hint);
    }
  }

  private Expr or() {
    Expr left = and();
    while (peekIs("or")) {
      next++;
      Expr right = and();
      left = new Binary(BinaryOp.OR, left, right, left.start(), right.end());
    }
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (peekIs("and")) {
      next++;
      Expr right = not();
      left = new Binary(BinaryOp.AND, left, right, left.start(), right.end());
    }
    return left;
  }

  private Expr not() {
    if (peekIs("not")) {
      Token t = tokens.get(next++);
      enter(t);
      Expr operand = not();
      depth--;
      return new Unary(UnaryOp.NOT, operand, t.start, operand.end());
    }
    return comparison();
  }

  private Expr comparison() {
    Expr left = sum();
    BinaryOp op = comparisonOp(peek());
    if (op == null) {
      return left;
    }
    next++;
    Expr right = sum();
    if (comparisonOp(peek()) != null) {
      throw source.error(peek().start, "chained comparison; write (a < b) and (b < c)");
    }
    return new Binary(op, left, right, left.start(), right.end());
  }

  private static BinaryOp comparisonOp(Token t) {
    if (t.kind != Kind.OP) {
      return null;
    }
    return switch (t.text) {
      case "<" -> BinaryOp.LT;
      case "<=" -> BinaryOp.LE;
      case ">" -> BinaryOp.GT;
      case ">=" -> BinaryOp.GE;
      case "==" -> BinaryOp.EQ;
      case "!=" -> BinaryOp.NE;
      default -> null;
    };
  }

  private Expr sum() {
    Expr left = term();
    while (peek().kind == Kind.OP && (peekIs("+") || peekIs("-"))) {
      BinaryOp op = tokens.get(next++).text.equals("+") ? BinaryOp.ADD : BinaryOp.SUB;
      Expr right = term();
      left = new Binary(op, left, right, left.start(), right.end());
    }
    return left;
  }

  private Expr term() {
    Expr left = unary();
    while (true) {
      Token t = peek();
      BinaryOp op = t.kind != Kind.OP ? null : switch (t.text) {
        case "*" -> BinaryOp.MUL;
        case "/" -> BinaryOp.DIV;
        case "//" -> BinaryOp.FLOOR_DIV;
        case "%" -> BinaryOp.MOD;
        default -> null;
      };
      if (op == null) {
        return left;
      }
      next++;
      Expr right = unary();
      left = new Binary(op, left, right, left.start(), right.end());
    }
  }

  private Expr unary() {
    if (peek().kind == Kind.OP && (peekIs("-") || peekIs("+"))) {
      Token t = tokens.get(next++);
      enter(t);
      Expr operand = unary();
      depth--;
      return t.text.equals("-") ? new Unary(UnaryOp.NEG, operand, t.start, operand.end())
          : operand;
    }
    return power();
  }

  private Expr power() {
    Expr base = primary();
    if (peekIs("**")) {
      enter(tokens.get(next++));
      Expr exponent = unary();
      depth--;
      return new Binary(BinaryOp.POW, base, exponent, base.start(), exponent.end());
    }
    return base;
  }

  private Expr primary() {
    Token t = peek();
    switch (t.kind) {
      case NUMBER -> {
        next++;
        return new Expr.Num(Double.parseDouble(t.text), t.start, t.end);
      }
      case NAME -> {
        if (t.text.equals("True") || t.text.equals("False")) {
          next++;
          return new Expr.Bool(t.text.equals("True"), t.start, t.end);
        }
        if (isKeyword(t.text)) {
          throw source.error(t.start, "expected a value, found '" + t.text + "'");
        }
        next++;
        if (peekIs("(")) {
          enter(tokens.get(next++));
          List<Expr> args = new ArrayList<>();
          if (!peekIs(")")) {
            while (true) {
              args.add(or());
              if (peekIs(",")) {
                next++;
              } else {
                break;
              }
            }
          }
          Token close = peek();
          if (!close.text.equals(")")) {
            throw source.error(close.start, close.kind == Kind.END
                ? "expected ')' to close the call of " + t.text + "("
                : "expected ',' or ')' in the call of " + t.text + "(, found '" + close.text
                    + "'");
          }
          next++;
          depth--;
          return new Expr.Call(t.text, args, t.start, close.end);
        }
        return new Expr.Name(t.text, t.start, t.end);
      }
      case OP -> {
        if (t.text.equals("(")) {
          enter(t);
          next++;
          if (peekIs(")")) {
            throw source.error(t.start, "empty parentheses");
          }
          Expr inner = or();
          Token close = peek();
          if (!close.text.equals(")")) {
            throw source.error(t.start, close.kind == Kind.END
                ? "'(' is never closed"
                : "expected ')' to close the '(' at column " + source.column(t.start)
                    + ", found '" + close.text + "'");
          }
          next++;
          depth--;
          // The parentheses belong to the node's span, so errors quote "(v0 - v)" whole.
          return widen(inner, t.start, close.end);
        }
        throw source.error(t.start, "expected a value, found '" + t.text + "'");
      }
      default -> throw source.error(t.start, "expected a value, found the end of the text");
    }
  }

  /** One level deeper, at {@code t}; refused past {@link Limits#MAX_NESTING}. */
  private void enter(Token t) {
    if (++depth > Limits.MAX_NESTING) {
      throw source.error(t.start, "more than " + Limits.MAX_NESTING + " levels of nesting "
          + "(parentheses, calls, signs, not, **); split the expression into subexpressions");
    }
  }

  private static Expr widen(Expr e, int start, int end) {
    if (e instanceof Binary b) {
      return new Binary(b.op(), b.left(), b.right(), start, end);
    }
    if (e instanceof Unary u) {
      return new Unary(u.op(), u.operand(), start, end);
    }
    if (e instanceof Expr.Num n) {
      return new Expr.Num(n.value(), start, end);
    }
    if (e instanceof Expr.Name n) {
      return new Expr.Name(n.name(), start, end);
    }
    if (e instanceof Expr.Bool b) {
      return new Expr.Bool(b.value(), start, end);
    }
    if (e instanceof Expr.Call c) {
      return new Expr.Call(c.function(), c.args(), start, end);
    }
    return e;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private boolean peekIs(String text) {
    Token t = tokens.get(next);
    return t.kind != Kind.END && t.kind != Kind.NUMBER && t.text.equals(text);
  }

  static boolean isKeyword(String name) {
    return switch (name) {
      case "and", "or", "not", "True", "False", "if", "else", "in", "is", "lambda" -> true;
      default -> false;
    };
  }

  /** {@code operands + 1}, refused past {@link Limits#MAX_OPERANDS}, at {@code start}. */
  private static int countOperand(SourceText source, int start, int operands) {
    if (operands + 1 > Limits.MAX_OPERANDS) {
      throw source.error(start, "more than " + Limits.MAX_OPERANDS + " numbers and names in one "
          + "expression; split it into subexpressions");
    }
    return operands + 1;
  }

  private static List<Token> tokenize(SourceText source, int from, int to, boolean statement) {
    String s = source.text();
    List<Token> out = new ArrayList<>();
    int p = from;
    int operands = 0;
    while (true) {
      while (p < to && Character.isWhitespace(s.charAt(p))) {
        p++;
      }
      if (p >= to) {
        out.add(new Token(Kind.END, "", to, to));
        return out;
      }
      char c = s.charAt(p);
      int start = p;
      if (Character.isDigit(c) || (c == '.' && p + 1 < to && Character.isDigit(s.charAt(p + 1)))) {
        while (p < to && Character.isDigit(s.charAt(p))) {
          p++;
        }
        if (p < to && s.charAt(p) == '.') {
          p++;
          while (p < to && Character.isDigit(s.charAt(p))) {
            p++;
          }
        }
        if (p < to && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
          int mark = p++;
          if (p < to && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            p++;
          }
          int digits = p;
          while (p < to && Character.isDigit(s.charAt(p))) {
            p++;
          }
          if (p == digits) {
            p = mark;
          }
        }
        if (p < to && (Character.isLetter(s.charAt(p)) || s.charAt(p) == '_')) {
          int end = p;
          while (end < to && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
          }
          throw source.error(start, "'" + s.substring(start, end) + "' is not a number; write "
              + s.substring(start, p) + "*" + s.substring(p, end) + " for a quantity");
        }
        operands = countOperand(source, start, operands);
        out.add(new Token(Kind.NUMBER, s.substring(start, p), start, p));
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        while (p < to && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_')) {
          p++;
        }
        if (!isKeyword(s.substring(start, p)) || s.startsWith("True", start)
            || s.startsWith("False", start)) {
          operands = countOperand(source, start, operands);
        }
        out.add(new Token(Kind.NAME, s.substring(start, p), start, p));
        continue;
      }
      String two = p + 1 < to ? s.substring(p, p + 2) : "";
      String op;
      switch (two) {
        case "**", "//", "<=", ">=", "==", "!=" -> op = two;
        case "+=", "-=", "*=", "/=" -> {
          if (!statement) {
            throw source.error(p, "'" + two + "' assigns; it belongs in a reset or other "
                + "statement, not in an expression");
          }
          op = two;
        }
        case "&&" -> throw source.error(p, "'&&' is not an operator here; write and");
        case "||" -> throw source.error(p, "'||' is not an operator here; write or");
        default -> op = null;
      }
      if (op == null) {
        switch (c) {
          case '+', '-', '*', '/', '%', '<', '>', '(', ')', ',' -> op = String.valueOf(c);
          case '=' -> {
            if (!statement) {
              throw source.error(p, "'=' assigns; compare with ==");
            }
            op = "=";
          }
          case '^' -> throw source.error(p, "'^' is not a power operator here; write ** "
              + "(as in Python: x**2)");
          case '&' -> throw source.error(p, "'&' is not an operator here; write and");
          case '|' -> throw source.error(p, "'|' is not an operator here; write or");
          case '!' -> throw source.error(p, "'!' is not an operator here; write not");
          default -> throw source.error(p, "unexpected character '" + c + "'");
        }
      }
      p += op.length();
      out.add(new Token(Kind.OP, op, start, p));
    }
  }
}
