package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.plot.TimeSeriesChart;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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

  /**
   * A sequence padded after 5 of its 8 steps draws exactly what its first 5 steps drawn alone do:
   * padded steps are skipped, not drawn.
   */
  @Test
  void paddedStepsAreSkippedAsIfTheSequenceEndedAtItsLength() throws Exception {
    NpyArray x = Npy.read(EXAMPLE.resolve("input.npy"));
    NpyArray y = Npy.read(EXAMPLE.resolve("expected_output.npy"));
    int b = x.shape()[0];
    int l = x.shape()[1];
    Path lengths = tmp.resolve("n.npy");
    double[] n = new double[b];
    Arrays.fill(n, l);
    n[1] = 5;
    Npy.writeFloat64(lengths, new int[] {b}, n, false);
    Path shortX = tmp.resolve("x5.npy");
    Path shortY = tmp.resolve("y5.npy");
    Npy.writeFloat64(shortX, new int[] {1, 5, x.shape()[2]}, Arrays.copyOfRange(x.data(),
        l * x.shape()[2], (l + 5) * x.shape()[2]), false);
    Npy.writeFloat64(shortY, new int[] {1, 5, y.shape()[2]}, Arrays.copyOfRange(y.data(),
        l * y.shape()[2], (l + 5) * y.shape()[2]), false);
    Path padded = tmp.resolve("padded.svg");
    Path alone = tmp.resolve("alone.svg");
    Path full = tmp.resolve("full.svg");
    assertEquals(0, CliTest.run("plot", "predictions", "--model", file("model.safetensors"),
        "--input", file("input.npy"), "--targets", file("expected_output.npy"), "--lengths",
        lengths.toString(), "--sample", "1", "--output", padded.toString()).code());
    assertEquals(0, CliTest.run("plot", "predictions", "--model", file("model.safetensors"),
        "--input", shortX.toString(), "--targets", shortY.toString(), "--output",
        alone.toString()).code());
    assertEquals(0, CliTest.run("plot", "predictions", "--model", file("model.safetensors"),
        "--input", file("input.npy"), "--targets", file("expected_output.npy"), "--sample", "1",
        "--output", full.toString()).code());
    String paddedSvg = withoutTitle(padded);
    assertEquals(withoutTitle(alone), paddedSvg);
    assertNotEquals(withoutTitle(full), paddedSvg,
        "the test can fail: drawing all 8 steps differs");
    CliTest.assertOneLineError(CliTest.run("plot", "states", "--model",
        file("model.safetensors"), "--input", file("input.npy"), "--lengths", lengths.toString(),
        "--valid-steps", lengths.toString(), "--output", tmp.resolve("e.png").toString()),
        "--lengths", "not both");
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

  /** The SVG without its title, which names the sequence (and is centred on its width). */
  private static String withoutTitle(Path svg) throws Exception {
    return Files.readAllLines(svg).stream()
        .filter(line -> !line.contains(": outputs and targets, sequence "))
        .collect(Collectors.joining("\n"));
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
