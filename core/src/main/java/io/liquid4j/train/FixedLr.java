package io.liquid4j.train;

import io.liquid4j.internal.ArgumentChecks;
import java.util.Map;

/**
 * A constant learning rate: training without a scheduler. (Not PyTorch's {@code ConstantLR},
 * which scales the rate by a factor for the first few epochs.)
 *
 * <p>Mutable and not thread-safe (it counts the epochs reported); one per training run.
 */
public final class FixedLr implements LearningRateSchedule {
  private final double lr;
  private int epochs;

  /**
   * The same learning rate for every epoch.
   *
   * @param lr the learning rate of every epoch, finite and ≥ 0
   */
  public FixedLr(double lr) {
    this.lr = ArgumentChecks.nonNegative("lr", lr);
  }

  @Override
  public double next(int epoch, double validationMetric) {
    Checks.nextEpoch(name(), epochs, epoch);
    epochs++;
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
  }

  @Override
  public FixedLr copy() {
    return new FixedLr(lr);
  }

  @Override
  public String name() {
    return "constant";
  }

  @Override
  public String toString() {
    return "FixedLr(lr=" + lr + ")";
  }
}
