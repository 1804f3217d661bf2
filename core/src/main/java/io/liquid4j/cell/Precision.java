package io.liquid4j.cell;

import java.util.Locale;

/**
 * The arithmetic a model's steps run in. {@link #FLOAT64} is the verified reference (ncps parity,
 * golden gradients, finite differences to 1e-9); {@link #FLOAT32} is what ncps and PyTorch compute
 * in, with twice the vector lanes and half the memory traffic. In float32 the parameters are still
 * kept, saved and updated by the optimizer in float64 (a master copy, as in mixed-precision
 * training); each step rounds them to float32 once and computes its products, nonlinearities and
 * gradients in float32, and the gradients are added into the float64 sums.
 */
public enum Precision {
  /** IEEE double precision throughout (the default and the reference). */
  FLOAT64("float64"),
  /** IEEE single precision for each step's arithmetic; float64 master parameters. */
  FLOAT32("float32");

  private final String label;

  Precision(String label) {
    this.label = label;
  }

  /**
   * The name used on the command line and in model files.
   *
   * @return {@code float64} or {@code float32}
   */
  public String label() {
    return label;
  }

  /**
   * The precision named {@code text} ({@code float64}/{@code float32}, also {@code double}/{@code
   * float}, any case).
   *
   * @param text the name
   * @return the precision
   * @throws IllegalArgumentException when the name is none of these
   */
  public static Precision parse(String text) {
    switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
      case "float64":
      case "double":
      case "f64":
        return FLOAT64;
      case "float32":
      case "float":
      case "f32":
        return FLOAT32;
      default:
        throw new IllegalArgumentException(
            "expected float64 or float32, got '" + shown(text) + "'");
    }
  }

  private static String shown(String text) {
    String s = String.valueOf(text);
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  @Override
  public String toString() {
    return label;
  }
}
