package io.liquid4j.plot;

import io.liquid4j.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A spike raster: one dot per spike at (time, neuron index), as Brian2 users draw {@code
 * plot(mon.t/ms, mon.i, '.')}, one colour per population (excitatory, inhibitory, input...).
 * Written as PNG, or SVG when the file name ends in {@code .svg}.
 *
 * <pre>{@code
 * SpikeRaster raster = new SpikeRaster("CUBA, 4000 neurons", 4000, 1.0);
 * raster.add("excitatory", timesE, indicesE);   // seconds, neuron indices
 * raster.add("inhibitory", timesI, indicesI);
 * raster.write(Path.of("raster.png"), false);
 * }</pre>
 */
public final class SpikeRaster {
  /** Width of the pictures, in pixels. */
  public static final int WIDTH = 1000;

  /** Height of the pictures, in pixels. */
  public static final int HEIGHT = 600;

  private static final Color[] COLOURS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
  };

  private final XYChart chart;
  private final int neurons;
  private int count;

  /**
   * An empty raster.
   *
   * @param title the title above the plot
   * @param neurons neurons on the y axis (indices 0 to neurons − 1)
   * @param duration the simulated time on the x axis, in seconds
   * @throws IllegalArgumentException if {@code neurons} &lt; 1 or {@code duration} is not a
   *     positive finite number
   */
  public SpikeRaster(String title, int neurons, double duration) {
    if (neurons < 1) {
      throw new IllegalArgumentException("raster: expected at least 1 neuron, found " + neurons);
    }
    if (!(duration > 0) || Double.isInfinite(duration)) {
      throw new IllegalArgumentException(
          "raster: expected a positive duration in seconds, found " + duration);
    }
    this.neurons = neurons;
    chart = Charts.xy(WIDTH, HEIGHT, title, "time (ms)", "neuron index", 18);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(neurons > 400 ? 2 : 4);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(duration * 1000);
    chart.getStyler().setYAxisMin(-0.5);
    chart.getStyler().setYAxisMax(neurons - 0.5);
    chart.getStyler().setYAxisDecimalPattern("0");
  }

  /**
   * Adds one population's spikes, in the next colour.
   *
   * @param name the population's name in the legend
   * @param times spike times in seconds. Not modified.
   * @param indices the neuron of each spike, in [0, neurons), as many as {@code times}. Not
   *     modified.
   * @return this raster
   * @throws IllegalArgumentException if the lengths differ or an index is out of range
   */
  public SpikeRaster add(String name, double[] times, int[] indices) {
    if (times.length != indices.length) {
      throw new IllegalArgumentException("raster " + name + ": expected as many times as indices,"
          + " found " + times.length + " and " + indices.length);
    }
    double[] xs = new double[times.length];
    double[] ys = new double[times.length];
    for (int k = 0; k < times.length; k++) {
      if (indices[k] < 0 || indices[k] >= neurons) {
        throw new IllegalArgumentException("raster " + name + ": expected neuron indices in [0, "
            + neurons + "), found " + indices[k] + " at spike " + k);
      }
      xs[k] = times[k] * 1000;
      ys[k] = indices[k];
    }
    // XChart cannot draw an empty series; a population that never fired still gets its legend.
    XYSeries series = times.length == 0
        ? chart.addSeries(name + " (no spikes)", new double[] {-1}, new double[] {-1})
        : chart.addSeries(name, xs, ys);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setMarkerColor(COLOURS[count++ % COLOURS.length]);
    return this;
  }

  /**
   * Writes the raster atomically: PNG, or SVG when the file name ends in {@code .svg}.
   *
   * @param file the picture to write
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false; the file is then kept as it was
   * @throws IOException if the file cannot be written
   */
  public void write(Path file, boolean overwrite) throws IOException {
    Charts.write(chart, file, overwrite);
  }

  /**
   * Writes the raster to a temporary file of {@code publication}: PNG, or SVG when the file name
   * ends in {@code .svg}. It appears at {@code file} when the publication is published, together
   * with the command's other outputs, or not at all.
   *
   * @param file the picture to write
   * @param publication the files published together; whether an existing file may be replaced is
   *     the publication's choice
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and the publication does
   *     not overwrite
   * @throws IOException if the temporary file cannot be written
   */
  public void write(Path file, AtomicFiles.Publication publication) throws IOException {
    Charts.write(chart, file, publication);
  }
}
