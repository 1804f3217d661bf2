package io.liquid4j.io;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The liquid4j model file: a safetensors file whose tensors are the model's parameters under
 * ncps's state_dict names (float64, so saving and loading is bit-exact), and whose {@code
 * __metadata__} holds the full configuration as JSON. Python's {@code safetensors} reads it as it
 * is; {@code {k: v.float() for k, v in load_file(path).items()}} is an ncps state_dict (for the
 * models ncps has: the papers' variants, {@code cfc_variant paper} and {@code init paper}, keep
 * ncps's names but compute what ncps's modules do not, and the paper's mixed cell's backbone
 * reads u ⊕ h, 2N wide where ncps's reads S + N).
 *
 * <p>A trained model's file also holds its {@link Preprocessing} (metadata key {@value
 * Preprocessing#METADATA_KEY}): what it takes to apply the model to raw data. {@link #read(Path)}
 * gives the model and its preprocessing from one parse of the file; {@link
 * io.liquid4j.predict.Predictor#load} applies them.
 *
 * <pre>{@code
 * ModelFile.save(model, preprocessing, Path.of("occupancy.model"), false); // false: no overwrite
 * ModelFile.Contents file = ModelFile.read(Path.of("occupancy.model"));
 * SequenceModel model = file.model();
 * Optional<Preprocessing> p = file.optionalPreprocessing();   // empty for ncps imports
 * }</pre>
 *
 * <p>Loading validates everything before building the model: the format marker, the config, every
 * expected tensor present with its shape, no unexpected tensors, finite values, sparsity masks
 * consistent with the wiring, and every key of the preprocessing (which must fit the model).
 * Nothing in the file is executed.
 */
public final class ModelFile {
  /** Value of the {@code format} metadata key. */
  public static final String FORMAT = "liquid4j-model";

  /** Current version of the format. */
  public static final String VERSION = "1";

  // A repeated key is refused rather than the last one silently winning (issue 16 case 8).
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ModelFile() {}

  /**
   * What a model file holds, from one parse of it. Immutable and safe to share between threads:
   * the model and the preprocessing are immutable and the metadata is an unmodifiable copy.
   *
   * @param model the model
   * @param preprocessing what it takes to apply the model to raw data, or null when the file has
   *     none (ncps imports, models saved from code without one)
   * @param metadata the file's whole {@code __metadata__}, unmodifiable
   */
  public record Contents(
      SequenceModel model, Preprocessing preprocessing, Map<String, String> metadata) {
    /**
     * Requires the model and the metadata; copies the metadata.
     *
     * @param model the model, not null
     * @param preprocessing the preprocessing, or null
     * @param metadata the {@code __metadata__} entries, none null; copied
     * @throws NullPointerException if the model, the metadata or one of its keys or values is null
     */
    public Contents {
      Objects.requireNonNull(model, "model");
      metadata = Map.copyOf(metadata);
    }

    /**
     * The preprocessing, if the file has one.
     *
     * @return the preprocessing, or empty when the file has none
     */
    public Optional<Preprocessing> optionalPreprocessing() {
      return Optional.ofNullable(preprocessing);
    }
  }

  /**
   * Writes a model with its preprocessing atomically (see {@link AtomicFiles}): a reader sees
   * the old file or the whole new one.
   *
   * @param model the model to save
   * @param preprocessing what it takes to apply the model to raw data; must fit the model
   * @param path the file to write; missing parent directories are created
   * @param overwrite whether an existing file at {@code path} may be replaced; when false and the
   *     file exists, nothing is written and {@link java.nio.file.FileAlreadyExistsException} is
   *     thrown
   * @throws IllegalArgumentException when the preprocessing does not fit the model
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false
   * @throws IOException if the file cannot be written; an existing file is then left unchanged
   */
  public static void save(
      SequenceModel model, Preprocessing preprocessing, Path path, boolean overwrite)
      throws IOException {
    AtomicFiles.write(path, toBytes(model, preprocessing), overwrite);
  }

  /**
   * The bytes of the model file with the model's preprocessing.
   *
   * @param model the model
   * @param preprocessing what it takes to apply the model to raw data; must fit the model
   * @return the whole file's content, as {@link #save(SequenceModel, Preprocessing, Path,
   *     boolean)} writes it
   * @throws IllegalArgumentException when the preprocessing does not fit the model
   */
  public static byte[] toBytes(SequenceModel model, Preprocessing preprocessing) {
    Objects.requireNonNull(preprocessing, "preprocessing");
    preprocessing.checkFits(model);
    return toBytes(model, Map.of(Preprocessing.METADATA_KEY, preprocessing.toJson()));
  }

  /**
   * Reads a model file: the model, its preprocessing if it has one, and the metadata, parsing the
   * file once. Files written by earlier releases' {@code liquid4j train} (metadata {@code data}
   * and {@code input_scaling}) give their preprocessing too.
   *
   * @param path the model file
   * @return the model, its preprocessing and the whole metadata
   * @throws FileFormatException naming the file, and the key where the metadata is wrong
   * @throws IOException if the file cannot be read
   */
  public static Contents read(Path path) throws IOException {
    return contents(Safetensors.read(path), path.toString());
  }

  /**
   * Reads a model file from its bytes, as {@link #read(Path)} does.
   *
   * @param bytes the whole file's content. Not modified.
   * @param sourceName what to call the bytes in messages
   * @return the model, its preprocessing and the whole metadata
   * @throws FileFormatException naming {@code sourceName} and what is wrong
   */
  public static Contents read(byte[] bytes, String sourceName) throws FileFormatException {
    return contents(Safetensors.read(bytes, sourceName), sourceName);
  }

  private static Contents contents(SafetensorsFile file, String source)
      throws FileFormatException {
    SequenceModel model = fromFile(file, source);
    Preprocessing p = Preprocessing.fromMetadata(file.metadata(), source).orElse(null);
    if (p != null) {
      try {
        p.checkFits(model);
      } catch (IllegalArgumentException e) {
        throw new FileFormatException(source, "__metadata__ '"
            + (file.metadata().containsKey(Preprocessing.METADATA_KEY)
                ? Preprocessing.METADATA_KEY : "data")
            + "' does not fit the model: " + e.getMessage());
      }
    }
    return new Contents(model, p, file.metadata());
  }

  /**
   * Writes a model atomically (see {@link AtomicFiles}), without preprocessing: a reader sees
   * the old file or the whole new one.
   *
   * @param model the model to save
   * @param path the file to write; missing parent directories are created
   * @param overwrite whether an existing file at {@code path} may be replaced; when false and the
   *     file exists, nothing is written and {@link java.nio.file.FileAlreadyExistsException} is
   *     thrown
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false
   * @throws IOException if the file cannot be written; an existing file is then left unchanged
   */
  public static void save(SequenceModel model, Path path, boolean overwrite) throws IOException {
    AtomicFiles.write(path, toBytes(model), overwrite);
  }

  /**
   * Writes a model with extra metadata (JSON strings or any text). Keys may not be {@code format},
   * {@code format_version} or {@code config}; a {@value Preprocessing#METADATA_KEY} entry is
   * checked when the file is read, so give the preprocessing to {@link #save(SequenceModel,
   * Preprocessing, Path, boolean)} instead.
   *
   * @param model the model to save
   * @param path the file to write; missing parent directories are created
   * @param overwrite whether an existing file at {@code path} may be replaced; when false and the
   *     file exists, nothing is written and {@link java.nio.file.FileAlreadyExistsException} is
   *     thrown
   * @param extra metadata entries to add, by key
   * @throws IllegalArgumentException if an extra key is one of the reserved ones
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false
   * @throws IOException if the file cannot be written; an existing file is then left unchanged
   */
  public static void save(
      SequenceModel model, Path path, boolean overwrite, Map<String, String> extra)
      throws IOException {
    AtomicFiles.write(path, toBytes(model, extra), overwrite);
  }

  /**
   * The metadata of a model file (format, config JSON and any extras), without building the
   * model. The file is still read and checked as a safetensors file.
   *
   * @param path the model file
   * @return the {@code __metadata__} entries, unmodifiable, in header order
   * @throws FileFormatException if the file is not a valid safetensors file
   * @throws IOException if the file cannot be read
   */
  public static Map<String, String> metadata(Path path) throws IOException {
    return Safetensors.read(path).metadata();
  }

  /**
   * The bytes of the model file, without preprocessing.
   *
   * @param model the model
   * @return the whole file's content, as {@link #save(SequenceModel, Path, boolean)} writes it
   */
  public static byte[] toBytes(SequenceModel model) {
    return toBytes(model, Map.of());
  }

  /**
   * The bytes of the model file with extra metadata.
   *
   * @param model the model
   * @param extra metadata entries to add, by key; not {@code format}, {@code format_version} or
   *     {@code config}
   * @return the whole file's content
   * @throws IllegalArgumentException if an extra key is one of the reserved ones
   */
  public static byte[] toBytes(SequenceModel model, Map<String, String> extra) {
    double[] p = model.parameters();
    List<Tensor> tensors = new ArrayList<>();
    for (ParameterLayout.Entry e : model.layout().entries()) {
      tensors.add(
          new Tensor(
              e.name(),
              DType.F64,
              e.shape(),
              Arrays.copyOfRange(p, e.offset(), e.offset() + e.size())));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("format_version", VERSION);
    metadata.put("config", JSON.writeValueAsString(model.config().toMap()));
    for (Map.Entry<String, String> e : extra.entrySet()) {
      if (metadata.containsKey(e.getKey())) {
        throw new IllegalArgumentException(
            "extra metadata may not replace '" + e.getKey() + "'");
      }
      metadata.put(e.getKey(), e.getValue());
    }
    return Safetensors.toBytes(tensors, metadata);
  }

  /**
   * Reads a model file, leaving out its preprocessing (see {@link #read(Path)}).
   *
   * @param path the model file
   * @return the model
   * @throws FileFormatException naming the file and what is wrong with it
   * @throws IOException if the file cannot be read
   */
  public static SequenceModel load(Path path) throws IOException {
    return fromFile(Safetensors.read(path), path.toString());
  }

  /**
   * Reads a model from the bytes of a model file, as {@link #toBytes} gives them: the way to ship
   * a model to another process or machine (a Spark broadcast, a message) and rebuild it there
   * bit-exactly.
   *
   * <pre>{@code
   * byte[] bytes = ModelFile.toBytes(model);
   * SequenceModel copy = ModelFile.fromBytes(bytes, "broadcast model");
   * }</pre>
   *
   * @param bytes the whole file's content. Not modified.
   * @param sourceName what to call the bytes in messages
   * @return the model
   * @throws FileFormatException naming {@code sourceName} and what is wrong with the bytes
   */
  public static SequenceModel fromBytes(byte[] bytes, String sourceName)
      throws FileFormatException {
    return fromFile(Safetensors.read(bytes, sourceName), sourceName);
  }

  private static SequenceModel fromFile(SafetensorsFile file, String path)
      throws FileFormatException {
    Map<String, String> meta = file.metadata();
    if (!FORMAT.equals(meta.get("format"))) {
      String hint =
          meta.get("format") == null || "pt".equals(meta.get("format"))
              ? " (it looks like a plain state_dict: import it with 'liquid4j import-ncps')"
              : "";
      throw new FileFormatException(String.valueOf(path), "not a liquid4j model: __metadata__ 'format' is "
              + (meta.get("format") == null ? "missing" : Quoted.of(meta.get("format")))
              + ", expected '" + FORMAT + "'" + hint);
    }
    if (!VERSION.equals(meta.get("format_version"))) {
      throw new FileFormatException(String.valueOf(path), "unsupported model format version '" + meta.get("format_version")
              + "' (this liquid4j reads version " + VERSION + ")");
    }
    String configJson = meta.get("config");
    if (configJson == null) {
      throw new FileFormatException(String.valueOf(path), "__metadata__ has no 'config'");
    }
    ModelConfig config;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = JSON.readValue(configJson, LinkedHashMap.class);
      config = ModelConfig.fromMap(map, "__metadata__ config");
    } catch (JacksonException e) {
      tools.jackson.core.TokenStreamLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new FileFormatException(String.valueOf(path), "__metadata__ config is not valid JSON: "
          + e.getOriginalMessage() + where);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(path.toString(), e.getMessage());
    }
    return assemble(config, file.tensors(), path.toString());
  }

  /**
   * Builds a model of {@code config} from named tensors: every parameter must be present with its
   * shape and nothing else may be. Shared by model files and ncps import.
   *
   * @param source file name for messages
   */
  static SequenceModel assemble(ModelConfig config, Map<String, Tensor> tensors, String source)
      throws FileFormatException {
    ParameterLayout layout;
    try {
      layout = SequenceModel.create(config, 0).layout();
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(String.valueOf(source), "" + e.getMessage());
    }
    for (String name : tensors.keySet()) {
      if (!layout.contains(name)) {
        throw new FileFormatException(String.valueOf(source), "unexpected tensor '" + name + "' for a " + config.model().configName()
                + " with this config (expected: " + names(layout) + ")");
      }
    }
    double[] p = new double[layout.size()];
    for (ParameterLayout.Entry e : layout.entries()) {
      Tensor t = tensors.get(e.name());
      if (t == null) {
        throw new FileFormatException(String.valueOf(source), "missing tensor '" + e.name() + "' of shape " + e.shapeString());
      }
      if (!Arrays.equals(t.shape(), e.shape())) {
        throw new FileFormatException(String.valueOf(source), "tensor '" + e.name() + "' has shape " + Arrays.toString(t.shape())
                + ", expected " + e.shapeString());
      }
      System.arraycopy(t.data(), 0, p, e.offset(), e.size());
    }
    try {
      return SequenceModel.withParameters(config, p);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(String.valueOf(source), "" + e.getMessage());
    }
  }

  private static String names(ParameterLayout layout) {
    return String.join(", ", layout.entries().stream().map(ParameterLayout.Entry::name).toList());
  }
}
