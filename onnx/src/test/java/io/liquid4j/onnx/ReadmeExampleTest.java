package io.liquid4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.liquid4j.cell.Precision;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.StreamingSession;
import io.liquid4j.wiring.AutoNcp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step loop of the README's "Deployment" section (whose text is the examples module's
 * OnnxDeployment, run by its ExamplesTest) on a random AutoNCP(12, 1) LTC: a device loop carrying
 * the state.
 */
class ReadmeExampleTest {
  @TempDir Path tmp;

  @Test
  void stepLoopCarryingTheState() throws Exception {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, new AutoNcp(12, 1)).build(), 1);
    Path path = tmp.resolve("model.onnx");
    OnnxExport.builder().form(Form.STEP).precision(Precision.FLOAT32).build()
        .write(model, null, path, false);
    float[][] xs = {{0.1f, -0.4f}, {0.3f, 0.2f}, {-0.5f, 0.9f}};
    float[] dts = {1.0f, 0.25f, 2.5f};
    StreamingSession reference = model.newSession();

    // --- the README's loop begins
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(path.toString(), new OrtSession.SessionOptions())) {
      int n = 12; // the state size N (see the model's doc string or `liquid4j info`)
      float[][] h = new float[1][n]; // zero state at the start of a stream
      for (int t = 0; t < xs.length; t++) {
        try (OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {xs[t]});
            OnnxTensor dt = OnnxTensor.createTensor(env, new float[][] {{dts[t]}});
            OnnxTensor state = OnnxTensor.createTensor(env, h);
            OrtSession.Result r = session.run(Map.of("x", x, "dt", dt, "h", state))) {
          float[][] y = (float[][]) r.get("y").get().getValue(); // (1, M)
          h = (float[][]) r.get("h_next").get().getValue(); // carried to the next call
          // --- the README's loop ends
          double[] expected = reference.step(new double[] {xs[t][0], xs[t][1]}, dts[t]);
          assertArrayEquals(expected, new double[] {y[0][0]}, 1e-5 + 1e-3 * Math.abs(expected[0]));
        }
      }
    }
  }
}
