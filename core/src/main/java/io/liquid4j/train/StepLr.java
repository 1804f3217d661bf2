package io.liquid4j.train;

import io.liquid4j.internal.ArgumentChecks;
import java.util.Map;

/**
 * Decays the learning rate by γ every {@code stepSize} epochs, PyTorch's {@code StepLR}.
 *
 * <pre>
 *   lr_e = base·γ^⌊e / stepSize⌋
 * </pre>
 *
 * computed as PyTorch's {@code step()} does, by multiplying the current rate by γ at each
 * boundary (so the values are bit-identical to PyTorch's, not to the closed form's pow).
 *
 * <p>Mutable and not thread-safe (it holds the current rate and the epoch count); one per training
 * run.
 */
public final class StepLr implements LearningRateSchedule {
  /** PyTorch's default γ, 0.1. */
  public static final double DEFAULT_GAMMA = 0.1;

  private final double baseLr;
  private final int stepSize;
  private final double gamma;
  private double lr;
  private int epochs;

  /**
   * A step decay with every hyperparameter given.
   *
   * @param baseLr lr_0, finite and ≥ 0
   * @param stepSize epochs between decays, ≥ 1
   * @param gamma multiplicative factor, finite and &gt; 0
   * @throws IllegalArgumentException for a hyperparameter out of range
   */
  public StepLr(double baseLr, int stepSize, double gamma) {
    this.baseLr = ArgumentChecks.nonNegative("baseLr", baseLr);
    this.stepSize = ArgumentChecks.positive("step_size", stepSize);
    this.gamma = ArgumentChecks.positive("gamma", gamma);
    this.lr = baseLr;
  }

  /**
   * A step decay with PyTorch's default γ = 0.1.
   *
   * @param baseLr lr_0, finite and ≥ 0
   * @param stepSize epochs between decays, ≥ 1
   * @throws IllegalArgumentException for a hyperparameter out of range
   */
  public StepLr(double baseLr, int stepSize) {
    this(baseLr, stepSize, DEFAULT_GAMMA);
  }

  @Override
  public double next(int epoch, double validationMetric) {
    Checks.nextEpoch(name(), epochs, epoch);
    epochs++;
    if (epochs % stepSize == 0) {
      lr *= gamma;
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
  public StepLr copy() {
    return new StepLr(baseLr, stepSize, gamma);
  }

  @Override
  public String name() {
    return "step";
  }

  @Override
  public String toString() {
    return "StepLr(base_lr=" + baseLr + ", step_size=" + stepSize + ", gamma=" + gamma + ")";
  }
}
