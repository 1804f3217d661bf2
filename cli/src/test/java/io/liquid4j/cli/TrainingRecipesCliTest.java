package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: {@code train}'s recipe options (--l2, --clip-tensor-norm, --schedule-per, --drop-last,
 * --time-budget) reach the trainer, a run stopped by its time budget resumes to the weights of an
 * uninterrupted one, and bad values name the option.
 */
class TrainingRecipesCliTest {
  @TempDir Path tmp;
  private Path data;

  @BeforeEach
  void writeData() throws Exception {
    StringBuilder csv = new StringBuilder("signal,label\n");
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 210; i++) {
      double s = Math.sin(i / 4.0) + r.nextDouble(-0.1, 0.1);
      csv.append(String.format(Locale.ROOT, "%.4f,%d%n", s, s > 0 ? 1 : 0));
    }
    data = tmp.resolve("series.csv");
    Files.writeString(data, csv);
  }

  private CliTest.Result train(String output, String... options) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(),
        "--features", "signal", "--target", "label", "--window", "8", "--model", "cfc",
        "--units", "4", "--lr", "0.05", "--threads", "1", "--quiet", "--output",
        tmp.resolve(output).toString()));
    args.addAll(List.of(options));
    if (!args.contains("--epochs")) {
      args.addAll(List.of("--epochs", "3"));
    }
    if (!args.contains("--batch")) {
      args.addAll(List.of("--batch", "4"));
    }
    return CliTest.run(args.toArray(String[]::new));
  }

  private double[] weights(String output) throws Exception {
    return ModelFile.load(tmp.resolve(output)).parameters();
  }

  @Test
  void eachRecipeOptionChangesTheTrainingAndRepeatsExactly() throws Exception {
    assertEquals(0, train("plain.model").code());
    String[][] variants = {
        {"--l2", "0.05"}, {"--clip-tensor-norm", "0.01"},
        {"--schedule", "exponential:0.8", "--schedule-per", "batch"}, {"--drop-last"}};
    for (int i = 0; i < variants.length; i++) {
      CliTest.Result r = train("v" + i + ".model", variants[i]);
      assertEquals(0, r.code(), r.err());
      CliTest.Result again = train("w" + i + ".model", variants[i]);
      assertEquals(0, again.code(), again.err());
      assertArrayEquals(weights("v" + i + ".model"), weights("w" + i + ".model"), 0.0);
      assertFalse(Arrays.equals(weights("plain.model"), weights("v" + i + ".model")),
          String.join(" ", variants[i]));
    }
    // Per batch is not per epoch.
    assertEquals(0, train("epoch.model", "--schedule", "exponential:0.8").code());
    assertFalse(Arrays.equals(weights("epoch.model"), weights("v2.model")));
  }

  @Test
  void aRunStoppedByItsTimeBudgetResumesToTheUninterruptedWeights() throws Exception {
    String[] recipe = {"--l2", "0.001", "--clip-tensor-norm", "0.5", "--schedule",
        "exponential:0.9", "--schedule-per", "batch", "--drop-last"};
    CliTest.Result straight = train("straight.model", recipe);
    assertEquals(0, straight.code(), straight.err());

    Path ckpt = tmp.resolve("run.ckpt");
    List<String> cut = new ArrayList<>(List.of(recipe));
    cut.addAll(List.of("--checkpoint", ckpt.toString(), "--time-budget", "1e-9"));
    CliTest.Result stopped = train("cut.model", cut.toArray(String[]::new));
    assertEquals(0, stopped.code(), stopped.err());
    assertTrue(stopped.out().contains("Stopped by --time-budget after 0 whole epochs"),
        stopped.out());
    assertFalse(Arrays.equals(weights("straight.model"), weights("cut.model")));

    // The first epoch was cut short, so no checkpoint exists yet: --resume starts afresh.
    List<String> resume = new ArrayList<>(List.of(recipe));
    resume.addAll(List.of("--checkpoint", ckpt.toString(), "--resume", "--epochs", "1"));
    CliTest.Result first = train("first.model", resume.toArray(String[]::new));
    assertEquals(0, first.code(), first.err());
    resume.set(resume.size() - 1, "3");
    CliTest.Result rest = train("resumed.model", resume.toArray(String[]::new));
    assertEquals(0, rest.code(), rest.err());
    assertArrayEquals(weights("straight.model"), weights("resumed.model"), 0.0);

    // The checkpoint holds the recipe: resuming without --l2 is refused, naming it.
    List<String> other = new ArrayList<>(List.of("--clip-tensor-norm", "0.5", "--schedule",
        "exponential:0.9", "--schedule-per", "batch", "--drop-last", "--checkpoint",
        ckpt.toString(), "--resume", "--epochs", "4"));
    CliTest.assertOneLineError(train("other.model", other.toArray(String[]::new)), "--l2",
        "differs");
  }

  @Test
  void selectNamesTheScoreEachEpochIsJudgedBy() {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(),
        "--features", "signal", "--target", "label", "--window", "8", "--model", "cfc",
        "--units", "4", "--epochs", "2", "--threads", "1", "--select", "f1", "--output",
        tmp.resolve("f1.model").toString()));
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().filter(l -> l.startsWith("epoch ")).allMatch(
        l -> l.contains("validation f1 ")), r.out());
    CliTest.assertOneLineError(train("x", "--select", "auc"),
        "--select: expected accuracy, f1 or loss, got 'auc'");
    CliTest.assertOneLineError(train("x", "--select", "f1", "--task", "regression"),
        "--select: f1 scores classes, but the task is regression; select by loss");
  }

  @Test
  void badValuesNameTheOption() {
    CliTest.assertOneLineError(train("x", "--l2", "-1"), "--l2", "-1.0");
    CliTest.assertOneLineError(train("x", "--l2", "NaN"), "--l2");
    CliTest.assertOneLineError(train("x", "--clip-tensor-norm", "-2"), "--clip-tensor-norm");
    CliTest.assertOneLineError(train("x", "--schedule-per", "fortnight"), "--schedule-per",
        "batch or epoch", "fortnight");
    CliTest.assertOneLineError(train("x", "--schedule", "plateau", "--schedule-per", "batch"),
        "--schedule-per", "plateau");
    CliTest.assertOneLineError(train("x", "--time-budget", "0"), "--time-budget");
    CliTest.assertOneLineError(train("x", "--time-budget", "-3"), "--time-budget");
    CliTest.assertOneLineError(train("x", "--time-budget", "abc"), "--time-budget");
    CliTest.assertOneLineError(train("x", "--drop-last", "--batch", "100000"), "--drop-last");
    assertFalse(Files.exists(tmp.resolve("x")));
  }
}
