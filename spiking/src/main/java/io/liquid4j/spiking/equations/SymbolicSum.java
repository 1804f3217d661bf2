package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.equations.Expr.Binary;
import io.liquid4j.spiking.equations.Expr.BinaryOp;
import io.liquid4j.spiking.equations.Expr.Bool;
import io.liquid4j.spiking.equations.Expr.Call;
import io.liquid4j.spiking.equations.Expr.Name;
import io.liquid4j.spiking.equations.Expr.Num;
import io.liquid4j.spiking.equations.Expr.Unary;
import io.liquid4j.spiking.equations.Expr.UnaryOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Just enough computer algebra to find the linear structure of right-hand sides: an expression
 * as a sum of monomials, each a rational coefficient times powers of atoms. Atoms are
 * identifiers and opaque subexpressions free of the system's variables ({@code exp(-1/tau)});
 * the system's variables may appear only as the identifiers themselves.
 *
 * <p>For {@code (v0 - v)/tau} with variable {@code v} this gives {@code v0·tau⁻¹ − v·tau⁻¹}, so
 * the coefficient of {@code v} is {@code −tau⁻¹}, the rest {@code v0·tau⁻¹}, and the fixed point
 * −rest/coefficient simplifies to exactly {@code v0}, as sympy finds it for Brian2. The
 * coefficient is kept as a ratio so that {@code x/3} prints back as {@code x/3}, not
 * {@code 0.333…*x}.
 */
final class SymbolicSum {
  /** Thrown when an expression is not a polynomial in the system's variables. */
  static final class NotLinear extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotLinear(String message) {
      super(message, null, false, false);
    }
  }

  private static final int MAX_TERMS = 256;

  /** A coefficient num/den times Π atom^power. */
  record Monomial(double num, double den, TreeMap<String, Double> powers) {
    double value() {
      return num / den;
    }

    Monomial times(Monomial o) {
      TreeMap<String, Double> p = new TreeMap<>(powers);
      for (Map.Entry<String, Double> e : o.powers.entrySet()) {
        double sum = p.getOrDefault(e.getKey(), 0.0) + e.getValue();
        if (sum == 0) {
          p.remove(e.getKey());
        } else {
          p.put(e.getKey(), sum);
        }
      }
      return new Monomial(num * o.num, den * o.den, p);
    }

    Monomial inverse() {
      TreeMap<String, Double> p = new TreeMap<>();
      powers.forEach((k, v) -> p.put(k, -v));
      return num < 0 ? new Monomial(-den, -num, p) : new Monomial(den, num, p);
    }

    Monomial negate() {
      return new Monomial(-num, den, powers);
    }
  }

  /** Atom keys to the expressions they stand for, shared by the sums of one computation. */
  private final Map<String, Expr> atoms;
  /** Monomials keyed by their powers; insertion order kept so that rebuilt sums read naturally. */
  private final LinkedHashMap<TreeMap<String, Double>, Monomial> terms = new LinkedHashMap<>();

  private SymbolicSum(Map<String, Expr> atoms) {
    this.atoms = atoms;
  }

  static SymbolicSum zero(Map<String, Expr> atoms) {
    return new SymbolicSum(atoms);
  }

  static SymbolicSum constant(double value, Map<String, Expr> atoms) {
    SymbolicSum s = new SymbolicSum(atoms);
    s.add(new Monomial(value, 1, new TreeMap<>()));
    return s;
  }

  private static SymbolicSum atom(String key, Expr e, double power, Map<String, Expr> atoms) {
    atoms.putIfAbsent(key, e);
    SymbolicSum s = new SymbolicSum(atoms);
    TreeMap<String, Double> p = new TreeMap<>();
    p.put(key, power);
    s.add(new Monomial(1, 1, p));
    return s;
  }

  /**
   * {@code e} as a sum of monomials in which the identifiers in {@code variables} appear only as
   * themselves (not inside functions, denominators or non-integer powers).
   *
   * @throws NotLinear if it cannot be written so
   */
  static SymbolicSum of(Expr e, Set<String> variables, Map<String, Expr> atoms) {
    if (e instanceof Num n) {
      return n.value() == 0 ? zero(atoms) : constant(n.value(), atoms);
    }
    if (e instanceof Bool b) {
      return b.value() ? constant(1, atoms) : zero(atoms);
    }
    if (e instanceof Name n) {
      return atom(n.name(), n, 1, atoms);
    }
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) {
      return of(u.operand(), variables, atoms).negate();
    }
    if (e instanceof Binary b) {
      switch (b.op()) {
        case ADD -> {
          return of(b.left(), variables, atoms).plus(of(b.right(), variables, atoms));
        }
        case SUB -> {
          return of(b.left(), variables, atoms).plus(of(b.right(), variables, atoms).negate());
        }
        case MUL -> {
          return of(b.left(), variables, atoms).times(of(b.right(), variables, atoms));
        }
        case DIV -> {
          SymbolicSum numerator = of(b.left(), variables, atoms);
          if (!mentions(b.right(), variables)) {
            SymbolicSum d = of(b.right(), variables, atoms);
            if (d.terms.size() == 1) {
              return numerator.times(d.single().inverse());
            }
            return numerator.times(opaque(b.right(), -1, atoms));
          }
          throw new NotLinear("divides by an expression of " + mentioned(b.right(), variables));
        }
        case POW -> {
          double p = numberValue(b.right());
          SymbolicSum base = of(b.left(), variables, atoms);
          if (!Double.isNaN(p) && base.terms.size() == 1) {
            Monomial m = base.single();
            boolean integer = p == Math.rint(p);
            if (integer || m.value() > 0) {
              TreeMap<String, Double> powers = new TreeMap<>();
              m.powers().forEach((k, v) -> powers.put(k, v * p));
              Monomial raised = new Monomial(Math.pow(m.num(), p), Math.pow(m.den(), p), powers);
              if (raised.num() < 0 && raised.den() < 0) {
                raised = new Monomial(-raised.num(), -raised.den(), powers);
              }
              SymbolicSum s = new SymbolicSum(atoms);
              s.add(raised);
              return s;
            }
          }
          if (!mentions(e, variables)) {
            return opaque(e, 1, atoms);
          }
          if (p == 2 || p == 3) {
            SymbolicSum s = base;
            for (int k = 1; k < p; k++) {
              s = s.times(base);
            }
            return s;
          }
          throw new NotLinear("raises an expression of " + mentioned(b.left(), variables)
              + " to a power");
        }
        default -> {
          if (!mentions(e, variables)) {
            return opaque(e, 1, atoms);
          }
          throw new NotLinear("compares or combines conditions on "
              + mentioned(e, variables));
        }
      }
    }
    if (e instanceof Call c) {
      if (c.function().equals("rand") || c.function().equals("randn")) {
        throw new NotLinear("draws random numbers (" + c.function() + "())");
      }
      if (!mentions(e, variables)) {
        return opaque(e, 1, atoms);
      }
      throw new NotLinear("applies " + c.function() + " to " + mentioned(e, variables));
    }
    if (!mentions(e, variables)) {
      return opaque(e, 1, atoms);
    }
    throw new NotLinear("is not a sum of products of " + mentioned(e, variables));
  }

  private static SymbolicSum opaque(Expr e, double power, Map<String, Expr> atoms) {
    return atom("(" + Expr.print(e) + ")", e, power, atoms);
  }

  /** The value of a number literal, possibly negated, else NaN. */
  private static double numberValue(Expr e) {
    if (e instanceof Num n) {
      return n.value();
    }
    if (e instanceof Unary u && u.op() == UnaryOp.NEG && u.operand() instanceof Num n) {
      return -n.value();
    }
    return Double.NaN;
  }

  private static boolean mentions(Expr e, Set<String> variables) {
    for (String n : Expr.names(e)) {
      if (variables.contains(n)) {
        return true;
      }
    }
    return false;
  }

  private static String mentioned(Expr e, Set<String> variables) {
    Set<String> out = new LinkedHashSet<>(Expr.names(e));
    out.retainAll(variables);
    return String.join(", ", out);
  }

  private void add(Monomial m) {
    Monomial before = terms.get(m.powers());
    Monomial sum;
    if (before == null) {
      sum = m;
    } else if (before.den() == m.den()) {
      sum = new Monomial(before.num() + m.num(), m.den(), m.powers());
    } else {
      sum = new Monomial(before.value() + m.value(), 1, m.powers());
    }
    if (sum.num() == 0) {
      terms.remove(m.powers());
    } else {
      terms.put(m.powers(), sum);
    }
    if (terms.size() > MAX_TERMS) {
      throw new NotLinear("expands to more than " + MAX_TERMS + " terms");
    }
  }

  SymbolicSum plus(SymbolicSum o) {
    SymbolicSum s = copy();
    for (Monomial m : o.terms.values()) {
      s.add(m);
    }
    return s;
  }

  SymbolicSum negate() {
    SymbolicSum s = new SymbolicSum(atoms);
    for (Monomial m : terms.values()) {
      s.add(m.negate());
    }
    return s;
  }

  SymbolicSum times(SymbolicSum o) {
    SymbolicSum s = new SymbolicSum(atoms);
    for (Monomial a : terms.values()) {
      for (Monomial b : o.terms.values()) {
        s.add(a.times(b));
      }
    }
    return s;
  }

  SymbolicSum times(Monomial m) {
    SymbolicSum s = new SymbolicSum(atoms);
    for (Monomial a : terms.values()) {
      s.add(a.times(m));
    }
    return s;
  }

  /** This sum times the identifier {@code name}. */
  SymbolicSum timesName(String name) {
    return times(atom(name, Expr.name(name), 1, atoms));
  }

  private SymbolicSum copy() {
    SymbolicSum s = new SymbolicSum(atoms);
    s.terms.putAll(terms);
    return s;
  }

  boolean isZero() {
    return terms.isEmpty();
  }

  boolean isSingleTerm() {
    return terms.size() == 1;
  }

  Monomial single() {
    return terms.values().iterator().next();
  }

  /** The atom keys the sum uses. */
  Set<String> atomKeys() {
    Set<String> out = new LinkedHashSet<>();
    for (Monomial m : terms.values()) {
      out.addAll(m.powers().keySet());
    }
    return out;
  }

  /** The expression an atom key stands for. */
  Expr atomExpr(String key) {
    return atoms.get(key);
  }

  /**
   * The coefficient of {@code variable} (the terms holding it to the power 1, divided by it).
   *
   * @throws NotLinear if it appears to another power or times another of {@code variables}
   */
  SymbolicSum coefficientOf(String variable, Set<String> variables) {
    SymbolicSum s = new SymbolicSum(atoms);
    for (Monomial m : terms.values()) {
      Double p = m.powers().get(variable);
      if (p == null) {
        continue;
      }
      if (p != 1) {
        throw new NotLinear("holds " + variable + " to the power " + format(p));
      }
      TreeMap<String, Double> rest = new TreeMap<>(m.powers());
      rest.remove(variable);
      for (String other : rest.keySet()) {
        if (variables.contains(other)) {
          throw new NotLinear("multiplies " + variable + " by " + other);
        }
      }
      s.add(new Monomial(m.num(), m.den(), rest));
    }
    return s;
  }

  /** The terms that hold none of {@code variables}. */
  SymbolicSum without(Set<String> variables) {
    SymbolicSum s = new SymbolicSum(atoms);
    for (Monomial m : terms.values()) {
      boolean free = true;
      for (String k : m.powers().keySet()) {
        free &= !variables.contains(k);
      }
      if (free) {
        s.add(m);
      }
    }
    return s;
  }

  private static String format(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
  }

  /** The sum as an expression tree, coefficients first and atoms in key order. */
  Expr toExpr() {
    if (terms.isEmpty()) {
      return Expr.num(0);
    }
    Expr out = null;
    for (Monomial m : terms.values()) {
      boolean negative = m.num() < 0;
      Expr term = monomial(negative ? m.negate() : m);
      if (out == null) {
        out = negative ? negateLeading(term) : term;
      } else {
        out = negative ? Expr.sub(out, term) : Expr.add(out, term);
      }
    }
    return out;
  }

  /** −term, written as sympy prints it: the sign on the leading factor ({@code -dt/tau}). */
  private static Expr negateLeading(Expr term) {
    if (term instanceof Num n) {
      return Expr.num(-n.value());
    }
    if (term instanceof Binary b && (b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)) {
      return Expr.binary(b.op(), negateLeading(b.left()), b.right());
    }
    return Expr.neg(term);
  }

  private Expr monomial(Monomial m) {
    List<Expr> numerator = new ArrayList<>();
    List<Expr> denominator = new ArrayList<>();
    if (m.num() != 1) {
      numerator.add(Expr.num(m.num()));
    }
    if (m.den() != 1) {
      denominator.add(Expr.num(m.den()));
    }
    for (Map.Entry<String, Double> e : m.powers().entrySet()) {
      Expr a = atoms.get(e.getKey());
      double p = e.getValue();
      Expr factor = Math.abs(p) == 1 ? a
          : Expr.binary(BinaryOp.POW, a, Expr.num(Math.abs(p)));
      (p > 0 ? numerator : denominator).add(factor);
    }
    Expr top = numerator.isEmpty() ? Expr.num(1) : product(numerator);
    return denominator.isEmpty() ? top : Expr.div(top, product(denominator));
  }

  private static Expr product(List<Expr> factors) {
    Expr out = factors.get(0);
    for (int k = 1; k < factors.size(); k++) {
      out = Expr.mul(out, factors.get(k));
    }
    return out;
  }

  @Override
  public String toString() {
    return Expr.print(toExpr());
  }
}
