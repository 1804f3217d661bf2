package io.liquid4j.wiring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WiringSpecBuildTest {

  static Stream<WiringSpec> specs() {
    return Stream.of(
        new FullyConnected(6, 2, 3, false),
        new RandomWiring(7, 3, 0.4, 8),
        new Ncp(6, 4, 2, 3, 2, 3, 2, 11),
        new AutoNcp(20, 3, 0.6, 5));
  }

  /** ncps issue #75: ncps wirings fail when built twice; specs here start a fresh stream. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void buildingTwiceOrForAnotherInputSizeIsIndependent(WiringSpec spec) {
    Wiring first = spec.build(3);
    Wiring wider = spec.build(5);
    assertEquals(first, spec.build(3), "second build for the same input size");
    assertEquals(5, wider.inputDim());
    assertEquals(spec.units(), wider.units());
    assertEquals(spec.outputDim(), wider.outputDim());
    // A build must not depend on earlier builds: compare with a spec that never built before.
    WiringSpec fresh = WiringSpecs.fromConfig(spec.toConfig());
    assertEquals(wider, fresh.build(5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void specsAreValuesWithReadableToString(WiringSpec spec) {
    WiringSpec same = WiringSpecs.fromConfig(spec.toConfig());
    assertEquals(spec, same);
    assertEquals(spec.hashCode(), same.hashCode());
    assertTrue(
        spec.toString().startsWith(spec.getClass().getSimpleName() + "["), spec.toString());
  }

  @Test
  void specsWithDifferentSeedsDiffer() {
    assertNotEquals(new AutoNcp(16, 1, 0.5, 1), new AutoNcp(16, 1, 0.5, 2));
    assertNotEquals(new AutoNcp(16, 1, 0.5, 1).build(2), new AutoNcp(16, 1, 0.5, 2).build(2));
    assertNotEquals(new FullyConnected(8, 8, 1, true).build(2),
        new FullyConnected(8, 8, 2, true).build(2));
  }

  /** ncps draws FullyConnected's and Random's internal synapses before the sensory ones. */
  @Test
  void singleLayerInternalSynapsesDoNotDependOnInputSize() {
    WiringSpec[] specs = {new FullyConnected(7), new RandomWiring(7, 7, 0.3, 2)};
    for (WiringSpec spec : specs) {
      assertArrayEquals(spec.build(1).adjacency(), spec.build(9).adjacency(), spec.toString());
    }
  }

  @Test
  void singleLayerTypesPutMotorNeuronsFirst() {
    Wiring w = new RandomWiring(5, 2, 0.0, 1).build(1);
    assertEquals(NeuronType.MOTOR, w.typeOf(0));
    assertEquals(NeuronType.MOTOR, w.typeOf(1));
    assertEquals(NeuronType.INTER, w.typeOf(2));
    assertEquals(NeuronType.INTER, w.typeOf(4));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, w.neuronsOfLayer(0));
  }

  @Test
  void fullyConnectedWithoutSelfConnectionsLeavesTheDiagonalEmpty() {
    Wiring w = new FullyConnected(6, 6, 1111, false).build(2);
    for (int i = 0; i < 6; i++) {
      assertEquals(0, w.synapse(i, i), "self synapse " + i);
    }
    assertEquals(30, w.synapseCount());
    assertEquals(12, w.sensorySynapseCount());
  }

  @Test
  void randomSynapseCountsFollowSparsity() {
    assertEquals(49, new RandomWiring(7).build(3).synapseCount());
    assertEquals(21, new RandomWiring(7).build(3).sensorySynapseCount());
    // numpy rounds half to even: 101^2 * 0.5 = 5100.5 -> 5100 (Math.round would give 5101);
    // 3 * 101 * 0.5 = 151.5 -> 152.
    Wiring w = new RandomWiring(101, 101, 0.5, 1111).build(3);
    assertEquals(5100, w.synapseCount());
    assertEquals(152, w.sensorySynapseCount());
  }

  @Test
  void customWiringBuildsItsMatricesAndCopiesThem() {
    int[][] adj = {{0, 1}, {-1, 0}};
    int[][] sens = {{1, 0}, {0, -1}, {1, 1}};
    CustomWiring spec = new CustomWiring(2, 1, adj, sens);
    adj[0][1] = -1; // the spec keeps its own copy
    Wiring w = spec.build(3);
    assertSame(spec, w.spec());
    assertEquals(1, w.synapse(0, 1));
    assertEquals(-1, w.synapse(1, 0));
    assertEquals(-1, w.sensorySynapse(1, 1));
    assertEquals(1, w.sensorySynapse(2, 0));
    assertEquals(NeuronType.MOTOR, w.typeOf(0));
    assertEquals(NeuronType.INTER, w.typeOf(1));
    spec.adjacency()[0][1] = 0; // returned arrays are copies too
    assertEquals(1, spec.adjacency()[0][1]);
    assertEquals(3, spec.inputDim());
    assertTrue(spec.toString().contains("synapses=2"), spec.toString());
  }

  @Test
  void customWiringKeepsItsLayers() {
    CustomWiring spec =
        new CustomWiring(
            3, 1, new int[][] {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, new int[][] {{0, 0, 1}},
            new int[][] {{2}, {1}, {0}});
    Wiring w = spec.build(1);
    assertEquals(3, w.numLayers());
    assertArrayEquals(new int[] {2}, w.neuronsOfLayer(0));
    assertArrayEquals(new int[] {0}, w.neuronsOfLayer(2));
  }
}
