package io.liquid4j.wiring;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed, checked access to one wiring config map. Values may come from Java code or from a JSON
 * parser, so an integer may arrive as Integer, Long, BigInteger or an integral Double; anything
 * else is rejected with the key, the expected kind and the value found.
 */
final class ConfigReader {
  private final String type;
  private final Map<String, ?> config;

  /**
   * Checks the key set: every key is "type" or one of {@code required} and {@code optional}, and
   * every required key is present.
   */
  ConfigReader(String type, Map<String, ?> config, List<String> required, List<String> optional) {
    this.type = type;
    this.config = config;
    List<String> allowed = new ArrayList<>(required);
    allowed.addAll(optional);
    for (String key : config.keySet()) {
      if (!key.equals("type") && !allowed.contains(key)) {
        throw new IllegalArgumentException(
            "wiring config: unknown key "
                + io.liquid4j.io.Quoted.of(key)
                + " for "
                + type
                + " (expected one of "
                + String.join(", ", allowed)
                + ")");
      }
    }
    for (String key : required) {
      if (!config.containsKey(key)) {
        throw new IllegalArgumentException(
            "wiring config: missing required key '"
                + key
                + "' for "
                + type
                + " (required: "
                + String.join(", ", required)
                + ")");
      }
    }
  }

  /** A required integer. */
  int getInt(String key) {
    return toInt(key, config.get(key));
  }

  /** An optional integer; absent (or null, Python's None) gives {@code fallback}. */
  int getInt(String key, int fallback) {
    Object v = config.get(key);
    return v == null ? fallback : toInt(key, v);
  }

  /** An optional integer that must fit in a long, such as a seed. */
  long getLong(String key, long fallback) {
    return config.containsKey(key) ? toLong(key, config.get(key)) : fallback;
  }

  /** An optional number. */
  double getDouble(String key, double fallback) {
    if (!config.containsKey(key)) {
      return fallback;
    }
    Object v = config.get(key);
    if (!(v instanceof Number n)) {
      throw wrongType(key, "a number", v);
    }
    return n.doubleValue();
  }

  /** An optional boolean. */
  boolean getBoolean(String key, boolean fallback) {
    if (!config.containsKey(key)) {
      return fallback;
    }
    Object v = config.get(key);
    if (!(v instanceof Boolean b)) {
      throw wrongType(key, "true or false", v);
    }
    return b;
  }

  /** A required list of lists of integers, e.g. a matrix given row by row. */
  int[][] getIntRows(String key) {
    return toIntRows(key, config.get(key));
  }

  /** An optional list of lists of integers; absent or null gives null. */
  int[][] getIntRowsOrNull(String key) {
    Object v = config.get(key);
    return v == null ? null : toIntRows(key, v);
  }

  private int[][] toIntRows(String key, Object v) {
    if (!(v instanceof List<?> rows)) {
      throw wrongType(key, "a list of lists of integers", v);
    }
    int[][] out = new int[rows.size()][];
    for (int r = 0; r < out.length; r++) {
      if (!(rows.get(r) instanceof List<?> row)) {
        throw wrongType(key + "[" + r + "]", "a list of integers", rows.get(r));
      }
      out[r] = new int[row.size()];
      for (int c = 0; c < out[r].length; c++) {
        out[r][c] = toInt(key + "[" + r + "][" + c + "]", row.get(c));
      }
    }
    return out;
  }

  private int toInt(String key, Object v) {
    long value = toLong(key, v);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw wrongType(key, "an integer in the int range", v);
    }
    return (int) value;
  }

  private long toLong(String key, Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      if (b.bitLength() < 64) {
        return b.longValue();
      }
      throw wrongType(key, "an integer that fits in 64 bits", v);
    }
    // JSON readers may give 16.0 for 16; accept a whole number that a long holds exactly.
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) <= 0x1p53) {
        return (long) d;
      }
    }
    throw wrongType(key, "an integer", v);
  }

  private IllegalArgumentException wrongType(String key, String expected, Object found) {
    String shown =
        found == null
            ? "null"
            : found instanceof String s
                ? "\"" + s + "\" (String)"
                : found + " (" + found.getClass().getSimpleName() + ")";
    return new IllegalArgumentException(
        "wiring config: key '" + key + "' for " + type + " must be " + expected + ", found "
            + shown);
  }
}
