package io.liquid4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** Spike rasters and voltage traces: sizes, one colour per population, labels, bad input. */
class SpikeRasterTest {
  @TempDir Path tmp;

  private static SpikeRaster raster() {
    SplittableRandom rng = new SplittableRandom(1);
    int spikes = 600;
    double[] te = new double[spikes];
    int[] ie = new int[spikes];
    double[] ti = new double[spikes / 4];
    int[] ii = new int[spikes / 4];
    for (int k = 0; k < spikes; k++) {
      te[k] = rng.nextDouble() * 0.5;
      ie[k] = rng.nextInt(80);
    }
    for (int k = 0; k < ti.length; k++) {
      ti[k] = rng.nextDouble() * 0.5;
      ii[k] = 80 + rng.nextInt(20);
    }
    return new SpikeRaster("LSM column", 100, 0.5).add("excitatory", te, ie)
        .add("inhibitory", ti, ii);
  }

  @Test
  void drawsEachPopulationInItsOwnColour() throws Exception {
    Path png = tmp.resolve("raster.png");
    raster().write(png, false);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(SpikeRaster.WIDTH, image.getWidth());
    assertEquals(SpikeRaster.HEIGHT, image.getHeight());
    int blue = 0;
    int red = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        blue += rgb == 0x1f77b4 ? 1 : 0;
        red += rgb == 0xd62728 ? 1 : 0;
      }
    }
    assertTrue(blue > 600, "excitatory dots: " + blue + " blue pixels");
    assertTrue(red > 150, "inhibitory dots: " + red + " red pixels");
    assertTrue(blue > 2 * red, "four times as many excitatory spikes");
  }

  @Test
  void svgHasTheAxisTitlesWithUnitsAndOneDotPerSpike() throws Exception {
    Path svg = tmp.resolve("raster.svg");
    raster().write(svg, false);
    var doc = SvgGraphics2DTest.parse(Files.readString(svg));
    List<String> texts = SvgGraphics2DTest.elements(doc, "text").stream()
        .map(Element::getTextContent).toList();
    assertTrue(texts.contains("time (ms)"), texts.toString());
    assertTrue(texts.contains("neuron index"), texts.toString());
    assertTrue(texts.contains("excitatory") && texts.contains("inhibitory"), texts.toString());
    long dots = SvgGraphics2DTest.elements(doc, "path").stream()
        .filter(p -> p.getAttribute("fill").equalsIgnoreCase("#1f77b4")).count();
    assertTrue(dots >= 600, dots + " excitatory dots");
  }

  @Test
  void voltageTracesAreLinesOverTime() throws Exception {
    int steps = 5000;
    double[] t = new double[steps];
    double[] v = new double[steps];
    for (int k = 0; k < steps; k++) {
      t[k] = k * 0.1;
      v[k] = -60 + 10 * ((k % 700) / 700.0);
    }
    Path png = tmp.resolve("v.png");
    new TimeSeriesChart("Membrane potential", "time (ms)", "v (mV)").yPattern("0")
        .addLine("neuron 0", t, v).write(png, false);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(TimeSeriesChart.WIDTH, image.getWidth());
    int coloured = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 255;
        int b = rgb & 255;
        coloured += Math.abs(r - b) > 60 ? 1 : 0;
      }
    }
    assertTrue(coloured > 1000, "the trace is drawn: " + coloured + " coloured pixels");
  }

  @Test
  void badInputIsRejected() {
    SpikeRaster r = new SpikeRaster("x", 10, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.add("e", new double[] {0.1}, new int[] {10}));
    assertEquals("raster e: expected neuron indices in [0, 10), found 10 at spike 0",
        e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> r.add("e", new double[] {0.1, 0.2}, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new SpikeRaster("x", 0, 1));
  }
}
