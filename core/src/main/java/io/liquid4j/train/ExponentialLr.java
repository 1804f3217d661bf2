package io.liquid4j.train;

import io.liquid4j.internal.ArgumentChecks;
import java.util.Map;

/**
 * Decays the learning rate by γ every epoch, PyTorch's {@code ExponentialLR}.
 *
 * <pre>
 *   lr_e = base·γ^e
 * </pre>
 *
 * computed as PyTorch's {@code step()} does, by multiplying the current rate by γ each epoch.
 *
 * <p>Mutable and not thread-safe (it holds the current rate and the epoch count); one per training
 * run.
 */
public final class ExponentialLr implements LearningRateSchedule {
  private final double baseLr;
  private final double gamma;
  private double lr;
  private int epochs;

  /**
   * An exponential decay from {@code baseLr}.
   *
   * @param baseLr lr_0, finite and ≥ 0
   * @param gamma multiplicative factor per epoch, finite and &gt; 0
   */
  public ExponentialLr(double baseLr, double gamma) {
    this.baseLr = ArgumentChecks.nonNegative("baseLr", baseLr);
    this.gamma = ArgumentChecks.positive("gamma", gamma);
    this.lr = baseLr;
  }

  @Override
  public double next(int epoch, double validationMetric) {
    Checks.nextEpoch(name(), epochs, epoch);
    epochs++;
    lr *= gamma;
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

  @Override
  public ScheduleState state() {
    return new ScheduleState(name(), epochs, Map.of("lr", lr));
  }

  @Override
  public void restore(ScheduleState state) {
    state.checkRestorable(name(), "lr");
    epochs = state.epochs();
    lr = state.value("lr");
  }

  @Override
  public ExponentialLr copy() {
    return new ExponentialLr(baseLr, gamma);
  }

  @Override
  public String name() {
    return "exponential";
  }

  @Override
  public String toString() {
    return "ExponentialLr(base_lr=" + baseLr + ", gamma=" + gamma + ")";
  }
}
