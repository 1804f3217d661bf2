package io.liquid4j.spiking.equations;

import java.util.Collection;
import java.util.List;

/**
 * What the identifiers of some model code mean: a group's variables, its namespace of constants,
 * units and the special names ({@code t}, {@code dt}, {@code i}, {@code N}, {@code xi}). The
 * checker, the state updaters and the code generator all resolve names through one of these, so
 * that later kinds of objects (Synapses, with {@code v_post} and {@code w}) can bring their own.
 *
 * <pre>{@code
 * Scope scope = name -> name.equals("tau")
 *     ? Symbol.constant("tau", 0.01, Dimension.TIME) : null;
 * }</pre>
 */
@FunctionalInterface
public interface Scope {
  /**
   * The symbol called {@code name}, or null if there is none.
   *
   * @param name an identifier
   * @return its symbol, or null
   */
  Symbol lookup(String name);

  /**
   * The function called {@code name} that this scope brings (a TimedArray), or null; the
   * built-in functions ({@link Functions}) come first.
   *
   * @param name a function's name
   * @return its signature, or null
   */
  default UserFunction function(String name) {
    return null;
  }

  /**
   * Names worth suggesting when an identifier is unknown (may be empty).
   *
   * @return names to suggest
   */
  default Collection<String> names() {
    return List.of();
  }
}
