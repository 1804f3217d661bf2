package io.liquid4j.plot;

import io.liquid4j.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * 2-D trajectories side by side, one panel each (their scales differ by orders of magnitude): the
 * input circle and each model's latent trajectory on its first two principal components, with its
 * arc length in the panel's title. Written atomically, as SVG if the file name ends in {@code
 * .svg}, else as PNG.
 */
public final class TrajectoryPlot {
  /** Width of one panel, in pixels. */
  public static final int PANEL_WIDTH = 480;

  /** Height of one panel, in pixels. */
  public static final int PANEL_HEIGHT = 420;

  private static final Color[] COLOURS = {
    new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c), Color.BLACK
  };

  private TrajectoryPlot() {}

  /**
   * Draws the panels in a grid of two columns.
   *
   * @param curves panel title → (points, 2) coordinates, in panel order. Not modified.
   * @param file the picture to write: PNG, or SVG when the name ends in {@code .svg}
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false; the file is then kept as it was
   * @throws IOException if the file cannot be written
   */
  public static void write(Map<String, double[][]> curves, Path file, boolean overwrite)
      throws IOException {
    List<XYChart> panels = new ArrayList<>();
    int c = 0;
    for (Map.Entry<String, double[][]> e : curves.entrySet()) {
      XYChart chart = Charts.xy(PANEL_WIDTH, PANEL_HEIGHT, e.getKey(),
          "1st principal component", "2nd principal component", 15);
      chart.getStyler().setLegendVisible(false);
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (double[] p : e.getValue()) {
        xs.add(p[0]);
        ys.add(p[1]);
      }
      XYSeries series = chart.addSeries(e.getKey(), xs, ys);
      series.setMarker(SeriesMarkers.NONE);
      series.setLineColor(COLOURS[c++ % COLOURS.length]);
      panels.add(chart);
    }
    int columns = Math.max(1, Math.min(2, panels.size()));
    int rows = Math.max(1, (panels.size() + columns - 1) / columns);
    int width = columns * PANEL_WIDTH;
    int height = rows * PANEL_HEIGHT;
    if (SvgGraphics2D.isSvgFile(file)) {
      SvgGraphics2D g = new SvgGraphics2D(width, height);
      paint(g, panels, columns, width, height);
      AtomicFiles.write(file, g.toSvg().getBytes(StandardCharsets.UTF_8), overwrite);
    } else {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      paint(g, panels, columns, width, height);
      g.dispose();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(image, "png", bytes);
      AtomicFiles.write(file, bytes.toByteArray(), overwrite);
    }
  }

  private static void paint(Graphics2D g, List<XYChart> panels, int columns, int width,
      int height) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < panels.size(); i++) {
      // Each chart paints from (0, 0); its own graphics moves it to its cell and keeps it there.
      Graphics2D cell = (Graphics2D) g.create();
      cell.translate((i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT);
      cell.clipRect(0, 0, PANEL_WIDTH, PANEL_HEIGHT);
      panels.get(i).paint(cell, PANEL_WIDTH, PANEL_HEIGHT);
      cell.dispose();
    }
  }
}
