package io.liquid4j.rng;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Loads golden/numpy/rng_vectors.json, written by numpy through make_vectors.py next to it. */
final class NumpyVectors {
  private NumpyVectors() {}

  static JsonNode load() {
    try (InputStream in =
        NumpyVectors.class.getResourceAsStream("/golden/numpy/rng_vectors.json")) {
      if (in == null) {
        throw new IllegalStateException("golden/numpy/rng_vectors.json is not on the classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).intValue();
    }
    return out;
  }

  /** Unsigned 32-bit words (JSON numbers up to 2^32-1) as the int bits Java holds them in. */
  static int[] words(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) array.get(i).longValue();
    }
    return out;
  }
}
