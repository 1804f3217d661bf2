package io.liquid4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.liquid4j.cell.Precision;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import io.liquid4j.predict.Preprocessing;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a model's ONNX export in ONNX Runtime and compares with liquid4j's own results: the step
 * form chained over a sequence (state fed back by the caller, ONNX Runtime's own state carried
 * in ONNX Runtime), the sequence form in one call; irregular Δt and a non-zero initial state.
 * Tolerances of issue 19: float32 |ort − ref| ≤ 1e-5 + 1e-3·|ref|; float64 ≤ 1e-12 + 1e-9·|ref|.
 * The reference runs in the export precision where liquid4j offers it (float64 otherwise).
 */
final class ExportCheck {
  private ExportCheck() {}

  /** Largest |ort − ref| / (1 + |ref|) seen in float32 and float64, for the report. */
  static final double[] WORST = new double[2];

  static void check(String what, SequenceModel model, Preprocessing preprocessing,
      Precision precision, int batch, int length, long seed) throws Exception {
    SplittableRandom rng = new SplittableRandom(seed);
    int s = model.inputSize();
    int n = model.stateSize();
    boolean memory = model.config().mixedMemory();
    double[] x = uniform(rng, batch * length * s, -1.5, 1.5);
    if (preprocessing != null && preprocessing.inputScaling().isPresent()) {
      // Raw units: around the stored means, spread by the stored deviations.
      double[] mean = preprocessing.inputScaling().get().mean();
      double[] std = preprocessing.inputScaling().get().std();
      for (int i = 0; i < x.length; i++) {
        x[i] = mean[i % s] + std[i % s] * x[i];
      }
    }
    double[] dt = uniform(rng, batch * length, 0.2, 1.8);
    double[] h0 = uniform(rng, batch * n, -0.5, 0.5);
    double[] c0 = memory ? uniform(rng, batch * n, -0.5, 0.5) : null;
    check(what, model, preprocessing, precision, batch, length, x, dt, h0, c0);
  }

  /**
   * As {@link #check(String, SequenceModel, Preprocessing, Precision, int, int, long)} with the
   * given inputs x (B, L, S), dt (B, L), initial state h0 and c0 (null without mixed memory).
   */
  static void check(String what, SequenceModel model, Preprocessing preprocessing,
      Precision precision, int batch, int length, double[] x, double[] dt, double[] h0,
      double[] c0) throws Exception {
    SequenceModel ref;
    try {
      ref = model.withPrecision(precision);
    } catch (IllegalArgumentException notOffered) {
      ref = model;
    }
    int s = model.inputSize();
    int n = model.stateSize();
    int m = model.outputSize();
    boolean memory = model.config().mixedMemory();
    ModelState initial = new ModelState(batch, n, h0, c0);

    // Step form, chained.
    byte[] stepModel = OnnxExport.builder().form(Form.STEP).precision(precision).build()
        .toBytes(model, preprocessing);
    dump(what + " step", stepModel);
    try (Ort ort = new Ort(stepModel, precision)) {
      ModelState state = initial;
      double[] h = h0;
      double[] c = c0;
      for (int t = 0; t < length; t++) {
        double[] xt = new double[batch * s];
        double[] dtt = new double[batch];
        for (int b = 0; b < batch; b++) {
          System.arraycopy(x, (b * length + t) * s, xt, b * s, s);
          dtt[b] = dt[b * length + t];
        }
        SequenceOutput r = forward(ref, preprocessing, xt, batch, 1, dtt, state);
        Map<String, Ort.In> in = new HashMap<>();
        in.put("x", new Ort.In(xt, batch, s));
        in.put("dt", new Ort.In(dtt, batch, 1));
        in.put("h", new Ort.In(h, batch, n));
        if (memory) {
          in.put("c", new Ort.In(c, batch, n));
        }
        Map<String, double[]> out = ort.run(in);
        String at = what + " step " + t;
        compare(at + " y", r.outputs(), out.get("y"), precision);
        compare(at + " h_next", r.finalState().h(), out.get("h_next"), precision);
        if (memory) {
          compare(at + " c_next", r.finalState().c(), out.get("c_next"), precision);
        }
        state = r.finalState();
        h = out.get("h_next");
        c = memory ? out.get("c_next") : null;
      }
    }

    // Sequence form, one call.
    byte[] sequenceModel = OnnxExport.builder().form(Form.SEQUENCE).precision(precision).build()
        .toBytes(model, preprocessing);
    dump(what + " sequence", sequenceModel);
    SequenceOutput r = forward(ref, preprocessing, x, batch, length, dt, initial);
    try (Ort ort = new Ort(sequenceModel, precision)) {
      Map<String, Ort.In> in = new HashMap<>();
      in.put("x", new Ort.In(x, batch, length, s));
      in.put("dt", new Ort.In(dt, batch, length));
      in.put("h0", new Ort.In(h0, batch, n));
      if (memory) {
        in.put("c0", new Ort.In(c0, batch, n));
      }
      Map<String, double[]> out = ort.run(in);
      int expectedY = model.config().returnSequences() ? batch * length * m : batch * m;
      assertEquals(expectedY, out.get("y").length, what + " sequence y size");
      compare(what + " sequence y", r.outputs(), out.get("y"), precision);
      compare(what + " sequence h_L", r.finalState().h(), out.get("h_L"), precision);
      if (memory) {
        compare(what + " sequence c_L", r.finalState().c(), out.get("c_L"), precision);
      }
    }
  }

  /**
   * With {@code -Dliquid4j.onnx.dump=DIR}, writes each exported model to DIR (for checking them
   * by hand with the Python onnx checker; the tests themselves need no Python).
   */
  static void dump(String what, byte[] model) throws java.io.IOException {
    String dir = System.getProperty("liquid4j.onnx.dump");
    if (dir != null) {
      java.nio.file.Path d = java.nio.file.Path.of(dir);
      java.nio.file.Files.createDirectories(d);
      java.nio.file.Files.write(d.resolve(what.replaceAll("[^A-Za-z0-9_.-]+", "_") + ".onnx"),
          model);
    }
  }

  /** liquid4j's forward with the preprocessing around it, as a Predictor applies it. */
  static SequenceOutput forward(SequenceModel model, Preprocessing preprocessing, double[] x,
      int batch, int length, double[] dt, ModelState initial) {
    double[] scaled = preprocessing != null ? preprocessing.scaleInputs(x) : x;
    SequenceOutput r = model.forward(scaled, batch, length, dt, initial);
    if (preprocessing != null) {
      double[] y = r.outputs().clone();
      preprocessing.unscaleOutputsInPlace(y);
      return new SequenceOutput(y, r.shape(), r.finalState());
    }
    return r;
  }

  static void compare(String what, double[] ref, double[] ort, Precision precision) {
    assertEquals(ref.length, ort.length, what + ": length");
    for (int i = 0; i < ref.length; i++) {
      double err = Math.abs(ort[i] - ref[i]);
      double bound = precision == Precision.FLOAT32
          ? 1e-5 + 1e-3 * Math.abs(ref[i]) : 1e-12 + 1e-9 * Math.abs(ref[i]);
      if (!(err <= bound)) {
        fail(what + "[" + i + "]: ort " + ort[i] + " vs liquid4j " + ref[i] + " (|diff| " + err
            + " > " + bound + ")");
      }
      int k = precision == Precision.FLOAT32 ? 0 : 1;
      WORST[k] = Math.max(WORST[k], err / (1 + Math.abs(ref[i])));
    }
  }

  /** The worst errors seen so far, as text. */
  static String worst() {
    return "worst |ort - ref| / (1 + |ref|): float32 " + WORST[0] + ", float64 " + WORST[1];
  }

  static double[] uniform(SplittableRandom rng, int count, double lo, double hi) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = rng.nextDouble(lo, hi);
    }
    return v;
  }
}
