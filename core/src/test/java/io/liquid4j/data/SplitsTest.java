package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitsTest {

  /**
   * numpy 2.4.6: {@code p = np.random.RandomState(seed).permutation(n)}; first ten, last three and
   * {@code int(np.sum(np.arange(n) * p))} as a checksum of the whole order. The pairs are the
   * splits of the LTC benchmarks (Occupancy 8,127; Gesture 605; Ozone 626; Traffic 12,043) and a
   * small one.
   */
  @ParameterizedTest(name = "RandomState({0}).permutation({1})")
  @CsvSource(
      delimiter = ';',
      value = {
        "893429; 8127; 6363 3457 1549 7541 6256 590 7878 5817 382 2201; 5856 4216 2999;"
            + " 135353748971",
        "23489; 605; 83 132 184 497 535 461 237 379 441 277; 19 459 222; 55627248",
        "23489; 626; 35 551 277 260 439 40 131 26 450 287; 19 459 222; 61646320",
        "23489; 12043; 9574 592 7869 3610 1473 2425 2416 3480 4291 2062; 4878 11283 1664;"
            + " 432975617778",
        "1; 10; 2 9 6 4 0 3 1 7 8 5; 7 8 5; 212"
      })
  void permutationMatchesNumpy(long seed, int n, String first, String last, long checksum) {
    int[] p = Splits.numpyPermutation(n, seed);
    assertArrayEquals(ints(first), Arrays.copyOf(p, 10));
    assertArrayEquals(ints(last), Arrays.copyOfRange(p, n - 3, n));
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += (long) i * p[i];
    }
    assertEquals(checksum, sum);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      assertEquals(i, sorted[i]);
    }
  }

  @Test
  void permutationOfZeroAndOneElements() {
    assertEquals(0, Splits.numpyPermutation(0, 5).length);
    assertArrayEquals(new int[] {0}, Splits.numpyPermutation(1, 5));
    // numpy: RandomState(0).permutation(2) = [1, 0]
    assertArrayEquals(new int[] {1, 0}, Splits.numpyPermutation(2, 0));
  }

  private static SequenceDataset numbered(int n) {
    // Sequence i has the input value i, so every part shows which sequences it holds.
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return SequenceDataset.regression(x, n, 1, 1, x, false, 1);
  }

  @Test
  void shuffledSplitUsesValidationThenTestThenTrainingOfThePermutation() {
    // numpy: RandomState(1).permutation(10) = [2 9 6 4 0 3 1 7 8 5]; int(0.2*10) = 2,
    // int(0.3*10) = 3.
    Splits.Split s = Splits.shuffled(numbered(10), 1, 0.2, 0.3);
    assertArrayEquals(new double[] {2, 9}, s.validation().inputs());
    assertArrayEquals(new double[] {6, 4, 0}, s.test().inputs());
    assertArrayEquals(new double[] {3, 1, 7, 8, 5}, s.train().inputs());
  }

  @Test
  void partSizesTruncateLikePythonInt() {
    Splits.Split s = Splits.shuffled(numbered(605), 23489, 0.1, 0.15);
    assertEquals(60, s.validation().size()); // int(60.5)
    assertEquals(90, s.test().size()); // int(90.75)
    assertEquals(455, s.train().size());
  }

  @Test
  void chronologicalSplitKeepsOrder() {
    Splits.Split s = Splits.chronological(numbered(10), 0.2, 0.1);
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6}, s.train().inputs());
    assertArrayEquals(new double[] {7, 8}, s.validation().inputs());
    assertArrayEquals(new double[] {9}, s.test().inputs());
  }

  @Test
  void rejectsBadFractions() {
    SequenceDataset d = numbered(10);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Splits.shuffled(d, 1, -0.1, 0.1));
    assertTrue(e.getMessage().contains("validationFraction"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Splits.chronological(d, 0.6, 0.5));
    assertTrue(e.getMessage().contains("<= 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Splits.shuffled(d, 1, 0.1, Double.NaN));
    assertTrue(e.getMessage().contains("testFraction"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Splits.numpyPermutation(5, -1));
  }

  @Test
  void windowStartsAndCut() {
    assertArrayEquals(new int[] {0, 2, 4}, Windows.starts(7, 3, 2));
    assertArrayEquals(new int[] {0}, Windows.starts(3, 3, 1));
    assertEquals(0, Windows.starts(2, 3, 1).length);
    double[] series = {0, 10, 1, 11, 2, 12, 3, 13}; // (4 rows, 2)
    assertArrayEquals(
        new double[] {1, 11, 2, 12, 2, 12, 3, 13}, Windows.cut(series, 2, new int[] {1, 2}, 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Windows.cut(series, 2, new int[] {3}, 2));
    assertTrue(e.getMessage().contains("starts[0] = 3"), e.getMessage());
  }

  private static int[] ints(String spaceSeparated) {
    return Arrays.stream(spaceSeparated.trim().split(" +")).mapToInt(Integer::parseInt).toArray();
  }
}
