package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.Npy;
import io.liquid4j.plot.TimeSeriesChart;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** liquid4j plot states|predictions on the shipped ncps example (batch 3 × 8 steps). */
class PlotCliTest {
  private static final Path EXAMPLE =
      Path.of(System.getProperty("liquid4j.home"), "examples", "ltc-autoncp16");

  @TempDir Path tmp;

  private static String file(String name) {
    return EXAMPLE.resolve(name).toString();
  }

  @Test
  void drawsStateTracesOverIrregularTimeStamps() throws Exception {
    Path t = tmp.resolve("t.npy");
    double[] dt = new double[3 * 8];
    for (int i = 0; i < dt.length; i++) {
      dt[i] = 0.25 + (i % 4) * 0.5; // irregular sampling
    }
    Npy.writeFloat32(t, new int[] {3, 8}, dt, false);
    Path png = tmp.resolve("states.png");
    CliTest.Result r = CliTest.run("plot", "states", "--model", file("model.safetensors"),
        "--input", file("input.npy"), "--timespans", t.toString(), "--sample", "2",
        "--neurons", "0,3,7", "--output", png.toString());
    assertEquals(0, r.code(), r.err());
    assertPicture(png);
    CliTest.assertOneLineError(CliTest.run("plot", "states", "--model",
        file("model.safetensors"), "--input", file("input.npy"), "--output", png.toString()),
        "already exists", "--force");
  }

  @Test
  void drawsOutputsBesideTargets() throws Exception {
    Path png = tmp.resolve("predictions.png");
    CliTest.Result r = CliTest.run("plot", "predictions", "--model", file("model.safetensors"),
        "--input", file("input.npy"), "--targets", file("expected_output.npy"), "--output",
        png.toString());
    assertEquals(0, r.code(), r.err());
    assertPicture(png);
  }

  @Test
  void drawsAsSvgWhenTheFileNameSaysSo() throws Exception {
    Path svg = tmp.resolve("predictions.svg");
    CliTest.Result r = CliTest.run("plot", "predictions", "--model", file("model.safetensors"),
        "--input", file("input.npy"), "--targets", file("expected_output.npy"), "--output",
        svg.toString());
    assertEquals(0, r.code(), r.err());
    List<String> texts = WiringCliTest.texts(
        WiringCliTest.assertSvg(svg, TimeSeriesChart.WIDTH, TimeSeriesChart.HEIGHT));
    for (String label : new String[] {"model.safetensors: outputs and targets, sequence 0",
        "time (Δt units, Δt = 1)", "value", "output 0", "target 0"}) {
      assertTrue(texts.contains(label), label + " not in " + texts);
    }
    String content = Files.readString(svg);
    CliTest.assertOneLineError(CliTest.run("plot", "predictions", "--model",
        file("model.safetensors"), "--input", file("input.npy"), "--targets",
        file("expected_output.npy"), "--output", svg.toString()), "already exists", "--force");
    assertEquals(content, Files.readString(svg), "kept without --force");
  }

  @Test
  void badArgumentsAreOneLineErrors() {
    String png = tmp.resolve("x.png").toString();
    String[] base = {"--model", file("model.safetensors"), "--input", file("input.npy"),
        "--output", png};
    CliTest.assertOneLineError(CliTest.run(concat(new String[] {"plot", "rasters"}, base)),
        "WHAT", "rasters");
    CliTest.assertOneLineError(CliTest.run(concat(new String[] {"plot", "predictions"}, base)),
        "--targets");
    CliTest.assertOneLineError(CliTest.run(concat(new String[] {"plot", "states", "--sample",
        "3"}, base)), "--sample", "0..2");
    CliTest.assertOneLineError(CliTest.run(concat(new String[] {"plot", "states", "--neurons",
        "0,99"}, base)), "--neurons", "99");
    CliTest.assertOneLineError(CliTest.run(concat(new String[] {"plot", "predictions",
        "--targets", file("input.npy")}, base)), "input.npy", "expected shape");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static void assertPicture(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(TimeSeriesChart.WIDTH, image.getWidth());
    assertEquals(TimeSeriesChart.HEIGHT, image.getHeight());
    DemoCliTest.assertColourful(png);
    assertTrue(png.toFile().length() > 10_000, png + " is " + png.toFile().length() + " bytes");
  }
}
