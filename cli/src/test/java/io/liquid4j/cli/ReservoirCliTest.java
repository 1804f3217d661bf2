package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.experiments.ReservoirExperiment;
import io.liquid4j.experiments.ReservoirExperiment.Options;
import io.liquid4j.experiments.ReservoirExperiment.SeedSweep;
import io.liquid4j.experiments.ReservoirExperiment.Task;
import io.liquid4j.plot.TimeSeriesChart;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * liquid4j reservoir: the contract other tools call (options and JSON fields), the plot of
 * predictions against the truth, and one-line errors for bad hyperparameters.
 */
class ReservoirCliTest {
  @TempDir Path tmp;

  @Test
  void printsMetricsAndTimesAndTheJsonContract() throws Exception {
    Path png = tmp.resolve("mg.png");
    CliTest.Result r = CliTest.run("reservoir", "--task", "mackey-glass", "--units", "200",
        "--leak", "0.3", "--spectral-radius", "1.25", "--input-scaling", "1", "--connectivity",
        "0.1", "--input-connectivity", "0.2", "--ridge", "1e-8", "--length", "3000",
        "--horizon", "10", "--train", "2000", "--test", "990", "--warmup", "100", "--seed", "7",
        "--repeat", "2", "--output", png.toString(), "--quiet", "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("test NRMSE"), r.out());
    assertTrue(r.out().contains("time (median of runs 2..2): init"), r.out());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    for (String key : List.of("nrmse", "init_s", "fit_s", "run_s", "total_s", "rmse", "r2",
        "first_total_s")) {
      assertTrue(m.get(key) instanceof Number, key + " in " + m);
    }
    double nrmse = ((Number) m.get("nrmse")).doubleValue();
    assertTrue(nrmse > 0 && nrmse < 1e-2, "NRMSE " + nrmse);
    assertEquals(200, m.get("units"));
    assertEquals(2, m.get("runs"));
    assertEquals("", r.err(), "--quiet prints nothing on standard error");
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(TimeSeriesChart.WIDTH, image.getWidth());
    assertEquals(TimeSeriesChart.HEIGHT, image.getHeight());
    DemoCliTest.assertColourful(png);
  }

  @Test
  void generatesInClosedLoopAndDrawsSvg() throws Exception {
    Path svg = tmp.resolve("lorenz.svg");
    CliTest.Result r = CliTest.run("reservoir", "--task", "lorenz", "--units", "100",
        "--length", "2000", "--train", "1500", "--test", "400", "--generate", "50", "--output",
        svg.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("closed loop, 50 steps: NRMSE"), r.out());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    assertTrue(((Number) m.get("generation_nrmse")).doubleValue() > 0, m.toString());
    String text = Files.readString(svg);
    assertTrue(text.startsWith("<?xml") || text.startsWith("<svg"), text.substring(0, 40));
    assertTrue(text.contains("prediction x"), "legend entries for each coordinate");
  }

  /** Small Mackey–Glass settings shared by the bias and seed tests. */
  private static final String[] SMALL = {"--units", "60", "--length", "1600", "--train", "1100",
      "--test", "480", "--warmup", "50", "--quiet", "--json"};

  private static Map<?, ?> lastJson(CliTest.Result r) throws Exception {
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    return new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
  }

  private static String[] small(String... more) {
    String[] args = new String[1 + SMALL.length + more.length];
    args[0] = "reservoir";
    System.arraycopy(SMALL, 0, args, 1, SMALL.length);
    System.arraycopy(more, 0, args, 1 + SMALL.length, more.length);
    return args;
  }

  private static Options.Builder smallOptions() {
    return Options.builder(Task.MACKEY_GLASS).units(60).length(1600).train(1100).test(480)
        .warmup(50);
  }

  /** --bias and --bias-connectivity give the Java API's run bit for bit; --bias 0, none. */
  @Test
  void biasOptionsMatchTheJavaApiBitForBit() throws Exception {
    Map<?, ?> m = lastJson(CliTest.run(small("--bias", "0.5", "--bias-connectivity", "0.3",
        "--seed", "11")));
    double api = ReservoirExperiment.run(smallOptions().bias(0.5).biasConnectivity(0.3).seed(11)
        .build()).nrmse();
    assertEquals(api, ((Number) m.get("nrmse")).doubleValue(), 0);
    Map<?, ?> none = lastJson(CliTest.run(small("--bias", "0", "--seed", "11")));
    assertEquals(ReservoirExperiment.run(smallOptions().bias(0).seed(11).build()).nrmse(),
        ((Number) none.get("nrmse")).doubleValue(), 0);
    // Left out, the bias is the Mackey–Glass default (1 at 0.2), not none.
    Map<?, ?> d = lastJson(CliTest.run(small("--seed", "11")));
    assertEquals(ReservoirExperiment.run(smallOptions().bias(1).biasConnectivity(0.2).seed(11)
        .build()).nrmse(), ((Number) d.get("nrmse")).doubleValue(), 0);
    assertTrue(((Number) d.get("nrmse")).doubleValue()
        != ((Number) none.get("nrmse")).doubleValue());
  }

  /** --seeds: each seed's NRMSE is ReservoirExperiment.runSeeds', reproducibly, and the median. */
  @Test
  void seedsReportEachSeedAndTheMedianReproducibly() throws Exception {
    CliTest.Result r = CliTest.run(small("--seeds", "2..3,7", "--bias", "0.5"));
    Map<?, ?> m = lastJson(r);
    SeedSweep s = ReservoirExperiment.runSeeds(smallOptions().bias(0.5).build(),
        new long[] {2, 3, 7}, null);
    assertEquals(List.of(2, 3, 7), m.get("seeds"));
    List<?> nrmse = (List<?>) m.get("nrmse");
    for (int i = 0; i < 3; i++) {
      assertEquals(s.nrmse()[i], ((Number) nrmse.get(i)).doubleValue(), 0);
    }
    assertEquals(s.median(), ((Number) m.get("median_nrmse")).doubleValue(), 0);
    assertTrue(r.out().contains("seed 7: test NRMSE"), r.out());
    assertTrue(r.out().contains("median test NRMSE over 3 seeds"), r.out());
    assertEquals(m, lastJson(CliTest.run(small("--seeds", "2..3,7", "--bias", "0.5"))));
  }

  @Test
  void badBiasAndSeedsGiveOneLineErrors() {
    CliTest.assertOneLineError(CliTest.run("reservoir", "--bias", "NaN"), "--bias", "finite",
        "NaN");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--bias-connectivity", "0"),
        "--bias-connectivity", "(0, 1]", "0.0");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--bias-connectivity", "1.5"),
        "--bias-connectivity", "(0, 1]", "1.5");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--seeds", "5..1"), "--seeds", "5..1");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--seeds", "1,x"), "--seeds", "1,x");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--seeds", ""), "--seeds");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--seeds", "1..3", "--seed", "2"),
        "--seeds", "--seed");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--seeds", "1..3", "--repeat", "2"),
        "--seeds", "--repeat");
  }

  @Test
  void badHyperparametersGiveOneLineErrors() {
    CliTest.assertOneLineError(CliTest.run("reservoir", "--spectral-radius", "-1"),
        "--spectral-radius", "positive", "-1.0");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--leak", "0"), "--leak", "(0, 1]");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--leak", "1.2"), "--leak", "1.2");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--connectivity", "1.5"),
        "--connectivity", "(0, 1]", "1.5");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--input-connectivity", "0"),
        "--input-connectivity");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--task", "henon"), "--task", "henon");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--readout", "svm"), "--readout", "svm");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--train", "9000", "--test", "1990"),
        "--length");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--repeat", "0"), "--repeat");
    // --quiet: the progress line would come before the error on standard error.
    assertEquals("liquid4j: error: --ridge: the readout's system (300 features, 190 rows) is"
        + " singular; give a positive --ridge (e.g. 1e-8)",
        firstErrorLine(CliTest.run("reservoir", "--quiet", "--units", "300", "--length", "1000",
            "--train", "200", "--test", "100", "--warmup", "10", "--ridge", "0", "--horizon",
            "1")));
  }

  /** The library names its settings ({@code spectralRadius}); the command line, its options. */
  @Test
  void settingErrorsNameTheOptionsAsSpelledOnTheCommandLine() {
    assertEquals("liquid4j: error: --spectral-radius: expected a positive number, found -1.0",
        firstErrorLine(CliTest.run("reservoir", "--spectral-radius", "-1")));
    assertEquals("liquid4j: error: --warmup: expected an integer in [0, --train), found 500",
        firstErrorLine(CliTest.run("reservoir", "--length", "1000", "--train", "500", "--test",
            "100", "--warmup", "500")));
    assertEquals("liquid4j: error: --train + --test + --horizon: expected at most --length"
        + " (10000), found 11000",
        firstErrorLine(CliTest.run("reservoir", "--train", "9000", "--test", "1990")));
    assertEquals("liquid4j: error: --generate: expected a readout of the states alone, found"
        + " --input-to-readout",
        firstErrorLine(CliTest.run("reservoir", "--generate", "5", "--input-to-readout")));
    assertEquals("liquid4j: error: --generate: expected --horizon 1 on mackey-glass or lorenz"
        + " (each prediction becomes the next input), found --horizon 10 on mackey-glass",
        firstErrorLine(CliTest.run("reservoir", "--generate", "5")));
  }

  private static String firstErrorLine(CliTest.Result r) {
    CliTest.assertOneLineError(r);
    return r.err().lines().findFirst().orElseThrow();
  }

  @Test
  void keepsAnExistingPlotUnlessForced() throws Exception {
    Path png = tmp.resolve("kept.png");
    Files.writeString(png, "mine");
    CliTest.assertOneLineError(CliTest.run("reservoir", "--units", "50", "--length", "600",
        "--train", "400", "--test", "100", "--output", png.toString()), "already exists",
        "--force");
    assertEquals("mine", Files.readString(png));
  }
}
