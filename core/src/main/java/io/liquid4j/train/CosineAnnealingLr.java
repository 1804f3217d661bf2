package io.liquid4j.train;

import io.liquid4j.internal.ArgumentChecks;
import java.util.Map;

/**
 * Cosine annealing from the base learning rate down to η_min over {@code tMax} epochs, PyTorch's
 * {@code CosineAnnealingLR} (without restarts).
 *
 * <pre>
 *   Loshchilov, I. and Hutter, F. "SGDR: Stochastic Gradient Descent with Warm Restarts."
 *   ICLR 2017, arXiv:1608.03983.
 *
 *   lr_e = η_min + (base − η_min)·(1 + cos(π·e / T_max)) / 2
 * </pre>
 *
 * lr_0 = base and lr_{T_max} = η_min. Past T_max the formula continues as PyTorch's does: the
 * rate rises again towards base at 2·T_max, and so on. This class evaluates the closed form;
 * PyTorch's {@code step()} uses an equivalent recursive form, so values agree to rounding.
 *
 * <p>Mutable and not thread-safe (it counts the epochs reported); one per training run.
 */
public final class CosineAnnealingLr implements LearningRateSchedule {
  private final double baseLr;
  private final int tMax;
  private final double etaMin;
  private int epochs;

  /**
   * Cosine annealing with every hyperparameter given.
   *
   * @param baseLr lr_0, finite and ≥ 0
   * @param tMax T_max ≥ 1, epochs from base to η_min
   * @param etaMin η_min, finite and ≥ 0 (PyTorch's default is 0)
   * @throws IllegalArgumentException for a hyperparameter out of range
   */
  public CosineAnnealingLr(double baseLr, int tMax, double etaMin) {
    this.baseLr = ArgumentChecks.nonNegative("baseLr", baseLr);
    this.tMax = ArgumentChecks.positive("T_max", tMax);
    this.etaMin = ArgumentChecks.nonNegative("eta_min", etaMin);
  }

  /**
   * Annealing to 0 (PyTorch's default η_min).
   *
   * @param baseLr lr_0, finite and ≥ 0
   * @param tMax T_max ≥ 1, epochs from base to 0
   * @throws IllegalArgumentException for a hyperparameter out of range
   */
  public CosineAnnealingLr(double baseLr, int tMax) {
    this(baseLr, tMax, 0);
  }

  /**
   * lr_e from the closed form, whatever the epochs reported so far.
   *
   * @param epoch e, ≥ 0
   * @return the learning rate of that epoch
   * @throws IllegalArgumentException for a negative epoch
   */
  public double learningRate(int epoch) {
    ArgumentChecks.nonNegative("epoch", epoch);
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
  }

  @Override
  public double next(int epoch, double validationMetric) {
    Checks.nextEpoch(name(), epochs, epoch);
    epochs++;
    return learningRate(epochs);
  }

  @Override
  public double learningRate() {
    return learningRate(epochs);
  }

  @Override
  public int epochs() {
    return epochs;
  }

  @Override
  public ScheduleState state() {
    return new ScheduleState(name(), epochs, Map.of("lr", learningRate()));
  }

  @Override
  public void restore(ScheduleState state) {
    state.checkRestorable(name(), "lr");
    epochs = state.epochs();
  }

  @Override
  public CosineAnnealingLr copy() {
    return new CosineAnnealingLr(baseLr, tMax, etaMin);
  }

  @Override
  public String name() {
    return "cosine";
  }

  @Override
  public String toString() {
    return "CosineAnnealingLr(base_lr=" + baseLr + ", T_max=" + tMax + ", eta_min=" + etaMin
        + ")";
  }
}
