package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.train.EpochSummary;
import io.liquid4j.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The terminal progress: a bar per epoch with its count, ETA and loss, then the summary line. */
class ProgressListenerTest {
  @Test
  void drawsABarPerEpochAndPassesTheSummaryOn() {
    List<String> drawn = new ArrayList<>();
    List<EpochSummary> summaries = new ArrayList<>();
    TrainingListener lines = new TrainingListener() {
      @Override
      public void epochFinished(EpochSummary s) {
        summaries.add(s);
      }
    };
    ProgressListener p = new ProgressListener(lines,
        task -> new DelegatingProgressBarConsumer(drawn::add, 120));
    p.epochStarted(0, 2, 4);
    for (int b = 0; b < 4; b++) {
      p.batchFinished(0, b, 4, 0.5 + b); // running mean after 4 batches: 2.0
    }
    EpochSummary s = new EpochSummary(0, 2.0, 1.0, 0.9, 1e-3, 0.1, true);
    p.epochFinished(s);
    assertEquals(List.of(s), summaries);
    String last = drawn.get(drawn.size() - 1);
    assertTrue(last.contains("epoch 1/2"), last);
    assertTrue(last.contains("4/4"), last);
    assertTrue(last.contains("100%"), last);
    assertTrue(last.contains("loss 2.0000"), last);
  }
}
