package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.tune.Tuner;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** liquid4j tune: the search end to end on a tiny CSV series with one epoch per candidate. */
class TuneCliTest {
  @TempDir Path tmp;

  private static final String GRID = "{\"models\": [\"ctrnn\", \"lstm\"], \"units\": [3],"
      + " \"epochs\": [1], \"batch_sizes\": [8], \"learning_rates\": [0.02]}";

  /** A series whose label follows the sign of feature a, windows of 8 rows. */
  private Path series(String name, long seed, int rows) throws Exception {
    SplittableRandom rng = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder("a,b,label\n");
    for (int i = 0; i < rows; i++) {
      double a = (i / 8 % 2 == 0 ? 0.8 : -0.8) + rng.nextGaussian();
      sb.append(String.format(Locale.ROOT, "%.5f,%.5f,%d%n", a, rng.nextGaussian(),
          i / 8 % 2 == 0 ? 1 : 0));
    }
    Path p = tmp.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  private List<String> args(Path out, String... more) throws Exception {
    List<String> a = new ArrayList<>(List.of("tune", "--grid", GRID, "--data",
        series("train.csv", 1, 320).toString(), "--features", "a,b", "--target", "label",
        "--window", "8", "--last-step", "--validation-data",
        series("valid.csv", 2, 96).toString(), "--final-seeds", "1,2", "--threads", "1",
        "--output", out.toString()));
    a.addAll(List.of(more));
    return a;
  }

  private static String line(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(none)");
  }

  @Test
  void searchesWritesTheTablesAndChartAndResumes() throws Exception {
    Path out = tmp.resolve("out");
    List<String> a = args(out, "--test-data", series("test.csv", 3, 96).toString());
    CliTest.Result r = CliTest.run(a.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("2 candidates; 40 train, 12 validation, 12 test sequences"),
        r.out());
    assertTrue(r.out().contains("chosen: candidate "), r.out());
    assertTrue(r.out().contains("test accuracy "), r.out());
    List<String> table = Files.readAllLines(out.resolve(Tuner.CANDIDATES_CSV));
    assertEquals(3, table.size());
    assertEquals(Tuner.Search.HEADER, table.get(0));
    assertTrue(table.get(1).startsWith("0,ctrnn,3,0.02,default,1,8,adam,1,"), table.get(1));
    assertTrue(table.get(2).startsWith("1,lstm,3,0.02,default,1,8,adam,1,"), table.get(2));
    assertEquals(1, table.stream().filter(l -> l.endsWith(",true")).count());
    assertEquals(3, Files.readAllLines(out.resolve(Tuner.FINAL_CSV)).size());
    BufferedImage chart = ImageIO.read(out.resolve("candidates.png").toFile());
    assertTrue(chart.getWidth() > 100, "a picture");

    // the same command again: every run read from the records, the same tables
    String csv = Files.readString(out.resolve(Tuner.CANDIDATES_CSV));
    String fin = Files.readString(out.resolve(Tuner.FINAL_CSV));
    CliTest.Result again = CliTest.run(a.toArray(String[]::new));
    assertEquals(0, again.code(), again.err());
    assertEquals(4, again.out().lines().filter(l -> l.endsWith("(recorded)")).count(),
        again.out());
    assertEquals(csv, Files.readString(out.resolve(Tuner.CANDIDATES_CSV)));
    assertEquals(fin, Files.readString(out.resolve(Tuner.FINAL_CSV)));
    assertEquals(line(r.out(), "chosen:"), line(again.out(), "chosen:"));

    // sweep-chart draws the table too: one format
    CliTest.Result drawn = CliTest.run("sweep-chart", "--table",
        out.resolve(Tuner.CANDIDATES_CSV).toString(), "--figure", "validation_metric",
        "--output", tmp.resolve("again.svg").toString());
    assertEquals(0, drawn.code(), drawn.err());

    // another grid in the same folder is refused in one line naming --grid
    List<String> other = args(out, "--test-data", series("test.csv", 3, 96).toString());
    other.set(other.indexOf(GRID), GRID.replace("[3]", "[4]"));
    CliTest.assertOneLineError(CliTest.run(other.toArray(String[]::new)), "--output",
        "--grid differs");
  }

  /** The table without its seconds column, which is the only one that differs between runs. */
  private static List<String> withoutSeconds(Path csv) throws Exception {
    return Files.readAllLines(csv).stream().map(l -> {
      String[] c = l.split(",", -1);
      c[13] = "";
      return String.join(",", c);
    }).toList();
  }

  @Test
  void aSearchKilledWithSigkillResumesToTheTableOfAWholeRun() throws Exception {
    String grid = GRID.replace("[0.02]", "[0.02, 0.005]");
    List<String> whole = args(tmp.resolve("whole"));
    whole.set(whole.indexOf(GRID), grid);
    assertEquals(0, CliTest.run(whole.toArray(String[]::new)).code());

    Path out = tmp.resolve("killed");
    List<String> a = args(out);
    a.set(a.indexOf(GRID), grid);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.liquid4j.cli.Main"));
    command.addAll(a);
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile()).start();
    Path records = out.resolve("candidates");
    long deadline = System.nanoTime() + 300_000_000_000L;
    boolean killed = false;
    while (child.isAlive() && System.nanoTime() < deadline) {
      try (var files = Files.exists(records) ? Files.list(records)
          : java.util.stream.Stream.<Path>empty()) {
        if (files.filter(f -> f.getFileName().toString().startsWith("candidate-")).count() >= 1) {
          child.destroyForcibly().waitFor();
          killed = true;
          break;
        }
      }
      Thread.sleep(2);
    }
    child.waitFor();
    assertTrue(killed, "the child was killed after its first recorded candidate");
    CliTest.Result resumed = CliTest.run(a.toArray(String[]::new));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("(recorded)"), resumed.out());
    assertEquals(withoutSeconds(tmp.resolve("whole").resolve(Tuner.CANDIDATES_CSV)),
        withoutSeconds(out.resolve(Tuner.CANDIDATES_CSV)));
  }

  @Test
  void anotherTestSetDoesNotChangeTheChoice() throws Exception {
    CliTest.Result a = CliTest.run(args(tmp.resolve("a"), "--test-data",
        series("testA.csv", 3, 96).toString()).toArray(String[]::new));
    CliTest.Result b = CliTest.run(args(tmp.resolve("b"), "--test-data",
        series("testB.csv", 4, 160).toString()).toArray(String[]::new));
    assertEquals(0, a.code(), a.err());
    assertEquals(0, b.code(), b.err());
    assertEquals(line(a.out(), "chosen:"), line(b.out(), "chosen:"));
    assertNotEquals(line(a.out(), "test accuracy"), line(b.out(), "test accuracy"),
        "the final step did score each test set (12 vs 20 sequences)");
  }

  @Test
  void badOptionsAreOneLineErrors() throws Exception {
    Path out = tmp.resolve("bad");
    List<String> a = args(out);
    a.set(a.indexOf(GRID), "{\"units\": [0]}");
    CliTest.assertOneLineError(CliTest.run(a.toArray(String[]::new)), "--grid",
        "units must be >= 1, got 0");
    a = args(out);
    a.set(a.indexOf(GRID), "{\"layers\": [2]}");
    CliTest.assertOneLineError(CliTest.run(a.toArray(String[]::new)), "--grid",
        "unknown key 'layers'");
    CliTest.assertOneLineError(CliTest.run(args(out, "--random", "0").toArray(String[]::new)),
        "--random", "0");
    CliTest.assertOneLineError(CliTest.run(args(out, "--metric", "mse", "--test-data",
        series("t.csv", 3, 96).toString()).toArray(String[]::new)), "--metric", "mse");
  }

  @Test
  void datasetOptionsAreOneLineErrors() throws Exception {
    Path out = tmp.resolve("ds");
    CliTest.assertOneLineError(CliTest.run("tune", "--grid", GRID, "--dataset", "mnist",
        "--output", out.toString()), "--dataset", "expected one of occupancy, gesture, ozone,"
        + " traffic, xor, got 'mnist'");
    CliTest.assertOneLineError(CliTest.run("tune", "--grid", GRID, "--dataset", "ozone",
        "--data", series("d.csv", 1, 64).toString(), "--output", out.toString()),
        "--dataset and --data exclude each other");
    CliTest.assertOneLineError(CliTest.run("tune", "--grid", GRID, "--dataset", "ozone",
        "--validation", "0.2", "--output", out.toString()), "--dataset",
        "its own validation and test sets");
    CliTest.assertOneLineError(CliTest.run("tune", "--grid", GRID, "--dataset", "ozone",
        "--datasets", tmp.resolve("nowhere").toString(), "--output", out.toString()),
        "--datasets", "no folder");
    CliTest.assertOneLineError(CliTest.run("tune", "--grid", "{\"drop_last\": [2]}",
        "--dataset", "ozone", "--output", out.toString()), "--grid",
        "'drop_last': expected true or false");
    CliTest.assertOneLineError(CliTest.run("tune", "--grid", GRID, "--dataset", "ozone",
        "--features", "a", "--output", out.toString()), "--features applies to --data (CSV),"
        + " not to --dataset");
  }

  @Test
  void selectChoosesByTheGivenScoreAndAResumeWithAnotherIsRefused() throws Exception {
    Path out = tmp.resolve("f1");
    CliTest.Result r = CliTest.run(args(out, "--select", "f1").toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(line(r.out(), "candidate 1/2").contains("validation f1"), r.out());
    CliTest.assertOneLineError(CliTest.run(args(out).toArray(String[]::new)), "--select",
        "differs from the search recorded");
    CliTest.assertOneLineError(CliTest.run(args(tmp.resolve("x"), "--select", "auc")
        .toArray(String[]::new)), "--select: expected accuracy, f1 or loss, got 'auc'");
    CliTest.assertOneLineError(CliTest.run("tune", "--grid", GRID, "--dataset", "ozone",
        "--select", "f1", "--output", tmp.resolve("ds").toString()),
        "--select: --dataset ozone selects by its protocol's score");
  }

  @Test
  void csvOptionsWithArraysAreRefusedNotIgnored() throws Exception {
    Path x = tmp.resolve("x.npy");
    Path y = tmp.resolve("y.npy");
    io.liquid4j.io.Npy.writeFloat32(x, new int[] {8, 4, 2}, new double[64], false);
    io.liquid4j.io.Npy.writeFloat32(y, new int[] {8}, new double[8], false);
    CliTest.assertOneLineError(CliTest.run("tune", "--grid", GRID, "--inputs", x.toString(),
        "--targets", y.toString(), "--window", "4", "--output", tmp.resolve("arr").toString()),
        "--window applies to --data (CSV), not to --inputs arrays");
  }
}
