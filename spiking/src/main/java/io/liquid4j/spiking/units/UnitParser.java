package io.liquid4j.spiking.units;

/**
 * Evaluates unit expressions ({@code volt/second}) and quantity expressions ({@code -60*mV},
 * {@code 2*ms + 500*us}) by recursive descent, with Python's precedence:
 *
 * <pre>
 *   sum     := product (('+' | '-') product)*         # 2*ms + 500*us
 *   product := unary (('*' | '/') unary)*             # 13.5*nA
 *   unary   := ('-' | '+') unary | power              # -60*mV
 *   power   := atom ('**' unary)?                     # mV**2, ms**-1
 *   atom    := number | name | '(' sum ')'
 * </pre>
 *
 * In unit mode numbers other than {@code 1}, and {@code +}/{@code -}, are refused.
 */
final class UnitParser {
  record Value(double value, Dimension dimension) {}

  private final String text;
  private final boolean unitOnly;
  private int pos;

  UnitParser(String text, boolean unitOnly) {
    if (text == null) {
      throw new IllegalArgumentException((unitOnly ? "unit" : "quantity")
          + ": expected text, found null");
    }
    this.text = text;
    this.unitOnly = unitOnly;
  }

  Value parse() {
    skipSpaces();
    if (pos == text.length()) {
      throw error("expected a " + (unitOnly ? "unit such as volt or 1" : "quantity such as 5*ms"));
    }
    Value v = sum();
    skipSpaces();
    if (pos < text.length()) {
      throw error("unexpected '" + text.charAt(pos) + "'");
    }
    return v;
  }

  private Value sum() {
    Value left = product();
    while (true) {
      skipSpaces();
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        char op = text.charAt(pos);
        int at = pos;
        if (unitOnly) {
          throw error("'" + op + "' in a unit");
        }
        pos++;
        Value right = product();
        if (!left.dimension().equals(right.dimension())) {
          pos = at;
          throw error("cannot " + (op == '+' ? "add " : "subtract ") + right.dimension()
              + (op == '+' ? " to " : " from ") + left.dimension());
        }
        left = new Value(op == '+' ? left.value() + right.value() : left.value() - right.value(),
            left.dimension());
      } else {
        return left;
      }
    }
  }

  private Value product() {
    Value left = unary();
    while (true) {
      skipSpaces();
      if (pos < text.length() && (text.charAt(pos) == '*' || text.charAt(pos) == '/')
          && !text.startsWith("**", pos)) {
        char op = text.charAt(pos++);
        Value right = unary();
        left = op == '*'
            ? new Value(left.value() * right.value(), left.dimension().times(right.dimension()))
            : new Value(left.value() / right.value(), left.dimension().divide(right.dimension()));
      } else {
        return left;
      }
    }
  }

  private Value unary() {
    skipSpaces();
    if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
      char op = text.charAt(pos);
      if (unitOnly) {
        throw error("'" + op + "' in a unit");
      }
      pos++;
      Value v = unary();
      return op == '-' ? new Value(-v.value(), v.dimension()) : v;
    }
    return power();
  }

  private Value power() {
    Value base = atom();
    skipSpaces();
    if (text.startsWith("**", pos)) {
      pos += 2;
      int at = pos;
      Value exponent = exponent();
      if (!exponent.dimension().isDimensionless()) {
        pos = at;
        throw error("an exponent must be a number, found " + exponent.dimension());
      }
      return new Value(Math.pow(base.value(), exponent.value()),
          base.dimension().power(exponent.value()));
    }
    if (pos < text.length() && text.charAt(pos) == '^') {
      throw error("'^' is not a power: write ** (mV**2)");
    }
    return base;
  }

  /** An exponent is a signed number even in unit mode (ms**-1). */
  private Value exponent() {
    skipSpaces();
    boolean negative = false;
    if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
      negative = text.charAt(pos) == '-';
      pos++;
    }
    Value v;
    if (pos < text.length() && text.charAt(pos) == '(') {
      v = atom();
    } else {
      v = number();
    }
    return negative ? new Value(-v.value(), v.dimension()) : v;
  }

  private Value atom() {
    skipSpaces();
    if (pos == text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    if (c == '(') {
      pos++;
      Value v = sum();
      skipSpaces();
      if (pos == text.length() || text.charAt(pos) != ')') {
        throw error("expected ')'");
      }
      pos++;
      return v;
    }
    if (Character.isDigit(c) || c == '.') {
      int at = pos;
      Value v = number();
      if (unitOnly && v.value() != 1) {
        pos = at;
        throw error("a number in a unit (only 1 is allowed, as in 1/ms)");
      }
      return v;
    }
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      String name = text.substring(start, pos);
      Unit unit = Units.lookup(name).orElse(null);
      if (unit == null) {
        pos = start;
        throw error("unknown unit '" + name + "'");
      }
      return new Value(unit.scale(), unit.dimension());
    }
    throw error("unexpected '" + c + "'");
  }

  private Value number() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos > start && pos < text.length()
        && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      int digits = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == digits) {
        pos = mark;
      }
    }
    String s = text.substring(start, pos);
    if (s.isEmpty() || s.equals(".")) {
      pos = start;
      throw error("expected a number");
    }
    return new Value(Double.parseDouble(s), Dimension.DIMENSIONLESS);
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException((unitOnly ? "unit \"" : "quantity \"") + text
        + "\", column " + (pos + 1) + ": " + problem);
  }
}
