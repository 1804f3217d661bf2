package io.liquid4j.wiring;

import static io.liquid4j.wiring.Matrices.adjacencyRows;
import static io.liquid4j.wiring.Matrices.sensoryRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Wirings beyond the sizes of the ncps golden files (golden/numpy/wirings.json, drawn with numpy
 * by make_vectors.py): Random with more than 10000 candidate pairs, which takes numpy's
 * tail-shuffle branch and a round-half-even synapse count; NCPs with zero fanouts, the largest
 * seed, more motor than inter neurons; AutoNCP at sparsity 0.9 and 1.0.
 */
class NumpyWiringVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in =
        NumpyWiringVectorsTest.class.getResourceAsStream("/golden/numpy/wirings.json")) {
      return JSON.readTree(in).get("cases").valueStream()
          .map(c -> Arguments.of(c.get("config").toString(), c))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesNumpy(String label, JsonNode c) {
    Map<String, Object> config =
        JSON.convertValue(c.get("config"), new TypeReference<Map<String, Object>>() {});
    Wiring w = WiringSpecs.fromConfig(config).build(c.get("input_dim").intValue());
    assertArrayEquals(strings(c.get("adjacency")), adjacencyRows(w), "adjacency");
    assertArrayEquals(strings(c.get("sensory_adjacency")), sensoryRows(w), "sensory adjacency");
  }

  private static String[] strings(JsonNode array) {
    String[] out = new String[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).stringValue();
    }
    return out;
  }
}
