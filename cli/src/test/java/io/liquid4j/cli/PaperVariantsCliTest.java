package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.CfcVariant;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.LtcInitialisation;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The papers' variants from the command line: {@code --cfc-variant} and {@code --ltc-init}, and
 * the spec keys {@code cfc_variant}, {@code forget_bias} and {@code init} in {@code
 * --model-spec}, give the models the library builds from the same spec; wrong uses are one-line
 * errors with exit code 2.
 */
class PaperVariantsCliTest {
  @TempDir static Path dir;
  private static Path data;

  @BeforeAll
  static void writeData() throws IOException {
    StringBuilder csv = new StringBuilder("a,b,label\n");
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 64; i++) {
      double a = Math.sin(i / 3.0) + r.nextDouble(-0.2, 0.2);
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d%n", a, r.nextDouble(-1, 1),
          a > 0 ? 1 : 0));
    }
    data = dir.resolve("series.csv");
    Files.writeString(data, csv);
  }

  private static CliTest.Result train(Path model, List<String> modelOptions) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(),
        "--features", "a,b", "--target", "label", "--window", "8", "--epochs", "1",
        "--batch", "4", "--validation", "0.25", "--test", "0", "--threads", "1", "--quiet",
        "--force", "--output", model.toString()));
    args.addAll(modelOptions);
    return CliTest.run(args.toArray(String[]::new));
  }

  static Stream<Arguments> options() {
    return Stream.of(
        Arguments.of(List.of("--model", "cfc", "--units", "6", "--cfc-variant", "paper"),
            ModelConfig.cfc(2, 6).projSize(2).cfcVariant(CfcVariant.PAPER).build()),
        Arguments.of(List.of("--model", "ltc", "--units", "6", "--ltc-init", "paper"),
            ModelConfig.ltc(2, 6).projSize(2).implicitParamConstraints(false)
                .initialisation(LtcInitialisation.PAPER).build()),
        Arguments.of(List.of("--model", "ltc", "--units", "6", "--ltc-init", "ncps"),
            ModelConfig.ltc(2, 6).projSize(2).build()),
        Arguments.of(List.of("--model-spec", "{\"model\": \"cfc\", \"units\": 6,"
                + " \"backbone_layers\": 1, \"backbone_dropout\": 0.2, \"cfc_variant\": \"paper\","
                + " \"mixed_memory\": false}"),
            ModelConfig.cfc(2, 6).projSize(2).backbone(128, 1, 0.2)
                .cfcVariant(CfcVariant.PAPER).build()),
        Arguments.of(List.of("--model", "cfc", "--units", "6", "--cfc-variant", "paper",
                "--mixed-memory", "--forget-bias", "0.6"),
            ModelConfig.cfc(2, 6).projSize(2).cfcVariant(CfcVariant.PAPER).mixedMemory(true)
                .forgetBias(0.6).build()),
        Arguments.of(List.of("--model", "ltc", "--units", "6", "--mixed-memory"),
            ModelConfig.ltc(2, 6).projSize(2).mixedMemory(true).build()),
        Arguments.of(List.of("--model-spec", "{\"model\": \"cfc\", \"units\": 6,"
                + " \"mixed_memory\": true, \"forget_bias\": 2.1}"),
            ModelConfig.cfc(2, 6).projSize(2).mixedMemory(true).forgetBias(2.1).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void theOptionsBuildTheLibrarysModel(List<String> options, ModelConfig expected)
      throws IOException {
    Path file = dir.resolve("m.model");
    CliTest.Result r = train(file, options);
    assertEquals(0, r.code(), r.out() + r.err());
    SequenceModel trained = ModelFile.load(file);
    assertEquals(expected, trained.config());
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(List.of("--model", "cfc", "--cfc-variant", "keras"),
            "--cfc-variant: expected ncps or paper, got 'keras'"),
        Arguments.of(List.of("--model", "ltc", "--cfc-variant", "paper"),
            "--cfc-variant: applies to --model cfc without --wiring, got --model ltc"),
        Arguments.of(List.of("--model", "cfc", "--wiring", "ncp", "--cfc-variant", "paper"),
            "--cfc-variant: applies to --model cfc without --wiring"),
        Arguments.of(List.of("--model", "cfc", "--ltc-init", "paper"),
            "--ltc-init: applies to --model ltc, got --model cfc"),
        Arguments.of(List.of("--ltc-init", "glorot"),
            "--ltc-init: expected ncps or paper, got 'glorot'"),
        Arguments.of(List.of("--model-spec", "{\"model\": \"cfc\", \"units\": 4}",
                "--cfc-variant", "paper"),
            "--model-spec and --cfc-variant exclude each other"),
        Arguments.of(List.of("--model-spec", "{\"model\": \"cfc\", \"units\": 4,"
                + " \"backbone_dropout\": 0.1}"),
            "backbone_dropout: ncps applies dropout only after backbone layers 2..L; with 1"
                + " layer use cfc_variant paper or dropout 0"),
        Arguments.of(List.of("--model-spec", "{\"model\": \"cfc\", \"units\": 4,"
                + " \"forget_bias\": 2.1}"),
            "forget_bias: it is the mixed-memory LSTM's forget-gate bias; set mixed_memory true"),
        Arguments.of(List.of("--model", "cfc", "--forget-bias", "0.6"),
            "--forget-bias: it is the mixed-memory LSTM's forget-gate bias; add --mixed-memory"),
        Arguments.of(List.of("--model", "lstm", "--mixed-memory"),
            "--mixed-memory: applies to --model ltc, cfc or ctrnn, got --model lstm"),
        Arguments.of(List.of("--model-spec", "{\"model\": \"cfc\", \"units\": 4}",
                "--mixed-memory"),
            "--model-spec and --mixed-memory exclude each other"),
        Arguments.of(List.of("--model-spec", "{\"model\": \"ltc\", \"units\": 4,"
                + " \"init\": \"paper\"}"),
            "init: paper draws the parameters' values"));
  }

  @org.junit.jupiter.api.Test
  void infoShowsWhichMixedMemoryAModelHas() {
    Path file = dir.resolve("paper-mixed.model");
    CliTest.Result r = train(file, List.of("--model", "cfc", "--units", "6", "--cfc-variant",
        "paper", "--mixed-memory", "--forget-bias", "0.6"));
    assertEquals(0, r.code(), r.out() + r.err());
    CliTest.Result info = CliTest.run("info", "--model", file.toString());
    assertEquals(0, info.code(), info.out() + info.err());
    assertTrue(info.out().contains("cfc_variant = paper"), info.out());
    assertTrue(info.out().contains("mixed_memory = true"), info.out());
    assertTrue(info.out().contains("forget_bias = 0.6"), info.out());
    assertTrue(info.out().contains("mixed memory: the CfC paper's MixedCfcCell"), info.out());
    // The backbone reads u ⊕ h: 2 × 6 wide, not the 2 inputs + 6 units of ncps's wiring.
    assertTrue(info.out().lines().anyMatch(line -> line.strip().startsWith(
        "rnn_cell.backbone.0.weight") && line.contains("[128, 12]")), info.out());
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("errors")
  void wrongUsesAreOneLineErrors(List<String> options, String message) {
    CliTest.Result r = train(dir.resolve("bad.model"), options);
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}
