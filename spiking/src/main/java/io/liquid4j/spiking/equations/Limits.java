package io.liquid4j.spiking.equations;

import java.util.function.Supplier;

/**
 * The size limits of the equation front end, and the guard that keeps its failures to one line.
 * Models are text, and a text can be deep or long enough to exhaust the parser's, the type
 * checker's or Janino's stack; these limits refuse such a text with an {@link
 * IllegalArgumentException} that points at the place (line, column, a short excerpt) instead.
 * They are far above what real models need (Brian2's examples nest a few parentheses deep and
 * sum a few dozen terms):
 *
 * <ul>
 *   <li>{@link #MAX_NESTING}: parentheses, function calls, unary signs, {@code not} and
 *       exponents nested within one another in one expression or statement;
 *   <li>{@link #MAX_OPERANDS}: numbers and names in one expression or statement (a sum of 1 000
 *       products {@code w_k*x_k} is legal, and compiles to flat Java code).
 * </ul>
 *
 * <p>A model within the limits can still be too large for one Java method (64 KiB of bytecode:
 * a sum of 2 000 terms integrated with rk4, say); compiling it then fails with the same kind of
 * one-line error, from {@link KernelCompiler}.
 *
 * <pre>{@code
 * Expressions.parse("(".repeat(1000) + "v" + ")".repeat(1000));
 * // IllegalArgumentException: expression line 1, column 65: "((((((...": more than 64 levels
 * // of nesting (parentheses, calls, signs, not, **); ...
 * }</pre>
 */
public final class Limits {
  /** The deepest nesting of parentheses, calls, unary signs, {@code not} and {@code **}. */
  public static final int MAX_NESTING = 64;

  /** The most numbers and names one expression or statement may hold. */
  public static final int MAX_OPERANDS = 3000;

  private Limits() {}

  /**
   * Runs one step of the front end (parsing, checking, generating or compiling a model) and
   * turns a stack overflow, which a model too deep for this JVM's thread stack can still cause
   * past the limits, into an {@link IllegalArgumentException} naming {@code what}.
   *
   * @param <T> the step's result type
   * @param what what is being built, as the error names it ("neuron group g")
   * @param step the step
   * @return the step's result
   * @throws IllegalArgumentException for any error of the model, including one too deeply
   *     nested for the stack
   */
  public static <T> T guard(String what, Supplier<T> step) {
    try {
      return step.get();
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException(what + ": the model's expressions are nested too "
          + "deeply for the thread's stack; split long expressions into subexpressions (or "
          + "raise the stack size with -Xss)");
    }
  }
}
