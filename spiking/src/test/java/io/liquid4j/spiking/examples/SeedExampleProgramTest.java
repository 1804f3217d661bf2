package io.liquid4j.spiking.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The seed document's program with units, both integration methods. */
class SeedExampleProgramTest {
  @Test
  void exactGivesBrian2sCounts() {
    SeedExample.Result r = SeedExample.run("exact");
    assertEquals(5273, r.spikes().total());
    assertEquals(111, r.spikes().count()[99]);
    assertEquals(64, r.spikes().count()[50]);
    assertEquals(10_000, r.trace().t().length);
  }

  @Test
  void eulerGivesTheDiscreteClosedFormOfEulersStep() {
    // k = min{k : v0·(1 − (1 − dt/τ)^k) > 1}; first spike at step k − 1, then every k + 49.
    int expected = 0;
    int[] perNeuron = new int[100];
    for (int i = 0; i < 100; i++) {
      double v0 = 3.0 * i / 99;
      if (v0 <= 1) {
        continue;
      }
      int k = 1;
      while (!(v0 * (1 - Math.pow(1 - 0.01, k)) > 1)) {
        k++;
      }
      for (int step = k - 1; step < 10_000; step += k + 49) {
        perNeuron[i]++;
      }
      expected += perNeuron[i];
    }
    SeedExample.Result r = SeedExample.run("euler");
    assertEquals(5293, expected);
    assertEquals(expected, r.spikes().total());
    for (int i = 0; i < 100; i++) {
      assertEquals(perNeuron[i], r.spikes().count()[i], "neuron " + i);
    }
  }
}
