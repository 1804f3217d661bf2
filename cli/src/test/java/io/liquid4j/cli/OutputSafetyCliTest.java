package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liquid4j.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, cases 1, 2, 3 and 11: outputs replace only regular files and only with --force, a
 * command's outputs are published together, leftover temporary files are cleaned up, and an
 * existing checkpoint is kept unless --resume or --force.
 */
class OutputSafetyCliTest {
  @TempDir Path tmp;
  Path model;
  Path input;
  Path out;

  @BeforeEach
  void importModel() throws IOException {
    Path golden = CliTest.goldenRoot().resolve("ltc_fullyconnected8_in3_irregular");
    model = tmp.resolve("m.safetensors");
    CliTest.Result r = CliTest.run("import-ncps", "--config",
        golden.resolve("config.json").toString(), "--weights",
        golden.resolve("model.safetensors").toString(), "--output", model.toString());
    assertEquals(0, r.code(), r.err());
    input = tmp.resolve("x.npy");
    Npy.writeFloat32(input, new int[] {2, 5, 3}, new double[30], false);
    out = Files.createDirectory(tmp.resolve("out"));
  }

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

  private CliTest.Result predict(String... extra) {
    List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(),
        "--input", input.toString()));
    args.addAll(List.of(extra));
    return CliTest.run(args.toArray(String[]::new));
  }

  /** predict refuses {@code target} as --output and as --final-state, with and without --force. */
  private void assertPredictRefuses(Path target, String kind) throws IOException {
    List<String> before = listing(out);
    for (String option : List.of("--output", "--final-state")) {
      for (boolean force : new boolean[] {false, true}) {
        List<String> args = new ArrayList<>(option.equals("--output")
            ? List.of("--output", target.toString())
            : List.of("--output", out.resolve("y.npy").toString(), "--final-state",
                target.toString()));
        if (force) {
          args.add("--force");
        }
        CliTest.Result r = predict(args.toArray(String[]::new));
        CliTest.assertOneLineError(r, option + ": " + target + " " + kind,
            "only a regular file is ever replaced, with or without --force");
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(before, listing(out), "nothing written, nothing removed");
      }
    }
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void aNamedPipeIsNeverReplaced() throws Exception {
    Path fifo = out.resolve("p");
    assumeTrue(runs("mkfifo", fifo.toString()), "mkfifo is not available");
    assertPredictRefuses(fifo, "is a named pipe (FIFO)");
    assertTrue(attributes(fifo).isOther(), "still a FIFO");
  }

  @Test
  void aDeviceIsNeverReplaced() throws Exception {
    // A private copy of /dev/null (char 1,3), so a failure cannot harm the real one.
    Path device = out.resolve("null");
    assumeTrue(runs("mknod", device.toString(), "c", "1", "3"), "mknod needs root");
    assertPredictRefuses(device, "is a character device");
    assertTrue(attributes(device).isOther(), "still a device");
  }

  @Test
  void aSymbolicLinkAndItsTargetAreLeftAlone() throws Exception {
    Path real = out.resolve("real.npy");
    Files.writeString(real, "precious");
    Path link = Files.createSymbolicLink(out.resolve("link.npy"), real);
    assertPredictRefuses(link, "is a symbolic link (to " + real + ")");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(real, Files.readSymbolicLink(link));
    assertEquals("precious", Files.readString(real));
  }

  @Test
  void aDirectoryIsNeverReplaced() throws Exception {
    Path dir = Files.createDirectory(out.resolve("d.npy"));
    Files.writeString(dir.resolve("inside"), "kept");
    assertPredictRefuses(dir, "is a directory");
    assertEquals("kept", Files.readString(dir.resolve("inside")));
  }

  @Test
  void theSameFileForTwoOutputsIsRefusedAndNothingWritten() throws Exception {
    Path y = out.resolve("y.npy");
    CliTest.Result r = predict("--output", y.toString(), "--final-state", y.toString());
    CliTest.assertOneLineError(r, "--output and --final-state name the same file (" + y + ")");
    assertEquals(List.of(), listing(out));
    // Spelled differently, and with --force over an existing file: still refused, file kept.
    Files.writeString(y, "precious");
    r = predict("--output", y.toString(), "--final-state",
        out.resolve("sub/../y.npy").toString(), "--force");
    CliTest.assertOneLineError(r, "--output and --final-state name the same file");
    assertEquals("precious", Files.readString(y));
    assertEquals(List.of("y.npy"), listing(out));
  }

  @Test
  void outputsArePublishedTogetherAndLeftoversAreRemoved() throws Exception {
    Path y = out.resolve("y.npy");
    Path h = out.resolve("h.npy");
    // What a predict killed by SIGKILL leaves behind, and files that only look similar.
    Files.write(out.resolve(".y.npy.3f9a0c1b2d4e5f60.tmp"), new byte[4096]);
    Files.write(out.resolve(".h.npy.7.tmp"), new byte[10]);
    Files.writeString(out.resolve(".y.npy.notours.tmp"), "kept");
    Files.writeString(out.resolve(".z.npy.abc.tmp"), "kept");
    CliTest.Result r = predict("--output", y.toString(), "--final-state", h.toString());
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(new int[] {2, 8}, Npy.read(h).shape());
    assertEquals(2, Npy.read(y).shape()[0]);
    assertEquals(List.of(".y.npy.notours.tmp", ".z.npy.abc.tmp", "h.npy", "y.npy"),
        listing(out));
  }

  @Test
  void anExistingSecondOutputStopsTheRunBeforeAnythingIsWritten() throws Exception {
    Path y = out.resolve("y.npy");
    Path h = out.resolve("h.npy");
    Files.writeString(h, "precious");
    CliTest.Result r = predict("--output", y.toString(), "--final-state", h.toString());
    CliTest.assertOneLineError(r, h + " already exists (use --force to overwrite)");
    assertEquals("precious", Files.readString(h));
    assertEquals(List.of("h.npy"), listing(out), "y.npy was not published either");
  }

  @Test
  void anUnwritableFolderIsNamedWithTheOption() throws Exception {
    Path ro = Files.createDirectory(tmp.resolve("ro"));
    assumeTrue(ro.toFile().setWritable(false, false) && !Files.isWritable(ro),
        "running as root: every folder is writable");
    try {
      CliTest.Result r = predict("--output", ro.resolve("y.npy").toString());
      CliTest.assertOneLineError(r, "--output: cannot write " + ro.resolve("y.npy")
          + ": the folder " + ro + " is not writable");
      assertFalse(r.err().contains(".tmp"), r.err());
    } finally {
      ro.toFile().setWritable(true, false);
    }
  }

  private Path trainingData() throws IOException {
    StringBuilder csv = new StringBuilder("signal,label\n");
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 120; i++) {
      double s = Math.sin(i / 5.0) + r.nextDouble(-0.1, 0.1);
      csv.append(String.format(Locale.ROOT, "%.4f,%d%n", s, s > 0 ? 1 : 0));
    }
    return Files.writeString(tmp.resolve("series.csv"), csv);
  }

  private CliTest.Result train(Path data, Path checkpoint, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--features",
        "signal", "--target", "label", "--window", "10", "--stride", "10", "--model", "cfc",
        "--units", "4", "--epochs", "1", "--output", out.resolve("m.safetensors").toString(),
        "--checkpoint", checkpoint.toString(), "--quiet"));
    args.addAll(List.of(extra));
    return CliTest.run(args.toArray(String[]::new));
  }

  @Test
  void anExistingCheckpointIsKeptWithoutResumeOrForce() throws Exception {
    Path data = trainingData();
    Path checkpoint = out.resolve("c.ckpt");
    byte[] old = new byte[1000];
    new SplittableRandom(7).nextBytes(old);
    Files.write(checkpoint, old);
    CliTest.Result r = train(data, checkpoint);
    CliTest.assertOneLineError(r, "--checkpoint: " + checkpoint + " already exists",
        "--resume", "--force");
    assertArrayEquals(old, Files.readAllBytes(checkpoint));
    assertEquals(List.of("c.ckpt"), listing(out), "no model written either");

    // --force starts over and replaces it with a real checkpoint.
    r = train(data, checkpoint, "--force");
    assertEquals(0, r.code(), r.err());
    assertFalse(java.util.Arrays.equals(old, Files.readAllBytes(checkpoint)));
    assertEquals(List.of("c.ckpt", "m.safetensors"), listing(out));
  }

  @Test
  void aCheckpointMayNotBeALinkOrPipeWhateverTheFlags() throws Exception {
    Path data = trainingData();
    Path real = out.resolve("real.ckpt");
    Files.writeString(real, "precious");
    Path link = Files.createSymbolicLink(out.resolve("c.ckpt"), real);
    for (List<String> flags : List.of(List.<String>of(), List.of("--force"), List.of("--resume"),
        List.of("--resume", "--force"))) {
      CliTest.Result r = train(data, link, flags.toArray(String[]::new));
      CliTest.assertOneLineError(r, "--checkpoint: " + link + " is a symbolic link",
          "with or without --force");
      assertTrue(Files.isSymbolicLink(link));
      assertEquals("precious", Files.readString(real));
    }
    Path fifo = out.resolve("p.ckpt");
    assumeTrue(runs("mkfifo", fifo.toString()), "mkfifo is not available");
    // --resume would read a FIFO and block forever; it is refused first.
    CliTest.Result r = train(data, fifo, "--resume", "--force");
    CliTest.assertOneLineError(r, "--checkpoint: " + fifo + " is a named pipe (FIFO)");
    assertTrue(attributes(fifo).isOther(), "still a FIFO");
  }

  @Test
  void theSameFileForModelAndCheckpointIsRefused() throws Exception {
    Path data = trainingData();
    Path m = out.resolve("m.safetensors");
    CliTest.Result r = train(data, m);
    CliTest.assertOneLineError(r, "--output and --checkpoint name the same file (" + m + ")");
    assertEquals(List.of(), listing(out));
  }
}
