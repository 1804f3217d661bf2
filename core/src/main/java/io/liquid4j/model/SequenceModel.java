package io.liquid4j.model;

import io.liquid4j.cell.Cell;
import io.liquid4j.cell.CfcCell;
import io.liquid4j.cell.CtrnnCell;
import io.liquid4j.cell.LstmCell;
import io.liquid4j.cell.LstmSequenceCell;
import io.liquid4j.cell.LtcCell;
import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.cell.Precision;
import io.liquid4j.cell.WiredCfcCell;
import io.liquid4j.wiring.Wiring;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A liquid sequence model, as ncps's {@code LTC} and {@code CfC} modules: per step an optional
 * mixed-memory LSTM, the cell, and an optional projection. Immutable: the configuration and one
 * flat parameter array ({@link #layout()} names every tensor with ncps's state_dict keys, {@code
 * rnn_cell.*}, {@code lstm.*}, {@code fc.*}).
 *
 * <pre>{@code
 * SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, new AutoNcp(16, 1)).build(), 42);
 * SequenceOutput y = model.forward(x, batch, length, timespans, null); // x (B, L, 2)
 * }</pre>
 *
 * <p>Per step t, with Δt the sample's elapsed time (1 when no timespans are given):
 *
 * <pre>
 * mixed memory: (h, c) ← LSTM(x_t, (h, c))
 * (out, h)     ← cell(x_t, h, Δt)
 * y_t          ← fc(out) with proj_size, out otherwise
 * </pre>
 *
 * <p>With mixed memory and {@code cfc_variant: paper} the step is the CfC paper's {@code
 * MixedCfcCell} instead: the LSTM's output is the CfC's input, and the CfC's state is the
 * previous h (so the CfC's input size is N, its backbone's input u ⊕ h is 2N wide):
 *
 * <pre>
 * (u, c) ← LSTM(x_t, (h, c))
 * (out, h) ← CfC(u, h, Δt)
 * </pre>
 *
 * Unlike ncps (its issue #81), Δt is per sample and step for any batch size.
 *
 * <p><b>Threads.</b> Immutable and safe to share between threads: the parameters are copied in
 * and out and never change, and every forward pass allocates its own state and scratch arrays
 * (the cell's workspace included), so one model may serve any number of threads at once, with the
 * same results as on one thread. What holds state is per caller: a {@link StreamingSession} per
 * stream, a {@link TrainingPass} or {@link AdjointPass} per thread.
 */
public final class SequenceModel {
  private final ModelConfig config;
  private final Wiring wiring; // null for a CfC or CTRNN without wiring
  private final Cell cell;
  private final LstmCell lstm; // null without mixed memory
  // The CfC paper's mixed memory: the LSTM's output is the cell's input, h the cell's state.
  private final boolean lstmFeedsCell;
  private final ParameterLayout layout;
  private final int cellOff;
  private final int lstmOff;
  private final int fcWOff;
  private final int fcBOff;
  private final double[] params;
  // The projection's weights and bias rounded to float once, in float32 (params never change).
  private final float[] fcWeight32;
  private final float[] fcBias32;

  private SequenceModel(ModelConfig config, double[] params, long seed) {
    config.checkFitsHeap();
    this.config = config;
    Precision precision = config.precision();
    lstmFeedsCell = paperMixedMemory(config);
    if (config.model() == ModelKind.LTC) {
      wiring = config.effectiveWiring().build(config.inputSize());
      cell =
          new LtcCell(
              wiring,
              config.inputMapping(),
              config.outputMapping(),
              config.odeUnfolds(),
              config.epsilon(),
              config.implicitParamConstraints(),
              config.solver(),
              config.rtol(),
              config.atol(),
              precision);
    } else if (config.model() == ModelKind.CFC && config.wiring() != null) {
      wiring = config.wiring().build(config.inputSize());
      cell = new WiredCfcCell(wiring, config.mode(), precision);
    } else if (config.model() == ModelKind.CFC) {
      wiring = null;
      cell =
          new CfcCell(
              lstmFeedsCell ? config.units() : config.inputSize(),
              config.units(),
              config.mode(),
              config.activation(),
              config.backboneUnits(),
              config.backboneLayers(),
              config.backboneDropout(),
              null,
              precision,
              config.cfcVariant());
    } else if (config.model() == ModelKind.LSTM) {
      wiring = null;
      cell = new LstmSequenceCell(config.inputSize(), config.units(), precision);
    } else {
      wiring = null;
      cell =
          new CtrnnCell(
              config.inputSize(),
              config.units(),
              config.activation(),
              config.solver(),
              config.odeUnfolds(),
              config.rtol(),
              config.atol());
    }
    // Parameter order as ncps's state_dict: rnn_cell, then lstm, then fc.
    ParameterLayout.Builder b = ParameterLayout.builder();
    cellOff = b.addAll("rnn_cell.", cell.layout());
    lstm = config.mixedMemory()
        ? new LstmCell(config.inputSize(), cell.stateSize(), precision, config.forgetBias())
        : null;
    lstmOff = lstm != null ? b.addAll("lstm.", lstm.layout()) : -1;
    if (config.projSize() > 0) {
      fcWOff = b.add("fc.weight", config.projSize(), cell.outputSize());
      fcBOff = b.add("fc.bias", config.projSize());
    } else {
      fcWOff = -1;
      fcBOff = -1;
    }
    layout = b.build();
    if (params == null) {
      this.params = new double[layout.size()];
      SplittableRandom rng = new SplittableRandom(seed);
      cell.initParameters(this.params, cellOff, rng);
      if (config.init() == LtcInitialisation.PAPER) {
        paperLtcInitialisation(config, this.params, cellOff, cell.layout(), seed);
      }
      if (lstm != null) {
        lstm.initParameters(this.params, lstmOff, rng);
        if (lstmFeedsCell) {
          // The paper's Keras cell starts its gate bias at zeros (ncps draws it from U(±0.1)).
          ParameterLayout.Entry bias = layout.entry("lstm.input_map.bias");
          Arrays.fill(this.params, bias.offset(), bias.offset() + bias.size(), 0.0);
        }
      }
      if (fcWOff >= 0) {
        double bound = 1.0 / Math.sqrt(cell.outputSize()); // torch's nn.Linear default init
        for (int i = fcWOff; i < fcWOff + config.projSize() * cell.outputSize(); i++) {
          this.params[i] = bound * (2 * rng.nextDouble() - 1);
        }
        for (int i = fcBOff; i < fcBOff + config.projSize(); i++) {
          this.params[i] = bound * (2 * rng.nextDouble() - 1);
        }
      }
    } else {
      if (params.length != layout.size()) {
        throw new IllegalArgumentException(
            "parameters: expected " + layout.size() + " values for " + config.model().configName()
                + ", got " + params.length);
      }
      this.params = params.clone();
    }
    fcWeight32 = projection32(config, this.params, fcWOff, config.projSize() * cell.outputSize());
    fcBias32 = projection32(config, this.params, fcBOff, config.projSize());
  }

  /** Whether the config asks for the CfC paper's mixed memory (the LSTM feeding the CfC). */
  private static boolean paperMixedMemory(ModelConfig config) {
    return config.mixedMemory() && config.model() == ModelKind.CFC
        && config.cfcVariant() == io.liquid4j.cell.CfcVariant.PAPER;
  }

  /**
   * Replaces ncps's draws of cm, gleak, w, sensory_w, erev and sensory_erev by the LTC paper's
   * ({@link LtcInitialisation#PAPER}), from a stream of its own fixed by the seed, so that the
   * other parameters and the draws after the cell's stay as ncps's initialisation makes them.
   */
  private static void paperLtcInitialisation(
      ModelConfig config, double[] p, int off, ParameterLayout cellLayout, long seed) {
    SplittableRandom rng = new SplittableRandom(seed * 7919 + 1);
    // ncps divides cm by the unfold's Δt/K: cm = 0.5/K gives the paper's cm_t = 0.5 at Δt = 1.
    double cm = 0.5 * (1.0 / config.odeUnfolds());
    for (ParameterLayout.Entry e : cellLayout.entries()) {
      for (int i = off + e.offset(); i < off + e.offset() + e.size(); i++) {
        switch (e.name()) {
          case "cm" -> p[i] = cm;
          case "gleak" -> p[i] = 1.0;
          case "w", "sensory_w" -> p[i] = rng.nextDouble(0.01, 1.0);
          case "erev", "sensory_erev" -> p[i] = rng.nextBoolean() ? 1.0 : -1.0;
          default -> { }
        }
      }
    }
  }

  /** The projection's tensor at {@code off} rounded to float in float32; null otherwise. */
  private static float[] projection32(ModelConfig config, double[] params, int off, int size) {
    if (config.precision() != Precision.FLOAT32 || off < 0) {
      return null;
    }
    float[] f = new float[size];
    for (int i = 0; i < size; i++) {
      f[i] = (float) params[off + i];
    }
    return f;
  }

  /**
   * A model with freshly initialised parameters (ncps's initialisation ranges).
   *
   * @param config the network to build
   * @param seed fixes every random draw of the initialisation
   * @return the new model
   * @throws IllegalArgumentException if the config cannot be built (a wiring whose sizes do not
   *     fit the input size, say)
   */
  public static SequenceModel create(ModelConfig config, long seed) {
    return new SequenceModel(config, null, seed);
  }

  /**
   * A model with the given parameters, laid out as {@link #layout()} of a model of this config.
   * Frozen buffers (sparsity masks) must match the wiring.
   *
   * @param config the network to build
   * @param params all parameters, laid out as {@link #layout()}; copied
   * @return the model
   * @throws IllegalArgumentException if the length is not the layout's size, a value is not
   *     finite, or a frozen buffer differs from what the wiring gives
   */
  public static SequenceModel withParameters(ModelConfig config, double[] params) {
    SequenceModel m = new SequenceModel(config, params, 0);
    m.checkFinite();
    m.checkFrozenBuffers(new SequenceModel(config, null, 0));
    return m;
  }

  /**
   * This model's structure with other parameters (after an optimizer step, say). Cheap: the cell
   * and wiring are shared; the values must be finite and the frozen buffers unchanged.
   *
   * @param newParams all parameters, laid out as {@link #layout()}; copied
   * @return a new model; this one is unchanged
   * @throws IllegalArgumentException if the length differs from this model's, a value is not
   *     finite, or a frozen buffer differs from this model's
   */
  public SequenceModel withParameters(double[] newParams) {
    if (newParams.length != params.length) {
      throw new IllegalArgumentException(
          "parameters: expected " + params.length + " values for " + config.model().configName()
              + ", got " + newParams.length);
    }
    SequenceModel m = new SequenceModel(this, newParams);
    m.checkFinite();
    m.checkFrozenBuffers(this);
    return m;
  }

  /** Shares the structure of {@code structure}; copies {@code newParams}. */
  private SequenceModel(SequenceModel structure, double[] newParams) {
    this.config = structure.config;
    this.wiring = structure.wiring;
    this.cell = structure.cell;
    this.lstm = structure.lstm;
    this.lstmFeedsCell = structure.lstmFeedsCell;
    this.layout = structure.layout;
    this.cellOff = structure.cellOff;
    this.lstmOff = structure.lstmOff;
    this.fcWOff = structure.fcWOff;
    this.fcBOff = structure.fcBOff;
    this.params = newParams.clone();
    fcWeight32 = projection32(config, params, fcWOff, config.projSize() * cell.outputSize());
    fcBias32 = projection32(config, params, fcBOff, config.projSize());
  }

  /**
   * This model with the same parameters, run in another precision: the parameters are float64
   * master values in either (see {@link Precision}), so a model trained in float64 may run in
   * float32 and back without retraining. The outputs then differ by the rounding of the other
   * precision.
   *
   * @param precision the arithmetic of each step
   * @return this model when it already runs in {@code precision}, a new model otherwise
   * @throws IllegalArgumentException when the model does not offer {@code precision} (float32
   *     for a CTRNN or an LTC with the dopri5 solver), naming {@code precision}
   */
  public SequenceModel withPrecision(Precision precision) {
    if (precision == config.precision()) {
      return this;
    }
    return new SequenceModel(config.toBuilder().precision(precision).build(), params, 0);
  }

  /**
   * The arithmetic of each step.
   *
   * @return {@link ModelConfig#precision()}
   */
  public Precision precision() {
    return config.precision();
  }

  private void checkFinite() {
    for (ParameterLayout.Entry e : layout.entries()) {
      for (int i = 0; i < e.size(); i++) {
        if (!Double.isFinite(params[e.offset() + i])) {
          throw new IllegalArgumentException(
              "parameter '" + e.name() + "' has a non-finite value " + params[e.offset() + i]
                  + " at flat index " + i);
        }
      }
    }
  }

  /**
   * The masks are derived from the wiring; a file whose masks differ was made with another wiring
   * (another seed, say), and running it would silently compute something else.
   */
  private void checkFrozenBuffers(SequenceModel fresh) {
    for (ParameterLayout.Entry e : layout.entries()) {
      if (e.trainable()) {
        continue;
      }
      for (int i = 0; i < e.size(); i++) {
        if (params[e.offset() + i] != fresh.params[e.offset() + i]) {
          int[] shape = e.shape();
          int cols = shape[shape.length - 1];
          throw new IllegalArgumentException(
              "parameter '"
                  + e.name()
                  + "' does not match the wiring in the config: entry ["
                  + (i / cols)
                  + ", "
                  + (i % cols)
                  + "] is "
                  + params[e.offset() + i]
                  + " but the wiring gives "
                  + fresh.params[e.offset() + i]
                  + " (was the model built with another wiring or seed?)");
        }
      }
    }
  }

  /**
   * The configuration.
   *
   * @return the config the model was built from
   */
  public ModelConfig config() {
    return config;
  }

  /**
   * The built wiring.
   *
   * @return the wiring the cell runs on (an LTC's is always set: FullyConnected for a number of
   *     units), or null for a CfC without one, a CTRNN or an LSTM
   */
  public Wiring wiring() {
    return wiring;
  }

  /**
   * The recurrent cell.
   *
   * @return the cell, immutable; its parameters live in this model, at the offsets of the
   *     {@code rnn_cell.} entries of {@link #layout()}
   */
  public Cell cell() {
    return cell;
  }

  /**
   * Names, shapes and offsets of all parameters.
   *
   * @return the layout, in ncps's state_dict order: {@code rnn_cell.*}, {@code lstm.*}, {@code
   *     fc.*}
   */
  public ParameterLayout layout() {
    return layout;
  }

  /**
   * All parameters.
   *
   * @return a copy, laid out as {@link #layout()}
   */
  public double[] parameters() {
    return params.clone();
  }

  /**
   * One named tensor's values.
   *
   * @param name an entry of {@link #layout()}, e.g. {@code "rnn_cell.gleak"}
   * @return a copy of its values, row-major
   * @throws IllegalArgumentException if the layout has no entry of that name
   */
  public double[] parameter(String name) {
    ParameterLayout.Entry e = layout.entry(name);
    return Arrays.copyOfRange(params, e.offset(), e.offset() + e.size());
  }

  /**
   * Number of input features.
   *
   * @return S
   */
  public int inputSize() {
    return config.inputSize();
  }

  /**
   * Size of the state h (and of the memory c with mixed memory).
   *
   * @return N
   */
  public int stateSize() {
    return cell.stateSize();
  }

  /**
   * Size of each step's output.
   *
   * @return O: {@code proj_size} with a projection, the cell's output size otherwise
   */
  public int outputSize() {
    return config.projSize() > 0 ? config.projSize() : cell.outputSize();
  }

  /**
   * Runs a batch of sequences.
   *
   * @param x (B, L, S) inputs. Not modified.
   * @param batch B
   * @param length L
   * @param timespans (B, L) elapsed time of each step, or null for Δt = 1. Not modified.
   * @param initial initial state with batch B, or null for zeros
   * @return the outputs, (B, L, O) with {@code return_sequences} or (B, O) without, and the final
   *     state
   * @throws IllegalArgumentException for a wrong shape, a non-finite input, or Δt that is not a
   *     positive finite number — naming the argument and the position
   */
  public SequenceOutput forward(
      double[] x, int batch, int length, double[] timespans, ModelState initial) {
    return forward(x, batch, length, timespans, null, initial);
  }

  /**
   * Runs a batch of sequences of different lengths, padded to L, as Keras's masked RNN does: at a
   * padded step the state (h, and c with mixed memory) is carried over unchanged and the step's
   * output is the previous step's (zeros before the first valid step), so without {@code
   * return_sequences} the output is each sequence's last valid step's, and the final state is the
   * state after it. A sequence padded at its end thus gives exactly the outputs and state of the
   * same sequence unpadded.
   *
   * @param x (B, L, S) inputs, finite also at padded steps (whose values never reach the result).
   *     Not modified.
   * @param batch B
   * @param length L
   * @param timespans (B, L) elapsed time of each step, or null for Δt = 1; at padded steps any
   *     value is allowed (0, say) and ignored. Not modified.
   * @param validSteps (B, L) 1 for a valid step, 0 for a padded one; null for all valid. Not
   *     modified.
   * @param initial initial state with batch B, or null for zeros
   * @return the outputs, (B, L, O) with {@code return_sequences} or (B, O) without, and the final
   *     state
   * @throws IllegalArgumentException as {@link #forward(double[], int, int, double[], ModelState)},
   *     or when {@code validSteps} is not (B, L) of 0s and 1s
   */
  public SequenceOutput forward(
      double[] x, int batch, int length, double[] timespans, double[] validSteps,
      ModelState initial) {
    ValidSteps.check(validSteps, batch, length);
    timespans = ValidSteps.timespansToRun(timespans, validSteps);
    InputChecks.sequence(x, batch, length, inputSize(), timespans, initial, stateSize(),
        config.mixedMemory());
    int s = inputSize();
    int n = stateSize();
    int o = outputSize();
    double[] h = initial != null ? initial.h() : new double[batch * n];
    double[] c =
        config.mixedMemory()
            ? (initial != null ? initial.c() : new double[batch * n])
            : null;
    double[] xt = new double[batch * s];
    double[] dt = new double[batch];
    double[] y = new double[batch * o];
    // With padding: the previous step's outputs and memory, carried into padded steps.
    double[] yPrev = validSteps != null ? new double[batch * o] : null;
    double[] cPrev = validSteps != null && c != null ? new double[batch * n] : null;
    StepBuffers buffers = newStepBuffers(batch);
    double[] outputs = new double[config.returnSequences() ? batch * length * o : batch * o];
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(x, (b * length + t) * s, xt, b * s, s);
        dt[b] = timespans == null ? 1.0 : timespans[b * length + t];
      }
      if (cPrev != null) {
        System.arraycopy(c, 0, cPrev, 0, c.length);
      }
      double[] hNext = step(xt, h, c, dt, batch, y, buffers);
      if (validSteps != null) {
        for (int b = 0; b < batch; b++) {
          if (validSteps[b * length + t] == 0.0) {
            System.arraycopy(h, b * n, hNext, b * n, n);
            if (cPrev != null) {
              System.arraycopy(cPrev, b * n, c, b * n, n);
            }
            System.arraycopy(yPrev, b * o, y, b * o, o);
          }
        }
        System.arraycopy(y, 0, yPrev, 0, y.length);
      }
      h = hNext;
      if (config.returnSequences()) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(y, b * o, outputs, (b * length + t) * o, o);
        }
      } else if (t == length - 1) {
        System.arraycopy(y, 0, outputs, 0, batch * o);
      }
    }
    int[] shape = config.returnSequences() ? new int[] {batch, length, o} : new int[] {batch, o};
    return new SequenceOutput(outputs, shape, new ModelState(batch, n, h, c));
  }

  /**
   * Runs a batch given as {@code x[b][t][s]}, with Δt = 1 and zero initial state.
   *
   * @param x B sequences of L steps of S features each. Not modified.
   * @return as {@link #forward(double[], int, int, double[], ModelState)}
   * @throws IllegalArgumentException if x is empty, ragged, has a step with other than S
   *     features, or holds a non-finite value
   */
  public SequenceOutput forward(double[][][] x) {
    return forward(x, null);
  }

  /**
   * Runs a batch given as {@code x[b][t][s]} with elapsed times {@code timespans[b][t]}, from
   * zero initial state.
   *
   * @param x B sequences of L steps of S features each. Not modified.
   * @param timespans B rows of L elapsed times, each finite and &gt; 0; or null for Δt = 1. Not
   *     modified.
   * @return as {@link #forward(double[], int, int, double[], ModelState)}
   * @throws IllegalArgumentException if x is empty or ragged, a step has other than S features,
   *     timespans is not B rows of L, or a value is not finite (or Δt not &gt; 0)
   */
  public SequenceOutput forward(double[][][] x, double[][] timespans) {
    int batch = x.length;
    if (batch == 0) {
      throw new IllegalArgumentException("x: expected at least one sequence, got none");
    }
    int length = x[0].length;
    double[] flat = new double[batch * length * inputSize()];
    for (int b = 0; b < batch; b++) {
      if (x[b].length != length) {
        throw new IllegalArgumentException(
            "x: sequence " + b + " has " + x[b].length + " steps, sequence 0 has " + length);
      }
      for (int t = 0; t < length; t++) {
        if (x[b][t].length != inputSize()) {
          throw new IllegalArgumentException(
              "x: step [" + b + ", " + t + "] has " + x[b][t].length + " features, expected "
                  + inputSize());
        }
        System.arraycopy(x[b][t], 0, flat, (b * length + t) * inputSize(), inputSize());
      }
    }
    double[] ts = null;
    if (timespans != null) {
      if (timespans.length != batch) {
        throw new IllegalArgumentException(
            "timespans: expected " + batch + " rows (one per sequence), got " + timespans.length);
      }
      ts = new double[batch * length];
      for (int b = 0; b < batch; b++) {
        if (timespans[b].length != length) {
          throw new IllegalArgumentException(
              "timespans: row " + b + " has " + timespans[b].length + " entries, expected "
                  + length);
        }
        System.arraycopy(timespans[b], 0, ts, b * length, length);
      }
    }
    return forward(flat, batch, length, ts, null);
  }

  /**
   * Scratch arrays and the workspaces of the cell and of the mixed-memory LSTM, reused across the
   * steps of one forward pass.
   */
  static final class StepBuffers {
    final double[] hNext;
    final double[] hLstm; // the LSTM's output: the cell's state, or (paper) the cell's input
    final double[] cNext;
    final double[] out;
    final Cell.Workspace workspace;
    final Cell.Workspace lstmWorkspace; // null without mixed memory

    StepBuffers(int batch, int n, int cellOut, Cell.Workspace workspace,
        Cell.Workspace lstmWorkspace) {
      hNext = new double[batch * n];
      hLstm = new double[batch * n];
      cNext = new double[batch * n];
      out = new double[batch * cellOut];
      this.workspace = workspace;
      this.lstmWorkspace = lstmWorkspace;
    }
  }

  /** Buffers for steps of {@code batch} samples with this model's parameters. */
  StepBuffers newStepBuffers(int batch) {
    return new StepBuffers(batch, stateSize(), cell.outputSize(),
        cell.newWorkspace(params, cellOff, batch),
        lstm != null ? lstm.newWorkspace(params, lstmOff, batch, null) : null);
  }

  /**
   * One step: updates {@code c} in place (mixed memory), writes the outputs to {@code y} and
   * returns the new h (a fresh array; the argument is not modified).
   */
  double[] step(
      double[] xt, double[] h, double[] c, double[] dt, int batch, double[] y, StepBuffers buf) {
    double[] hIn = h;
    double[] cellInput = xt;
    if (lstm != null) {
      lstm.forward(params, lstmOff, xt, h, c, batch, buf.hLstm, buf.cNext, null,
          buf.lstmWorkspace);
      System.arraycopy(buf.cNext, 0, c, 0, c.length);
      if (lstmFeedsCell) {
        cellInput = buf.hLstm;
      } else {
        hIn = buf.hLstm;
      }
    }
    double[] hNext = new double[h.length];
    cell.forward(params, cellOff, cellInput, hIn, dt, batch, hNext, buf.out, null,
        buf.workspace);
    project(buf.out, y, batch);
    return hNext;
  }

  /**
   * Runs a batch forward, recording what backpropagation through time needs; {@link
   * TrainingPass#backward} then gives exact gradients. Random parts (CfC backbone dropout) are
   * left out, as in inference.
   *
   * @param x (B, L, S) inputs. Not modified (the pass keeps a copy of each step).
   * @param batch B
   * @param length L
   * @param timespans (B, L) elapsed time of each step, or null for Δt = 1. Not modified.
   * @param initial initial state with batch B, or null for zeros
   * @return a new pass, for one {@code backward}; not thread-safe, one per thread
   * @throws IllegalArgumentException as {@link #forward(double[], int, int, double[], ModelState)}
   */
  public TrainingPass forwardForTraining(
      double[] x, int batch, int length, double[] timespans, ModelState initial) {
    InputChecks.sequence(x, batch, length, inputSize(), timespans, initial, stateSize(),
        config.mixedMemory());
    return TrainingPass.run(this, x, batch, length, timespans, null, initial, null, null);
  }

  /**
   * As {@link #forwardForTraining(double[], int, int, double[], ModelState)}, in training mode:
   * random parts such as CfC backbone dropout are drawn from a generator seeded with {@code
   * seed}, so the same seed gives the same masks.
   *
   * @param x (B, L, S) inputs. Not modified.
   * @param batch B
   * @param length L
   * @param timespans (B, L) elapsed time of each step, or null for Δt = 1. Not modified.
   * @param initial initial state with batch B, or null for zeros
   * @param seed seeds the random draws of training mode
   * @return a new pass, for one {@code backward}; not thread-safe, one per thread
   * @throws IllegalArgumentException as {@link #forward(double[], int, int, double[], ModelState)}
   */
  public TrainingPass forwardForTraining(
      double[] x, int batch, int length, double[] timespans, ModelState initial, long seed) {
    return forwardForTraining(x, batch, length, timespans, initial, seed, null);
  }

  /**
   * As {@link #forwardForTraining(double[], int, int, double[], ModelState, long)}, recording
   * into the arrays of {@code reuse} — a finished pass of a model with this one's structure (from
   * {@link #withParameters}) and the same batch and length — so that a training loop does not
   * allocate its tapes every step. Returns {@code reuse} itself then (a new pass otherwise), and
   * what {@code reuse} returned before (outputs, gradients) is overwritten.
   *
   * @param x (B, L, S) inputs. Not modified.
   * @param batch B
   * @param length L
   * @param timespans (B, L) elapsed time of each step, or null for Δt = 1. Not modified.
   * @param initial initial state with batch B, or null for zeros
   * @param seed seeds the random draws of training mode
   * @param reuse an earlier pass, or null
   * @return {@code reuse} when it fits, a new pass otherwise; not thread-safe, one per thread
   * @throws IllegalArgumentException as {@link #forward(double[], int, int, double[], ModelState)}
   */
  public TrainingPass forwardForTraining(
      double[] x, int batch, int length, double[] timespans, ModelState initial, long seed,
      TrainingPass reuse) {
    return forwardForTraining(x, batch, length, timespans, null, initial, seed, reuse);
  }

  /**
   * As {@link #forwardForTraining(double[], int, int, double[], ModelState, long, TrainingPass)}
   * for sequences of different lengths padded to L, with the padding semantics of {@link
   * #forward(double[], int, int, double[], double[], ModelState)}. The gradients stay exact: a
   * padded step passes the gradient of the state it carries, and of the output it repeats,
   * straight through to the step before, and adds nothing to the parameters' or its inputs'
   * gradients.
   *
   * @param x (B, L, S) inputs. Not modified.
   * @param batch B
   * @param length L
   * @param timespans (B, L) elapsed time of each step, or null for Δt = 1; ignored at padded
   *     steps. Not modified.
   * @param validSteps (B, L) 1 for a valid step, 0 for a padded one; null for all valid. Not
   *     modified (the pass keeps a copy).
   * @param initial initial state with batch B, or null for zeros
   * @param seed seeds the random draws of training mode
   * @param reuse an earlier pass, or null
   * @return {@code reuse} when it fits, a new pass otherwise; not thread-safe, one per thread
   * @throws IllegalArgumentException as {@link #forward(double[], int, int, double[], double[],
   *     ModelState)}
   */
  public TrainingPass forwardForTraining(
      double[] x, int batch, int length, double[] timespans, double[] validSteps,
      ModelState initial, long seed, TrainingPass reuse) {
    ValidSteps.check(validSteps, batch, length);
    timespans = ValidSteps.timespansToRun(timespans, validSteps);
    InputChecks.sequence(x, batch, length, inputSize(), timespans, initial, stateSize(),
        config.mixedMemory());
    return TrainingPass.run(this, x, batch, length, timespans, validSteps, initial,
        new java.util.SplittableRandom(seed), reuse);
  }

  /**
   * Runs a batch forward for gradients by the adjoint method: memory independent of the sequence
   * length (see {@link AdjointPass} for when to prefer it). The forward pass runs now.
   *
   * @param x (B, L, S) inputs. Not modified (the pass keeps a copy).
   * @param batch B
   * @param length L
   * @param timespans (B, L) elapsed time of each step, or null for Δt = 1. Not modified.
   * @param initial initial state with batch B, or null for zeros
   * @return a new pass, for one {@code backward}; not thread-safe, one per thread
   * @throws IllegalArgumentException as {@link #forward(double[], int, int, double[], ModelState)},
   *     or when the model is not an LTC or CTRNN with the euler or rk4 solver and no mixed memory
   */
  public AdjointPass forwardForAdjoint(
      double[] x, int batch, int length, double[] timespans, ModelState initial) {
    InputChecks.sequence(x, batch, length, inputSize(), timespans, initial, stateSize(),
        config.mixedMemory());
    return new AdjointPass(this, x, batch, length, timespans, initial);
  }

  // Package-private views for TrainingPass and AdjointPass.
  double[] rawParameters() {
    return params;
  }

  int cellOffset() {
    return cellOff;
  }

  LstmCell lstm() {
    return lstm;
  }

  int lstmOffset() {
    return lstmOff;
  }

  /** True for the CfC paper's mixed memory: the LSTM's output is the cell's input, not state. */
  boolean lstmFeedsCell() {
    return lstmFeedsCell;
  }

  int fcWeightOffset() {
    return fcWOff;
  }

  int fcBiasOffset() {
    return fcBOff;
  }

  /**
   * The read-out of one step: y = W·out + b with proj_size, y = out otherwise.
   *
   * @param out (B, M) cell outputs. Not modified.
   * @param y (B, O). Modified.
   */
  void project(double[] out, double[] y, int batch) {
    if (fcWOff < 0) {
      System.arraycopy(out, 0, y, 0, batch * cell.outputSize());
      return;
    }
    int in = cell.outputSize();
    int k = config.projSize();
    if (fcWeight32 != null) {
      projectFloat(out, y, batch, in, k);
      return;
    }
    for (int b = 0; b < batch; b++) {
      for (int r = 0; r < k; r++) {
        double sum = params[fcBOff + r];
        for (int i = 0; i < in; i++) {
          sum += params[fcWOff + r * in + i] * out[b * in + i];
        }
        y[b * k + r] = sum;
      }
    }
  }

  /**
   * {@link #project} in float32: the same sums, in the same order, of float products with a float
   * accumulator; the cell's outputs are float values already (see {@link Precision}).
   */
  private void projectFloat(double[] out, double[] y, int batch, int in, int k) {
    for (int b = 0; b < batch; b++) {
      for (int r = 0; r < k; r++) {
        float sum = fcBias32[r];
        for (int i = 0; i < in; i++) {
          sum += fcWeight32[r * in + i] * (float) out[b * in + i];
        }
        y[b * k + r] = sum;
      }
    }
  }

  /** The projection's weights in float, (O, M) row-major; null unless float32 with proj_size. */
  float[] fcWeight32() {
    return fcWeight32;
  }

  /**
   * A stateful single-sample session for online inference, starting from zero state.
   *
   * @return a new session with its own state and scratch arrays; not thread-safe, so one per
   *     stream, while this model may be shared by many sessions on many threads
   */
  public StreamingSession newSession() {
    return new StreamingSession(this);
  }

  @Override
  public String toString() {
    return "SequenceModel[" + config.model().configName() + ", inputs=" + inputSize() + ", state="
        + stateSize() + ", outputs=" + outputSize() + ", parameters=" + layout.trainableSize()
        + (config.precision() == Precision.FLOAT64 ? "" : ", " + config.precision().label())
        + "]";
  }
}
