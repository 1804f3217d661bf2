package io.liquid4j.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ```java block of README.md is a contiguous run of lines of one example's source, the same
 * text apart from one indentation added to every line (a block may leave out the class around a
 * method's body). So the README shows code that compiles and that {@link ExamplesTest} runs.
 */
class ReadmeSnippetsTest {
  static final Path SOURCES = Path.of("examples/src/main/java/io/liquid4j/examples");

  /** The README's ```java blocks, keyed by the line each starts on. */
  static Map<Integer, List<String>> javaBlocks(List<String> readme) {
    Map<Integer, List<String>> blocks = new LinkedHashMap<>();
    List<String> block = null;
    int start = 0;
    for (int i = 0; i < readme.size(); i++) {
      String line = readme.get(i);
      if (block == null && line.strip().equals("```java")) {
        block = new ArrayList<>();
        start = i + 1;
      } else if (block != null && line.strip().equals("```")) {
        blocks.put(start, block);
        block = null;
      } else if (block != null) {
        block.add(line);
      }
    }
    return blocks;
  }

  /** Whether {@code block} is lines {@code at ..} of {@code source} with one added indentation. */
  static boolean matchesAt(List<String> source, int at, List<String> block) {
    String first = source.get(at);
    if (!first.endsWith(block.get(0)) || !first.substring(
        0, first.length() - block.get(0).length()).isBlank()) {
      return false;
    }
    String indent = first.substring(0, first.length() - block.get(0).length());
    for (int k = 0; k < block.size(); k++) {
      String want = block.get(k).isEmpty() ? "" : indent + block.get(k);
      if (at + k >= source.size() || !source.get(at + k).equals(want)) {
        return false;
      }
    }
    return true;
  }

  static boolean containedIn(List<String> source, List<String> block) {
    for (int at = 0; at + block.size() <= source.size(); at++) {
      if (matchesAt(source, at, block)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyJavaBlockOfTheReadmeIsCodeOfAnExample() throws IOException {
    Map<Integer, List<String>> blocks = javaBlocks(Files.readAllLines(Path.of("README.md")));
    assertFalse(blocks.isEmpty(), "README.md has no ```java block");
    Map<Path, List<String>> sources = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path p : files.sorted().toList()) {
        sources.put(p, Files.readAllLines(p));
      }
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<Integer, List<String>> block : blocks.entrySet()) {
      if (block.getValue().isEmpty()) {
        missing.add("README.md line " + block.getKey() + ": an empty block");
        continue;
      }
      boolean found = sources.values().stream().anyMatch(s -> containedIn(s, block.getValue()));
      if (!found) {
        missing.add("README.md line " + block.getKey() + ": " + block.getValue().get(0));
      }
    }
    assertTrue(missing.isEmpty(), "README blocks that are no example's code (change the example "
        + "in " + SOURCES + " and copy it):\n" + String.join("\n", missing));
  }

  @Test
  void theMatcherRejectsAChangedLine() {
    List<String> source = List.of("class A {", "  void f() {", "    int x = 1;", "    int y = 2;",
        "  }", "}");
    assertTrue(containedIn(source, List.of("int x = 1;", "int y = 2;")));
    assertTrue(containedIn(source, source));
    assertFalse(containedIn(source, List.of("int x = 1;", "int y = 3;")));
    assertFalse(containedIn(source, List.of("int x = 1;", "  int y = 2;")));
    assertFalse(containedIn(source, List.of("int y = 2;", "int x = 1;")));
  }
}
