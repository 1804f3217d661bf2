package io.liquid4j.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content of a safetensors file, as returned by {@link Safetensors#read}. Immutable and safe
 * to share between threads: the maps are unmodifiable copies and the tensors immutable.
 *
 * <p>Tensors are kept in the order their data lies in the file (by data offset). Writers differ:
 * the reference safetensors library sorts tensors by dtype and name, while the ncps files in the
 * test resources keep the module's {@code state_dict} order. Look tensors up by name rather than
 * relying on position.
 */
public final class SafetensorsFile {
  private final String source;
  private final Map<String, Tensor> tensors;
  private final Map<String, String> metadata;

  /**
   * Creates a file's content. The maps are copied, keeping their iteration order.
   *
   * @param source the file path or the name given to the bytes, used in error messages
   * @param tensors tensors by name
   * @param metadata the {@code __metadata__} entries (empty if the file has none)
   * @throws IllegalArgumentException if a key differs from its tensor's name
   */
  public SafetensorsFile(String source, Map<String, Tensor> tensors, Map<String, String> metadata) {
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException(
            "key '" + e.getKey() + "' holds tensor '" + e.getValue().name() + "'");
      }
    }
    this.source = source;
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /**
   * The file path or the name given to the bytes.
   *
   * @return the source, as named in error messages
   */
  public String source() {
    return source;
  }

  /**
   * All tensors by name.
   *
   * @return an unmodifiable map, in data-offset order
   */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /**
   * The tensors as a list, in data-offset order (ready to pass back to {@link Safetensors#write}).
   *
   * @return a new, modifiable list
   */
  public List<Tensor> tensorList() {
    return new ArrayList<>(tensors.values());
  }

  /**
   * The {@code __metadata__} string map.
   *
   * @return an unmodifiable map in header order; empty if the file has none
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Looks up a tensor by name.
   *
   * @param name the tensor's name
   * @return the tensor, or empty if the file has none of that name
   */
  public Optional<Tensor> tensor(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /**
   * Returns a tensor that must be present, for loaders that know which names a model needs.
   *
   * @param name the tensor's name
   * @return the tensor
   * @throws FileFormatException naming the file, the missing tensor and those present
   */
  public Tensor require(String name) throws FileFormatException {
    Tensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new FileFormatException(
          source, "no tensor named '" + name + "'; the file has " + describeNames());
    }
    return tensor;
  }

  private String describeNames() {
    if (tensors.isEmpty()) {
      return "no tensors";
    }
    List<String> names = new ArrayList<>(tensors.keySet());
    int shown = Math.min(names.size(), 20);
    String list = "'" + String.join("', '", names.subList(0, shown)) + "'";
    return names.size() + " tensors: " + list + (shown < names.size() ? ", ..." : "");
  }

  @Override
  public String toString() {
    return "SafetensorsFile["
        + source
        + ", "
        + tensors.size()
        + " tensors, metadata "
        + metadata
        + "]";
  }
}
