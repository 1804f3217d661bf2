package io.liquid4j.wiring;

import io.liquid4j.rng.NumpyGenerator;
import java.util.Map;

/**
 * Every neuron connected to every neuron and to every input, as ncps's {@code FullyConnected}.
 * This is the wiring an LTC or CfC gets when it is given a plain number of units.
 *
 * <p>Polarities are drawn from {@code np.random.default_rng(erevInitSeed)} with {@code
 * choice([-1, 1, 1])}, so two synapses in three are excitatory: first the internal synapses (row
 * by row, skipping the diagonal without self connections), then, continuing the same stream, the
 * sensory ones. Each {@link #build(int)} starts a fresh stream, so a spec builds the same wiring
 * every time, and matches ncps bit for bit.
 *
 * <pre>{@code
 * Wiring w = new FullyConnected(8).build(3); // ncps: FullyConnected(8) then build(3)
 * }</pre>
 *
 * @param units number of neurons N, 1..10000
 * @param outputDim number of motor neurons (0..outputDim-1), 1..N; ncps's default is N
 * @param erevInitSeed seed of the polarity stream, ≥ 0; ncps's default is 1111
 * @param selfConnections whether neuron i may synapse onto itself; ncps's default is true
 */
public record FullyConnected(int units, int outputDim, long erevInitSeed, boolean selfConnections)
    implements WiringSpec {
  /** ncps's default {@code erev_init_seed}. */
  public static final long DEFAULT_SEED = 1111;

  // choice([-1, 1, 1]): ncps's way of making two synapses in three excitatory.
  private static final int[] POLARITIES = {-1, 1, 1};

  /**
   * A fully connected wiring; ncps's {@code FullyConnected(units, output_dim, erev_init_seed,
   * self_connections)}.
   *
   * @param units number of neurons N, 1..10000
   * @param outputDim number of motor neurons, 1..N
   * @param erevInitSeed seed of the polarity stream, ≥ 0
   * @param selfConnections whether neuron i may synapse onto itself
   * @throws IllegalArgumentException if an argument is out of range; the message names it
   */
  public FullyConnected {
    SpecSupport.checkUnits("FullyConnected", "units", units);
    SpecSupport.checkOutputDim("FullyConnected", "output_dim", outputDim, units);
    SpecSupport.checkGeneratorSeed("FullyConnected", "erev_init_seed", erevInitSeed);
  }

  /**
   * ncps's {@code FullyConnected(units)}: every neuron is a motor neuron, seed 1111, with self
   * connections.
   *
   * @param units number of neurons N, 1..10000
   */
  public FullyConnected(int units) {
    this(units, units, DEFAULT_SEED, true);
  }

  @Override
  public Wiring build(int inputDim) {
    SpecSupport.checkInputDim("FullyConnected", inputDim, units);
    NumpyGenerator rng = new NumpyGenerator(erevInitSeed);
    byte[] adjacency = new byte[units * units]; // (N, N) [src * N + dst]
    for (int src = 0; src < units; src++) {
      for (int dst = 0; dst < units; dst++) {
        if (src == dst && !selfConnections) {
          continue;
        }
        adjacency[src * units + dst] = (byte) rng.choice(POLARITIES);
      }
    }
    byte[] sensory = new byte[inputDim * units]; // (S, N) [input * N + dst]
    for (int k = 0; k < sensory.length; k++) {
      sensory[k] = (byte) rng.choice(POLARITIES);
    }
    return SpecSupport.singleLayer(this, units, inputDim, outputDim, adjacency, sensory);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keys: type, units, output_dim, erev_init_seed, self_connections.
   */
  @Override
  public Map<String, Object> toConfig() {
    return SpecSupport.config(
        "FullyConnected",
        "units", units,
        "output_dim", outputDim,
        "erev_init_seed", erevInitSeed,
        "self_connections", selfConnections);
  }
}
