package io.liquid4j.reservoir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ridge readout's sums as a mergeable value: pieces merged in any order give the readout of
 * one pass to rounding, Ridge gives exactly what the statistics give, and a serialized value
 * comes back whole.
 */
class RidgeStatisticsTest {
  private static final int FEATURES = 23;
  private static final int OUTPUTS = 2;

  /** Five sequences of different lengths; warm-up 7 each. */
  private static final int[] LENGTHS = {120, 57, 301, 88, 200};
  private static final int WARMUP = 7;

  @Test
  void ridgeGivesExactlyTheReadoutOfItsStatistics() {
    double[][] states = sequences(1);
    double[][] targets = targets(states);
    Ridge ridge = new Ridge(FEATURES, OUTPUTS, 1e-3);
    RidgeStatistics statistics = new RidgeStatistics(FEATURES, OUTPUTS);
    for (int s = 0; s < LENGTHS.length; s++) {
      ridge.add(states[s], targets[s], LENGTHS[s], WARMUP);
      statistics.add(states[s], targets[s], LENGTHS[s], WARMUP);
    }
    Readout expected = ridge.fit();
    Readout actual = statistics.fit(1e-3);
    assertArrayEquals(expected.weights(), actual.weights(), 0);
    assertArrayEquals(expected.bias(), actual.bias(), 0);
    assertArrayEquals(expected.weights(), ridge.statistics().fit(1e-3).weights(), 0);
    assertEquals(ridge.count(), statistics.count());
  }

  @ParameterizedTest(name = "merge order {0}")
  @CsvSource({"'0,1,2,3,4'", "'4,3,2,1,0'", "'2,0,4,1,3'", "'1,3,0,4,2'"})
  void mergedPiecesInAnyOrderEqualOnePass(String order) {
    double[][] states = sequences(2);
    double[][] targets = targets(states);
    RidgeStatistics onePass = new RidgeStatistics(FEATURES, OUTPUTS);
    for (int s = 0; s < LENGTHS.length; s++) {
      onePass.add(states[s], targets[s], LENGTHS[s], WARMUP);
    }
    // One piece per sequence, merged as a tree in the given order: ((a + b) + (c + (d + e))).
    RidgeStatistics[] pieces = new RidgeStatistics[LENGTHS.length];
    String[] indices = order.split(",");
    for (int k = 0; k < indices.length; k++) {
      int s = Integer.parseInt(indices[k].trim());
      pieces[k] = new RidgeStatistics(FEATURES, OUTPUTS).add(states[s], targets[s], LENGTHS[s],
          WARMUP);
    }
    RidgeStatistics merged = pieces[0].merge(pieces[1])
        .merge(pieces[2].merge(pieces[3].merge(pieces[4])));
    assertEquals(onePass.count(), merged.count());
    assertReadoutsAgree(onePass.fit(1e-4), merged.fit(1e-4), 1e-12);
  }

  @Test
  void serializationRoundTripKeepsEveryBit() throws Exception {
    double[][] states = sequences(3);
    double[][] targets = targets(states);
    RidgeStatistics original = new RidgeStatistics(FEATURES, OUTPUTS);
    for (int s = 0; s < 3; s++) {
      original.add(states[s], targets[s], LENGTHS[s], WARMUP);
    }
    RidgeStatistics copy = roundTrip(original);
    assertEquals(original.features(), copy.features());
    assertEquals(original.outputs(), copy.outputs());
    assertEquals(original.count(), copy.count());
    Readout expected = original.fit(1e-2);
    Readout actual = copy.fit(1e-2);
    assertArrayEquals(expected.weights(), actual.weights(), 0);
    assertArrayEquals(expected.bias(), actual.bias(), 0);
    // The copy keeps accumulating like the original.
    original.add(states[4], targets[4], LENGTHS[4], WARMUP);
    copy.add(states[4], targets[4], LENGTHS[4], WARMUP);
    assertArrayEquals(original.fit(1e-2).weights(), copy.fit(1e-2).weights(), 0);
  }

  @Test
  void serializedFormHoldsOnlyTheLowerTriangle() throws IOException {
    int n = 200;
    RidgeStatistics s = new RidgeStatistics(n, 1);
    int bytes = serialize(s).length;
    // n(n+1)/2 doubles for Σxᵀx and a little for the rest; the full matrix would be n² doubles.
    assertEquals(8.0 * n * (n + 1) / 2, bytes, 8.0 * 3 * n + 1000);
  }

  @Test
  void mergeDoesNotModifyItsArgumentAndCopyIsIndependent() {
    double[][] states = sequences(4);
    double[][] targets = targets(states);
    RidgeStatistics a = new RidgeStatistics(FEATURES, OUTPUTS).add(states[0], targets[0],
        LENGTHS[0], WARMUP);
    RidgeStatistics b = new RidgeStatistics(FEATURES, OUTPUTS).add(states[1], targets[1],
        LENGTHS[1], WARMUP);
    double[] before = b.fit(1e-3).weights();
    RidgeStatistics aCopy = a.copy();
    a.merge(b);
    assertArrayEquals(before, b.fit(1e-3).weights(), 0);
    assertEquals(LENGTHS[0] - WARMUP, aCopy.count());
    assertEquals(LENGTHS[0] + LENGTHS[1] - 2 * WARMUP, a.count());
  }

  @Test
  void rejectsMismatchedShapesAndEmptyFits() {
    RidgeStatistics s = new RidgeStatistics(3, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.merge(new RidgeStatistics(4, 2)));
    assertEquals("ridge statistics to merge: expected 3 features and 1 outputs, found 4 and 2",
        e.getMessage());
    assertEquals("ridge readout: no rows were added before fit()",
        assertThrows(IllegalStateException.class, () -> s.fit(1)).getMessage());
    assertEquals("ridge: expected a finite number ≥ 0, found NaN",
        assertThrows(IllegalArgumentException.class, () -> s.fit(Double.NaN)).getMessage());
    assertEquals("states: expected finite numbers, found NaN at row 1, column 2",
        assertThrows(IllegalArgumentException.class,
            () -> s.add(new double[] {0, 0, 0, 0, 0, Double.NaN}, new double[2], 2, 0))
            .getMessage());
    assertEquals(0, s.count());
  }

  static void assertReadoutsAgree(Readout expected, Readout actual, double relative) {
    assertRelative(expected.weights(), actual.weights(), relative, "W_out");
    assertRelative(expected.bias(), actual.bias(), relative, "bias");
  }

  private static void assertRelative(double[] expected, double[] actual, double relative,
      String what) {
    assertEquals(expected.length, actual.length, what + " size");
    double scale = 0;
    for (double v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], relative * scale, what + "[" + k + "]");
    }
  }

  private static double[][] sequences(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] states = new double[LENGTHS.length][];
    for (int s = 0; s < LENGTHS.length; s++) {
      states[s] = new double[LENGTHS[s] * FEATURES];
      for (int k = 0; k < states[s].length; k++) {
        states[s][k] = Math.tanh(2 * rng.nextDouble() - 1 + 0.3 * (k % FEATURES) / FEATURES);
      }
    }
    return states;
  }

  private static double[][] targets(double[][] states) {
    double[][] targets = new double[states.length][];
    for (int s = 0; s < states.length; s++) {
      int rows = states[s].length / FEATURES;
      targets[s] = new double[rows * OUTPUTS];
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < OUTPUTS; o++) {
          targets[s][r * OUTPUTS + o] = 1.5 + Math.sin(states[s][r * FEATURES + o] * 3 + o);
        }
      }
    }
    return targets;
  }

  private static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  private static RidgeStatistics roundTrip(RidgeStatistics value) throws Exception {
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(serialize(value)))) {
      return (RidgeStatistics) in.readObject();
    }
  }
}
