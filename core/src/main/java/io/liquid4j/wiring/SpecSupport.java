package io.liquid4j.wiring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks and helpers shared by the wiring specs. Messages use the ncps keyword names
 * ({@code output_dim}, {@code sparsity_level}) because those are the names in config files and in
 * the ncps documentation users compare against.
 */
final class SpecSupport {
  /**
   * The largest N a wiring accepts: no real liquid network comes near it (ncps models have tens to
   * hundreds of neurons), and it bounds the N×N adjacency and the model's N×N parameter matrices
   * (io.liquid4j.model.ModelConfig#MAX_UNITS is the same limit).
   */
  static final int MAX_UNITS = 10_000;

  /**
   * The largest number of sensory inputs S a wiring is built for; S×N sensory slots are also
   * bounded by {@link #MAX_SENSORY_SLOTS}.
   */
  static final int MAX_INPUT_DIM = 1_000_000;

  /** The largest S×N sensory matrix (100 million synapse slots, 100 MB of polarities). */
  static final long MAX_SENSORY_SLOTS = 100_000_000L;

  /** Largest seed numpy's legacy {@code RandomState} accepts. */
  static final long MAX_RANDOM_STATE_SEED = 0xFFFF_FFFFL;

  private SpecSupport() {}

  static void checkUnits(String type, String name, int units) {
    if (units < 1 || units > MAX_UNITS) {
      throw new IllegalArgumentException(
          type + " " + name + " must be in 1.." + MAX_UNITS + ", got " + units);
    }
  }

  static void checkOutputDim(String type, String name, int outputDim, int units) {
    if (outputDim < 1 || outputDim > units) {
      throw new IllegalArgumentException(
          type
              + " "
              + name
              + " must be in 1.."
              + units
              + " (1 to the number of units), got "
              + outputDim);
    }
  }

  static void checkAtLeast(String type, String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          type + " " + name + " must be >= " + min + ", got " + value);
    }
  }

  /** Seeds for {@code default_rng}: numpy accepts any non-negative integer. */
  static void checkGeneratorSeed(String type, String name, long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException(
          type + " " + name + " must be >= 0 (numpy rejects negative seeds), got " + seed);
    }
  }

  /** Seeds for the legacy {@code RandomState}: numpy accepts 0..2^32-1 only. */
  static void checkRandomStateSeed(String type, String name, long seed) {
    if (seed < 0 || seed > MAX_RANDOM_STATE_SEED) {
      throw new IllegalArgumentException(
          type
              + " "
              + name
              + " must be in 0..4294967295 (numpy's RandomState accepts 0..2^32-1), got "
              + seed);
    }
  }

  /** Checks {@code build(inputDim)}'s argument and the S×N sensory matrix against the limits. */
  static void checkInputDim(String type, int inputDim, int units) {
    if (inputDim < 1) {
      throw new IllegalArgumentException(
          type + " build: input_dim must be >= 1, got " + inputDim);
    }
    if (inputDim > MAX_INPUT_DIM) {
      throw new IllegalArgumentException(
          type + " build: input_dim must be <= " + MAX_INPUT_DIM + ", got " + inputDim);
    }
    if ((long) inputDim * units > MAX_SENSORY_SLOTS) {
      throw new IllegalArgumentException(
          type
              + " build: input_dim * units = "
              + inputDim
              + " * "
              + units
              + " sensory synapse slots exceed the limit of "
              + MAX_SENSORY_SLOTS);
    }
  }

  /**
   * A wiring with one layer holding every neuron, motor neurons first, as ncps's base {@code
   * Wiring} describes FullyConnected and Random.
   */
  static Wiring singleLayer(
      WiringSpec spec, int units, int inputDim, int outputDim, byte[] adj, byte[] sensory) {
    int[] all = new int[units];
    NeuronType[] types = new NeuronType[units];
    for (int i = 0; i < units; i++) {
      all[i] = i;
      types[i] = i < outputDim ? NeuronType.MOTOR : NeuronType.INTER;
    }
    return new Wiring(spec, units, inputDim, outputDim, adj, sensory, new int[][] {all}, types);
  }

  /**
   * An unmodifiable config map in the given key order, "type" first; {@code keyValues} alternates
   * keys and values.
   */
  static Map<String, Object> config(String type, Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", type);
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
