package io.liquid4j.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The javadoc of this module under doclint, as Maven's javadoc jar is built, but with the
 * diagnostics read one by one: javadoc always warns that the module uses an incubating module, so
 * the Maven build cannot fail on warnings here; this test fails on every other one (a missing
 * comment, a missing {@code @param}, broken HTML).
 */
class JavadocTest {
  @TempDir Path out;

  @Test
  void publicApiIsFullyDocumented() throws Exception {
    Path sources = Path.of(System.getProperty("user.dir"), "src", "main", "java");
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    List<String> problems = new ArrayList<>();
    try (StandardJavaFileManager files = javadoc.getStandardFileManager(null, Locale.ROOT, null)) {
      List<Path> javaFiles;
      try (var walk = Files.walk(sources)) {
        javaFiles = walk.filter(p -> p.toString().endsWith(".java")).toList();
      }
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(javaFiles);
      List<String> options = List.of("-Xdoclint:all", "--add-modules", "jdk.incubator.vector",
          "-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-quiet");
      DocumentationTool.DocumentationTask task = javadoc.getTask(null, files, d -> {
        String message = d.getMessage(Locale.ROOT);
        boolean incubating = message.contains("incubating module");
        if (d.getKind() != Diagnostic.Kind.NOTE && !incubating) {
          problems.add(d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName())
              + ":" + d.getLineNumber() + ": " + message);
        }
      }, null, options, units);
      task.call();
    }
    assertEquals(List.of(), problems);
  }
}
