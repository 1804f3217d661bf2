package io.liquid4j.experiments.datasets;

import io.liquid4j.data.SequenceDataset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The CfC paper's event-based bit-stream XOR (Hasani et al. 2022, Table 4; Lechner &amp; Hasani
 * 2020), generated as {@code XORData.create_event_based_sample} in raminmh/CfC's {@code
 * irregular_sampled_datasets.py}: the parity of a random bit string, seen only as the events where
 * the bit changes.
 *
 * <ol>
 *   <li>A string of n bits, n uniform in 2 … pad−1, each bit uniform in {0, 1}; label = the
 *       number of 1 bits mod 2 (its XOR), 2 classes, one per sequence.
 *   <li>Walking the bits with a counter c of bits since the last event (incremented first): a bit
 *       that differs from the previous one (the first bit always does) writes an event — input
 *       the bit, elapsed time c — and resets c to 0. If the events reach pad−1 the walk stops
 *       (the original's "abort"; with n ≤ pad−1 bits this only ends the last iteration early).
 *   <li>A final event closes a trailing run of equal bits (c &gt; 0 after the walk): the last
 *       bit with elapsed time c, so the elapsed times of a sequence add up to n.
 *   <li>Elapsed times are divided by pad; the remaining steps are padding, marked invalid in the
 *       dataset's {@link SequenceDataset#validSteps() valid steps} (the original's {@code mask}),
 *       with input 0 and Δt = 1 (the original writes Δt = 0 there; a masked step's Δt is never
 *       read).
 *   <li>{@code train_xor.py}: pad 32; 100,000 training sequences (numpy seed 1234984) and 10,000
 *       test sequences (seed 48736), no validation set.
 * </ol>
 *
 * <p>The bits come from Java's {@link SplittableRandom} seeded with the same seeds: numpy's
 * {@code RandomState} streams are not reproduced, so the sequences are other draws from the
 * same distribution, not the original's files.
 *
 * <pre>{@code
 * SequenceDataset train = XorData.generate(XorData.TRAIN_SIZE, XorData.TRAIN_SEED, XorData.PAD);
 * }</pre>
 */
public final class XorData {
  /** Padded length of every sequence in {@code train_xor.py}. */
  public static final int PAD = 32;

  /** Training sequences in the original. */
  public static final int TRAIN_SIZE = 100_000;

  /** Test sequences in the original. */
  public static final int TEST_SIZE = 10_000;

  /** Seed of the original's training set. */
  public static final long TRAIN_SEED = 1234984;

  /** Seed of the original's test set. */
  public static final long TEST_SEED = 48736;

  private XorData() {}

  /**
   * One generated sequence.
   *
   * @param bits the random bit string, n values of 0 or 1
   * @param events (pad) the bit at each event, 0 at padded steps
   * @param elapsed (pad) bits since the previous event divided by pad, 0 at padded steps
   * @param valid (pad) 1 at an event, 0 at a padded step
   * @param label the parity of {@code bits}
   */
  public record Sample(int[] bits, double[] events, double[] elapsed, double[] valid, int label) {}

  /**
   * Draws one event-based sequence, consuming the stream as the original consumes numpy's: first
   * the length, then one draw per bit.
   *
   * @param rng the stream; advanced
   * @param pad the padded length, ≥ 3
   * @return the sequence
   * @throws IllegalArgumentException if {@code pad} &lt; 3
   */
  public static Sample sample(SplittableRandom rng, int pad) {
    if (pad < 3) {
      throw new IllegalArgumentException("pad must be >= 3 (strings of 2 .. pad-1 bits), got "
          + pad);
    }
    int n = 2 + rng.nextInt(pad - 2); // numpy randint(low=2, high=pad)
    int[] bits = new int[n];
    for (int i = 0; i < n; i++) {
      bits[i] = rng.nextInt(2);
    }
    return fromBits(bits, pad);
  }

  /**
   * The events of a given bit string, as the original writes them.
   *
   * @param bits 2 … pad−1 values of 0 or 1
   * @param pad the padded length, ≥ 3
   * @return the sequence
   * @throws IllegalArgumentException if a bit is not 0 or 1 or there are not 2 … pad−1 of them
   */
  public static Sample fromBits(int[] bits, int pad) {
    if (bits.length < 2 || bits.length > pad - 1) {
      throw new IllegalArgumentException(
          "bits: expected 2 .. " + (pad - 1) + " bits, got " + bits.length);
    }
    double[] events = new double[pad];
    double[] elapsed = new double[pad];
    double[] valid = new double[pad];
    int label = 0;
    int last = -1;
    int write = 0;
    int counter = 0;
    int bit = -1;
    for (int b : bits) {
      if (b != 0 && b != 1) {
        throw new IllegalArgumentException("bits: expected 0 or 1, got " + b);
      }
      counter++;
      bit = b;
      label += bit;
      if (last != bit) {
        events[write] = bit;
        elapsed[write] = counter;
        valid[write] = 1;
        write++;
        counter = 0;
        if (write >= pad - 1) {
          break; // the original's abort
        }
      }
      last = bit;
    }
    if (counter > 0) {
      events[write] = bit;
      elapsed[write] = counter;
      valid[write] = 1;
    }
    for (int t = 0; t < pad; t++) {
      elapsed[t] /= pad;
    }
    return new Sample(bits.clone(), events, elapsed, valid, label % 2);
  }

  /**
   * {@code size} sequences from one stream seeded with {@code seed}: per-sequence classification
   * with 2 classes, 1 input feature ("event"), the elapsed times as timespans and the events as
   * valid steps.
   *
   * @param size the number of sequences, ≥ 1
   * @param seed seeds the stream
   * @param pad the padded length, ≥ 3 (the original: {@link #PAD})
   * @return the dataset
   * @throws IllegalArgumentException if {@code size} &lt; 1 or {@code pad} &lt; 3
   */
  public static SequenceDataset generate(int size, long seed, int pad) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[size * pad];
    double[] ts = new double[size * pad];
    double[] valid = new double[size * pad];
    double[] y = new double[size];
    for (int i = 0; i < size; i++) {
      Sample s = sample(rng, pad);
      System.arraycopy(s.events(), 0, x, i * pad, pad);
      System.arraycopy(s.valid(), 0, valid, i * pad, pad);
      for (int t = 0; t < pad; t++) {
        ts[i * pad + t] = s.valid()[t] == 1 ? s.elapsed()[t] : 1.0;
      }
      y[i] = s.label();
    }
    return SequenceDataset.classification(x, size, pad, 1, y, false, 2)
        .withTimespans(ts)
        .withValidSteps(valid)
        .withFeatureNames(List.of("event"))
        .withTargetNames(List.of("even", "odd"));
  }

  /**
   * The elapsed times of a sample as a list, for messages and tests.
   *
   * @param s a sample
   * @return its valid steps' elapsed times times pad, rounded to whole bit counts
   */
  public static int[] elapsedCounts(Sample s) {
    int pad = s.valid().length;
    return Arrays.stream(Arrays.copyOf(s.elapsed(), (int) Arrays.stream(s.valid()).sum()))
        .mapToInt(e -> (int) Math.round(e * pad)).toArray();
  }
}
