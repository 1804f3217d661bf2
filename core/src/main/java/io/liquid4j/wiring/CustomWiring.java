package io.liquid4j.wiring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A wiring given as explicit matrices, for users who draw their own connectivity (ncps: a plain
 * {@code Wiring} filled with {@code add_synapse}). Immutable; the matrices are copied in and out.
 *
 * <p>The spec is already built for one input size: {@link #build(int)} returns the same wiring for
 * that size and rejects any other. Neurons {@code 0..outputDim-1} are the motor neurons and the
 * rest are inter neurons, as in ncps's base {@code Wiring}; layers default to one layer holding
 * every neuron.
 *
 * <pre>{@code
 * // two neurons, neuron 1 excites the motor neuron 0; one input inhibits neuron 1
 * CustomWiring spec = new CustomWiring(2, 1, new int[][] {{0, 0}, {1, 0}}, new int[][] {{0, -1}});
 * Wiring w = spec.build(1);
 * }</pre>
 */
public final class CustomWiring implements WiringSpec {
  private final int units;
  private final int outputDim;
  private final int inputDim;
  private final byte[] adjacency; // (N, N) [src * N + dst]
  private final byte[] sensoryAdjacency; // (S, N) [input * N + dst]
  private final int[][] layers; // ascending neuron ids per layer, in signal order

  /**
   * A single-layer custom wiring.
   *
   * @param units number of neurons N, 1..10000
   * @param outputDim number of motor neurons (0..outputDim-1), 1..N
   * @param adjacency (N, N) polarities in {-1, 0, +1}, [src][dst]; not modified
   * @param sensoryAdjacency (S, N) polarities in {-1, 0, +1}, [input][dst], S ≥ 1; not modified
   */
  public CustomWiring(int units, int outputDim, int[][] adjacency, int[][] sensoryAdjacency) {
    this(units, outputDim, adjacency, sensoryAdjacency, null);
  }

  /**
   * A custom wiring with explicit layers (used by the wired CfC, which runs one cell per layer).
   *
   * @param units number of neurons N, 1..10000
   * @param outputDim number of motor neurons (0..outputDim-1), 1..N
   * @param adjacency (N, N) polarities in {-1, 0, +1}, [src][dst]; not modified
   * @param sensoryAdjacency (S, N) polarities in {-1, 0, +1}, [input][dst], S ≥ 1; not modified
   * @param layers neuron ids of each layer in signal order, each layer ascending, every neuron in
   *     exactly one layer; null means one layer with all neurons; not modified
   */
  public CustomWiring(
      int units, int outputDim, int[][] adjacency, int[][] sensoryAdjacency, int[][] layers) {
    SpecSupport.checkUnits("Custom", "units", units);
    SpecSupport.checkOutputDim("Custom", "output_dim", outputDim, units);
    if (adjacency == null || adjacency.length != units) {
      throw new IllegalArgumentException(
          "Custom adjacency must have "
              + units
              + " rows (one per source neuron), got "
              + (adjacency == null ? "null" : adjacency.length));
    }
    if (sensoryAdjacency == null || sensoryAdjacency.length < 1) {
      throw new IllegalArgumentException(
          "Custom sensory_adjacency must have at least 1 row (one per input), got "
              + (sensoryAdjacency == null ? "null" : "0 rows"));
    }
    SpecSupport.checkInputDim("Custom", sensoryAdjacency.length, units);
    this.units = units;
    this.outputDim = outputDim;
    this.inputDim = sensoryAdjacency.length;
    this.adjacency = flatten("adjacency", adjacency, units);
    this.sensoryAdjacency = flatten("sensory_adjacency", sensoryAdjacency, units);
    this.layers = layers == null ? new int[][] {allNeurons(units)} : checkLayers(layers, units);
  }

  private static byte[] flatten(String name, int[][] m, int cols) {
    byte[] flat = new byte[m.length * cols];
    for (int r = 0; r < m.length; r++) {
      if (m[r] == null || m[r].length != cols) {
        throw new IllegalArgumentException(
            "Custom "
                + name
                + " row "
                + r
                + " must have "
                + cols
                + " entries (one per target neuron), got "
                + (m[r] == null ? "null" : m[r].length));
      }
      for (int c = 0; c < cols; c++) {
        int v = m[r][c];
        if (v < -1 || v > 1) {
          throw new IllegalArgumentException(
              "Custom " + name + "[" + r + "][" + c + "] must be -1, 0 or +1, got " + v);
        }
        flat[r * cols + c] = (byte) v;
      }
    }
    return flat;
  }

  private static int[] allNeurons(int units) {
    int[] all = new int[units];
    for (int i = 0; i < units; i++) {
      all[i] = i;
    }
    return all;
  }

  private static int[][] checkLayers(int[][] layers, int units) {
    if (layers.length < 1) {
      throw new IllegalArgumentException("Custom layers must list at least 1 layer, got 0");
    }
    int[] layerOf = new int[units];
    Arrays.fill(layerOf, -1);
    int[][] copy = new int[layers.length][];
    for (int l = 0; l < layers.length; l++) {
      if (layers[l] == null || layers[l].length == 0) {
        throw new IllegalArgumentException("Custom layers: layer " + l + " is empty");
      }
      copy[l] = layers[l].clone();
      for (int k = 0; k < copy[l].length; k++) {
        int id = copy[l][k];
        if (id < 0 || id >= units) {
          throw new IllegalArgumentException(
              "Custom layers: layer " + l + " lists neuron " + id + ", expected 0.." + (units - 1));
        }
        if (layerOf[id] >= 0) {
          throw new IllegalArgumentException(
              "Custom layers: neuron " + id + " is in layer " + layerOf[id] + " and layer " + l);
        }
        if (k > 0 && id < copy[l][k - 1]) {
          throw new IllegalArgumentException(
              "Custom layers: layer " + l + " must list its neurons in ascending order, got "
                  + Arrays.toString(copy[l]));
        }
        layerOf[id] = l;
      }
    }
    for (int i = 0; i < units; i++) {
      if (layerOf[i] < 0) {
        throw new IllegalArgumentException("Custom layers: neuron " + i + " is in no layer");
      }
    }
    return copy;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public int outputDim() {
    return outputDim;
  }

  /**
   * The number of inputs S, the rows of the sensory adjacency: the only size this builds for.
   *
   * @return the number of inputs S
   */
  public int inputDim() {
    return inputDim;
  }

  /**
   * A copy of the (N, N) adjacency, {@code [src][dst]}.
   *
   * @return a new N × N array of polarities −1, 0 or +1
   */
  public int[][] adjacency() {
    return unflatten(adjacency, units);
  }

  /**
   * A copy of the (S, N) sensory adjacency, {@code [input][dst]}.
   *
   * @return a new S × N array of polarities −1, 0 or +1
   */
  public int[][] sensoryAdjacency() {
    return unflatten(sensoryAdjacency, units);
  }

  /**
   * A copy of the layers: ascending neuron ids per layer, in signal order.
   *
   * @return a new array of layers, each a new array of neuron ids
   */
  public int[][] layers() {
    int[][] copy = new int[layers.length][];
    for (int l = 0; l < layers.length; l++) {
      copy[l] = layers[l].clone();
    }
    return copy;
  }

  private static int[][] unflatten(byte[] flat, int cols) {
    int[][] m = new int[flat.length / cols][cols];
    for (int k = 0; k < flat.length; k++) {
      m[k / cols][k % cols] = flat[k];
    }
    return m;
  }

  /**
   * Returns the wiring these matrices describe.
   *
   * @param inputDim must equal {@link #inputDim()}: the sensory matrix fixes the input size
   * @throws IllegalArgumentException if {@code inputDim} differs from the sensory matrix's rows
   */
  @Override
  public Wiring build(int inputDim) {
    if (inputDim != this.inputDim) {
      throw new IllegalArgumentException(
          "Custom build: input_dim is "
              + inputDim
              + " but the sensory adjacency has "
              + this.inputDim
              + " rows (one per input)");
    }
    NeuronType[] types = new NeuronType[units];
    for (int i = 0; i < units; i++) {
      types[i] = i < outputDim ? NeuronType.MOTOR : NeuronType.INTER;
    }
    return new Wiring(
        this, units, inputDim, outputDim, adjacency, sensoryAdjacency, layers, types);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keys: type ("Custom"), units, output_dim, adjacency and sensory_adjacency (lists of rows of
   * integers), and layers (a list of lists of neuron ids) when the spec has more than one layer.
   */
  @Override
  public Map<String, Object> toConfig() {
    Object[] base = {
      "units", units,
      "output_dim", outputDim,
      "adjacency", rows(adjacency, units),
      "sensory_adjacency", rows(sensoryAdjacency, units)
    };
    if (layers.length == 1) {
      return SpecSupport.config("Custom", base);
    }
    List<List<Integer>> layerList = new ArrayList<>();
    for (int[] layer : layers) {
      layerList.add(Arrays.stream(layer).boxed().toList());
    }
    Object[] withLayers = Arrays.copyOf(base, base.length + 2);
    withLayers[base.length] = "layers";
    withLayers[base.length + 1] = layerList;
    return SpecSupport.config("Custom", withLayers);
  }

  private static List<List<Integer>> rows(byte[] flat, int cols) {
    List<List<Integer>> rows = new ArrayList<>();
    for (int r = 0; r < flat.length / cols; r++) {
      List<Integer> row = new ArrayList<>(cols);
      for (int c = 0; c < cols; c++) {
        row.add((int) flat[r * cols + c]);
      }
      rows.add(List.copyOf(row));
    }
    return List.copyOf(rows);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CustomWiring w
        && units == w.units
        && outputDim == w.outputDim
        && Arrays.equals(adjacency, w.adjacency)
        && Arrays.equals(sensoryAdjacency, w.sensoryAdjacency)
        && Arrays.deepEquals(layers, w.layers);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(adjacency) * 31 + Arrays.hashCode(sensoryAdjacency)) * 31
        + Arrays.deepHashCode(layers);
  }

  /** The sizes and synapse counts; the matrices themselves are too large to print usefully. */
  @Override
  public String toString() {
    int synapses = 0;
    for (byte b : adjacency) {
      synapses += b != 0 ? 1 : 0;
    }
    int sensorySynapses = 0;
    for (byte b : sensoryAdjacency) {
      sensorySynapses += b != 0 ? 1 : 0;
    }
    return "CustomWiring[units="
        + units
        + ", outputDim="
        + outputDim
        + ", inputDim="
        + inputDim
        + ", synapses="
        + synapses
        + ", sensorySynapses="
        + sensorySynapses
        + ", layers="
        + layers.length
        + "]";
  }
}
