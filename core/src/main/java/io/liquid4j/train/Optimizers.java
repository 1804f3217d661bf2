package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import java.util.List;

/**
 * Creates optimizers by name with PyTorch's defaults; {@link OptimizerConfig} sets their other
 * hyperparameters. Stateless.
 */
public final class Optimizers {
  /** The names {@link #create} accepts. */
  public static final List<String> NAMES = OptimizerConfig.NAMES;

  private Optimizers() {}

  /**
   * The named optimizer with learning rate {@code lr} and PyTorch's defaults for everything else:
   * {@code OptimizerConfig.named(name).create(layout, lr)}, that is {@link Adam} (betas 0.9, 0.999,
   * eps 1e-8), {@link AdamW} (the same, weight_decay 1e-2), plain {@link Sgd}, {@link RmsProp}
   * (alpha 0.99, eps 1e-8). Names are case-insensitive.
   *
   * @param name adam, adamw, sgd or rmsprop, in any case
   * @param layout the layout of the model's flat parameter array
   * @param lr the learning rate γ, finite and ≥ 0
   * @return a new optimizer with zero state
   * @throws IllegalArgumentException for an unknown name (listing the valid ones) or a bad lr
   */
  public static Optimizer create(String name, ParameterLayout layout, double lr) {
    return OptimizerConfig.named(name).create(layout, lr);
  }
}
