package io.liquid4j.wiring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Rebuilds the wiring of every ncps golden model (golden/ncps/*.json, ncps 1.0.1) from its config
 * and compares it with the parameters ncps derived from its own wiring. Those parameters were not
 * trained, so they hold the wiring exactly: LTC's erev is the adjacency and its sparsity mask
 * |adjacency|; each wired-CfC layer's sparsity mask is built from slices of both matrices.
 */
class WiringGoldenFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIR = "/golden/ncps";
  private static final TypeReference<Map<String, Object>> CONFIG = new TypeReference<>() {};

  static List<String> goldenFiles() throws IOException, URISyntaxException {
    URL dir = WiringGoldenFilesTest.class.getResource(DIR);
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .sorted()
          .toList();
    }
  }

  @Test
  void allGoldenFilesArePresent() throws Exception {
    assertEquals(11, goldenFiles().size(), "golden/ncps/*.json: " + goldenFiles());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void wiringMatchesNcps(String file) throws IOException {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream(DIR + "/" + file)) {
      root = JSON.readTree(in);
    }
    JsonNode config = root.get("ncps_config");
    JsonNode params = root.get("params");
    int inputDim = config.get("input_size").intValue();
    JsonNode units = config.get("units");
    String model = config.get("model").stringValue();

    if (units.isNumber() && model.equals("CfC")) {
      // A CfC given a number of units has a dense backbone and no wiring at all.
      assertFalse(params.propertyNames().stream().anyMatch(k -> k.contains("sparsity_mask")));
      return;
    }
    // ncps's LTC turns a plain number of units into FullyConnected(units).
    WiringSpec spec =
        units.isNumber()
            ? new FullyConnected(units.intValue())
            : WiringSpecs.fromConfig(JSON.convertValue(units, CONFIG));
    Wiring w = spec.build(inputDim);

    if (model.equals("LTC")) {
      checkLtc(w, params);
    } else {
      checkWiredCfc(w, params);
    }
  }

  private static void checkLtc(Wiring w, JsonNode params) {
    int n = w.units();
    int s = w.inputDim();
    double[] adjacency = toDouble(w.adjacency());
    double[] sensory = toDouble(w.sensoryAdjacency());
    assertTensor(params, "rnn_cell.erev", new int[] {n, n}, adjacency);
    assertTensor(params, "rnn_cell.sensory_erev", new int[] {s, n}, sensory);
    assertTensor(params, "rnn_cell.sparsity_mask", new int[] {n, n}, abs(adjacency));
    assertTensor(params, "rnn_cell.sensory_sparsity_mask", new int[] {s, n}, abs(sensory));
    // The LTC output mapping has one weight per motor neuron.
    assertArrayEquals(
        new int[] {w.outputDim()}, shape(params.get("rnn_cell.output_w")), "output_w shape");
  }

  private static void checkWiredCfc(Wiring w, JsonNode params) {
    for (int l = 0; l < w.numLayers(); l++) {
      int[] layer = w.neuronsOfLayer(l);
      // The layer's inputs: the sensory inputs for layer 0, the previous layer's neurons after.
      int[] sources = l == 0 ? null : w.neuronsOfLayer(l - 1);
      int in = l == 0 ? w.inputDim() : sources.length;
      int nl = layer.length;
      // ncps: mask = abs(vstack(input_sparsity (in, n_l), ones (n_l, n_l))).T, (n_l, in + n_l)
      double[] expected = new double[nl * (in + nl)];
      for (int j = 0; j < nl; j++) {
        for (int i = 0; i < in + nl; i++) {
          double v =
              i >= in
                  ? 1.0
                  : l == 0
                      ? w.sensorySynapse(i, layer[j])
                      : w.synapse(sources[i], layer[j]);
          expected[j * (in + nl) + i] = Math.abs(v);
        }
      }
      String key = "rnn_cell.layer_" + l + ".sparsity_mask";
      assertTensor(params, key, new int[] {nl, in + nl}, expected);
    }
    assertFalse(
        params.has("rnn_cell.layer_" + w.numLayers() + ".sparsity_mask"),
        "ncps has more layers than the wiring");
  }

  private static void assertTensor(JsonNode params, String key, int[] shape, double[] expected) {
    JsonNode tensor = params.get(key);
    assertTrue(tensor != null, "missing parameter " + key);
    assertArrayEquals(shape, shape(tensor), key + " shape");
    JsonNode data = tensor.get("data");
    double[] actual = new double[data.size()];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = data.get(i).doubleValue();
    }
    assertArrayEquals(expected, actual, key);
  }

  private static int[] shape(JsonNode tensor) {
    JsonNode shape = tensor.get("shape");
    int[] out = new int[shape.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = shape.get(i).intValue();
    }
    return out;
  }

  private static double[] toDouble(byte[] m) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i];
    }
    return out;
  }

  private static double[] abs(double[] m) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = Math.abs(m[i]);
    }
    return out;
  }
}
