package io.liquid4j.plot;

import io.liquid4j.io.AtomicFiles;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Several series over the time stamps of one sequence, as PNG or SVG: neuron state traces, or a
 * model's outputs beside their targets. Each step is drawn at its own time (the running sum of the
 * Δt), so irregular sampling shows on the time axis.
 *
 * <pre>{@code
 * TimeSeriesChart chart = new TimeSeriesChart("States", "time (Δt units)", "state h");
 * chart.add("neuron 0", times, h0, false);
 * chart.write(Path.of("states.png"), false);
 * }</pre>
 */
public final class TimeSeriesChart {
  /** Width of the pictures, in pixels. */
  public static final int WIDTH = 1000;

  /** Height of the pictures, in pixels. */
  public static final int HEIGHT = 560;

  private final XYChart chart;
  private int count;
  private double firstTime = Double.POSITIVE_INFINITY;
  private double lastTime = Double.NEGATIVE_INFINITY;
  private double smallestStep = Double.POSITIVE_INFINITY;

  /**
   * An empty chart with a title and axis titles.
   *
   * @param title the title above the plot
   * @param xLabel the x axis' title, with its unit
   * @param yLabel the y axis' title, with its unit
   */
  public TimeSeriesChart(String title, String xLabel, String yLabel) {
    chart = Charts.xy(WIDTH, HEIGHT, title, xLabel, yLabel, 18);
    chart.getStyler().setYAxisDecimalPattern("0.00");
    // Wider than XChart's default, so that labels like 1000 or 0.125 do not run together.
    chart.getStyler().setXAxisTickMarkSpacingHint(110);
  }

  /**
   * Adds a series.
   *
   * @param name the series' name in the legend
   * @param times the time of each point. Not modified.
   * @param values the value at each time, at least as many as {@code times}. Not modified.
   * @param dashed a dashed line (targets) rather than a solid one with markers
   * @return this chart
   */
  public TimeSeriesChart add(String name, double[] times, double[] values, boolean dashed) {
    XYSeries series = series(name, times, values);
    series.setMarker(dashed ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    series.setLineStyle(dashed
        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {8f, 6f}, 0f)
        : new BasicStroke(1.6f));
    return this;
  }

  /**
   * Adds a series drawn as a plain line without markers, for long traces (a membrane potential
   * sampled every 0.1 ms).
   *
   * @param name the series' name in the legend
   * @param times the time of each point. Not modified.
   * @param values the value at each time, at least as many as {@code times}. Not modified.
   * @return this chart
   */
  public TimeSeriesChart addLine(String name, double[] times, double[] values) {
    XYSeries series = series(name, times, values);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineStyle(new BasicStroke(1.2f));
    return this;
  }

  private XYSeries series(String name, double[] times, double[] values) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      xs.add(times[i]);
      ys.add(values[i]);
      firstTime = Math.min(firstTime, times[i]);
      lastTime = Math.max(lastTime, times[i]);
      if (i > 0 && times[i] > times[i - 1]) {
        smallestStep = Math.min(smallestStep, times[i] - times[i - 1]);
      }
    }
    count++;
    return chart.addSeries(name, xs, ys);
  }

  /**
   * Sets the y axis' tick label pattern.
   *
   * @param pattern a {@link java.text.DecimalFormat} pattern, for example "0.0" for millivolts
   * @return this chart
   */
  public TimeSeriesChart yPattern(String pattern) {
    chart.getStyler().setYAxisDecimalPattern(pattern);
    return this;
  }

  /**
   * Number of series added.
   *
   * @return the series added so far
   */
  public int size() {
    return count;
  }

  /**
   * Writes the chart atomically, as SVG if the file name ends in {@code .svg}, else as PNG.
   *
   * @param file the picture to write
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false; the file is then kept as it was
   * @throws IOException if the file cannot be written
   */
  public void write(Path file, boolean overwrite) throws IOException {
    try (AtomicFiles.Publication publication = new AtomicFiles.Publication(overwrite)) {
      write(file, publication);
      publication.publish();
    }
  }

  /**
   * Writes the chart to a temporary file of {@code publication}, as SVG if the file name ends in
   * {@code .svg}, else as PNG. It appears at {@code file} when the publication is published,
   * together with the command's other outputs, or not at all.
   *
   * @param file the picture to write
   * @param publication the files published together; whether an existing file may be replaced is
   *     the publication's choice
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and the publication does
   *     not overwrite
   * @throws IOException if the temporary file cannot be written
   */
  public void write(Path file, AtomicFiles.Publication publication) throws IOException {
    // XChart puts a tick at every few samples when all x values lie on one regular grid, however
    // close the labels then are; an axis end half a step off the grid gives it normal ticks.
    if (Double.isFinite(smallestStep) && lastTime > firstTime) {
      chart.getStyler().setXAxisMin(firstTime);
      chart.getStyler().setXAxisMax(lastTime + smallestStep / 2);
    }
    Charts.write(chart, file, publication);
  }
}
