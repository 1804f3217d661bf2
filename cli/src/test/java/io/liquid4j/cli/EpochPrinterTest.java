package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.train.EpochSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The per-epoch line: the validation figure when there is validation data, none otherwise. */
class EpochPrinterTest {
  private static String line(EpochSummary s) {
    StringWriter text = new StringWriter();
    new EpochPrinter(new PrintWriter(text), 4, "accuracy").epochFinished(s);
    return text.toString();
  }

  @Test
  void aRunWithValidationDataPrintsItsMetricAndTheStar() {
    assertEquals("epoch   2/4  train loss 0.5000  validation accuracy 0.7500  *  (1.5 s)"
        + System.lineSeparator(), line(new EpochSummary(1, 0.5, 0.6, 0.75, 0.01, 1.5, true)));
  }

  @Test
  void aRunWithoutValidationDataPrintsNoNaN() {
    // The trainer reports NaN validation figures when it has no validation data (XOR's protocol).
    assertEquals("epoch   1/4  train loss 0.6867  (68.1 s)" + System.lineSeparator(),
        line(new EpochSummary(0, 0.6867, Double.NaN, Double.NaN, 0.005, 68.1, true)));
  }
}
