package io.liquid4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.liquid4j.cell.Precision;
import io.liquid4j.data.Standardizer;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.StreamingSession;
import io.liquid4j.predict.Preprocessing;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The public API: preprocessing in the graph, files, refusals, names and doc string. */
class OnnxExportTest {
  @TempDir Path dir;

  /** Input and target scaling that change every number (shared with ValidStepsOrtTest). */
  static Preprocessing regression(int inputs, int targets, boolean perStep) {
    return Preprocessing.builder()
        .features(List.of("a", "b", "c").subList(0, inputs))
        .inputScaling(Standardizer.of(new double[] {10, -3, 0.5}, new double[] {2, 0.25, 4}))
        .regression(List.of("t0", "t1").subList(0, targets))
        .targetScaling(Standardizer.of(new double[] {100, -7}, new double[] {30, 0.5}))
        .perStep(perStep)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void storedPreprocessingIsPartOfTheGraph(Precision precision) throws Exception {
    SequenceModel cfc = SequenceModel.create(ModelConfig.cfc(3, 5).projSize(2).build(), 5);
    ExportCheck.check("cfc with scaling", cfc, regression(3, 2, true), precision, 2, 6, 17);
    SequenceModel ltc = SequenceModel.create(
        ModelConfig.ltc(3, new AutoNcp(8, 2)).returnSequences(false).mixedMemory(true).build(),
        6);
    ExportCheck.check("ltc with scaling", ltc, regression(3, 2, false), precision, 2, 5, 18);
  }

  @Test
  void namesShapesAndDocStringAsDocumented() throws Exception {
    SequenceModel model = SequenceModel.create(
        ModelConfig.cfc(3, 4).mixedMemory(true).projSize(2).build(), 1);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] step = OnnxExport.builder().build().toBytes(model, null);
    try (OrtSession s = env.createSession(step, new OrtSession.SessionOptions())) {
      assertEquals(List.of("x", "dt", "h", "c"), List.copyOf(s.getInputNames()));
      assertEquals(List.of("y", "h_next", "c_next"), List.copyOf(s.getOutputNames()));
      long[] shape = ((ai.onnxruntime.TensorInfo) s.getInputInfo().get("x").getInfo()).getShape();
      assertArrayEquals(new long[] {-1, 3}, shape);
      String doc = s.getMetadata().getDescription();
      assertTrue(doc.contains("inputs: x (B, S), dt (B, 1) elapsed time, h (B, N) state, c (B, N)"),
          doc);
      assertTrue(doc.contains("S = 3 inputs, N = 4 state, M = 2 outputs"), doc);
      assertEquals("liquid4j", s.getMetadata().getProducerName());
    }
    byte[] seq = OnnxExport.builder().form(Form.SEQUENCE).precision(Precision.FLOAT64).build()
        .toBytes(model, null);
    try (OrtSession s = env.createSession(seq, new OrtSession.SessionOptions())) {
      assertEquals(List.of("x", "dt", "h0", "c0"), List.copyOf(s.getInputNames()));
      assertEquals(List.of("y", "h_L", "c_L"), List.copyOf(s.getOutputNames()));
      long[] shape = ((ai.onnxruntime.TensorInfo) s.getOutputInfo().get("y").getInfo()).getShape();
      assertArrayEquals(new long[] {-1, -1, 2}, shape);
      assertTrue(s.getMetadata().getDescription().contains("float64"));
    }
  }

  @Test
  void docStringNamesTheStoredFeaturesAndTargets() throws Exception {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(3, 4).projSize(2).build(), 1);
    byte[] onnx = OnnxExport.builder().build().toBytes(model, regression(3, 2, true));
    try (OrtSession s = OrtEnvironment.getEnvironment().createSession(onnx,
        new OrtSession.SessionOptions())) {
      String doc = s.getMetadata().getDescription();
      assertTrue(doc.contains("x features: a, b, c.\ny targets: t0, t1.\n"), doc);
      assertTrue(doc.contains("trained with dt = 1"), doc);
      assertTrue(doc.contains("applies the stored input scaling"), doc);
      assertTrue(doc.contains("undoes the stored target scaling"), doc);
    }
  }

  @Test
  void writesAtomicallyAndRefusesAnExistingFileWithoutOverwrite() throws Exception {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(2, 3).build(), 2);
    OnnxExport export = OnnxExport.builder().build();
    Path out = dir.resolve("sub").resolve("m.onnx");
    export.write(model, null, out, false);
    assertArrayEquals(export.toBytes(model, null), Files.readAllBytes(out));
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> export.write(model, null, out, false));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    SequenceModel other = SequenceModel.create(ModelConfig.cfc(2, 4).build(), 3);
    export.write(other, null, out, true);
    assertArrayEquals(export.toBytes(other, null), Files.readAllBytes(out));
  }

  @Test
  void exportIsDeterministic() {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, new AutoNcp(8, 1)).build(), 4);
    OnnxExport export = OnnxExport.builder().form(Form.SEQUENCE).build();
    assertArrayEquals(export.toBytes(model, null), export.toBytes(model, null));
  }

  @Test
  void adaptiveSolversAreRefusedWithAOneLineMessage() {
    SequenceModel ltc = SequenceModel.create(
        ModelConfig.ltc(2, new AutoNcp(8, 1)).solver(SolverKind.DOPRI5).build(), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.builder().build().toBytes(ltc, null));
    assertEquals("solver dopri5: an LTC with the adaptive dopri5 solver cannot be exported to ONNX"
        + " (its number of sub-steps depends on the values); use fused, euler or rk4",
        e.getMessage());
    SequenceModel ctrnn = SequenceModel.create(
        ModelConfig.ctrnn(2, 3).solver(SolverKind.DOPRI5).build(), 1);
    e = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.builder().form(Form.SEQUENCE).build().toBytes(ctrnn, null));
    assertTrue(e.getMessage().startsWith("solver dopri5: a CTRNN"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @Test
  void preprocessingThatDoesNotFitIsRefused() {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(2, 3).build(), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.builder().build().toBytes(model, regression(3, 2, true)));
    assertTrue(e.getMessage().contains("features"), e.getMessage());
  }

  @Test
  void modelsBeyondTheProtobufLimitAreRefused() {
    OnnxExport.checkSize(500_000_000L, Precision.FLOAT32); // 2.0e9 bytes: fits
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.checkSize(500_000_000L, Precision.FLOAT64));
    assertEquals("model: its 500000000 parameters take 4000000000 bytes in float64, more than one"
        + " ONNX file holds (2 GiB, the protobuf limit); export in float32", e.getMessage());
  }

  @Test
  void stepFormChainedEqualsTheStreamingSession() throws Exception {
    SequenceModel model = SequenceModel.create(
        ModelConfig.cfc(2, 5).mixedMemory(true).projSize(2).build(), 8);
    StreamingSession session = model.newSession();
    byte[] onnx = OnnxExport.builder().precision(Precision.FLOAT64).build().toBytes(model, null);
    try (Ort ort = new Ort(onnx, Precision.FLOAT64)) {
      double[] h = new double[5];
      double[] c = new double[5];
      java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
      for (int t = 0; t < 12; t++) {
        double[] x = {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
        double dt = rng.nextDouble(0.05, 3.0);
        double[] y = session.step(x, dt);
        java.util.Map<String, double[]> out = ort.run(java.util.Map.of(
            "x", new Ort.In(x, 1, 2), "dt", new Ort.In(new double[] {dt}, 1, 1),
            "h", new Ort.In(h, 1, 5), "c", new Ort.In(c, 1, 5)));
        ExportCheck.compare("step " + t + " y", y, out.get("y"), Precision.FLOAT64);
        h = out.get("h_next");
        c = out.get("c_next");
        ExportCheck.compare("step " + t + " h", session.state().h(), h, Precision.FLOAT64);
        ExportCheck.compare("step " + t + " c", session.state().c(), c, Precision.FLOAT64);
      }
    }
  }

  @Test
  void formParsesItsLabels() {
    assertEquals(Form.STEP, Form.parse("step"));
    assertEquals(Form.SEQUENCE, Form.parse("SEQUENCE"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Form.parse("loop"));
    assertEquals("form: expected step or sequence, got 'loop'", e.getMessage());
  }
}
