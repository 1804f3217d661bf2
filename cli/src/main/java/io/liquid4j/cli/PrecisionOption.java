package io.liquid4j.cli;

import io.liquid4j.cell.Precision;

/**
 * The {@code --precision} option of {@code train}, {@code predict} and {@code bench}: its value
 * parsed, and the library's {@code precision: ...} messages in the command line's terms.
 */
final class PrecisionOption {
  /** The option's name as spelled on the command line. */
  static final String NAME = "--precision";

  private PrecisionOption() {}

  /**
   * The precision a {@code --precision} value names.
   *
   * @param text the value as given, or null when the option was not given
   * @return the precision, or null for null
   * @throws IllegalArgumentException naming {@code --precision}, what was expected and found
   */
  static Precision parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Precision.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NAME + ": " + e.getMessage(), e);
    }
  }

  /**
   * A library message about the precision ({@code precision: float32 is not offered ...}) with
   * the option's name; any other message as it is.
   *
   * @param e the library's error
   * @return the error to report
   */
  static IllegalArgumentException optionError(IllegalArgumentException e) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith("precision: ")
        ? new IllegalArgumentException(NAME + ": " + m.substring("precision: ".length()), e)
        : e;
  }
}
