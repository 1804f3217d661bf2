package io.liquid4j.spiking.equations;

import java.util.Objects;

/**
 * A piece of model text (equations, a threshold, a reset) with a label, so that errors can point
 * at a line and column and quote the line:
 *
 * <pre>
 *   equations line 2, column 17: "dv/dt = (v0 - v)/tua : 1": unknown identifier 'tua'
 * </pre>
 *
 * Offsets are character positions in {@link #text()}; nodes made by the simulator rather than
 * parsed have offset −1 and errors about them quote no position.
 *
 * <pre>{@code
 * SourceText threshold = new SourceText("threshold", "v > 1");
 * throw threshold.error(4, "expected a condition");
 * }</pre>
 */
public final class SourceText {
  private final String label;
  private final String text;

  /**
   * @param label what the text is, as errors name it ("equations", "threshold", "reset")
   * @param text the text itself
   */
  public SourceText(String label, String text) {
    this.label = Objects.requireNonNull(label, "label");
    if (text == null) {
      throw new IllegalArgumentException(label + ": expected text, found null");
    }
    this.text = text;
  }

  /**
   * What the text is, as errors name it.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * The text itself.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * The 1-based line of {@code offset}.
   *
   * @param offset an index in the text
   * @return its line number, counted from 1
   */
  public int line(int offset) {
    int line = 1;
    for (int k = 0; k < offset && k < text.length(); k++) {
      if (text.charAt(k) == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The 1-based column of {@code offset} in its line.
   *
   * @param offset an index in the text
   * @return its column, counted from 1
   */
  public int column(int offset) {
    int start = text.lastIndexOf('\n', Math.max(0, Math.min(offset, text.length()) - 1)) + 1;
    return offset - start + 1;
  }

  /**
   * The line holding {@code offset}, without surrounding spaces or a comment.
   *
   * @param offset an index in the text
   * @return the line's text
   */
  public String lineText(int offset) {
    int at = Math.max(0, Math.min(offset, text.length()));
    int start = at == 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
    int end = text.indexOf('\n', at);
    String line = text.substring(start, end < 0 ? text.length() : end);
    int hash = line.indexOf('#');
    return (hash >= 0 ? line.substring(0, hash) : line).strip();
  }

  /**
   * The text between two offsets, stripped.
   *
   * @param start offset of the first character
   * @param end offset just after the last character
   * @return the text in between, without surrounding blanks
   */
  public String slice(int start, int end) {
    return text.substring(start, end).strip();
  }

  /**
   * An exception pointing at {@code offset}: {@code label line L, column C: "line text":
   * problem}; without a position when {@code offset} is negative.
   *
   * @param offset where the problem is, or negative for the whole text
   * @param problem what is wrong
   * @return the exception, for the caller to throw
   */
  public IllegalArgumentException error(int offset, String problem) {
    return new IllegalArgumentException(where(offset) + problem);
  }

  /**
   * The prefix {@link #error} puts before the problem.
   *
   * @param offset where the problem is, or negative for the whole text
   * @return {@code label line L, column C: "line text"}, or just the label
   */
  public String where(int offset) {
    if (offset < 0) {
      return label + " \"" + excerpt(text.strip(), 0) + "\": ";
    }
    String line = lineText(offset);
    int at = Math.max(0, Math.min(offset, text.length()));
    int lineStart = at == 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
    int indent = 0;
    while (lineStart + indent < text.length() && text.charAt(lineStart + indent) != '\n'
        && Character.isWhitespace(text.charAt(lineStart + indent))) {
      indent++;
    }
    return label + " line " + line(offset) + ", column " + column(offset) + ": \""
        + excerpt(line, at - lineStart - indent) + "\": ";
  }

  /** The longest line an error quotes whole; longer ones are cut around the column. */
  static final int MAX_QUOTE = 100;

  /**
   * {@code line} whole when short, else about {@link #MAX_QUOTE} characters of it around
   * {@code at}, with "..." where it was cut, so that an error about a 5 000-term expression
   * stays one readable line.
   */
  static String excerpt(String line, int at) {
    if (line.length() <= MAX_QUOTE) {
      return line;
    }
    int from = Math.max(0, Math.min(at - MAX_QUOTE / 3, line.length() - MAX_QUOTE));
    int to = Math.min(line.length(), from + MAX_QUOTE);
    return (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
  }

  @Override
  public String toString() {
    return label + ": " + text;
  }
}
