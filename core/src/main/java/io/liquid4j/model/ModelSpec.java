package io.liquid4j.model;

import io.liquid4j.cell.Precision;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.RandomWiring;
import io.liquid4j.wiring.WiringSpec;
import io.liquid4j.wiring.WiringSpecs;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What network to build, independent of the data it will be trained on: the one model
 * specification of liquid4j, read by {@code liquid4j train --model-spec}, the Spark sweeps, the
 * experiments and the demo, and turned into a network by one factory, {@link #toConfig}. The same
 * spec gives the same network (the same {@link ModelConfig}, hence the same parameter layout and,
 * with the same seed, the same weights) wherever it is used.
 *
 * <p>A spec is a JSON object with ncps's constructor keywords, as {@link ModelConfig#fromMap}
 * reads them, except that the two facts that come from the data may be left out: {@code
 * input_size} (the number of input features) and {@code return_sequences} (per-step targets or
 * one per sequence). When they are given they must agree with the data. For example, a CfC with
 * mixed memory and a two-layer backbone:
 *
 * <pre>
 * {"model": "cfc", "units": 32, "mode": "no_gate", "mixed_memory": true,
 *  "backbone_units": 64, "backbone_layers": 2, "backbone_dropout": 0.1}
 * </pre>
 *
 * an LTC on a Neural Circuit Policy with ncps's arguments:
 *
 * <pre>
 * {"model": "LTC", "units": {"type": "AutoNCP", "units": 16, "output_size": 1},
 *  "ode_unfolds": 6, "solver": "fused"}
 * </pre>
 *
 * and the shorthand form of a wiring, whose output count follows the data:
 *
 * <pre>
 * {"model": "ltc", "units": 16, "wiring": "ncp"}
 * </pre>
 *
 * <table>
 *   <caption>Keys (ncps's defaults, for every entry point)</caption>
 *   <tr><th>key</th><th>models</th><th>value; default</th></tr>
 *   <tr><td>model</td><td>all</td><td>ltc, cfc, ctrnn or lstm, any case; required</td></tr>
 *   <tr><td>units</td><td>all</td><td>a number, or a wiring object (LTC, CfC): FullyConnected,
 *       Random, NCP, AutoNCP, Custom with their ncps arguments (see {@link WiringSpecs});
 *       required</td></tr>
 *   <tr><td>wiring</td><td>LTC, CfC</td><td>with a number of units: fully-connected, random,
 *       ncp or autoncp (the shorthands below); none</td></tr>
 *   <tr><td>input_size</td><td>all</td><td>the data's feature count</td></tr>
 *   <tr><td>return_sequences</td><td>all</td><td>whether the data's targets are per step</td></tr>
 *   <tr><td>proj_size</td><td>all</td><td>the data's output count, or absent (see below)</td></tr>
 *   <tr><td>mixed_memory</td><td>LTC, CfC, CTRNN (with cfc_variant paper: the CfC paper's
 *       wiring, see {@link ModelConfig})</td><td>false</td></tr>
 *   <tr><td>mode</td><td>CfC</td><td>default, pure or no_gate; default</td></tr>
 *   <tr><td>activation</td><td>CfC, CTRNN</td><td>lecun_tanh (CfC), tanh (CTRNN)</td></tr>
 *   <tr><td>backbone_units, backbone_layers, backbone_dropout</td><td>CfC without wiring</td>
 *       <td>128, 1, 0.0</td></tr>
 *   <tr><td>ode_unfolds</td><td>LTC, CTRNN</td><td>6</td></tr>
 *   <tr><td>solver</td><td>LTC, CTRNN</td><td>fused (LTC), euler (CTRNN); rk4, dopri5</td></tr>
 *   <tr><td>rtol, atol</td><td>LTC, CTRNN</td><td>1e-6, 1e-8 (dopri5 only)</td></tr>
 *   <tr><td>input_mapping, output_mapping</td><td>LTC</td><td>affine, linear or none;
 *       affine</td></tr>
 *   <tr><td>epsilon</td><td>LTC</td><td>1e-8</td></tr>
 *   <tr><td>implicit_param_constraints</td><td>LTC</td><td>true</td></tr>
 *   <tr><td>precision</td><td>all; float32: LTC (not with dopri5), CfC, LSTM</td><td>float64 or
 *       float32 (see {@link Precision}); float64</td></tr>
 *   <tr><td>cfc_variant</td><td>CfC without wiring</td><td>ncps or paper (see {@link
 *       io.liquid4j.cell.CfcVariant}); ncps</td></tr>
 *   <tr><td>forget_bias</td><td>with mixed_memory</td><td>a number; 1.0</td></tr>
 *   <tr><td>init</td><td>LTC</td><td>ncps or paper (see {@link LtcInitialisation}; paper with
 *       implicit_param_constraints false); ncps</td></tr>
 * </table>
 *
 * <p><b>How the outputs reach the targets.</b> A cell whose outputs are as many as the data's
 * outputs (targets, or classes) feeds them directly: a wiring's motor neurons, or, for a number
 * of units, all of them (as ncps's {@code CfC(8, 64)} has 64 outputs). Any other cell gets a dense
 * projection with {@code proj_size} equal to the data's outputs. A spec that sets {@code
 * proj_size} must set it to that count (which forces the projection).
 *
 * <p><b>Shorthands</b> ({@link #shorthand}, the {@code wiring} key): {@code fully-connected} is
 * ncps's {@code FullyConnected(units)}, {@code random} ncps's {@code Random(units)} (sparsity 0,
 * seed 1111) — both with {@code units} output neurons, hence a projection; {@code autoncp} is
 * {@code AutoNCP(units, outputs)} and {@code ncp} the explicit {@code NCP} that this AutoNCP
 * derives ({@link AutoNcp#toNcp()}: the same matrices, stored with its neuron counts), both with
 * one motor neuron per output. Without a wiring, {@code units} is a number: an LTC on
 * FullyConnected(units), a CfC with a backbone, a CTRNN or an LSTM.
 *
 * <p>Immutable and safe to share between threads; serializable, so that a Spark job can ship it to
 * its executors. {@link #equals} compares the specs, not where they were read.
 *
 * <pre>{@code
 * ModelSpec spec = ModelSpec.parse("{\"model\": \"cfc\", \"units\": 16}", "spec");
 * SequenceModel model = spec.create(train.features(), train.targetWidth(), train.perStep(), 1);
 * }</pre>
 */
public final class ModelSpec implements Serializable {
  @Serial private static final long serialVersionUID = 1L;
  // A repeated key is refused rather than the last one silently winning (issue 16 case 8).
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final String WIRING = "wiring";

  /** The wiring shorthands, by their names in a spec and on the command line. */
  private enum Shorthand {
    FULLY_CONNECTED("fully-connected"),
    RANDOM("random"),
    NCP("ncp"),
    AUTONCP("autoncp");

    final String label;

    Shorthand(String label) {
      this.label = label;
    }

    static Shorthand fromName(String argument, String name) {
      for (Shorthand s : values()) {
        if (s.label.equalsIgnoreCase(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          argument + " must be fully-connected, random, ncp or autoncp, got " + io.liquid4j.io.Quoted.of(name));
    }
  }

  /**
   * The keys as given, with their values deep-copied (maps and lists are copied, nulls left out)
   * and the model's name as in configs.
   */
  private final LinkedHashMap<String, Object> spec;

  /** Where the spec was read from, named in error messages. */
  private final String source;

  /** The model kind, from the {@code model} key. */
  private final ModelKind kind;

  private ModelSpec(LinkedHashMap<String, Object> spec, String source, ModelKind kind) {
    this.spec = spec;
    this.source = source;
    this.kind = kind;
  }

  /**
   * Reads a spec given as JSON text or as the path of a JSON file: text whose first non-blank
   * character is <code>'{'</code> is JSON, anything else a path.
   *
   * @param jsonOrPath a JSON object, or the path of a file holding one
   * @param source what to call inline JSON in error messages (e.g. the argument it came from); a
   *     file's errors name the file
   * @return the spec, checked as far as it does not depend on the data
   * @throws IllegalArgumentException for a missing or unreadable file, invalid JSON, or an
   *     invalid spec; the message names the source and the key
   */
  public static ModelSpec parse(String jsonOrPath, String source) {
    Objects.requireNonNull(jsonOrPath, "jsonOrPath");
    String text = jsonOrPath.strip();
    if (text.startsWith("{")) {
      return fromMap(readJson(text, source), source);
    }
    Path file;
    try {
      file = Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          source + ": expected a JSON object or the path of a JSON file, got " + io.liquid4j.io.Quoted.of(text));
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          source + ": no such file '" + text + "' (expected a JSON object or a JSON file)");
    }
    String content;
    try {
      content = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(text + ": cannot read the model spec: " + e.getMessage(),
          e);
    }
    return fromMap(readJson(content, text), text);
  }

  private static Map<String, Object> readJson(String text, String source) {
    Object value;
    try {
      value = JSON.readValue(text, Object.class);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new IllegalArgumentException(
          source + ": not a valid JSON object" + where + ": " + e.getOriginalMessage(), e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      String found = value == null ? "null"
          : value instanceof List ? "an array" : value instanceof String ? "a string" : value
              instanceof Boolean ? "a boolean" : "a number";
      throw new IllegalArgumentException(source + ": expected a JSON object, found " + found);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) map;
    return m;
  }

  /**
   * Reads a spec from a JSON-like map (numbers as Integer, Long or Double; null means the
   * default). Everything that does not depend on the data is checked here.
   *
   * @param map the spec's keys and values; not modified (the spec keeps a deep copy)
   * @param source the file or argument the map came from, named in error messages
   * @return the spec
   * @throws IllegalArgumentException naming the source, the key, what was expected and found
   */
  public static ModelSpec fromMap(Map<String, ?> map, String source) {
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(source, "source");
    ConfigValues v = new ConfigValues(map, source);
    ModelKind kind = ModelKind.fromName(source + ": 'model'", v.requiredString("model"));
    List<String> allowed = new ArrayList<>(ModelConfig.keys(kind));
    allowed.add(WIRING);
    v.rejectUnknown(allowed, "model " + kind.configName());

    LinkedHashMap<String, Object> spec = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (e.getValue() != null) {
        spec.put(e.getKey(), deepCopy(e.getValue()));
      }
    }
    spec.put("model", kind.configName());

    String wiringName = v.optionalString(WIRING, null);
    Map<String, Object> trial = new LinkedHashMap<>(spec);
    if (wiringName != null) {
      Shorthand wiring = Shorthand.fromName(source + ": '" + WIRING + "'", wiringName);
      if (v.raw("units") instanceof Map) {
        throw new IllegalArgumentException(source + ": '" + WIRING + "' gives the wiring of a"
            + " number of units; 'units' already is a wiring object: leave '" + WIRING + "' out");
      }
      int units = v.requiredInt("units");
      if (units < 1) {
        throw new IllegalArgumentException(source + ": 'units' must be >= 1, got " + units);
      }
      if (units > ModelConfig.MAX_UNITS) {
        throw new IllegalArgumentException(source + ": 'units' must be <= " + ModelConfig.MAX_UNITS
            + " (liquid4j's limit), got " + units);
      }
      if (kind == ModelKind.CTRNN || kind == ModelKind.LSTM) {
        if (wiring != Shorthand.FULLY_CONNECTED) {
          throw new IllegalArgumentException(source + ": '" + WIRING + "': a "
              + kind.configName() + " is fully connected; expected fully-connected or no '"
              + WIRING + "', got " + io.liquid4j.io.Quoted.of(wiringName));
        }
        // It is what the model is anyway: nothing to record.
        spec.remove(WIRING);
      } else {
        spec.put(WIRING, wiring.label);
        if ((wiring == Shorthand.NCP || wiring == Shorthand.AUTONCP) && units < 4) {
          throw new IllegalArgumentException(source + ": 'units' must be at least 4 for an "
              + wiring.label + " wiring (at least one motor neuron and three inter and command"
              + " neurons), got " + units);
        }
        // A stand-in with the same units: the data decide the real wiring's outputs.
        trial.put("units", new FullyConnected(units).toConfig());
      }
      trial.remove(WIRING);
    }
    // Everything else is checked by the factory's own reader, with stand-ins for the data.
    trial.putIfAbsent("input_size", 1);
    ModelConfig.fromMap(trial, source);
    return new ModelSpec(spec, source, kind);
  }

  /**
   * The spec the command line's {@code --model}, {@code --units}, {@code --wiring} and {@code
   * --solver} describe.
   *
   * @param model ltc, cfc, ctrnn or lstm, any case
   * @param units number of neurons, ≥ 1
   * @param wiring null (a number of units), or fully-connected, random, ncp or autoncp (LTC,
   *     CfC; a CTRNN or LSTM accepts only fully-connected, which it is)
   * @param solver null (the model's own), or fused (LTC), euler, rk4 or dopri5 (LTC, CTRNN)
   * @return the spec, named "model shorthand" in error messages
   * @throws IllegalArgumentException whose message starts with the parameter's name
   */
  public static ModelSpec shorthand(String model, int units, String wiring, String solver) {
    if (model == null) {
      throw new IllegalArgumentException("model: expected ltc, cfc, ctrnn or lstm, got null");
    }
    ModelKind kind = ModelKind.fromName("model", model);
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + units);
    }
    if (units > ModelConfig.MAX_UNITS) {
      throw new IllegalArgumentException(
          "units must be <= " + ModelConfig.MAX_UNITS + " (liquid4j's limit), got " + units);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("model", kind.configName());
    map.put("units", units);
    if (wiring != null) {
      Shorthand w = Shorthand.fromName("wiring", wiring);
      if ((kind == ModelKind.CTRNN || kind == ModelKind.LSTM) && w != Shorthand.FULLY_CONNECTED) {
        throw new IllegalArgumentException("wiring: a " + kind.configName()
            + " is fully connected; expected fully-connected, got " + io.liquid4j.io.Quoted.of(wiring));
      }
      if ((w == Shorthand.NCP || w == Shorthand.AUTONCP) && units < 4) {
        throw new IllegalArgumentException("units must be at least 4 for an " + w.label
            + " wiring (one motor neuron and three inter and command neurons), got " + units);
      }
      map.put(WIRING, w.label);
    }
    if (solver != null) {
      if (kind == ModelKind.CFC || kind == ModelKind.LSTM) {
        throw new IllegalArgumentException("solver: a " + kind.configName()
            + " has no ODE solver (only LTC and CTRNN have one), got " + io.liquid4j.io.Quoted.of(solver));
      }
      String name = solver.toLowerCase(Locale.ROOT);
      SolverKind s = SolverKind.fromName("solver", name);
      if (kind == ModelKind.CTRNN && s == SolverKind.FUSED) {
        throw new IllegalArgumentException("solver: 'fused' is the LTC's solver (semi-implicit);"
            + " a CTRNN takes euler, rk4 or dopri5");
      }
      map.put("solver", name);
    }
    return fromMap(map, "model shorthand");
  }

  /**
   * This spec with its {@code precision} key set: the networks it gives compute each step in
   * {@code precision} (see {@link Precision}). Float64, the default, removes the key, so that the
   * spec equals one that never had it.
   *
   * @param precision the arithmetic of each step
   * @return a spec with that precision (this one when it already has it)
   * @throws IllegalArgumentException starting with {@code precision: } when the model does not
   *     offer it (float32 for a CTRNN, or an LTC with the dopri5 solver)
   */
  public ModelSpec withPrecision(Precision precision) {
    Objects.requireNonNull(precision, "precision");
    if (precision == precision()) {
      return this;
    }
    Object solverName = spec.get("solver");
    SolverKind solver = solverName instanceof String name
        ? SolverKind.fromName("solver", name)
        : kind == ModelKind.CTRNN ? SolverKind.EULER : SolverKind.FUSED;
    ModelConfig.checkPrecision(kind, solver, precision);
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(spec);
    if (precision == Precision.FLOAT64) {
      copy.remove("precision");
    } else {
      copy.put("precision", precision.label());
    }
    return new ModelSpec(copy, source, kind);
  }

  /**
   * The arithmetic of each step of the networks this spec gives.
   *
   * @return the {@code precision} key's value, float64 when it is absent
   */
  public Precision precision() {
    Object value = spec.get("precision");
    return value instanceof String name ? Precision.parse(name) : Precision.FLOAT64;
  }

  /**
   * This spec, naming {@code source} instead in the error messages of {@link #toConfig}.
   *
   * @param source the new name, not null
   * @return a spec equal to this one with that source
   */
  public ModelSpec withSource(String source) {
    return new ModelSpec(spec, Objects.requireNonNull(source, "source"), kind);
  }

  /**
   * The model kind.
   *
   * @return the kind the {@code model} key names
   */
  public ModelKind kind() {
    return kind;
  }

  /**
   * The number of neurons of the cell.
   *
   * @return the {@code units} number, or a wiring's units when {@code units} is a wiring
   */
  public int units() {
    Object units = spec.get("units");
    if (units instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> wm = (Map<String, Object>) m;
      return WiringSpecs.fromConfig(wm).units();
    }
    return ((Number) units).intValue();
  }

  /**
   * Where the spec was read from, as named in error messages.
   *
   * @return the file, or the name given for inline JSON or a map
   */
  public String source() {
    return source;
  }

  /**
   * The spec as a JSON-like map (a fresh, modifiable copy): the keys as given, the model's name
   * as in configs ("LTC", "CfC", "CTRNN", "LSTM"). {@link #fromMap} reads it back to an equal
   * spec.
   *
   * @return a new map; changing it does not change this spec
   */
  public Map<String, Object> toMap() {
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) deepCopy(spec);
    return copy;
  }

  /**
   * The spec as a JSON object, one line; {@link #parse} reads it back to an equal spec.
   *
   * @return the JSON text
   */
  public String toJson() {
    return JSON.writeValueAsString(spec);
  }

  /**
   * The factory: the network this spec describes, for data with {@code inputSize} features and
   * {@code outputSize} outputs (regression targets, or classes), with targets at every step
   * ({@code returnSequences}) or one per sequence.
   *
   * @param inputSize S, the data's input features, ≥ 1
   * @param outputSize the data's outputs (regression targets, or classes), ≥ 1
   * @param returnSequences whether the data have a target at every step
   * @return the validated config
   * @throws IllegalArgumentException when the spec does not fit the data: {@code input_size} or
   *     {@code return_sequences} disagreeing with it, {@code proj_size} other than {@code
   *     outputSize}, or a wiring that cannot serve that many outputs; the message names the
   *     source and the key
   */
  public ModelConfig toConfig(int inputSize, int outputSize, boolean returnSequences) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be >= 1, got " + inputSize);
    }
    if (outputSize < 1) {
      throw new IllegalArgumentException("outputSize must be >= 1, got " + outputSize);
    }
    Map<String, Object> map = toMap();
    ConfigValues v = new ConfigValues(map, source);
    Integer givenInput = v.optionalInt("input_size", null);
    if (givenInput != null && givenInput != inputSize) {
      throw new IllegalArgumentException(source + ": 'input_size' is " + givenInput
          + " but the data have " + inputSize + " input features");
    }
    map.put("input_size", inputSize);
    if (map.containsKey("return_sequences")
        && v.optionalBoolean("return_sequences", returnSequences) != returnSequences) {
      throw new IllegalArgumentException(source + ": 'return_sequences' is "
          + !returnSequences + " but the data have "
          + (returnSequences ? "a target at every step" : "one target per sequence"));
    }
    map.put("return_sequences", returnSequences);

    String wiringName = (String) map.remove(WIRING);
    WiringSpec wiring = null;
    if (wiringName != null) {
      wiring = resolve(Shorthand.fromName(WIRING, wiringName), v.requiredInt("units"),
          outputSize);
      map.put("units", wiring.toConfig());
    } else if (map.get("units") instanceof Map<?, ?> wm) {
      @SuppressWarnings("unchecked")
      Map<String, Object> config = (Map<String, Object>) wm;
      try {
        wiring = WiringSpecs.fromConfig(config);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": 'units': " + e.getMessage(), e);
      }
    }

    Integer proj = v.optionalInt("proj_size", null);
    if (proj != null) {
      if (proj != outputSize) {
        throw new IllegalArgumentException(source + ": 'proj_size' is " + proj
            + " but the data need " + outputSize + " outputs (leave 'proj_size' out to let the"
            + " data decide)");
      }
    } else if ((wiring != null ? wiring.outputDim() : v.requiredInt("units")) == outputSize) {
      map.remove("proj_size");
    } else {
      map.put("proj_size", outputSize);
    }
    return ModelConfig.fromMap(map, source);
  }

  private WiringSpec resolve(Shorthand wiring, int units, int outputs) {
    try {
      return switch (wiring) {
        case FULLY_CONNECTED -> new FullyConnected(units);
        case RANDOM -> new RandomWiring(units);
        case AUTONCP -> new AutoNcp(units, outputs);
        case NCP -> new AutoNcp(units, outputs).toNcp();
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": 'units' " + units + " with '" + WIRING
          + "' " + wiring.label + " cannot serve " + outputs + " outputs: " + e.getMessage(), e);
    }
  }

  /**
   * {@link #toConfig}'s network, initialised from {@code seed} (as {@link SequenceModel#create}).
   *
   * @param inputSize S, the data's input features, ≥ 1
   * @param outputSize the data's outputs (regression targets, or classes), ≥ 1
   * @param returnSequences whether the data have a target at every step
   * @param seed fixes every random draw of the initialisation
   * @return a new model
   * @throws IllegalArgumentException as {@link #toConfig}
   */
  public SequenceModel create(int inputSize, int outputSize, boolean returnSequences, long seed) {
    return SequenceModel.create(toConfig(inputSize, outputSize, returnSequences), seed);
  }

  private static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> m) {
      LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        copy.put(String.valueOf(e.getKey()), deepCopy(e.getValue()));
      }
      return copy;
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object o : l) {
        copy.add(deepCopy(o));
      }
      return copy;
    }
    return value;
  }

  /** Specs are equal when their maps are: the same keys with the same values. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec other && spec.equals(other.spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  /** The spec as JSON. */
  @Override
  public String toString() {
    return toJson();
  }
}
