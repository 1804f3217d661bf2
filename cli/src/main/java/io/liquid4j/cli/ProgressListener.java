package io.liquid4j.cli;

import io.liquid4j.train.EpochSummary;
import io.liquid4j.train.TrainingListener;
import java.util.Locale;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * On a terminal: a progress bar per epoch (batches done, ETA, the running mean of the batch loss)
 * redrawn in place, and the epoch's summary line once it ends.
 */
final class ProgressListener implements TrainingListener {
  private final TrainingListener lines;
  private final Function<String, ProgressBarConsumer> consumer;
  private ProgressBar bar;
  private double lossSum;

  /**
   * @param lines prints the summary line of each epoch
   * @param consumer where a bar of the given task name is drawn
   */
  ProgressListener(TrainingListener lines, Function<String, ProgressBarConsumer> consumer) {
    this.lines = lines;
    this.consumer = consumer;
  }

  /** Bars on standard error, which a terminal shows beside the summary lines. */
  static ProgressListener onConsole(TrainingListener lines) {
    return new ProgressListener(lines,
        task -> new ConsoleProgressBarConsumer(System.err, 100));
  }

  @Override
  public void epochStarted(int epoch, int epochs, int batches) {
    String task = String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs);
    bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(batches)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
        .setConsumer(consumer.apply(task)).build();
    lossSum = 0;
  }

  @Override
  public void batchFinished(int epoch, int batch, int batches, double loss) {
    lossSum += loss;
    bar.step();
    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / (batch + 1)));
  }

  @Override
  public void epochFinished(EpochSummary summary) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    lines.epochFinished(summary);
  }
}
