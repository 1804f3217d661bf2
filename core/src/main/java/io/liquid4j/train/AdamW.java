package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;

/**
 * AdamW, Adam with decoupled weight decay, with PyTorch's {@code torch.optim.AdamW} update rule
 * and defaults.
 *
 * <pre>
 * Loshchilov, I. and Hutter, F. "Decoupled Weight Decay Regularization."
 * ICLR 2019, arXiv:1711.05101.
 * </pre>
 *
 * For step t = 1, 2, ... and each trainable entry (λ = weight_decay, γ = lr):
 *
 * <pre>
 *   θ    ← θ·(1 − γ·λ)                              (decay first, on the parameter itself)
 *   g    ← ∇f(θ_old)                                 (the gradient is not changed)
 *   m    ← β1·m + (1 − β1)·g
 *   v    ← β2·v + (1 − β2)·g²
 *   vmax ← max(vmax, v)                              (amsgrad only; else vmax = v)
 *   θ    ← θ − (γ / (1 − β1^t)) · m / (√vmax / √(1 − β2^t) + ε)
 * </pre>
 *
 * As in PyTorch the decay is scaled by the current learning rate γ (the paper's schedule
 * multiplier η_t·λ with η_t = γ), so a learning-rate schedule also scales the decay.
 *
 * <p>Not thread-safe: the moment buffers, step count and learning rate change with every step, so
 * use one instance per training run and call it from one thread at a time.
 */
public final class AdamW implements Optimizer {
  /** PyTorch's default weight decay for AdamW, 1e-2. */
  public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

  private final Adam.AdamCore core;

  /**
   * AdamW with every hyperparameter given.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps ε ≥ 0 added to the denominator
   * @param weightDecay decoupled decay λ ≥ 0: θ ← θ·(1 − γλ) each step
   * @param amsgrad use the running maximum of the second moment
   * @throws IllegalArgumentException for a null layout or a hyperparameter out of range
   */
  public AdamW(
      ParameterLayout layout,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad) {
    this.core = new Adam.AdamCore(layout, lr, beta1, beta2, eps, weightDecay, true, amsgrad);
  }

  /**
   * AdamW with learning rate {@code lr} and PyTorch's other defaults.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @throws IllegalArgumentException for a null layout or a bad learning rate
   */
  public AdamW(ParameterLayout layout, double lr) {
    this(
        layout,
        lr,
        Adam.DEFAULT_BETA1,
        Adam.DEFAULT_BETA2,
        Adam.DEFAULT_EPS,
        DEFAULT_WEIGHT_DECAY,
        false);
  }

  /**
   * PyTorch's defaults: lr = 1e-3, betas = (0.9, 0.999), eps = 1e-8, weight_decay = 1e-2, no
   * AMSGrad.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @return a new optimizer with zero state
   */
  public static AdamW withDefaults(ParameterLayout layout) {
    return new AdamW(layout, Adam.DEFAULT_LR);
  }

  @Override
  public void step(double[] params, double[] grads) {
    core.step(params, grads);
  }

  @Override
  public double learningRate() {
    return core.lr;
  }

  @Override
  public void setLearningRate(double learningRate) {
    core.lr = ArgumentChecks.nonNegative("lr", learningRate);
  }

  @Override
  public OptimizerState state() {
    return core.state(name());
  }

  @Override
  public void restore(OptimizerState state) {
    core.restore(name(), state);
  }

  @Override
  public AdamW copy() {
    return new AdamW(
        core.layout, core.lr, core.beta1, core.beta2, core.eps, core.weightDecay, core.amsgrad);
  }

  @Override
  public ParameterLayout layout() {
    return core.layout;
  }

  @Override
  public long steps() {
    return core.step;
  }

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  public String toString() {
    return "AdamW(" + core.hyperparameters() + ")";
  }
}
