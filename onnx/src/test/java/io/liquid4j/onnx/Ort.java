package io.liquid4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.liquid4j.cell.Precision;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an exported model in ONNX Runtime with double[] inputs and outputs. */
final class Ort implements AutoCloseable {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final Precision precision;

  Ort(byte[] model, Precision precision) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    this.session = ENV.createSession(model, options);
    this.precision = precision;
  }

  /** A named input: values and shape. */
  record In(double[] values, long... shape) {}

  /** Runs the model; returns every output as doubles. */
  Map<String, double[]> run(Map<String, In> inputs) throws OrtException {
    Map<String, OnnxTensor> tensors = new HashMap<>();
    try {
      for (Map.Entry<String, In> e : inputs.entrySet()) {
        double[] v = e.getValue().values();
        OnnxTensor t;
        if (precision == Precision.FLOAT32) {
          float[] f = new float[v.length];
          for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
          }
          t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(f), e.getValue().shape());
        } else {
          t = OnnxTensor.createTensor(ENV, DoubleBuffer.wrap(v), e.getValue().shape());
        }
        tensors.put(e.getKey(), t);
      }
      Map<String, double[]> out = new LinkedHashMap<>();
      try (OrtSession.Result r = session.run(tensors)) {
        for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
          OnnxTensor t = (OnnxTensor) e.getValue();
          double[] d;
          if (precision == Precision.FLOAT32) {
            FloatBuffer fb = t.getFloatBuffer();
            d = new double[fb.remaining()];
            for (int i = 0; i < d.length; i++) {
              d[i] = fb.get(i);
            }
          } else {
            DoubleBuffer db = t.getDoubleBuffer();
            d = new double[db.remaining()];
            db.get(d);
          }
          out.put(e.getKey(), d);
        }
      }
      return out;
    } finally {
      for (OnnxTensor t : tensors.values()) {
        t.close();
      }
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
