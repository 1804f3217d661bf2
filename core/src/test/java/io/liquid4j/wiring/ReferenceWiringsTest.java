package io.liquid4j.wiring;

import static io.liquid4j.wiring.Matrices.adjacencyRows;
import static io.liquid4j.wiring.Matrices.sensoryRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Wirings printed by the real ncps {@code wirings.py} (numpy 2.4.6): the matrices of Appendix B
 * and the counts table of §5.5 in the reference notes.
 */
class ReferenceWiringsTest {

  @Test
  void autoNcp16Out1MatchesNcps() {
    Wiring w = new AutoNcp(16, 1, 0.5, 22222).build(2);
    String[] adjacency = {
      "................",
      "-...............",
      "+..+............",
      "+...............",
      "++....-.........",
      "+.+.............",
      "-..+-...........",
      ".+-+............",
      ".-..-.-.........",
      "...+++..........",
      ".+..+-..........",
      "..+.+-..........",
      "..+.+.-.........",
      "..+..--.........",
      "..-..++.........",
      ".+...++........."
    };
    assertArrayEquals(adjacency, adjacencyRows(w));
    assertArrayEquals(new String[] {".........-++-.++", ".......-+.+..-.-"}, sensoryRows(w));
  }

  @Test
  void autoNcp16Out1HasNcpsNeuronLayout() {
    Wiring w = new AutoNcp(16, 1, 0.5, 22222).build(2);
    assertEquals(1, w.outputDim());
    assertEquals(3, w.numLayers());
    assertArrayEquals(new int[] {7, 8, 9, 10, 11, 12, 13, 14, 15}, w.neuronsOfLayer(0));
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, w.neuronsOfLayer(1));
    assertArrayEquals(new int[] {0}, w.neuronsOfLayer(2));
    assertEquals(NeuronType.MOTOR, w.typeOf(0));
    for (int i = 1; i <= 6; i++) {
      assertEquals(NeuronType.COMMAND, w.typeOf(i), "neuron " + i);
    }
    for (int i = 7; i < 16; i++) {
      assertEquals(NeuronType.INTER, w.typeOf(i), "neuron " + i);
    }
  }

  @Test
  void fullyConnected4MatchesNcps() {
    Wiring w = new FullyConnected(4).build(2);
    assertArrayEquals(new String[] {"++++", "++++", "++++", "+++-"}, adjacencyRows(w));
    assertArrayEquals(new String[] {"+++-", "++-+"}, sensoryRows(w));
    assertEquals(4, w.outputDim());
    assertEquals(1, w.numLayers());
    assertArrayEquals(new int[] {0, 1, 2, 3}, w.neuronsOfLayer(0));
  }

  @Test
  void random6MatchesNcpsIncludingDoubleSensoryDraw() {
    Wiring w = new RandomWiring(6, 6, 0.5, 1111).build(3);
    String[] adjacency = {".-....", "....++", "..++.+", ".++...", "--++-.", "+++.-+"};
    assertArrayEquals(adjacency, adjacencyRows(w));
    // These polarities come out as ncps's only because every sensory synapse draws twice.
    assertArrayEquals(new String[] {"-.++++", "..+++.", "....+."}, sensoryRows(w));
  }

  @Test
  void builtWiringRecordsTheSpecThatWasBuilt() {
    AutoNcp spec = new AutoNcp(16, 1);
    assertSame(spec, spec.build(2).spec());
    Ncp ncp = spec.toNcp();
    assertSame(ncp, ncp.build(2).spec());
  }

  @ParameterizedTest(name = "AutoNCP({0}, {1}, {2}) for S={3}")
  @CsvSource({
    // units, out, sparsity, S, I, C, M, sfo, ifo, rcs, mfi, sum|A|, sum|A_s|
    "16, 1, 0.5, 2, 9, 6, 1, 4, 3, 6, 3, 39, 11",
    "28, 4, 0.5, 20, 15, 9, 4, 7, 4, 9, 4, 84, 140",
    "32, 8, 0.5, 7, 15, 9, 8, 7, 4, 9, 4, 100, 49",
    "64, 10, 0.75, 33, 33, 21, 10, 8, 5, 10, 5, 233, 264",
    "19, 3, 0.1, 1, 10, 6, 3, 9, 5, 10, 5, 74, 10"
  })
  void autoNcpCountsMatchNcps(
      int units, int out, double sparsity, int inputs,
      int inter, int command, int motor, int sfo, int ifo, int rcs, int mfi,
      int synapses, int sensorySynapses) {
    AutoNcp spec = new AutoNcp(units, out, sparsity, 22222);
    assertEquals(new Ncp(inter, command, motor, sfo, ifo, rcs, mfi, 22222), spec.toNcp());
    Wiring w = spec.build(inputs);
    assertEquals(synapses, w.synapseCount());
    assertEquals(sensorySynapses, w.sensorySynapseCount());
  }
}
