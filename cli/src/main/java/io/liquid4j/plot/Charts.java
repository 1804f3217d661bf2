package io.liquid4j.plot;

import io.liquid4j.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The look every liquid4j chart shares, and writing one as PNG or SVG. */
final class Charts {
  private Charts() {}

  /** A chart on white, with readable fonts and the legend (if shown) right of the plot. */
  static XYChart xy(int width, int height, String title, String xLabel, String yLabel,
      int titleSize) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    Styler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return chart;
  }

  /**
   * Writes the chart atomically, as SVG if the file name ends in {@code .svg}, else as PNG; an
   * existing file is kept unless overwrite.
   */
  static void write(XYChart chart, Path file, boolean overwrite) throws IOException {
    try (AtomicFiles.Publication publication = new AtomicFiles.Publication(overwrite)) {
      write(chart, file, publication);
      publication.publish();
    }
  }

  /**
   * Adds the chart to {@code publication}, as SVG if the file name ends in {@code .svg}, else as
   * PNG; it appears when the publication is published, together with the other files there.
   */
  static void write(XYChart chart, Path file, AtomicFiles.Publication publication)
      throws IOException {
    publication.write(file, encode(chart, file));
  }

  /** The chart's file content: SVG if the file name ends in {@code .svg}, else PNG. */
  static byte[] encode(XYChart chart, Path file) throws IOException {
    if (SvgGraphics2D.isSvgFile(file)) {
      SvgGraphics2D g = new SvgGraphics2D(chart.getWidth(), chart.getHeight());
      chart.paint(g, chart.getWidth(), chart.getHeight());
      return g.toSvg().getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
    return bytes.toByteArray();
  }
}
