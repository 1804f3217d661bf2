package io.liquid4j.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A hyperparameter sweep's results: one dot per run at (run number, figure), one colour per model
 * kind, so the best settings stand out. Written as PNG, or SVG when the name ends in {@code .svg}.
 *
 * <pre>{@code
 * SweepChart.write(List.of(new SweepChart.Run(0, "ltc", 0.41), new SweepChart.Run(1, "cfc", 0.38)),
 *     "validation loss", Path.of("sweep.png"), false);
 * }</pre>
 */
public final class SweepChart {
  /** Width of the pictures, in pixels. */
  public static final int WIDTH = 1000;

  /** Height of the pictures, in pixels. */
  public static final int HEIGHT = 560;

  private static final Color[] COLOURS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
  };

  /** One run: its number in the sweep, its model kind and the figure drawn. */
  public record Run(int run, String model, double value) {}

  private SweepChart() {}

  /**
   * Draws the runs, one colour per model kind, and writes the picture atomically: PNG, or SVG
   * when the file name ends in {@code .svg}. Runs whose figure is not finite (no validation set)
   * are left out.
   *
   * @param runs the sweep's runs. Not modified.
   * @param figure the name of the figure drawn, the y axis' title
   * @param file the picture to write
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false; the file is then kept as it was
   * @throws IOException if the file cannot be written
   */
  public static void write(List<Run> runs, String figure, Path file, boolean overwrite)
      throws IOException {
    XYChart chart = Charts.xy(WIDTH, HEIGHT, "Sweep: " + figure + " per run", "run", figure, 18);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(9);
    chart.getStyler().setXAxisDecimalPattern("0");
    Map<String, double[][]> byModel = new LinkedHashMap<>();
    for (Run r : runs) {
      if (Double.isFinite(r.value())) {
        double[][] xy = byModel.computeIfAbsent(r.model(), k -> new double[2][0]);
        int n = xy[0].length;
        xy[0] = java.util.Arrays.copyOf(xy[0], n + 1);
        xy[1] = java.util.Arrays.copyOf(xy[1], n + 1);
        xy[0][n] = r.run();
        xy[1][n] = r.value();
      }
    }
    if (byModel.isEmpty()) {
      throw new IllegalArgumentException(
          "sweep chart: expected at least one run with a finite " + figure + ", found none");
    }
    int c = 0;
    for (Map.Entry<String, double[][]> e : byModel.entrySet()) {
      XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(COLOURS[c++ % COLOURS.length]);
    }
    Charts.write(chart, file, overwrite);
  }
}
