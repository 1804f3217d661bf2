package io.liquid4j.spiking.lsm;

import java.util.SplittableRandom;

/**
 * The random draws of the 2002 column: Gaussian parameters whose negative draws are replaced (as
 * the paper says, "by values chosen from an appropriate uniform distribution": here uniform on
 * (0, 2·mean), which keeps the mean), and Gamma-distributed amplitudes with SD equal to the mean
 * (shape 1, i.e. exponential; any shape is supported, by Marsaglia &amp; Tsang's method).
 */
public final class Draws {
  private Draws() {}

  /**
   * N(mean, (relativeSd·mean)²), a negative draw replaced by U(0, 2·mean).
   *
   * @param mean the mean, ≥ 0
   * @param relativeSd the standard deviation as a fraction of the mean
   * @param rng the source. Modified (advanced).
   * @return a draw ≥ 0
   */
  public static double positiveGaussian(double mean, double relativeSd, SplittableRandom rng) {
    double v = mean + relativeSd * mean * gaussian(rng);
    return v >= 0 ? v : 2 * mean * rng.nextDouble();
  }

  /**
   * A Gamma-distributed value of the given mean and standard deviation, with the mean's sign (the
   * paper's inhibitory amplitudes are negative).
   *
   * @param mean the mean, either sign; 0 gives 0
   * @param sd the standard deviation, &gt; 0
   * @param rng the source. Modified (advanced).
   * @return a draw of the mean's sign
   */
  public static double gamma(double mean, double sd, SplittableRandom rng) {
    if (mean == 0) {
      return 0;
    }
    double m = Math.abs(mean);
    double shape = (m / sd) * (m / sd);
    double scale = sd * sd / m;
    return Math.signum(mean) * scale * standardGamma(shape, rng);
  }

  /** Gamma(shape, 1) by Marsaglia &amp; Tsang (2000); shape &lt; 1 by the boost U^(1/shape). */
  static double standardGamma(double shape, SplittableRandom rng) {
    if (!(shape > 0)) {
      throw new IllegalArgumentException("gamma shape: expected a positive number, found " + shape);
    }
    if (shape < 1) {
      double u = rng.nextDouble();
      return standardGamma(shape + 1, rng) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = gaussian(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x
          || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** A standard normal draw (Marsaglia's polar method; the second value is discarded). */
  static double gaussian(SplittableRandom rng) {
    double u;
    double v;
    double s;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
