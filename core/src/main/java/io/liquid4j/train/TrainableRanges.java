package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;
import java.util.ArrayList;
import java.util.List;

/**
 * The index ranges [start, end) of a layout's trainable entries, adjacent ones merged, so that
 * optimizers loop over plain index ranges and never see a frozen buffer.
 */
final class TrainableRanges {
  private TrainableRanges() {}

  /** Flat pairs {start0, end0, start1, end1, ...}. */
  static int[] of(ParameterLayout layout) {
    List<int[]> ranges = new ArrayList<>();
    for (ParameterLayout.Entry e : layout.entries()) {
      if (!e.trainable() || e.size() == 0) {
        continue;
      }
      int start = e.offset();
      int end = start + e.size();
      int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
      if (last != null && last[1] == start) {
        last[1] = end;
      } else {
        ranges.add(new int[] {start, end});
      }
    }
    int[] flat = new int[2 * ranges.size()];
    for (int r = 0; r < ranges.size(); r++) {
      flat[2 * r] = ranges.get(r)[0];
      flat[2 * r + 1] = ranges.get(r)[1];
    }
    return flat;
  }

  /** params and grads must both hold the layout's size and be different arrays. */
  static void checkStep(ParameterLayout layout, double[] params, double[] grads) {
    String shape = "the parameter layout (" + layout.entries().size() + " entries)";
    ArgumentChecks.length("params", params, layout.size(), shape);
    ArgumentChecks.length("grads", grads, layout.size(), shape);
    if (params == grads) {
      throw new IllegalArgumentException("params and grads must be different arrays");
    }
  }
}
