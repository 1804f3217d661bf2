package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.RandomSource;

/**
 * A seeded stream of random numbers with a state that can be saved and restored, behind
 * {@code rand()}, {@code randn()} and white noise: xoshiro256** (Blackman &amp; Vigna) seeded
 * through SplitMix64, uniform doubles from the top 53 bits, normal draws by Marsaglia's polar
 * method (the second draw of each pair kept for the next call).
 *
 * <pre>{@code
 * RandomStream r = new RandomStream(42);
 * double u = r.rand();      // [0, 1)
 * double z = r.randn();     // N(0, 1)
 * }</pre>
 *
 * <p>Not thread-safe; each group owns one.
 */
public final class RandomStream implements RandomSource {
  private long s0;
  private long s1;
  private long s2;
  private long s3;
  private boolean hasSpare;
  private double spare;

  /**
   * A stream starting from {@code seed}.
   *
   * @param seed any long
   */
  public RandomStream(long seed) {
    reseed(seed);
  }

  /**
   * Restarts the stream from {@code seed}.
   *
   * @param seed any long
   */
  public void reseed(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = mix(x);
    hasSpare = false;
    spare = 0;
  }

  /** SplitMix64's output function. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The next 64 random bits.
   *
   * @return 64 bits of xoshiro256**
   */
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  @Override
  public double rand() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  @Override
  public double randn() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * rand() - 1;
      v = 2 * rand() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  /** The whole state, for {@link #restore}. */
  long[] state() {
    return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
  }

  void restore(long[] state) {
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
    hasSpare = state[4] != 0;
    spare = Double.longBitsToDouble(state[5]);
  }
}
