package io.liquid4j.wiring;

import java.util.Map;

/**
 * How to build a {@link Wiring} for a given number of inputs: {@link FullyConnected}, {@link
 * RandomWiring}, {@link Ncp}, {@link AutoNcp} or {@link CustomWiring}. Immutable; one spec may be
 * built any number of times (for several layers or input sizes), and the same spec with the same
 * input size always builds the same wiring, bit for bit as ncps does.
 */
public interface WiringSpec {
  /**
   * Number of neurons the built wiring will have.
   *
   * @return the number of neurons N, inter, command and motor together
   */
  int units();

  /**
   * Number of motor (output) neurons.
   *
   * @return the number of motor neurons M, the cell's outputs
   */
  int outputDim();

  /**
   * Builds the wiring for {@code inputDim} sensory inputs.
   *
   * @param inputDim the number of sensory inputs S
   * @return a new wiring of {@link #units()} neurons for {@code inputDim} inputs
   * @throws IllegalArgumentException if {@code inputDim < 1} or the spec cannot be built for it
   */
  Wiring build(int inputDim);

  /**
   * The spec as ncps constructor keyword arguments plus {@code "type"} ("FullyConnected",
   * "Random", "NCP", "AutoNCP", "Custom"), e.g. {@code {"type": "AutoNCP", "units": 16,
   * "output_size": 1, "sparsity_level": 0.5, "seed": 22222}}. {@link WiringSpecs#fromConfig} reads
   * it back.
   *
   * @return an unmodifiable map, {@code "type"} first, then the keyword arguments
   */
  Map<String, Object> toConfig();
}
