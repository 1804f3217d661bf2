package io.liquid4j.spiking.equations;

/**
 * The random numbers behind {@code rand()} and {@code randn()} (and the white noise {@code xi},
 * drawn as {@code sqrt(dt)*randn()}). Generated code and the {@link Evaluator} draw from one of
 * these, in a fixed order (element by element), so a seeded source makes a run repeatable.
 */
public interface RandomSource {
  /**
   * A uniform draw in [0, 1).
   *
   * @return a double in [0, 1)
   */
  double rand();

  /**
   * A standard normal draw.
   *
   * @return a draw of N(0, 1)
   */
  double randn();
}
