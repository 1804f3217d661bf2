package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam, with PyTorch's {@code torch.optim.Adam} update rule and defaults.
 *
 * <pre>
 * Kingma, D. P. and Ba, J. "Adam: A Method for Stochastic Optimization."
 * ICLR 2015, arXiv:1412.6980.
 * AMSGrad: Reddi, S. J., Kale, S. and Kumar, S. "On the Convergence of Adam and Beyond."
 * ICLR 2018.
 * </pre>
 *
 * For step t = 1, 2, ... and each trainable entry (λ = weight_decay, γ = lr):
 *
 * <pre>
 *   g    ← ∇f(θ) + λ·θ                              (L2 penalty added to the gradient)
 *   m    ← β1·m + (1 − β1)·g
 *   v    ← β2·v + (1 − β2)·g²
 *   vmax ← max(vmax, v)                              (amsgrad only; else vmax = v)
 *   θ    ← θ − (γ / (1 − β1^t)) · m / (√vmax / √(1 − β2^t) + ε)
 * </pre>
 *
 * AMSGrad keeps the running maximum of the raw second moment v and bias-corrects it afterwards,
 * as PyTorch's implementation does (some versions of its documentation write the maximum over
 * the bias-corrected v̂ instead, which is a different algorithm).
 *
 * <p>The weight decay here is coupled L2 regularisation; for decoupled decay use {@link AdamW}.
 *
 * <p>Not thread-safe: the moment buffers, step count and learning rate change with every step, so
 * use one instance per training run and call it from one thread at a time.
 */
public final class Adam implements Optimizer {
  /** PyTorch's default learning rate, 1e-3. */
  public static final double DEFAULT_LR = 1e-3;
  /** PyTorch's default β1, 0.9. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** PyTorch's default β2, 0.999. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** PyTorch's default ε, 1e-8. */
  public static final double DEFAULT_EPS = 1e-8;

  private final AdamCore core;

  /**
   * Adam with every hyperparameter given.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps ε ≥ 0 added to the denominator
   * @param weightDecay L2 penalty λ ≥ 0 added to the gradient
   * @param amsgrad use the running maximum of the second moment
   * @throws IllegalArgumentException for a null layout or a hyperparameter out of range
   */
  public Adam(
      ParameterLayout layout,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad) {
    this.core = new AdamCore(layout, lr, beta1, beta2, eps, weightDecay, false, amsgrad);
  }

  /**
   * Adam with learning rate {@code lr} and PyTorch's other defaults.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @param lr learning rate γ ≥ 0
   * @throws IllegalArgumentException for a null layout or a bad learning rate
   */
  public Adam(ParameterLayout layout, double lr) {
    this(layout, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0, false);
  }

  /**
   * PyTorch's defaults: lr = 1e-3, betas = (0.9, 0.999), eps = 1e-8, no weight decay, no AMSGrad;
   * also the paper's suggested settings.
   *
   * @param layout the layout of the flat parameter array; fixes the buffers' size and which entries
   *     are trainable
   * @return a new optimizer with zero state
   */
  public static Adam withDefaults(ParameterLayout layout) {
    return new Adam(layout, DEFAULT_LR);
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
  public Adam copy() {
    return new Adam(
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
    return "adam";
  }

  @Override
  public String toString() {
    return "Adam(" + core.hyperparameters() + ")";
  }

  /**
   * The Adam step shared by {@link Adam} (L2 weight decay added to the gradient) and {@link
   * AdamW} (decoupled weight decay applied to the parameters), as PyTorch shares one kernel.
   */
  static final class AdamCore {
    final ParameterLayout layout;
    final int[] ranges; // trainable [start, end) pairs
    final double beta1;
    final double beta2;
    final double eps;
    final double weightDecay;
    final boolean decoupled;
    final boolean amsgrad;
    double lr;
    long step;
    final double[] expAvg; // m (layout size)
    final double[] expAvgSq; // v (layout size)
    final double[] maxExpAvgSq; // vmax (layout size), or null without amsgrad

    AdamCore(
        ParameterLayout layout,
        double lr,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        boolean decoupled,
        boolean amsgrad) {
      if (layout == null) {
        throw new IllegalArgumentException("layout must not be null");
      }
      this.layout = layout;
      this.ranges = TrainableRanges.of(layout);
      this.lr = ArgumentChecks.nonNegative("lr", lr);
      this.beta1 = ArgumentChecks.unitInterval("beta1 (betas[0])", beta1);
      this.beta2 = ArgumentChecks.unitInterval("beta2 (betas[1])", beta2);
      this.eps = ArgumentChecks.nonNegative("eps", eps);
      this.weightDecay = ArgumentChecks.nonNegative("weight_decay", weightDecay);
      this.decoupled = decoupled;
      this.amsgrad = amsgrad;
      this.expAvg = new double[layout.size()];
      this.expAvgSq = new double[layout.size()];
      this.maxExpAvgSq = amsgrad ? new double[layout.size()] : null;
    }

    void step(double[] params, double[] grads) {
      TrainableRanges.checkStep(layout, params, grads);
      step++;
      double biasCorrection1 = 1 - Math.pow(beta1, step);
      double biasCorrection2 = 1 - Math.pow(beta2, step);
      double stepSize = lr / biasCorrection1;
      double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
      double decay = 1 - lr * weightDecay; // AdamW's θ ← θ·(1 − γλ)
      for (int r = 0; r < ranges.length; r += 2) {
        for (int i = ranges[r]; i < ranges[r + 1]; i++) {
          double g = grads[i];
          if (decoupled) {
            params[i] *= decay;
          } else if (weightDecay != 0) {
            g += weightDecay * params[i];
          }
          expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
          expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g * g;
          double v = expAvgSq[i];
          if (amsgrad) {
            maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], expAvgSq[i]);
            v = maxExpAvgSq[i];
          }
          double denom = Math.sqrt(v) / biasCorrection2Sqrt + eps;
          params[i] -= stepSize * expAvg[i] / denom;
        }
      }
    }

    OptimizerState state(String name) {
      Map<String, double[]> buffers = new LinkedHashMap<>();
      buffers.put("exp_avg", expAvg);
      buffers.put("exp_avg_sq", expAvgSq);
      if (amsgrad) {
        buffers.put("max_exp_avg_sq", maxExpAvgSq);
      }
      return new OptimizerState(name, step, lr, buffers); // the record copies the arrays
    }

    void restore(String name, OptimizerState state) {
      if (amsgrad) {
        state.checkRestorable(name, layout.size(), "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
        state.copyInto("max_exp_avg_sq", maxExpAvgSq);
      } else {
        state.checkRestorable(name, layout.size(), "exp_avg", "exp_avg_sq");
      }
      state.copyInto("exp_avg", expAvg);
      state.copyInto("exp_avg_sq", expAvgSq);
      step = state.step();
      lr = state.learningRate();
    }

    String hyperparameters() {
      return "lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
          + ", weight_decay=" + weightDecay + ", amsgrad=" + amsgrad;
    }
  }
}
