package io.liquid4j.spiking.equations;

import java.lang.reflect.InvocationTargetException;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.ClassBodyEvaluator;

/**
 * Compiles generated Java with Janino, in memory: a class body (fields and methods) becomes a
 * class implementing an interface, and one instance of it is returned. The interface must be
 * public, because the class lives in Janino's own class loader. Compiling takes a few
 * milliseconds (a few hundred the first time, while Janino loads).
 *
 * <pre>{@code
 * DoubleUnaryOperator twice = KernelCompiler.compile("Twice",
 *     "public double applyAsDouble(double x) { return 2 * x; }", DoubleUnaryOperator.class);
 * }</pre>
 */
public final class KernelCompiler {
  private KernelCompiler() {}

  /**
   * @param <T> the interface type
   * @param className the generated class's name (a Java identifier)
   * @param classBody its fields and methods
   * @param type the public interface it implements
   * @return a new instance of the compiled class, made by its no-argument constructor
   * @throws IllegalStateException if the code does not compile: a bug in the generator, so the
   *     message holds the numbered source
   */
  public static <T> T compile(String className, String classBody, Class<T> type) {
    ClassBodyEvaluator evaluator = new ClassBodyEvaluator();
    evaluator.setClassName(className);
    evaluator.setImplementedInterfaces(new Class<?>[] {type});
    evaluator.setParentClassLoader(type.getClassLoader());
    try {
      evaluator.cook(classBody);
      return type.cast(evaluator.getClazz().getDeclaredConstructor().newInstance());
    } catch (CompileException e) {
      throw new IllegalStateException("generated class " + className + " does not compile: "
          + e.getMessage() + "\n" + numbered(classBody), e);
    } catch (InstantiationException | IllegalAccessException | NoSuchMethodException
        | InvocationTargetException e) {
      throw new IllegalStateException("generated class " + className + " cannot be created", e);
    }
  }

  private static String numbered(String code) {
    StringBuilder s = new StringBuilder();
    String[] lines = code.split("\n", -1);
    for (int k = 0; k < lines.length; k++) {
      s.append(String.format("%4d  %s%n", k + 1, lines[k]));
    }
    return s.toString();
  }
}
