package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, case 4: {@code train --resume} with other data, windows, split, model, optimizer or
 * seed is refused with one line naming the option, and the checkpoint is left byte for byte as it
 * was; with nothing changed the resumed run writes the model an uninterrupted run writes.
 */
class ResumeCliTest {
  @TempDir Path tmp;

  private static String csv(long seed) {
    StringBuilder csv = new StringBuilder("signal,noise,label\n");
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 240; i++) {
      double s = Math.sin(i / 5.0);
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", s, r.nextDouble(-0.1, 0.1),
          s > 0 ? 1 : 0));
    }
    return csv.toString();
  }

  private List<String> base(Path data, Path ckpt, Path output, int epochs) {
    return new ArrayList<>(List.of("train", "--data", data.toString(), "--features",
        "signal,noise", "--target", "label", "--window", "10", "--model", "cfc", "--units", "4",
        "--epochs", Integer.toString(epochs), "--quiet", "--output", output.toString(),
        "--checkpoint", ckpt.toString()));
  }

  /** Runs {@code args} with each option of {@code more} replaced, or added when absent. */
  private static CliTest.Result run(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    for (int i = 0; i < more.length; i++) {
      int at = all.indexOf(more[i]);
      boolean valued = i + 1 < more.length && !more[i + 1].startsWith("--");
      if (at >= 0 && valued) {
        all.set(at + 1, more[++i]);
      } else {
        all.add(more[i]);
        if (valued) {
          all.add(more[++i]);
        }
      }
    }
    return CliTest.run(all.toArray(String[]::new));
  }

  @Test
  void resumingACsvRunWithAnythingChangedIsRefusedNamingTheOption() throws IOException {
    Path data = tmp.resolve("series.csv");
    Files.writeString(data, csv(1));
    Path other = tmp.resolve("other.csv");
    Files.writeString(other, csv(2));
    Path ckpt = tmp.resolve("c.ckpt");
    CliTest.Result first = run(base(data, ckpt, tmp.resolve("m1"), 1));
    assertEquals(0, first.code(), first.err());
    byte[] written = Files.readAllBytes(ckpt);

    List<String> resume = base(data, ckpt, tmp.resolve("m2"), 2);
    resume.add("--resume");
    List<String> otherData = new ArrayList<>(resume);
    otherData.set(otherData.indexOf(data.toString()), other.toString());
    String[][] cases = {
        {"--data", "fingerprint"},
        {"--window", "10 then, 8 now"},
        {"--stride", "10 then, 5 now"},
        {"--test", "0.15 then, 0.2 now"},
        {"--validation", "0.1 then, 0.2 now"},
        {"--units", "4 then, 5 now"},
        {"optimizer adam(", "now sgd("},
        {"--seed", "1 then, 2 now"},
    };
    List<CliTest.Result> results = List.of(
        run(otherData),
        run(resume, "--window", "8"),
        run(resume, "--stride", "5"),
        run(resume, "--test", "0.2"),
        run(resume, "--validation", "0.2"),
        run(resume, "--units", "5"),
        run(resume, "--optimizer", "sgd"),
        run(resume, "--seed", "2"));
    for (int i = 0; i < cases.length; i++) {
      List<String> parts = new ArrayList<>(List.of(cases[i]));
      parts.add(ckpt.toString());
      CliTest.assertOneLineError(results.get(i), parts.toArray(String[]::new));
      assertArrayEquals(written, Files.readAllBytes(ckpt), "checkpoint changed by " + cases[i][0]);
      assertEquals(false, Files.exists(tmp.resolve("m2")), cases[i][0]);
    }

    // The same contents under another name are the same data.
    Path copy = tmp.resolve("copy.csv");
    Files.copy(data, copy);
    List<String> renamed = new ArrayList<>(resume);
    renamed.set(renamed.indexOf(data.toString()), copy.toString());
    CliTest.Result resumed = run(renamed);
    assertEquals(0, resumed.code(), resumed.err());
    CliTest.Result straight = run(base(data, tmp.resolve("s.ckpt"), tmp.resolve("m3"), 2));
    assertEquals(0, straight.code(), straight.err());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("m3")), Files.readAllBytes(tmp.resolve("m2")));
  }

  @Test
  void resumingAnArrayRunWithOtherArraysIsRefusedNamingTheArray() throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    int n = 24;
    int l = 6;
    double[] x = new double[n * l * 2];
    double[] y = new double[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble(-1, 1);
    }
    for (int b = 0; b < n; b++) {
      y[b] = x[(b * l + l - 1) * 2] > 0 ? 1 : 0;
    }
    Path xs = tmp.resolve("x.npy");
    Path ys = tmp.resolve("y.npy");
    Npy.writeFloat32(xs, new int[] {n, l, 2}, x, false);
    Npy.writeFloat64(ys, new int[] {n}, y, false);
    x[5] += 0.5;
    Path xs2 = tmp.resolve("x2.npy");
    Npy.writeFloat32(xs2, new int[] {n, l, 2}, x, false);
    Path ckpt = tmp.resolve("a.ckpt");
    List<String> args = new ArrayList<>(List.of("train", "--inputs", xs.toString(), "--targets",
        ys.toString(), "--task", "classification", "--model", "cfc", "--units", "4", "--epochs",
        "1", "--quiet", "--output", tmp.resolve("m").toString(), "--checkpoint",
        ckpt.toString()));
    CliTest.Result first = run(args);
    assertEquals(0, first.code(), first.err());
    byte[] written = Files.readAllBytes(ckpt);
    args.set(args.indexOf(xs.toString()), xs2.toString());
    args.set(args.indexOf("1"), "2");
    CliTest.assertOneLineError(run(args, "--resume", "--force"), "--inputs", "fingerprint",
        ckpt.toString());
    assertArrayEquals(written, Files.readAllBytes(ckpt));
  }
}
