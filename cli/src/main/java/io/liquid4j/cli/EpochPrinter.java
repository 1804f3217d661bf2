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

  /**
   * The printer, with a progress bar per epoch when attached to a terminal (a bar redrawn into a
   * log file would fill it with carriage returns), or a silent listener with {@code quiet}.
   */
  static TrainingListener of(boolean quiet, PrintWriter out, int epochs, String metric) {
    if (quiet) {
      return TrainingListener.NONE;
    }
    EpochPrinter lines = new EpochPrinter(out, epochs, metric);
    return onTerminal() ? ProgressListener.onConsole(lines) : lines;
  }

  /**
   * Whether this JVM runs on a terminal. JDK 17's {@code System.console()} is null when a stream
   * is redirected; from JDK 22 it exists anyway, and {@code Console.isTerminal()} tells.
   */
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a console exists only on a terminal
    }
  }

  @Override
  public void epochFinished(EpochSummary s) {
    if (Double.isNaN(s.validationLoss())) {
      // Without validation data there is no validation figure: print none rather than a NaN.
      out.printf(Locale.ROOT, "epoch %3d/%d  train loss %.4f  (%.1f s)%n",
          s.epoch() + 1, epochs, s.trainLoss(), s.seconds());
    } else {
      out.printf(Locale.ROOT, "epoch %3d/%d  train loss %.4f  validation %s %.4f%s  (%.1f s)%n",
          s.epoch() + 1, epochs, s.trainLoss(), metric, s.validationMetric(),
          s.improved() ? "  *" : "", s.seconds());
    }
    out.flush();
  }
}
