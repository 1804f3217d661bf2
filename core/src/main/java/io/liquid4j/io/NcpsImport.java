package io.liquid4j.io;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a model trained with ncps from what its user has: the PyTorch state_dict saved with
 * {@code safetensors.torch.save_file(model.state_dict(), path)} and a JSON of the constructor's
 * keyword arguments, e.g.
 *
 * <pre>
 * {"model": "LTC", "input_size": 2, "units": {"type": "AutoNCP", "units": 16, "output_size": 1}}
 * </pre>
 *
 * The wiring is rebuilt from its seed bit for bit as ncps builds it, and the state_dict's sparsity
 * masks are checked against it, so a wrong seed or size is caught instead of silently running a
 * different network.
 */
public final class NcpsImport {
  // A repeated key is refused rather than the last one silently winning (issue 16 case 8).
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private NcpsImport() {}

  /**
   * Reads an ncps model.
   *
   * @param configJson the constructor arguments as JSON
   * @param weights the state_dict as safetensors (float32 or float64)
   * @return the model, with the state_dict's values as parameters
   * @throws FileFormatException naming the file, and the key or line/column at fault
   * @throws IOException if a file cannot be read ({@link java.nio.file.NoSuchFileException} if it
   *     does not exist)
   */
  public static SequenceModel load(Path configJson, Path weights) throws IOException {
    ModelConfig config = readConfig(configJson);
    SafetensorsFile file = Safetensors.read(weights);
    return ModelFile.assemble(config, file.tensors(), weights.toString());
  }

  /**
   * Parses an ncps config JSON file: the constructor's keyword arguments, as {@link
   * ModelConfig#fromMap} reads them.
   *
   * @param configJson the JSON file
   * @return the validated config
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws FileFormatException naming the file, and the key or line/column at fault
   * @throws IOException if the file cannot be read
   */
  public static ModelConfig readConfig(Path configJson) throws IOException {
    if (!Files.exists(configJson)) {
      throw new NoSuchFileException(configJson + ": no such file");
    }
    if (!Files.isRegularFile(configJson)) {
      // Reading a FIFO or /dev/zero would never end; a directory fails without its name.
      throw new FileFormatException(String.valueOf(configJson), "not a regular file ("
          + (Files.isDirectory(configJson) ? "a directory" : "a device, FIFO or socket")
          + "); expected a JSON file");
    }
    Map<String, Object> map;
    try {
      Object value = JSON.readValue(configJson.toFile(), Object.class);
      if (value != null && !(value instanceof Map)) {
        throw new FileFormatException(String.valueOf(configJson), "expected a JSON object of"
            + " the ncps constructor's arguments, found a JSON "
            + (value instanceof List ? "array" : value instanceof String ? "string"
                : value instanceof Boolean ? "boolean" : "number"));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) value;
      map = m;
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new FileFormatException(String.valueOf(configJson), "not a valid JSON object" + where + ": " + e.getOriginalMessage());
    }
    if (map == null) {
      throw new FileFormatException(String.valueOf(configJson), "expected a JSON object, found null");
    }
    try {
      return ModelConfig.fromMap(map, configJson.toString());
    } catch (IllegalArgumentException e) {
      String prefix = configJson + ": ";
      String message = e.getMessage();
      throw new FileFormatException(
          configJson.toString(),
          message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }
  }
}
