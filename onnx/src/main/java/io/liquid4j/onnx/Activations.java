package io.liquid4j.onnx;

import io.liquid4j.cell.Activation;

/** CfC's backbone activations and the CfC paper's lecun_tanh, with ncps's constants. */
final class Activations {
  private Activations() {}

  static String apply(OnnxGraph g, Activation activation, String x) {
    return switch (activation) {
      // x·σ(x) as liquid4j's float64 path writes it, x / (1 + e^−x). (Written as x·Sigmoid(x),
      // ONNX Runtime fuses it into its float-only QuickGelu kernel and cannot run a double model.)
      case SILU -> g.div(x, g.add(g.scalar(1.0), g.exp(g.neg(x))));
      case RELU -> g.relu(x);
      case TANH -> g.tanh(x);
      // Exact GELU x·Φ(x) = 0.5·x·(1 + erf(x/√2)); opset 17 has no Gelu operator.
      case GELU -> g.mul(g.mul(g.scalar(0.5), x),
          g.add(g.scalar(1.0), erf(g, g.div(x, g.scalar(Math.sqrt(2.0))))));
      case LECUN_TANH -> lecunTanh(g, x);
    };
  }

  /**
   * erf(x): the Erf operator in float32; in float64, where ONNX Runtime's CPU provider has no
   * double Erf kernel, {@link Erf64}'s rational approximations (those of liquid4j's {@code
   * MathFunctions.erf}, accurate to double precision).
   */
  static String erf(OnnxGraph g, String x) {
    return g.precision() == io.liquid4j.cell.Precision.FLOAT32 ? g.erf(x) : Erf64.emit(g, x);
  }

  /** 1.7159·tanh(0.666·x): ncps and the CfC paper use 0.666, not 2/3. */
  static String lecunTanh(OnnxGraph g, String x) {
    return g.mul(g.scalar(1.7159), g.tanh(g.mul(g.scalar(0.666), x)));
  }
}
