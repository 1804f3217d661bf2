package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RMSprop, with PyTorch's {@code torch.optim.RMSprop} update rule and defaults.
 *
 * <pre>
 * Hinton, G., Srivastava, N. and Swersky, K. "Neural Networks for Machine Learning,
 * Lecture 6e: rmsprop." Coursera, 2012.
 * Centered variant: Graves, A. "Generating Sequences With Recurrent Neural Networks."
 * arXiv:1308.0850, 2013.
 * </pre>
 *
 * For step t = 1, 2, ... and each trainable entry (γ = lr, α = alpha, μ = momentum,
 * λ = weight_decay):
 *
 * <pre>
 *   g    ← ∇f(θ) + λ·θ
 *   v    ← α·v + (1 − α)·g²
 *   ṽ    ← v
 *   if centered:  ḡ ← α·ḡ + (1 − α)·g;   ṽ ← v − ḡ²
 *   if μ &gt; 0:    b ← μ·b + g / (√ṽ + ε);   θ ← θ − γ·b
 *   else:         θ ← θ − γ·g / (√ṽ + ε)
 * </pre>
 *
 * Unlike the paper, ε is added after the square root, as PyTorch does (Keras and TensorFlow add it
 * inside, √(ṽ + ε): {@link OptimizerConfig#withEpsInsideSqrt}). One deliberate difference
 * from PyTorch: in the centered variant ṽ is clamped at 0 before the square root. v − ḡ² ≥ 0 holds
 * exactly, but with a near-constant gradient the two terms cancel and rounding can make the
 * difference slightly negative, where PyTorch would produce NaN.
 *
 * <p>Not thread-safe: the averages, momentum buffer, step count and learning rate change with
 * every step, so use one instance per training run and call it from one thread at a time.
 */
public final class RmsProp implements Optimizer {
  /** PyTorch's default learning rate, 1e-2. */
  public static final double DEFAULT_LR = 1e-2;
  /** PyTorch's default smoothing constant α, 0.99. */
  public static final double DEFAULT_ALPHA = 0.99;
  /** PyTorch's default ε, 1e-8. */
  public static final double DEFAULT_EPS = 1e-8;

  private final ParameterLayout layout;
  private final int[] ranges; // trainable [start, end) pairs
  private final double alpha;
  private final double eps;
  private final double weightDecay;
  private final double momentum;
  private final boolean centered;
  private final boolean epsInsideSqrt; // √(ṽ + ε) as Keras, else PyTorch's √ṽ + ε
  private double lr;
  private long step;
  private final double[] squareAvg; // v (layout size)
  private final double[] gradAvg; // ḡ (layout size), or null unless centered
  private final double[] momentumBuffer; // b (layout size), or null without momentum

  /**
   * RMSprop with every hyperparameter given.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @param alpha smoothing constant α in [0, 1] of the squared-gradient average
   * @param eps ε ≥ 0 added to the denominator
   * @param weightDecay L2 penalty λ ≥ 0 added to the gradient
   * @param momentum μ ≥ 0 (0 disables momentum)
   * @param centered normalise by an estimate of the gradient's variance instead of its second
   *     moment
   * @throws IllegalArgumentException for a null layout or a hyperparameter out of range
   */
  public RmsProp(
      ParameterLayout layout,
      double lr,
      double alpha,
      double eps,
      double weightDecay,
      double momentum,
      boolean centered) {
    this(layout, lr, alpha, eps, weightDecay, momentum, centered, false);
  }

  /**
   * RMSprop with every hyperparameter given, and where ε goes.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @param alpha smoothing constant α in [0, 1] of the squared-gradient average
   * @param eps ε ≥ 0 added to the denominator
   * @param weightDecay L2 penalty λ ≥ 0 added to the gradient
   * @param momentum μ ≥ 0 (0 disables momentum)
   * @param centered normalise by an estimate of the gradient's variance instead of its second
   *     moment
   * @param epsInsideSqrt divide by √(v + ε) as Keras and TensorFlow do, instead of PyTorch's
   *     √v + ε
   * @throws IllegalArgumentException for a null layout or a hyperparameter out of range
   */
  public RmsProp(
      ParameterLayout layout,
      double lr,
      double alpha,
      double eps,
      double weightDecay,
      double momentum,
      boolean centered,
      boolean epsInsideSqrt) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must not be null");
    }
    this.layout = layout;
    this.ranges = TrainableRanges.of(layout);
    this.lr = ArgumentChecks.nonNegative("lr", lr);
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }
    this.alpha = alpha;
    this.eps = ArgumentChecks.nonNegative("eps", eps);
    this.weightDecay = ArgumentChecks.nonNegative("weight_decay", weightDecay);
    this.momentum = ArgumentChecks.nonNegative("momentum", momentum);
    this.centered = centered;
    this.epsInsideSqrt = epsInsideSqrt;
    this.squareAvg = new double[layout.size()];
    this.gradAvg = centered ? new double[layout.size()] : null;
    this.momentumBuffer = momentum > 0 ? new double[layout.size()] : null;
  }

  /**
   * RMSprop with learning rate {@code lr} and PyTorch's other defaults.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @throws IllegalArgumentException for a null layout or a bad learning rate
   */
  public RmsProp(ParameterLayout layout, double lr) {
    this(layout, lr, DEFAULT_ALPHA, DEFAULT_EPS, 0, 0, false);
  }

  /**
   * PyTorch's defaults: lr = 1e-2, alpha = 0.99, eps = 1e-8, no weight decay, no momentum, not
   * centered.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @return a new optimizer with zero state
   */
  public static RmsProp withDefaults(ParameterLayout layout) {
    return new RmsProp(layout, DEFAULT_LR);
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
        squareAvg[i] = alpha * squareAvg[i] + (1 - alpha) * g * g;
        double vTilde = squareAvg[i];
        if (centered) {
          gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g;
          vTilde = Math.max(squareAvg[i] - gradAvg[i] * gradAvg[i], 0.0);
        }
        double avg = epsInsideSqrt ? Math.sqrt(vTilde + eps) : Math.sqrt(vTilde) + eps;
        if (momentumBuffer != null) {
          momentumBuffer[i] = momentum * momentumBuffer[i] + g / avg;
          params[i] -= lr * momentumBuffer[i];
        } else {
          params[i] -= lr * g / avg;
        }
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

  private String[] bufferNames() {
    if (centered && momentumBuffer != null) {
      return new String[] {"square_avg", "momentum_buffer", "grad_avg"};
    } else if (centered) {
      return new String[] {"square_avg", "grad_avg"};
    } else if (momentumBuffer != null) {
      return new String[] {"square_avg", "momentum_buffer"};
    }
    return new String[] {"square_avg"};
  }

  private double[] buffer(String name) {
    switch (name) {
      case "square_avg":
        return squareAvg;
      case "grad_avg":
        return gradAvg;
      default:
        return momentumBuffer;
    }
  }

  @Override
  public OptimizerState state() {
    Map<String, double[]> buffers = new LinkedHashMap<>();
    for (String name : bufferNames()) {
      buffers.put(name, buffer(name));
    }
    return new OptimizerState(name(), step, lr, buffers);
  }

  @Override
  public void restore(OptimizerState state) {
    String[] names = bufferNames();
    state.checkRestorable(name(), layout.size(), names);
    for (String name : names) {
      state.copyInto(name, buffer(name));
    }
    step = state.step();
    lr = state.learningRate();
  }

  @Override
  public RmsProp copy() {
    return new RmsProp(layout, lr, alpha, eps, weightDecay, momentum, centered, epsInsideSqrt);
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
    return "rmsprop";
  }

  @Override
  public String toString() {
    return "RmsProp(lr=" + lr + ", alpha=" + alpha + ", eps=" + eps + ", weight_decay="
        + weightDecay + ", momentum=" + momentum + ", centered=" + centered + ")";
  }
}
