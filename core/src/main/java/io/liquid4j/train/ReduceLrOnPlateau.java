package io.liquid4j.train;

import io.liquid4j.internal.ArgumentChecks;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reduces the learning rate when a validation metric stops improving, PyTorch's {@code
 * ReduceLROnPlateau} with the same algorithm, defaults and quirks.
 *
 * <p>At the end of each epoch, with metric x:
 *
 * <pre>
 *   if better(x, best):  best ← x;  numBadEpochs ← 0
 *   else:                numBadEpochs ← numBadEpochs + 1
 *   if cooldownCounter &gt; 0:                      (in cooldown: bad epochs do not count)
 *     cooldownCounter ← cooldownCounter − 1;  numBadEpochs ← 0
 *   if numBadEpochs &gt; patience:
 *     new ← max(lr·factor, min_lr)
 *     if lr − new &gt; eps:  lr ← new               (smaller changes are skipped)
 *     cooldownCounter ← cooldown;  numBadEpochs ← 0
 * </pre>
 *
 * with best starting at +∞ (mode min) or −∞ (mode max), and better(x, best):
 *
 * <table>
 *   <caption>Improvement test</caption>
 *   <tr><th>mode</th><th>threshold_mode rel</th><th>threshold_mode abs</th></tr>
 *   <tr><td>min</td><td>x &lt; best·(1 − threshold)</td><td>x &lt; best − threshold</td></tr>
 *   <tr><td>max</td><td>x &gt; best·(1 + threshold)</td><td>x &gt; best + threshold</td></tr>
 * </table>
 *
 * <p>Quirks kept from PyTorch: in rel mode a negative best flips the margin (in min mode with best
 * &lt; 0, best·(1 − threshold) is above best, so slightly worse values count as improvements); a
 * NaN metric is never better, so it counts as a bad epoch; the cooldown counter is reset on every
 * reduction even when the change was skipped for being smaller than eps.
 *
 * <p>Mutable and not thread-safe (it holds the current rate, the best metric and its counters);
 * one per training run.
 */
public final class ReduceLrOnPlateau implements LearningRateSchedule {
  /** Whether a lower (loss) or higher (accuracy) metric is better. */
  public enum Mode {
    /** Lower is better (a loss). */
    MIN,
    /** Higher is better (an accuracy or other score). */
    MAX
  }

  /** Whether the threshold is relative to best or an absolute margin. */
  public enum ThresholdMode {
    /** Improvement means beating best by the fraction {@code threshold} of best. */
    REL,
    /** Improvement means beating best by {@code threshold} itself. */
    ABS
  }

  /** PyTorch's default factor, 0.1. */
  public static final double DEFAULT_FACTOR = 0.1;
  /** PyTorch's default patience, 10 epochs. */
  public static final int DEFAULT_PATIENCE = 10;
  /** PyTorch's default threshold, 1e-4. */
  public static final double DEFAULT_THRESHOLD = 1e-4;
  /** PyTorch's default eps, 1e-8. */
  public static final double DEFAULT_EPS = 1e-8;

  private final double baseLr;
  private final Mode mode;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final ThresholdMode thresholdMode;
  private final int cooldown;
  private final double minLr;
  private final double eps;

  private double lr;
  private int epochs;
  private double best;
  private int numBadEpochs;
  private int cooldownCounter;

  /**
   * A plateau schedule with every hyperparameter given (PyTorch's argument names in brackets).
   *
   * @param baseLr lr_0, finite and ≥ 0
   * @param mode MIN for a loss, MAX for a score [mode]
   * @param factor multiplier of the learning rate on a plateau, in [0, 1) [factor]
   * @param patience bad epochs tolerated before reducing, ≥ 0 [patience]
   * @param threshold minimum significant change, ≥ 0 [threshold]
   * @param thresholdMode REL or ABS [threshold_mode]
   * @param cooldown epochs after a reduction during which bad epochs are not counted, ≥ 0
   *     [cooldown]
   * @param minLr lower bound of the learning rate, ≥ 0 [min_lr]
   * @param eps smallest change of the learning rate that is applied, ≥ 0 [eps]
   * @throws IllegalArgumentException for a null mode or a hyperparameter out of range
   */
  public ReduceLrOnPlateau(
      double baseLr,
      Mode mode,
      double factor,
      int patience,
      double threshold,
      ThresholdMode thresholdMode,
      int cooldown,
      double minLr,
      double eps) {
    this.baseLr = ArgumentChecks.nonNegative("baseLr", baseLr);
    if (mode == null) {
      throw new IllegalArgumentException("mode must be MIN or MAX, got null");
    }
    this.mode = mode;
    if (!(factor >= 0 && factor < 1)) {
      throw new IllegalArgumentException("factor must be in [0, 1), got " + factor);
    }
    this.factor = factor;
    this.patience = ArgumentChecks.nonNegative("patience", patience);
    this.threshold = ArgumentChecks.nonNegative("threshold", threshold);
    if (thresholdMode == null) {
      throw new IllegalArgumentException("threshold_mode must be REL or ABS, got null");
    }
    this.thresholdMode = thresholdMode;
    this.cooldown = ArgumentChecks.nonNegative("cooldown", cooldown);
    this.minLr = ArgumentChecks.nonNegative("min_lr", minLr);
    this.eps = ArgumentChecks.nonNegative("eps", eps);
    this.lr = baseLr;
    this.best = worst();
  }

  /**
   * PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4 (rel), cooldown 0, min_lr 0,
   * eps 1e-8.
   *
   * @param baseLr lr_0, finite and ≥ 0
   * @param mode MIN for a loss, MAX for a score
   * @return a new schedule
   * @throws IllegalArgumentException for a null mode or a bad base learning rate
   */
  public static ReduceLrOnPlateau withDefaults(double baseLr, Mode mode) {
    return new ReduceLrOnPlateau(
        baseLr,
        mode,
        DEFAULT_FACTOR,
        DEFAULT_PATIENCE,
        DEFAULT_THRESHOLD,
        ThresholdMode.REL,
        0,
        0,
        DEFAULT_EPS);
  }

  private double worst() {
    return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** PyTorch's {@code is_better(a, best)}. */
  private boolean isBetter(double x) {
    if (mode == Mode.MIN) {
      return thresholdMode == ThresholdMode.REL ? x < best * (1 - threshold) : x < best - threshold;
    }
    return thresholdMode == ThresholdMode.REL ? x > best * (threshold + 1) : x > best + threshold;
  }

  @Override
  public double next(int epoch, double validationMetric) {
    Checks.nextEpoch(name(), epochs, epoch);
    epochs++;
    if (isBetter(validationMetric)) {
      best = validationMetric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0; // bad epochs in cooldown are ignored
    }
    if (numBadEpochs > patience) {
      double newLr = Math.max(lr * factor, minLr);
      if (lr - newLr > eps) {
        lr = newLr;
      }
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
    return lr;
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public int epochs() {
    return epochs;
  }

  /** {@return the best metric so far (+∞ in mode MIN, −∞ in mode MAX, before the first epoch)} */
  public double best() {
    return best;
  }

  /** {@return the consecutive epochs without improvement, as counted so far} */
  public int numBadEpochs() {
    return numBadEpochs;
  }

  /** {@return the epochs of cooldown left} */
  public int cooldownCounter() {
    return cooldownCounter;
  }

  @Override
  public ScheduleState state() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("lr", lr);
    values.put("best", best);
    values.put("num_bad_epochs", (double) numBadEpochs);
    values.put("cooldown_counter", (double) cooldownCounter);
    return new ScheduleState(name(), epochs, values);
  }

  @Override
  public void restore(ScheduleState state) {
    state.checkRestorable(name(), "lr", "best", "num_bad_epochs", "cooldown_counter");
    double bad = state.value("num_bad_epochs");
    double cool = state.value("cooldown_counter");
    if (bad < 0 || bad != Math.rint(bad) || cool < 0 || cool != Math.rint(cool)) {
      throw new IllegalArgumentException(
          "state: num_bad_epochs and cooldown_counter must be counts, got " + bad + " and "
              + cool);
    }
    epochs = state.epochs();
    lr = state.value("lr");
    best = state.value("best");
    numBadEpochs = (int) bad;
    cooldownCounter = (int) cool;
  }

  @Override
  public ReduceLrOnPlateau copy() {
    return new ReduceLrOnPlateau(
        baseLr, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
  }

  @Override
  public String name() {
    return "plateau";
  }

  @Override
  public String toString() {
    return "ReduceLrOnPlateau(base_lr=" + baseLr
        + ", mode=" + mode.name().toLowerCase(Locale.ROOT)
        + ", factor=" + factor
        + ", patience=" + patience
        + ", threshold=" + threshold
        + ", threshold_mode=" + thresholdMode.name().toLowerCase(Locale.ROOT)
        + ", cooldown=" + cooldown
        + ", min_lr=" + minLr
        + ", eps=" + eps + ")";
  }
}
