package io.liquid4j.wiring;

import io.liquid4j.rng.NumpyGenerator;
import java.util.Map;

/**
 * A random sparse wiring, as ncps's {@code Random}: a fixed number of synapses placed uniformly
 * without repetition, each excitatory with probability 2/3.
 *
 * <p>With N units, {@code n = round(N²·(1 − sparsityLevel))} internal synapses are picked by
 * {@code rng.choice(all (src, dst) pairs, n, replace=False)} from {@code
 * np.random.default_rng(randomSeed)}, and each gets a polarity from {@code choice([-1, 1, 1])} in
 * the order picked. {@link #build(int)} then does the same over the S·N sensory pairs, continuing
 * the stream. The rounding is numpy's, half to even (N=101, sparsity 0.5 gives 5100, not 5101).
 *
 * <p>One ncps quirk is kept on purpose: every sensory synapse draws its polarity twice and keeps
 * the second. It changes nothing statistically, but it consumes the stream, and skipping it would
 * give different sensory polarities than ncps.
 *
 * <pre>{@code
 * Wiring w = new RandomWiring(6, 6, 0.5, 1111).build(3); // ncps: Random(6, sparsity_level=0.5)
 * }</pre>
 *
 * @param units number of neurons N, 1..10000
 * @param outputDim number of motor neurons (0..outputDim-1), 1..N; ncps's default is N
 * @param sparsityLevel share of synapses left out, 0 ≤ s &lt; 1; ncps's default is 0.0
 * @param randomSeed seed of the stream, ≥ 0; ncps's default is 1111
 */
public record RandomWiring(int units, int outputDim, double sparsityLevel, long randomSeed)
    implements WiringSpec {
  /** ncps's default {@code random_seed}. */
  public static final long DEFAULT_SEED = 1111;

  private static final int[] POLARITIES = {-1, 1, 1};

  /**
   * A random sparse wiring; ncps's {@code Random(units, output_dim, sparsity_level, random_seed)}.
   *
   * @param units number of neurons N, 1..10000
   * @param outputDim number of motor neurons, 1..N
   * @param sparsityLevel share of synapses left out, 0 ≤ s &lt; 1
   * @param randomSeed seed of the stream, ≥ 0
   * @throws IllegalArgumentException if an argument is out of range; the message names it
   */
  public RandomWiring {
    SpecSupport.checkUnits("Random", "units", units);
    SpecSupport.checkOutputDim("Random", "output_dim", outputDim, units);
    if (!(sparsityLevel >= 0.0 && sparsityLevel < 1.0)) {
      throw new IllegalArgumentException(
          "Random sparsity_level must be in [0, 1) (0 inclusive, 1 exclusive), got "
              + sparsityLevel);
    }
    SpecSupport.checkGeneratorSeed("Random", "random_seed", randomSeed);
  }

  /**
   * ncps's {@code Random(units)}: every neuron a motor neuron, sparsity 0 (all N² synapses, in
   * random order), seed 1111.
   *
   * @param units number of neurons N, 1..10000
   */
  public RandomWiring(int units) {
    this(units, units, 0.0, DEFAULT_SEED);
  }

  @Override
  public Wiring build(int inputDim) {
    SpecSupport.checkInputDim("Random", inputDim, units);
    NumpyGenerator rng = new NumpyGenerator(randomSeed);
    // Candidate k is the pair (k / N, k % N), ncps's row-major list of (src, dst) tuples, so the
    // flat index into the row-major matrix is k itself.
    byte[] adjacency = new byte[units * units]; // (N, N) [src * N + dst]
    for (int k : rng.choiceIndices(adjacency.length, synapseCount(adjacency.length))) {
      adjacency[k] = (byte) rng.choice(POLARITIES);
    }
    byte[] sensory = new byte[inputDim * units]; // (S, N) [input * N + dst]
    for (int k : rng.choiceIndices(sensory.length, synapseCount(sensory.length))) {
      sensory[k] = (byte) rng.choice(POLARITIES);
      sensory[k] = (byte) rng.choice(POLARITIES); // ncps draws twice; the second draw wins
    }
    return SpecSupport.singleLayer(this, units, inputDim, outputDim, adjacency, sensory);
  }

  /** {@code int(np.round(pairs * (1 - sparsity)))}: numpy rounds half to even, as Math.rint. */
  private int synapseCount(int pairs) {
    return (int) Math.rint(pairs * (1.0 - sparsityLevel));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keys: type ("Random"), units, output_dim, sparsity_level, random_seed.
   */
  @Override
  public Map<String, Object> toConfig() {
    return SpecSupport.config(
        "Random",
        "units", units,
        "output_dim", outputDim,
        "sparsity_level", sparsityLevel,
        "random_seed", randomSeed);
  }
}
