package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Projections of parameters onto their allowed sets, applied after each optimizer step.
 *
 * <p>An LTC trained without implicit constraints keeps its synaptic weights, membrane capacitance
 * and leak conductance non-negative by clipping them after every step, as ncps's {@code
 * apply_weight_constraints} does:
 *
 * <pre>
 *   Predicate&lt;String&gt; ltc = Constraints.leafNamed(Constraints.LTC_NON_NEGATIVE);
 *   ...
 *   optimizer.step(params, grads);
 *   Constraints.clipNonNegative(params, layout, ltc);
 * </pre>
 */
public final class Constraints {
  /** The LTC parameters ncps clips at 0 when implicit constraints are off. */
  public static final List<String> LTC_NON_NEGATIVE = List.of("w", "sensory_w", "cm", "gleak");

  private Constraints() {}

  /**
   * Selects parameters by the last dot-separated part of their name: {@code leafNamed("w")}
   * matches {@code w} and {@code rnn_cell.w}, not {@code rnn_cell.sensory_w} or {@code input_w}.
   *
   * @param leaves the accepted last parts; copied
   * @return a selector of full layout names, safe to share between threads
   */
  public static Predicate<String> leafNamed(List<String> leaves) {
    Set<String> set = Set.copyOf(leaves);
    return name -> set.contains(name.substring(name.lastIndexOf('.') + 1));
  }

  /**
   * {@link #leafNamed(List)} for a few names.
   *
   * @param leaves the accepted last parts
   * @return a selector of full layout names, safe to share between threads
   */
  public static Predicate<String> leafNamed(String... leaves) {
    return leafNamed(List.of(leaves));
  }

  /**
   * θ ← max(θ, 0) for every trainable entry whose name the selector accepts. Frozen entries are
   * skipped even if selected.
   *
   * @param params (layout size). Modified.
   * @param layout the layout of {@code params}
   * @param selector accepts full layout names (such as {@code rnn_cell.gleak})
   * @return the number of values that were negative and set to 0
   * @throws IllegalArgumentException for a null layout or selector, or params of another length
   */
  public static int clipNonNegative(
      double[] params, ParameterLayout layout, Predicate<String> selector) {
    if (layout == null || selector == null) {
      throw new IllegalArgumentException("layout and selector must not be null");
    }
    ArgumentChecks.length("params", params, layout.size(), "the parameter layout");
    int clipped = 0;
    for (ParameterLayout.Entry e : layout.entries()) {
      if (e.trainable() && selector.test(e.name())) {
        clipped += clip(params, e);
      }
    }
    return clipped;
  }

  /**
   * θ ← max(θ, 0) for the entries with exactly these full names.
   *
   * @param params (layout size). Modified.
   * @param layout the layout of {@code params}
   * @param names full layout names of trainable entries (such as {@code rnn_cell.gleak})
   * @return the number of values that were negative and set to 0
   * @throws IllegalArgumentException for a name not in the layout (listing the known ones) or a
   *     frozen entry
   */
  public static int clipNonNegative(double[] params, ParameterLayout layout, Set<String> names) {
    if (layout == null || names == null) {
      throw new IllegalArgumentException("layout and names must not be null");
    }
    ArgumentChecks.length("params", params, layout.size(), "the parameter layout");
    for (String name : names) {
      if (!layout.entry(name).trainable()) {
        throw new IllegalArgumentException(
            "names: '" + name + "' is a frozen buffer, not a trainable parameter");
      }
    }
    int clipped = 0;
    for (String name : names) {
      clipped += clip(params, layout.entry(name));
    }
    return clipped;
  }

  private static int clip(double[] params, ParameterLayout.Entry e) {
    int clipped = 0;
    for (int i = e.offset(); i < e.offset() + e.size(); i++) {
      if (params[i] < 0) {
        params[i] = 0; // relu; NaN stays NaN, as torch.relu leaves it
        clipped++;
      }
    }
    return clipped;
  }
}
