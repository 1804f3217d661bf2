package io.liquid4j.predict;

import io.liquid4j.model.ModelConfig;

/**
 * Makes a model's configuration once the data fix its sizes: {@link
 * io.liquid4j.model.ModelSpec#toConfig} is one ({@code spec::toConfig}).
 */
@FunctionalInterface
public interface ModelFactory {
  /**
   * The configuration of a model for the data.
   *
   * @param inputSize S, features per step
   * @param outputSize classes (classification) or targets (regression)
   * @param returnSequences whether the model must give every step's output (per-step targets)
   * @return the configuration
   * @throws IllegalArgumentException when no such model can be made
   */
  ModelConfig config(int inputSize, int outputSize, boolean returnSequences);
}
