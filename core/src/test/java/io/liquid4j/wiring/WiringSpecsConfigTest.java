package io.liquid4j.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

class WiringSpecsConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<WiringSpec> specs() {
    return Stream.of(
        new FullyConnected(4),
        new FullyConnected(5, 2, 7, false),
        new RandomWiring(6),
        new RandomWiring(9, 3, 0.5, 4),
        new Ncp(5, 4, 2, 2, 2, 2, 2, 3),
        new Ncp(7, 5, 3, 0, 0, 0, 0, 0xFFFF_FFFFL),
        new AutoNcp(16, 1),
        new AutoNcp(64, 10, 0.75, 9),
        new CustomWiring(2, 1, new int[][] {{0, 1}, {-1, 0}}, new int[][] {{1, 0}, {0, -1}}),
        new CustomWiring(
            3, 1, new int[][] {{0, 0, 0}, {1, 0, 0}, {0, -1, 0}}, new int[][] {{0, 0, 1}},
            new int[][] {{2}, {1}, {0}}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void configRoundTripsInJava(WiringSpec spec) {
    assertEquals(spec, WiringSpecs.fromConfig(spec.toConfig()));
  }

  /** Through JSON text, where whole numbers come back as Integer/Long and fractions as Double. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void configRoundTripsThroughJson(WiringSpec spec) {
    String text = JSON.writeValueAsString(spec.toConfig());
    Map<String, Object> parsed = JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
    WiringSpec back = WiringSpecs.fromConfig(parsed);
    assertEquals(spec, back);
    assertEquals(spec.build(inputDimFor(spec)), back.build(inputDimFor(spec)));
  }

  private static int inputDimFor(WiringSpec spec) {
    return spec instanceof CustomWiring c ? c.inputDim() : 3;
  }

  @Test
  void configsUseNcpKeywordNamesTypeFirst() {
    assertEquals(
        List.of("type", "units", "output_size", "sparsity_level", "seed"),
        List.copyOf(new AutoNcp(16, 1).toConfig().keySet()));
    assertEquals(
        Map.of("type", "AutoNCP", "units", 16, "output_size", 1, "sparsity_level", 0.5,
            "seed", 22222L),
        new AutoNcp(16, 1).toConfig());
    assertEquals(
        Map.of("type", "FullyConnected", "units", 4, "output_dim", 4, "erev_init_seed", 1111L,
            "self_connections", true),
        new FullyConnected(4).toConfig());
    assertThrows(UnsupportedOperationException.class, () -> new RandomWiring(3).toConfig().clear());
  }

  @Test
  void missingOptionalKeysTakeNcpsDefaults() {
    assertEquals(
        new FullyConnected(8),
        WiringSpecs.fromConfig(Map.of("type", "FullyConnected", "units", 8)));
    assertEquals(
        new RandomWiring(9, 9, 0.0, 1111),
        WiringSpecs.fromConfig(Map.of("type", "Random", "units", 9)));
    assertEquals(
        new AutoNcp(20, 3, 0.5, 22222),
        WiringSpecs.fromConfig(Map.of("type", "AutoNCP", "units", 20, "output_size", 3)));
    Map<String, Object> ncp = new HashMap<>(new Ncp(5, 4, 2, 2, 2, 2, 2).toConfig());
    ncp.remove("seed");
    assertEquals(new Ncp(5, 4, 2, 2, 2, 2, 2, 22222), WiringSpecs.fromConfig(ncp));
    // Python's None for output_dim means "all units", as in ncps.
    Map<String, Object> none = new HashMap<>(Map.of("type", "Random", "units", 5));
    none.put("output_dim", null);
    assertEquals(new RandomWiring(5), WiringSpecs.fromConfig(none));
  }

  @Test
  void numbersMayBeIntegerLongOrWholeDouble() {
    assertEquals(
        new AutoNcp(16, 1, 1.0, 5),
        WiringSpecs.fromConfig(
            Map.of("type", "AutoNCP", "units", 16L, "output_size", 1.0, "sparsity_level", 1,
                "seed", BigInteger.valueOf(5))));
  }

  private static void assertRejected(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
    }
  }

  @Test
  void unknownKeyIsNamedWithTheAllowedOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WiringSpecs.fromConfig(
                Map.of("type", "AutoNCP", "units", 16, "output_size", 1, "sparsity", 0.5)));
    assertEquals(
        "wiring config: unknown key 'sparsity' for AutoNCP (expected one of units, output_size,"
            + " sparsity_level, seed)",
        e.getMessage());
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "NCP", "units", 16)),
        "unknown key 'units' for NCP", "inter_neurons");
  }

  @Test
  void missingRequiredKeyIsNamed() {
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "AutoNCP", "units", 16)),
        "missing required key 'output_size' for AutoNCP");
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "FullyConnected")),
        "missing required key 'units' for FullyConnected");
    Map<String, Object> ncp = new HashMap<>(new Ncp(5, 4, 2, 2, 2, 2, 2).toConfig());
    ncp.remove("motor_fanin");
    assertRejected(() -> WiringSpecs.fromConfig(ncp), "missing required key 'motor_fanin'");
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "Custom", "units", 1, "output_dim", 1,
            "adjacency", List.of(List.of(0)))),
        "missing required key 'sensory_adjacency' for Custom");
  }

  @Test
  void wrongValueTypesNameKeyExpectedAndFound() {
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "AutoNCP", "units", "16", "output_size", 1)),
        "'units' for AutoNCP", "an integer", "\"16\" (String)");
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "AutoNCP", "units", 2.5, "output_size", 1)),
        "'units'", "an integer", "2.5 (Double)");
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "FullyConnected", "units", 4,
            "self_connections", "yes")),
        "'self_connections'", "true or false", "\"yes\"");
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "Random", "units", 4, "sparsity_level",
            "high")),
        "'sparsity_level'", "a number", "\"high\"");
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "Random", "units", 1L << 40)),
        "'units'", "int range", "1099511627776");
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "Random", "units", 4, "random_seed",
            BigInteger.ONE.shiftLeft(70))),
        "'random_seed'", "64 bits");
    // ncps's own NCP.get_config stores neuron id lists where counts belong.
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "NCP", "inter_neurons", List.of(1, 2),
            "command_neurons", 4, "motor_neurons", 2, "sensory_fanout", 2, "inter_fanout", 2,
            "recurrent_command_synapses", 2, "motor_fanin", 2)),
        "'inter_neurons'", "an integer", "[1, 2]");
    Map<String, Object> nullSeed = new HashMap<>(new AutoNcp(16, 1).toConfig());
    nullSeed.put("seed", null);
    assertRejected(() -> WiringSpecs.fromConfig(nullSeed), "'seed'", "found null");
  }

  @Test
  void badMatricesNameTheEntry() {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("type", "Custom");
    custom.put("units", 2);
    custom.put("output_dim", 1);
    custom.put("adjacency", List.of(List.of(0, 1), List.of(0, "x")));
    custom.put("sensory_adjacency", List.of(List.of(1, 1)));
    assertRejected(() -> WiringSpecs.fromConfig(custom), "'adjacency[1][1]'", "\"x\"");
    custom.put("adjacency", List.of(0, 1));
    assertRejected(() -> WiringSpecs.fromConfig(custom), "'adjacency[0]'", "a list of integers");
    custom.put("adjacency", "none");
    assertRejected(() -> WiringSpecs.fromConfig(custom), "'adjacency'", "a list of lists");
  }

  @Test
  void typeMustBeKnown() {
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "Ncp", "units", 3)),
        "'type'", "FullyConnected, Random, NCP, AutoNCP, Custom", "'Ncp'");
    assertRejected(() -> WiringSpecs.fromConfig(Map.of("units", 3)), "'type'", "found null");
    assertRejected(() -> WiringSpecs.fromConfig(Map.of("type", 3)), "'type'", "found 3");
  }

  @Test
  void rangeErrorsSayTheyComeFromTheConfig() {
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "AutoNCP", "units", 16, "output_size", 1,
            "sparsity_level", 0.0)),
        "wiring config: AutoNCP sparsity_level", "0.1 and 1.0", "0.0");
    assertRejected(
        () -> WiringSpecs.fromConfig(Map.of("type", "FullyConnected", "units", 0)),
        "wiring config: FullyConnected units", "got 0");
  }
}
