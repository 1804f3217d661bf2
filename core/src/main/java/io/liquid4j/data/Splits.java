package io.liquid4j.data;

import io.liquid4j.rng.NumpyRandomState;
import java.util.Objects;

/**
 * Splitting a dataset into training, validation and test sequences, either shuffled with a seed
 * (reproducing numpy, so a split made by the LTC paper's Python code comes out the same) or in time
 * order.
 *
 * <p>Split sizes are {@code (int) (fraction · n)}, truncated like Python's {@code int(0.1 * n)}:
 * validation = ⌊f_valid·n⌋, test = ⌊f_test·n⌋, training = the rest.
 */
public final class Splits {
  private Splits() {}

  /**
   * The three parts of a split; any of them may be empty. Immutable and safe to share between
   * threads, as the datasets are.
   *
   * @param train training sequences
   * @param validation validation sequences (model selection)
   * @param test held-out test sequences
   */
  public record Split(SequenceDataset train, SequenceDataset validation, SequenceDataset test) {
    /**
     * Requires all three parts.
     *
     * @param train training sequences, not null
     * @param validation validation sequences, not null
     * @param test held-out test sequences, not null
     * @throws NullPointerException if a part is null
     */
    public Split {
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(validation, "validation");
      Objects.requireNonNull(test, "test");
    }
  }

  /**
   * numpy's {@code np.random.RandomState(seed).permutation(n)}, element for element.
   *
   * <p>numpy's legacy {@code shuffle} is a Fisher–Yates shuffle from the end: for i = n−1 down to 1
   * it swaps element i with element {@code random_interval(i)} (mask-and-reject, {@link
   * NumpyRandomState#interval(int)}).
   *
   * @param n the number of elements, ≥ 0
   * @param seed the RandomState seed, 0..2³²−1
   * @return a permutation of 0..n−1
   */
  public static int[] numpyPermutation(int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    NumpyRandomState rs = new NumpyRandomState(seed);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i >= 1; i--) {
      int j = rs.interval(i);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    return perm;
  }

  /**
   * A seeded random split in the LTC repository's layout: with p = {@code
   * RandomState(seed).permutation(n)}, validation = p[0, v), test = p[v, v + t), training = p[v +
   * t, n), each part in permutation order.
   *
   * @param data the sequences to split
   * @param seed the RandomState seed, 0..2³²−1
   * @param validationFraction share of sequences for validation, 0 ≤ f
   * @param testFraction share of sequences for testing, 0 ≤ f, with both together ≤ 1
   * @return the split
   */
  public static Split shuffled(
      SequenceDataset data, long seed, double validationFraction, double testFraction) {
    Objects.requireNonNull(data, "data");
    int n = data.size();
    int v = partSize("validationFraction", validationFraction, n);
    int t = partSize("testFraction", testFraction, n);
    checkTotal(validationFraction, testFraction);
    int[] perm = numpyPermutation(n, seed);
    return new Split(
        data.subset(range(perm, v + t, n)),
        data.subset(range(perm, 0, v)),
        data.subset(range(perm, v, v + t)));
  }

  /**
   * A split in time order, for sequences that were cut from one series in order: training = the
   * first n − v − t sequences, then validation, then test. With overlapping windows the last
   * training windows share rows with the first validation windows; drop a few at each boundary if
   * that matters.
   *
   * @param data the sequences, oldest first
   * @param validationFraction share of sequences for validation, 0 ≤ f
   * @param testFraction share of sequences for testing, 0 ≤ f, with both together ≤ 1
   * @return the split
   */
  public static Split chronological(
      SequenceDataset data, double validationFraction, double testFraction) {
    Objects.requireNonNull(data, "data");
    int n = data.size();
    int v = partSize("validationFraction", validationFraction, n);
    int t = partSize("testFraction", testFraction, n);
    checkTotal(validationFraction, testFraction);
    int[] order = identity(n);
    int trainSize = n - v - t;
    return new Split(
        data.subset(range(order, 0, trainSize)),
        data.subset(range(order, trainSize, trainSize + v)),
        data.subset(range(order, trainSize + v, n)));
  }

  private static int[] identity(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  private static int partSize(String name, double fraction, int n) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + fraction);
    }
    return (int) (fraction * n); // Python's int(): truncation
  }

  private static void checkTotal(double validationFraction, double testFraction) {
    if (validationFraction + testFraction > 1) {
      throw new IllegalArgumentException(
          "validationFraction + testFraction must be <= 1, got "
              + validationFraction
              + " + "
              + testFraction);
    }
  }

  private static int[] range(int[] order, int from, int to) {
    int[] out = new int[to - from];
    System.arraycopy(order, from, out, 0, out.length);
    return out;
  }
}
