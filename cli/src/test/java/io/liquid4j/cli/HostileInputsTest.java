package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 16: bad command lines a hostile user would try, across every command, each run in process
 * in a folder of its own that holds a model, inputs, a CSV file, a checkpoint, a file standing for
 * a user's precious output, a named pipe, a symbolic link, a dangling link, a device and a
 * directory. Each must end with exit code 2 and exactly one line on standard error that starts as
 * Main formats errors, names the option as spelled or the file (the case's expected text), shows
 * no Java class name or stack frame, and leaves every file of the folder as it was, with no
 * temporary file left behind and nothing new written.
 *
 * <p>At the end one line says {@code N bad inputs tried, N clear one-line errors, N anything
 * else} (also written to {@code target/hostile-inputs-summary.txt}); the class fails unless the
 * last figure is 0.
 */
class HostileInputsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** No case may take longer; a case that does is a hang. */
  private static final long CASE_TIMEOUT_S = 60;

  /** A value of 5 MB, as a hostile user pastes into an option. */
  private static final String BIG = "7".repeat(5 << 20);

  /** Texts that betray an internal error rather than a message written for the user. */
  private static final List<String> FORBIDDEN = List.of("Exception", "\tat ", "java.",
      "io.liquid4j.");

  /** liquid4j's own temporary files: {@code .NAME.HEX.tmp}. */
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-fA-F]+\\.tmp");

  /**
   * Cases that are known not to give a clean error yet, by their command line as written in the
   * table, with why. They still run and still count as "anything else"; each entry must be
   * removed when its cause is fixed (a listed case that passes fails the class too).
   */
  private static final Map<String, String> KNOWN_FAILURES = Map.of();

  @TempDir static Path root;

  private static byte[] example;
  private static byte[] exampleInput;
  private static byte[] csv;
  private static byte[] trained;
  private static byte[] checkpoint;
  private static boolean fifos;

  private static final AtomicInteger TRIED = new AtomicInteger();
  private static final AtomicInteger CLEAR = new AtomicInteger();
  private static final List<String> OTHER = new ArrayList<>();
  private static final Map<Integer, String> RESULTS = new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Writes a file of the case's folder, or makes something there, before the command runs. */
  @FunctionalInterface
  interface Setup {
    void in(Path dir) throws Exception;
  }

  /**
   * One bad command line: its arguments as one string split at spaces, where {@code @NAME} is the
   * file NAME of the case's folder, {@code {BIG}} a 5 MB value and {@code {EMPTY}} an empty
   * argument; the texts the error line must contain (written the same way, separated by {@code
   * &&}); and what to put in the folder beside the standard files.
   */
  record Case(int id, String line, String expect, Setup setup) {
    @Override
    public String toString() {
      return "#" + id + " " + (line.length() <= 150 ? line : line.substring(0, 150) + "…");
    }
  }

  // ------------------------------------------------------------------------------- fixtures

  @BeforeAll
  static void fixtures() throws Exception {
    Path home = Path.of(System.getProperty("liquid4j.home"), "examples", "ltc-autoncp16");
    example = Files.readAllBytes(home.resolve("model.safetensors"));
    exampleInput = Files.readAllBytes(home.resolve("input.npy"));
    StringBuilder s = new StringBuilder("signal,label\n");
    for (int i = 0; i < 200; i++) {
      double v = Math.sin(i / 5.0);
      s.append(String.format(Locale.ROOT, "%.5f,%d%n", v, v > 0 ? 1 : 0));
    }
    csv = s.toString().getBytes(StandardCharsets.UTF_8);
    Path shared = Files.createDirectory(root.resolve("shared"));
    Path data = Files.write(shared.resolve("data.csv"), csv);
    CliTest.Result r = CliTest.run("train", "--data", data.toString(), "--features", "signal",
        "--target", "label", "--window", "10", "--stride", "10", "--model", "cfc", "--units",
        "4", "--epochs", "1", "--quiet", "--output", shared.resolve("tm.safetensors").toString(),
        "--checkpoint", shared.resolve("c.ckpt").toString());
    assertEquals(0, r.code(), r.err());
    trained = Files.readAllBytes(shared.resolve("tm.safetensors"));
    checkpoint = Files.readAllBytes(shared.resolve("c.ckpt"));
    fifos = mkfifo(shared.resolve("probe"));
    // Every case's folder, made here so that the named pipes and devices cost one process each
    // for all cases rather than two per case.
    StringBuilder special = new StringBuilder();
    for (Case c : CASES) {
      Path dir = Files.createDirectory(folder(c));
      standardFiles(dir);
      if (fifos) {
        special.append("mkfifo '").append(dir.resolve("p")).append("'\n");
      }
      special.append("mknod '").append(dir.resolve("null")).append("' c 1 3 2>/dev/null\n");
    }
    exec("sh", "-c", special.toString());
  }

  private static Path folder(Case c) {
    return root.resolve(String.format(Locale.ROOT, "c%03d", c.id()));
  }

  private static boolean mkfifo(Path p) {
    return exec("mkfifo", p.toString());
  }

  private static boolean exec(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The files every case finds in its folder: m.safetensors (the example LTC model), x.npy (its
   * input, (3, 8, 2) float32), data.csv (signal,label), tm.safetensors (a CfC trained on data.csv
   * with preprocessing), c.ckpt (that run's checkpoint), precious.npy (a user's file), p (a named
   * pipe), l.npy (a link to precious.npy), dangling (a link to nothing), ldir (a link to dir),
   * null (a private character device 1,3 where mknod is allowed), dir/ with a file inside.
   */
  private static void standardFiles(Path dir) throws IOException {
    Files.write(dir.resolve("m.safetensors"), example);
    Files.write(dir.resolve("x.npy"), exampleInput);
    Files.write(dir.resolve("data.csv"), csv);
    Files.write(dir.resolve("tm.safetensors"), trained);
    Files.write(dir.resolve("c.ckpt"), checkpoint);
    byte[] precious = new byte[777];
    new SplittableRandom(dir.getFileName().toString().hashCode()).nextBytes(precious);
    Files.write(dir.resolve("precious.npy"), precious);
    Files.createSymbolicLink(dir.resolve("l.npy"), dir.resolve("precious.npy"));
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nothing-here"));
    Path sub = Files.createDirectory(dir.resolve("dir"));
    Files.writeString(sub.resolve("inside.txt"), "kept");
    Files.createSymbolicLink(dir.resolve("ldir"), sub);
  }

  // ---------------------------------------------------------------------- hostile file makers

  /** A .npy file with the given header dictionary and data bytes (header padded as NumPy's). */
  static byte[] npy(String dict, byte[] data) {
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
    return b.array();
  }

  /** A float32 .npy of {@code shape} holding {@code values} repeated. */
  static byte[] f32(int[] shape, float... values) {
    int n = 1;
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      n *= d;
      dims.append(d).append(", ");
    }
    ByteBuffer data = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      data.putFloat(values.length == 0 ? (i % 7) / 7f : values[i % values.length]);
    }
    return npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }",
        data.array());
  }

  private static Setup write(String name, byte[] bytes) {
    return dir -> Files.write(dir.resolve(name), bytes);
  }

  private static Setup write(String name, String text) {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of {@code model} whose safetensors {@code __metadata__} is changed by {@code edit}. */
  static byte[] withMetadata(byte[] model, UnaryOperator<Map<String, String>> edit) {
    try {
      SafetensorsFile f = Safetensors.read(model, "m");
      Map<String, String> meta = edit.apply(new LinkedHashMap<>(f.metadata()));
      return Safetensors.toBytes(f.tensorList(), meta);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The example model with {@code from} replaced by {@code to} in its stored config. */
  private static Setup config(String name, String from, String to) {
    return dir -> {
      byte[] bytes = withMetadata(example, m -> {
        assertTrue(m.get("config").contains(from), m.get("config"));
        m.put("config", m.get("config").replace(from, to));
        return m;
      });
      Files.write(dir.resolve(name), bytes);
    };
  }

  /** The example model with the metadata entry {@code key} set to {@code value}. */
  private static Setup meta(String name, String key, String value) {
    return dir -> Files.write(dir.resolve(name), withMetadata(example, m -> {
      if (value == null) {
        m.remove(key);
      } else {
        m.put(key, value);
      }
      return m;
    }));
  }

  /** The trained model with its preprocessing JSON changed by {@code edit}. */
  @SuppressWarnings("unchecked")
  private static Setup preprocessing(String name, UnaryOperator<Map<String, Object>> edit) {
    return dir -> Files.write(dir.resolve(name), withMetadata(trained, m -> {
      Map<String, Object> p = JSON.readValue(m.get("preprocessing"), LinkedHashMap.class);
      m.put("preprocessing", JSON.writeValueAsString(edit.apply(p)));
      return m;
    }));
  }

  /** The trained model with its preprocessing JSON text changed by {@code edit}. */
  private static Setup preprocessingText(String name, UnaryOperator<String> edit) {
    return dir -> Files.write(dir.resolve(name), withMetadata(trained, m -> {
      m.put("preprocessing", edit.apply(m.get("preprocessing")));
      return m;
    }));
  }

  /**
   * The trained model as an earlier release wrote it (metadata "data" and "input_scaling" instead
   * of "preprocessing"), with the "data" map changed by {@code data} and the scaling text by
   * {@code scaling}.
   */
  @SuppressWarnings("unchecked")
  static byte[] legacy(UnaryOperator<Map<String, Object>> data, UnaryOperator<String> scaling) {
    return withMetadata(trained, m -> {
      Map<String, Object> p = JSON.readValue(m.remove("preprocessing"), LinkedHashMap.class);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("features", p.get("features"));
      d.put("target", "label");
      d.put("timestamp", null);
      d.put("task", "classification");
      d.put("window", 10);
      d.put("stride", 10);
      d.put("per_step", true);
      d.put("class_names", p.get("classes"));
      m.put("data", JSON.writeValueAsString(data.apply(d)));
      String s = scaling.apply(JSON.writeValueAsString(p.get("input_scaling")));
      if (s != null) {
        m.put("input_scaling", s);
      }
      return m;
    });
  }

  private static Setup legacyData(String key, Object value) {
    return dir -> Files.write(dir.resolve("w.safetensors"), legacy(d -> {
      d.put(key, value);
      return d;
    }, s -> s));
  }

  private static Setup legacyScaling(UnaryOperator<String> scaling) {
    return dir -> Files.write(dir.resolve("w.safetensors"), legacy(d -> d, scaling));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> csvLayout(Map<String, Object> p) {
    Map<String, Object> layout = new LinkedHashMap<>((Map<String, Object>) p.get("csv"));
    p.put("csv", layout);
    return layout;
  }

  /** A safetensors file whose 8-byte header length is {@code n}, followed by {@code rest}. */
  private static byte[] headerLength(long n, String rest) {
    byte[] text = rest.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n)
        .put(text).array();
  }

  // ---------------------------------------------------------------------------- the cases

  private static final List<Case> CASES = new ArrayList<>();

  private static void add(String expect, String line) {
    add(expect, dir -> { }, line);
  }

  private static void add(String expect, Setup setup, String line) {
    CASES.add(new Case(CASES.size() + 1, line, expect, setup));
  }

  /**
   * {@code base} with the options of {@code changes} ({@code --option value} pairs, or flags):
   * an option {@code base} gives has its value replaced, so that picocli does not refuse the line
   * for a repeated option before the value is looked at; others are appended.
   */
  static String with(String base, String changes) {
    List<String> tokens = new ArrayList<>(List.of(base.trim().split(" ")));
    String[] c = changes.trim().split(" ");
    for (int i = 0; i < c.length; i++) {
      boolean valued = i + 1 < c.length && !c[i + 1].startsWith("--");
      int at = tokens.indexOf(c[i]);
      if (at >= 0 && valued && at + 1 < tokens.size()) {
        tokens.set(at + 1, c[++i]);
      } else {
        tokens.add(c[i]);
        if (valued) {
          tokens.add(c[++i]);
        }
      }
    }
    return String.join(" ", tokens);
  }

  /** train on data.csv with small sizes, then {@code more}. */
  private static String train(String more) {
    return with("train --data @data.csv --features signal --target label --window 10 --stride 10"
        + " --epochs 1 --quiet --output @out.safetensors", more);
  }

  /** train with data.csv and units 4 given, then {@code more}. */
  private static String train4(String more) {
    return with(train("--units 4"), more);
  }

  /** The resumable run of the fixture (cfc, 4 units, window 10) with {@code more}. */
  private static String resume(String window, String stride, String more) {
    return "train --data @data.csv --features signal --target label --window " + window
        + " --stride " + stride + " --model cfc --units 4 --epochs 2 --quiet --output"
        + " @out.safetensors --checkpoint @c.ckpt --resume " + more;
  }

  private static final String PREDICT = "predict --model @m.safetensors --input @x.npy ";
  private static final String EVALUATE = "evaluate --model @tm.safetensors ";

  static {
    // ---- no command, unknown command or option
    add("frobnicate", "frobnicate");
    add("--frobnicate", "--frobnicate");
    add("--bogus", PREDICT + "--output @y.npy --bogus");
    add("--units", "info --model @m.safetensors --units 4");
    add("extra", "info --model @m.safetensors extra");

    // ---- predict: the model file
    String y = " --output @y.npy";
    add("@nope.safetensors", "predict --model @nope.safetensors --input @x.npy" + y);
    add("@dir", "predict --model @dir --input @x.npy" + y);
    add("@p", "predict --model @p --input @x.npy" + y);
    add("@null", "predict --model @null --input @x.npy" + y);
    add("/dev/zero", "predict --model /dev/zero --input @x.npy" + y);
    add("@dangling", "predict --model @dangling --input @x.npy" + y);
    add("@ldir", "predict --model @ldir --input @x.npy" + y);
    add("--model", "predict --model {EMPTY} --input @x.npy" + y);
    add("@e.safetensors", write("e.safetensors", new byte[0]),
        "predict --model @e.safetensors --input @x.npy" + y);
    add("@g.safetensors", write("g.safetensors", "this is not a model, just words\n"),
        "predict --model @g.safetensors --input @x.npy" + y);
    add("@x.npy", "predict --model @x.npy --input @x.npy" + y);
    add("@c.ckpt", "predict --model @c.ckpt --input @x.npy" + y);
    add("@h.safetensors", write("h.safetensors", headerLength(1L << 60, "{}")),
        "predict --model @h.safetensors --input @x.npy" + y);
    add("@h.safetensors", write("h.safetensors", headerLength(-1, "{}")),
        "predict --model @h.safetensors --input @x.npy" + y);
    add("@h.safetensors", write("h.safetensors", headerLength(40, "{\"a\": [1, 2, 3")),
        "predict --model @h.safetensors --input @x.npy" + y);
    add("@t.safetensors", dir -> Files.write(dir.resolve("t.safetensors"), Arrays.copyOf(example, example.length / 2)),
        "predict --model @t.safetensors --input @x.npy" + y);
    add("@t.safetensors", dir -> Files.write(dir.resolve("t.safetensors"), Arrays.copyOf(example, 11)),
        "predict --model @t.safetensors --input @x.npy" + y);
    add("@w.safetensors", config("w.safetensors", "\"units\":16", "\"units\":30000"),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", config("w.safetensors", "\"ode_unfolds\":6",
        "\"ode_unfolds\":1000000000"), "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", config("w.safetensors", "\"ode_unfolds\":6", "\"ode_unfolds\":-6"),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", config("w.safetensors", "\"model\":\"LTC\"", "\"model\":\"GRU\""),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", config("w.safetensors", "\"solver\":\"fused\",\"rtol\":1.0E-6",
        "\"solver\":\"dopri5\",\"rtol\":1.0E-300"),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", config("w.safetensors", "\"units\":16", "\"units\":16,\"units\":8"),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", config("w.safetensors", "\"model\":\"LTC\"",
        "\"model\":\"" + "L".repeat(5 << 20) + "\""),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors&&'precision'&&'float8'", config("w.safetensors", "\"mixed_memory\":false",
        "\"mixed_memory\":false,\"precision\":\"float8\""),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors&&'precision'", config("w.safetensors", "\"mixed_memory\":false",
        "\"mixed_memory\":false,\"precision\":32"),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors&&'precision'", config("w.safetensors", "\"mixed_memory\":false",
        "\"mixed_memory\":false,\"precision\":\"" + BIG + "\""),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors&&precision&&dopri5", config("w.safetensors",
        "\"solver\":\"fused\"", "\"precision\":\"float32\",\"solver\":\"dopri5\""),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("--precision&&'float16'", PREDICT + "--output @y.npy --precision float16");
    add("--precision", PREDICT + "--output @y.npy --precision {EMPTY}");
    add("--precision", PREDICT + "--output @y.npy --precision {BIG}");
    add("--precision&&dopri5", config("w.safetensors", "\"solver\":\"fused\"",
        "\"solver\":\"dopri5\""),
        "predict --model @w.safetensors --input @x.npy --output @y.npy --precision float32");
    add("@w.safetensors", config("w.safetensors", "\"input_size\":2", "\"input_size\":\"two\""),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", meta("w.safetensors", "config", "{not json"),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", meta("w.safetensors", "config", null),
        "predict --model @w.safetensors --input @x.npy" + y);
    add("@w.safetensors", meta("w.safetensors", "format_version", "99"),
        "predict --model @w.safetensors --input @x.npy" + y);

    // ---- predict: the inputs
    add("@nope.npy", PREDICT.replace("@x.npy", "@nope.npy") + y);
    add("@dir", PREDICT.replace("@x.npy", "@dir") + y);
    add("@p", PREDICT.replace("@x.npy", "@p") + y);
    add("/dev/zero", PREDICT.replace("@x.npy", "/dev/zero") + y);
    add("@dangling", PREDICT.replace("@x.npy", "@dangling") + y);
    add("@e.npy", write("e.npy", new byte[0]), PREDICT.replace("@x.npy", "@e.npy") + y);
    add("@data.csv", PREDICT.replace("@x.npy", "@data.csv") + y);
    add("@b.npy", write("b.npy", f32(new int[] {3, 8})), PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", f32(new int[] {3, 8, 5})),
        PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", f32(new int[] {0, 8, 2})),
        PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", Arrays.copyOf(f32(new int[] {3, 8, 2}), 150)),
        PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': "
        + "(1000000, 1000000, 2), }", new byte[64])), PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", npy("{'descr': '<U4', 'fortran_order': False, 'shape': "
        + "(3, 8, 2), }", new byte[3 * 8 * 2 * 16])), PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': "
        + "(3, 8, 2), }", new byte[3 * 8 * 2 * 8])), PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", npy("{'descr': '<f4', 'shape': (3, 8, 2), 'shape': "
        + "(3, 8, 2), }", new byte[192])), PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': "
        + "(3, 8, -2), }", new byte[0])), PREDICT.replace("@x.npy", "@b.npy") + y);
    add("@b.npy", write("b.npy", npy("this is no dict", new byte[8])),
        PREDICT.replace("@x.npy", "@b.npy") + y);
    add("--input", "predict --model @m.safetensors" + y);
    add("exclude", PREDICT + "--data @data.csv" + y);
    add("--data", "predict --model @m.safetensors --data @data.csv" + y);
    add("@t.npy", write("t.npy", f32(new int[] {3, 7})), PREDICT + "--timespans @t.npy" + y);
    add("@t.npy", write("t.npy", f32(new int[] {3, 8}, -1f)), PREDICT + "--timespans @t.npy" + y);
    add("@t.npy", write("t.npy", f32(new int[] {3, 8}, Float.NaN)),
        PREDICT + "--timespans @t.npy" + y);
    add("@p", PREDICT + "--timespans @p" + y);
    add("@h0.npy", write("h0.npy", f32(new int[] {3, 5})), PREDICT + "--initial-state @h0.npy"
        + y);
    add("--initial-memory", write("c0.npy", f32(new int[] {3, 16})),
        PREDICT + "--initial-memory @c0.npy" + y);

    // ---- predict: the outputs
    add("@precious.npy", PREDICT + "--output @precious.npy");
    add("@p", PREDICT + "--output @p");
    add("@p", PREDICT + "--output @p --force");
    add("@null", PREDICT + "--output @null --force");
    add("@l.npy", PREDICT + "--output @l.npy");
    add("@l.npy", PREDICT + "--output @l.npy --force");
    add("@dangling", PREDICT + "--output @dangling --force");
    add("@dir", PREDICT + "--output @dir --force");
    add("@ldir", PREDICT + "--output @ldir --force");
    add("@precious.npy", PREDICT + "--output @precious.npy/y.npy --force");
    add("--output", PREDICT + "--output {EMPTY}");
    add("--output and --final-state", PREDICT + "--output @y.npy --final-state @y.npy");
    add("--output and --final-state", PREDICT + "--output @precious.npy --final-state"
        + " @dir/../precious.npy --force");
    add("@precious.npy", PREDICT + "--output @y.npy --final-state @precious.npy");
    add("@l.npy", PREDICT + "--output @y.npy --final-state @l.npy --force");
    add("@x.npy", PREDICT + "--output @x.npy");
    // Folders that cannot be written, even by root: the option and the path are named.
    add("--output&&/proc/y.npy", PREDICT + "--output /proc/y.npy");
    add("--output&&/sys/y.npy", PREDICT + "--output /sys/y.npy");
    add("--output&&/proc/self/y.npy", "wiring --spec {\"type\":\"AutoNCP\",\"units\":16,"
        + "\"output_size\":1} --inputs 2 --output /proc/self/y.npy");

    // ---- import-ncps
    String golden = "--weights @m.safetensors --output @n.safetensors";
    add("@nope.json", "import-ncps --config @nope.json " + golden);
    add("@dir", "import-ncps --config @dir " + golden);
    add("@p", "import-ncps --config @p " + golden);
    add("/dev/zero", "import-ncps --config /dev/zero " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"LTC\", "), "import-ncps --config @cfg.json "
        + golden);
    add("@cfg.json", write("cfg.json", ""), "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "[1, 2, 3]"), "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"LTC\", \"input_size\": 2, \"units\": 4,"
        + " \"input_size\": 3}"), "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"LTC\", \"input_size\": 2,"
        + " \"units\": 40000}"), "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"LTC\", \"input_size\": 0, \"units\": 4}"),
        "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"LTC\", \"input_size\": 2000000000,"
        + " \"units\": 4}"), "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"GRU\", \"input_size\": 2, \"units\": 4}"),
        "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"LTC\", \"input_size\": 2, \"units\": \""
        + "9".repeat(5 << 20) + "\"}"), "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"LTC\", \"input_size\": 2, \"units\": 4,"
        + " \"ode_unfolds\": 1000000000}"), "import-ncps --config @cfg.json " + golden);
    add("@cfg.json", write("cfg.json", "{\"model\": \"LTC\", \"input_size\": 2, \"units\":"
        + " {\"type\": \"AutoNCP\", \"units\": 16, \"output_size\": 99}}"),
        "import-ncps --config @cfg.json " + golden);
    String config = "import-ncps --config @cfg.json ";
    Setup ltc2x16 = write("cfg.json", "{\"model\": \"LTC\", \"input_size\": 2, \"units\": 16}");
    add("@nope.safetensors", ltc2x16, config + "--weights @nope.safetensors --output"
        + " @n.safetensors");
    add("@x.npy", ltc2x16, config + "--weights @x.npy --output @n.safetensors");
    add("@p", ltc2x16, config + "--weights @p --output @n.safetensors");
    add("@m.safetensors", ltc2x16, config + "--weights @m.safetensors --output @n.safetensors");
    add("@precious.npy", ltc2x16, config + "--weights @m.safetensors --output @precious.npy");
    add("@p", ltc2x16, config + "--weights @m.safetensors --output @p --force");
    add("@l.npy", ltc2x16, config + "--weights @m.safetensors --output @l.npy --force");
    add("@m.safetensors", ltc2x16, config + "--weights @m.safetensors --output @m.safetensors");
    add("--config", "import-ncps --weights @m.safetensors --output @n.safetensors");

    // ---- info
    add("@nope.safetensors", "info --model @nope.safetensors");
    add("@dir", "info --model @dir");
    add("@p", "info --model @p");
    add("/dev/zero", "info --model /dev/zero");
    add("@dangling", "info --model @dangling");
    add("@g.safetensors", write("g.safetensors", "{\"model\": \"LTC\"}"),
        "info --model @g.safetensors");
    add("@w.safetensors", config("w.safetensors", "\"units\":16", "\"units\":30000"),
        "info --model @w.safetensors");
    add("@w.safetensors", config("w.safetensors", "\"sparsity_level\":0.5",
        "\"sparsity_level\":7.5"), "info --model @w.safetensors");
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("task", "RANKING");
      return p;
    }), "info --model @w.safetensors");
    add("@w.safetensors", preprocessingText("w.safetensors", t -> "[1, 2]"),
        "info --model @w.safetensors");
    add("--model", "info");

    // ---- evaluate: tampered preprocessing
    String onData = " --data @data.csv";
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("task", "RANKING");
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("task", 42);
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("input_scaling", "twice");
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("input_scaling", List.of(1, 2, 3, 4, 5));
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("data", 42);
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("data", Map.of("kind", "telepathy"));
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      csvLayout(p).put("window", -5);
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    // The data file is named, with the window the model asks for.
    add("@data.csv&&fewer than one window of 1000000000", preprocessing("w.safetensors", p -> {
      csvLayout(p).put("window", 1_000_000_000);
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      csvLayout(p).put("window", "sixteen");
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      csvLayout(p).put("stride", 0);
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("csv", List.of());
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("classes", "all of them");
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("features", List.of(1, 2));
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      p.put("features", "Z".repeat(5 << 20));
      return p;
    }), "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessingText("w.safetensors", t -> "scaled by 2"),
        "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessingText("w.safetensors", t -> "null"),
        "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessingText("w.safetensors", t -> "{}"),
        "evaluate --model @w.safetensors" + onData);
    add("@w.safetensors", preprocessingText("w.safetensors",
        t -> "{\"task\": \"classification\", " + t.substring(1)),
        "evaluate --model @w.safetensors" + onData);

    // ---- evaluate: tampered metadata of an earlier release's model (issue 16, case 7)
    String legacyRun = "evaluate --model @w.safetensors --data @data.csv";
    add("@w.safetensors&&'task'", legacyData("task", "RANKING"), legacyRun);
    add("@w.safetensors&&'task'", legacyData("task", 42), legacyRun);
    add("@w.safetensors&&'task'", legacyData("task", null), legacyRun);
    add("@w.safetensors&&'window'", legacyData("window", "ten"), legacyRun);
    add("@w.safetensors&&'window'", legacyData("window", -1), legacyRun);
    add("@w.safetensors&&'window'", legacyData("window", 1_000_000_000_000L), legacyRun);
    add("@w.safetensors&&'stride'", legacyData("stride", 0), legacyRun);
    add("@w.safetensors&&'features'", legacyData("features", "signal"), legacyRun);
    add("@w.safetensors&&'features[0]'", legacyData("features", List.of(1)), legacyRun);
    add("@w.safetensors&&'features'", legacyData("features", List.of()), legacyRun);
    add("@w.safetensors&&'class_names'", legacyData("class_names", 2), legacyRun);
    add("@w.safetensors&&'class_names'", legacyData("class_names", null), legacyRun);
    add("@w.safetensors&&'per_step'", legacyData("per_step", "yes"), legacyRun);
    add("@w.safetensors&&'target'", legacyData("target", 5), legacyRun);
    add("@w.safetensors&&'frobnicate'", legacyData("frobnicate", 1), legacyRun);
    add("@w.safetensors&&'input_scaling'", legacyScaling(t -> "scaled by 2"), legacyRun);
    add("@w.safetensors&&'input_scaling'", legacyScaling(t -> null), legacyRun);
    add("@w.safetensors&&'input_scaling'", legacyScaling(t -> "[1, 2]"), legacyRun);
    add("@w.safetensors&&'input_scaling'", legacyScaling(t -> t.replace("\"mean\":[",
        "\"mean\":[1,")), legacyRun);
    add("@w.safetensors&&'input_scaling'", legacyScaling(t -> t.replace("\"std\":[",
        "\"std\":\"wide\",\"x\":[")), legacyRun);
    add("@w.safetensors&&'data'", dir -> Files.write(dir.resolve("w.safetensors"),
        withMetadata(legacy(d -> d, t -> t), m -> {
          m.put("data", "not json");
          return m;
        })), legacyRun);
    add("@w.safetensors&&'data'", dir -> Files.write(dir.resolve("w.safetensors"),
        withMetadata(legacy(d -> d, t -> t), m -> {
          m.put("data", "[1, 2]");
          return m;
        })), legacyRun);

    // ---- evaluate: the data
    add("@nope.csv", EVALUATE + "--data @nope.csv");
    add("@dir", EVALUATE + "--data @dir");
    add("@p", EVALUATE + "--data @p");
    add("/dev/zero", EVALUATE + "--data /dev/zero");
    add("@e.csv", write("e.csv", ""), EVALUATE + "--data @e.csv");
    add("@e.csv", write("e.csv", "signal,label\n"), EVALUATE + "--data @e.csv");
    add("@e.csv", write("e.csv", "other,label\n1,0\n2,1\n"), EVALUATE + "--data @e.csv");
    add("@e.csv", write("e.csv", "signal,label\n" + "0.5,1\n".repeat(30) + "abc,1\n"),
        EVALUATE + "--data @e.csv");
    add("@e.csv", write("e.csv", "signal,label\n" + "0.5,1\n".repeat(30) + "0.5\n"),
        EVALUATE + "--data @e.csv");
    add("@e.csv", write("e.csv", "signal,label\n" + "0.5,1\n".repeat(30) + "0.5,7\n"),
        EVALUATE + "--data @e.csv");
    add("@e.csv", write("e.csv", "signal,label\n" + "0.5,1\n".repeat(30) + BIG + ",1\n"),
        EVALUATE + "--data @e.csv");
    add("@e.csv", write("e.csv", "signal,label\n" + "NaN,1\n".repeat(30)),
        EVALUATE + "--data @e.csv");
    add("@e.csv", write("e.csv", "signal,signal,label\n" + "0.5,0.5,1\n".repeat(30)),
        EVALUATE + "--data @e.csv");
    add("--threads", EVALUATE + "--data @data.csv --threads 0");
    add("--threads", EVALUATE + "--data @data.csv --threads abc");
    add("--threads", EVALUATE + "--data @data.csv --threads " + BIG);
    add("--targets", EVALUATE + "--inputs @x.npy");
    add("exclude", EVALUATE + "--data @data.csv --inputs @x.npy --targets @x.npy");
    add("@yy.npy", write("yy.npy", f32(new int[] {5, 1})), "evaluate --model @m.safetensors"
        + " --inputs @x.npy --targets @yy.npy");
    add("@mm.npy", write("mm.npy", f32(new int[] {3, 5})), "evaluate --model @m.safetensors"
        + " --inputs @x.npy --targets @x.npy --mask @mm.npy");
    add("@p", "evaluate --model @m.safetensors --inputs @x.npy --targets @p");

    // ---- train: option values
    for (String bad : List.of("--units 0", "--units -1", "--units 40000", "--units abc",
        "--units {EMPTY}", "--units {BIG}", "--units 1e3", "--epochs 0", "--epochs -1",
        "--epochs abc", "--batch 0", "--batch -5", "--batch 99999999999", "--lr 0", "--lr -1",
        "--lr NaN", "--lr Infinity", "--lr abc", "--lr {EMPTY}", "--window 0", "--window -1",
        "--window 1000000", "--stride 0", "--stride -3", "--test 2", "--test -0.1",
        "--test NaN", "--validation 1.5", "--validation NaN", "--threads 0", "--threads -1",
        "--seed abc", "--clip-norm -1", "--clip-norm NaN", "--patience -1", "--model gru",
        "--model {EMPTY}", "--solver rk9", "--wiring spaghetti", "--optimizer adagrad",
        "--schedule bogus", "--schedule step:0", "--schedule cosine:-1",
        "--schedule {BIG}", "--task ranking", "--class-weights 1,-1", "--class-weights abc",
        "--class-weights NaN,1", "--betas 1.5,0.9", "--betas 0.9", "--eps -1",
        "--weight-decay NaN", "--optimizer sgd --momentum -1",
        "--time-unit fortnight --timestamp signal", "--time-unit 0s --timestamp signal",
        "--l2 -1", "--l2 NaN", "--l2 abc", "--clip-tensor-norm -1", "--clip-tensor-norm NaN",
        "--schedule-per hourly", "--schedule-per {EMPTY}", "--schedule-per {BIG}",
        "--schedule-per batch --schedule plateau", "--time-budget 0", "--time-budget -5",
        "--time-budget NaN", "--time-budget abc", "--drop-last --batch 100000",
        "--schedule decay:0.5", "--schedule decay:x:5", "--schedule decay:0.5:0",
        "--schedule decay:0.5:5:stairs")) {
      // A window longer than the file: the file is named with the window asked for.
      String option = bad.contains("--momentum") ? "--momentum"
          : bad.equals("--window 1000000") ? "@data.csv&&fewer than one window of 1000000"
          : bad.split(" ")[0];
      add(option, bad.startsWith("--units") || bad.startsWith("--model")
          ? train(bad) : train4(bad));
    }
    add("--precision&&'float16'", train4("--precision float16"));
    add("--precision", train4("--precision {EMPTY}"));
    add("--precision", train4("--precision {BIG}"));
    add("--precision&&ctrnn", train4("--model ctrnn --precision float32"));
    add("--precision&&dopri5", train4("--solver dopri5 --precision float32"));
    add("--precision&&differs", train("--model-spec {\"model\":\"cfc\",\"units\":4,"
        + "\"precision\":\"float32\"} --precision float64"));
    add("--model-spec&&precision&&ctrnn", train("--model-spec {\"model\":\"ctrnn\",\"units\":4,"
        + "\"precision\":\"float32\"}"));
    // A column that is not in the file: the file and the column are named.
    add("@data.csv&&no column 'nosuchcolumn'", train4("--features nosuchcolumn"));
    add("@data.csv&&no column ''", train4("--features {EMPTY}"));
    add("@data.csv&&no column 'nosuchcolumn'", train4("--target nosuchcolumn"));
    add("@data.csv&&no column 'nosuchcolumn'", train4("--timestamp nosuchcolumn"));
    add("@data.csv&&timestamp", train4("--timestamp label"));
    add("--model-spec", train("--model-spec {\"model\":\"cfc\",\"units\":4,\"units\":8}"));
    add("--model-spec", train("--model-spec {\"model\":\"" + BIG + "\"}"));
    add("--model-spec", train("--model-spec {\"model\":\"ltc\",\"units\":40000}"));
    add("--model-spec", train("--model-spec {\"model\":\"ltc\",\"units\":4,\"ode_unfolds\""
        + ":1000000000}"));
    add("--model-spec", train("--model-spec {\"model\":\"ltc\",\"units\":4,\"frobnicate\":1}"));
    add("--model-spec", train("--model-spec {not-json"));
    add("--model-spec", train("--model-spec @nope.json"));
    add("--model-spec", train("--model-spec @p"));
    add("--model-spec", train("--model-spec @dir"));
    add("--model-spec", train("--model-spec {\"model\":\"cfc\",\"units\":4} --units 8"));
    add("@nope.csv", train4("--data @nope.csv").replace("--data @data.csv ", ""));
    add("@dir", train4("--data @dir").replace("--data @data.csv ", ""));
    add("@p", train4("--data @p").replace("--data @data.csv ", ""));
    add("/dev/zero", train4("--data /dev/zero").replace("--data @data.csv ", ""));
    add("@e.csv", write("e.csv", ""), train4("--data @e.csv").replace("--data @data.csv ", ""));
    add("@e.csv", write("e.csv", "signal,label\n" + "0.5,1\n".repeat(10) + "x,1\n"
        + "0.5,1\n".repeat(30)), train4("--data @e.csv").replace("--data @data.csv ", ""));
    add("@e.csv", write("e.csv", "signal,label\n" + "Infinity,1\n0.5,0\n".repeat(40)),
        train4("--data @e.csv").replace("--data @data.csv ", ""));
    add("@e.csv", write("e.csv", "signal,label\n" + "0.5,1\n".repeat(5)),
        train4("--data @e.csv").replace("--data @data.csv ", ""));
    String arrays = "train --units 4 --epochs 1 --quiet --output @out.safetensors ";
    add("@yy.npy", write("yy.npy", f32(new int[] {5})), arrays + "--inputs @x.npy --targets"
        + " @yy.npy");
    add("@yy.npy", write("yy.npy", f32(new int[] {3}, Float.NaN)), arrays + "--inputs @x.npy"
        + " --targets @yy.npy --task regression");
    add("@xx.npy", both(write("xx.npy", f32(new int[] {3, 8, 2}, Float.POSITIVE_INFINITY)),
        write("yy.npy", f32(new int[] {3}, 1f))), arrays + "--inputs @xx.npy --targets @yy.npy");
    add("@mm.npy", write("mm.npy", f32(new int[] {3, 2})), arrays + "--inputs @x.npy --targets"
        + " @x.npy --mask @mm.npy");
    add("--test-targets", arrays + "--inputs @x.npy --targets @x.npy --test-inputs @x.npy");
    add("@nope.csv&&no such file", train4("--validation-data @nope.csv"));

    // ---- train: outputs and checkpoints
    add("@precious.npy", train4("--checkpoint @precious.npy"));
    add("@c.ckpt", train4("--checkpoint @c.ckpt"));
    add("@p", train4("--checkpoint @p --force"));
    add("@l.npy", train4("--checkpoint @l.npy --force"));
    add("@l.npy", train4("--checkpoint @l.npy --resume"));
    add("--output and --checkpoint", train4("--checkpoint @out.safetensors"));
    add("@precious.npy", train4("").replace("@out.safetensors", "@precious.npy"));
    add("@p", train4("--force").replace("@out.safetensors", "@p"));
    add("@null", train4("--force").replace("@out.safetensors", "@null"));
    add("@l.npy", train4("--force").replace("@out.safetensors", "@l.npy"));
    add("@dir", train4("--force").replace("@out.safetensors", "@dir"));
    add("--output", train4("").replace("@out.safetensors", "{EMPTY}"));

    // ---- train --resume with a change
    add("--resume", train4("--resume"));
    add("--window", resume("12", "10", ""));
    add("--stride", resume("10", "5", ""));
    add("--test", resume("10", "10", "--test 0.3"));
    add("--validation", resume("10", "10", "--validation 0.3"));
    add("--seed", resume("10", "10", "--seed 9"));
    add("--lr", resume("10", "10", "--lr 0.1"));
    add("--units", resume("10", "10", "").replace("--units 4", "--units 5"));
    add("--data", dir -> Files.writeString(dir.resolve("other.csv"),
        new String(csv, StandardCharsets.UTF_8).replace("0.00000", "0.12345")), resume("10", "10", "").replace("@data.csv",
        "@other.csv"));
    add("@c.ckpt", write("c.ckpt", "this was a checkpoint once"), resume("10", "10", ""));
    add("@c.ckpt", write("c.ckpt", Arrays.copyOf(new byte[0], 0)), resume("10", "10", ""));
    // (--resume with no checkpoint yet starts from scratch: a restart loop's first run.)
    add("@p", resume("10", "10", "").replace("@c.ckpt", "@p"));
    add("@dir", resume("10", "10", "").replace("@c.ckpt", "@dir"));

    // ---- plot
    String plot = "plot states --model @m.safetensors --input @x.npy --output @o.svg";
    add("kittens", plot.replace("states", "kittens"));
    add("--sample", plot + " --sample -1");
    add("--sample", plot + " --sample 999");
    add("--sample", plot + " --sample abc");
    add("--neurons", plot + " --neurons 99");
    add("--neurons", plot + " --neurons -1");
    add("--neurons", plot + " --neurons abc");
    add("--neurons", plot + " --neurons " + "1,".repeat(40) + "1");
    add("--targets", plot.replace("states", "predictions"));
    add("@b.npy", write("b.npy", f32(new int[] {3, 8, 5})), plot.replace("@x.npy", "@b.npy"));
    add("@p", plot.replace("@x.npy", "@p"));
    add("@o.svg", write("o.svg", "<svg>mine</svg>"), plot);
    add("@p", plot.replace("@o.svg", "@p") + " --force");
    add("@l.npy", plot.replace("@o.svg", "@l.npy") + " --force");
    add("@dir", plot.replace("@o.svg", "@dir") + " --force");
    add("@w.safetensors", preprocessing("w.safetensors", p -> {
      csvLayout(p).put("window", "sixteen");
      return p;
    }), "plot states --model @w.safetensors --data @data.csv --output @o.svg");

    // ---- wiring
    String spec = "{\"type\":\"AutoNCP\",\"units\":16,\"output_size\":1}";
    add("--inputs", "wiring --spec " + spec + " --inputs 0");
    add("--inputs", "wiring --spec " + spec + " --inputs -1");
    add("--inputs", "wiring --spec " + spec + " --inputs 100000000");
    add("--inputs", "wiring --spec " + spec + " --inputs abc");
    add("--inputs", "wiring --spec " + spec);
    add("--spec", "wiring --spec {not-json --inputs 2");
    add("--spec", "wiring --spec {\"type\":\"Spaghetti\",\"units\":4} --inputs 2");
    add("--spec", "wiring --spec {\"type\":\"AutoNCP\",\"units\":0,\"output_size\":1} --inputs 2");
    add("--spec", "wiring --spec {\"type\":\"AutoNCP\",\"units\":40000,\"output_size\":1}"
        + " --inputs 2");
    add("--spec", "wiring --spec {\"type\":\"AutoNCP\",\"units\":16,\"output_size\":99}"
        + " --inputs 2");
    add("--spec", "wiring --spec {\"type\":\"AutoNCP\",\"units\":16,\"output_size\":1,"
        + "\"units\":8} --inputs 2");
    add("--spec", "wiring --spec {\"type\":\"" + BIG + "\"} --inputs 2");
    add("--spec", "wiring --spec {\"type\":\"Random\",\"units\":8,\"sparsity_level\":2}"
        + " --inputs 2");
    add("--spec", "wiring");
    add("@nope.safetensors", "wiring --model @nope.safetensors");
    add("@p", "wiring --model @p");
    add("@p", "wiring --spec " + spec + " --inputs 2 --output @p.svg --force".replace("@p.svg",
        "@p"));
    add("@l.npy", "wiring --spec " + spec + " --inputs 2 --output @l.npy --force");
    add("@precious.npy", "wiring --spec " + spec + " --inputs 2 --output @precious.npy");

    // ---- reservoir
    for (String bad : List.of("--units 0", "--units -1", "--units 40000", "--units abc",
        "--length 0", "--length -1", "--length 2000000000", "--leak 0", "--leak 2",
        "--leak NaN", "--spectral-radius 0", "--spectral-radius -1", "--spectral-radius NaN",
        "--connectivity 0", "--connectivity 1.5", "--input-connectivity 0", "--ridge -1",
        "--ridge NaN", "--task chaos", "--readout magic", "--train 20000",
        "--horizon -3", "--repeat 0", "--generate -1", "--forgetting 0", "--forgetting 2",
        "--weights cauchy", "--input-weights cauchy", "--warmup -1", "--plot-steps 0",
        "--input-scaling NaN", "--seed abc", "--alpha 0", "--learning-rate -1")) {
      add(bad.split(" ")[0], with("reservoir --quiet --units 20 --length 300 --train 200"
          + " --test 50 --warmup 10", bad));
    }
    String reservoir = "reservoir --quiet --units 20 --length 300 --train 200 --test 50"
        + " --warmup 10 --output ";
    add("@p", reservoir + "@p --force");
    add("@l.npy", reservoir + "@l.npy --force");
    add("@precious.npy", reservoir + "@precious.npy");

    // ---- spike
    add("--method", "spike seed-example --method bogus");
    add("@p", "spike seed-example --output @p --force");
    add("@l.npy", "spike seed-example --traces @l.npy --force");
    add("--output and --traces", "spike seed-example --output @o.svg --traces @o.svg");
    add("--duration", "spike cuba --quiet --duration 0");
    add("--duration", "spike cuba --quiet --duration -1");
    add("--duration", "spike cuba --quiet --duration NaN");
    add("--duration", "spike cuba --quiet --duration 1000000000");
    add("--repeat", "spike cuba --quiet --repeat 0");
    for (String bad : List.of("--grid 0x0x0", "--grid 1000x1000x1000", "--grid axbxc",
        "--grid 3x3", "--grid {BIG}", "--classes 0", "--pairs 0", "--pairs -1", "--jitter -1",
        "--jitter NaN", "--lambda -1", "--lambda NaN", "--train 0", "--test -1")) {
      add(bad.split(" ")[0], "spike lsm --quiet " + bad);
    }
    add("@precious.npy", "spike lsm --quiet --output @precious.npy");

    // ---- demo, experiment, bench, expressivity, sweep-chart
    add("--epochs", "demo --quiet --epochs 0 --output @demo");
    add("--epochs", "demo --quiet --epochs -1 --output @demo");
    add("--threads", "demo --quiet --threads 0 --output @demo");
    add("@nope", "demo --quiet --epochs 1 --datasets @nope --output @demo");
    add("@precious.npy", "demo --quiet --epochs 1 --datasets @precious.npy --output @demo");
    add("--output: expected a folder&&@precious.npy",
        "demo --quiet --epochs 1 --output @precious.npy");
    add("--output: expected a folder&&@p", "demo --quiet --epochs 1 --output @p --force");
    add("DATASET&&kittens", "experiment --quiet kittens");
    add("--model", "experiment --quiet --epochs 1 --model gru occupancy");
    add("--epochs", "experiment --quiet --epochs 0 occupancy");
    add("--init", "experiment --quiet --epochs 1 --init bogus occupancy");
    add("--threads", "experiment --quiet --epochs 1 --threads 0 occupancy");
    add("@nope", "experiment --quiet --epochs 1 --datasets @nope occupancy");
    add("@dir", "experiment --quiet --epochs 1 --datasets @dir occupancy");
    add("--only", "bench --quiet --only bogus");
    add("--repetitions", "bench --quiet --repetitions 0 --only infer_cfc_step_s");
    add("--repetitions", "bench --quiet --repetitions -1 --only infer_cfc_step_s");
    add("--warm-up", "bench --quiet --warm-up -1 --only infer_cfc_step_s");
    add("--warm-up", "bench --quiet --warm-up NaN --only infer_cfc_step_s");
    add("--precision&&'float16'", "bench --quiet --precision float16 --only infer_cfc_step_s");
    add("--precision", "bench --quiet --precision {BIG} --only infer_cfc_step_s");
    add("--precision&&--peak", "bench --quiet --peak --precision float32");
    for (String bad : List.of("--width 0", "--width -1", "--width 40000", "--depth 0",
        "--depth 100000", "--samples 0", "--samples -1", "--samples 1000000000",
        "--activation bogus", "--solver bogus", "--sigma-w NaN", "--sigma-w -1",
        "--sigma-b Infinity", "--seed abc")) {
      add(bad.split(" ")[0], with("expressivity --samples 20 --width 4", bad));
    }
    add("@p", "expressivity --samples 20 --width 4 --output @p --force");
    add("@l.npy", "expressivity --samples 20 --width 4 --output @l.npy --force");
    String chart = "sweep-chart --output @o.svg --table ";
    add("@nope.csv", chart + "@nope.csv");
    add("@dir", chart + "@dir");
    add("@p", chart + "@p");
    add("/dev/zero", chart + "/dev/zero");
    add("@s.csv", write("s.csv", ""), chart + "@s.csv");
    add("@s.csv", write("s.csv", "a,b,c\n1,2,3\n"), chart + "@s.csv");
    add("@s.csv", write("s.csv", "run,model,validation_loss\n1,ltc,abc\n"), chart + "@s.csv");
    add("@s.csv", write("s.csv", "run,model,validation_loss\n1,ltc\n"), chart + "@s.csv");
    add("@s.csv", write("s.csv", "run,model,validation_loss\n1,ltc," + BIG + "\n"),
        chart + "@s.csv");
    add("--figure", write("s.csv", "run,model,validation_loss\n1,ltc,0.5\n"),
        chart + "@s.csv --figure bogus");
    add("@p", write("s.csv", "run,model,validation_loss\n1,ltc,0.5\n"),
        "sweep-chart --table @s.csv --output @p --force");
    add("@l.npy", write("s.csv", "run,model,validation_loss\n1,ltc,0.5\n"),
        "sweep-chart --table @s.csv --output @l.npy --force");
  }

  private static Setup both(Setup a, Setup b) {
    return dir -> {
      a.in(dir);
      b.in(dir);
    };
  }

  /**
   * The untampered copies that the tampered cases start from are accepted, so that each refusal
   * is about the tampering.
   */
  @org.junit.jupiter.api.Test
  void theUntamperedStartingPointsAreAccepted() throws Exception {
    Path dir = Files.createDirectory(root.resolve("control"));
    standardFiles(dir);
    Files.write(dir.resolve("legacy.safetensors"), legacy(d -> d, t -> t));
    Files.write(dir.resolve("same.safetensors"), withMetadata(trained, m -> m));
    for (String model : List.of("tm.safetensors", "legacy.safetensors", "same.safetensors")) {
      CliTest.Result r = CliTest.run("evaluate", "--model", dir.resolve(model).toString(),
          "--data", dir.resolve("data.csv").toString());
      assertEquals(0, r.code(), model + ": " + r.err());
    }
    CliTest.Result r = CliTest.run("predict", "--model", dir.resolve("m.safetensors").toString(),
        "--input", dir.resolve("x.npy").toString(), "--output", dir.resolve("y.npy").toString());
    assertEquals(0, r.code(), r.err());
    r = CliTest.run(with(train("--units 4"), "--checkpoint @c2.ckpt").replace("@",
        dir + "/").split(" "));
    assertEquals(0, r.code(), r.err());
    r = CliTest.run(resume("10", "10", "").replace("@out.safetensors", "@out2.safetensors")
        .replace("@", dir + "/").split(" "));
    assertEquals(0, r.code(), "an unchanged resume continues: " + r.err());
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  // ------------------------------------------------------------------------------ running

  private static final Pattern FILE = Pattern.compile("@([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*)");

  private static String expand(String token, Path dir) {
    if (token.equals("{EMPTY}")) {
      return "";
    }
    Matcher m = FILE.matcher(token.replace("{BIG}", BIG));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(dir.resolve(m.group(1)).toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Everything in {@code dir}, without following links: type and content of each entry. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        String what;
        if (a.isSymbolicLink()) {
          what = "link to " + Files.readSymbolicLink(p);
        } else if (a.isDirectory()) {
          what = "directory";
        } else if (a.isRegularFile()) {
          what = "file " + sha256(Files.readAllBytes(p));
        } else {
          what = "special " + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)
              + " " + Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        }
        files.put(dir.relativize(p).toString(), what);
      }
    }
    return files;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the command on a daemon thread, so that a hang is reported instead of waited for. */
  private static CliTest.Result runWithin(String[] args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    FutureTask<Integer> task = new FutureTask<>(() ->
        Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true)));
    Thread t = new Thread(task, "hostile-case");
    t.setDaemon(true);
    t.start();
    try {
      int code = task.get(CASE_TIMEOUT_S, TimeUnit.SECONDS);
      return new CliTest.Result(code, out.toString(), err.toString());
    } catch (TimeoutException e) {
      t.interrupt();
      return null;
    } catch (ExecutionException e) {
      throw new AssertionError("escaped Main.run: " + e.getCause(), e.getCause());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadCommandLineIsOneClearLineAndChangesNothing(Case c) throws Exception {
    Path dir = folder(c);
    // Only root may make the device; elsewhere "@null" would name a missing file, which --force
    // then rightly creates, so those cases are not tried (and not counted).
    org.junit.jupiter.api.Assumptions.assumeTrue(!c.line().contains("@null")
        || Files.exists(dir.resolve("null"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
        "no character device: mknod needs root");
    c.setup().in(dir);
    Map<String, String> before = snapshot(dir);
    String[] args = Arrays.stream(c.line().split(" ")).filter(s -> !s.isEmpty())
        .map(s -> expand(s, dir)).toArray(String[]::new);
    List<String> expected = Arrays.stream(c.expect().split("&&")).map(e -> expand(e, dir))
        .toList();
    TRIED.incrementAndGet();
    List<String> problems = new ArrayList<>();
    CliTest.Result r = runWithin(args);
    if (r == null) {
      problems.add("no answer within " + CASE_TIMEOUT_S + " s (a hang)");
    } else {
      String err = r.err();
      List<String> lines = err.lines().toList();
      if (r.code() != Main.USAGE_ERROR) {
        problems.add("exit code " + r.code());
      }
      if (lines.size() != 1) {
        problems.add(lines.size() + " lines on standard error");
      }
      String first = lines.isEmpty() ? "" : lines.get(0);
      if (!first.startsWith("liquid4j: error: ")) {
        problems.add("does not start with 'liquid4j: error: '");
      }
      for (String f : FORBIDDEN) {
        if (err.contains(f)) {
          problems.add("shows '" + f.replace("\t", "\\t") + "'");
        }
      }
      for (String e : expected) {
        if (!first.contains(e)) {
          problems.add("does not name '" + e + "'");
        }
      }
      if (first.contains("---")) {
        problems.add("an option named with a doubled prefix");
      }
      if (err.length() > 2000) {
        problems.add("an error of " + err.length() + " characters");
      }
    }
    Map<String, String> after = snapshot(dir);
    for (Map.Entry<String, String> e : before.entrySet()) {
      String now = after.get(e.getKey());
      if (!e.getValue().equals(now)) {
        problems.add(e.getKey() + " changed: was " + e.getValue() + ", now " + now);
      }
    }
    for (String name : after.keySet()) {
      if (!before.containsKey(name)) {
        problems.add((TEMPORARY.matcher(Path.of(name).getFileName().toString()).matches()
            ? "temporary file left: " : "new file written: ") + name);
      }
    }
    boolean known = KNOWN_FAILURES.containsKey(c.line());
    String shown = r == null ? "(hang)" : "exit " + r.code() + ": "
        + shorten(r.err().replace("\n", "⏎"));
    RESULTS.put(c.id(), c + "\n    " + (problems.isEmpty() ? "" : "NOT CLEAN: "
        + String.join("; ", problems) + " | ") + shown);
    if (problems.isEmpty()) {
      CLEAR.incrementAndGet();
      if (known) {
        record(c, "listed as a known failure but passes now; remove it from KNOWN_FAILURES");
        fail(c + ": listed as a known failure but passes now");
      }
      return;
    }
    record(c, String.join("; ", problems) + " | " + shown);
    if (!known) {
      fail(c + "\n  " + String.join("\n  ", problems) + "\n  " + shown);
    }
  }

  private static String shorten(String s) {
    return s.length() <= 400 ? s : s.substring(0, 400) + "… (" + s.length() + " characters)";
  }

  private static synchronized void record(Case c, String what) {
    OTHER.add(c + "\n    " + what);
  }

  @AfterAll
  static void summary() throws IOException {
    int tried = TRIED.get();
    int clear = CLEAR.get();
    int other = tried - clear;
    String line = tried + " bad inputs tried, " + clear + " clear one-line errors, " + other
        + " anything else";
    System.out.println(line);
    for (String o : OTHER) {
      System.out.println("  " + o);
    }
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("hostile-inputs-summary.txt"), line + "\n");
      // Every case with the error it gave, for reading what a user sees.
      Files.writeString(target.resolve("hostile-inputs-cases.txt"),
          String.join("\n", RESULTS.values()) + "\n");
    }
    assertTrue(tried >= 150, "at least 150 bad inputs: " + tried);
    assertEquals(0, other, line);
    assertEquals(Set.of(), Set.copyOf(OTHER.stream().filter(o -> o.contains("passes now"))
        .toList()));
  }
}
