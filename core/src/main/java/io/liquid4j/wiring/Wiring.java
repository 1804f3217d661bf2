package io.liquid4j.wiring;

import java.util.Arrays;

/**
 * A built wiring: which neuron connects to which, and with what sign. Immutable.
 *
 * <p>Two polarity matrices describe the network, as in ncps: {@code adjacency} (N × N, row = source
 * neuron, column = target neuron) and {@code sensoryAdjacency} (S × N, row = input feature, column =
 * target neuron). Entries are −1 (inhibitory), 0 (no synapse) or +1 (excitatory); both are stored
 * flat, row-major: {@code adjacency[src * N + dst]}.
 *
 * <p>Neuron ids follow ncps: the motor (output) neurons are {@code 0 .. outputDim-1}, so a cell's
 * output is the first {@code outputDim} entries of its state. Layers list the neurons in the order
 * signals flow (for an NCP: inter, command, motor); single-layer wirings have one layer holding all
 * neurons.
 *
 * <p>A {@link WiringSpec} (FullyConnected, Random, NCP, AutoNCP...) builds one of these for a given
 * input size; the spec can be built again for another layer (unlike ncps, see its issue #75).
 */
public final class Wiring {
  private final WiringSpec spec;
  private final int units;
  private final int inputDim;
  private final int outputDim;
  private final byte[] adjacency; // (N, N) row-major, [src * N + dst]
  private final byte[] sensoryAdjacency; // (S, N) row-major, [input * N + dst]
  private final int[][] layers; // neuron ids per layer, in signal order
  private final NeuronType[] types; // (N)

  /**
   * Creates a wiring from explicit matrices. Arrays are copied.
   *
   * @param spec the spec that built it (stored in model files so the wiring can be rebuilt)
   * @param units number of neurons N
   * @param inputDim number of sensory inputs S
   * @param outputDim number of motor neurons M (neurons 0..M-1)
   * @param adjacency (N, N) polarities in {-1, 0, 1}
   * @param sensoryAdjacency (S, N) polarities in {-1, 0, 1}
   * @param layers neuron ids of each layer, every neuron in exactly one layer
   * @param types type of every neuron
   */
  public Wiring(
      WiringSpec spec,
      int units,
      int inputDim,
      int outputDim,
      byte[] adjacency,
      byte[] sensoryAdjacency,
      int[][] layers,
      NeuronType[] types) {
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + units);
    }
    if (inputDim < 1) {
      throw new IllegalArgumentException("input size must be >= 1, got " + inputDim);
    }
    if (outputDim < 1 || outputDim > units) {
      throw new IllegalArgumentException(
          "output size must be in 1.." + units + " (the number of units), got " + outputDim);
    }
    if (adjacency.length != units * units) {
      throw new IllegalArgumentException(
          "adjacency must have " + units + "x" + units + " entries, got " + adjacency.length);
    }
    if (sensoryAdjacency.length != inputDim * units) {
      throw new IllegalArgumentException(
          "sensory adjacency must have "
              + inputDim
              + "x"
              + units
              + " entries, got "
              + sensoryAdjacency.length);
    }
    checkPolarities("adjacency", adjacency, units);
    checkPolarities("sensory adjacency", sensoryAdjacency, units);
    if (types.length != units) {
      throw new IllegalArgumentException(
          "neuron types must have " + units + " entries, got " + types.length);
    }
    boolean[] seen = new boolean[units];
    int[][] layerCopy = new int[layers.length][];
    for (int l = 0; l < layers.length; l++) {
      layerCopy[l] = layers[l].clone();
      for (int id : layerCopy[l]) {
        if (id < 0 || id >= units || seen[id]) {
          throw new IllegalArgumentException(
              "layer " + l + " lists neuron " + id + " which is out of range or in two layers");
        }
        seen[id] = true;
      }
    }
    for (int i = 0; i < units; i++) {
      if (!seen[i]) {
        throw new IllegalArgumentException("neuron " + i + " belongs to no layer");
      }
    }
    this.spec = spec;
    this.units = units;
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.adjacency = adjacency.clone();
    this.sensoryAdjacency = sensoryAdjacency.clone();
    this.layers = layerCopy;
    this.types = types.clone();
  }

  private static void checkPolarities(String what, byte[] m, int cols) {
    for (int k = 0; k < m.length; k++) {
      if (m[k] < -1 || m[k] > 1) {
        throw new IllegalArgumentException(
            what
                + " ["
                + (k / cols)
                + ", "
                + (k % cols)
                + "] must be -1, 0 or +1, got "
                + m[k]);
      }
    }
  }

  /**
   * The spec that built this wiring.
   *
   * @return the spec this wiring was built from
   */
  public WiringSpec spec() {
    return spec;
  }

  /**
   * Number of neurons N (the state size of an LTC cell).
   *
   * @return the number of neurons N
   */
  public int units() {
    return units;
  }

  /**
   * Number of sensory inputs S this wiring was built for.
   *
   * @return the number of sensory inputs S
   */
  public int inputDim() {
    return inputDim;
  }

  /**
   * Number of motor neurons M; they are neurons 0..M-1.
   *
   * @return the number of motor neurons M
   */
  public int outputDim() {
    return outputDim;
  }

  /**
   * Polarity of the synapse src → dst: −1, 0 (none) or +1.
   *
   * @param src presynaptic neuron, in [0, N)
   * @param dst postsynaptic neuron, in [0, N)
   * @return −1 (inhibitory), 0 (no synapse) or +1 (excitatory)
   */
  public int synapse(int src, int dst) {
    return adjacency[src * units + dst];
  }

  /**
   * Polarity of the sensory synapse input → dst: −1, 0 (none) or +1.
   *
   * @param input sensory input, in [0, S)
   * @param dst postsynaptic neuron, in [0, N)
   * @return −1 (inhibitory), 0 (no synapse) or +1 (excitatory)
   */
  public int sensorySynapse(int input, int dst) {
    return sensoryAdjacency[input * units + dst];
  }

  /**
   * A copy of the (N, N) adjacency matrix, row-major [src * N + dst].
   *
   * @return a new array of N·N polarities −1, 0 or +1
   */
  public byte[] adjacency() {
    return adjacency.clone();
  }

  /**
   * A copy of the (S, N) sensory adjacency matrix, row-major [input * N + dst].
   *
   * @return a new array of S·N polarities −1, 0 or +1
   */
  public byte[] sensoryAdjacency() {
    return sensoryAdjacency.clone();
  }

  /**
   * Number of layers (1 for FullyConnected and Random, 3 for NCP: inter, command, motor).
   *
   * @return the number of layers L
   */
  public int numLayers() {
    return layers.length;
  }

  /**
   * Neuron ids of layer {@code l}, in ascending order.
   *
   * @param l the layer, in [0, L); for NCP 0 is inter, 1 command, 2 motor
   * @return a new array of the layer's neuron ids
   * @throws IllegalArgumentException if {@code l} is outside [0, L)
   */
  public int[] neuronsOfLayer(int l) {
    if (l < 0 || l >= layers.length) {
      throw new IllegalArgumentException(
          "layer must be in 0.." + (layers.length - 1) + ", got " + l);
    }
    return layers[l].clone();
  }

  /**
   * The type of neuron {@code i}.
   *
   * @param i the neuron, in [0, N)
   * @return the neuron's type (motor for the first M neurons)
   * @throws IllegalArgumentException if {@code i} is outside [0, N)
   */
  public NeuronType typeOf(int i) {
    if (i < 0 || i >= units) {
      throw new IllegalArgumentException("neuron must be in 0.." + (units - 1) + ", got " + i);
    }
    return types[i];
  }

  /**
   * Number of internal synapses, Σ|adjacency|.
   *
   * @return the number of non-zero entries of the N × N adjacency
   */
  public int synapseCount() {
    return countNonZero(adjacency);
  }

  /**
   * Number of sensory synapses, Σ|sensoryAdjacency|.
   *
   * @return the number of non-zero entries of the S × N sensory adjacency
   */
  public int sensorySynapseCount() {
    return countNonZero(sensoryAdjacency);
  }

  private static int countNonZero(byte[] m) {
    int n = 0;
    for (byte b : m) {
      n += b != 0 ? 1 : 0;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Wiring w
        && units == w.units
        && inputDim == w.inputDim
        && outputDim == w.outputDim
        && Arrays.equals(adjacency, w.adjacency)
        && Arrays.equals(sensoryAdjacency, w.sensoryAdjacency)
        && Arrays.deepEquals(layers, w.layers)
        && Arrays.equals(types, w.types);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(adjacency) * 31 + Arrays.hashCode(sensoryAdjacency);
  }

  @Override
  public String toString() {
    return "Wiring["
        + spec
        + ", units="
        + units
        + ", inputs="
        + inputDim
        + ", outputs="
        + outputDim
        + ", synapses="
        + synapseCount()
        + ", sensory synapses="
        + sensorySynapseCount()
        + "]";
  }
}
