package io.liquid4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One case of {@code src/test/resources/golden/ncps}: parameters, inputs, outputs, final states and
 * autograd gradients computed by ncps 1.0.1 on PyTorch 1.13.
 */
public final class GoldenCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tensor from the file: shape and row-major values. */
  public record Array(int[] shape, double[] data) {}

  private final String name;
  private final JsonNode root;

  private GoldenCase(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** Names of all cases, sorted. */
  public static List<String> names() {
    try {
      URL dir = GoldenCase.class.getResource("/golden/ncps");
      if (dir == null) {
        throw new IllegalStateException("test resources golden/ncps are missing");
      }
      try (Stream<Path> files = Files.list(Paths.get(dir.toURI()))) {
        return files
            .map(p -> p.getFileName().toString())
            .filter(f -> f.endsWith(".json"))
            .map(f -> f.substring(0, f.length() - ".json".length()))
            .sorted()
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads a case by name. */
  public static GoldenCase load(String name) {
    try (InputStream in = GoldenCase.class.getResourceAsStream("/golden/ncps/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no golden case " + name);
      }
      return new GoldenCase(name, JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  /** "LTC" or "CfC". */
  public String kind() {
    return root.get("kind").asString();
  }

  /** The ncps constructor arguments, as a plain map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> ncpsConfig() {
    return JSON.convertValue(root.get("ncps_config"), LinkedHashMap.class);
  }

  /** A named top-level array (input, output, final_h, ...) or null when JSON null. */
  public Array array(String key) {
    return toArray(root.get(key));
  }

  /** Parameters by state_dict name, in file order. */
  public Map<String, Array> params() {
    return arrays(root.get("params"));
  }

  /** Autograd gradients d loss / d parameter by name. */
  public Map<String, Array> grads() {
    return arrays(root.get("grads"));
  }

  /** The loss value ncps computed. */
  public double loss() {
    return root.get("loss").asDouble();
  }

  private static Map<String, Array> arrays(JsonNode node) {
    Map<String, Array> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), toArray(e.getValue()));
    }
    return out;
  }

  private static Array toArray(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    JsonNode shapeNode = node.get("shape");
    int[] shape = new int[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asInt();
    }
    JsonNode dataNode = node.get("data");
    double[] data = new double[dataNode.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = dataNode.get(i).asDouble();
    }
    return new Array(shape, data);
  }
}
