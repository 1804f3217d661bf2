package io.liquid4j.cell;

import java.util.Locale;

/** The per-feature input and output mappings of the LTC cell (ncps's input/output_mapping). */
public enum Mapping {
  /** y = x·w + b, with learnable w (ones) and b (zeros). */
  AFFINE,
  /** y = x·w. */
  LINEAR,
  /** y = x. */
  NONE;

  /**
   * The name ncps uses.
   *
   * @return {@code "affine"}, {@code "linear"} or {@code "none"}
   */
  public String ncpsName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses "affine", "linear" or "none". ncps silently treats any other string as identity; here it
   * is an error.
   *
   * @param argument the option or config key the name came from, quoted in the error message
   * @param name the ncps name, as {@link #ncpsName()} gives it
   * @return the mapping of that name
   * @throws IllegalArgumentException if no mapping has that name
   */
  public static Mapping fromName(String argument, String name) {
    for (Mapping m : values()) {
      if (m.ncpsName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        argument + ": unknown mapping " + io.liquid4j.io.Quoted.of(name) + " (expected affine, linear or none)");
  }
}
