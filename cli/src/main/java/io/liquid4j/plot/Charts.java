package io.liquid4j.plot;

import io.liquid4j.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The look every liquid4j chart shares, and writing one as PNG. */
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

  /** Writes the chart as PNG, atomically; an existing file is kept unless overwrite. */
  static void write(XYChart chart, Path png, boolean overwrite) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(png, bytes.toByteArray(), overwrite);
  }
}
