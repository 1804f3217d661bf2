package io.liquid4j.reservoir;

import java.util.Locale;
import java.util.SplittableRandom;

/** The distribution of a random matrix's non-zero values, as in ReservoirPy's {@code mat_gen}. */
public enum WeightDistribution {
  /** Standard normal, N(0, 1) (ReservoirPy's default for W). */
  NORMAL {
    @Override
    double draw(SplittableRandom rng) {
      return gaussian(rng);
    }
  },
  /** Uniform on [−1, 1). */
  UNIFORM {
    @Override
    double draw(SplittableRandom rng) {
      return 2 * rng.nextDouble() - 1;
    }
  },
  /** −1 or +1 with probability ½ each (ReservoirPy's default for W_in and the bias). */
  BERNOULLI {
    @Override
    double draw(SplittableRandom rng) {
      return rng.nextBoolean() ? 1 : -1;
    }
  };

  abstract double draw(SplittableRandom rng);

  /**
   * The name as the CLI and configuration files spell it: normal, uniform, bernoulli.
   *
   * @return {@code "normal"}, {@code "uniform"} or {@code "bernoulli"}
   */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a CLI name; the message names {@code argument} and the choices.
   *
   * @param argument the option or config key the name came from, quoted in the error message
   * @param name the CLI name, as {@link #cliName()} gives it
   * @return the distribution of that name
   * @throws IllegalArgumentException if no distribution has that name
   */
  public static WeightDistribution fromName(String argument, String name) {
    for (WeightDistribution d : values()) {
      if (d.cliName().equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        argument + ": expected normal, uniform or bernoulli, found '" + name + "'");
  }

  /**
   * A standard normal draw by the polar Box–Muller method; written out (rather than {@code
   * Random.nextGaussian}) because SplittableRandom has no Gaussian before JDK 17's
   * RandomGenerator, and so that the stream is the same on every JDK.
   */
  static double gaussian(SplittableRandom rng) {
    while (true) {
      double u = 2 * rng.nextDouble() - 1;
      double v = 2 * rng.nextDouble() - 1;
      double s = u * u + v * v;
      if (s > 0 && s < 1) {
        return u * Math.sqrt(-2 * Math.log(s) / s);
      }
    }
  }
}
