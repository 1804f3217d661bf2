package io.liquid4j.rng;

import java.util.Arrays;

/**
 * numpy's {@code np.random.default_rng(seed)}: a {@link SeedSequence}-seeded PCG64 bit generator
 * and the {@code Generator} sampling methods ncps's {@code FullyConnected} and {@code Random}
 * wirings call, reproduced draw for draw.
 *
 * <p>PCG64 keeps a 128-bit state; here it is two longs (high and low halves) and the 128-bit
 * multiply-add is done by hand, which is exact and allocation-free. Bounded integers use Lemire's
 * multiply-and-reject on 32-bit draws, and 32-bit draws are taken from 64-bit outputs two at a
 * time (low half first), because that is what numpy does. Not thread-safe.
 *
 * <pre>{@code
 * NumpyGenerator rng = new NumpyGenerator(1111);
 * int polarity = rng.choice(new int[] {-1, 1, 1});   // rng.choice([-1, 1, 1])
 * int[] picked = rng.choiceIndices(36, 18);          // rng.choice(36, 18, replace=False)
 * }</pre>
 */
public final class NumpyGenerator {
  // PCG64's 128-bit LCG multiplier, split into halves.
  private static final long MULT_HI = 0x2360ED051FC65DA4L;
  private static final long MULT_LO = 0x4385DF649FCCF645L;
  private static final long MASK32 = 0xFFFF_FFFFL;

  private long stateHi;
  private long stateLo;
  private final long incHi; // the LCG increment, always odd
  private final long incLo;
  private boolean hasBuffered32; // true when the high half of the last 64-bit draw is unused
  private long buffered32;

  /**
   * Seeds the stream as {@code np.random.default_rng(seed)} does for an integer seed.
   *
   * @param seed the seed, ≥ 0 (numpy rejects negative seeds)
   * @throws IllegalArgumentException if {@code seed < 0}
   */
  public NumpyGenerator(long seed) {
    long[] words = new SeedSequence(seed).generateState64(4);
    long initStateHi = words[0];
    long initStateLo = words[1];
    long initSeqHi = words[2];
    long initSeqLo = words[3];
    // pcg_setseq_128_srandom_r: inc = (initseq << 1) | 1; state = 0; step; state += initstate; step
    incHi = (initSeqHi << 1) | (initSeqLo >>> 63);
    incLo = (initSeqLo << 1) | 1L;
    stateHi = 0;
    stateLo = 0;
    step();
    long lo = stateLo + initStateLo;
    stateHi = stateHi + initStateHi + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
    stateLo = lo;
    step();
  }

  /** One LCG step, state = state * MULT + inc (mod 2^128). */
  private void step() {
    // Mod 2^128, hi * MULT_HI overflows away entirely; only the cross terms reach the high half.
    long productLo = stateLo * MULT_LO;
    long productHi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateHi * MULT_LO + stateLo * MULT_HI;
    long lo = productLo + incLo;
    stateHi = productHi + incHi + (Long.compareUnsigned(lo, productLo) < 0 ? 1 : 0);
    stateLo = lo;
  }

  /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18+). */
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /**
   * The next raw 64-bit output (PCG64's XSL-RR: xor the state's halves, rotate by its top 6 bits).
   *
   * @return 64 random bits; read as unsigned ({@link Long#toUnsignedString(long)}) to compare with
   *     numpy
   */
  public long next64() {
    step();
    int rot = (int) (stateHi >>> 58);
    return Long.rotateRight(stateHi ^ stateLo, rot);
  }

  /**
   * The next 32-bit word. Like numpy, one 64-bit output serves two calls: its low half now, its
   * high half on the next call.
   *
   * @return an unsigned value in 0..2³²−1
   */
  public long next32() {
    if (hasBuffered32) {
      hasBuffered32 = false;
      return buffered32;
    }
    long next = next64();
    buffered32 = next >>> 32;
    hasBuffered32 = true;
    return next & MASK32;
  }

  /**
   * A uniform integer in {@code 0..r} inclusive, by Lemire's method as numpy's {@code
   * buffered_bounded_lemire_uint32}: the high half of {@code next32() * (r + 1)}, redrawing only
   * in the rare case where the low half falls in the biased zone.
   *
   * @param r the largest value that may be returned, ≥ 0; 0 returns 0 without a draw
   * @return a value in 0..r
   */
  public int bounded(int r) {
    if (r < 0) {
      throw new IllegalArgumentException("bound must be >= 0, got " + r);
    }
    if (r == 0) {
      return 0;
    }
    long rangeExcl = (long) r + 1;
    long m = next32() * rangeExcl; // < 2^63, so signed long arithmetic is exact
    long leftover = m & MASK32;
    if (leftover < rangeExcl) {
      long threshold = (MASK32 - r) % rangeExcl;
      while (leftover < threshold) {
        m = next32() * rangeExcl;
        leftover = m & MASK32;
      }
    }
    return (int) (m >>> 32);
  }

  /**
   * One element of {@code list}, uniformly: {@code rng.choice(list)}.
   *
   * @param list the population, not empty; not modified
   * @return one of its elements
   */
  public int choice(int[] list) {
    if (list.length == 0) {
      throw new IllegalArgumentException("cannot choose from an empty list");
    }
    return list[bounded(list.length - 1)];
  }

  /**
   * {@code k} distinct indices of {@code 0..pop-1} in random order: {@code rng.choice(pop, k,
   * replace=False)} (shuffle=True). To sample rows of an array, index it with the result.
   *
   * <p>numpy picks between two algorithms by size, and both are replicated because they consume
   * different draws: for a large population of which a sizeable share is wanted ({@code pop >
   * 10000} and {@code k > pop / 50}) it shuffles the last {@code k} slots of {@code 0..pop-1};
   * otherwise it runs Floyd's sampling algorithm and then shuffles the {@code k} picks.
   *
   * @param pop the population size, ≥ 0
   * @param k how many to take, 0 ≤ k ≤ pop
   * @return the chosen indices, in numpy's order
   * @throws IllegalArgumentException if k is negative or larger than pop, as numpy raises "Cannot
   *     take a larger sample than population when replace is False"
   */
  public int[] choiceIndices(int pop, int k) {
    if (pop < 0 || k < 0 || k > pop) {
      throw new IllegalArgumentException(
          "cannot take a sample of "
              + k
              + " from a population of "
              + pop
              + " without replacement (expected 0 <= k <= pop)");
    }
    if (pop > 10000 && k > pop / 50) {
      return tailShuffle(pop, k);
    }
    return floydThenShuffle(pop, k);
  }

  private int[] tailShuffle(int pop, int k) {
    int[] idx = new int[pop];
    for (int i = 0; i < pop; i++) {
      idx[i] = i;
    }
    // numpy stops at max(pop - k, 1); slot 0 could only swap with itself, which draws nothing.
    int first = Math.max(pop - k, 1);
    for (int i = pop - 1; i >= first; i--) {
      swap(idx, i, bounded(i));
    }
    int[] out = new int[k];
    System.arraycopy(idx, pop - k, out, 0, k);
    return out;
  }

  private int[] floydThenShuffle(int pop, int k) {
    int[] out = new int[k];
    // Floyd's algorithm: for each j in the last k slots draw v in 0..j; a repeat means take j,
    // which cannot have been drawn before. Like numpy, remember the picks in an open-addressing
    // hash set of about 1.2k slots, so memory follows k rather than the population.
    int[] table = new int[hashTableSize(k)];
    Arrays.fill(table, -1);
    int mask = table.length - 1;
    for (int j = pop - k; j < pop; j++) {
      int v = bounded(j);
      int loc = v & mask;
      while (table[loc] != -1 && table[loc] != v) {
        loc = (loc + 1) & mask;
      }
      if (table[loc] == v) {
        v = j;
        loc = v & mask;
        while (table[loc] != -1) {
          loc = (loc + 1) & mask;
        }
      }
      table[loc] = v;
      out[j - (pop - k)] = v;
    }
    // Floyd's picks are not in random order (late slots favour large indices): hence the shuffle.
    for (int i = k - 1; i >= 1; i--) {
      swap(out, i, bounded(i));
    }
    return out;
  }

  /** numpy's table size: the smallest power of two above 1.2k, so probes stay short. */
  private static int hashTableSize(int k) {
    long size = (long) (1.2 * k);
    long mask = size;
    for (int shift = 1; shift <= 32; shift <<= 1) {
      mask |= mask >>> shift;
    }
    return (int) (mask + 1);
  }

  private static void swap(int[] a, int i, int j) {
    int tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits, as {@code rng.random()}: the top 53 bits of
   * one 64-bit output, scaled by 2⁻⁵³.
   *
   * @return a value in [0, 1)
   */
  public double nextDouble() {
    return (next64() >>> 11) * 0x1.0p-53;
  }
}
