package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code liquid4j} launcher script as a user runs it: with the Vector API kernels on, the JVM's
 * "Using incubator modules" warning must not reach the user, while every other line of standard
 * error (errors included) and the exit code come through unchanged.
 */
class LauncherTest {
  record Run(int code, String out, String err) {}

  static Run launch(String... args) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("liquid4j.home"), "liquid4j");
    List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    // The classes under test, not a jar the launcher would first build with Maven.
    pb.environment().put("LIQUID4J_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().remove("LIQUID4J_VECTOR");
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    int code = p.waitFor();
    return new Run(code, out, err.join());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "train --help", "predict --help", "--version"})
  void helpStartsWithUsageAndNoJvmWarning(String args) throws Exception {
    Run r = launch(args.split(" "));
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err(), "standard error of " + args);
    assertFalse(r.out().contains("WARNING"), r.out());
    assertTrue(r.out().startsWith("Usage: liquid4j") || args.equals("--version"), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "0"})
  void errorsAndExitCodesComeThroughWithOrWithoutTheVectorKernels(String vector)
      throws Exception {
    Path script = Path.of(System.getProperty("liquid4j.home"), "liquid4j");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "info", "--model",
        "/nonexistent/model.safetensors");
    pb.environment().put("LIQUID4J_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("LIQUID4J_VECTOR", vector);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    read(p.getInputStream());
    int code = p.waitFor();
    List<String> lines = err.join().lines().toList();
    assertEquals(1, lines.size(), "one line on standard error: " + lines);
    assertTrue(lines.get(0).startsWith("liquid4j: error: ") && lines.get(0).contains("/nonexistent"),
        lines.get(0));
    assertTrue(code != 0, "exit code " + code);
  }
}
