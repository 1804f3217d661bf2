package io.liquid4j.model;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.LstmCell;
import io.liquid4j.cell.Mapping;
import io.liquid4j.cell.Precision;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.solver.Solvers;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.WiringSpec;
import io.liquid4j.wiring.WiringSpecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything needed to rebuild a model except its parameters: the ncps constructor arguments, plus
 * liquid4j's solver choice. Immutable and validated on construction.
 *
 * <p>As a map ({@link #toMap()}, {@link #fromMap}) it uses ncps's keyword names, so the JSON an ncps
 * user writes for import is a valid config: {@code {"model": "LTC", "input_size": 2, "units":
 * {"type": "AutoNCP", "units": 16, "output_size": 1}}}.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>models</th><th>default</th></tr>
 *   <tr><td>model</td><td>all</td><td>required: LTC, CfC or CTRNN</td></tr>
 *   <tr><td>input_size</td><td>all</td><td>required</td></tr>
 *   <tr><td>units</td><td>all</td><td>required: an int, or a wiring (LTC, CfC)</td></tr>
 *   <tr><td>return_sequences</td><td>all</td><td>true</td></tr>
 *   <tr><td>mixed_memory</td><td>all (with cfc_variant paper: the paper's wiring)</td>
 *       <td>false</td></tr>
 *   <tr><td>proj_size</td><td>all (ncps: CfC)</td><td>none</td></tr>
 *   <tr><td>input_mapping, output_mapping</td><td>LTC</td><td>affine</td></tr>
 *   <tr><td>ode_unfolds</td><td>LTC, CTRNN</td><td>6</td></tr>
 *   <tr><td>epsilon</td><td>LTC</td><td>1e-8</td></tr>
 *   <tr><td>implicit_param_constraints</td><td>LTC</td><td>true (the ncps LTC wrapper's)</td></tr>
 *   <tr><td>solver</td><td>LTC, CTRNN</td><td>fused (LTC), euler (CTRNN)</td></tr>
 *   <tr><td>rtol, atol</td><td>LTC, CTRNN</td><td>1e-6, 1e-8 (dopri5 only)</td></tr>
 *   <tr><td>mode</td><td>CfC</td><td>default</td></tr>
 *   <tr><td>activation</td><td>CfC, CTRNN</td><td>lecun_tanh (CfC), tanh (CTRNN)</td></tr>
 *   <tr><td>backbone_units, backbone_layers, backbone_dropout</td><td>CfC without wiring</td>
 *       <td>128, 1, 0.0</td></tr>
 *   <tr><td>precision</td><td>all (float32: LTC without dopri5, CfC, LSTM, mixed memory)</td>
 *       <td>float64</td></tr>
 *   <tr><td>cfc_variant</td><td>CfC without wiring</td><td>ncps (see {@link CfcVariant})</td></tr>
 *   <tr><td>forget_bias</td><td>with mixed_memory</td><td>1.0</td></tr>
 *   <tr><td>init</td><td>LTC</td><td>ncps (see {@link LtcInitialisation})</td></tr>
 * </table>
 *
 * <p><b>Variants of the papers.</b> {@code cfc_variant}, {@code forget_bias} and {@code init} are
 * liquid4j's keys for where the papers' own code differs from ncps's: {@code cfc_variant: paper}
 * is the CfC paper's Keras cell (dropout after every backbone layer, lecun_tanh heads), and with
 * {@code mixed_memory} its {@code MixedCfcCell}: the LSTM (forget bias β, gate bias starting at
 * zeros as in Keras) runs first on (x, h, c) and its output u is the CfC's input, the CfC's state
 * the previous h, h' = CfC(u, h, Δt), so the CfC's backbone reads u ⊕ h (2N wide); ncps's mixed
 * memory instead runs the CfC on x from the LSTM's output as state. {@code
 * forget_bias} the β of the mixed-memory LSTM's σ(fg + β) (ncps fixes 1; the CfC paper's scripts
 * set it), {@code init: paper} the LTC paper's initialisation. {@link #toMap()} writes each only
 * when it is not the default, so configs without them are the same maps as before the keys
 * existed, and an absent key reads as the default. ncps applies backbone dropout only after
 * layers 2..L, so a dropout rate with a one-layer backbone would be silently ignored: that is an
 * error naming {@code backbone_dropout}, unless {@code cfc_variant} is paper.
 *
 * <p><b>Precision.</b> {@code precision} is liquid4j's own key: the arithmetic of each step (see
 * {@link Precision}). The parameters are kept and saved in float64 either way, so a model may be
 * run in the other precision without retraining ({@link SequenceModel#withPrecision}). {@link
 * #toMap()} writes the key only for float32, so that a float64 config is the same map as before
 * the key existed (model files, checkpoints and ncps's keyword arguments unchanged); an absent key
 * reads as float64.
 *
 * <p>Limits: no real model comes near them, but they bound the work and memory a config (for
 * instance a hostile model file) can ask for before anything is allocated: {@code units} ≤
 * {@value #MAX_UNITS}, {@code input_size} ≤ {@value #MAX_INPUT_SIZE}, {@code proj_size} ≤ {@value
 * #MAX_PROJ_SIZE}, {@code ode_unfolds} ≤ {@value #MAX_ODE_UNFOLDS}, {@code backbone_units} ≤
 * {@value #MAX_BACKBONE_UNITS} and {@code backbone_layers} ≤ {@value #MAX_BACKBONE_LAYERS}. On
 * top of them, {@link #checkFitsHeap()} compares the memory the parameters imply ({@link
 * #estimatedBytes()}) with the JVM's maximum heap; models are checked when they are built.
 *
 * <p>Immutable and safe to share between threads (every component is an immutable value).
 *
 * @param model the kind of network ({@code model})
 * @param inputSize S, input features per step, ≥ 1 ({@code input_size})
 * @param units N, the number of neurons, ≥ 1; with a wiring, the wiring's count replaces it
 *     ({@code units} as a number)
 * @param wiring the LTC's or CfC's wiring ({@code units} as a wiring object), or null for a
 *     number of units; not for a CTRNN or LSTM
 * @param returnSequences output every step (true) or only the last ({@code return_sequences})
 * @param mixedMemory run an LSTM before the cell each step, carrying a memory c of N values
 *     ({@code mixed_memory}); not for an LSTM
 * @param projSize outputs of a dense projection of the cell's output, or 0 for none ({@code
 *     proj_size})
 * @param inputMapping the LTC's per-feature scaling of its inputs: affine, linear or none ({@code
 *     input_mapping})
 * @param outputMapping the LTC's per-output scaling of its motor neurons: affine, linear or none
 *     ({@code output_mapping})
 * @param odeUnfolds ODE sub-steps per step, ≥ 1 ({@code ode_unfolds}; LTC, CTRNN)
 * @param epsilon added to the LTC fused solver's denominator, finite and ≥ 0 ({@code epsilon})
 * @param implicitParamConstraints the LTC keeps its positive parameters positive by softplus
 *     (true) or leaves clipping them to the trainer (false) ({@code implicit_param_constraints})
 * @param solver the ODE solver of an LTC or CTRNN ({@code solver}); a CTRNN cannot use {@link
 *     SolverKind#FUSED}
 * @param rtol relative tolerance of the dopri5 solver, finite and &gt; 0 ({@code rtol})
 * @param atol absolute tolerance of the dopri5 solver, finite and &gt; 0 ({@code atol})
 * @param mode the CfC's mode ({@code mode})
 * @param activation the activation of a CfC's backbone or of a CTRNN ({@code activation})
 * @param backboneUnits width of a CfC's backbone layers, ≥ 1 when there are layers ({@code
 *     backbone_units})
 * @param backboneLayers number of a CfC's backbone layers, ≥ 0 ({@code backbone_layers})
 * @param backboneDropout dropout rate after a CfC's backbone layers in training, in [0, 1)
 *     ({@code backbone_dropout})
 * @param precision the arithmetic of each step ({@code precision}): float64, or float32 for an
 *     LTC (fused, euler or rk4 solver), a CfC or an LSTM, with or without mixed memory
 * @param cfcVariant ncps's CfC or the CfC paper's ({@code cfc_variant}); paper only for a CfC
 *     without wiring
 * @param forgetBias β of the mixed-memory LSTM's forget gate σ(fg + β), finite; other than 1
 *     only with mixed memory ({@code forget_bias})
 * @param init how an LTC's parameters are first drawn ({@code init}); paper only for an LTC
 *     with {@code implicit_param_constraints} false
 */
public record ModelConfig(
    ModelKind model,
    int inputSize,
    int units,
    WiringSpec wiring,
    boolean returnSequences,
    boolean mixedMemory,
    int projSize,
    Mapping inputMapping,
    Mapping outputMapping,
    int odeUnfolds,
    double epsilon,
    boolean implicitParamConstraints,
    SolverKind solver,
    double rtol,
    double atol,
    CfcMode mode,
    Activation activation,
    int backboneUnits,
    int backboneLayers,
    double backboneDropout,
    Precision precision,
    CfcVariant cfcVariant,
    double forgetBias,
    LtcInitialisation init) {

  /** Largest {@code units} (N): N×N recurrent matrices of 10 000 are 100 million parameters. */
  public static final int MAX_UNITS = 10_000;

  /** Largest {@code input_size} (S). */
  public static final int MAX_INPUT_SIZE = 1_000_000;

  /** Largest {@code proj_size}. */
  public static final int MAX_PROJ_SIZE = 1_000_000;

  /**
   * Smallest {@code rtol} and {@code atol} of the dopri5 solver: tighter tolerances are below what
   * its error estimate can resolve in double precision.
   */
  public static final double MIN_TOLERANCE = 1e-12;

  /** Largest {@code ode_unfolds}: each unfold is a solver step for every input step. */
  public static final int MAX_ODE_UNFOLDS = 1_000;

  /** Largest {@code backbone_units}. */
  public static final int MAX_BACKBONE_UNITS = 100_000;

  /** Largest {@code backbone_layers}. */
  public static final int MAX_BACKBONE_LAYERS = 1_000;

  private static final Set<String> COMMON_KEYS = Set.of("model", "input_size", "units",
      "return_sequences", "mixed_memory", "proj_size", "precision", "forget_bias");
  private static final Set<String> LTC_KEYS =
      Set.of(
          "input_mapping",
          "output_mapping",
          "ode_unfolds",
          "epsilon",
          "implicit_param_constraints",
          "solver",
          "rtol",
          "atol",
          "init");
  private static final Set<String> CFC_KEYS =
      Set.of("mode", "activation", "backbone_units", "backbone_layers", "backbone_dropout",
          "cfc_variant");
  private static final Set<String> CTRNN_KEYS =
      Set.of("activation", "solver", "ode_unfolds", "rtol", "atol");

  /**
   * Validates every field; messages name the ncps key.
   *
   * @param model the kind of network ({@code model})
   * @param inputSize S, input features per step, ≥ 1 ({@code input_size})
   * @param units N, the number of neurons, ≥ 1; with a wiring, the wiring's count replaces it
   *     ({@code units} as a number)
   * @param wiring the LTC's or CfC's wiring ({@code units} as a wiring object), or null for a
   *     number of units; not for a CTRNN or LSTM
   * @param returnSequences output every step (true) or only the last ({@code return_sequences})
   * @param mixedMemory run an LSTM before the cell each step, carrying a memory c of N values
   *     ({@code mixed_memory}); not for an LSTM
   * @param projSize outputs of a dense projection of the cell's output, or 0 for none ({@code
   *     proj_size})
   * @param inputMapping the LTC's per-feature scaling of its inputs: affine, linear or none ({@code
 *     input_mapping})
   * @param outputMapping the LTC's per-output scaling of its motor neurons: affine, linear or none
 *     ({@code output_mapping})
   * @param odeUnfolds ODE sub-steps per step, ≥ 1 ({@code ode_unfolds}; LTC, CTRNN)
   * @param epsilon added to the LTC fused solver's denominator, finite and ≥ 0 ({@code epsilon})
   * @param implicitParamConstraints the LTC keeps its positive parameters positive by softplus
   *     (true) or leaves clipping them to the trainer (false) ({@code implicit_param_constraints})
   * @param solver the ODE solver of an LTC or CTRNN ({@code solver}); a CTRNN cannot use {@link
   *     SolverKind#FUSED}
   * @param rtol relative tolerance of the dopri5 solver, finite and &gt; 0 ({@code rtol})
   * @param atol absolute tolerance of the dopri5 solver, finite and &gt; 0 ({@code atol})
   * @param mode the CfC's mode ({@code mode})
   * @param activation the activation of a CfC's backbone or of a CTRNN ({@code activation})
   * @param backboneUnits width of a CfC's backbone layers, ≥ 1 when there are layers ({@code
   *     backbone_units})
   * @param backboneLayers number of a CfC's backbone layers, ≥ 0 ({@code backbone_layers})
   * @param backboneDropout dropout rate after a CfC's backbone layers in training, in [0, 1)
   *     ({@code backbone_dropout})
   * @param precision the arithmetic of each step ({@code precision}): float64, or float32 for an
   *     LTC (fused, euler or rk4 solver), a CfC or an LSTM, with or without mixed memory
   * @param cfcVariant ncps's CfC or the CfC paper's ({@code cfc_variant}); paper only for a CfC
   *     without wiring
   * @param forgetBias β of the mixed-memory LSTM's forget gate σ(fg + β), finite; other than 1
   *     only with mixed memory ({@code forget_bias})
   * @param init how an LTC's parameters are first drawn ({@code init}); paper only for an LTC
   *     with {@code implicit_param_constraints} false
   * @throws NullPointerException if {@code model}, a mapping, {@code solver}, {@code mode},
   *     {@code activation}, {@code precision}, {@code cfcVariant} or {@code init} is null
   * @throws IllegalArgumentException if a value is out of range or does not apply to the model
   *     kind; the message names the ncps key
   */
  public ModelConfig {
    Objects.requireNonNull(model, "model");
    if (inputSize < 1) {
      throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
    }
    checkAtMost("input_size", inputSize, MAX_INPUT_SIZE);
    if (model == ModelKind.LSTM && mixedMemory) {
      throw new IllegalArgumentException("mixed_memory: an LSTM already is one");
    }
    if (wiring != null) {
      if (model == ModelKind.CTRNN || model == ModelKind.LSTM) {
        throw new IllegalArgumentException(
            "units: a " + model.configName() + " takes a number of units, not a wiring ("
                + wiring + ")");
      }
      units = wiring.units();
    }
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + units);
    }
    checkAtMost("units", units, MAX_UNITS);
    if (projSize < 0) {
      throw new IllegalArgumentException("proj_size must be >= 1 (or absent), got " + projSize);
    }
    checkAtMost("proj_size", projSize, MAX_PROJ_SIZE);
    Objects.requireNonNull(inputMapping, "input_mapping");
    Objects.requireNonNull(outputMapping, "output_mapping");
    Objects.requireNonNull(solver, "solver");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(activation, "activation");
    if (odeUnfolds < 1) {
      throw new IllegalArgumentException("ode_unfolds must be >= 1, got " + odeUnfolds);
    }
    checkAtMost("ode_unfolds", odeUnfolds, MAX_ODE_UNFOLDS);
    if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be a finite number >= 0, got " + epsilon);
    }
    if (!(rtol > 0) || !Double.isFinite(rtol)) {
      throw new IllegalArgumentException("rtol must be a positive number, got " + rtol);
    }
    if (!(atol > 0) || !Double.isFinite(atol)) {
      throw new IllegalArgumentException("atol must be a positive number, got " + atol);
    }
    if (solver == SolverKind.DOPRI5) {
      // An error estimate in double precision cannot go below about 1e-16 of the state: tighter
      // tolerances only make dopri5 shrink its step until it gives up mid-run.
      if (rtol < MIN_TOLERANCE) {
        throw new IllegalArgumentException("rtol must be >= " + MIN_TOLERANCE + " with the dopri5"
            + " solver (tighter is below double precision), got " + rtol);
      }
      if (atol < MIN_TOLERANCE) {
        throw new IllegalArgumentException("atol must be >= " + MIN_TOLERANCE + " with the dopri5"
            + " solver (tighter is below double precision), got " + atol);
      }
    }
    if (model == ModelKind.CTRNN && solver == SolverKind.FUSED) {
      throw new IllegalArgumentException(
          "solver: 'fused' is the LTC's semi-implicit solver; a CTRNN takes euler, rk4 or dopri5");
    }
    if (backboneLayers < 0) {
      throw new IllegalArgumentException("backbone_layers must be >= 0, got " + backboneLayers);
    }
    checkAtMost("backbone_layers", backboneLayers, MAX_BACKBONE_LAYERS);
    if (backboneLayers > 0 && backboneUnits < 1) {
      throw new IllegalArgumentException("backbone_units must be >= 1, got " + backboneUnits);
    }
    checkAtMost("backbone_units", backboneUnits, MAX_BACKBONE_UNITS);
    if (!(backboneDropout >= 0 && backboneDropout < 1)) {
      throw new IllegalArgumentException(
          "backbone_dropout must be in [0, 1), got " + backboneDropout);
    }
    checkPrecision(model, solver, precision);
    Objects.requireNonNull(cfcVariant, "cfc_variant");
    Objects.requireNonNull(init, "init");
    checkVariants(model, wiring, mixedMemory, implicitParamConstraints, backboneLayers,
        backboneDropout, cfcVariant, forgetBias, init);
  }

  /**
   * The paper variants' keys: each where it applies, and a dropout rate only where the variant
   * applies it.
   *
   * @throws IllegalArgumentException naming the key when a value does not apply
   */
  private static void checkVariants(ModelKind model, WiringSpec wiring, boolean mixedMemory,
      boolean implicitParamConstraints, int backboneLayers, double backboneDropout,
      CfcVariant cfcVariant, double forgetBias, LtcInitialisation init) {
    boolean backboneCfc = model == ModelKind.CFC && wiring == null;
    if (cfcVariant == CfcVariant.PAPER && !backboneCfc) {
      throw new IllegalArgumentException("cfc_variant: paper is the CfC paper's backbone cell,"
          + " for a CfC without wiring; got a " + model.configName()
          + (wiring != null ? " on a wiring" : "") + " (use ncps)");
    }
    if (backboneCfc && backboneDropout > 0) {
      if (backboneLayers == 0) {
        throw new IllegalArgumentException("backbone_dropout: there is no backbone layer to"
            + " apply it after (backbone_layers 0); use dropout 0 or backbone_layers >= 1");
      }
      if (backboneLayers <= cfcVariant.firstDropoutLayer()) {
        throw new IllegalArgumentException("backbone_dropout: ncps applies dropout only after"
            + " backbone layers 2..L; with 1 layer use cfc_variant paper or dropout 0");
      }
    }
    if (!Double.isFinite(forgetBias)) {
      throw new IllegalArgumentException(
          "forget_bias must be a finite number, got " + forgetBias);
    }
    if (forgetBias != LstmCell.DEFAULT_FORGET_BIAS && !mixedMemory) {
      throw new IllegalArgumentException("forget_bias: it is the mixed-memory LSTM's forget-gate"
          + " bias; set mixed_memory true (got forget_bias " + forgetBias + " without it)");
    }
    if (init == LtcInitialisation.PAPER) {
      if (model != ModelKind.LTC) {
        throw new IllegalArgumentException("init: paper is the LTC paper's initialisation, for"
            + " an LTC; got a " + model.configName() + " (use ncps)");
      }
      if (implicitParamConstraints) {
        throw new IllegalArgumentException("init: paper draws the parameters' values, which the"
            + " paper keeps positive by clipping: set implicit_param_constraints false");
      }
    }
  }

  /**
   * Whether a model of this kind and solver offers the precision.
   *
   * @throws IllegalArgumentException starting with "precision: " when it does not
   */
  static void checkPrecision(ModelKind model, SolverKind solver, Precision precision) {
    Objects.requireNonNull(precision, "precision");
    if (precision == Precision.FLOAT32) {
      if (model == ModelKind.CTRNN) {
        throw new IllegalArgumentException("precision: float32 is not offered for ctrnn (use"
            + " float64)");
      }
      // dopri5's step-size control compares error estimates with rtol/atol tuned for doubles;
      // in float32 its estimates are rounding noise at those tolerances.
      if (model == ModelKind.LTC && solver == SolverKind.DOPRI5) {
        throw new IllegalArgumentException("precision: float32 is not offered for the dopri5"
            + " solver (use float64, or the fused, euler or rk4 solver)");
      }
    }
  }

  private static void checkAtMost(String key, int value, int max) {
    if (value > max) {
      throw new IllegalArgumentException(
          key + " must be <= " + max + " (liquid4j's limit), got " + value);
    }
  }

  /**
   * An upper estimate of the number of parameters (and frozen masks) a model of this config has,
   * computed from the sizes alone, without building anything.
   *
   * @return the estimated count
   */
  public long estimatedParameters() {
    long s = inputSize;
    long n = units;
    long cell =
        switch (model) {
          // w, mu, sigma, erev and a mask for the sensory (S×N) and recurrent (N×N) synapses.
          case LTC -> 5 * (s + n) * n + 3 * n + 2 * s + 2 * n;
          case CTRNN -> (s + n) * n + 2 * n;
          case LSTM -> 4 * (s + n + 1) * n;
          case CFC -> {
            if (wiring != null || backboneLayers == 0) {
              yield 4 * (s + n + 1) * n + 2 * (s + n) * n;
            }
            long b = backboneUnits;
            yield (s + n + 1) * b + (backboneLayers - 1L) * (b + 1) * b + 4 * (b + 1) * n;
          }
        };
    long memory = mixedMemory ? 4 * (s + n + 1) * n : 0;
    long projection = (long) projSize * (n + 1);
    return cell + memory + projection;
  }

  /**
   * The memory a model of this config needs at least: its parameters as doubles twice (the model's
   * and one working copy: a gradient, or the tensors it was loaded from).
   *
   * @return bytes
   */
  public long estimatedBytes() {
    return 16 * estimatedParameters();
  }

  /**
   * Checks that {@link #estimatedBytes()} fits in the JVM's maximum heap ({@link
   * Runtime#maxMemory()}), before a model of this config is allocated.
   *
   * @throws IllegalArgumentException naming the sizes, the estimate and the heap when it does not
   */
  public void checkFitsHeap() {
    long max = Runtime.getRuntime().maxMemory();
    long need = estimatedBytes();
    if (max != Long.MAX_VALUE && need > max) {
      throw new IllegalArgumentException(
          "a " + model.configName() + " with units " + units + " and input_size " + inputSize
              + (backboneLayers > 0 && model == ModelKind.CFC && wiring == null
                  ? ", backbone_units " + backboneUnits + " and backbone_layers " + backboneLayers
                  : "")
              + (projSize > 0 ? " and proj_size " + projSize : "")
              + " needs about " + (need >> 20) + " MiB for its parameters, more than the JVM's"
              + " maximum heap of " + (max >> 20) + " MiB (use smaller sizes or raise -Xmx)");
    }
  }

  /**
   * An LTC on a wiring, with ncps's defaults (ncps {@code LTC(input_size, wiring)}).
   *
   * @param inputSize S, input features per step
   * @param wiring the wiring; its units are the model's
   * @return a builder; {@link Builder#build()} validates
   */
  public static Builder ltc(int inputSize, WiringSpec wiring) {
    return new Builder(ModelKind.LTC, inputSize, wiring.units(), wiring);
  }

  /**
   * A fully connected LTC (ncps {@code LTC(input_size, units)}).
   *
   * @param inputSize S, input features per step
   * @param units N, the number of neurons
   * @return a builder; {@link Builder#build()} validates
   */
  public static Builder ltc(int inputSize, int units) {
    return new Builder(ModelKind.LTC, inputSize, units, null);
  }

  /**
   * A CfC with a backbone and ncps's defaults (ncps {@code CfC(input_size, units)}).
   *
   * @param inputSize S, input features per step
   * @param units N, the number of neurons
   * @return a builder; {@link Builder#build()} validates
   */
  public static Builder cfc(int inputSize, int units) {
    return new Builder(ModelKind.CFC, inputSize, units, null);
  }

  /**
   * A wired CfC (ncps {@code CfC(input_size, wiring)}), which has no backbone.
   *
   * @param inputSize S, input features per step
   * @param wiring the wiring; its units are the model's
   * @return a builder; {@link Builder#build()} validates
   */
  public static Builder cfc(int inputSize, WiringSpec wiring) {
    return new Builder(ModelKind.CFC, inputSize, wiring.units(), wiring).backbone(0, 0, 0.0);
  }

  /**
   * A plain LSTM (the LTC paper's discrete-time baseline).
   *
   * @param inputSize S, input features per step
   * @param units N, the size of the hidden state and of the memory
   * @return a builder; {@link Builder#build()} validates
   */
  public static Builder lstm(int inputSize, int units) {
    return new Builder(ModelKind.LSTM, inputSize, units, null);
  }

  /**
   * A CTRNN with tanh and 6 Euler sub-steps per step.
   *
   * @param inputSize S, input features per step
   * @param units N, the number of neurons
   * @return a builder; {@link Builder#build()} validates
   */
  public static Builder ctrnn(int inputSize, int units) {
    return new Builder(ModelKind.CTRNN, inputSize, units, null)
        .solver(SolverKind.EULER)
        .activation(Activation.TANH);
  }

  /**
   * The wiring the LTC cell runs on: the given one, or FullyConnected(units) as ncps builds for an
   * integer {@code units}.
   *
   * @return {@link #wiring()}, or a new {@code FullyConnected(units)} when it is null
   */
  public WiringSpec effectiveWiring() {
    return wiring != null ? wiring : new FullyConnected(units);
  }

  /**
   * A builder initialised with this config, to change some of its values.
   *
   * @return a new builder holding every value of this config
   */
  public Builder toBuilder() {
    Builder b = new Builder(model, inputSize, units, wiring);
    b.returnSequences = returnSequences;
    b.mixedMemory = mixedMemory;
    b.projSize = projSize;
    b.inputMapping = inputMapping;
    b.outputMapping = outputMapping;
    b.odeUnfolds = odeUnfolds;
    b.epsilon = epsilon;
    b.implicitParamConstraints = implicitParamConstraints;
    b.solver = solver;
    b.rtol = rtol;
    b.atol = atol;
    b.mode = mode;
    b.activation = activation;
    b.backboneUnits = backboneUnits;
    b.backboneLayers = backboneLayers;
    b.backboneDropout = backboneDropout;
    b.precision = precision;
    b.cfcVariant = cfcVariant;
    b.forgetBias = forgetBias;
    b.init = init;
    return b;
  }

  /**
   * The config as ncps keyword arguments (only the keys that apply to this model), ready for JSON.
   *
   * @return a new, modifiable map of JSON-ready values, which {@link #fromMap} reads back
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model.configName());
    m.put("input_size", inputSize);
    m.put("units", wiring != null ? wiring.toConfig() : units);
    m.put("return_sequences", returnSequences);
    m.put("mixed_memory", mixedMemory);
    if (projSize > 0) {
      m.put("proj_size", projSize);
    }
    switch (model) {
      case LTC:
        m.put("input_mapping", inputMapping.ncpsName());
        m.put("output_mapping", outputMapping.ncpsName());
        m.put("ode_unfolds", odeUnfolds);
        m.put("epsilon", epsilon);
        m.put("implicit_param_constraints", implicitParamConstraints);
        putSolver(m);
        if (init != LtcInitialisation.NCPS) {
          m.put("init", init.configName());
        }
        break;
      case CFC:
        m.put("mode", mode.ncpsName());
        if (wiring == null) {
          m.put("activation", activation.ncpsName());
          m.put("backbone_units", backboneUnits);
          m.put("backbone_layers", backboneLayers);
          m.put("backbone_dropout", backboneDropout);
          if (cfcVariant != CfcVariant.NCPS) {
            m.put("cfc_variant", cfcVariant.configName());
          }
        }
        break;
      case CTRNN:
        m.put("activation", activation.ncpsName());
        m.put("ode_unfolds", odeUnfolds);
        putSolver(m);
        break;
      case LSTM:
        break;
      default:
        throw new AssertionError(model);
    }
    if (precision != Precision.FLOAT64) {
      m.put("precision", precision.label());
    }
    if (forgetBias != LstmCell.DEFAULT_FORGET_BIAS) {
      m.put("forget_bias", forgetBias);
    }
    return m;
  }

  private void putSolver(Map<String, Object> m) {
    m.put("solver", solver.configName());
    m.put("rtol", rtol);
    m.put("atol", atol);
  }

  /**
   * Reads a config from ncps keyword arguments as parsed from JSON (numbers as Integer, Long or
   * Double; JSON null means "default", as Python's None).
   *
   * @param map the keyword arguments by their ncps names; not modified
   * @param source name of the file or argument, used in error messages
   * @return the validated config
   * @throws IllegalArgumentException naming the key, the expected and the found value
   */
  public static ModelConfig fromMap(Map<String, ?> map, String source) {
    ConfigValues v = new ConfigValues(map, source);
    ModelKind kind = ModelKind.fromName(source + ": 'model'", v.requiredString("model"));
    v.rejectUnknown(keys(kind), "model " + kind.configName());
    int inputSize = v.requiredInt("input_size");
    Object unitsValue = v.raw("units");
    WiringSpec wiring = null;
    int units;
    if (unitsValue instanceof Map<?, ?> wiringMap) {
      @SuppressWarnings("unchecked")
      Map<String, Object> wm = (Map<String, Object>) wiringMap;
      try {
        wiring = WiringSpecs.fromConfig(wm);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": 'units': " + e.getMessage(), e);
      }
      units = wiring.units();
    } else {
      units = v.requiredInt("units");
    }
    Builder b = new Builder(kind, inputSize, units, wiring);
    b.returnSequences = v.optionalBoolean("return_sequences", true);
    b.mixedMemory = v.optionalBoolean("mixed_memory", false);
    Integer proj = v.optionalInt("proj_size", null);
    b.projSize = proj == null ? 0 : proj;
    if (proj != null && proj < 1) {
      throw new IllegalArgumentException(source + ": 'proj_size' must be >= 1, got " + proj);
    }
    switch (kind) {
      case LTC:
        b.inputMapping = Mapping.fromName(source + ": 'input_mapping'",
            v.optionalString("input_mapping", "affine"));
        b.outputMapping = Mapping.fromName(source + ": 'output_mapping'",
            v.optionalString("output_mapping", "affine"));
        b.odeUnfolds = v.optionalInt("ode_unfolds", 6);
        b.epsilon = v.optionalDouble("epsilon", 1e-8);
        b.implicitParamConstraints = v.optionalBoolean("implicit_param_constraints", true);
        b.solver = SolverKind.fromName(source + ": 'solver'", v.optionalString("solver", "fused"));
        b.init = LtcInitialisation.fromName(source + ": 'init'", v.optionalString("init", "ncps"));
        break;
      case CFC:
        b.mode = CfcMode.fromName(source + ": 'mode'", v.optionalString("mode", "default"));
        b.activation = Activation.fromName(source + ": 'activation'",
            v.optionalString("activation", "lecun_tanh"));
        Integer bu = v.optionalInt("backbone_units", null);
        Integer bl = v.optionalInt("backbone_layers", null);
        Double bd = v.optionalDouble("backbone_dropout", null);
        if (wiring != null) {
          if (bu != null || bl != null || bd != null) {
            throw new IllegalArgumentException(
                source
                    + ": backbone_units, backbone_layers and backbone_dropout cannot be used"
                    + " with a wiring (ncps raises the same error)");
          }
          b.backbone(0, 0, 0.0);
        } else {
          b.backbone(bu == null ? 128 : bu, bl == null ? 1 : bl, bd == null ? 0.0 : bd);
        }
        b.cfcVariant = CfcVariant.fromName(source + ": 'cfc_variant'",
            v.optionalString("cfc_variant", "ncps"));
        break;
      case CTRNN:
        b.activation = Activation.fromName(source + ": 'activation'",
            v.optionalString("activation", "tanh"));
        b.solver = SolverKind.fromName(source + ": 'solver'", v.optionalString("solver", "euler"));
        b.odeUnfolds = v.optionalInt("ode_unfolds", 6);
        break;
      case LSTM:
        break;
      default:
        throw new AssertionError(kind);
    }
    if (kind == ModelKind.LTC || kind == ModelKind.CTRNN) {
      b.rtol = v.optionalDouble("rtol", Solvers.DEFAULT_RTOL);
      b.atol = v.optionalDouble("atol", Solvers.DEFAULT_ATOL);
    }
    b.precision = precision(v.optionalString("precision", null), source);
    b.forgetBias = v.optionalDouble("forget_bias", LstmCell.DEFAULT_FORGET_BIAS);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** The {@code precision} value of a map: float64 when absent. */
  private static Precision precision(String value, String source) {
    if (value == null) {
      return Precision.FLOAT64;
    }
    try {
      return Precision.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": 'precision': " + e.getMessage(), e);
    }
  }

  /** The keys {@link #fromMap} accepts for a model kind. */
  static List<String> keys(ModelKind kind) {
    List<String> allowed = new ArrayList<>(COMMON_KEYS);
    allowed.addAll(
        switch (kind) {
          case LTC -> LTC_KEYS;
          case CFC -> CFC_KEYS;
          case CTRNN -> CTRNN_KEYS;
          case LSTM -> Set.of();
        });
    return allowed;
  }

  /**
   * Fluent construction with ncps's defaults, from {@link #ltc}, {@link #cfc}, {@link #lstm},
   * {@link #ctrnn} or {@link #toBuilder()}. Setters do not check their values; {@link #build()}
   * does. Not thread-safe: a builder is for one thread; the config it builds may be shared.
   */
  public static final class Builder {
    private final ModelKind model;
    private final int inputSize;
    private final int units;
    private final WiringSpec wiring;
    private boolean returnSequences = true;
    private boolean mixedMemory = false;
    private int projSize = 0;
    private Mapping inputMapping = Mapping.AFFINE;
    private Mapping outputMapping = Mapping.AFFINE;
    private int odeUnfolds = 6;
    private double epsilon = 1e-8;
    private boolean implicitParamConstraints = true;
    private SolverKind solver = SolverKind.FUSED;
    private double rtol = Solvers.DEFAULT_RTOL;
    private double atol = Solvers.DEFAULT_ATOL;
    private CfcMode mode = CfcMode.DEFAULT;
    private Activation activation = Activation.LECUN_TANH;
    private int backboneUnits = 128;
    private int backboneLayers = 1;
    private double backboneDropout = 0.0;
    private Precision precision = Precision.FLOAT64;
    private CfcVariant cfcVariant = CfcVariant.NCPS;
    private double forgetBias = LstmCell.DEFAULT_FORGET_BIAS;
    private LtcInitialisation init = LtcInitialisation.NCPS;

    private Builder(ModelKind model, int inputSize, int units, WiringSpec wiring) {
      this.model = model;
      this.inputSize = inputSize;
      this.units = units;
      this.wiring = wiring;
    }

    /**
     * Emit every step's output (true, default) or only the last.
     *
     * @param value the {@code return_sequences} flag
     * @return this builder
     */
    public Builder returnSequences(boolean value) {
      returnSequences = value;
      return this;
    }

    /**
     * Add ncps's LSTM mixed memory (default false); with {@code cfc_variant} paper, the CfC
     * paper's mixed memory instead (the LSTM's output as the CfC's input).
     *
     * @param value the {@code mixed_memory} flag
     * @return this builder
     */
    public Builder mixedMemory(boolean value) {
      mixedMemory = value;
      return this;
    }

    /**
     * Project each output with a dense layer to this size (0, the default: none).
     *
     * @param value the {@code proj_size}, ≥ 0
     * @return this builder
     */
    public Builder projSize(int value) {
      projSize = value;
      return this;
    }

    /**
     * LTC input and output mappings (default affine for both).
     *
     * @param input the {@code input_mapping}
     * @param output the {@code output_mapping}
     * @return this builder
     */
    public Builder mappings(Mapping input, Mapping output) {
      inputMapping = input;
      outputMapping = output;
      return this;
    }

    /**
     * ODE sub-steps per step (LTC, CTRNN; default 6).
     *
     * @param value the {@code ode_unfolds}, ≥ 1
     * @return this builder
     */
    public Builder odeUnfolds(int value) {
      odeUnfolds = value;
      return this;
    }

    /**
     * LTC fused-solver epsilon (default 1e-8).
     *
     * @param value the {@code epsilon}, finite and ≥ 0
     * @return this builder
     */
    public Builder epsilon(double value) {
      epsilon = value;
      return this;
    }

    /**
     * LTC positivity: softplus (true, the default) or clipping by the trainer (false).
     *
     * @param value the {@code implicit_param_constraints} flag
     * @return this builder
     */
    public Builder implicitParamConstraints(boolean value) {
      implicitParamConstraints = value;
      return this;
    }

    /**
     * ODE solver (LTC, CTRNN; default fused, or euler for {@link #ctrnn}).
     *
     * @param value the {@code solver}
     * @return this builder
     */
    public Builder solver(SolverKind value) {
      solver = value;
      return this;
    }

    /**
     * Dormand–Prince (dopri5) tolerances (defaults 1e-6 and 1e-8).
     *
     * @param relative the {@code rtol}, finite and &gt; 0
     * @param absolute the {@code atol}, finite and &gt; 0
     * @return this builder
     */
    public Builder tolerances(double relative, double absolute) {
      rtol = relative;
      atol = absolute;
      return this;
    }

    /**
     * CfC mode (default {@link CfcMode#DEFAULT}).
     *
     * @param value the {@code mode}
     * @return this builder
     */
    public Builder mode(CfcMode value) {
      mode = value;
      return this;
    }

    /**
     * CfC backbone or CTRNN activation (default lecun_tanh, or tanh for {@link #ctrnn}).
     *
     * @param value the {@code activation}
     * @return this builder
     */
    public Builder activation(Activation value) {
      activation = value;
      return this;
    }

    /**
     * CfC backbone (default 128 units, 1 layer, no dropout; none for a wired CfC).
     *
     * @param units the {@code backbone_units}, ≥ 1 when {@code layers} &gt; 0
     * @param layers the {@code backbone_layers}, ≥ 0
     * @param dropout the {@code backbone_dropout}, in [0, 1)
     * @return this builder
     */
    public Builder backbone(int units, int layers, double dropout) {
      backboneUnits = units;
      backboneLayers = layers;
      backboneDropout = dropout;
      return this;
    }

    /**
     * The arithmetic of each step (default {@link Precision#FLOAT64}); float32 is offered for an
     * LTC with the fused, euler or rk4 solver, a CfC and an LSTM, with or without mixed memory.
     *
     * @param value the {@code precision}
     * @return this builder
     */
    public Builder precision(Precision value) {
      precision = value;
      return this;
    }

    /**
     * Which published CfC a backbone CfC follows (default {@link CfcVariant#NCPS}): the paper's
     * applies backbone dropout after every layer and lecun_tanh on the ff1 and ff2 heads, and
     * with mixed memory feeds the LSTM's output to the CfC as its input (the paper's {@code
     * MixedCfcCell}; see the class comment).
     *
     * @param value the {@code cfc_variant}
     * @return this builder
     */
    public Builder cfcVariant(CfcVariant value) {
      cfcVariant = value;
      return this;
    }

    /**
     * The mixed-memory LSTM's forget bias β in σ(fg + β) (default 1, ncps's).
     *
     * @param value the {@code forget_bias}, finite; other than 1 only with mixed memory
     * @return this builder
     */
    public Builder forgetBias(double value) {
      forgetBias = value;
      return this;
    }

    /**
     * How an LTC's parameters are first drawn (default {@link LtcInitialisation#NCPS}); {@link
     * LtcInitialisation#PAPER} needs {@link #implicitParamConstraints} false.
     *
     * @param value the {@code init}
     * @return this builder
     */
    public Builder initialisation(LtcInitialisation value) {
      init = value;
      return this;
    }

    /**
     * The validated config.
     *
     * @return a new config with this builder's values
     * @throws IllegalArgumentException if a value is out of range, as {@link ModelConfig}'s
     *     constructor
     */
    public ModelConfig build() {
      return new ModelConfig(
          model,
          inputSize,
          units,
          wiring,
          returnSequences,
          mixedMemory,
          projSize,
          inputMapping,
          outputMapping,
          odeUnfolds,
          epsilon,
          implicitParamConstraints,
          solver,
          rtol,
          atol,
          mode,
          activation,
          backboneUnits,
          backboneLayers,
          backboneDropout,
          precision,
          cfcVariant,
          forgetBias,
          init);
    }
  }
}
