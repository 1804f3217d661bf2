package io.liquid4j.cell;

import io.liquid4j.wiring.Wiring;
import java.util.random.RandomGenerator;

/**
 * CfC over a wiring, as ncps's PyTorch {@code WiredCfCCell}: one {@link CfcCell} (no backbone,
 * lecun_tanh unused) per wiring layer — for an NCP: inter, command, motor — each fed by the new
 * state of the previous layer within the same step.
 *
 * <p>Layer l's heads are masked by the wiring's structure: its inputs are the sensory inputs (l =
 * 0) or the previous layer's neurons, with only the existing synapses; its own recurrence is
 * dense. Like ncps, synapse polarities and NCP recurrent command synapses are not used (ncps issue
 * #53). The state is the concatenation [layer 0, layer 1, ...] (for an NCP [inter, command,
 * motor], unlike LTC's neuron-id order); the output is the last layer's state.
 *
 * <p>Every layer computes in the wired cell's {@link Precision}; in float32 each layer's output,
 * a float value, passes exactly to the next layer through the double arrays between them.
 */
public final class WiredCfcCell implements Cell {
  private final Wiring wiring;
  private final CfcCell[] layers;
  private final int[] stateOffset; // start of each layer's state in the full state
  private final int[] paramOffset; // start of each layer's parameters
  private final ParameterLayout layout;
  private final int stateSize;

  /**
   * Creates a wired CfC cell.
   *
   * @param wiring built wiring (its input size is the cell's)
   * @param mode default, no_gate or pure
   */
  public WiredCfcCell(Wiring wiring, CfcMode mode) {
    this(wiring, mode, Precision.FLOAT64);
  }

  /**
   * A wired CfC whose layers compute in {@code precision}.
   *
   * @param wiring built wiring (its layers become the CfC layers)
   * @param mode default, no_gate or pure
   * @param precision the arithmetic of each step (see {@link Precision})
   */
  public WiredCfcCell(Wiring wiring, CfcMode mode, Precision precision) {
    this.wiring = wiring;
    int count = wiring.numLayers();
    layers = new CfcCell[count];
    stateOffset = new int[count];
    paramOffset = new int[count];
    ParameterLayout.Builder b = ParameterLayout.builder();
    int inSize = wiring.inputDim();
    int[] previous = null;
    int state = 0;
    for (int l = 0; l < count; l++) {
      int[] neurons = wiring.neuronsOfLayer(l);
      int n = neurons.length;
      // (in_l + n_l, n_l) structure: input synapses of this layer, then dense recurrence.
      double[] structure = new double[(inSize + n) * n];
      for (int src = 0; src < inSize; src++) {
        for (int d = 0; d < n; d++) {
          int pol =
              previous == null
                  ? wiring.sensorySynapse(src, neurons[d])
                  : wiring.synapse(previous[src], neurons[d]);
          structure[src * n + d] = Math.abs(pol);
        }
      }
      for (int k = inSize * n; k < structure.length; k++) {
        structure[k] = 1.0;
      }
      layers[l] =
          new CfcCell(inSize, n, mode, Activation.LECUN_TANH, 0, 0, 0.0, structure, precision);
      paramOffset[l] = b.addAll("layer_" + l + ".", layers[l].layout());
      stateOffset[l] = state;
      state += n;
      inSize = n;
      previous = neurons;
    }
    layout = b.build();
    stateSize = state;
  }

  /**
   * The wiring this cell was built from.
   *
   * @return the wiring that fixes the layers and their sparsity
   */
  public Wiring wiring() {
    return wiring;
  }

  /**
   * The arithmetic of each step, that of every layer.
   *
   * @return float64 or float32
   */
  public Precision precision() {
    return layers[0].precision();
  }

  /**
   * The closed-form variant of every layer.
   *
   * @return default, no_gate or pure
   */
  public CfcMode mode() {
    return layers[0].mode();
  }

  @Override
  public int inputSize() {
    return wiring.inputDim();
  }

  @Override
  public int stateSize() {
    return stateSize;
  }

  @Override
  public int outputSize() {
    return layers[layers.length - 1].stateSize();
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public void initParameters(double[] p, int pOff, RandomGenerator rng) {
    for (int l = 0; l < layers.length; l++) {
      layers[l].initParameters(p, pOff + paramOffset[l], rng);
    }
  }

  /** Per layer: the CfC tape, the layer's slice of the incoming state and its new state. */
  private final class WiredTape implements Tape {
    final int batch;
    final Tape[] cells;
    final double[][] h; // per layer (B, n_l): the layer's part of the state entering the step
    final double[][] out; // per layer (B, n_l): its new state, the next layer's input

    WiredTape(int batch) {
      this.batch = batch;
      cells = new Tape[layers.length];
      h = new double[layers.length][];
      out = new double[layers.length][];
      for (int l = 0; l < layers.length; l++) {
        cells[l] = layers[l].newTape(batch);
        h[l] = new double[batch * layers[l].stateSize()];
        out[l] = new double[batch * layers[l].stateSize()];
      }
    }

    WiredCfcCell owner() {
      return WiredCfcCell.this;
    }
  }

  @Override
  public Tape newTape(int batch) {
    return new WiredTape(batch);
  }

  /** Reuses {@code old} when it is this cell's tape for {@code batch}: forward overwrites it all. */
  @Override
  public Tape newTape(int batch, java.util.random.RandomGenerator rng, Tape old) {
    if (old instanceof WiredTape t && t.owner() == this && t.batch == batch) {
      return t;
    }
    return newTape(batch);
  }

  /**
   * Each layer's CfC workspace (its weights prepared once per parameter set, in its precision)
   * and the per-layer arrays of a step, so that a step allocates nothing.
   */
  private final class WiredWorkspace implements Workspace {
    final Workspace[] cells;
    double[] p;
    int pOff;
    int capacity;
    double[][] h; // per layer (B, n_l): the layer's part of the incoming state
    double[][] out; // per layer (B, n_l): its new state
    double[][] copy; // per layer (B, n_l): the layer's output argument (equal to its new state)
    double[][] dHNext; // per layer (B, n_l): the layer's slice of dHNext
    double[][] dIn; // per layer (B, in_l): dL/d(layer input); layer 0 writes dX instead
    double[][] dH; // per layer (B, n_l): dL/d(layer's incoming state)

    WiredWorkspace(double[] p, int pOff, int batch, WiredWorkspace old) {
      cells = new Workspace[layers.length];
      bind(p, pOff, batch, old);
    }

    void bind(double[] p, int pOff, int batch, WiredWorkspace old) {
      this.p = p;
      this.pOff = pOff;
      for (int l = 0; l < layers.length; l++) {
        cells[l] = layers[l].newWorkspace(p, pOff + paramOffset[l], batch,
            old != null ? old.cells[l] : null);
      }
      ensure(batch);
    }

    void ensure(int batch) {
      if (batch <= capacity) {
        return;
      }
      capacity = batch;
      int count = layers.length;
      h = new double[count][];
      out = new double[count][];
      copy = new double[count][];
      dHNext = new double[count][];
      dIn = new double[count][];
      dH = new double[count][];
      for (int l = 0; l < count; l++) {
        int n = layers[l].stateSize();
        h[l] = new double[batch * n];
        out[l] = new double[batch * n];
        copy[l] = new double[batch * n];
        dHNext[l] = new double[batch * n];
        dIn[l] = new double[batch * layers[l].inputSize()];
        dH[l] = new double[batch * n];
      }
    }

    WiredCfcCell owner() {
      return WiredCfcCell.this;
    }
  }

  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch) {
    return new WiredWorkspace(p, pOff, batch, null);
  }

  /** Reuses {@code old} when it is this cell's workspace, rebound to {@code p[pOff...]}. */
  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
    if (old instanceof WiredWorkspace ws && ws.owner() == this) {
      ws.bind(p, pOff, batch, ws);
      return ws;
    }
    return new WiredWorkspace(p, pOff, batch, null);
  }

  /** The workspace for a step on p[pOff...] with {@code batch} samples; made when null. */
  private WiredWorkspace workspace(Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new WiredWorkspace(p, pOff, batch, null);
    }
    if (!(w instanceof WiredWorkspace ws) || ws.owner() != this) {
      throw new IllegalArgumentException("workspace was made by another cell");
    }
    if (ws.p != p || ws.pOff != pOff) {
      throw new IllegalArgumentException(
          "workspace was made for another parameter array or offset");
    }
    ws.ensure(batch);
    return ws;
  }

  @Override
  public void forward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out,
      Tape tape,
      Workspace workspace) {
    WiredTape tp = (WiredTape) tape;
    if (tp != null && tp.batch != batch) {
      throw new IllegalArgumentException(
          "tape was made for batches of " + tp.batch + " samples, got " + batch);
    }
    WiredWorkspace ws = workspace(workspace, p, pOff, batch);
    double[] layerIn = x;
    int inSize = wiring.inputDim();
    double[] layerOut = null;
    for (int l = 0; l < layers.length; l++) {
      int n = layers[l].stateSize();
      double[] hl = tp != null ? tp.h[l] : ws.h[l];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(h, b * stateSize + stateOffset[l], hl, b * n, n);
      }
      layerOut = tp != null ? tp.out[l] : ws.out[l];
      layers[l].forward(p, pOff + paramOffset[l], layerIn, hl, dt, batch, layerOut, ws.copy[l],
          tp != null ? tp.cells[l] : null, ws.cells[l]);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(layerOut, b * n, hNext, b * stateSize + stateOffset[l], n);
      }
      layerIn = layerOut;
      inSize = n;
    }
    System.arraycopy(layerOut, 0, out, 0, batch * inSize);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Layers in reverse. Layer l's new state is both its slice of hNext and layer l+1's input
   * (for the last layer: the output), so its dL/dh'_l is the dHNext slice plus the gradient that
   * layer l+1's backward returns for its input; the latter is passed as the layer's dOut, which a
   * CfC adds to dHNext since its output is its state.
   */
  @Override
  public void backward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      Tape tape,
      double[] dHNext,
      double[] dOut,
      double[] dP,
      double[] dX,
      double[] dH,
      Workspace workspace) {
    WiredTape tp = (WiredTape) tape;
    if (tp == null) {
      throw new IllegalArgumentException("backward needs the tape recorded by forward");
    }
    if (tp.batch != batch) {
      throw new IllegalArgumentException(
          "tape was made for batches of " + tp.batch + " samples, got " + batch);
    }
    WiredWorkspace ws = workspace(workspace, p, pOff, batch);
    double[] dFromNext = dOut; // dL/d(layer l's new state) through what reads it after the layer
    for (int l = layers.length - 1; l >= 0; l--) {
      int n = layers[l].stateSize();
      double[] dHNextL = ws.dHNext[l];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dHNext, b * stateSize + stateOffset[l], dHNextL, b * n, n);
      }
      double[] dIn = l == 0 ? dX : ws.dIn[l];
      double[] dHL = ws.dH[l];
      layers[l].backward(p, pOff + paramOffset[l], l == 0 ? x : tp.out[l - 1], tp.h[l], dt, batch,
          tp.cells[l], dHNextL, dFromNext, dP, dIn, dHL, ws.cells[l]);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dHL, b * n, dH, b * stateSize + stateOffset[l], n);
      }
      dFromNext = dIn;
    }
  }
}
