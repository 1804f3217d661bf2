package io.liquid4j.predict;

import io.liquid4j.data.Standardizer;
import io.liquid4j.io.FileFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checked reading of one JSON object from a model file's metadata: every accessor either returns a
 * value of the expected type or throws a {@link FileFormatException} naming the file, the metadata
 * entry, the key, what was expected and what was found. Files are untrusted input, so nothing here
 * casts without looking first.
 */
final class MetadataReader {
  private final String source; // the file
  private final String entry; // the __metadata__ key the JSON came from
  private final String prefix; // "" or "csv." for nested objects
  private final Map<String, ?> map;

  MetadataReader(String source, String entry, String prefix, Map<String, ?> map) {
    this.source = source;
    this.entry = entry;
    this.prefix = prefix;
    this.map = map;
  }

  FileFormatException error(String key, String expected, Object found) {
    return new FileFormatException(
        source,
        "__metadata__ '" + entry + "', key '" + prefix + key + "': expected " + expected
            + ", found " + describe(found));
  }

  FileFormatException error(String key, String problem) {
    return new FileFormatException(
        source, "__metadata__ '" + entry + "', key '" + prefix + key + "': " + problem);
  }

  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return io.liquid4j.io.Quoted.of(s);
    }
    String text = String.valueOf(value);
    String kind =
        value instanceof Map<?, ?> ? "an object " : value instanceof List<?> ? "a list " : "";
    return kind + io.liquid4j.io.Quoted.cutWithLength(text);
  }

  void onlyKeys(Set<String> allowed) throws FileFormatException {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw new FileFormatException(
            source,
            "__metadata__ '" + entry + "': unknown key " + io.liquid4j.io.Quoted.of(prefix + key) + " (expected keys: "
                + String.join(", ", allowed) + ")");
      }
    }
  }

  private Object required(String key, String expected) throws FileFormatException {
    if (!map.containsKey(key)) {
      throw error(key, "missing (expected " + expected + ")");
    }
    return map.get(key);
  }

  String string(String key) throws FileFormatException {
    Object v = required(key, "a string");
    if (!(v instanceof String s)) {
      throw error(key, "a string", v);
    }
    return s;
  }

  /** A string, or null when the key is absent or null. */
  String optionalString(String key) throws FileFormatException {
    Object v = map.get(key);
    if (v != null && !(v instanceof String)) {
      throw error(key, "a string or null", v);
    }
    return (String) v;
  }

  boolean bool(String key) throws FileFormatException {
    Object v = required(key, "true or false");
    if (!(v instanceof Boolean b)) {
      throw error(key, "true or false", v);
    }
    return b;
  }

  int positiveInt(String key) throws FileFormatException {
    Object v = required(key, "an integer >= 1");
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 1
        || ((Number) v).longValue() > Integer.MAX_VALUE) {
      throw error(key, "an integer >= 1", v);
    }
    return ((Number) v).intValue();
  }

  /** A number, or NaN when the key is absent or null. */
  double optionalPositive(String key) throws FileFormatException {
    Object v = map.get(key);
    if (v == null) {
      return Double.NaN;
    }
    if (!(v instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
      throw error(key, "a finite number > 0 or null", v);
    }
    return n.doubleValue();
  }

  List<String> stringList(String key) throws FileFormatException {
    Object v = required(key, "a list of strings");
    if (!(v instanceof List<?> list) || list.isEmpty()) {
      throw error(key, "a non-empty list of strings", v);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s)) {
        throw error(key + "[" + i + "]", "a string", list.get(i));
      }
      out.add(s);
    }
    return out;
  }

  /** A nested object, or null when the key is absent or null. */
  MetadataReader optionalObject(String key) throws FileFormatException {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw error(key, "an object or null", v);
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      copy.put(String.valueOf(e.getKey()), e.getValue());
    }
    return new MetadataReader(source, entry, prefix + key + ".", copy);
  }

  /** A {@link Standardizer}'s map, or null when the key is absent or null. */
  Standardizer optionalStandardizer(String key, int features) throws FileFormatException {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw error(key, "an object or null", v);
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      copy.put(String.valueOf(e.getKey()), e.getValue());
    }
    Standardizer z;
    try {
      z = Standardizer.fromMap(copy);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
    if (z.features() != features) {
      throw error(key, "has statistics for " + z.features() + " features, expected " + features);
    }
    return z;
  }
}
