package io.liquid4j.examples;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.liquid4j.cell.Precision;
import io.liquid4j.onnx.Form;
import io.liquid4j.onnx.OnnxExport;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.Preprocessing;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Latency of one streaming step at batch 1: the model exported as the ONNX step form in float32,
 * run by ONNX Runtime Java with the state carried by the caller, against liquid4j's own {@link
 * Predictor.Session#step} on the same model (in its stored precision, and with {@code --float32}
 * also computing in float32). Each side runs in a JVM of its own (forked with this JVM's options
 * and class path, as {@code liquid4j bench} forks its measurements), so that neither side's JIT
 * profile or native threads shape the other's: warm-up steps, then the median over rounds of the
 * time per step.
 *
 * <pre>
 * mvn -B -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" \
 *     io.liquid4j.examples.OnnxStepLatency [--model FILE] [--warm-up 20000] [--rounds 15] \
 *     [--steps 2000] [--float32] [--ort-defaults]
 * </pre>
 *
 * <p>Both sides step the same 64 raw observations (uniform(−1, 1), seeded) in a cycle with
 * irregular Δt (Δt = 1 for a model trained without elapsed times). ONNX Runtime's session has 1
 * intra-op thread and sequential execution unless {@code --ort-defaults}; its input tensors wrap
 * direct buffers that each step refills, and its outputs are pinned: {@code h_next} (and {@code
 * c_next}) written straight into the buffer the next step reads as {@code h}, two buffers used in
 * turn, so a step copies nothing but x and Δt in.
 */
public class OnnxStepLatency {
  static final String DEFAULT_MODEL = "examples/ltc-autoncp16/model.safetensors";
  static final float[] DTS = {1.0f, 0.25f, 2.5f, 0.5f, 1.5f, 0.75f, 2.0f, 0.125f};
  static final int OBSERVATIONS = 64;

  /** The sides measured, each in a JVM of its own. */
  static final String ORT = "onnxruntime";
  static final String LIQUID4J = "liquid4j";
  static final String LIQUID4J_FLOAT32 = "liquid4j-float32";

  public static void main(String[] args) throws Exception {
    int code = run(args, System.out);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The command's settings. */
  record Options(Path model, int warmUp, int rounds, int steps, boolean float32,
      boolean ortDefaults, String side) {
    static Options parse(String[] args) {
      Path model = Path.of(DEFAULT_MODEL);
      int warmUp = 20_000;
      int rounds = 15;
      int steps = 2_000;
      boolean float32 = false;
      boolean ortDefaults = false;
      String side = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--float32" -> float32 = true;
          case "--ort-defaults" -> ortDefaults = true;
          case "--model", "--warm-up", "--rounds", "--steps", "--side" -> {
            if (i + 1 == args.length) {
              throw new IllegalArgumentException(a + ": expected a value, found none");
            }
            String v = args[++i];
            switch (a) {
              case "--model" -> model = Path.of(v);
              case "--warm-up" -> warmUp = count(a, v, 0);
              case "--rounds" -> rounds = count(a, v, 1);
              case "--steps" -> steps = count(a, v, 1);
              default -> {
                if (!List.of(ORT, LIQUID4J, LIQUID4J_FLOAT32).contains(v)) {
                  throw new IllegalArgumentException("--side: expected " + ORT + ", " + LIQUID4J
                      + " or " + LIQUID4J_FLOAT32 + ", found '" + v + "'");
                }
                side = v;
              }
            }
          }
          default -> throw new IllegalArgumentException("unknown option '" + a + "' (options:"
              + " --model FILE, --warm-up STEPS, --rounds R, --steps STEPS, --float32,"
              + " --ort-defaults)");
        }
      }
      return new Options(model, warmUp, rounds, steps, float32, ortDefaults, side);
    }

    private static int count(String option, String value, int least) {
      int n;
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        n = least - 1;
      }
      if (n < least) {
        throw new IllegalArgumentException(
            option + ": expected an integer >= " + least + ", found '" + value + "'");
      }
      return n;
    }

    /** The arguments that make a forked JVM measure {@code side} with these settings. */
    List<String> forSide(String side) {
      List<String> a = new ArrayList<>(List.of("--model", model.toString(),
          "--warm-up", String.valueOf(warmUp), "--rounds", String.valueOf(rounds),
          "--steps", String.valueOf(steps), "--side", side));
      if (ortDefaults) {
        a.add("--ort-defaults");
      }
      return a;
    }
  }

  /** What one side measured in its JVM: the first step's output and the median µs per step. */
  record Figure(double firstOutput, double microsPerStep) {}

  /**
   * Runs the comparison (or, with {@code --side}, one side's measurement) and prints it.
   *
   * @return the exit status: 0, or 2 after a one-line error on {@code System.err}
   */
  static int run(String[] args, PrintStream out) throws IOException, InterruptedException {
    Options o;
    Predictor predictor;
    try {
      o = Options.parse(args);
      predictor = load(o.model());
    } catch (IllegalArgumentException e) {
      System.err.println("OnnxStepLatency: " + e.getMessage());
      return 2;
    }
    if (o.side() != null) {
      Figure f;
      try {
        f = measure(o.side(), predictor, o);
      } catch (IllegalArgumentException | OrtException e) {
        System.err.println("OnnxStepLatency: " + o.side() + ": " + e.getMessage());
        return 2;
      }
      out.println("first_output " + f.firstOutput());
      out.println("us_per_step " + f.microsPerStep());
      return 0;
    }
    List<String> sides = new ArrayList<>(List.of(ORT, LIQUID4J));
    if (o.float32()) {
      sides.add(LIQUID4J_FLOAT32);
    }
    out.println("model " + o.model() + ": " + predictor.model() + ", batch 1");
    out.println("ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion()
        + ", the step form exported in float32; session options: " + (o.ortDefaults()
            ? "ONNX Runtime's defaults" : "1 intra-op thread, sequential execution"
                + " (--ort-defaults for ONNX Runtime's defaults)"));
    out.println("liquid4j: Predictor.Session.step in " + predictor.model().precision().label()
        + (o.float32() ? " and in float32 (Predictor.withPrecision)" : ""));
    out.printf(Locale.ROOT, "%d warm-up steps, then the median of %d rounds of %d steps; each side"
        + " in a JVM of its own%n", o.warmUp(), o.rounds(), o.steps());
    Map<String, Figure> figures = new LinkedHashMap<>();
    for (String side : sides) {
      Figure f;
      try {
        f = forked(side, o);
      } catch (IllegalStateException e) {
        System.err.println("OnnxStepLatency: " + e.getMessage());
        return 2;
      }
      figures.put(side, f);
      out.printf(Locale.ROOT, "%-18s %10.3f µs per step%n", side, f.microsPerStep());
    }
    double ort = figures.get(ORT).microsPerStep();
    for (String side : sides.subList(1, sides.size())) {
      out.printf(Locale.ROOT, "ratio %s / %s: %.3f%n", ORT, side,
          ort / figures.get(side).microsPerStep());
    }
    // The sides compute the same step: their first outputs agree to float32's tolerance.
    double reference = figures.get(LIQUID4J).firstOutput();
    boolean same = true;
    for (Figure f : figures.values()) {
      same &= Math.abs(f.firstOutput() - reference) <= 1e-5 + 1e-3 * Math.abs(reference);
    }
    out.println("first step's output equal on every side within 1e-5 + 1e-3·|y|: " + same);
    return 0;
  }

  private static Predictor load(Path model) {
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("--model " + model + ": no such file");
    }
    try {
      return Predictor.load(model);
    } catch (IOException e) {
      throw new IllegalArgumentException("--model " + model + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code --side side} in a new JVM with this one's options and class path. */
  private static Figure forked(String side, Options o) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OnnxStepLatency.class.getName());
    command.addAll(o.forSide(side));
    // Errors come on the same stream, so that a failure's message is its last line.
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code = p.waitFor();
    String[] lines = output.split("\n");
    String last = lines[lines.length - 1];
    if (code != 0 || !last.startsWith("us_per_step ") || lines.length < 2
        || !lines[lines.length - 2].startsWith("first_output ")) {
      throw new IllegalStateException("the " + side + " measurement in a forked JVM failed (exit"
          + " code " + code + "): " + last);
    }
    return new Figure(Double.parseDouble(lines[lines.length - 2].substring(13)),
        Double.parseDouble(last.substring(12)));
  }

  /** One side's measurement in this JVM. */
  static Figure measure(String side, Predictor predictor, Options o) throws OrtException {
    boolean withDt = predictor.preprocessing()
        .map(p -> p.timespans() != Preprocessing.Timespans.NONE).orElse(true);
    int s = predictor.model().inputSize();
    SplittableRandom random = new SplittableRandom(7);
    double[][] xs = new double[OBSERVATIONS][];
    for (int i = 0; i < OBSERVATIONS; i++) {
      xs[i] = random.doubles(s, -1, 1).toArray();
    }
    Stepper stepper = switch (side) {
      case ORT -> new OrtStepper(predictor, xs, withDt, o.ortDefaults());
      case LIQUID4J -> new Liquid4jStepper(predictor, xs, withDt);
      default -> new Liquid4jStepper(predictor.withPrecision(Precision.FLOAT32), xs, withDt);
    };
    try (stepper) {
      // One stream throughout: step k is the k-th since the zero state.
      int k = 0;
      double first = stepper.step(k++);
      while (k < o.warmUp()) {
        stepper.step(k++);
      }
      double[] perStep = new double[o.rounds()];
      double sink = 0;
      for (int r = 0; r < o.rounds(); r++) {
        long start = System.nanoTime();
        for (int i = 0; i < o.steps(); i++) {
          sink += stepper.step(k++);
        }
        perStep[r] = (System.nanoTime() - start) / 1e3 / o.steps();
      }
      if (Double.isNaN(sink)) {
        throw new IllegalArgumentException("the model's outputs are NaN");
      }
      Arrays.sort(perStep);
      return new Figure(first, perStep[o.rounds() / 2]);
    }
  }

  /**
   * One stream of a side: step {@code i} (0, 1, 2, ... in turn, since the zero state) takes
   * observation {@code i} of the cycle and gives its output's first value.
   */
  interface Stepper extends AutoCloseable {
    double step(int i) throws OrtException;

    @Override
    void close() throws OrtException;
  }

  /** liquid4j's own streaming step. */
  static final class Liquid4jStepper implements Stepper {
    private final Predictor.Session session;
    private final double[][] xs;
    private final boolean withDt;

    Liquid4jStepper(Predictor predictor, double[][] xs, boolean withDt) {
      this.session = predictor.newSession();
      this.xs = xs;
      this.withDt = withDt;
    }

    @Override
    public double step(int i) {
      double[] x = xs[i % OBSERVATIONS];
      return (withDt ? session.step(x, DTS[i % DTS.length]) : session.step(x))[0];
    }

    @Override
    public void close() {}
  }

  /** The float32 ONNX step form in ONNX Runtime, the state carried between two pinned buffers. */
  static final class OrtStepper implements Stepper {
    private final OrtSession session;
    private final float[][] xs;
    private final boolean withDt;
    private final FloatBuffer x;
    private final FloatBuffer dt;
    private final FloatBuffer y;
    private final List<OnnxTensor> tensors = new ArrayList<>();
    /** Inputs and pinned outputs of even steps ([0]) and odd steps ([1]). */
    private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
    private final List<Map<String, OnnxTensor>> outputs = new ArrayList<>();

    OrtStepper(Predictor predictor, double[][] xs, boolean withDt, boolean ortDefaults)
        throws OrtException {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      byte[] model = OnnxExport.builder().form(Form.STEP).precision(Precision.FLOAT32).build()
          .toBytes(predictor.model(), predictor.preprocessing().orElse(null));
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        if (!ortDefaults) {
          options.setIntraOpNumThreads(1);
          options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        }
        session = env.createSession(model, options);
      }
      this.withDt = withDt;
      this.xs = new float[xs.length][];
      for (int i = 0; i < xs.length; i++) {
        this.xs[i] = new float[xs[i].length];
        for (int k = 0; k < xs[i].length; k++) {
          this.xs[i][k] = (float) xs[i][k];
        }
      }
      int s = xs[0].length;
      int n = (int) ((TensorInfo) session.getInputInfo().get("h").getInfo()).getShape()[1];
      int m = (int) ((TensorInfo) session.getOutputInfo().get("y").getInfo()).getShape()[1];
      boolean mixed = session.getInputNames().contains("c");
      x = direct(s);
      dt = direct(1);
      y = direct(m);
      OnnxTensor tx = tensor(env, x, s);
      OnnxTensor tdt = tensor(env, dt, 1);
      OnnxTensor ty = tensor(env, y, m);
      OnnxTensor[] h = {tensor(env, direct(n), n), tensor(env, direct(n), n)};
      OnnxTensor[] c = mixed ? new OnnxTensor[] {tensor(env, direct(n), n),
          tensor(env, direct(n), n)} : null;
      for (int k = 0; k < 2; k++) {
        Map<String, OnnxTensor> in = new LinkedHashMap<>(Map.of("x", tx, "dt", tdt, "h", h[k]));
        Map<String, OnnxTensor> pinned = new LinkedHashMap<>(Map.of("y", ty, "h_next", h[1 - k]));
        if (mixed) {
          in.put("c", c[k]);
          pinned.put("c_next", c[1 - k]);
        }
        inputs.add(in);
        outputs.add(pinned);
      }
    }

    private static FloatBuffer direct(int size) {
      return ByteBuffer.allocateDirect(4 * size).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A (1, size) tensor over {@code buffer}'s memory: writing the buffer changes the tensor. */
    private OnnxTensor tensor(OrtEnvironment env, FloatBuffer buffer, int size)
        throws OrtException {
      OnnxTensor t = OnnxTensor.createTensor(env, buffer, new long[] {1, size});
      tensors.add(t);
      return t;
    }

    @Override
    public double step(int i) throws OrtException {
      x.put(0, xs[i % OBSERVATIONS]);
      dt.put(0, withDt ? DTS[i % DTS.length] : 1f);
      try (OrtSession.Result r = session.run(inputs.get(i & 1), outputs.get(i & 1))) {
        return y.get(0);
      }
    }

    @Override
    public void close() throws OrtException {
      for (OnnxTensor t : tensors) {
        t.close();
      }
      session.close();
    }
  }
}
