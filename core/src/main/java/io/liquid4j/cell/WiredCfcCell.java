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
      layers[l] = new CfcCell(inSize, n, mode, Activation.LECUN_TANH, 0, 0, 0.0, structure);
      paramOffset[l] = b.addAll("layer_" + l + ".", layers[l].layout());
      stateOffset[l] = state;
      state += n;
      inSize = n;
      previous = neurons;
    }
    layout = b.build();
    stateSize = state;
  }

  /** The wiring this cell was built from. */
  public Wiring wiring() {
    return wiring;
  }

  /** The closed-form variant of every layer. */
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
      Tape tape) {
    double[] layerIn = x;
    int inSize = wiring.inputDim();
    double[] layerOut = null;
    for (int l = 0; l < layers.length; l++) {
      int n = layers[l].stateSize();
      double[] hl = new double[batch * n];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(h, b * stateSize + stateOffset[l], hl, b * n, n);
      }
      layerOut = new double[batch * n];
      double[] scratch = new double[batch * n];
      layers[l].step(p, pOff + paramOffset[l], layerIn, hl, dt, batch, layerOut, scratch);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(layerOut, b * n, hNext, b * stateSize + stateOffset[l], n);
      }
      layerIn = layerOut;
      inSize = n;
    }
    System.arraycopy(layerOut, 0, out, 0, batch * inSize);
  }

  @Override
  public Tape newTape(int batch) {
    throw new UnsupportedOperationException("backward of wired CfC is not implemented yet");
  }

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
      double[] dH) {
    throw new UnsupportedOperationException("backward of wired CfC is not implemented yet");
  }
}
