package io.liquid4j.plot;

import io.liquid4j.io.AtomicFiles;
import io.liquid4j.train.EpochSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves as pictures: per epoch, the training and validation loss of one or more runs,
 * or their validation metric. Written atomically, as SVG if the file name ends in {@code .svg},
 * else as PNG; an existing file is kept unless {@code overwrite}.
 *
 * <pre>{@code
 * TrainingCurves.losses(Map.of("LTC", ltc.history(), "CfC", cfc.history()),
 *     "cross-entropy (nats)", Path.of("loss.png"), false);
 * }</pre>
 *
 * <p>The overloads taking an {@link AtomicFiles.Publication} add the picture to it, so that both
 * pictures of a comparison appear together or not at all.
 */
public final class TrainingCurves {
  /** Width and height of the pictures, in pixels. */
  public static final int WIDTH = 900;

  /** Height of the pictures, in pixels. */
  public static final int HEIGHT = 540;

  private static final Color[] COLOURS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
  };

  private TrainingCurves() {}

  /**
   * Training loss (solid) and validation loss (dashed) per epoch of every run.
   *
   * @param runs run name → its epoch summaries, in legend order. Not modified.
   * @param lossLabel the y axis title, with the loss's unit
   * @param file the picture to write: PNG, or SVG when the name ends in {@code .svg}
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false; the file is then kept as it was
   * @throws IOException if the file cannot be written
   */
  public static void losses(
      Map<String, List<EpochSummary>> runs, String lossLabel, Path file, boolean overwrite)
      throws IOException {
    Charts.write(lossChart(runs, lossLabel), file, overwrite);
  }

  /**
   * Training loss (solid) and validation loss (dashed) per epoch of every run, written to a
   * temporary file of {@code publication}: it appears at {@code file} when the publication is
   * published, together with the other files there, or not at all.
   *
   * @param runs run name → its epoch summaries, in legend order. Not modified.
   * @param lossLabel the y axis title, with the loss's unit
   * @param file the picture to write: PNG, or SVG when the name ends in {@code .svg}
   * @param publication the files published together; it decides whether an existing file may be
   *     replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and the publication does
   *     not overwrite
   * @throws IOException if the temporary file cannot be written
   */
  public static void losses(Map<String, List<EpochSummary>> runs, String lossLabel, Path file,
      AtomicFiles.Publication publication) throws IOException {
    Charts.write(lossChart(runs, lossLabel), file, publication);
  }

  private static XYChart lossChart(Map<String, List<EpochSummary>> runs, String lossLabel) {
    XYChart chart = chart("Loss per epoch", lossLabel, "0.000");
    int c = 0;
    for (Map.Entry<String, List<EpochSummary>> run : runs.entrySet()) {
      Color colour = COLOURS[c++ % COLOURS.length];
      add(chart, run.getKey() + " training", run.getValue(), EpochSummary::trainLoss, colour,
          false);
      add(chart, run.getKey() + " validation", run.getValue(), EpochSummary::validationLoss,
          colour, true);
    }
    return chart;
  }

  /**
   * The validation metric per epoch of every run.
   *
   * @param runs run name → its epoch summaries, in legend order. Not modified.
   * @param metricLabel the y axis title, with its unit
   * @param scale multiplies the metric (100 for accuracy in %)
   * @param file the picture to write: PNG, or SVG when the name ends in {@code .svg}
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false; the file is then kept as it was
   * @throws IOException if the file cannot be written
   */
  public static void validationMetric(
      Map<String, List<EpochSummary>> runs, String metricLabel, double scale, Path file,
      boolean overwrite) throws IOException {
    Charts.write(metricChart(runs, metricLabel, scale), file, overwrite);
  }

  /**
   * The validation metric per epoch of every run, written to a temporary file of {@code
   * publication}: it appears at {@code file} when the publication is published, together with the
   * other files there, or not at all.
   *
   * @param runs run name → its epoch summaries, in legend order. Not modified.
   * @param metricLabel the y axis title, with its unit
   * @param scale multiplies the metric (100 for accuracy in %)
   * @param file the picture to write: PNG, or SVG when the name ends in {@code .svg}
   * @param publication the files published together; it decides whether an existing file may be
   *     replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and the publication does
   *     not overwrite
   * @throws IOException if the temporary file cannot be written
   */
  public static void validationMetric(Map<String, List<EpochSummary>> runs, String metricLabel,
      double scale, Path file, AtomicFiles.Publication publication) throws IOException {
    Charts.write(metricChart(runs, metricLabel, scale), file, publication);
  }

  private static XYChart metricChart(
      Map<String, List<EpochSummary>> runs, String metricLabel, double scale) {
    XYChart chart = chart("Validation " + metricLabel.replaceAll(" \\(.*\\)$", "") + " per epoch",
        metricLabel, "0.00");
    int c = 0;
    for (Map.Entry<String, List<EpochSummary>> run : runs.entrySet()) {
      add(chart, run.getKey(), run.getValue(), s -> scale * s.validationMetric(),
          COLOURS[c++ % COLOURS.length], false);
    }
    return chart;
  }

  private static XYChart chart(String title, String yLabel, String yPattern) {
    XYChart chart = Charts.xy(WIDTH, HEIGHT, title, "epoch", yLabel, 18);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisDecimalPattern(yPattern);
    return chart;
  }

  private static void add(
      XYChart chart, String name, List<EpochSummary> history, ToDoubleFunction<EpochSummary> y,
      Color colour, boolean dashed) {
    Map<Double, Double> points = new LinkedHashMap<>();
    for (EpochSummary s : history) {
      double v = y.applyAsDouble(s);
      if (Double.isFinite(v)) {
        points.put(s.epoch() + 1.0, v);
      }
    }
    if (points.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, List.copyOf(points.keySet()),
        List.copyOf(points.values()));
    series.setLineColor(colour);
    series.setMarkerColor(colour);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setLineStyle(dashed
        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {8f, 6f}, 0f)
        : new BasicStroke(2f));
  }
}
