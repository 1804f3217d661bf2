package io.liquid4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.liquid4j.cell.Precision;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import io.liquid4j.predict.Preprocessing;
import io.liquid4j.wiring.AutoNcp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sequence form with a {@code valid} (B, L) input ({@link OnnxExport.Builder#validSteps}),
 * run in ONNX Runtime on padded batches, against liquid4j's forward with validSteps: a padded
 * step carries h (and c) over and repeats the previous output.
 */
class ValidStepsOrtTest {
  static final int BATCH = 5;
  static final int LENGTH = 6;
  /** All valid; padded at the end; at the start; in the middle; all padded. */
  static final double[] VALID = {
    1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 0, 0,
    0, 0, 1, 1, 1, 1,
    1, 0, 1, 0, 0, 1,
    0, 0, 0, 0, 0, 0};

  static Stream<Arguments> models() {
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {"cfc default", ModelConfig.cfc(3, 5).build(), null});
    cases.add(new Object[] {"cfc mixed memory proj last step",
        ModelConfig.cfc(2, 5).mixedMemory(true).projSize(2).returnSequences(false).build(), null});
    cases.add(new Object[] {"ltc fused autoncp", ModelConfig.ltc(3, new AutoNcp(8, 2)).build(),
        null});
    cases.add(new Object[] {"lstm", ModelConfig.lstm(2, 4).build(), null});
    cases.add(new Object[] {"cfc proj with target scaling",
        ModelConfig.cfc(3, 5).projSize(2).build(), OnnxExportTest.regression(3, 2, true)});
    cases.add(new Object[] {"ltc mixed memory last step with target scaling",
        ModelConfig.ltc(3, new AutoNcp(8, 2)).mixedMemory(true).returnSequences(false).build(),
        OnnxExportTest.regression(3, 2, false)});
    List<Arguments> out = new ArrayList<>();
    long seed = 40;
    for (Object[] c : cases) {
      for (Precision p : Precision.values()) {
        out.add(Arguments.of(c[0], c[1], c[2], p, seed++));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {3}")
  @MethodSource("models")
  void paddedStepsCarryTheStateAndRepeatTheOutputAsLiquid4jDoes(String name, ModelConfig config,
      Preprocessing preprocessing, Precision precision, long seed) throws Exception {
    SequenceModel model = SequenceModel.create(config, seed);
    SplittableRandom rng = new SplittableRandom(seed);
    int s = model.inputSize();
    int n = model.stateSize();
    boolean memory = config.mixedMemory();
    double[] x = ExportCheck.uniform(rng, BATCH * LENGTH * s, -1.5, 1.5);
    double[] dt = ExportCheck.uniform(rng, BATCH * LENGTH, 0.2, 1.8);
    for (int i = 0; i < dt.length; i++) {
      if (VALID[i] == 0) {
        dt[i] = 0; // padding as it is often written: ignored, and no NaN may come of it
      }
    }
    double[] h0 = ExportCheck.uniform(rng, BATCH * n, -0.5, 0.5);
    double[] c0 = memory ? ExportCheck.uniform(rng, BATCH * n, -0.5, 0.5) : null;

    SequenceModel ref;
    try {
      ref = model.withPrecision(precision);
    } catch (IllegalArgumentException notOffered) {
      ref = model;
    }
    double[] scaled = preprocessing != null ? preprocessing.scaleInputs(x) : x;
    SequenceOutput expected = ref.forward(scaled, BATCH, LENGTH, dt, VALID,
        new ModelState(BATCH, n, h0, c0));
    double[] y = expected.outputs().clone();
    if (preprocessing != null) {
      preprocessing.unscaleOutputsInPlace(y);
    }

    byte[] onnx = OnnxExport.builder().form(Form.SEQUENCE).precision(precision).validSteps(true)
        .build().toBytes(model, preprocessing);
    ExportCheck.dump(name + " valid " + precision, onnx);
    Map<String, double[]> out = runSequence(onnx, precision, model, x, dt, VALID, h0, c0);
    String what = name + " " + precision;
    ExportCheck.compare(what + " y", y, out.get("y"), precision);
    ExportCheck.compare(what + " h_L", expected.finalState().h(), out.get("h_L"), precision);
    if (memory) {
      ExportCheck.compare(what + " c_L", expected.finalState().c(), out.get("c_L"), precision);
    }
  }

  @Test
  void aSequencePaddedAtItsEndEndsAsTheSameSequenceUnpadded() throws Exception {
    // ONNX Runtime against itself, not against liquid4j's padding: sequence 1 (4 valid steps,
    // then 2 padded) ends in the state the export without valid reaches after those 4 steps.
    SequenceModel model = SequenceModel.create(
        ModelConfig.cfc(3, 5).mixedMemory(true).returnSequences(false).build(), 9);
    SplittableRandom rng = new SplittableRandom(9);
    int n = model.stateSize();
    double[] x = ExportCheck.uniform(rng, BATCH * LENGTH * 3, -1.5, 1.5);
    double[] dt = ExportCheck.uniform(rng, BATCH * LENGTH, 0.2, 1.8);
    double[] h0 = new double[BATCH * n];
    double[] c0 = new double[BATCH * n];
    Precision p = Precision.FLOAT64;
    Map<String, double[]> padded = runSequence(OnnxExport.builder().form(Form.SEQUENCE)
        .precision(p).validSteps(true).build().toBytes(model, null), p, model, x, dt, VALID,
        h0, c0);
    double[] x1 = Arrays.copyOfRange(x, LENGTH * 3, LENGTH * 3 + 4 * 3);
    double[] dt1 = Arrays.copyOfRange(dt, LENGTH, LENGTH + 4);
    Map<String, double[]> unpadded = runSequence(OnnxExport.builder().form(Form.SEQUENCE)
        .precision(p).build().toBytes(model, null), p, model, x1, dt1, null, new double[n],
        new double[n]);
    for (String key : List.of("y", "h_L", "c_L")) {
      int width = padded.get(key).length / BATCH;
      ExportCheck.compare("sequence 1 " + key, unpadded.get(key),
          Arrays.copyOfRange(padded.get(key), width, 2 * width), p);
    }
  }

  @Test
  void theValidInputIsNamedAndDocumented() throws Exception {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(3, 4).build(), 1);
    byte[] onnx = OnnxExport.builder().form(Form.SEQUENCE).validSteps(true).build()
        .toBytes(model, null);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
      assertEquals(List.of("x", "dt", "h0", "valid"), List.copyOf(session.getInputNames()));
      assertEquals(List.of("y", "h_L"), List.copyOf(session.getOutputNames()));
      String doc = session.getMetadata().getDescription();
      assertTrue(doc.contains("valid (B, L) 1 for a valid step, 0 for a padded one"), doc);
      assertTrue(doc.contains("A padded step carries the state over unchanged"), doc);
    }
    assertTrue(OnnxExport.builder().form(Form.SEQUENCE).validSteps(true).build().validSteps());
  }

  @Test
  void theStepFormHasNoValidInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.builder().validSteps(true).build());
    assertTrue(e.getMessage().startsWith("validSteps: only the sequence form"), e.getMessage());
  }

  /** Runs a sequence export; {@code valid} null for an export without that input. */
  private static Map<String, double[]> runSequence(byte[] onnx, Precision precision,
      SequenceModel model, double[] x, double[] dt, double[] valid, double[] h0, double[] c0)
      throws Exception {
    int n = model.stateSize();
    int batch = h0.length / n;
    int length = dt.length / batch;
    Map<String, Ort.In> in = new HashMap<>();
    in.put("x", new Ort.In(x, batch, length, model.inputSize()));
    in.put("dt", new Ort.In(dt, batch, length));
    in.put("h0", new Ort.In(h0, batch, n));
    if (model.config().mixedMemory()) {
      in.put("c0", new Ort.In(c0, batch, n));
    }
    if (valid != null) {
      in.put("valid", new Ort.In(valid, batch, length));
    }
    try (Ort ort = new Ort(onnx, precision)) {
      return ort.run(in);
    }
  }
}
