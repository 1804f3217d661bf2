package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.liquid4j.data.Standardizer;
import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.Preprocessing;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code liquid4j export-onnx}: an imported ncps model runs in ONNX Runtime; bad requests. */
class ExportOnnxCliTest {
  @TempDir Path tmp;

  private Path importedModel(String golden) {
    Path dir = CliTest.goldenRoot().resolve(golden);
    Path model = tmp.resolve(golden + ".safetensors");
    CliTest.Result r = CliTest.run("import-ncps", "--config", dir.resolve("config.json").toString(),
        "--weights", dir.resolve("model.safetensors").toString(), "--output", model.toString());
    assertEquals(0, r.code(), r.err());
    return model;
  }

  @Test
  void exportedSequenceModelReproducesNcpsInOnnxRuntime() throws Exception {
    String golden = "ltc_fullyconnected8_in3_irregular";
    Path model = importedModel(golden);
    Path onnx = tmp.resolve("m.onnx");
    CliTest.Result r = CliTest.run("export-onnx", "--model", model.toString(), "--output",
        onnx.toString(), "--form", "sequence");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("sequence form, float32"), r.out());

    Path dir = CliTest.goldenRoot().resolve(golden);
    NpyArray x = Npy.read(dir.resolve("input.npy"));
    NpyArray dt = Npy.read(dir.resolve("timespans.npy"));
    int batch = x.dim(0);
    int length = x.dim(1);
    int n = 8;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor xt = OnnxTensor.createTensor(env, floats(x.data()),
            new long[] {batch, length, x.dim(2)});
        OnnxTensor dtt = OnnxTensor.createTensor(env, floats(dt.data()),
            new long[] {batch, length});
        OnnxTensor h0 = OnnxTensor.createTensor(env, FloatBuffer.allocate(batch * n),
            new long[] {batch, n});
        OrtSession.Result out = s.run(Map.of("x", xt, "dt", dtt, "h0", h0))) {
      FloatBuffer y = ((OnnxTensor) out.get("y").get()).getFloatBuffer();
      double[] expected = Npy.read(dir.resolve("expected_output.npy")).data();
      assertEquals(expected.length, y.remaining());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], y.get(i), 1e-5 + 1e-3 * Math.abs(expected[i]), "y[" + i + "]");
      }
    }
  }

  private static FloatBuffer floats(double[] v) {
    FloatBuffer f = FloatBuffer.allocate(v.length);
    for (double d : v) {
      f.put((float) d);
    }
    return f.flip();
  }

  @Test
  void theStoredPreprocessingTravelsIntoTheGraph() throws Exception {
    SequenceModel m = SequenceModel.create(ModelConfig.cfc(2, 4).projSize(1).build(), 9);
    Preprocessing prep = Preprocessing.builder()
        .features(List.of("a", "b"))
        .inputScaling(Standardizer.of(new double[] {5, -1}, new double[] {2, 0.5}))
        .regression(List.of("t"))
        .targetScaling(Standardizer.of(new double[] {40}, new double[] {3}))
        .perStep(true)
        .build();
    Path model = tmp.resolve("scaled.safetensors");
    Predictor.of(m, prep).save(model, false);
    Path onnx = tmp.resolve("scaled.onnx");
    CliTest.Result r = CliTest.run("export-onnx", "--model", model.toString(), "--output",
        onnx.toString(), "--form", "sequence");
    assertEquals(0, r.code(), r.err());

    int batch = 2;
    int length = 5;
    double[] x = new double[batch * length * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 2 == 0 ? 5 : -1) + Math.sin(i); // raw units, around the stored means
    }
    double[] expected = Predictor.load(model).predict(x, batch, length, null, null).outputs();
    double[] ones = new double[batch * length];
    Arrays.fill(ones, 1.0);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor xt = OnnxTensor.createTensor(env, floats(x), new long[] {batch, length, 2});
        OnnxTensor dtt = OnnxTensor.createTensor(env, floats(ones), new long[] {batch, length});
        OnnxTensor h0 = OnnxTensor.createTensor(env, FloatBuffer.allocate(batch * 4),
            new long[] {batch, 4});
        OrtSession.Result out = s.run(Map.of("x", xt, "dt", dtt, "h0", h0))) {
      FloatBuffer y = ((OnnxTensor) out.get("y").get()).getFloatBuffer();
      assertEquals(expected.length, y.remaining());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], y.get(i), 1e-5 + 1e-3 * Math.abs(expected[i]), "y[" + i + "]");
      }
    }
  }

  @Test
  void existingOutputIsRefusedWithoutForce() throws Exception {
    Path model = importedModel("cfc_no_gate");
    Path onnx = tmp.resolve("m.onnx");
    Files.writeString(onnx, "keep");
    CliTest.Result r = CliTest.run("export-onnx", "--model", model.toString(), "--output",
        onnx.toString());
    CliTest.assertOneLineError(r, onnx.toString(), "already exists (use --force to overwrite)");
    assertEquals("keep", Files.readString(onnx));
    CliTest.Result forced = CliTest.run("export-onnx", "--model", model.toString(), "--output",
        onnx.toString(), "--force", "--precision", "float64");
    assertEquals(0, forced.code(), forced.err());
    assertTrue(Files.size(onnx) > 100);
  }

  @Test
  void aModelTheFormsCannotExpressIsAOneLineError() throws Exception {
    Path model = tmp.resolve("dopri5.safetensors");
    ModelFile.save(SequenceModel.create(
        ModelConfig.ltc(2, new AutoNcp(8, 1)).solver(SolverKind.DOPRI5).build(), 1), model, false);
    Path onnx = tmp.resolve("m.onnx");
    CliTest.Result r = CliTest.run("export-onnx", "--model", model.toString(), "--output",
        onnx.toString());
    CliTest.assertOneLineError(r, "--model " + model, "solver dopri5", "use fused, euler or rk4");
    assertTrue(Files.notExists(onnx));
  }

  @Test
  void validStepsAddAValidInputToTheSequenceFormOnly() throws Exception {
    Path model = importedModel("cfc_no_gate");
    Path onnx = tmp.resolve("m.onnx");
    CliTest.assertOneLineError(CliTest.run("export-onnx", "--model", model.toString(),
        "--output", onnx.toString(), "--valid-steps"), "--valid-steps",
        "only with --form sequence");
    assertTrue(Files.notExists(onnx));
    CliTest.Result r = CliTest.run("export-onnx", "--model", model.toString(), "--output",
        onnx.toString(), "--form", "sequence", "--valid-steps");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("sequence form with valid steps, float32"), r.out());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
      assertEquals(List.of("x", "dt", "h0", "valid"), List.copyOf(s.getInputNames()));
    }
  }

  @Test
  void badFormAndPrecisionAreOneLineErrors() throws Exception {
    Path model = importedModel("cfc_no_gate");
    String out = tmp.resolve("m.onnx").toString();
    CliTest.assertOneLineError(CliTest.run("export-onnx", "--model", model.toString(),
        "--output", out, "--form", "loop"), "--form", "expected step or sequence", "loop");
    CliTest.assertOneLineError(CliTest.run("export-onnx", "--model", model.toString(),
        "--output", out, "--precision", "float16"), "--precision", "float16");
  }
}
