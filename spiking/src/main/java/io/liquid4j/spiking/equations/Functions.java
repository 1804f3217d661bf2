package io.liquid4j.spiking.equations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The functions model code can call, with their semantics. Generated code calls
 * {@code java.lang.Math} and the static methods here, and the {@link Evaluator} does the same,
 * so interpreted initial values and compiled steps agree to the bit.
 *
 * <table>
 *   <caption>Functions</caption>
 *   <tr><th>function</th><th>argument dimensions</th><th>result</th></tr>
 *   <tr><td>exp, log, log10, sin, cos, tan, sinh, cosh, tanh, arcsin, arccos, arctan</td>
 *       <td>dimensionless</td><td>dimensionless</td></tr>
 *   <tr><td>sqrt(x)</td><td>any</td><td>half the exponents of x</td></tr>
 *   <tr><td>abs, floor, ceil</td><td>any</td><td>that of x</td></tr>
 *   <tr><td>clip(x, lo, hi)</td><td>all the same</td><td>that of x: min(max(x, lo), hi)</td></tr>
 *   <tr><td>sign(x)</td><td>any</td><td>dimensionless −1, 0 or 1</td></tr>
 *   <tr><td>int(x)</td><td>dimensionless (or a condition)</td><td>integer, truncated towards
 *       zero</td></tr>
 *   <tr><td>rand(), randn()</td><td>none</td><td>a uniform [0, 1) or standard normal draw</td></tr>
 *   <tr><td>timestep(t, dt)</td><td>second, second</td><td>integer: (t + 0.001·dt)/dt truncated,
 *       Brian2's rounding of a time to a step</td></tr>
 * </table>
 *
 * <pre>{@code
 * double y = Functions.clip(1.5, 0, 1);            // 1.0
 * long steps = Functions.timestep(0.005, 1e-4);     // 50
 * }</pre>
 */
public final class Functions {
  /** How a function's result dimension follows from its arguments'. */
  enum Rule { DIMENSIONLESS, SAME, SQRT, SIGN, INT, RANDOM, TIMESTEP }

  /**
   * @param java the Java method the generated code calls, the arguments appended
   */
  record Spec(String name, int arity, Rule rule, String java) {}

  static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  static {
    for (String f : new String[] {"exp", "log", "log10", "sin", "cos", "tan", "sinh", "cosh",
        "tanh"}) {
      SPECS.put(f, new Spec(f, 1, Rule.DIMENSIONLESS, "Math." + f));
    }
    SPECS.put("arcsin", new Spec("arcsin", 1, Rule.DIMENSIONLESS, "Math.asin"));
    SPECS.put("arccos", new Spec("arccos", 1, Rule.DIMENSIONLESS, "Math.acos"));
    SPECS.put("arctan", new Spec("arctan", 1, Rule.DIMENSIONLESS, "Math.atan"));
    SPECS.put("sqrt", new Spec("sqrt", 1, Rule.SQRT, "Math.sqrt"));
    SPECS.put("abs", new Spec("abs", 1, Rule.SAME, "Math.abs"));
    SPECS.put("floor", new Spec("floor", 1, Rule.SAME, "Math.floor"));
    SPECS.put("ceil", new Spec("ceil", 1, Rule.SAME, "Math.ceil"));
    SPECS.put("clip", new Spec("clip", 3, Rule.SAME, Functions.class.getName() + ".clip"));
    SPECS.put("sign", new Spec("sign", 1, Rule.SIGN, "Math.signum"));
    SPECS.put("int", new Spec("int", 1, Rule.INT, Functions.class.getName() + ".toInt"));
    SPECS.put("rand", new Spec("rand", 0, Rule.RANDOM, "rand"));
    SPECS.put("randn", new Spec("randn", 0, Rule.RANDOM, "randn"));
    SPECS.put("timestep", new Spec("timestep", 2, Rule.TIMESTEP,
        Functions.class.getName() + ".timestepValue"));
    // Only the exact integrator writes these (names with '_' cannot be called from models).
    SPECS.put("_exprel", new Spec("_exprel", 1, Rule.DIMENSIONLESS,
        Functions.class.getName() + ".exprel"));
    SPECS.put("_exp_dd3", new Spec("_exp_dd3", 4, Rule.DIMENSIONLESS,
        Functions.class.getName() + ".expDividedDifference"));
    SPECS.put("_exp_dd4", new Spec("_exp_dd4", 5, Rule.DIMENSIONLESS,
        Functions.class.getName() + ".expDividedDifference"));
  }

  private Functions() {}

  /**
   * The names of all functions, which equations cannot use for variables.
   *
   * @return a new set of the names, in registration order
   */
  public static Set<String> names() {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String n : SPECS.keySet()) {
      if (!n.startsWith("_")) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * expm1(z)/z, 1 at z = 0: the divided difference of exp on two nodes, without the
   * cancellation of (exp(a) − exp(b))/(a − b) when a and b are close or equal.
   *
   * @param z any double
   * @return (e^z − 1)/z
   */
  public static double exprel(double z) {
    return z == 0 ? 1 : Math.expm1(z) / z;
  }

  /**
   * The divided difference of z ↦ exp(z·dt) on the nodes a, b, c, read off exp(J·dt) for the
   * bidiagonal J with a, b, c on its diagonal and ones above it (Opitz's formula), which stays
   * accurate when nodes coincide. The exact integrator uses it for chains of three variables.
   *
   * @param dt the time step
   * @param a the first node
   * @param b the second node
   * @param c the third node
   * @return the divided difference exp(·dt)[a, b, c]
   */
  public static double expDividedDifference(double dt, double a, double b, double c) {
    double[] j = {a * dt, dt, 0, 0, b * dt, dt, 0, 0, c * dt};
    return MatrixExponential.expm(j, 3)[2];
  }

  /**
   * The same on four nodes.
   *
   * @param dt the time step
   * @param a the first node
   * @param b the second node
   * @param c the third node
   * @param d the fourth node
   * @return the divided difference exp(·dt)[a, b, c, d]
   */
  public static double expDividedDifference(double dt, double a, double b, double c, double d) {
    double[] j = {a * dt, dt, 0, 0, 0, b * dt, dt, 0, 0, 0, c * dt, dt, 0, 0, 0, d * dt};
    return MatrixExponential.expm(j, 4)[3];
  }

  /**
   * min(max(x, lo), hi), as numpy's clip.
   *
   * @param x the value
   * @param lo the lower bound
   * @param hi the upper bound
   * @return x clipped to [lo, hi]
   */
  public static double clip(double x, double lo, double hi) {
    return Math.min(Math.max(x, lo), hi);
  }

  /**
   * Truncation towards zero, as Brian2's {@code int()}.
   *
   * @param x the value
   * @return x truncated to a whole number, as a double
   */
  public static double toInt(double x) {
    return (double) (long) x;
  }

  /**
   * Python's (floored) modulo: the result has the sign of {@code b}.
   *
   * @param a the dividend
   * @param b the divisor
   * @return a − b·floor(a/b)
   */
  public static double mod(double a, double b) {
    double m = a % b;
    if (m != 0 && (m < 0) != (b < 0)) {
      m += b;
    }
    return m;
  }

  /**
   * Python's floor division.
   *
   * @param a the dividend
   * @param b the divisor
   * @return floor(a/b)
   */
  public static double floorDivide(double a, double b) {
    return Math.floor(a / b);
  }

  /**
   * Brian2's conversion of a time to a number of steps: (t + 0.001·dt)/dt truncated, so that a
   * duration that is a whole number of steps up to rounding counts as that number.
   *
   * @param t the time (s)
   * @param dt the time step (s)
   * @return the number of whole steps in {@code t}
   */
  public static long timestep(double t, double dt) {
    return (long) ((t + 1e-3 * dt) / dt);
  }

  /**
   * The smallest x for which the floating-point quotient x/dt is at least {@code steps}, so that
   * {@code x >= stepBoundary(steps, dt)} holds exactly when {@code x / dt >= steps} does (division
   * rounds monotonically). Generated code compares with this instead of dividing per neuron.
   *
   * @param steps a number of steps
   * @param dt the time step (s)
   * @return the boundary time (s)
   */
  public static double stepBoundary(double steps, double dt) {
    double x = steps * dt;
    if (!Double.isFinite(x) || !(dt > 0)) {
      return x;
    }
    while (!(x / dt >= steps)) {
      x = Math.nextUp(x);
    }
    while (Math.nextDown(x) / dt >= steps) {
      x = Math.nextDown(x);
    }
    return x;
  }

  /**
   * {@link #timestep} as a double, for expressions.
   *
   * @param t the time (s)
   * @param dt the time step (s)
   * @return the number of whole steps in {@code t}, as a double
   */
  public static double timestepValue(double t, double dt) {
    return timestep(t, dt);
  }

  /** Applies a non-random function by name, as generated code would. */
  static double apply(String name, double[] a) {
    return switch (name) {
      case "exp" -> Math.exp(a[0]);
      case "log" -> Math.log(a[0]);
      case "log10" -> Math.log10(a[0]);
      case "sin" -> Math.sin(a[0]);
      case "cos" -> Math.cos(a[0]);
      case "tan" -> Math.tan(a[0]);
      case "sinh" -> Math.sinh(a[0]);
      case "cosh" -> Math.cosh(a[0]);
      case "tanh" -> Math.tanh(a[0]);
      case "arcsin" -> Math.asin(a[0]);
      case "arccos" -> Math.acos(a[0]);
      case "arctan" -> Math.atan(a[0]);
      case "sqrt" -> Math.sqrt(a[0]);
      case "abs" -> Math.abs(a[0]);
      case "floor" -> Math.floor(a[0]);
      case "ceil" -> Math.ceil(a[0]);
      case "clip" -> clip(a[0], a[1], a[2]);
      case "sign" -> Math.signum(a[0]);
      case "int" -> toInt(a[0]);
      case "timestep" -> timestepValue(a[0], a[1]);
      case "_exprel" -> exprel(a[0]);
      case "_exp_dd3" -> expDividedDifference(a[0], a[1], a[2], a[3]);
      case "_exp_dd4" -> expDividedDifference(a[0], a[1], a[2], a[3], a[4]);
      default -> throw new IllegalStateException("no function " + name);
    };
  }
}
