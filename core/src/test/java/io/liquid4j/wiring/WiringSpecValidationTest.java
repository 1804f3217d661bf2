package io.liquid4j.wiring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every constructor and build rejects bad arguments with a message naming them and the values. */
class WiringSpecValidationTest {

  /** Asserts that {@code call} throws IllegalArgumentException mentioning every fragment. */
  private static void assertRejected(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
    }
  }

  @Test
  void fullyConnected() {
    assertRejected(() -> new FullyConnected(0), "units", "1..10000", "got 0");
    assertRejected(() -> new FullyConnected(46_341), "units", "got 46341");
    assertRejected(() -> new FullyConnected(4, 0, 1, true), "output_dim", "1..4", "got 0");
    assertRejected(() -> new FullyConnected(4, 5, 1, true), "output_dim", "1..4", "got 5");
    assertRejected(() -> new FullyConnected(4, 4, -1, true), "erev_init_seed", "got -1");
    assertRejected(() -> new FullyConnected(4).build(0), "input_dim", ">= 1", "got 0");
  }

  @Test
  void random() {
    assertRejected(() -> new RandomWiring(0), "units", "got 0");
    assertRejected(() -> new RandomWiring(4, 0, 0.5, 1), "output_dim", "got 0");
    assertRejected(() -> new RandomWiring(4, 7, 0.5, 1), "output_dim", "got 7");
    assertRejected(() -> new RandomWiring(4, 4, -0.1, 1), "sparsity_level", "[0, 1)", "-0.1");
    assertRejected(() -> new RandomWiring(4, 4, 1.0, 1), "sparsity_level", "[0, 1)", "1.0");
    assertRejected(() -> new RandomWiring(4, 4, Double.NaN, 1), "sparsity_level", "NaN");
    assertRejected(() -> new RandomWiring(4, 4, 0.5, -3), "random_seed", "got -3");
    assertRejected(() -> new RandomWiring(4).build(-2), "input_dim", "got -2");
  }

  @Test
  void ncpCounts() {
    assertRejected(() -> new Ncp(0, 4, 2, 0, 2, 2, 2), "inter_neurons", ">= 1", "got 0");
    assertRejected(() -> new Ncp(5, 0, 2, 2, 0, 2, 0), "command_neurons", "got 0");
    assertRejected(() -> new Ncp(5, 4, -1, 2, 2, 2, 2), "motor_neurons", "got -1");
    assertRejected(() -> new Ncp(5, 4, 2, -1, 2, 2, 2), "sensory_fanout", ">= 0", "got -1");
    assertRejected(() -> new Ncp(5, 4, 2, 2, -1, 2, 2), "inter_fanout", "got -1");
    assertRejected(() -> new Ncp(5, 4, 2, 2, 2, -1, 2), "recurrent_command_synapses", "got -1");
    assertRejected(() -> new Ncp(5, 4, 2, 2, 2, 2, -1), "motor_fanin", "got -1");
    assertRejected(
        () -> new Ncp(30_000, 20_000, 2, 1, 1, 1, 1), "inter_neurons + command_neurons", "50002");
  }

  @Test
  void ncpFanoutsCannotExceedTheirLayers() {
    assertRejected(
        () -> new Ncp(5, 4, 2, 2, 2, 2, 5), "motor_fanin is 5", "only 4 command neurons");
    assertRejected(
        () -> new Ncp(5, 4, 2, 6, 2, 2, 2), "sensory_fanout is 6", "only 5 inter neurons");
    assertRejected(
        () -> new Ncp(5, 4, 2, 2, 5, 2, 2), "inter_fanout is 5", "only 4 command neurons");
  }

  @Test
  void ncpSeedAndBuild() {
    assertRejected(() -> new Ncp(5, 4, 2, 2, 2, 2, 2, -1), "seed", "2^32-1", "got -1");
    assertRejected(() -> new Ncp(5, 4, 2, 2, 2, 2, 2, 1L << 32), "seed", "got 4294967296");
    assertRejected(() -> new Ncp(5, 4, 2, 2, 2, 2, 2).build(0), "input_dim", "got 0");
  }

  @Test
  void autoNcp() {
    assertRejected(() -> new AutoNcp(0, 1), "units", "got 0");
    assertRejected(() -> new AutoNcp(16, 0), "output_size", ">= 1", "got 0");
    assertRejected(() -> new AutoNcp(16, 14), "output_size", "units - 2 = 14", "14");
    assertRejected(() -> new AutoNcp(3, 1), "output_size", "units - 2 = 1");
    // ncps's own message claims 0.0..0.9; the range it really accepts is 0.1..1.0.
    assertRejected(() -> new AutoNcp(16, 1, 0.05, 1), "sparsity_level", "0.1 and 1.0", "0.05");
    assertRejected(() -> new AutoNcp(16, 1, 1.01, 1), "sparsity_level", "0.1 and 1.0", "1.01");
    assertRejected(() -> new AutoNcp(16, 1, Double.NaN, 1), "sparsity_level", "NaN");
    assertRejected(() -> new AutoNcp(16, 1, 0.5, -7), "seed", "got -7");
    assertRejected(() -> new AutoNcp(16, 1).build(0), "input_dim", "got 0");
  }

  @Test
  void customMatrices() {
    int[][] adj = {{0, 1}, {-1, 0}};
    int[][] sens = {{1, 0}};
    assertRejected(() -> new CustomWiring(0, 1, new int[0][], sens), "units", "got 0");
    assertRejected(() -> new CustomWiring(2, 3, adj, sens), "output_dim", "1..2", "got 3");
    assertRejected(() -> new CustomWiring(3, 1, adj, sens), "adjacency", "3 rows", "got 2");
    assertRejected(
        () -> new CustomWiring(2, 1, new int[][] {{0, 1}, {0}}, sens),
        "adjacency row 1", "2 entries", "got 1");
    assertRejected(
        () -> new CustomWiring(2, 1, new int[][] {{0, 2}, {0, 0}}, sens),
        "adjacency[0][1]", "-1, 0 or +1", "got 2");
    assertRejected(() -> new CustomWiring(2, 1, adj, new int[0][]), "sensory_adjacency", "0 rows");
    assertRejected(() -> new CustomWiring(2, 1, adj, null), "sensory_adjacency", "null");
    assertRejected(
        () -> new CustomWiring(2, 1, adj, new int[][] {{1, 0, 1}}),
        "sensory_adjacency row 0", "got 3");
    assertRejected(() -> new CustomWiring(2, 1, adj, sens).build(2), "input_dim is 2", "1 rows");
  }

  @Test
  void customLayers() {
    int[][] adj = {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
    int[][] sens = {{0, 0, 1}};
    assertRejected(
        () -> new CustomWiring(3, 1, adj, sens, new int[][] {{2}, {1, 2}, {0}}),
        "neuron 2 is in layer 0 and layer 1");
    assertRejected(
        () -> new CustomWiring(3, 1, adj, sens, new int[][] {{2}, {0}}), "neuron 1 is in no layer");
    assertRejected(
        () -> new CustomWiring(3, 1, adj, sens, new int[][] {{2, 3}, {1}, {0}}),
        "layer 0 lists neuron 3", "0..2");
    assertRejected(
        () -> new CustomWiring(3, 1, adj, sens, new int[][] {{2, 1}, {0}}), "ascending", "[2, 1]");
    assertRejected(
        () -> new CustomWiring(3, 1, adj, sens, new int[][] {{0, 1, 2}, {}}), "layer 1 is empty");
    assertRejected(() -> new CustomWiring(3, 1, adj, sens, new int[0][]), "at least 1 layer");
  }
}
