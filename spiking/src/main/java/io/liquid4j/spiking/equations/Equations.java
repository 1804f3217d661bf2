package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Unit;
import io.liquid4j.spiking.units.Units;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's equations in Brian2's syntax, one per line, {@code #} starting a comment:
 *
 * <pre>
 *   dv/dt = (ge + gi - (v - El))/taum : volt (unless refractory)   # differential equation
 *   I = g*(E - v) : amp                                            # subexpression
 *   v0 : volt (constant)                                           # parameter
 * </pre>
 *
 * The unit after the colon is the variable's, written without a prefix ({@code volt}, not
 * {@code mV}: stored values are SI); {@code 1} means dimensionless, and parameters may be
 * {@code boolean} or {@code integer}. Flags: {@code (unless refractory)} on differential
 * equations, {@code (constant)} and {@code (shared)} on parameters, {@code (shared)} on
 * subexpressions; {@code (summed)}, {@code (clock-driven)}, {@code (event-driven)} and
 * {@code (constant over dt)} are parsed and kept for the objects that use them. Units in
 * equations are written without parentheses, as in Brian2.
 *
 * <pre>{@code
 * Equations eqs = Equations.parse("""
 *     dv/dt = (v0 - v)/tau : 1 (unless refractory)
 *     v0 : 1
 *     """);
 * eqs.get("v").kind();        // DIFFERENTIAL
 * }</pre>
 *
 * Parsing checks the form of each line, units, flags, names and duplicates; whether identifiers
 * exist and dimensions agree is checked when the owner (a group) knows its namespace.
 */
public final class Equations {
  private static final Pattern DIFFERENTIAL =
      Pattern.compile("\\s*d([A-Za-z_][A-Za-z0-9_]*)\\s*/\\s*dt\\s*=");
  private static final Pattern ASSIGNED = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=");
  private static final Pattern PARAMETER = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*");

  private static final Map<Equation.Kind, Set<String>> ALLOWED_FLAGS = Map.of(
      Equation.Kind.DIFFERENTIAL, Set.of("unless refractory", "clock-driven", "event-driven"),
      Equation.Kind.PARAMETER, Set.of("constant", "shared", "linked"),
      Equation.Kind.SUBEXPRESSION, Set.of("shared", "summed", "constant over dt"));

  /** Names the simulator defines itself. */
  private static final Set<String> RESERVED = Set.of("t", "dt", "i", "N", "lastspike",
      "not_refractory", "refractory", "refractory_until");

  private final SourceText source;
  private final Map<String, Equation> equations;

  private Equations(SourceText source, Map<String, Equation> equations) {
    this.source = source;
    this.equations = equations;
  }

  /**
   * @param text the equations, one per line, {@code #} starting a comment
   * @return the parsed equations, labelled "equations" in errors
   * @throws IllegalArgumentException pointing at the line and column of a malformed line, an
   *     unknown or prefixed unit, a bad flag, a reserved name or a duplicate definition
   */
  public static Equations parse(String text) {
    return parse(new SourceText("equations", text));
  }

  /**
   * Parses {@code source}; see {@link #parse(String)}.
   *
   * @param source the equations' text and label
   * @return the parsed equations
   */
  public static Equations parse(SourceText source) {
    return Limits.guard(source.label(), () -> parseUnguarded(source));
  }

  private static Equations parseUnguarded(SourceText source) {
    Map<String, Equation> out = new LinkedHashMap<>();
    String s = source.text();
    int lineStart = 0;
    while (lineStart <= s.length()) {
      int newline = s.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? s.length() : newline;
      int hash = s.indexOf('#', lineStart);
      int end = hash >= 0 && hash < lineEnd ? hash : lineEnd;
      if (!s.substring(lineStart, end).isBlank()) {
        Equation eq = parseLine(source, lineStart, end);
        Equation before = out.putIfAbsent(eq.variable(), eq);
        if (before != null) {
          throw source.error(eq.offset(), "'" + eq.variable() + "' is defined twice, on line "
              + before.line() + " and line " + eq.line());
        }
      }
      if (newline < 0) {
        break;
      }
      lineStart = newline + 1;
    }
    Equations eqs = new Equations(source, out);
    for (Equation eq : out.values()) {
      if (eq.kind() == Equation.Kind.SUBEXPRESSION) {
        eqs.substitute(Expr.name(eq.variable()));
      }
    }
    return eqs;
  }

  private static Equation parseLine(SourceText source, int start, int end) {
    String s = source.text();
    int colon = s.indexOf(':', start);
    if (colon < 0 || colon >= end) {
      throw source.error(start + leadingSpaces(s, start, end), "expected 'x : unit', "
          + "'x = expression : unit' or 'dx/dt = expression : unit'; found no ':'");
    }
    // Flags are the parenthesised group after the unit (units in equations have no parentheses).
    int paren = s.indexOf('(', colon);
    Set<String> flags = new LinkedHashSet<>();
    int unitEnd = end;
    if (paren >= 0 && paren < end) {
      int close = s.lastIndexOf(')', end - 1);
      if (close < paren || !s.substring(close + 1, end).isBlank()) {
        throw source.error(paren, "expected flags in parentheses at the end of the line, as in "
            + "(unless refractory)");
      }
      int flagStart = paren + 1;
      for (String part : s.substring(paren + 1, close).split(",", -1)) {
        String flag = part.strip().replaceAll("\\s+", " ");
        if (flag.equals("unless-refractory")) {
          flag = "unless refractory";
        }
        if (flag.isEmpty()) {
          throw source.error(flagStart, "empty flag");
        }
        flags.add(flag);
        flagStart += part.length() + 1;
      }
      unitEnd = paren;
    }
    String unitText = s.substring(colon + 1, unitEnd).strip();
    int unitOffset = colon + 1 + leadingSpaces(s, colon + 1, unitEnd);
    if (unitText.isEmpty()) {
      throw source.error(colon, "expected a unit after ':' (volt, or 1 if dimensionless)");
    }
    ValueType type = ValueType.FLOAT;
    Dimension dimension = Dimension.DIMENSIONLESS;
    if (unitText.equals("boolean")) {
      type = ValueType.BOOLEAN;
    } else if (unitText.equals("integer")) {
      type = ValueType.INTEGER;
    } else {
      Unit unit;
      try {
        unit = Units.parse(unitText);
      } catch (IllegalArgumentException e) {
        String message = e.getMessage();
        throw source.error(unitOffset, message.substring(message.indexOf(": ") + 2));
      }
      if (!unit.isCoherent()) {
        throw source.error(unitOffset, "equations take units without a prefix (values are "
            + "stored in SI): write " + unit.dimension() + ", not " + unitText);
      }
      dimension = unit.dimension();
    }

    Equation.Kind kind;
    String variable;
    int nameOffset;
    Expr expression = null;
    Matcher m = DIFFERENTIAL.matcher(s).region(start, colon);
    Matcher a = ASSIGNED.matcher(s).region(start, colon);
    Matcher p = PARAMETER.matcher(s).region(start, colon);
    if (m.lookingAt()) {
      kind = Equation.Kind.DIFFERENTIAL;
      variable = m.group(1);
      nameOffset = m.start(1);
      expression = Expressions.parse(source, m.end(), colon);
    } else if (a.lookingAt()) {
      kind = Equation.Kind.SUBEXPRESSION;
      variable = a.group(1);
      nameOffset = a.start(1);
      expression = Expressions.parse(source, a.end(), colon);
    } else if (p.matches()) {
      kind = Equation.Kind.PARAMETER;
      variable = p.group(1);
      nameOffset = p.start(1);
    } else {
      throw source.error(start + leadingSpaces(s, start, end), "expected 'x : unit', "
          + "'x = expression : unit' or 'dx/dt = expression : unit' before the ':'");
    }
    checkName(source, variable, nameOffset);
    for (String flag : flags) {
      if (!ALLOWED_FLAGS.get(kind).contains(flag)) {
        boolean known = ALLOWED_FLAGS.values().stream().anyMatch(f -> f.contains(flag));
        throw source.error(paren, (known ? "flag '" + flag + "' is not allowed on a "
            : "unknown flag '" + flag + "' on a ") + kindName(kind) + " (allowed: "
            + String.join(", ", new java.util.TreeSet<>(ALLOWED_FLAGS.get(kind))) + ")");
      }
    }
    if (kind == Equation.Kind.DIFFERENTIAL && type != ValueType.FLOAT) {
      throw source.error(unitOffset, "a differential equation's variable cannot be "
          + unitText);
    }
    return new Equation(kind, variable, expression, dimension, type, flags, source, start);
  }

  private static String kindName(Equation.Kind kind) {
    return switch (kind) {
      case DIFFERENTIAL -> "differential equation";
      case SUBEXPRESSION -> "subexpression";
      case PARAMETER -> "parameter";
    };
  }

  private static void checkName(SourceText source, String name, int offset) {
    String problem = null;
    if (name.startsWith("_")) {
      problem = "names starting with '_' are reserved for the simulator";
    } else if (Parser.isKeyword(name)) {
      problem = "'" + name + "' is a keyword";
    } else if (RESERVED.contains(name) || Symbol.isNoiseName(name)) {
      problem = "'" + name + "' is a name the simulator defines";
    } else if (Units.isUnitName(name)) {
      problem = "'" + name + "' is the name of a unit, cannot be used as a variable name";
    } else if (Functions.names().contains(name)) {
      problem = "'" + name + "' is the name of a function, cannot be used as a variable name";
    }
    if (problem != null) {
      throw source.error(offset, problem);
    }
  }

  private static int leadingSpaces(String s, int from, int to) {
    int k = from;
    while (k < to && Character.isWhitespace(s.charAt(k))) {
      k++;
    }
    return k - from;
  }

  /**
   * The text the equations were parsed from.
   *
   * @return the source text
   */
  public SourceText source() {
    return source;
  }

  /**
   * All equations, in the order written.
   *
   * @return a new unmodifiable list of the equations
   */
  public List<Equation> all() {
    return List.copyOf(equations.values());
  }

  /**
   * The equation defining {@code variable}, or null.
   *
   * @param variable a variable's name
   * @return its equation, or null if no line defines it
   */
  public Equation get(String variable) {
    return equations.get(variable);
  }

  /**
   * The equations of one kind, in the order written.
   *
   * @param kind differential, subexpression or parameter
   * @return a new list of the equations of that kind
   */
  public List<Equation> of(Equation.Kind kind) {
    List<Equation> out = new ArrayList<>();
    for (Equation eq : equations.values()) {
      if (eq.kind() == kind) {
        out.add(eq);
      }
    }
    return out;
  }

  /**
   * The names defined, in the order written.
   *
   * @return the defined names, a view in line order
   */
  public Set<String> names() {
    return equations.keySet();
  }

  /**
   * {@code e} with every subexpression replaced by its definition, recursively, as Brian2 does
   * before integrating.
   *
   * @param e an expression over this model's names
   * @return the expression without subexpression names
   * @throws IllegalArgumentException if subexpressions refer to each other in a cycle
   */
  public Expr substitute(Expr e) {
    return substitute(e, new ArrayDeque<>());
  }

  private Expr substitute(Expr e, Deque<String> stack) {
    return Expr.substitute(e, n -> {
      Equation eq = equations.get(n.name());
      if (eq == null || eq.kind() != Equation.Kind.SUBEXPRESSION) {
        return n;
      }
      if (stack.contains(n.name())) {
        List<String> cycle = new ArrayList<>(stack);
        java.util.Collections.reverse(cycle);
        cycle = cycle.subList(cycle.indexOf(n.name()), cycle.size());
        throw source.error(eq.offset(), "subexpressions refer to each other in a cycle: "
            + String.join(" -> ", cycle) + " -> " + n.name());
      }
      stack.push(n.name());
      Expr out = substitute(eq.expression(), stack);
      stack.pop();
      return out;
    });
  }

  @Override
  public String toString() {
    return source.text();
  }
}
