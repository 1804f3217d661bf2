package io.liquid4j.spiking.equations;

import io.liquid4j.spiking.units.Dimension;
import java.util.List;
import java.util.Objects;

/**
 * The signature of a function that a model's namespace brings (a {@code TimedArray} called as
 * {@code stim(t)}): its name, the dimension each argument must have and the dimension of the
 * result. The {@link TypeChecker} checks calls against it; where the function's values come from
 * is up to the owner of the scope ({@link JavaTranslator.Resolver#call} for generated code,
 * {@link Evaluator.Values#call} for the interpreter).
 *
 * <pre>{@code
 * UserFunction stim = new UserFunction("stim", List.of(Dimension.TIME), Dimension.CURRENT);
 * }</pre>
 *
 * @param name the name calls use
 * @param arguments the dimension of each argument, in order
 * @param result the dimension of the value
 */
public record UserFunction(String name, List<Dimension> arguments, Dimension result) {
  /**
   * Copies the argument list; rejects nulls.
   *
   * @param name the name calls use
   * @param arguments the dimension of each argument, in order
   * @param result the dimension of the value
   */
  public UserFunction {
    Objects.requireNonNull(name, "name");
    arguments = List.copyOf(arguments);
    Objects.requireNonNull(result, "result");
  }
}
