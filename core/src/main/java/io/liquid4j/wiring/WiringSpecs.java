package io.liquid4j.wiring;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads wiring specs back from their configs: the inverse of {@link WiringSpec#toConfig()}.
 *
 * <p>A config is a map of ncps constructor keyword arguments plus {@code "type"}, as a JSON parser
 * produces it; numbers may be Integer, Long or Double. Optional keys take ncps's defaults:
 *
 * <table>
 *   <caption>Accepted configs: required keys; optional keys = their defaults</caption>
 *   <tr><th>type</th><th>keys</th></tr>
 *   <tr><td>FullyConnected</td>
 *       <td>units; output_dim = units, erev_init_seed = 1111, self_connections = true</td></tr>
 *   <tr><td>Random</td>
 *       <td>units; output_dim = units, sparsity_level = 0.0, random_seed = 1111</td></tr>
 *   <tr><td>NCP</td>
 *       <td>inter_neurons, command_neurons, motor_neurons, sensory_fanout, inter_fanout,
 *           recurrent_command_synapses, motor_fanin; seed = 22222</td></tr>
 *   <tr><td>AutoNCP</td><td>units, output_size; sparsity_level = 0.5, seed = 22222</td></tr>
 *   <tr><td>Custom</td>
 *       <td>units, output_dim, adjacency, sensory_adjacency (lists of rows); layers = one layer
 *           of all neurons</td></tr>
 * </table>
 *
 * <p>ncps's own {@code NCP.get_config()} is not accepted: it stores neuron id lists where the
 * constructor takes counts, and no seed.
 *
 * <pre>{@code
 * WiringSpec spec =
 *     WiringSpecs.fromConfig(Map.of("type", "AutoNCP", "units", 16, "output_size", 1));
 * }</pre>
 */
public final class WiringSpecs {
  private static final List<String> TYPES =
      List.of("FullyConnected", "Random", "NCP", "AutoNCP", "Custom");

  private WiringSpecs() {}

  /**
   * Builds the spec a config describes.
   *
   * @param config the config, as from {@link WiringSpec#toConfig()} or a JSON object; not modified
   * @return the spec
   * @throws IllegalArgumentException if the type is unknown, a key is unknown or missing, a value
   *     has the wrong type, or the values are out of range; the message names the key, what was
   *     expected and what was found
   */
  public static WiringSpec fromConfig(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    Object type = config.get("type");
    if (!(type instanceof String name) || !TYPES.contains(name)) {
      throw new IllegalArgumentException(
          "wiring config: key 'type' must be one of "
              + String.join(", ", TYPES)
              + ", found "
              + io.liquid4j.io.Quoted.of(type));
    }
    try {
      return switch (name) {
        case "FullyConnected" -> fullyConnected(config);
        case "Random" -> random(config);
        case "NCP" -> ncp(config);
        case "AutoNCP" -> autoNcp(config);
        default -> custom(config);
      };
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("wiring config:")) {
        throw e;
      }
      // A range check in a constructor: say it came from the config.
      throw new IllegalArgumentException("wiring config: " + e.getMessage(), e);
    }
  }

  private static WiringSpec fullyConnected(Map<String, ?> config) {
    ConfigReader r =
        new ConfigReader(
            "FullyConnected",
            config,
            List.of("units"),
            List.of("output_dim", "erev_init_seed", "self_connections"));
    int units = r.getInt("units");
    return new FullyConnected(
        units,
        r.getInt("output_dim", units),
        r.getLong("erev_init_seed", FullyConnected.DEFAULT_SEED),
        r.getBoolean("self_connections", true));
  }

  private static WiringSpec random(Map<String, ?> config) {
    ConfigReader r =
        new ConfigReader(
            "Random",
            config,
            List.of("units"),
            List.of("output_dim", "sparsity_level", "random_seed"));
    int units = r.getInt("units");
    return new RandomWiring(
        units,
        r.getInt("output_dim", units),
        r.getDouble("sparsity_level", 0.0),
        r.getLong("random_seed", RandomWiring.DEFAULT_SEED));
  }

  private static WiringSpec ncp(Map<String, ?> config) {
    ConfigReader r =
        new ConfigReader(
            "NCP",
            config,
            List.of(
                "inter_neurons",
                "command_neurons",
                "motor_neurons",
                "sensory_fanout",
                "inter_fanout",
                "recurrent_command_synapses",
                "motor_fanin"),
            List.of("seed"));
    return new Ncp(
        r.getInt("inter_neurons"),
        r.getInt("command_neurons"),
        r.getInt("motor_neurons"),
        r.getInt("sensory_fanout"),
        r.getInt("inter_fanout"),
        r.getInt("recurrent_command_synapses"),
        r.getInt("motor_fanin"),
        r.getLong("seed", Ncp.DEFAULT_SEED));
  }

  private static WiringSpec autoNcp(Map<String, ?> config) {
    ConfigReader r =
        new ConfigReader(
            "AutoNCP",
            config,
            List.of("units", "output_size"),
            List.of("sparsity_level", "seed"));
    return new AutoNcp(
        r.getInt("units"),
        r.getInt("output_size"),
        r.getDouble("sparsity_level", AutoNcp.DEFAULT_SPARSITY),
        r.getLong("seed", Ncp.DEFAULT_SEED));
  }

  private static WiringSpec custom(Map<String, ?> config) {
    ConfigReader r =
        new ConfigReader(
            "Custom",
            config,
            List.of("units", "output_dim", "adjacency", "sensory_adjacency"),
            List.of("layers"));
    return new CustomWiring(
        r.getInt("units"),
        r.getInt("output_dim"),
        r.getIntRows("adjacency"),
        r.getIntRows("sensory_adjacency"),
        r.getIntRowsOrNull("layers"));
  }
}
