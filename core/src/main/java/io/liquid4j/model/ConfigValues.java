package io.liquid4j.model;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Typed reads from a JSON-like map, with errors that name the source, the key and the value. */
final class ConfigValues {
  private final Map<String, ?> map;
  private final String source;

  ConfigValues(Map<String, ?> map, String source) {
    this.map = map;
    this.source = source;
  }

  void rejectUnknown(List<String> allowed, String context) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            source
                + ": unknown key "
                + io.liquid4j.io.Quoted.of(key)
                + " for "
                + context
                + " (expected one of "
                + String.join(", ", new TreeSet<>(allowed))
                + ")");
      }
    }
  }

  Object raw(String key) {
    if (!map.containsKey(key) || map.get(key) == null) {
      throw new IllegalArgumentException(source + ": missing required key '" + key + "'");
    }
    return map.get(key);
  }

  String requiredString(String key) {
    Object value = raw(key);
    if (!(value instanceof String s)) {
      throw wrongType(key, "a string", value);
    }
    return s;
  }

  int requiredInt(String key) {
    return toInt(key, raw(key));
  }

  String optionalString(String key, String fallback) {
    Object value = map.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw wrongType(key, "a string", value);
    }
    return s;
  }

  Integer optionalInt(String key, Integer fallback) {
    Object value = map.get(key);
    return value == null ? fallback : Integer.valueOf(toInt(key, value));
  }

  Double optionalDouble(String key, Double fallback) {
    Object value = map.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw wrongType(key, "a finite number", value);
    }
    return n.doubleValue();
  }

  boolean optionalBoolean(String key, boolean fallback) {
    Object value = map.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw wrongType(key, "true or false", value);
    }
    return b;
  }

  private int toInt(String key, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long l = ((Number) value).longValue();
      if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
        return (int) l;
      }
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw wrongType(key, "an integer", value);
  }

  private IllegalArgumentException wrongType(String key, String expected, Object value) {
    String shown = io.liquid4j.io.Quoted.of(value);
    return new IllegalArgumentException(
        source + ": '" + key + "' must be " + expected + ", got " + shown);
  }
}
