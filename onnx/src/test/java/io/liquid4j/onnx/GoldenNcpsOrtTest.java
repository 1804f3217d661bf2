package io.liquid4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.cell.Precision;
import io.liquid4j.io.NcpsImport;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The eleven models ncps users hand over (src/test/resources/golden/ncps-files, copied from
 * core's test resources), imported, exported to ONNX in both forms and precisions, and run in
 * ONNX Runtime on their own inputs and timespans: against liquid4j's forward (step form chained,
 * sequence form in one call), and the float32 sequence export against the outputs and final
 * state ncps itself computed (float32 tolerance, 1e-5 + 1e-3·|ncps|).
 */
class GoldenNcpsOrtTest {
  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path root = Path.of(GoldenNcpsOrtTest.class.getResource("/golden/ncps-files").toURI());
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        for (Precision p : Precision.values()) {
          out.add(Arguments.of(dir.getFileName().toString(), dir, p));
        }
      }
    }
    assertEquals(22, out.size(), "eleven golden cases, two precisions");
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("cases")
  void goldenModelRunsInOnnxRuntime(String name, Path dir, Precision precision) throws Exception {
    SequenceModel model = NcpsImport.load(dir.resolve("config.json"),
        dir.resolve("model.safetensors"));
    NpyArray input = Npy.read(dir.resolve("input.npy"));
    int batch = input.dim(0);
    int length = input.dim(1);
    double[] dt = new double[batch * length];
    Arrays.fill(dt, 1.0);
    if (Files.exists(dir.resolve("timespans.npy"))) {
      dt = Npy.read(dir.resolve("timespans.npy")).data(); // (B, L, 1)
    }
    int n = model.stateSize();
    boolean memory = model.config().mixedMemory();
    // From zero state, as ncps ran them.
    ExportCheck.check(name + " " + precision, model, null, precision, batch, length,
        input.data(), dt, new double[batch * n], memory ? new double[batch * n] : null);

    if (precision == Precision.FLOAT32) {
      byte[] onnx = OnnxExport.builder().form(Form.SEQUENCE).precision(precision).build()
          .toBytes(model, null);
      try (Ort ort = new Ort(onnx, precision)) {
        Map<String, Ort.In> in = new HashMap<>();
        in.put("x", new Ort.In(input.data(), batch, length, model.inputSize()));
        in.put("dt", new Ort.In(dt, batch, length));
        in.put("h0", new Ort.In(new double[batch * n], batch, n));
        if (memory) {
          in.put("c0", new Ort.In(new double[batch * n], batch, n));
        }
        Map<String, double[]> out = ort.run(in);
        ExportCheck.compare(name + " vs ncps output",
            Npy.read(dir.resolve("expected_output.npy")).data(), out.get("y"), precision);
        ExportCheck.compare(name + " vs ncps h",
            Npy.read(dir.resolve("expected_h.npy")).data(), out.get("h_L"), precision);
      }
    }
  }

  @BeforeAll
  static void resetWorst() {
    java.util.Arrays.fill(ExportCheck.WORST, 0.0);
  }

  @AfterAll
  static void report() {
    System.out.println("GoldenNcpsOrtTest " + ExportCheck.worst());
  }
}
