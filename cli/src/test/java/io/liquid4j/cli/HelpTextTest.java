package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The usage help of {@code liquid4j} and of every command and subcommand, rendered at 80 columns
 * as {@code COMMAND --help} prints it, reads cleanly. The rules, each checked below:
 *
 * <ul>
 *   <li>No line is longer than 80 characters, and the help starts with {@code Usage:} or the
 *       command's header (nothing before it, such as a JVM warning; the launcher's part is
 *       checked in {@link LauncherTest}).
 *   <li>Descriptions are paragraphs that picocli wraps: every element of a description array
 *       (command, option or parameter) ends at a sentence or clause end ({@code .}, {@code :} or
 *       {@code ;}), so a hard line break never falls mid-sentence. The only exception is an
 *       indented line (two leading spaces: a list item or an example) short enough that picocli
 *       never wraps it. No description contains {@code %n} (except at either end of an element: a
 *       blank line). A command's first element, which is all the command list shows, is one
 *       whole sentence ending in a period. Footers (examples) follow the same rules.
 *   <li>Nothing is wrapped inside a word or a quoted string: no line ends with a period directly
 *       followed, on the next line, by a lower-case letter ({@code e.} / {@code g.}, {@code
 *       FILE.} / {@code csv}); every line holds an even number of double quotes; brackets balance
 *       on every line of the synopsis.
 *   <li>Every option that has a default shows it: an option that is neither required, nor a flag,
 *       nor an optional file (type {@link Path}) says {@code default} in its description, or
 *       {@code required} where another option needs it ({@code --target}, required with {@code
 *       --data}).
 *   <li>{@code --force} is offered exactly by the commands that write files.
 * </ul>
 */
class HelpTextTest {
  /** The commands that write files, by qualified name without {@code liquid4j}. */
  private static final Set<String> WRITERS = Set.of("import-ncps", "export-ncps", "export-onnx",
      "predict", "demo", "wiring", "plot", "expressivity", "reservoir", "spike seed-example",
      "spike cuba", "spike lsm", "sweep-chart", "train");

  /** Every command, by its path after {@code liquid4j} ("" for {@code liquid4j} itself). */
  static Map<String, CommandSpec> commands() {
    Map<String, CommandSpec> all = new LinkedHashMap<>();
    collect("", Main.commandLine(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), false), all);
    return all;
  }

  private static void collect(String path, CommandLine cl, Map<String, CommandSpec> all) {
    all.put(path, cl.getCommandSpec());
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      collect((path.isEmpty() ? "" : path + " ") + e.getKey(), e.getValue(), all);
    }
  }

  static Stream<String> commandPaths() {
    return commands().keySet().stream();
  }

  private static String help(String path) {
    List<String> args = new ArrayList<>(
        path.isEmpty() ? List.of() : Arrays.asList(path.split(" ")));
    args.add("--help");
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err(), path);
    return r.out();
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void helpFitsEightyColumnsAndStartsWithTheUsage(String path) {
    String help = help(path);
    String[] header = commands().get(path).usageMessage().header();
    String first = header.length > 0 ? header[0] : "Usage: liquid4j";
    assertTrue(help.startsWith(first), path + ":\n" + help);
    for (String line : help.lines().toList()) {
      assertTrue(line.length() <= Main.HELP_WIDTH,
          "liquid4j " + path + " --help: " + line.length() + " columns: " + line);
    }
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void nothingIsWrappedInsideAWordOrAQuotedString(String path) {
    List<String> lines = help(path).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      assertEquals(0, line.chars().filter(c -> c == '"').count() % 2,
          "liquid4j " + path + " --help splits a quoted string: " + line);
      // A line indented by two spaces starts an entry of the command list, not a continuation.
      if (i + 1 < lines.size() && line.matches(".*\\w\\.$")
          && !lines.get(i + 1).matches(" {2}\\S.*")) {
        String next = lines.get(i + 1).strip();
        assertFalse(!next.isEmpty() && Character.isLowerCase(next.charAt(0)),
            "liquid4j " + path + " --help splits a word after the period:\n" + line + "\n"
                + lines.get(i + 1));
      }
    }
    for (String line : synopsis(lines)) {
      assertEquals(line.chars().filter(c -> c == '[').count(),
          line.chars().filter(c -> c == ']').count(),
          "liquid4j " + path + " --help wraps the synopsis inside an option: " + line);
    }
  }

  /**
   * The synopsis: the {@code Usage:} line and its continuation lines, which picocli indents past
   * the command's name (at least 10 columns; the description that follows starts at column 0),
   * or which a custom synopsis starts with {@code "   or: "}.
   */
  private static List<String> synopsis(List<String> lines) {
    int usage = 0;
    while (!lines.get(usage).startsWith("Usage: ")) {
      usage++;
    }
    List<String> synopsis = new ArrayList<>(List.of(lines.get(usage)));
    for (String line : lines.subList(usage + 1, lines.size())) {
      if (!line.startsWith(" ".repeat(10)) && !line.startsWith("   or: ")) {
        break;
      }
      synopsis.add(line);
    }
    assertTrue(synopsis.size() < lines.size(), "the synopsis runs to the end: " + lines);
    return synopsis;
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void descriptionsBreakOnlyAtSentenceEnds(String path) {
    CommandSpec spec = commands().get(path);
    String[] description = spec.usageMessage().description();
    assertTrue(description.length > 0, path + " has no description");
    assertTrue(description[0].endsWith("."),
        path + ": the command list shows only this, so it must be a whole sentence: "
            + description[0]);
    assertParagraphs(path, description, Main.HELP_WIDTH);
    assertParagraphs(path + " (footer)", spec.usageMessage().footer(), Main.HELP_WIDTH);
    for (ArgSpec arg : args(spec)) {
      String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
      String[] d = arg.description();
      assertTrue(d.length > 0, path + " " + name + " has no description");
      // Option descriptions start at column 29 at most.
      assertParagraphs(path + " " + name, d, Main.HELP_WIDTH - 29);
      assertTrue(d[d.length - 1].endsWith("."), path + " " + name + ": " + d[d.length - 1]);
    }
  }

  private static void assertParagraphs(String where, String[] description, int width) {
    for (String described : description) {
      // A %n at either end is a blank line between paragraphs (as in picocli's own help command).
      String element = described.replaceAll("^%n|%n$", "");
      assertFalse(element.contains("%n"), where + ": a hard line break in: " + element);
      boolean sentenceEnd = element.endsWith(".") || element.endsWith(":")
          || element.endsWith(";");
      boolean shortIndentedLine = element.startsWith("  ") && element.length() <= width;
      assertTrue(sentenceEnd || shortIndentedLine,
          where + ": a description line that is neither a whole sentence or clause nor a short"
              + " indented line: '" + element + "'");
    }
  }

  private static List<ArgSpec> args(CommandSpec spec) {
    List<ArgSpec> args = new ArrayList<>(spec.options());
    args.addAll(spec.positionalParameters());
    return args;
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void everyOptionThatHasADefaultShowsIt(String path) {
    for (OptionSpec o : commands().get(path).options()) {
      boolean flag = o.type() == boolean.class || o.type() == Boolean.class;
      boolean optionalFile = o.type() == Path.class;
      if (o.required() || flag || optionalFile || o.usageHelp() || o.versionHelp()) {
        continue;
      }
      String text = String.join(" ", o.description());
      assertTrue(text.contains("default") || text.contains("required"),
          "liquid4j " + path + " " + o.longestName() + " does not show its default: " + text);
    }
  }

  @Test
  void forceIsOfferedExactlyByTheCommandsThatWriteFiles() {
    Set<String> withForce = new TreeSet<>();
    commands().forEach((path, spec) -> {
      if (spec.findOption("--force") != null) {
        withForce.add(path);
      }
    });
    assertEquals(new TreeSet<>(WRITERS), withForce);
    for (String path : WRITERS) {
      assertTrue(help(path).contains("--force"), path);
    }
    for (String path : List.of("info", "evaluate", "experiment")) {
      assertFalse(help(path).contains("--force"), path);
    }
  }
}
