package io.liquid4j.rng;

/**
 * numpy's {@code np.random.SeedSequence(seed)} for a non-negative integer seed and no spawn key:
 * the hash that turns a user's seed into the state words of a bit generator.
 *
 * <p>{@code default_rng(seed)} does not put the seed into PCG64 directly; it first mixes it into a
 * 4-word pool with the hash functions below and then asks the pool for as many words as PCG64
 * needs. Reproducing this step is what makes {@link NumpyGenerator} match numpy for the same seed.
 *
 * <pre>{@code
 * int[] words = new SeedSequence(1111).generateState(8); // SeedSequence(1111).generate_state(8)
 * }</pre>
 */
public final class SeedSequence {
  private static final int POOL_SIZE = 4;
  private static final int INIT_A = 0x43b0d7e5;
  private static final int MULT_A = 0x931e8875;
  private static final int INIT_B = 0x8b51f9dd;
  private static final int MULT_B = 0x58f38ded;
  private static final int MIX_MULT_L = 0xca01f9dd;
  private static final int MIX_MULT_R = 0x4973f715;
  private static final int XSHIFT = 16; // numpy: 4 * sizeof(uint32) / 2

  private final int[] pool = new int[POOL_SIZE]; // the mixed entropy, unsigned words in int bits
  private int hashConst; // hashmix's running multiplier, shared by every call as in numpy

  /**
   * Mixes {@code seed} into the entropy pool.
   *
   * @param seed the user's seed, ≥ 0 (numpy rejects negative seeds)
   * @throws IllegalArgumentException if {@code seed < 0}
   */
  public SeedSequence(long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException(
          "SeedSequence seed must be >= 0 (numpy rejects negative seeds), got " + seed);
    }
    // numpy splits the integer into 32-bit words, least significant first; 0 is the single word 0.
    int[] entropy =
        (seed >>> 32) == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
    hashConst = INIT_A;
    for (int i = 0; i < POOL_SIZE; i++) {
      pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
    }
    // Every word influences every other, so one-bit seed changes spread across the whole pool.
    for (int src = 0; src < POOL_SIZE; src++) {
      for (int dst = 0; dst < POOL_SIZE; dst++) {
        if (src != dst) {
          pool[dst] = mix(pool[dst], hashmix(pool[src]));
        }
      }
    }
    for (int src = POOL_SIZE; src < entropy.length; src++) {
      for (int dst = 0; dst < POOL_SIZE; dst++) {
        pool[dst] = mix(pool[dst], hashmix(entropy[src]));
      }
    }
  }

  private int hashmix(int value) {
    value ^= hashConst;
    hashConst *= MULT_A;
    value *= hashConst;
    value ^= value >>> XSHIFT;
    return value;
  }

  private static int mix(int x, int y) {
    int result = MIX_MULT_L * x - MIX_MULT_R * y;
    result ^= result >>> XSHIFT;
    return result;
  }

  /**
   * {@code generate_state(n, np.uint32)}: n words drawn from the pool. The pool is not changed, so
   * calling this twice gives the same words, as in numpy.
   *
   * @param n how many words, ≥ 0
   * @return the words, each an unsigned 32-bit value held in an int
   */
  public int[] generateState(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("number of words must be >= 0, got " + n);
    }
    int[] state = new int[n];
    int h = INIT_B;
    for (int i = 0; i < n; i++) {
      int v = pool[i % POOL_SIZE] ^ h;
      h *= MULT_B;
      v *= h;
      v ^= v >>> XSHIFT;
      state[i] = v;
    }
    return state;
  }

  /**
   * {@code generate_state(n, np.uint64)}: pairs of 32-bit words joined little-endian, word
   * {@code 2k} in the low half, as numpy views its uint32 buffer as uint64.
   *
   * @param n how many 64-bit words, ≥ 0
   * @return the words, each an unsigned 64-bit value held in a long
   */
  public long[] generateState64(int n) {
    int[] words = generateState(2 * n);
    long[] out = new long[n];
    for (int k = 0; k < n; k++) {
      out[k] = Integer.toUnsignedLong(words[2 * k]) | ((long) words[2 * k + 1] << 32);
    }
    return out;
  }
}
