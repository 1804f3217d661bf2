package io.liquid4j.spiking.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 2002 liquid on the simulator: quiet without input (the background current holds the
 * membrane at the reset level), driven by input, reproducible trials, and the paper's two
 * findings at a reduced number of trials: state distance grows with input distance, and a
 * linear readout tells jittered templates apart far above chance.
 */
class LiquidStateMachineTest {
  private static LiquidStateMachine lsm;

  @BeforeAll
  static void build() {
    lsm = LiquidStateMachine.create(Column.paper(new SplittableRandom(1)), 1);
  }

  private static int total(double[][] trains) {
    int n = 0;
    for (double[] t : trains) {
      n += t.length;
    }
    return n;
  }

  @Test
  void withoutInputTheLiquidIsSilent() {
    // v starts in [13.5, 15] mV and relaxes to R·I_b = 13.5 mV, below the 15 mV threshold.
    assertEquals(0, total(lsm.run(new double[0], 0.2, 3)));
  }

  @Test
  void inputDrivesTheLiquidAndTrialsAreReproducible() {
    double[] input = SpikeTrains.poisson(20, 0.5, 1e-4, new SplittableRandom(4));
    double[][] first = lsm.run(input, 0.5, 5);
    double[][] again = lsm.run(input, 0.5, 5);
    assertEquals(135, first.length);
    for (int n = 0; n < first.length; n++) {
      assertArrayEquals(first[n], again[n], 0, "neuron " + n);
    }
    double rate = total(first) / 135.0 / 0.5;
    assertTrue(input.length > 0 && rate > 2 && rate < 60, "mean rate " + rate + " Hz for "
        + input.length + " input spikes");
    // Every spike happens after the first input spike has arrived.
    for (double[] train : first) {
      for (double t : train) {
        assertTrue(t >= input[0], "spike at " + t + " before the input at " + input[0]);
      }
    }
  }

  @Test
  void stateDistanceGrowsWithInputDistance() {
    LsmExperiments.Separation s = LsmExperiments.separation(lsm, 4, 11);
    assertEquals(4, s.pairs());
    // Order of LsmExperiments.DISTANCES: 0.4, 0.2, 0.1, 0.
    assertTrue(s.mean(0) > s.mean(2), "d 0.4: " + s.mean(0) + ", d 0.1: " + s.mean(2));
    assertTrue(s.mean(2) > 5 * s.mean(3), "d 0.1: " + s.mean(2) + ", d 0: " + s.mean(3));
    assertTrue(s.mean(0) > 0.3 && s.mean(0) < 3, "the paper's scale: " + s.mean(0));
  }

  @Test
  void aRidgeReadoutClassifiesJitteredTemplates() {
    LsmExperiments.Classification c = LsmExperiments.classification(lsm, 3, 12, 6, 0.004, 13);
    assertEquals(1.0 / 3, c.chance(), 1e-15);
    assertTrue(c.testAccuracy() >= 0.8, "test accuracy " + c.testAccuracy());
  }

  @Test
  void pairsAreWithinToleranceOfTheirDistance() {
    var pairs = LsmExperiments.collectPairs(3, new SplittableRandom(2));
    for (int d = 0; d < LsmExperiments.DISTANCES.length; d++) {
      for (double[][] pair : pairs.get(d)) {
        double distance = SpikeTrains.inputDistance(pair[0], pair[1], 0.5, 1e-4);
        assertEquals(LsmExperiments.DISTANCES[d], distance, LsmExperiments.TOLERANCE);
      }
    }
  }

  @Test
  void aColumnNeedsBothKindsOfNeuron() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LiquidStateMachine.create(
            Column.create(2, 2, 2, 0, 2, true, new SplittableRandom(1)), 1));
    assertEquals("liquid: expected excitatory and inhibitory neurons, found 8 and 0",
        e.getMessage());
  }
}
