package io.liquid4j.io;

import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.LstmCell;
import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.cell.Precision;
import io.liquid4j.data.TaskKind;
import io.liquid4j.model.LtcInitialisation;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelKind;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Preprocessing;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.solver.Solvers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports a model back to ncps (PyTorch): the inverse of {@link NcpsImport}. It writes a folder
 * holding what an ncps user loads,
 *
 * <ul>
 *   <li>{@value #WEIGHTS_FILE}: the module's {@code state_dict} with ncps's tensor names and
 *       exactly the tensors ncps's module has (sparsity masks included), in ncps's order, with
 *       {@code __metadata__ {"format": "pt"}} as {@code safetensors.torch.save_file} writes it;
 *   <li>{@value #CONFIG_FILE}: the constructor's keyword arguments plus {@code "model"} ({@code
 *       LTC} or {@code CfC}), with {@code units} as a number or a wiring object ({@code "type"}
 *       and the wiring class's keyword arguments): the layout {@link NcpsImport#readConfig} reads;
 *   <li>{@value #PREPROCESSING_FILE}, only for a model file that stores a {@link Preprocessing}
 *       (input scaling, output de-scaling, feature and class names): ncps applies none of it, so
 *       it is written beside the model for the user to apply, and {@link Result#warnings()} says
 *       so.
 * </ul>
 *
 * In Python:
 *
 * <pre>
 * import json, ncps.torch, ncps.wirings, safetensors.torch
 * kwargs = json.load(open("DIR/config.json"))
 * cls = getattr(ncps.torch, kwargs.pop("model"))
 * if isinstance(kwargs["units"], dict):
 *     w = dict(kwargs["units"]); kwargs["units"] = getattr(ncps.wirings, w.pop("type"))(**w)
 * model = cls(**kwargs)
 * model.load_state_dict(safetensors.torch.load_file("DIR/model.safetensors"))  # strict
 * </pre>
 *
 * <p><b>Exactly what ncps computes, or refused.</b> {@code NcpsImport} of the written folder gives
 * back a bit-identical model: the same config as a liquid4j model file stores it ({@link
 * ModelConfig#toMap()}, which leaves out the values a model's kind does not use, such as a wired
 * CfC's activation, which neither ncps's nor liquid4j's wired cells apply) and every parameter
 * equal bit for bit, with float64 tensors, or with float32 tensors when the model came from
 * float32 ncps tensors. A model using
 * something ncps cannot express is refused with one line naming the setting and why: a CTRNN or
 * a plain LSTM (ncps has neither module), a Custom wiring (no ncps constructor builds one), the
 * CfC paper's cell ({@code cfc_variant paper}), the LTC paper's initialisation ({@code init
 * paper}), a solver other than the LTC's fused one and dopri5 tolerances, an LTC with {@code
 * proj_size} (ncps's LTC has no projection) and a mixed-memory forget bias other than ncps's 1
 * (see {@link #check}). liquid4j's {@code precision} is its arithmetic setting, not part of what
 * ncps computes: a float32-precision model is exported with a warning, and comes back with the
 * same parameters at precision float64.
 *
 * <p><b>dtype.</b> ncps's modules hold float32 tensors, so {@link DType#F32} is the default of the
 * command line. A model whose parameters came from float32 ncps tensors (an import that was not
 * trained further) is written back exactly; a model trained in liquid4j holds float64 values,
 * which float32 rounds to nearest (each value as {@code (float) v}): its outputs in ncps then
 * differ from liquid4j's by that rounding. {@link DType#F64} keeps every value; call {@code
 * model.double()} before {@code load_state_dict} so that PyTorch does not round them while
 * copying into float32 tensors. A value beyond float32's range is refused rather than written as
 * infinity.
 *
 * <p>Batch first: liquid4j's inputs are (batch, time, features), ncps's default ({@code
 * batch_first=True}); {@code config.json} leaves it at that default, since {@code import-ncps}
 * reads only keys that change the model.
 *
 * <pre>{@code
 * NcpsExport.Result r = NcpsExport.write(Path.of("trained.model"), Path.of("for-ncps"),
 *     DType.F32, false); // false: refuse to replace existing files
 * r.warnings().forEach(System.err::println);
 * }</pre>
 */
public final class NcpsExport {
  /** Name of the state_dict file in the export folder. */
  public static final String WEIGHTS_FILE = "model.safetensors";

  /** Name of the constructor-arguments file in the export folder. */
  public static final String CONFIG_FILE = "config.json";

  /** Name of the file the stored preprocessing goes to, when the model has one. */
  public static final String PREPROCESSING_FILE = "preprocessing.json";

  private static final Set<String> NCPS_WIRINGS = Set.of("FullyConnected", "Random", "NCP",
      "AutoNCP");

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private NcpsExport() {}

  /**
   * What an export wrote.
   *
   * @param directory the export folder
   * @param weights the state_dict file, {@code directory/}{@value #WEIGHTS_FILE}
   * @param config the constructor-arguments file, {@code directory/}{@value #CONFIG_FILE}
   * @param preprocessing the preprocessing file, {@code directory/}{@value #PREPROCESSING_FILE},
   *     or null when the model has no preprocessing
   * @param warnings what the user must know to reproduce liquid4j's results in ncps (for
   *     instance that ncps does not apply the preprocessing); empty when there is nothing to say
   */
  public record Result(
      Path directory, Path weights, Path config, Path preprocessing, List<String> warnings) {
    /**
     * Requires the paths and copies the warnings.
     *
     * @param directory the export folder, not null
     * @param weights the state_dict file, not null
     * @param config the constructor-arguments file, not null
     * @param preprocessing the preprocessing file, or null
     * @param warnings the warnings, not null; copied
     */
    public Result {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(weights, "weights");
      Objects.requireNonNull(config, "config");
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Exports a liquid4j model file, with its preprocessing if it stores one (written to {@value
   * #PREPROCESSING_FILE} with a warning, since ncps does not apply it).
   *
   * @param modelFile the liquid4j model file
   * @param directory the export folder; created when missing
   * @param dtype {@link DType#F32} (what ncps's modules hold; rounds float64 values) or {@link
   *     DType#F64}
   * @param overwrite whether existing files in the folder may be replaced
   * @return the files written and the warnings
   * @throws IllegalArgumentException if the model uses a setting ncps cannot express, naming
   *     {@code modelFile} and the setting, or the dtype is neither F32 nor F64
   * @throws FileFormatException if the model file is not a valid liquid4j model
   * @throws java.nio.file.FileAlreadyExistsException if a file of the export exists and {@code
   *     overwrite} is false; nothing is then written
   * @throws IOException if a file cannot be read or written; nothing is then published
   */
  public static Result write(Path modelFile, Path directory, DType dtype, boolean overwrite)
      throws IOException {
    ModelFile.Contents contents = ModelFile.read(modelFile);
    try {
      check(contents.model().config());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(modelFile + ": " + e.getMessage(), e);
    }
    return write(contents.model(), contents.preprocessing(), directory, dtype, overwrite);
  }

  /**
   * Exports a model without preprocessing.
   *
   * @param model the model
   * @param directory the export folder; created when missing
   * @param dtype {@link DType#F32} or {@link DType#F64}
   * @param overwrite whether existing files in the folder may be replaced
   * @return the files written and the warnings
   * @throws IllegalArgumentException if the model uses a setting ncps cannot express (see {@link
   *     #check}) or the dtype is neither F32 nor F64
   * @throws java.nio.file.FileAlreadyExistsException if a file of the export exists and {@code
   *     overwrite} is false; nothing is then written
   * @throws IOException if a file cannot be written; nothing is then published
   */
  public static Result write(SequenceModel model, Path directory, DType dtype, boolean overwrite)
      throws IOException {
    return write(model, null, directory, dtype, overwrite);
  }

  /**
   * Exports a model and, when given, its preprocessing. The files are published together through
   * an {@link AtomicFiles.Publication}: all of them appear or none does, and an existing file is
   * replaced only when it is a regular file and {@code overwrite} is true. Without a
   * preprocessing, a {@value #PREPROCESSING_FILE} left in the folder by an earlier export is
   * refused like any existing output, and removed with {@code overwrite}, so that the folder never
   * pairs the model with another model's preprocessing.
   *
   * @param model the model
   * @param preprocessing its preprocessing, or null for none; must fit the model
   * @param directory the export folder; created when missing
   * @param dtype {@link DType#F32} or {@link DType#F64}
   * @param overwrite whether existing files in the folder may be replaced
   * @return the files written and the warnings
   * @throws IllegalArgumentException if the model uses a setting ncps cannot express (see {@link
   *     #check}), a parameter does not fit float32, the preprocessing does not fit the model, or
   *     the dtype is neither F32 nor F64
   * @throws NotDirectoryException if {@code directory} exists and is not a folder
   * @throws java.nio.file.FileAlreadyExistsException if a file of the export exists and {@code
   *     overwrite} is false; nothing is then written
   * @throws java.nio.file.FileSystemException if a file of the export exists and is not a regular
   *     file (a link, folder, pipe or device), with or without {@code overwrite}
   * @throws IOException if a file cannot be written; nothing is then published
   */
  public static Result write(SequenceModel model, Preprocessing preprocessing, Path directory,
      DType dtype, boolean overwrite) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(directory, "directory");
    check(model.config());
    if (preprocessing != null) {
      preprocessing.checkFits(model);
    }
    byte[] weights = weightsBytes(model, dtype);
    byte[] config = configJson(model.config()).getBytes(StandardCharsets.UTF_8);
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new NotDirectoryException(directory + ": exists and is not a folder; the ncps export"
          + " is a folder of files");
    }
    Path weightsPath = directory.resolve(WEIGHTS_FILE);
    Path configPath = directory.resolve(CONFIG_FILE);
    Path preprocessingPath = directory.resolve(PREPROCESSING_FILE);
    // Checked before anything is written: an existing file is refused without overwrite, and a
    // link, folder or device is refused in any case.
    for (Path p : List.of(weightsPath, configPath, preprocessingPath)) {
      AtomicFiles.checkTarget(p, overwrite);
    }
    List<String> warnings = new ArrayList<>();
    if (model.precision() != Precision.FLOAT64) {
      warnings.add(precisionWarning(model.precision(), configPath));
    }
    try (AtomicFiles.Publication publication = new AtomicFiles.Publication(overwrite)) {
      publication.write(weightsPath, weights);
      publication.write(configPath, config);
      if (preprocessing != null) {
        publication.write(preprocessingPath,
            (JSON.writeValueAsString(preprocessing.toMap()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        warnings.add(preprocessingWarning(preprocessing, preprocessingPath));
      }
      publication.publish();
    }
    if (preprocessing == null
        && Files.exists(preprocessingPath, LinkOption.NOFOLLOW_LINKS)) {
      // Only reached with overwrite (checked above); checkTarget refused anything but a file.
      AtomicFiles.checkTarget(preprocessingPath, true);
      Files.delete(preprocessingPath);
    }
    return new Result(directory, weightsPath, configPath,
        preprocessing == null ? null : preprocessingPath, warnings);
  }

  /**
   * Says that the arithmetic precision is not part of the export: it is liquid4j's setting, which
   * no ncps keyword holds (an ncps module computes in its tensors' dtype), so importing the
   * export gives the same parameters at liquid4j's default precision, float64.
   */
  private static String precisionWarning(Precision precision, Path config) {
    return config + ": precision " + precision.label() + " is liquid4j's arithmetic setting and"
        + " not written (ncps computes in its tensors' dtype); import-ncps gives the same"
        + " parameters at precision float64";
  }

  /** Says what of the preprocessing ncps does not apply, and where it is written. */
  private static String preprocessingWarning(Preprocessing p, Path file) {
    boolean inputs = p.inputScaling().isPresent();
    boolean outputs = p.targetScaling().isPresent();
    if (!inputs && !outputs) {
      return "the model's preprocessing (feature names " + p.features() + ", "
          + (p.task() == TaskKind.CLASSIFICATION ? "class" : "target") + " names "
          + p.targetNames() + ", no scaling) is written to " + file + "; ncps does not read it,"
          + " and it changes no numbers";
    }
    return "the model's preprocessing is written to " + file + ", and ncps does not apply it: "
        + (inputs ? "standardize the inputs as its input_scaling says ((x - mean) / std per"
            + " feature of " + p.features() + ")" : "")
        + (inputs && outputs ? " and " : "")
        + (outputs ? "unscale the outputs as its target_scaling says (y * std + mean per target"
            + " of " + p.targetNames() + ")" : "")
        + " to get liquid4j predict's results";
  }

  /**
   * Checks that ncps can express a model of this config exactly, so that {@link NcpsImport} of
   * the export gives back the same config.
   *
   * @param config the model's config
   * @throws IllegalArgumentException naming the setting and why ncps cannot express it, e.g.
   *     {@code cannot export to ncps: cfc_variant is paper, ...}
   */
  public static void check(ModelConfig config) {
    Objects.requireNonNull(config, "config");
    String refuse = "cannot export to ncps: ";
    switch (config.model()) {
      case CTRNN -> throw new IllegalArgumentException(refuse + "model is CTRNN, which ncps has"
          + " no module for (ncps's PyTorch models are LTC and CfC)");
      case LSTM -> throw new IllegalArgumentException(refuse + "model is LSTM, which ncps has"
          + " no module for (its LSTM is only the mixed_memory cell inside an LTC or CfC)");
      default -> { }
    }
    if (config.wiring() != null) {
      Object type = config.wiring().toConfig().get("type");
      if (!NCPS_WIRINGS.contains(String.valueOf(type))) {
        throw new IllegalArgumentException(refuse + "units is a " + type + " wiring, which no"
            + " ncps constructor builds (ncps's wirings here: FullyConnected, Random, NCP,"
            + " AutoNCP)");
      }
    }
    if (config.forgetBias() != LstmCell.DEFAULT_FORGET_BIAS) {
      throw new IllegalArgumentException(refuse + "forget_bias is " + config.forgetBias()
          + ", but ncps's mixed-memory LSTM fixes its forget-gate bias at 1.0");
    }
    if (config.model() == ModelKind.LTC) {
      if (config.projSize() > 0) {
        throw new IllegalArgumentException(refuse + "proj_size is " + config.projSize()
            + ", but ncps's LTC has no output projection (proj_size is a CfC keyword)");
      }
      if (config.solver() != SolverKind.FUSED) {
        throw new IllegalArgumentException(refuse + "solver is " + config.solver().configName()
            + ", but ncps's LTC runs only its fused semi-implicit solver (solver fused)");
      }
      if (config.rtol() != Solvers.DEFAULT_RTOL || config.atol() != Solvers.DEFAULT_ATOL) {
        boolean r = config.rtol() != Solvers.DEFAULT_RTOL;
        throw new IllegalArgumentException(refuse + (r ? "rtol" : "atol") + " is "
            + (r ? config.rtol() : config.atol()) + ", a tolerance of liquid4j's dopri5 solver,"
            + " which ncps has no keyword for; the fused solver does not use it, so set it back"
            + " to the default " + (r ? Solvers.DEFAULT_RTOL : Solvers.DEFAULT_ATOL));
      }
      if (config.init() != LtcInitialisation.NCPS) {
        throw new IllegalArgumentException(refuse + "init is " + config.init().configName()
            + ", the LTC paper's initialisation, which ncps has no keyword for");
      }
    }
    if (config.model() == ModelKind.CFC && config.cfcVariant() != CfcVariant.NCPS) {
      throw new IllegalArgumentException(refuse + "cfc_variant is "
          + config.cfcVariant().configName() + ", the CfC paper's cell, which computes what"
          + " ncps's CfC does not (dropout after every backbone layer, lecun_tanh heads"
          + (config.mixedMemory() ? ", the LSTM's output as the CfC's input" : "") + ")");
    }
  }

  /**
   * The ncps constructor's keyword arguments for a config, with {@code "model"} added: what
   * {@value #CONFIG_FILE} holds. Every keyword the model's class takes is written, defaults
   * included, so that the file does not depend on ncps's defaults; {@code batch_first} is left at
   * ncps's default (true), which is liquid4j's layout.
   *
   * @param config the config; must pass {@link #check}
   * @return a new map of JSON-ready values, in the constructor's order
   * @throws IllegalArgumentException if ncps cannot express the config (see {@link #check})
   */
  public static Map<String, Object> constructorArguments(ModelConfig config) {
    check(config);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", config.model().configName());
    m.put("input_size", config.inputSize());
    m.put("units", config.wiring() != null ? config.wiring().toConfig() : config.units());
    if (config.model() == ModelKind.CFC && config.projSize() > 0) {
      m.put("proj_size", config.projSize());
    }
    m.put("return_sequences", config.returnSequences());
    m.put("mixed_memory", config.mixedMemory());
    if (config.model() == ModelKind.LTC) {
      m.put("input_mapping", config.inputMapping().ncpsName());
      m.put("output_mapping", config.outputMapping().ncpsName());
      m.put("ode_unfolds", config.odeUnfolds());
      m.put("epsilon", config.epsilon());
      m.put("implicit_param_constraints", config.implicitParamConstraints());
    } else {
      m.put("mode", config.mode().ncpsName());
      if (config.wiring() == null) {
        // A wired CfC takes no backbone keywords (ncps raises), and its cells fix lecun_tanh.
        m.put("activation", config.activation().ncpsName());
        m.put("backbone_units", config.backboneUnits());
        m.put("backbone_layers", config.backboneLayers());
        m.put("backbone_dropout", config.backboneDropout());
      }
    }
    return m;
  }

  /**
   * {@link #constructorArguments} as indented JSON text, ending with a newline.
   *
   * @param config the config; must pass {@link #check}
   * @return the content of {@value #CONFIG_FILE}
   * @throws IllegalArgumentException if ncps cannot express the config (see {@link #check})
   */
  public static String configJson(ModelConfig config) {
    return JSON.writeValueAsString(constructorArguments(config)) + "\n";
  }

  /**
   * The model's parameters as ncps's state_dict: one tensor per entry of {@link
   * SequenceModel#layout()}, whose names, shapes and order are ncps's, frozen sparsity masks
   * included.
   *
   * @param model the model; must pass {@link #check}
   * @param dtype {@link DType#F32} (values rounded to nearest float when written) or {@link
   *     DType#F64}
   * @return new tensors, in state_dict order
   * @throws IllegalArgumentException if ncps cannot express the model, the dtype is neither F32
   *     nor F64, or (F32) a value is beyond float32's range, naming the tensor and the index
   */
  public static List<Tensor> stateDict(SequenceModel model, DType dtype) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dtype, "dtype");
    if (dtype != DType.F32 && dtype != DType.F64) {
      throw new IllegalArgumentException("dtype: ncps export writes F32 (float32) or F64"
          + " (float64), got " + dtype);
    }
    check(model.config());
    double[] p = model.parameters();
    List<Tensor> tensors = new ArrayList<>();
    for (ParameterLayout.Entry e : model.layout().entries()) {
      double[] values = Arrays.copyOfRange(p, e.offset(), e.offset() + e.size());
      if (dtype == DType.F32) {
        for (int i = 0; i < values.length; i++) {
          if (Float.isInfinite((float) values[i])) {
            throw new IllegalArgumentException("dtype float32: parameter " + e.name() + "[" + i
                + "] = " + values[i] + " is beyond float32's range; export with dtype float64");
          }
        }
      }
      tensors.add(new Tensor(e.name(), dtype, e.shape(), values));
    }
    return tensors;
  }

  /**
   * The content of {@value #WEIGHTS_FILE}: {@link #stateDict} as a safetensors file with {@code
   * __metadata__ {"format": "pt"}}, as {@code safetensors.torch.save_file} marks it.
   *
   * @param model the model; must pass {@link #check}
   * @param dtype {@link DType#F32} or {@link DType#F64}
   * @return the file's bytes
   * @throws IllegalArgumentException as {@link #stateDict}
   */
  public static byte[] weightsBytes(SequenceModel model, DType dtype) {
    return Safetensors.toBytes(stateDict(model, dtype), Map.of("format", "pt"));
  }
}
