package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.equations.Expr.Binary;
import io.liquid4j.spiking.equations.Expr.Bool;
import io.liquid4j.spiking.equations.Expr.Call;
import io.liquid4j.spiking.equations.Expr.Choice;
import io.liquid4j.spiking.equations.Expr.Name;
import io.liquid4j.spiking.equations.Expr.Num;
import io.liquid4j.spiking.equations.Expr.Unary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lifts the parts of a loop body that are the same for every element ({@code exp(-dt/tau)} with
 * a constant tau) out of the loop, as Brian2's code generation does: each largest such subtree
 * that is more than a name or a number becomes a temporary {@code _lio_k} computed once, before
 * the loop. The values are the same bits; only the work is saved.
 *
 * <pre>{@code
 * LoopInvariants.Hoisted h = LoopInvariants.hoist(statements,
 *     name -> name.equals("dt") || name.equals("tau"));
 * // h.definitions(): _lio_0 = exp(-dt/tau);  h.statements(): _new_v = v0 + (v - v0)*_lio_0
 * }</pre>
 */
public final class LoopInvariants {
  /**
   * @param definitions the temporaries to compute before the loop, in order
   * @param statements the loop body reading them
   */
  public record Hoisted(List<Statement> definitions, List<Statement> statements) {}

  private final Predicate<String> invariant;
  private final Map<String, String> names = new LinkedHashMap<>();
  private final List<Statement> definitions = new ArrayList<>();

  private LoopInvariants(Predicate<String> invariant) {
    this.invariant = invariant;
  }

  /**
   * @param statements the loop body
   * @param invariantName true for identifiers whose value is the same for every element during
   *     the loop (dt, t, constants; not arrays the loop may write)
   * @return the definitions and the rewritten body
   */
  public static Hoisted hoist(List<Statement> statements, Predicate<String> invariantName) {
    LoopInvariants h = new LoopInvariants(invariantName);
    List<Statement> out = new ArrayList<>();
    for (Statement s : statements) {
      out.add(new Statement(s.target(), s.op(), h.rewrite(s.value()), s.source(), s.start(),
          s.end()));
    }
    return new Hoisted(List.copyOf(h.definitions), List.copyOf(out));
  }

  /**
   * Hoists the invariant parts of a single expression, adding to the same definitions.
   *
   * @param e the expression
   * @param invariantName true for identifiers whose value is the same for every element
   * @return the definitions and one statement {@code _ = } the rewritten expression
   */
  public static Hoisted hoist(Expr e, Predicate<String> invariantName) {
    return hoist(List.of(Statement.set("_", e)), invariantName);
  }

  private Expr rewrite(Expr e) {
    if (isInvariant(e)) {
      if (e instanceof Num || e instanceof Bool || e instanceof Name) {
        return e;
      }
      String key = Expr.print(e);
      String name = names.get(key);
      if (name == null) {
        name = "_lio_" + names.size();
        names.put(key, name);
        definitions.add(Statement.set(name, e));
      }
      return Expr.name(name);
    }
    if (e instanceof Unary u) {
      return new Unary(u.op(), rewrite(u.operand()), u.start(), u.end());
    }
    if (e instanceof Binary b) {
      return new Binary(b.op(), rewrite(b.left()), rewrite(b.right()), b.start(), b.end());
    }
    if (e instanceof Call c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(rewrite(a));
      }
      return new Call(c.function(), args, c.start(), c.end());
    }
    if (e instanceof Choice c) {
      return new Choice(rewrite(c.condition()), rewrite(c.ifTrue()), rewrite(c.ifFalse()));
    }
    return e;
  }

  private boolean isInvariant(Expr e) {
    if (e instanceof Num || e instanceof Bool) {
      return true;
    }
    if (e instanceof Name n) {
      return invariant.test(n.name());
    }
    if (e instanceof Unary u) {
      return isInvariant(u.operand());
    }
    if (e instanceof Binary b) {
      return isInvariant(b.left()) && isInvariant(b.right());
    }
    if (e instanceof Call c) {
      if (c.function().equals("rand") || c.function().equals("randn")) {
        return false;
      }
      for (Expr a : c.args()) {
        if (!isInvariant(a)) {
          return false;
        }
      }
      return true;
    }
    if (e instanceof Choice c) {
      return isInvariant(c.condition()) && isInvariant(c.ifTrue()) && isInvariant(c.ifFalse());
    }
    return false;
  }
}
