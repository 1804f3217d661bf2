package io.liquid4j.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The event-based XOR generator against hand-worked strings, and its seeded streams. */
class XorDataTest {
  private static void check(int[] bits, double[] events, int[] counts, int label) {
    int pad = 8;
    XorData.Sample s = XorData.fromBits(bits, pad);
    double[] validExpected = new double[pad];
    Arrays.fill(validExpected, 0, events.length, 1.0);
    assertArrayEquals(validExpected, s.valid(), 0.0, "valid steps of " + Arrays.toString(bits));
    assertArrayEquals(Arrays.copyOf(events, pad), s.events(), 0.0, "events");
    double[] elapsed = new double[pad];
    for (int i = 0; i < counts.length; i++) {
      elapsed[i] = counts[i] / (double) pad;
    }
    assertArrayEquals(elapsed, s.elapsed(), 0.0, "elapsed times, divided by the pad size");
    assertEquals(label, s.label(), "parity");
  }

  @Test
  void eventsAreWrittenWhereTheBitChangesAndAtTheEndOfATrailingRun() {
    // 1 1 0: the first bit is an event; the 0 comes 2 bits after it; no trailing run.
    check(new int[] {1, 1, 0}, new double[] {1, 0}, new int[] {1, 2}, 0);
    // 0 0 0 1 1: events at the first bit and at the change, then the trailing 1 closes the run.
    check(new int[] {0, 0, 0, 1, 1}, new double[] {0, 1, 1}, new int[] {1, 3, 1}, 0);
    // 1 1 1 1: one event, and the trailing run of 3.
    check(new int[] {1, 1, 1, 1}, new double[] {1, 1}, new int[] {1, 3}, 0);
    check(new int[] {0, 1}, new double[] {0, 1}, new int[] {1, 1}, 1);
    check(new int[] {1, 0, 0}, new double[] {1, 0, 0}, new int[] {1, 1, 1}, 1);
    // pad − 1 alternating bits: every bit an event, the last one reaching the abort.
    check(new int[] {1, 0, 1, 0, 1, 0, 1}, new double[] {1, 0, 1, 0, 1, 0, 1},
        new int[] {1, 1, 1, 1, 1, 1, 1}, 0);
  }

  @Test
  void badStringsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> XorData.fromBits(new int[] {1}, 8));
    assertThrows(IllegalArgumentException.class, () -> XorData.fromBits(new int[8], 8));
    assertThrows(IllegalArgumentException.class, () -> XorData.fromBits(new int[] {0, 2}, 8));
  }

  @Test
  void samplesCoverLengthsTwoToPadMinusOneAndTheirCountsAddUpToTheLength() {
    SplittableRandom rng = new SplittableRandom(5);
    boolean[] seen = new boolean[XorData.PAD];
    for (int i = 0; i < 5000; i++) {
      XorData.Sample s = XorData.sample(rng, XorData.PAD);
      int n = s.bits().length;
      assertTrue(n >= 2 && n <= XorData.PAD - 1, "length " + n);
      seen[n] = true;
      assertEquals(n, Arrays.stream(XorData.elapsedCounts(s)).sum(), "counts add up to n");
      assertEquals(Arrays.stream(s.bits()).sum() % 2, s.label());
      int events = (int) Arrays.stream(s.valid()).sum();
      for (int t = 0; t < XorData.PAD; t++) {
        assertEquals(t < events ? 1.0 : 0.0, s.valid()[t], "events come first, then padding");
      }
    }
    for (int n = 2; n < XorData.PAD; n++) {
      assertTrue(seen[n], "length " + n + " drawn");
    }
  }

  @Test
  void theDatasetHoldsTheSamplesOfItsSeededStream() {
    SequenceDataset d = XorData.generate(40, 11, XorData.PAD);
    SequenceDataset again = XorData.generate(40, 11, XorData.PAD);
    assertArrayEquals(d.inputs(), again.inputs(), 0.0);
    assertArrayEquals(d.timespans(), again.timespans(), 0.0);
    assertArrayEquals(d.validSteps(), again.validSteps(), 0.0);
    assertArrayEquals(d.targets(), again.targets(), 0.0);
    assertFalse(Arrays.equals(d.inputs(), XorData.generate(40, 12, XorData.PAD).inputs()));
    SplittableRandom rng = new SplittableRandom(11);
    int pad = XorData.PAD;
    for (int i = 0; i < 40; i++) {
      XorData.Sample s = XorData.sample(rng, pad);
      assertArrayEquals(s.events(), Arrays.copyOfRange(d.inputs(), i * pad, (i + 1) * pad), 0.0);
      assertArrayEquals(s.valid(), Arrays.copyOfRange(d.validSteps(), i * pad, (i + 1) * pad),
          0.0);
      for (int t = 0; t < pad; t++) {
        double expected = s.valid()[t] == 1 ? s.elapsed()[t] : 1.0;
        assertEquals(expected, d.timespans()[i * pad + t], 0.0, "Δt at " + i + ", " + t);
      }
      assertEquals(s.label(), d.targets()[i], 0.0);
    }
    assertEquals(2, d.targetWidth());
    assertFalse(d.perStep());
  }
}
