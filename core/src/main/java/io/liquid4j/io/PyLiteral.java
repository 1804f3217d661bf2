package io.liquid4j.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the small subset of Python literal syntax that .npy headers use: dicts, tuples,
 * lists, strings, integers, True, False and None, e.g. {@code {'descr': '<f4', 'fortran_order':
 * False, 'shape': (2, 3), }}. Nothing is evaluated; the result is plain Java data:
 *
 * <ul>
 *   <li>dict → {@code Map<Object, Object>} (insertion order; duplicate keys are rejected)
 *   <li>tuple → {@link Tuple}; list → {@code List<Object>}
 *   <li>str → {@code String}; int → {@code Long} (Python 2's {@code 3L} suffix is accepted)
 *   <li>True/False → {@code Boolean}; None → {@link #NONE}
 * </ul>
 *
 * <p>As in Python, {@code (x)} is just {@code x}; only {@code (x,)} or {@code (x, y)} make a tuple.
 * Nesting is limited so that hostile input cannot overflow the stack.
 */
final class PyLiteral {
  /** Python's None (null cannot be stored as a map value distinguishable from "absent"). */
  static final Object NONE =
      new Object() {
        @Override
        public String toString() {
          return "None";
        }
      };

  /** A Python tuple. */
  record Tuple(List<Object> items) {
    Tuple {
      items = Collections.unmodifiableList(new ArrayList<>(items));
    }
  }

  private static final int MAX_DEPTH = 32;

  private final String text;
  private final String source;
  private int pos;
  private int depth;

  private PyLiteral(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /**
   * Parses one literal that makes up the whole text (surrounding whitespace allowed).
   *
   * @param text the literal
   * @param source the file name, for error messages
   * @throws FileFormatException with the 1-based column of the first problem
   */
  static Object parse(String text, String source) throws FileFormatException {
    PyLiteral p = new PyLiteral(text, source);
    Object value = p.value();
    p.skipWhitespace();
    if (p.pos < text.length()) {
      throw p.error("expected the end of the header after the literal");
    }
    return value;
  }

  private Object value() throws FileFormatException {
    skipWhitespace();
    if (pos >= text.length()) {
      throw error("expected a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return nested(this::dict);
      case '(':
        return nested(this::tuple);
      case '[':
        return nested(this::list);
      case '\'':
      case '"':
        return string();
      default:
        if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
          return integer();
        }
        if (Character.isLetter(c) || c == '_') {
          return name();
        }
        throw error("expected a value");
    }
  }

  private interface Part {
    Object parse() throws FileFormatException;
  }

  private Object nested(Part part) throws FileFormatException {
    if (++depth > MAX_DEPTH) {
      throw error("literal is nested more than " + MAX_DEPTH + " levels deep");
    }
    Object result = part.parse();
    depth--;
    return result;
  }

  private Object dict() throws FileFormatException {
    pos++; // '{'
    Map<Object, Object> map = new LinkedHashMap<>();
    while (true) {
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      int keyColumn = pos;
      Object key = value();
      if (key instanceof List || key instanceof Map) {
        pos = keyColumn;
        throw error("dict keys must be strings or numbers");
      }
      skipWhitespace();
      expect(':');
      Object value = value();
      if (map.containsKey(key)) {
        pos = keyColumn;
        throw error("key " + repr(key) + " appears more than once");
      }
      map.put(key, value);
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private Object tuple() throws FileFormatException {
    pos++; // '('
    List<Object> items = new ArrayList<>();
    boolean sawComma = false;
    while (true) {
      skipWhitespace();
      if (peek() == ')') {
        pos++;
        // (x) is a parenthesized x; () and (x,) are tuples.
        return items.size() == 1 && !sawComma ? items.get(0) : new Tuple(items);
      }
      items.add(value());
      skipWhitespace();
      if (peek() == ',') {
        pos++;
        sawComma = true;
      } else if (peek() != ')') {
        throw error("expected ',' or ')'");
      }
    }
  }

  private Object list() throws FileFormatException {
    pos++; // '['
    List<Object> items = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return items;
      }
      items.add(value());
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != ']') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() throws FileFormatException {
    char quote = text.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c == '\n') {
        pos--;
        throw error("unterminated string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '\\':
        case '\'':
        case '"':
          sb.append(e);
          break;
        case 'n':
          sb.append('\n');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'r':
          sb.append('\r');
          break;
        case '0':
          sb.append('\0');
          break;
        case 'x':
          sb.append((char) hex(2));
          break;
        case 'u':
          sb.append((char) hex(4));
          break;
        default:
          // Python keeps unknown escapes as written.
          sb.append('\\').append(e);
      }
    }
  }

  private int hex(int digits) throws FileFormatException {
    if (pos + digits > text.length()) {
      throw error("truncated escape sequence");
    }
    int v = 0;
    for (int i = 0; i < digits; i++) {
      int d = Character.digit(text.charAt(pos), 16);
      if (d < 0) {
        throw error("invalid hex digit in escape sequence");
      }
      v = v * 16 + d;
      pos++;
    }
    return v;
  }

  private Long integer() throws FileFormatException {
    int start = pos;
    if (peek() == '-' || peek() == '+') {
      pos++;
    }
    int digitsStart = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == digitsStart) {
      throw error("expected digits");
    }
    String digits = text.substring(start, pos);
    if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
      pos++; // Python 2 long, as written by numpy under Python 2
    }
    if (pos < text.length()) {
      char next = text.charAt(pos);
      if (next == '.' || next == 'e' || next == 'E' || next == 'j' || Character.isLetter(next)) {
        throw error("expected an integer");
      }
    }
    if (digits.length() > 19) {
      pos = start;
      throw error("integer " + digits + " is too large");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("integer " + digits + " is too large");
    }
  }

  private Object name() throws FileFormatException {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    String word = text.substring(start, pos);
    switch (word) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return NONE;
      default:
        pos = start;
        throw error(
            "unknown name '" + abbreviate(word) + "' (only True, False and None are allowed)");
    }
  }

  private void expect(char c) throws FileFormatException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        return;
      }
      pos++;
    }
  }

  private FileFormatException error(String expectation) {
    String found;
    if (pos >= text.length()) {
      found = "the end of the header";
    } else {
      char c = text.charAt(pos);
      found = c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("character U+%04X", (int) c);
    }
    return new FileFormatException(
        source, "header column " + (pos + 1) + ": " + expectation + ", found " + found);
  }

  /** Python-style repr of a parsed value, for messages. */
  static String repr(Object value) {
    if (value instanceof String) {
      return "'" + abbreviate((String) value) + "'";
    }
    if (value instanceof Boolean) {
      return ((Boolean) value) ? "True" : "False";
    }
    if (value instanceof Tuple) {
      List<Object> items = ((Tuple) value).items();
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < items.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
      }
      return sb.append(items.size() == 1 ? ",)" : ")").toString();
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof Map) {
      return "a dict";
    }
    return abbreviate(String.valueOf(value));
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
