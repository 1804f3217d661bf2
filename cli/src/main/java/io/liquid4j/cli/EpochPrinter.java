package io.liquid4j.cli;

import io.liquid4j.train.EpochSummary;
import io.liquid4j.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints one line per epoch: losses, the validation metric, a star when it improved. */
final class EpochPrinter implements TrainingListener {
  private final PrintWriter out;
  private final int epochs;
  private final String metric;

  /** @param metric name of the validation metric ("accuracy" or "loss") */
  EpochPrinter(PrintWriter out, int epochs, String metric) {
    this.out = out;
    this.epochs = epochs;
    this.metric = metric;
  }

  /** The printer, or a silent listener with {@code quiet}. */
  static TrainingListener of(boolean quiet, PrintWriter out, int epochs, String metric) {
    return quiet ? TrainingListener.NONE : new EpochPrinter(out, epochs, metric);
  }

  @Override
  public void epochFinished(EpochSummary s) {
    out.printf(Locale.ROOT, "epoch %3d/%d  train loss %.4f  validation %s %.4f%s  (%.1f s)%n",
        s.epoch() + 1, epochs, s.trainLoss(), metric, s.validationMetric(),
        s.improved() ? "  *" : "", s.seconds());
    out.flush();
  }
}
