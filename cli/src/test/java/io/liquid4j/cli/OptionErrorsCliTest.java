package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, cases 8 and 9: a bad value of a numeric option is one line that starts with the
 * option as spelled on the command line, never the library's internal field name.
 */
class OptionErrorsCliTest {
  @TempDir Path tmp;
  private Path data;

  @BeforeEach
  void csv() throws Exception {
    StringBuilder csv = new StringBuilder("signal,label\n");
    for (int i = 0; i < 200; i++) {
      csv.append(Math.sin(i / 5.0)).append(',').append(i % 10 < 5 ? 1 : 0).append('\n');
    }
    data = tmp.resolve("series.csv");
    Files.writeString(data, csv);
  }

  /** Each row: the option's arguments (space-separated) and the option the error must start with. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--units 0|--units",
    "--units -3|--units",
    "--epochs 0|--epochs",
    "--batch 0|--batch",
    "--lr 0|--lr",
    "--lr -1|--lr",
    "--lr NaN|--lr",
    "--clip-norm -1|--clip-norm",
    "--patience -1|--patience",
    "--validation 2|--validation",
    "--validation -0.1|--validation",
    "--test 2|--test",
    "--validation 0.6 --test 0.6|--validation",
    "--window 0|--window",
    "--stride 0|--stride",
    "--threads 0|--threads",
    "--class-weights 1,-1|--class-weights",
    "--betas 1.5,0.9|--betas",
    "--eps -1|--eps",
    "--weight-decay -1|--weight-decay",
    "--optimizer sgd --momentum -1|--momentum",
    "--time-unit 0s --timestamp signal|--time-unit",
    "--time-unit PT0S --timestamp signal|--time-unit",
    "--schedule step:0|--schedule",
    "--schedule exponential:-1|--schedule",
    "--schedule plateau:-1|--schedule",
    "--model-spec {\"model\":\"ltc\",\"units\":4,\"ode_unfolds\":0}|--model-spec",
    "--model-spec {\"model\":\"cfc\",\"units\":0}|--model-spec",
    "--model-spec {\"model\":\"ltc\",\"units\":4,\"solver\":\"dopri5\",\"rtol\":1e-300}|--model-spec",
  })
  void trainNamesTheOption(String args, String option) {
    List<String> command = new ArrayList<>(List.of("train", "--data", data.toString(),
        "--features", "signal", "--target", "label", "--quiet", "--output",
        tmp.resolve("m.safetensors").toString()));
    List<String> given = List.of(args.split(" "));
    for (String small : List.of("--units 4", "--epochs 1")) {
      if (!given.contains(small.split(" ")[0])
          && !(small.startsWith("--units") && given.contains("--model-spec"))) {
        command.addAll(List.of(small.split(" ")));
      }
    }
    command.addAll(given);
    CliTest.Result r = CliTest.run(command.toArray(String[]::new));
    CliTest.assertOneLineError(r, option);
    String first = r.err().lines().findFirst().orElseThrow();
    assertTrue(first.startsWith("liquid4j: error: " + option), first);
    assertTrue(r.err().lines().count() <= 2, r.err());
    assertTrue(!Files.exists(tmp.resolve("m.safetensors")), "no model written");
  }

  @ParameterizedTest
  @CsvSource({"0", "-2"})
  void evaluateNamesThreads(String threads) {
    CliTest.Result r = CliTest.run("evaluate", "--model", tmp.resolve("absent.safetensors")
        .toString(), "--data", data.toString(), "--threads", threads);
    CliTest.assertOneLineError(r);
    assertTrue(r.err().startsWith("liquid4j: error: --threads: expected a whole number >= 1, got "
        + threads), r.err());
  }

  @org.junit.jupiter.api.Test
  void aDirectoryAsDataIsNamed() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("dir.csv"));
    CliTest.Result train = CliTest.run("train", "--data", dir.toString(), "--features", "signal",
        "--target", "label", "--output", tmp.resolve("m.safetensors").toString());
    CliTest.assertOneLineError(train, dir.toString(), "a directory");
    assertTrue(!Files.exists(tmp.resolve("m.safetensors")));
  }

  @org.junit.jupiter.api.Test
  void modelSpecWithARepeatedKeyOrImpossibleToleranceIsRefused() {
    List<String> base = List.of("train", "--data", data.toString(), "--features", "signal",
        "--target", "label", "--epochs", "1", "--quiet", "--output",
        tmp.resolve("m.safetensors").toString(), "--model-spec");
    List<String> repeated = new ArrayList<>(base);
    repeated.add("{\"model\": \"cfc\", \"units\": 4, \"units\": 8}");
    CliTest.assertOneLineError(CliTest.run(repeated.toArray(String[]::new)), "--model-spec",
        "units", "line 1");
    List<String> huge = new ArrayList<>(base);
    huge.add("{\"model\": \"" + "z".repeat(1_000_000) + "\"}");
    CliTest.Result r = CliTest.run(huge.toArray(String[]::new));
    CliTest.assertOneLineError(r, "--model-spec", "(1000000 characters)");
    assertTrue(r.err().length() < 1000, () -> r.err().substring(0, 1000));
  }

  @org.junit.jupiter.api.Test
  void aDirectoryAsModelInputOrEvaluationDataIsNamed() throws Exception {
    Path example = Path.of(System.getProperty("liquid4j.home"), "examples", "ltc-autoncp16");
    Path model = example.resolve("model.safetensors");
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    String out = tmp.resolve("p.npy").toString();
    CliTest.assertOneLineError(CliTest.run("predict", "--model", dir.toString(), "--input",
        example.resolve("input.npy").toString(), "--output", out), dir.toString(), "directory");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--input",
        dir.toString(), "--output", out), dir.toString(), "directory");
    assertTrue(!Files.exists(tmp.resolve("p.npy")));
    Path trained = tmp.resolve("csv.safetensors");
    CliTest.Result t = CliTest.run("train", "--data", data.toString(), "--features", "signal",
        "--target", "label", "--units", "4", "--epochs", "1", "--quiet", "--output",
        trained.toString());
    org.junit.jupiter.api.Assertions.assertEquals(0, t.code(), t.err());
    CliTest.assertOneLineError(CliTest.run("evaluate", "--model", trained.toString(), "--data",
        dir.toString()), dir.toString(), "directory");
  }

  @org.junit.jupiter.api.Test
  void importNcpsWithARepeatedKeyNamesTheKey() throws Exception {
    Path config = tmp.resolve("config.json");
    Files.writeString(config, "{\"model\": \"LTC\", \"input_size\": 2, \"units\": 4,"
        + " \"input_size\": 3}");
    Path weights = Path.of(System.getProperty("liquid4j.home"), "examples", "ltc-autoncp16",
        "model.safetensors");
    CliTest.assertOneLineError(CliTest.run("import-ncps", "--config", config.toString(),
        "--weights", weights.toString(), "--output", tmp.resolve("m.safetensors").toString()),
        config.toString(), "input_size", "line 1");
    assertTrue(!Files.exists(tmp.resolve("m.safetensors")));
  }
}
