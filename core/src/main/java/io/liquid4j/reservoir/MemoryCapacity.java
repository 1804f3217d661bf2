package io.liquid4j.reservoir;

import java.util.SplittableRandom;

/**
 * Jaeger's (2001) short-term memory capacity: drive a one-input reservoir with i.i.d. uniform
 * noise u(t) ∈ [−1, 1], train one ridge readout per delay k to recall u(t − k), and sum the
 * squared correlations between recall and truth on held-out steps, MC = Σₖ r²(k). A linear
 * reservoir of N units reaches at most N.
 *
 * <pre>{@code
 * double[] perDelay = MemoryCapacity.perDelay(reservoir, 100, 6000, 200, 1e-8, 7);
 * double total = MemoryCapacity.total(perDelay);
 * }</pre>
 */
public final class MemoryCapacity {
  private MemoryCapacity() {}

  /**
   * r²(k) for k = 1 … kMax, training on the first half of {@code length} steps after the warm-up
   * and testing on the second.
   *
   * @param reservoir a reservoir with one input, run from a fresh session
   * @param kMax the longest delay, ≥ 1
   * @param length number of input steps, warm-up included, ≥ warmup + 4
   * @param warmup leading steps discarded, ≥ kMax
   * @param ridge λ of each delay's ridge readout, ≥ 0
   * @param seed seed of the uniform input noise
   * @return kMax values: element k − 1 is r²(k), in [0, 1]
   * @throws IllegalArgumentException if the reservoir has more than one input or the sizes are out
   *     of range
   */
  public static double[] perDelay(Reservoir reservoir, int kMax, int length, int warmup,
      double ridge, long seed) {
    if (reservoir.inputs() != 1) {
      throw new IllegalArgumentException(
          "memory capacity: expected a reservoir with 1 input, found " + reservoir.inputs());
    }
    if (kMax < 1 || warmup < kMax || length < warmup + 4) {
      throw new IllegalArgumentException("memory capacity: expected 1 ≤ kMax ≤ warm-up < length,"
          + " found kMax " + kMax + ", warm-up " + warmup + ", length " + length);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] u = new double[length];
    for (int t = 0; t < length; t++) {
      u[t] = 2 * rng.nextDouble() - 1;
    }
    int n = reservoir.units();
    double[] states = reservoir.newSession().run(u, length);
    int split = warmup + (length - warmup) / 2;
    // Targets u(t − k) for all delays at once: one Gram matrix serves every readout.
    double[] targets = new double[length * kMax];
    for (int t = kMax; t < length; t++) {
      for (int k = 1; k <= kMax; k++) {
        targets[t * kMax + k - 1] = u[t - k];
      }
    }
    Readout readout = new Ridge(n, kMax, ridge).add(states, targets, split, warmup).fit();
    int test = length - split;
    double[] testStates = new double[test * n];
    System.arraycopy(states, split * n, testStates, 0, test * n);
    double[] predicted = readout.predict(testStates, test);
    double[] r2 = new double[kMax];
    for (int k = 0; k < kMax; k++) {
      r2[k] = squaredCorrelation(predicted, targets, split, test, kMax, k);
    }
    return r2;
  }

  /**
   * Σ r²(k).
   *
   * @param perDelay r²(k) per delay, as {@link #perDelay} returns
   * @return MC, the sum
   */
  public static double total(double[] perDelay) {
    double sum = 0;
    for (double r : perDelay) {
      sum += r;
    }
    return sum;
  }

  private static double squaredCorrelation(double[] predicted, double[] targets, int split,
      int rows, int width, int column) {
    double meanP = 0;
    double meanT = 0;
    for (int t = 0; t < rows; t++) {
      meanP += predicted[t * width + column];
      meanT += targets[(split + t) * width + column];
    }
    meanP /= rows;
    meanT /= rows;
    double cov = 0;
    double varP = 0;
    double varT = 0;
    for (int t = 0; t < rows; t++) {
      double p = predicted[t * width + column] - meanP;
      double y = targets[(split + t) * width + column] - meanT;
      cov += p * y;
      varP += p * p;
      varT += y * y;
    }
    return varP == 0 || varT == 0 ? 0 : cov * cov / (varP * varT);
  }
}
