package io.liquid4j.spiking.equations;

/**
 * Parses expressions of Brian2's language: numbers ({@code 1e-3}, {@code .5}), identifiers,
 * {@code + - * / // % **}, unary minus, parentheses, comparisons, {@code and}/{@code or}/
 * {@code not}, {@code True}/{@code False} and function calls ({@code exp(-t/tau)},
 * {@code clip(v, 0, 1)}, {@code rand()}). {@code ^} is refused with a hint to write {@code **}.
 *
 * <pre>{@code
 * Expr cond = Expressions.parse(new SourceText("threshold", "v > -50*mV and not_refractory"));
 * Expr e = Expressions.parse("3*i/(N-1)");
 * }</pre>
 */
public final class Expressions {
  private Expressions() {}

  /**
   * @param source the text to parse, one expression
   * @return the expression's tree, with offsets into {@code source}
   * @throws IllegalArgumentException pointing at the column of the problem, including the first
   *     token past the nesting or size {@link Limits}
   */
  public static Expr parse(SourceText source) {
    return parse(source, 0, source.text().length());
  }

  /**
   * Parses {@code text}, labelled "expression" in errors.
   *
   * @param text one expression in Brian2's syntax
   * @return the expression's tree
   */
  public static Expr parse(String text) {
    return parse(new SourceText("expression", text));
  }

  /**
   * Parses the part of {@code source} between two offsets (errors keep the source's lines).
   *
   * @param source the text holding the expression
   * @param from offset of the expression's first character
   * @param to offset just after its last character
   * @return the expression's tree, with offsets into {@code source}
   */
  public static Expr parse(SourceText source, int from, int to) {
    return Limits.guard(source.label(), () -> new Parser(source, from, to, false).expression());
  }
}
