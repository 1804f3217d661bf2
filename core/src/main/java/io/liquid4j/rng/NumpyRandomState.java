package io.liquid4j.rng;

/**
 * numpy's legacy {@code np.random.RandomState(seed)}: the MT19937 stream and the sampling methods
 * ncps's {@code NCP} wiring calls, reproduced draw for draw.
 *
 * <p>Each method consumes exactly the 32-bit words numpy consumes, including numpy's habits that
 * a fresh design would avoid: {@code choice(list, k)} without replacement shuffles the whole list
 * even when {@code k} is small, and bounded integers use mask-and-reject rather than
 * multiplication. Not thread-safe.
 *
 * <pre>{@code
 * NumpyRandomState rs = new NumpyRandomState(22222);
 * int[] picked = rs.choice(new int[] {7, 8, 9, 10}, 2); // choice([7, 8, 9, 10], 2, replace=False)
 * int polarity = rs.choice(new int[] {-1, 1});          // choice([-1, 1])
 * }</pre>
 */
public final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N]; // the 624-word MT19937 state, unsigned words in int bits
  private int pos; // next word of mt to temper; N means "regenerate first"

  /**
   * Seeds the stream as {@code np.random.RandomState(seed)} does for an integer seed.
   *
   * @param seed the seed, 0 ≤ seed ≤ 2³²−1 (numpy rejects anything else)
   * @throws IllegalArgumentException if the seed is outside 0..2³²−1
   */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "RandomState seed must be between 0 and 2^32 - 1 (as numpy requires), got " + seed);
    }
    // numpy's legacy integer seeding is Matsumoto and Nishimura's init_genrand, not init_by_array.
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    pos = N;
  }

  /**
   * The next raw 32-bit word, as numpy's {@code random_bounded_uint32} sees it (genrand_int32).
   *
   * @return an unsigned value in 0..2³²−1
   */
  public long next32() {
    if (pos == N) {
      regenerate();
    }
    int y = mt[pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return Integer.toUnsignedLong(y);
  }

  private void regenerate() {
    for (int k = 0; k < N; k++) {
      int y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    }
    pos = 0;
  }

  /**
   * A uniform integer in {@code 0..max} inclusive, as numpy's legacy {@code random_interval}: draw
   * words masked to the smallest {@code 2^b − 1 ≥ max} until one is {@code ≤ max}.
   *
   * @param max the largest value that may be returned, ≥ 0; 0 returns 0 without a draw
   * @return a value in 0..max
   */
  public int interval(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("interval max must be >= 0, got " + max);
    }
    if (max == 0) {
      return 0;
    }
    long mask = smallestMask(max);
    long value;
    do {
      value = next32() & mask;
    } while (value > max);
    return (int) value;
  }

  /** The smallest {@code 2^b − 1} that is ≥ {@code max}. */
  private static long smallestMask(long max) {
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    return mask;
  }

  /**
   * One element of {@code list}, uniformly: {@code rs.choice(list)}. numpy draws the index with
   * {@code randint(0, n)}, which is the same mask-and-reject as {@link #interval(int)}.
   *
   * @param list the population, not empty; not modified
   * @return one of its elements
   */
  public int choice(int[] list) {
    if (list.length == 0) {
      throw new IllegalArgumentException("cannot choose from an empty list");
    }
    return list[interval(list.length - 1)];
  }

  /**
   * {@code k} distinct elements of {@code list}: {@code rs.choice(list, k, replace=False)}.
   *
   * <p>numpy implements this as {@code permutation(n)[:k]}, so the whole index array is shuffled
   * (Fisher–Yates from the end) whatever {@code k} is; the draws for all n−1 swaps are consumed
   * even for {@code k = 0}, and matching that is what keeps later draws in step with numpy.
   *
   * @param list the population; not modified
   * @param k how many to take, 0 ≤ k ≤ list.length
   * @return the chosen elements, in numpy's order
   * @throws IllegalArgumentException if k is negative or larger than the population, as numpy
   *     raises "Cannot take a larger sample than population when replace is False"
   */
  public int[] choice(int[] list, int k) {
    int n = list.length;
    if (k < 0 || k > n) {
      throw new IllegalArgumentException(
          "cannot take a sample of "
              + k
              + " from a population of "
              + n
              + " without replacement (expected 0 <= k <= "
              + n
              + ")");
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i >= 1; i--) {
      int j = interval(i);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = list[perm[i]];
    }
    return out;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits, as {@code rs.random_sample()}: the top 27 bits
   * of one word and the top 26 of the next.
   *
   * @return a value in [0, 1)
   */
  public double nextDouble() {
    long a = next32() >>> 5;
    long b = next32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }
}
