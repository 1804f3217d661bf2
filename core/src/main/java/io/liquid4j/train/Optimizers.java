package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import java.util.List;
import java.util.Locale;

/** Creates optimizers by name, for command lines and configuration files. */
public final class Optimizers {
  /** The names {@link #create} accepts. */
  public static final List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop");

  private Optimizers() {}

  /**
   * The named optimizer with learning rate {@code lr} and PyTorch's defaults for everything else:
   * {@link Adam} (betas 0.9, 0.999, eps 1e-8), {@link AdamW} (the same, weight_decay 1e-2), plain
   * {@link Sgd}, {@link RmsProp} (alpha 0.99, eps 1e-8). Names are case-insensitive.
   *
   * @throws IllegalArgumentException for an unknown name (listing the valid ones) or a bad lr
   */
  public static Optimizer create(String name, ParameterLayout layout, double lr) {
    switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "adam":
        return new Adam(layout, lr);
      case "adamw":
        return new AdamW(layout, lr);
      case "sgd":
        return new Sgd(layout, lr);
      case "rmsprop":
        return new RmsProp(layout, lr);
      default:
        throw new IllegalArgumentException(
            "optimizer: unknown '" + name + "' (valid: " + String.join(", ", NAMES) + ")");
    }
  }
}
