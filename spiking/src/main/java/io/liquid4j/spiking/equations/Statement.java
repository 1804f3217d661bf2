package io.liquid4j.spiking.equations;

import java.util.Objects;

/**
 * One statement of abstract code: {@code v = 0}, {@code w += b}, {@code ge_post += we}. Resets,
 * and the state updaters' output, are lists of statements run in order for each neuron.
 *
 * <pre>{@code
 * List<Statement> reset = Statements.parse(new SourceText("reset", "v = Vr\nw += b"));
 * reset.get(1).op();        // ADD
 * }</pre>
 *
 * @param target the variable assigned (the state updaters also assign temporaries such as
 *     {@code _k_1_v}, which start with an underscore)
 * @param op how the value combines with the target
 * @param value the right-hand side
 * @param source the text the statement came from, for errors (null when made by the simulator)
 * @param start offset of the statement in {@code source}, or −1
 * @param end offset just after it, or −1
 */
public record Statement(String target, Op op, Expr value, SourceText source, int start,
    int end) {
  /** The assignment operators. */
  public enum Op {
    /** {@code =}. */
    SET("="),
    /** {@code +=}. */
    ADD("+="),
    /** {@code -=}. */
    SUBTRACT("-="),
    /** {@code *=}. */
    MULTIPLY("*="),
    /** {@code /=}. */
    DIVIDE("/=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /**
     * The operator as written.
     *
     * @return the operator's text, e.g. {@code "+="}
     */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * Rejects null target, operator and value.
   *
   * @param target the variable assigned (the state updaters also assign temporaries such as
   *     {@code _k_1_v}, which start with an underscore)
   * @param op how the value combines with the target
   * @param value the right-hand side
   * @param source the text the statement came from, for errors (null when made by the simulator)
   * @param start offset of the statement in {@code source}, or −1
   * @param end offset just after it, or −1
   */
  public Statement {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
  }

  /**
   * A statement made by the simulator: {@code target = value}.
   *
   * @param target the variable assigned
   * @param value the value
   * @return a statement without source position
   */
  public static Statement set(String target, Expr value) {
    return new Statement(target, Op.SET, value, null, -1, -1);
  }

  /**
   * {@code target = target op value} for the compound operators, the value itself for =.
   *
   * @return the value assigned, as a single expression
   */
  public Expr combined() {
    Expr t = Expr.name(target);
    return switch (op) {
      case SET -> value;
      case ADD -> Expr.add(t, value);
      case SUBTRACT -> Expr.sub(t, value);
      case MULTIPLY -> Expr.mul(t, value);
      case DIVIDE -> Expr.div(t, value);
    };
  }

  /**
   * The statement's own text, or its printed form when made by the simulator.
   *
   * @return the statement's text
   */
  public String text() {
    return source != null && start >= 0 ? source.slice(start, end)
        : target + " " + op.symbol + " " + Expr.print(value);
  }

  @Override
  public String toString() {
    return text();
  }
}
