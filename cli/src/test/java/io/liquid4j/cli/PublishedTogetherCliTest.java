package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: every output of one command is published together or not at all. For each command
 * with several outputs (demo, spike seed-example, spike lsm), one output that cannot be written
 * (a directory, a named pipe, an existing file without --force) leaves the other absent, the
 * folder without temporary files, and every pre-existing file as it was.
 */
class PublishedTogetherCliTest {
  @TempDir Path tmp;

  /** A command with two outputs: its arguments given the two paths. */
  private interface TwoOutputs {
    List<String> args(Path first, Path second);
  }

  private static final TwoOutputs SEED_EXAMPLE = (first, second) -> List.of("spike",
      "seed-example", "--output", first.toString(), "--traces", second.toString());

  private static final TwoOutputs LSM = (first, second) -> List.of("spike", "lsm", "--grid",
      "2x2x2", "--pairs", "1", "--classes", "2", "--train", "1", "--test", "1", "--quiet",
      "--output", first.toString(), "--raster", second.toString());

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static CliTest.Result run(List<String> args, boolean force) {
    List<String> all = new ArrayList<>(args);
    if (force) {
      all.add("--force");
    }
    return CliTest.run(all.toArray(String[]::new));
  }

  /**
   * Runs {@code command} with a fresh first output and {@code second} as the second, with and
   * without --force, and asserts the refusal names {@code option} and {@code second}, the first
   * output never appears and the folder's listing is unchanged.
   */
  private void assertNothingPublished(TwoOutputs command, String option, Path second,
      String... expected) throws IOException {
    Path dir = second.getParent();
    Path first = dir.resolve("first.svg");
    List<String> before = listing(dir);
    for (boolean force : new boolean[] {false, true}) {
      CliTest.Result r = run(command.args(first, second), force);
      List<String> parts = new ArrayList<>(List.of(option + ": " + second));
      parts.addAll(List.of(expected));
      CliTest.assertOneLineError(r, parts.toArray(String[]::new));
      assertFalse(Files.exists(first, LinkOption.NOFOLLOW_LINKS),
          "the first output appeared though the second was refused (force " + force + ")");
      assertEquals(before, listing(dir), "nothing new in the folder, no temporary file");
    }
  }

  @Test
  void aDirectoryAsTheSecondOutputPublishesNothing() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path second = Files.createDirectory(dir.resolve("second.svg"));
    Files.writeString(second.resolve("inside"), "kept");
    assertNothingPublished(SEED_EXAMPLE, "--traces", second, "is a directory");
    assertNothingPublished(LSM, "--raster", second, "is a directory");
    assertEquals("kept", Files.readString(second.resolve("inside")));
  }

  @Test
  void aNamedPipeAsTheSecondOutputPublishesNothing() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path fifo = dir.resolve("second.svg");
    assumeTrue(runs("mkfifo", fifo.toString()), "mkfifo is not available");
    assertNothingPublished(SEED_EXAMPLE, "--traces", fifo, "is a named pipe (FIFO)");
    assertNothingPublished(LSM, "--raster", fifo, "is a named pipe (FIFO)");
    assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS).isOther(), "still a FIFO");
  }

  @Test
  void anExistingSecondOutputWithoutForcePublishesNothingAndIsKept() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path second = dir.resolve("second.svg");
    Files.writeString(second, "precious");
    Path first = dir.resolve("first.svg");
    for (TwoOutputs command : List.of(SEED_EXAMPLE, LSM)) {
      CliTest.Result r = run(command.args(first, second), false);
      CliTest.assertOneLineError(r, second + " already exists (use --force to overwrite)");
      assertFalse(Files.exists(first), "the first output appeared though the second was refused");
      assertEquals("precious", Files.readString(second));
      assertEquals(List.of("second.svg"), listing(dir));
    }
  }

  @Test
  void anExistingFirstOutputWithoutForceIsKeptAndTheSecondNotWritten() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path first = dir.resolve("first.png");
    Files.writeString(first, "precious");
    Path second = dir.resolve("second.svg");
    CliTest.Result r = run(SEED_EXAMPLE.args(first, second), false);
    CliTest.assertOneLineError(r, first + " already exists (use --force to overwrite)");
    assertEquals("precious", Files.readString(first));
    assertEquals(List.of("first.png"), listing(dir));
  }

  @Test
  void anOutputCannotBeTheFolderOfAnother() throws Exception {
    // Without this check the first picture would create the folder "pictures" and the second,
    // named "pictures" too, would fail only when written.
    Path folder = tmp.resolve("pictures");
    Path inside = folder.resolve("raster.svg");
    CliTest.Result r = run(SEED_EXAMPLE.args(inside, folder), false);
    CliTest.assertOneLineError(r, "--traces", "--output", folder.toString(), "folder");
    assertEquals(List.of(), listing(tmp));
  }

  @Test
  void theDemoPublishesBothPicturesOrNeither() throws Exception {
    Path out = Files.createDirectory(tmp.resolve("demo"));
    Path loss = out.resolve("training-loss.png");
    Path accuracy = out.resolve("validation-accuracy.png");
    // The second picture's name is taken by a directory: refused whatever --force says.
    Files.createDirectory(accuracy);
    for (boolean force : new boolean[] {false, true}) {
      CliTest.Result r = run(List.of("demo", "--epochs", "1", "--quiet", "--output",
          out.toString()), force);
      CliTest.assertOneLineError(r, "--output: " + accuracy, "is a directory");
      assertFalse(Files.exists(loss), "the loss picture appeared though the other was refused");
      assertEquals(List.of("validation-accuracy.png"), listing(out));
    }
    Files.delete(accuracy);
    // The second picture exists as a file: kept without --force, and the first not written.
    Files.writeString(accuracy, "precious");
    CliTest.Result r = run(List.of("demo", "--epochs", "1", "--quiet", "--output",
        out.toString()), false);
    CliTest.assertOneLineError(r, accuracy + " already exists (use --force to overwrite)");
    assertFalse(Files.exists(loss));
    assertEquals("precious", Files.readString(accuracy));
    assertEquals(List.of("validation-accuracy.png"), listing(out));
  }
}
