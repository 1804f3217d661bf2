package io.liquid4j.onnx;

import java.util.Locale;

/** Which computation an exported ONNX model performs. */
public enum Form {
  /**
   * One observation: inputs {@code x} (B, S), {@code dt} (B, 1), {@code h} (B, N) [and {@code c}
   * (B, N) with mixed memory]; outputs {@code y} (B, M), {@code h_next} [and {@code c_next}]. The
   * caller holds the state between calls, as a streaming service or a device loop does.
   */
  STEP("step"),
  /**
   * A whole sequence in one call: inputs {@code x} (B, L, S), {@code dt} (B, L), {@code h0} (B,
   * N) [and {@code c0}]; outputs {@code y} (B, L, M), or (B, M) for a model that returns only
   * the last step, and {@code h_L} [and {@code c_L}]. B and L are dynamic; the steps run in an
   * ONNX Scan over the step's graph.
   */
  SEQUENCE("sequence");

  private final String label;

  Form(String label) {
    this.label = label;
  }

  /**
   * The name used on the command line.
   *
   * @return {@code step} or {@code sequence}
   */
  public String label() {
    return label;
  }

  /**
   * The form named {@code text}.
   *
   * @param text {@code step} or {@code sequence}
   * @return the form
   * @throws IllegalArgumentException naming the text and the accepted names
   */
  public static Form parse(String text) {
    for (Form f : values()) {
      if (f.label.equals(text.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "form: expected step or sequence, got " + io.liquid4j.io.Quoted.of(text));
  }

  @Override
  public String toString() {
    return label;
  }
}
