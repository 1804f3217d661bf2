package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum (heavy ball or Nesterov), with PyTorch's
 * {@code torch.optim.SGD} update rule.
 *
 * <pre>
 * Robbins, H. and Monro, S. "A Stochastic Approximation Method."
 * Annals of Mathematical Statistics 22(3), 1951.
 * Momentum and Nesterov momentum as formulated in: Sutskever, I., Martens, J., Dahl, G. and
 * Hinton, G. "On the importance of initialization and momentum in deep learning." ICML 2013.
 * </pre>
 *
 * For step t = 1, 2, ... and each trainable entry (γ = lr, μ = momentum, τ = dampening,
 * λ = weight_decay):
 *
 * <pre>
 *   g ← ∇f(θ) + λ·θ
 *   if μ ≠ 0:
 *     b ← g                          at t = 1 (no dampening on the first step)
 *     b ← μ·b + (1 − τ)·g            at t &gt; 1
 *     g ← g + μ·b   (nesterov)   or   g ← b
 *   θ ← θ − γ·g
 * </pre>
 *
 * As in PyTorch, Nesterov momentum needs μ &gt; 0 and τ = 0. There is no default learning rate
 * (PyTorch required one until version 2.2).
 *
 * <p>Not thread-safe: the momentum buffer, step count and learning rate change with every step, so
 * use one instance per training run and call it from one thread at a time.
 */
public final class Sgd implements Optimizer {
  private final ParameterLayout layout;
  private final int[] ranges; // trainable [start, end) pairs
  private final double momentum;
  private final double dampening;
  private final boolean nesterov;
  private final double weightDecay;
  private double lr;
  private long step;
  private final double[] momentumBuffer; // b (layout size), or null without momentum

  /**
   * SGD with every hyperparameter given.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @param momentum μ ≥ 0 (0 disables momentum)
   * @param dampening τ in [0, 1], the share of the gradient withheld from the momentum buffer
   * @param nesterov use Nesterov momentum; needs momentum &gt; 0 and dampening = 0
   * @param weightDecay L2 penalty λ ≥ 0 added to the gradient
   * @throws IllegalArgumentException for a null layout, a hyperparameter out of range, or Nesterov
   *     momentum without momentum or with dampening
   */
  public Sgd(
      ParameterLayout layout,
      double lr,
      double momentum,
      double dampening,
      boolean nesterov,
      double weightDecay) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must not be null");
    }
    this.layout = layout;
    this.ranges = TrainableRanges.of(layout);
    this.lr = ArgumentChecks.nonNegative("lr", lr);
    this.momentum = ArgumentChecks.nonNegative("momentum", momentum);
    if (!(dampening >= 0 && dampening <= 1)) {
      throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
    }
    this.dampening = dampening;
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException(
          "nesterov momentum requires a momentum > 0 and zero dampening, got momentum="
              + momentum + ", dampening=" + dampening);
    }
    this.nesterov = nesterov;
    this.weightDecay = ArgumentChecks.nonNegative("weight_decay", weightDecay);
    this.momentumBuffer = momentum != 0 ? new double[layout.size()] : null;
  }

  /**
   * Plain SGD, θ ← θ − γ·∇f(θ): no momentum, no weight decay.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @throws IllegalArgumentException for a null layout or a bad learning rate
   */
  public Sgd(ParameterLayout layout, double lr) {
    this(layout, lr, 0, 0, false, 0);
  }

  @Override
  public void step(double[] params, double[] grads) {
    TrainableRanges.checkStep(layout, params, grads);
    step++;
    for (int r = 0; r < ranges.length; r += 2) {
      for (int i = ranges[r]; i < ranges[r + 1]; i++) {
        double g = grads[i];
        if (weightDecay != 0) {
          g += weightDecay * params[i];
        }
        if (momentum != 0) {
          if (step == 1) {
            momentumBuffer[i] = g;
          } else {
            momentumBuffer[i] = momentum * momentumBuffer[i] + (1 - dampening) * g;
          }
          g = nesterov ? g + momentum * momentumBuffer[i] : momentumBuffer[i];
        }
        params[i] -= lr * g;
      }
    }
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(double learningRate) {
    lr = ArgumentChecks.nonNegative("lr", learningRate);
  }

  @Override
  public OptimizerState state() {
    Map<String, double[]> buffers = new LinkedHashMap<>();
    if (momentumBuffer != null) {
      buffers.put("momentum_buffer", momentumBuffer);
    }
    return new OptimizerState(name(), step, lr, buffers);
  }

  @Override
  public void restore(OptimizerState state) {
    if (momentumBuffer != null) {
      state.checkRestorable(name(), layout.size(), "momentum_buffer");
      state.copyInto("momentum_buffer", momentumBuffer);
    } else {
      state.checkRestorable(name(), layout.size());
    }
    step = state.step();
    lr = state.learningRate();
  }

  @Override
  public Sgd copy() {
    return new Sgd(layout, lr, momentum, dampening, nesterov, weightDecay);
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public long steps() {
    return step;
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public String toString() {
    return "Sgd(lr=" + lr + ", momentum=" + momentum + ", dampening=" + dampening
        + ", nesterov=" + nesterov + ", weight_decay=" + weightDecay + ")";
  }
}
