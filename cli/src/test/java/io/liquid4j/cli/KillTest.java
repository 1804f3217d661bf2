package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "Done when": {@code predict} and {@code train} killed with SIGKILL in a child JVM at
 * seeded random moments leave no partial output, the next run in the same folder leaves no
 * temporary file of liquid4j's naming behind, and a killed {@code train --checkpoint} resumed with
 * {@code --resume} writes the model an uninterrupted run writes, byte for byte.
 *
 * <p>Each trial runs in its own folder; half of them replace existing outputs with {@code
 * --force}, which must then hold their old bytes or the complete new ones. In half of the trials
 * the kill delay is drawn uniformly between 0 and the measured wall time of one uninterrupted child
 * run, so kills land anywhere from JVM start-up to the final rename; in the other half the test
 * polls the folder and kills within 2 ms of seeing a (randomly chosen) temporary file, so kills
 * also land while outputs and checkpoints are written, synced and renamed. A trial whose child
 * finished before the kill still checks the outputs. Everything is seeded.
 */
class KillTest {
  private static final int TRIALS = 20;
  /** {@code .<name>.<1 to 16 lowercase hex digits>.tmp}, as {@code AtomicFiles} names them. */
  private static final Pattern TEMP = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

  @TempDir Path tmp;

  private static List<String> java(List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m",
        "-cp", System.getProperty("java.class.path"), "io.liquid4j.cli.Main"));
    command.addAll(args);
    return command;
  }

  private static Process start(Path dir, List<String> args) throws IOException {
    return new ProcessBuilder(java(args))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }

  /** Runs to the end and returns the wall time in nanoseconds; fails on a non-zero exit. */
  private static long runToEnd(Path dir, List<String> args) throws Exception {
    long t0 = System.nanoTime();
    Process p = start(dir, args);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail("child did not finish in 120 s: " + args);
    }
    long elapsed = System.nanoTime() - t0;
    String log = Files.readString(dir.resolve("child.log"));
    Files.delete(dir.resolve("child.log"));
    assertEquals(0, p.exitValue(), "exit code of " + args + ": " + log);
    return elapsed;
  }

  /**
   * Starts the child, sends SIGKILL after {@code delayNanos} and waits for it to die.
   *
   * @return whether the child was still running when killed
   */
  private static boolean killAfter(Path dir, List<String> args, long delayNanos)
      throws Exception {
    Process p = start(dir, args);
    long until = System.nanoTime() + delayNanos;
    long left;
    while ((left = until - System.nanoTime()) > 0 && p.isAlive()) {
      p.waitFor(left, TimeUnit.NANOSECONDS);
    }
    boolean alive = p.isAlive();
    p.destroyForcibly(); // SIGKILL on Linux
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      fail("killed child did not die in 30 s");
    }
    Files.deleteIfExists(dir.resolve("child.log"));
    return alive;
  }

  /**
   * Starts the child and sends SIGKILL {@code extraNanos} after the {@code k}-th distinct
   * temporary file of liquid4j's naming is seen in {@code dir} (polled), so that kills land while
   * outputs and checkpoints are being written or renamed; a temporary file that lives shorter than
   * one poll may be missed.
   *
   * @return whether the child was still running when killed
   */
  private static boolean killWhileWriting(Path dir, List<String> args, int k, long extraNanos)
      throws Exception {
    Process p = start(dir, args);
    Set<String> seen = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (p.isAlive() && seen.size() < k && System.nanoTime() < deadline) {
      seen.addAll(temporaries(dir));
      Thread.onSpinWait();
    }
    long until = System.nanoTime() + extraNanos;
    while (p.isAlive() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    boolean alive = p.isAlive();
    p.destroyForcibly(); // SIGKILL on Linux
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      fail("killed child did not die in 30 s");
    }
    Files.deleteIfExists(dir.resolve("child.log"));
    return alive;
  }

  /** The files in {@code dir} named like liquid4j's temporary files. */
  private static List<String> temporaries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> TEMP.matcher(n).matches())
          .sorted()
          .toList();
    }
  }

  /**
   * Asserts that {@code target} is absent (when {@code before} is null), holds {@code before}
   * unchanged, or holds the complete {@code reference}.
   */
  private static void assertNoPartial(String trial, Path target, byte[] before, byte[] reference)
      throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      assertEquals(null, before, trial + ": " + target.getFileName()
          + " existed before the run and is gone after the kill");
      return;
    }
    assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS), trial + ": " + target);
    byte[] now = Files.readAllBytes(target);
    if (before != null && Arrays.equals(now, before)) {
      return;
    }
    if (!Arrays.equals(now, reference)) {
      fail(trial + ": " + target.getFileName() + " after the kill is neither "
          + (before == null ? "absent" : "its old content") + " nor an uninterrupted run's ("
          + now.length + " bytes, the complete file has " + reference.length + ")");
    }
  }

  private static long delay(SplittableRandom random, long durationNanos) {
    return random.nextLong(durationNanos + 1);
  }

  @Test
  void predictKilledAtRandomMomentsLeavesNoPartialOutputAndNoStaleTemporary() throws Exception {
    // The shipped example input tiled to a larger batch, so that writing the outputs takes a
    // noticeable part of the run and kills land inside it too.
    Path home = Path.of(System.getProperty("liquid4j.home")).toAbsolutePath().normalize();
    Path model = home.resolve("examples/ltc-autoncp16/model.safetensors");
    NpyArray example = Npy.read(home.resolve("examples/ltc-autoncp16/input.npy"));
    int copies = 1000;
    int[] shape = example.shape().clone();
    double[] tiled = new double[example.size() * copies];
    for (int c = 0; c < copies; c++) {
      System.arraycopy(example.data(), 0, tiled, c * example.size(), example.size());
    }
    shape[0] *= copies;
    Path input = tmp.resolve("input.npy");
    Npy.writeFloat32(input, shape, tiled, false);

    Path ref = Files.createDirectory(tmp.resolve("reference"));
    List<String> args = List.of("predict", "--model", model.toString(), "--input",
        input.toString(), "--output", "y.npy", "--final-state", "h.npy");
    long duration = runToEnd(ref, args);
    byte[] refY = Files.readAllBytes(ref.resolve("y.npy"));
    byte[] refH = Files.readAllBytes(ref.resolve("h.npy"));
    assertEquals(List.of(), temporaries(ref));

    SplittableRandom random = new SplittableRandom(16);
    int killedWhileRunning = 0;
    int leftTemporaries = 0;
    for (int i = 0; i < TRIALS; i++) {
      long delay = delay(random, duration);
      int k = 1 + random.nextInt(2);
      long extra = random.nextLong(2_000_000);
      String trial = (i & 2) == 0
          ? String.format(Locale.ROOT, "predict trial %d (kill after %.3f s of %.3f s)", i,
              delay / 1e9, duration / 1e9)
          : String.format(Locale.ROOT, "predict trial %d (kill %.3f ms after temporary file %d)",
              i, extra / 1e6, k);
      Path dir = Files.createDirectory(tmp.resolve("predict-" + i));
      // Every other trial replaces existing outputs (--force): they must stay old or be complete.
      boolean existing = i % 2 == 1;
      byte[] oldY = existing ? ("old predictions " + i).getBytes(StandardCharsets.UTF_8) : null;
      byte[] oldH = existing ? ("old state " + i).getBytes(StandardCharsets.UTF_8) : null;
      List<String> run = new ArrayList<>(args);
      if (existing) {
        Files.write(dir.resolve("y.npy"), oldY);
        Files.write(dir.resolve("h.npy"), oldH);
        run.add("--force");
      }
      // Trials 0, 1 of every 4 kill after a delay drawn in [0, one run's duration]; trials 2, 3
      // kill within 2 ms of seeing the k-th temporary file (y.npy and h.npy: k = 1 to 2).
      boolean alive = (i & 2) == 0
          ? killAfter(dir, run, delay)
          : killWhileWriting(dir, run, k, extra);
      if (alive) {
        killedWhileRunning++;
      }
      if (!temporaries(dir).isEmpty()) {
        leftTemporaries++;
      }
      assertNoPartial(trial, dir.resolve("y.npy"), oldY, refY);
      assertNoPartial(trial, dir.resolve("h.npy"), oldH, refH);

      // The next run: --force only where an output is there (else the plain command).
      List<String> next = new ArrayList<>(args);
      if (Files.exists(dir.resolve("y.npy")) || Files.exists(dir.resolve("h.npy"))) {
        next.add("--force");
      }
      runToEnd(dir, next);
      assertArrayEquals(refY, Files.readAllBytes(dir.resolve("y.npy")), trial);
      assertArrayEquals(refH, Files.readAllBytes(dir.resolve("h.npy")), trial);
      assertEquals(List.of(), temporaries(dir),
          trial + ": stale temporary files after the next run");
    }
    System.out.printf(Locale.ROOT, "KillTest predict: run %.3f s, %d of %d killed while running,"
        + " %d left a temporary file%n", duration / 1e9, killedWhileRunning, TRIALS,
        leftTemporaries);
    assertTrue(killedWhileRunning >= TRIALS / 4, "only " + killedWhileRunning + " of " + TRIALS
        + " predict runs were still running when killed");
  }

  private static String csv() {
    StringBuilder csv = new StringBuilder("signal,noise,label\n");
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      double s = Math.sin(i / 5.0);
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", s, r.nextDouble(-0.1, 0.1),
          s > 0 ? 1 : 0));
    }
    return csv.toString();
  }

  @Test
  void trainKilledAtRandomMomentsResumesToTheSameModelBytes() throws Exception {
    Path data = tmp.resolve("series.csv");
    Files.writeString(data, csv());
    List<String> args = List.of("train", "--data", data.toString(), "--features", "signal,noise",
        "--target", "label", "--window", "10", "--model", "ltc", "--units", "4", "--epochs", "4",
        "--batch", "4", "--threads", "1", "--quiet", "--output", "m.safetensors",
        "--checkpoint", "c.ckpt");

    Path ref = Files.createDirectory(tmp.resolve("reference"));
    long duration = runToEnd(ref, args);
    byte[] refModel = Files.readAllBytes(ref.resolve("m.safetensors"));
    assertEquals(List.of(), temporaries(ref));

    SplittableRandom random = new SplittableRandom(61);
    int killedWhileRunning = 0;
    int leftTemporaries = 0;
    for (int i = 0; i < TRIALS; i++) {
      long delay = delay(random, duration);
      int k = 1 + random.nextInt(5);
      long extra = random.nextLong(2_000_000);
      String trial = (i & 2) == 0
          ? String.format(Locale.ROOT, "train trial %d (kill after %.3f s of %.3f s)", i,
              delay / 1e9, duration / 1e9)
          : String.format(Locale.ROOT, "train trial %d (kill %.3f ms after temporary file %d)",
              i, extra / 1e6, k);
      Path dir = Files.createDirectory(tmp.resolve("train-" + i));
      // Every other trial replaces an existing model file (--force).
      boolean existing = i % 2 == 1;
      byte[] oldModel = existing ? ("old model " + i).getBytes(StandardCharsets.UTF_8) : null;
      List<String> run = new ArrayList<>(args);
      if (existing) {
        Files.write(dir.resolve("m.safetensors"), oldModel);
        run.add("--force");
      }
      // Trials 0, 1 of every 4 kill after a delay drawn in [0, one run's duration]; trials 2, 3
      // kill within 2 ms of seeing the k-th temporary file (4 checkpoints, then the model:
      // k = 1 to 5).
      boolean alive = (i & 2) == 0
          ? killAfter(dir, run, delay)
          : killWhileWriting(dir, run, k, extra);
      if (alive) {
        killedWhileRunning++;
      }
      if (!temporaries(dir).isEmpty()) {
        leftTemporaries++;
      }
      assertNoPartial(trial, dir.resolve("m.safetensors"), oldModel, refModel);

      // Resume; --force only where the model file is there (else the plain command).
      List<String> resume = new ArrayList<>(args);
      resume.add("--resume");
      if (Files.exists(dir.resolve("m.safetensors"))) {
        resume.add("--force");
      }
      runToEnd(dir, resume);
      byte[] resumed = Files.readAllBytes(dir.resolve("m.safetensors"));
      assertArrayEquals(refModel, resumed, trial + ": the resumed model differs from an"
          + " uninterrupted run's");
      assertEquals(List.of(), temporaries(dir), trial + ": stale temporary files after the resume");
    }
    System.out.printf(Locale.ROOT, "KillTest train: run %.3f s, %d of %d killed while running,"
        + " %d left a temporary file%n", duration / 1e9, killedWhileRunning, TRIALS,
        leftTemporaries);
    assertTrue(killedWhileRunning >= TRIALS / 4, "only " + killedWhileRunning + " of " + TRIALS
        + " train runs were still running when killed");
  }
}
