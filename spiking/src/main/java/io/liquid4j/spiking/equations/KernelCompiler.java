package io.liquid4j.spiking.equations;

import java.lang.reflect.InvocationTargetException;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.ClassBodyEvaluator;
import org.codehaus.commons.compiler.InternalCompilerException;

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
   * @throws IllegalArgumentException if the code does not compile (for a model, because it is
   *     too large or too deeply nested for Janino or for a Java method): one line with Janino's
   *     reason, cut to a readable length, never the generated source (which {@code
   *     generatedCode()} of a built group shows, and the exception's cause locates)
   * @throws IllegalStateException if the compiled class cannot be instantiated
   */
  public static <T> T compile(String className, String classBody, Class<T> type) {
    ClassBodyEvaluator evaluator = new ClassBodyEvaluator();
    evaluator.setClassName(className);
    evaluator.setImplementedInterfaces(new Class<?>[] {type});
    evaluator.setParentClassLoader(type.getClassLoader());
    try {
      evaluator.cook(classBody);
      return type.cast(evaluator.getClazz().getDeclaredConstructor().newInstance());
    } catch (CompileException | InternalCompilerException | StackOverflowError
        | ClassFormatError e) {
      throw new IllegalArgumentException("generated class " + className + " does not compile ("
          + firstLine(e) + "); if the model has very long or deeply nested expressions, split "
          + "them into subexpressions", e);
    } catch (InstantiationException | IllegalAccessException | NoSuchMethodException
        | InvocationTargetException e) {
      throw new IllegalStateException("generated class " + className + " cannot be created", e);
    }
  }

  /** The innermost cause's first line, at most 200 characters. */
  private static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl).strip();
    }
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
