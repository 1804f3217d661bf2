package io.liquid4j.cli;

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

/** {@code train}'s optimizer options: they reach the trainer, and bad ones name the option. */
class OptimizerCliTest {
  @TempDir Path tmp;
  private Path data;

  @BeforeEach
  void writeData() throws Exception {
    StringBuilder csv = new StringBuilder("signal,label\n");
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 200; i++) {
      double s = Math.sin(i / 4.0) + r.nextDouble(-0.1, 0.1);
      csv.append(String.format(Locale.ROOT, "%.4f,%d%n", s, s > 0 ? 1 : 0));
    }
    data = tmp.resolve("series.csv");
    Files.writeString(data, csv);
  }

  private CliTest.Result train(String output, String... optimizerOptions) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(),
        "--features", "signal", "--target", "label", "--window", "8", "--model", "cfc",
        "--units", "4", "--epochs", "2", "--lr", "0.05", "--threads", "1", "--quiet",
        "--output", tmp.resolve(output).toString()));
    args.addAll(List.of(optimizerOptions));
    return CliTest.run(args.toArray(String[]::new));
  }

  private double[] weights(String output) throws Exception {
    return ModelFile.load(tmp.resolve(output)).parameters();
  }

  @Test
  void sgdWithNesterovMomentumTrainsAndTheOptionsTakeEffect() throws Exception {
    CliTest.Result nesterov = train("nesterov.model", "--optimizer", "sgd", "--momentum", "0.9",
        "--nesterov");
    assertEquals(0, nesterov.code(), nesterov.err());
    assertTrue(nesterov.out().contains("test: accuracy"), nesterov.out());
    CliTest.Result heavyBall = train("momentum.model", "--optimizer", "sgd", "--momentum", "0.9");
    assertEquals(0, heavyBall.code(), heavyBall.err());
    CliTest.Result plain = train("plain.model", "--optimizer", "sgd");
    assertEquals(0, plain.code(), plain.err());
    CliTest.Result again = train("again.model", "--optimizer", "SGD", "--momentum", "0.9",
        "--nesterov");
    assertEquals(0, again.code(), again.err());
    // Same options, same weights; each option changes the training.
    assertTrue(Arrays.equals(weights("nesterov.model"), weights("again.model")));
    assertFalse(Arrays.equals(weights("nesterov.model"), weights("momentum.model")));
    assertFalse(Arrays.equals(weights("momentum.model"), weights("plain.model")));

    CliTest.Result adam = train("adam.model", "--betas", "0.8,0.99", "--weight-decay", "0.001",
        "--eps", "1e-6");
    assertEquals(0, adam.code(), adam.err());
    CliTest.Result adamDefault = train("adam0.model");
    assertEquals(0, adamDefault.code(), adamDefault.err());
    assertFalse(Arrays.equals(weights("adam.model"), weights("adam0.model")));
  }

  @Test
  void kerasEpsilonChangesRmspropAndIsRefusedElsewhere() throws Exception {
    CliTest.Result keras = train("keras.model", "--optimizer", "rmsprop", "--eps", "1e-3",
        "--eps-inside-sqrt");
    assertEquals(0, keras.code(), keras.err());
    CliTest.Result pytorch = train("pytorch.model", "--optimizer", "rmsprop", "--eps", "1e-3");
    assertEquals(0, pytorch.code(), pytorch.err());
    assertFalse(Arrays.equals(weights("keras.model"), weights("pytorch.model")));
    CliTest.assertOneLineError(train("x", "--eps-inside-sqrt"), "--eps-inside-sqrt", "adam",
        "rmsprop");
  }

  @Test
  void badCombinationsAndValuesNameTheOption() {
    CliTest.assertOneLineError(train("x", "--momentum", "0.9"), "--momentum", "adam",
        "sgd or rmsprop");
    CliTest.assertOneLineError(train("x", "--optimizer", "sgd", "--nesterov"), "--nesterov",
        "--momentum > 0");
    CliTest.assertOneLineError(train("x", "--optimizer", "rmsprop", "--momentum", "0.5",
        "--nesterov"), "--nesterov", "rmsprop");
    CliTest.assertOneLineError(train("x", "--optimizer", "sgd", "--betas", "0.9,0.99"),
        "--betas", "sgd");
    CliTest.assertOneLineError(train("x", "--optimizer", "sgd", "--eps", "1e-6"), "--eps");
    CliTest.assertOneLineError(train("x", "--betas", "1.2,0.9"), "--betas", "betas[0]", "1.2");
    CliTest.assertOneLineError(train("x", "--betas", "0.9"), "--betas", "two values");
    CliTest.assertOneLineError(train("x", "--optimizer", "adamw", "--eps", "-1"), "--eps",
        "-1.0");
    CliTest.assertOneLineError(train("x", "--weight-decay", "-0.5"), "--weight-decay", "-0.5");
    CliTest.assertOneLineError(train("x", "--optimizer", "sgd", "--momentum", "-1"),
        "--momentum", "-1.0");
    CliTest.assertOneLineError(train("x", "--optimizer", "adagrad"), "--optimizer", "adagrad",
        "adam, adamw, sgd or rmsprop");
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  @Test
  void helpShowsTheDefaults() {
    CliTest.Result help = CliTest.run("train", "--help");
    assertEquals(0, help.code(), help.err());
    String text = help.out().replaceAll("\\s+", " ");
    for (String part : List.of("--optimizer=NAME", "(default: adam)", "--betas=B1,B2",
        "(default: 0.9,0.999)", "--eps=EPS", "default: 1e-8", "--weight-decay=L",
        "adamw; default: 0.01", "--momentum=M", "--nesterov")) {
      assertTrue(text.contains(part), part + " in " + text);
    }
  }
}
