package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liquid4j.data.ArrayData;
import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Standardizer;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.io.DType;
import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.CsvLayout;
import io.liquid4j.predict.ModelTraining;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.Preprocessing;
import io.liquid4j.train.TrainerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * The model file as one self-describing thing, seen from the command line: train on CSV or on
 * arrays, then evaluate, predict, info and plot apply the stored preprocessing; a model made with
 * the Java API is used the same way; tampered metadata is refused in one line.
 */
class ModelDataCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS = 96;
  private static final int WINDOW = 8;
  private static final int STRIDE = 4;

  @TempDir Path tmp;

  /** The rows of the test CSV, kept so that the tests can window them independently. */
  private double[] time;
  private double[] a;
  private double[] b;
  private int[] label;

  /**
   * A small irregularly sampled series: two features on very different scales (so that scaling
   * matters), class 1 when the first is positive.
   */
  private Path csv() throws IOException {
    SplittableRandom r = new SplittableRandom(7);
    time = new double[ROWS];
    a = new double[ROWS];
    b = new double[ROWS];
    label = new int[ROWS];
    StringBuilder s = new StringBuilder("time,a,b,label\n");
    double t = 0;
    for (int i = 0; i < ROWS; i++) {
      t += 0.25 * (2 + r.nextInt(5)); // gaps 0.5 .. 1.5, exact in binary
      time[i] = t;
      a[i] = Math.round(Math.sin(t / 3) * 1000) / 1000.0;
      b[i] = Math.round((500 + 80 * r.nextDouble()) * 100) / 100.0;
      label[i] = a[i] > 0 ? 1 : 0;
      s.append(String.format(Locale.ROOT, "%s,%s,%s,%d%n", time[i], a[i], b[i], label[i]));
    }
    Path file = tmp.resolve("series.csv");
    Files.writeString(file, s);
    return file;
  }

  /** Window starts as documented: full windows only. */
  private static int[] starts() {
    int n = (ROWS - WINDOW) / STRIDE + 1;
    int[] s = new int[n];
    for (int w = 0; w < n; w++) {
      s[w] = w * STRIDE;
    }
    return s;
  }

  /** numpy's median of the gaps between rows. */
  private double medianGap() {
    double[] gaps = new double[ROWS - 1];
    for (int i = 1; i < ROWS; i++) {
      gaps[i - 1] = time[i] - time[i - 1];
    }
    Arrays.sort(gaps);
    int m = gaps.length / 2;
    return gaps.length % 2 == 1 ? gaps[m] : (gaps[m - 1] + gaps[m]) / 2;
  }

  /** The raw windows of the CSV as X (n, L, 2), written by hand rather than by the library. */
  private Path rawWindows(String name) throws IOException {
    int[] st = starts();
    double[] x = new double[st.length * WINDOW * 2];
    for (int w = 0; w < st.length; w++) {
      for (int k = 0; k < WINDOW; k++) {
        x[(w * WINDOW + k) * 2] = a[st[w] + k];
        x[(w * WINDOW + k) * 2 + 1] = b[st[w] + k];
      }
    }
    Path p = tmp.resolve(name);
    Npy.writeFloat64(p, new int[] {st.length, WINDOW, 2}, x, false);
    return p;
  }

  /** Δt of the windows (n, L): gaps to the previous row, the median gap for a first step. */
  private Path windowTimespans(String name) throws IOException {
    int[] st = starts();
    double median = medianGap();
    double[] dt = new double[st.length * WINDOW];
    for (int w = 0; w < st.length; w++) {
      for (int k = 0; k < WINDOW; k++) {
        int row = st[w] + k;
        dt[w * WINDOW + k] = k == 0 ? median : time[row] - time[row - 1];
      }
    }
    Path p = tmp.resolve(name);
    Npy.writeFloat64(p, new int[] {st.length, WINDOW}, dt, false);
    return p;
  }

  private Path trainOnCsv(Path data, String model) {
    Path out = tmp.resolve(model);
    CliTest.Result r = CliTest.run("train", "--data", data.toString(), "--features", "a,b",
        "--target", "label", "--timestamp", "time", "--window", String.valueOf(WINDOW),
        "--stride", String.valueOf(STRIDE), "--model", "cfc", "--units", "6", "--epochs", "2",
        "--lr", "0.02", "--threads", "2", "--output", out.toString(), "--quiet");
    assertEquals(0, r.code(), r.out() + r.err());
    return out;
  }

  private static Map<?, ?> lastJson(CliTest.Result r) {
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> lines = r.out().lines().toList();
    return JSON.readValue(lines.get(lines.size() - 1), Map.class);
  }

  private static double number(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  private static void assertWithin(double tolerance, double[] expected, double[] actual,
      String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
        fail(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
      }
    }
  }

  // ----------------------------------------------------------------------------------- Done when

  /**
   * For a train-made model, predict on the CSV and on the same raw windows as arrays agree to
   * 1e-6, and evaluate's metrics are those of these outputs, recomputed here from the labels.
   */
  @Test
  void predictOnCsvAndOnArraysAgreeAndAreWhatEvaluateScores() throws Exception {
    Path data = csv();
    Path model = trainOnCsv(data, "m.model");
    Path fromCsv = tmp.resolve("y-csv.npy");
    Path fromArrays = tmp.resolve("y-arrays.npy");
    CliTest.Result p1 = CliTest.run("predict", "--model", model.toString(), "--data",
        data.toString(), "--output", fromCsv.toString());
    assertEquals(0, p1.code(), p1.err());
    CliTest.Result p2 = CliTest.run("predict", "--model", model.toString(), "--input",
        rawWindows("x.npy").toString(), "--timespans", windowTimespans("t.npy").toString(),
        "--output", fromArrays.toString());
    assertEquals(0, p2.code(), p2.err());
    NpyArray y1 = Npy.read(fromCsv);
    NpyArray y2 = Npy.read(fromArrays);
    int n = starts().length;
    assertArrayEquals(new int[] {n, WINDOW, 2}, y1.shape());
    assertArrayEquals(y1.shape(), y2.shape());
    assertWithin(1e-6, y1.data(), y2.data(), "predict --input vs --data");

    // What evaluate scores, recomputed from the predicted logits: accuracy, mean cross-entropy
    // and the confusion matrix over every step of every window.
    Map<?, ?> ev = lastJson(CliTest.run("evaluate", "--model", model.toString(), "--data",
        data.toString(), "--json"));
    double[] y = y1.data();
    int[] st = starts();
    int correct = 0;
    double loss = 0;
    double[][] confusion = new double[2][2];
    for (int w = 0; w < n; w++) {
      for (int k = 0; k < WINDOW; k++) {
        double l0 = y[(w * WINDOW + k) * 2];
        double l1 = y[(w * WINDOW + k) * 2 + 1];
        int actual = label[st[w] + k];
        int predicted = l1 > l0 ? 1 : 0;
        correct += predicted == actual ? 1 : 0;
        confusion[actual][predicted]++;
        double max = Math.max(l0, l1);
        double logSum = max + Math.log(Math.exp(l0 - max) + Math.exp(l1 - max));
        loss += logSum - (actual == 1 ? l1 : l0);
      }
    }
    assertEquals((double) correct / (n * WINDOW), number(ev, "accuracy"), 1e-12);
    assertEquals(loss / (n * WINDOW), number(ev, "loss"), 1e-5);
    List<?> rows = (List<?>) ev.get("confusion_matrix");
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(confusion[i][j], ((Number) ((List<?>) rows.get(i)).get(j)).doubleValue(),
            "confusion[" + i + "][" + j + "]");
      }
    }
    CliTest.Result text = CliTest.run("evaluate", "--model", model.toString(), "--data",
        data.toString());
    assertTrue(text.out().contains("confusion matrix"), text.out());
  }

  /** Tutorial step 5: predict on raw arrays applies the stored scaling (it silently did not). */
  @Test
  void predictOnRawArraysAppliesTheStoredScaling() throws Exception {
    Path data = csv();
    Path model = trainOnCsv(data, "occupancy.model");
    Path x = rawWindows("raw.npy");
    Path t = windowTimespans("dt.npy");
    Path out = tmp.resolve("y.npy");
    CliTest.Result r = CliTest.run("predict", "--model", model.toString(), "--input",
        x.toString(), "--timespans", t.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("inputs scaled as in training"), r.out());

    // Independently: the stored statistics applied by hand, then the bare network.
    ModelFile.Contents contents = ModelFile.read(model);
    Standardizer s = contents.preprocessing().inputScaling().orElseThrow();
    NpyArray raw = Npy.read(x);
    double[] scaled = raw.data();
    double[] mean = s.mean();
    double[] std = s.std();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = (scaled[i] - mean[i % 2]) / std[i % 2];
    }
    SequenceModel net = contents.model();
    int n = raw.shape()[0];
    double[] expected = net.forward(scaled, n, WINDOW, Npy.read(t).data(), null).outputs();
    double[] got = Npy.read(out).data();
    assertWithin(1e-5, expected, got, "predict on raw arrays");
    // The old behaviour, the network on the raw values, is far from it.
    double[] unscaled = net.forward(raw.data(), n, WINDOW, Npy.read(t).data(), null).outputs();
    double gap = 0;
    for (int i = 0; i < got.length; i++) {
      gap = Math.max(gap, Math.abs(unscaled[i] - got[i]));
    }
    assertTrue(gap > 0.01, "raw and scaled inputs give different outputs: " + gap);

    // --no-preprocessing is that old behaviour, on request.
    Path bare = tmp.resolve("bare.npy");
    assertEquals(0, CliTest.run("predict", "--model", model.toString(), "--input", x.toString(),
        "--timespans", t.toString(), "--output", bare.toString(), "--no-preprocessing").code());
    assertWithin(1e-5, unscaled, Npy.read(bare).data(), "--no-preprocessing");

    // Δt is part of what the model was trained with: leaving it out is an error, not a guess.
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--input",
        x.toString(), "--output", tmp.resolve("z.npy").toString()), "--timespans",
        "timestamp column 'time'");
  }

  /** A model trained through the Java API, with its preprocessing, is evaluated and plotted. */
  @Test
  void aJavaTrainedModelIsEvaluatedAndPlotted() throws Exception {
    Path data = csv();
    CsvTimeSeries.Options options = CsvTimeSeries.Options
        .classification(List.of("a", "b"), "label", WINDOW)
        .withStride(STRIDE)
        .withTimestamps("time", Duration.ofSeconds(1));
    Path model = tmp.resolve("java.model");
    ModelTraining.builder()
        .csv(data, options)
        .model(ModelSpec.parse("{\"model\": \"ltc\", \"units\": 5}", "spec"))
        .trainer(TrainerConfig.defaults().withEpochs(1).withSeed(3).withThreads(2))
        .build()
        .run()
        .save(model, false);
    Map<?, ?> ev = lastJson(CliTest.run("evaluate", "--model", model.toString(), "--data",
        data.toString(), "--json"));
    Evaluation expected = Predictor.load(model).evaluate(data);
    assertEquals(expected.accuracy(), number(ev, "accuracy"), 1e-12);
    assertEquals(expected.loss(), number(ev, "loss"), 1e-12);
    Path states = tmp.resolve("states.png");
    CliTest.Result plot = CliTest.run("plot", "states", "--model", model.toString(), "--data",
        data.toString(), "--sample", "2", "--output", states.toString());
    assertEquals(0, plot.code(), plot.err());
    DemoCliTest.assertColourful(states);

    // Built by hand: a fresh network and a Preprocessing written in code, no training at all.
    SequenceDataset rawData = CsvTimeSeries.read(data, options);
    Preprocessing hand = Preprocessing.builder()
        .features(List.of("a", "b"))
        .inputScaling(Standardizer.fit(rawData))
        .classification(List.of("0", "1"))
        .perStep(true)
        .timespans(Preprocessing.Timespans.FROM_TIMESTAMPS)
        .csv(CsvLayout.of("label", WINDOW).withStride(STRIDE)
            .withTimestamps("time", Duration.ofSeconds(1)))
        .build();
    SequenceModel net = ModelSpec.parse("{\"model\": \"cfc\", \"units\": 4}", "spec")
        .create(2, 2, true, 5);
    Path byHand = tmp.resolve("hand.model");
    ModelFile.save(net, hand, byHand, false);
    Map<?, ?> ev2 = lastJson(CliTest.run("evaluate", "--model", byHand.toString(), "--data",
        data.toString(), "--json"));
    assertEquals(Predictor.of(net, hand).evaluate(rawData).accuracy(), number(ev2, "accuracy"),
        1e-12);
    Path states2 = tmp.resolve("states2.png");
    CliTest.Result plot2 = CliTest.run("plot", "states", "--model", byHand.toString(), "--data",
        data.toString(), "--output", states2.toString());
    assertEquals(0, plot2.code(), plot2.err());
    DemoCliTest.assertColourful(states2);
    CliTest.Result info = CliTest.run("info", "--model", byHand.toString());
    assertEquals(0, info.code(), info.err());
    assertTrue(info.out().contains("features: [a, b]"), info.out());
    assertTrue(info.out().contains("gaps of the timestamp column 'time'"), info.out());
    assertTrue(info.out().contains("classes: [0, 1]"), info.out());
    assertTrue(info.out().contains("z-score, a: mean"), info.out());
  }

  // ---------------------------------------------------------------------------------- arrays

  /** Irregularly sampled sequences: y integrates x0 over time, so Δt matters. */
  private record Arrays3(Path x, Path y, Path t, double[] xs, double[] ys, double[] ts) {}

  private Arrays3 regressionArrays(String prefix, int n, long seed) throws IOException {
    int l = 6;
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n * l * 2];
    double[] y = new double[n * l];
    double[] t = new double[n * l];
    for (int i = 0; i < n; i++) {
      double acc = 0;
      for (int k = 0; k < l; k++) {
        int s = i * l + k;
        t[s] = 0.5 + r.nextInt(4) * 0.5;
        x[2 * s] = r.nextDouble(-1, 1);
        x[2 * s + 1] = 100 + 10 * r.nextDouble();
        acc += x[2 * s] * t[s];
        y[s] = 3 + acc;
      }
    }
    Path xf = tmp.resolve(prefix + "x.npy");
    Path yf = tmp.resolve(prefix + "y.npy");
    Path tf = tmp.resolve(prefix + "t.npy");
    Npy.writeFloat32(xf, new int[] {n, l, 2}, x, false);
    Npy.writeFloat64(yf, new int[] {n, l, 1}, y, false);
    Npy.writeFloat32(tf, new int[] {n, l}, t, false);
    return new Arrays3(xf, yf, tf, Npy.read(xf).data(), y, Npy.read(tf).data());
  }

  @Test
  void trainAndEvaluatePerStepRegressionOnArraysWithIrregularTimespans() throws Exception {
    Arrays3 d = regressionArrays("", 24, 1);
    Path model = tmp.resolve("reg.model");
    CliTest.Result trained = CliTest.run("train", "--inputs", d.x().toString(), "--targets",
        d.y().toString(), "--timespans", d.t().toString(), "--model", "cfc", "--units", "6",
        "--epochs", "2", "--threads", "2", "--output", model.toString(), "--quiet");
    assertEquals(0, trained.code(), trained.err());
    assertTrue(trained.out().contains("test: MSE"), trained.out());
    Map<?, ?> ev = lastJson(CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        d.x().toString(), "--targets", d.y().toString(), "--timespans", d.t().toString(),
        "--json"));
    assertEquals("regression", ev.get("task"));
    assertEquals(Boolean.TRUE, ev.get("per_step"));

    // The MSE and MAE of predict's outputs, in the targets' units, computed here.
    Path out = tmp.resolve("yhat.npy");
    assertEquals(0, CliTest.run("predict", "--model", model.toString(), "--input",
        d.x().toString(), "--timespans", d.t().toString(), "--output", out.toString()).code());
    double[] yhat = Npy.read(out).data();
    double se = 0;
    double ae = 0;
    for (int i = 0; i < yhat.length; i++) {
      se += (yhat[i] - d.ys()[i]) * (yhat[i] - d.ys()[i]);
      ae += Math.abs(yhat[i] - d.ys()[i]);
    }
    assertEquals(se / yhat.length, number(ev, "mse"), 1e-4 * (1 + se / yhat.length));
    assertEquals(ae / yhat.length, number(ev, "mae"), 1e-4 * (1 + ae / yhat.length));
    // ... and they are in the targets' units: the outputs' mean is near the targets' mean (~3),
    // not near 0 as z-scored outputs would be.
    double mean = Arrays.stream(yhat).average().orElseThrow();
    double targetMean = Arrays.stream(d.ys()).average().orElseThrow();
    assertTrue(Math.abs(mean - targetMean) < 1.5, mean + " vs " + targetMean);

    CliTest.Result info = CliTest.run("info", "--model", model.toString());
    assertTrue(info.out().contains("Δt: given with the inputs"), info.out());
    assertTrue(info.out().contains("task: regression, a target per step"), info.out());
    assertTrue(info.out().contains("target scaling: z-score"), info.out());
    CliTest.assertOneLineError(CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        d.x().toString(), "--targets", d.y().toString()), "--timespans", "must be given");
  }

  @Test
  void trainAndEvaluateClassificationOnArraysWithSeparateHeldOutFiles() throws Exception {
    SplittableRandom r = new SplittableRandom(4);
    int l = 5;
    Path[] xs = new Path[3];
    Path[] ys = new Path[3];
    double[][] labels = new double[3][];
    String[] names = {"train", "valid", "test"};
    int[] sizes = {30, 8, 10};
    for (int part = 0; part < 3; part++) {
      int n = sizes[part];
      double[] x = new double[n * l * 3];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        int c = r.nextInt(3);
        y[i] = c;
        for (int k = 0; k < l * 3; k++) {
          x[i * l * 3 + k] = (k % 3 == c ? 2.0 : 0.0) + r.nextDouble(-0.3, 0.3);
        }
      }
      labels[part] = y;
      xs[part] = tmp.resolve(names[part] + "-x.npy");
      ys[part] = tmp.resolve(names[part] + "-y.npy");
      Npy.writeFloat32(xs[part], new int[] {n, l, 3}, x, false);
      Files.write(ys[part], Npy.toBytes(new int[] {n}, y, DType.I64)); // integer labels
    }
    Path model = tmp.resolve("cls.model");
    CliTest.Result trained = CliTest.run("train", "--inputs", xs[0].toString(), "--targets",
        ys[0].toString(), "--validation-inputs", xs[1].toString(), "--validation-targets",
        ys[1].toString(), "--test-inputs", xs[2].toString(), "--test-targets", ys[2].toString(),
        "--model", "lstm", "--units", "8", "--epochs", "3", "--lr", "0.05", "--threads", "2",
        "--output", model.toString(), "--quiet");
    assertEquals(0, trained.code(), trained.err());
    assertTrue(trained.out().contains("30 train, 8 validation, 10 test"), trained.out());
    assertTrue(trained.out().contains("test: accuracy"), trained.out());

    Map<?, ?> ev = lastJson(CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        xs[2].toString(), "--targets", ys[2].toString(), "--json"));
    assertEquals("classification", ev.get("task"));
    assertEquals(Boolean.FALSE, ev.get("per_step"));
    assertEquals(List.of("0", "1", "2"), ev.get("class_names"));
    Path out = tmp.resolve("logits.npy");
    assertEquals(0, CliTest.run("predict", "--model", model.toString(), "--input",
        xs[2].toString(), "--output", out.toString()).code());
    NpyArray logits = Npy.read(out);
    assertArrayEquals(new int[] {10, 3}, logits.shape());
    int correct = 0;
    for (int i = 0; i < 10; i++) {
      int best = 0;
      for (int c = 1; c < 3; c++) {
        best = logits.get(i * 3 + c) > logits.get(i * 3 + best) ? c : best;
      }
      correct += best == (int) labels[2][i] ? 1 : 0;
    }
    assertEquals(correct / 10.0, number(ev, "accuracy"), 1e-12);
    // the Java API reads the same arrays to the same figure
    Evaluation java = Predictor.load(model).evaluate(
        ArrayData.fromNpy(xs[2], ys[2]).withClasses(3).read());
    assertEquals(java.accuracy(), number(ev, "accuracy"), 1e-12);

    CliTest.assertOneLineError(CliTest.run("train", "--inputs", xs[0].toString(), "--targets",
        ys[0].toString(), "--validation", "0.2", "--test-inputs", xs[2].toString(),
        "--test-targets", ys[2].toString(), "--output", tmp.resolve("no.model").toString()),
        "--validation", "--test-inputs", "exclude each other");
    CliTest.assertOneLineError(CliTest.run("train", "--inputs", xs[0].toString(), "--targets",
        ys[1].toString(), "--output", tmp.resolve("no.model").toString()), ys[1].toString(),
        "expected 30 sequences to match " + xs[0]);
    CliTest.assertOneLineError(CliTest.run("train", "--inputs", xs[0].toString(), "--targets",
        ys[0].toString(), "--window", "4", "--output", tmp.resolve("no.model").toString()),
        "--window", "--data");
    CliTest.assertOneLineError(CliTest.run("evaluate", "--model", model.toString(), "--data",
        tmp.resolve("any.csv").toString()), "--data", "no CSV layout");
  }

  // ---------------------------------------------------------------------------- tampered files

  /** A copy of a model file whose __metadata__ entry {@code key} is replaced. */
  private Path withMetadata(Path model, String name, String key, String value) throws Exception {
    byte[] bytes = Files.readAllBytes(model);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    @SuppressWarnings("unchecked")
    Map<String, Object> h = JSON.readValue(header.strip(), LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) h.get("__metadata__"));
    meta.put(key, value);
    h.put("__metadata__", meta);
    byte[] text = JSON.writeValueAsString(h).getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(text, padded);
    Arrays.fill(headerBytes, text.length, padded, (byte) ' ');
    ByteBuffer out = ByteBuffer.allocate(8 + padded + bytes.length - 8 - (int) n)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(headerBytes).put(bytes, 8 + (int) n, bytes.length - 8 - (int) n);
    Path copy = tmp.resolve(name);
    Files.write(copy, out.array());
    return copy;
  }

  @Test
  void tamperedOrForeignMetadataIsOneLineNamingTheFileAndTheKey() throws Exception {
    Path data = csv();
    Path model = trainOnCsv(data, "good.model");
    String stored = ModelFile.metadata(model).get(Preprocessing.METADATA_KEY);
    @SuppressWarnings("unchecked")
    Map<String, Object> p = JSON.readValue(stored, LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> csvLayout = new LinkedHashMap<>((Map<String, Object>) p.get("csv"));
    csvLayout.put("window", "sixteen");
    Map<String, Object> tampered = new LinkedHashMap<>(p);
    tampered.put("csv", csvLayout);
    Path bad = withMetadata(model, "tampered.model", Preprocessing.METADATA_KEY,
        JSON.writeValueAsString(tampered));
    for (List<String> cmd : List.of(
        List.of("evaluate", "--model", bad.toString(), "--data", data.toString()),
        List.of("predict", "--model", bad.toString(), "--data", data.toString(), "--output",
            tmp.resolve("o.npy").toString()),
        List.of("info", "--model", bad.toString()),
        List.of("plot", "states", "--model", bad.toString(), "--data", data.toString(),
            "--output", tmp.resolve("o.png").toString()))) {
      CliTest.assertOneLineError(CliTest.run(cmd.toArray(String[]::new)), bad.toString(),
          "'csv.window'", "sixteen");
    }
    Map<String, Object> scaling = new LinkedHashMap<>(p);
    scaling.put("input_scaling", List.of(1, 2));
    Path badScaling = withMetadata(model, "scaling.model", Preprocessing.METADATA_KEY,
        JSON.writeValueAsString(scaling));
    CliTest.assertOneLineError(CliTest.run("info", "--model", badScaling.toString()),
        badScaling.toString(), "'input_scaling'");
    Path foreign = withMetadata(model, "foreign.model", Preprocessing.METADATA_KEY,
        "{\"framework\": \"keras\", \"layers\": 3}");
    CliTest.assertOneLineError(CliTest.run("evaluate", "--model", foreign.toString(), "--data",
        data.toString()), foreign.toString(), "'framework'");
    Path notJson = withMetadata(model, "text.model", Preprocessing.METADATA_KEY, "scaled by 2");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", notJson.toString(), "--data",
        data.toString(), "--output", tmp.resolve("o2.npy").toString()), notJson.toString(),
        "'preprocessing'");
    // the untouched copy still works, so the edit itself is what is refused
    Path same = withMetadata(model, "same.model", Preprocessing.METADATA_KEY, stored);
    assertEquals(0, CliTest.run("info", "--model", same.toString()).code());
  }

  /**
   * Date-time stamps with --time-unit min: the model stores the unit, and arrays whose Δt is in
   * minutes give the outputs of the CSV.
   */
  @Test
  void dateTimeStampsInMinutesMatchArraysInMinutes() throws Exception {
    csv();
    StringBuilder s = new StringBuilder("date,a,b,label\n");
    java.time.LocalDateTime start = java.time.LocalDateTime.of(2015, 2, 4, 17, 0);
    for (int i = 0; i < ROWS; i++) {
      time[i] = 4 * time[i]; // whole minutes, gaps of 2 to 6
      s.append(start.plusMinutes((long) time[i]).toString().replace('T', ' ')).append(":00,")
          .append(a[i]).append(',').append(b[i]).append(',').append(label[i]).append('\n');
    }
    Path data = tmp.resolve("dated.csv");
    Files.writeString(data, s);
    Path model = tmp.resolve("dated.model");
    CliTest.Result r = CliTest.run("train", "--data", data.toString(), "--features", "a,b",
        "--target", "label", "--timestamp", "date", "--time-unit", "min", "--window",
        String.valueOf(WINDOW), "--stride", String.valueOf(STRIDE), "--model", "ctrnn",
        "--units", "4", "--epochs", "1", "--threads", "2", "--output", model.toString(),
        "--quiet");
    assertEquals(0, r.code(), r.err());
    CliTest.Result info = CliTest.run("info", "--model", model.toString());
    assertTrue(info.out().contains("timestamp column 'date', in units of 1 min"), info.out());
    Path fromCsv = tmp.resolve("y1.npy");
    Path fromArrays = tmp.resolve("y2.npy");
    assertEquals(0, CliTest.run("predict", "--model", model.toString(), "--data",
        data.toString(), "--output", fromCsv.toString()).code());
    assertEquals(0, CliTest.run("predict", "--model", model.toString(), "--input",
        rawWindows("x.npy").toString(), "--timespans", windowTimespans("t.npy").toString(),
        "--output", fromArrays.toString()).code());
    assertWithin(1e-6, Npy.read(fromCsv).data(), Npy.read(fromArrays).data(),
        "Δt in minutes");
  }

  @Test
  void dataOptionsThatDoNotGoTogetherAreOneLineErrors() throws Exception {
    Path data = csv();
    Path x = rawWindows("x.npy");
    String out = tmp.resolve("never.model").toString();
    CliTest.assertOneLineError(CliTest.run("train", "--output", out), "--data", "--inputs");
    CliTest.assertOneLineError(CliTest.run("train", "--data", data.toString(), "--inputs",
        x.toString(), "--targets", x.toString(), "--output", out), "exclude each other");
    CliTest.assertOneLineError(CliTest.run("train", "--inputs", x.toString(), "--output", out),
        "--targets");
    CliTest.assertOneLineError(CliTest.run("train", "--data", data.toString(), "--features",
        "a,b", "--target", "label", "--time-unit", "min", "--output", out),
        "--time-unit needs --timestamp");
    CliTest.assertOneLineError(CliTest.run("train", "--data", data.toString(), "--features",
        "a,b", "--target", "label", "--timestamp", "time", "--time-unit", "fortnight",
        "--output", out), "--time-unit", "fortnight");
    CliTest.assertOneLineError(CliTest.run("train", "--data", data.toString(), "--features",
        "a,b", "--target", "label", "--validation-inputs", x.toString(), "--output", out),
        "--validation-inputs", "--validation-data");
    CliTest.assertOneLineError(CliTest.run("train", "--data", data.toString(), "--target",
        "label", "--output", out), "--features");
    Path model = tmp.resolve("any.model");
    ModelFile.save(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 4}", "s")
        .create(2, 2, true, 1), model, false);
    String y = tmp.resolve("y.npy").toString();
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--input",
        x.toString(), "--data", data.toString(), "--output", y), "exclude each other");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--data",
        data.toString(), "--timespans", x.toString(), "--output", y), "--timespans");
    CliTest.assertOneLineError(CliTest.run("predict", "--model", model.toString(), "--data",
        data.toString(), "--output", y), "--data", "no CSV layout", "no preprocessing");
    CliTest.assertOneLineError(CliTest.run("evaluate", "--model", model.toString(), "--inputs",
        x.toString()), "--targets");
    // a model without preprocessing still predicts on arrays, as before
    CliTest.Result plain = CliTest.run("predict", "--model", model.toString(), "--input",
        x.toString(), "--output", y);
    assertEquals(0, plain.code(), plain.err());
    assertTrue(!plain.out().contains("scaled"), plain.out());
  }

  /** Help of the data options says the timestamp formats and Δt's unit. */
  @Test
  void trainHelpExplainsTimestamps() {
    CliTest.Result r = CliTest.run("train", "--help");
    assertEquals(0, r.code());
    String help = r.out().replaceAll("\\s+", " ");
    for (String part : new String[] {"yyyy-MM-dd HH:mm:ss", "plain numbers", "--time-unit",
        "median gap", "--inputs", "--validation-inputs", "--test-data"}) {
      assertTrue(help.contains(part), "help lacks '" + part + "': " + help);
    }
  }
}
