package io.liquid4j.examples;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.liquid4j.cell.Precision;
import io.liquid4j.io.Npy;
import io.liquid4j.onnx.Form;
import io.liquid4j.onnx.OnnxExport;
import io.liquid4j.predict.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

public class OnnxDeployment {
  /** The irregular elapsed times of the 8 steps (exact in float32). */
  static final float[] DTS = {1.0f, 0.25f, 2.5f, 0.5f, 1.5f, 0.75f, 2.0f, 0.125f};

  public static void main(String[] args) throws Exception {
    // The ncps model shipped in examples/ltc-autoncp16 (LTC, AutoNCP(16, 1)), exported as the
    // ONNX step form in float32, with its stored preprocessing (none here) in the graph.
    Predictor predictor = Predictor.load(Path.of("examples/ltc-autoncp16/model.safetensors"));
    Path onnx = Files.createDirectories(Path.of("liquid4j-out", "onnx")).resolve("model.onnx");
    OnnxExport.builder().form(Form.STEP).precision(Precision.FLOAT32).build()
        .write(predictor.model(), predictor.preprocessing().orElse(null), onnx, true);

    // The first sequence of the example's input (3, 8, 2), one observation at a time.
    double[] input = Npy.read(Path.of("examples/ltc-autoncp16/input.npy")).data();
    float[][] xs = new float[8][2];
    for (int t = 0; t < 8; t++) {
      xs[t] = new float[] {(float) input[2 * t], (float) input[2 * t + 1]};
    }
    float[] dts = DTS;

    // The ONNX model in ONNX Runtime, the caller carrying the state, beside liquid4j's own step.
    Predictor.Session liquid4j = predictor.newSession();
    int disagreements = 0;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
      int n = 16; // the state size N (see the model's doc string or `liquid4j info`)
      float[][] h = new float[1][n]; // zero state at the start of a stream
      for (int t = 0; t < xs.length; t++) {
        try (OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {xs[t]});
            OnnxTensor dt = OnnxTensor.createTensor(env, new float[][] {{dts[t]}});
            OnnxTensor state = OnnxTensor.createTensor(env, h);
            OrtSession.Result r = session.run(Map.of("x", x, "dt", dt, "h", state))) {
          float[][] y = (float[][]) r.get("y").get().getValue(); // (1, M)
          h = (float[][]) r.get("h_next").get().getValue(); // carried to the next call
          double[] expected = liquid4j.step(new double[] {xs[t][0], xs[t][1]}, dts[t]);
          boolean agree = Math.abs(y[0][0] - expected[0]) <= 1e-5 + 1e-3 * Math.abs(expected[0]);
          disagreements += agree ? 0 : 1;
          System.out.printf(Locale.ROOT, "step %d dt %.3f: onnxruntime %.8f liquid4j %.8f %s%n",
              t, dts[t], y[0][0], expected[0], agree ? "agree" : "DIFFER");
        }
      }
    }
    System.out.println("all " + xs.length + " steps agree within 1e-5 + 1e-3·|y|: "
        + (disagreements == 0));
    if (disagreements > 0) {
      throw new IllegalStateException(disagreements + " of " + xs.length + " steps differ");
    }
  }
}
