package io.liquid4j.spiking.equations;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses abstract code: statements one per line or separated by {@code ;}, with {@code #}
 * comments. Brian2's resets look like this:
 *
 * <pre>{@code
 * List<Statement> reset = Statements.parse(new SourceText("reset", """
 *     v = Vr        # back to rest
 *     w += b
 *     """));
 * }</pre>
 */
public final class Statements {
  private Statements() {}

  /**
   * @param source the statements, one per line
   * @return the statements, in order
   * @throws IllegalArgumentException pointing at the line and column of a malformed statement
   */
  public static List<Statement> parse(SourceText source) {
    String s = source.text();
    List<Statement> out = new ArrayList<>();
    int start = 0;
    boolean comment = false;
    for (int p = 0; p <= s.length(); p++) {
      char c = p < s.length() ? s.charAt(p) : '\n';
      if (c == '#') {
        comment = true;
      }
      if (c == '\n' || (c == ';' && !comment)) {
        int end = comment ? s.indexOf('#', start) : p;
        if (end < start || end > p) {
          end = p;
        }
        if (!s.substring(start, end).isBlank()) {
          int from = start;
          int to = end;
          out.add(Limits.guard(source.label(),
              () -> new Parser(source, from, to, true).statement()));
        }
        if (c == '\n') {
          comment = false;
        }
        start = p + 1;
      }
    }
    return List.copyOf(out);
  }

  /**
   * Parses text labelled {@code label} ("reset").
   *
   * @param label what the text is, as errors name it
   * @param text the statements, one per line
   * @return the statements, in order
   */
  public static List<Statement> parse(String label, String text) {
    return parse(new SourceText(label, text));
  }
}
