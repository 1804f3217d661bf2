package io.liquid4j.train;

import io.liquid4j.internal.ArgumentChecks;
import java.util.Map;

/**
 * Keras's {@code tf.keras.optimizers.schedules.ExponentialDecay}: the rate after s reported
 * steps (or epochs) in closed form,
 *
 * <pre>
 *   lr_s = base·rate^(s / decaySteps)          (staircase: rate^⌊s / decaySteps⌋)
 * </pre>
 *
 * Keras calls it with the optimizer's step count, so use it with {@link SchedulePer#BATCH}: the
 * CfC paper's {@code ExponentialDecay(base_lr, train_steps, decay_lr)} with {@code train_steps}
 * the batches per epoch is {@code new ExponentialDecayLr(base, stepsPerEpoch, decay, false)}
 * stepped per batch. Computed from the count each time, not by repeated multiplication, so the
 * rates are those of the formula.
 *
 * <p>Mutable and not thread-safe (it holds the count); one per training run.
 */
public final class ExponentialDecayLr implements LearningRateSchedule {
  private final double baseLr;
  private final int decaySteps;
  private final double rate;
  private final boolean staircase;
  private int epochs;

  /**
   * An exponential decay from {@code baseLr}.
   *
   * @param baseLr lr_0, finite and ≥ 0
   * @param decaySteps reported steps over which the rate is multiplied by {@code rate}, ≥ 1
   * @param rate the decay factor per {@code decaySteps}, finite and &gt; 0
   * @param staircase decay in whole multiples of {@code decaySteps} (Keras's {@code staircase})
   * @throws IllegalArgumentException for a hyperparameter out of range
   */
  public ExponentialDecayLr(double baseLr, int decaySteps, double rate, boolean staircase) {
    this.baseLr = ArgumentChecks.nonNegative("baseLr", baseLr);
    this.decaySteps = ArgumentChecks.positive("decay_steps", decaySteps);
    this.rate = ArgumentChecks.positive("decay_rate", rate);
    this.staircase = staircase;
  }

  private double at(int steps) {
    double p = (double) steps / decaySteps;
    return baseLr * Math.pow(rate, staircase ? Math.floor(p) : p);
  }

  @Override
  public double next(int epoch, double validationMetric) {
    Checks.nextEpoch(name(), epochs, epoch);
    epochs++;
    return at(epochs);
  }

  @Override
  public double learningRate() {
    return at(epochs);
  }

  @Override
  public int epochs() {
    return epochs;
  }

  @Override
  public ScheduleState state() {
    return new ScheduleState(name(), epochs, Map.of("lr", at(epochs)));
  }

  @Override
  public void restore(ScheduleState state) {
    state.checkRestorable(name(), "lr");
    epochs = state.epochs();
  }

  @Override
  public ExponentialDecayLr copy() {
    return new ExponentialDecayLr(baseLr, decaySteps, rate, staircase);
  }

  @Override
  public String name() {
    return "decay";
  }

  @Override
  public String toString() {
    return "ExponentialDecayLr(base_lr=" + baseLr + ", decay_steps=" + decaySteps
        + ", decay_rate=" + rate + ", staircase=" + staircase + ")";
  }
}
