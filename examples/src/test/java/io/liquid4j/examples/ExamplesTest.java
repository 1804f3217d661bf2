package io.liquid4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Npy;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.StreamingSession;
import io.liquid4j.predict.Predictor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every example's main, as a user would from the repository root (surefire's working
 * directory), on the small data the examples make or the repository ships, and checks what each
 * computes: numbers that a broken library or a broken example would change.
 */
class ExamplesTest {
  interface Main {
    void run() throws Exception;
  }

  /** Deletes liquid4j-out/FOLDER (what an earlier run left), runs main and returns its stdout. */
  private static String run(String folder, Main main) throws Exception {
    Path out = Path.of("liquid4j-out", folder);
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.walk(out)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(original);
    }
    String text = buffer.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }

  private static double number(String text, String label) {
    Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*([-+0-9.eE]+)").matcher(text);
    assertTrue(m.find(), () -> "no '" + label + "' in the output:\n" + text);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void quickStartSavesLoadsAndImportsTheNcpsModelWithNcpsOutputs() throws Exception {
    String out = run("quick-start", () -> QuickStart.main(new String[0]));
    assertTrue(out.contains("outputs [3, 8, 1]"), out);
    assertTrue(out.contains("loaded parameters equal: true"), out);
    assertTrue(number(out, "largest difference to ncps:") < 1e-6, out);
  }

  @Test
  void backToNcpsRoundTripsTheShippedNcpsModelBitForBit() throws Exception {
    String out = run("back-to-ncps", () -> BackToNcps.main(new String[0]));
    assertTrue(out.contains("wrote model.safetensors and config.json"), out);
    assertTrue(out.contains("parameters equal after the round trip: true"), out);
    assertTrue(out.contains("tensor names as ncps wrote them: true"), out);
  }

  @Test
  void wiringsPrintsTheAutoNcpCounts() throws Exception {
    String out = run("wirings", () -> Wirings.main(new String[0]));
    assertTrue(out.startsWith("39 synapses; 7 -> 2: -1;"), out);
    assertTrue(out.contains("inter neurons [7, 8, 9, 10, 11, 12, 13, 14, 15]"), out);
  }

  @Test
  void trainingOnOccupancyBeatsTheMajorityClass() throws Exception {
    String out = run("training", () -> Training.main(new String[0]));
    // 63.5 % of the test days' readings are "not occupied": a model that learnt nothing gets that.
    assertTrue(number(out, "accuracy") > 0.75, out);
    assertTrue(Files.exists(Path.of("liquid4j-out", "training", "run.ckpt")));
  }

  @Test
  void trainingFromArraysPredictsBetterThanTheMean() throws Exception {
    String out = run("training-arrays", () -> TrainingArrays.main(new String[0]));
    double[] y = Npy.read(Path.of("liquid4j-out", "training-arrays", "Y_test.npy")).data();
    double mean = 0;
    for (double v : y) {
      mean += v / y.length;
    }
    double variance = 0;
    for (double v : y) {
      variance += (v - mean) * (v - mean) / y.length;
    }
    double mse = number(out, "held-out arrays: MSE");
    assertTrue(mse < 0.5 * variance, "MSE " + mse + " against the targets' variance " + variance);
  }

  @Test
  void modelSpecsBuildTheSpecifiedModels() throws Exception {
    String out = run("model-spec", () -> ModelSpecs.main(new String[0]));
    assertTrue(out.contains("SequenceModel[CfC, inputs=2, state=16, outputs=2"), out);
    assertTrue(out.contains("{\"model\":\"LTC\",\"units\":16,\"wiring\":\"ncp\"}"), out);
  }

  @Test
  void float32IsCloseToFloat64AndALoadedModelRunsInEither() throws Exception {
    String out = run("precision", () -> Precisions.main(new String[0]));
    assertTrue(out.contains("float32 float32 float32"), out);
    double largest = number(out, "float32 vs float64 largest difference:");
    assertTrue(largest > 0 && largest < 1e-5, "float32 differs from float64 by " + largest);
    assertTrue(out.contains("loaded float64 equals float64: true"), out);
  }

  @Test
  void theTunerChoosesACandidateAndTestsItOverFiveSeeds() throws Exception {
    String out = run("tuning", () -> Tuning.main(new String[0]));
    assertTrue(out.contains("epochs=1 batch=16"), out);
    double accuracy = number(out, "test accuracy");
    assertTrue(accuracy > 0.5 && accuracy <= 1.0, "test accuracy " + accuracy);
    assertTrue(out.contains("over 5 seeds"), out);
  }

  @Test
  void theServiceGivesTheSameNumbersOnFourThreadsAsOnOne() throws Exception {
    String out = run("service", () -> Service.main(new String[0]));
    assertTrue(out.contains("equal to one thread: true"), out);
  }

  @Test
  void reservoirForecastsMackeyGlassOneStepAhead() throws Exception {
    String out = run("reservoir", () -> ReservoirForecast.main(new String[0]));
    assertTrue(number(out, "NRMSE one step ahead:") < 1e-3, out);
  }

  @Test
  void spikingSeedExampleGivesBrian2sSpikeCount() throws Exception {
    String out = run("spiking", () -> SpikingSeed.main(new String[0]));
    assertTrue(out.startsWith("5273 spikes"), out);
  }

  @Test
  void sparkScoringEqualsTheModelOnOneMachine() throws Exception {
    String out = run("spark-readout", () -> SparkReadout.main(new String[0]));
    assertTrue(out.contains("readout of 500 states"), out);
    SequenceModel model = ModelFile.load(Path.of("examples/ltc-autoncp16/model.safetensors"));
    for (io.liquid4j.spark.Sequence s : SparkReadout.windows(6, 8)) {
      double[] x = new double[16];
      double[] dt = new double[8];
      for (int t = 0; t < 8; t++) {
        x[2 * t] = s.inputs()[t][0];
        x[2 * t + 1] = s.inputs()[t][1];
        dt[t] = t == 0 ? 0.5 : s.timestamps()[t] - s.timestamps()[t - 1];
      }
      double[] y = model.forward(x, 1, 8, dt, null).outputs();
      assertEquals(y[7], number(out, s.key() + ":"), 0.0, s.key());
    }
  }

  @Test
  void distributedTrainingLowersTheLoss() throws Exception {
    String out = run("spark-training", () -> SparkTraining.main(new String[0]));
    Matcher m = Pattern.compile("training loss by epoch: (\\S+) -> (\\S+)").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Double.parseDouble(m.group(2)) < Double.parseDouble(m.group(1)), out);
  }

  @Test
  void sweepWritesOneRowPerRunAndFindsAModelBetterThanChance() throws Exception {
    String out = run("sweep", () -> SparkSweep.main(new String[0]));
    List<String> csv = Files.readAllLines(Path.of("liquid4j-out", "sweep", "sweep.csv"));
    assertEquals(5, csv.size(), "a header and 4 runs:\n" + csv);
    // Always answering "not occupied" has a cross-entropy of about 0.65 on the test days.
    assertTrue(number(out, "validation loss") < 0.5, out);
  }

  @Test
  void streamingScoresEveryEventAsOneSessionPerRoom() throws Exception {
    String out = run("streaming", () -> SparkStreaming.main(new String[0]));
    assertTrue(out.startsWith("30 scores"), out);
    // Room 3's events, from the file the example wrote, stepped through one session.
    SequenceModel model = ModelFile.load(Path.of("examples/ltc-autoncp16/model.safetensors"));
    StreamingSession session = model.newSession();
    Pattern event = Pattern.compile(
        "\"room-3\",\"timestamp\":([0-9.]+),\"features\":\\[([-0-9.]+),([-0-9.]+)]");
    double last = Double.NaN;
    double[] y = null;
    for (String line : Files.readAllLines(
        Path.of("liquid4j-out", "streaming", "incoming", "events.json"))) {
      Matcher m = event.matcher(line);
      if (m.find()) {
        double t = Double.parseDouble(m.group(1));
        y = session.step(new double[] {Double.parseDouble(m.group(2)),
            Double.parseDouble(m.group(3))}, Double.isNaN(last) ? 1.0 : t - last);
        last = t;
      }
    }
    assertTrue(out.contains("last: [room-3,25.5,ArraySeq(" + y[0] + ")]"), out);
  }

  @Test
  void theOnnxStepModelInOnnxRuntimeFollowsLiquid4jsForwardPass() throws Exception {
    String out = run("onnx", () -> OnnxDeployment.main(new String[0]));
    assertTrue(out.contains("all 8 steps agree within 1e-5 + 1e-3·|y|: true"), out);
    assertTrue(Files.exists(Path.of("liquid4j-out", "onnx", "model.onnx")));
    // ONNX Runtime's printed outputs against the batch forward pass over the same sequence and
    // elapsed times (not the streaming step the example compares with).
    SequenceModel model = ModelFile.load(Path.of("examples/ltc-autoncp16/model.safetensors"));
    double[] x = Arrays.copyOf(
        Npy.read(Path.of("examples/ltc-autoncp16/input.npy")).data(), 16);
    double[] dt = new double[8];
    for (int t = 0; t < 8; t++) {
      dt[t] = OnnxDeployment.DTS[t];
    }
    double[] y = model.forward(x, 1, 8, dt, null).outputs();
    Matcher m = Pattern.compile("step (\\d) dt \\S+: onnxruntime (\\S+) ").matcher(out);
    int steps = 0;
    while (m.find()) {
      int t = Integer.parseInt(m.group(1));
      // The printed 8 decimals add at most 5e-9 to float32's 1e-5 + 1e-3·|y|.
      assertEquals(y[t], Double.parseDouble(m.group(2)), 1e-5 + 1e-3 * Math.abs(y[t]) + 5e-9,
          "step " + t);
      steps++;
    }
    assertEquals(8, steps, out);
  }

  @Test
  void theStepLatencyProgramRunsEachSideInAForkedJvm() throws Exception {
    // A handful of steps: this shows that the program works, not how fast anything is.
    String out = run("onnx-latency", () -> OnnxStepLatency.main(new String[] {
        "--warm-up", "3", "--rounds", "3", "--steps", "2", "--float32"}));
    assertTrue(out.contains("session options: 1 intra-op thread, sequential execution"), out);
    for (String side : List.of("onnxruntime", "liquid4j", "liquid4j-float32")) {
      assertTrue(number(out, "\n" + side) > 0, side + ":\n" + out);
    }
    assertTrue(number(out, "ratio onnxruntime / liquid4j:") > 0, out);
    assertTrue(number(out, "ratio onnxruntime / liquid4j-float32:") > 0, out);
    assertTrue(out.contains("first step's output equal on every side within 1e-5 + 1e-3·|y|:"
        + " true"), out);
  }

  @Test
  void theStepLatencyProgramsOnnxStreamCarriesTheStateAsLiquid4jsSessionDoes() throws Exception {
    // The measured ONNX Runtime loop (state carried between two pinned buffers in turn) against
    // liquid4j's streaming step, step by step over 40 steps of the cycle of observations: the
    // example's LTC, and a random mixed-memory CfC (c carried as well) with the default session.
    Predictor ltc = Predictor.load(Path.of(OnnxStepLatency.DEFAULT_MODEL));
    Predictor mixed = Predictor.of(SequenceModel.create(
        ModelConfig.cfc(2, 8).mixedMemory(true).build(), 3));
    for (Predictor predictor : List.of(ltc, mixed)) {
      double[][] xs = new double[OnnxStepLatency.OBSERVATIONS][];
      SplittableRandom random = new SplittableRandom(5);
      for (int i = 0; i < xs.length; i++) {
        xs[i] = random.doubles(2, -1, 1).toArray();
      }
      try (OnnxStepLatency.OrtStepper ort = new OnnxStepLatency.OrtStepper(predictor, xs, true,
          predictor == mixed);
          OnnxStepLatency.Liquid4jStepper liquid4j =
              new OnnxStepLatency.Liquid4jStepper(predictor, xs, true)) {
        for (int i = 0; i < 40; i++) {
          double expected = liquid4j.step(i);
          assertEquals(expected, ort.step(i), 1e-5 + 1e-3 * Math.abs(expected),
              predictor.model() + " step " + i);
        }
      }
    }
  }

  @Test
  void theStepLatencyProgramRefusesABadOptionInOneLine() throws Exception {
    assertEquals(2, OnnxStepLatency.run(new String[] {"--rounds", "0"}, System.out));
    assertEquals(2, OnnxStepLatency.run(new String[] {"--model", "no/such.safetensors"},
        System.out));
  }

  @Test
  void everyExampleIsRunHere() throws IOException {
    List<String> tested = new ArrayList<>(List.of("QuickStart", "Wirings", "Training",
        "TrainingArrays", "ModelSpecs", "Precisions", "Tuning", "Service", "ReservoirForecast", "SpikingSeed",
        "SparkReadout", "SparkTraining", "SparkSweep", "SparkStreaming", "BackToNcps",
        "OnnxDeployment", "OnnxStepLatency"));
    List<String> sources;
    try (Stream<Path> files = Files.list(ReadmeSnippetsTest.SOURCES)) {
      sources = files.map(p -> p.getFileName().toString().replace(".java", "")).sorted().toList();
    }
    tested.sort(null);
    assertEquals(sources, tested, "each example in " + ReadmeSnippetsTest.SOURCES + " has a test");
  }
}
