package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.plot.SpikeRaster;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/** liquid4j spike: the JSON contract, the figures, the raster and traces, and errors. */
class SpikeCliTest {
  @TempDir Path tmp;

  @Test
  void seedExampleGivesBrian2sCountsAndDrawsItsRasterAndTraces() throws Exception {
    Path png = tmp.resolve("raster.png");
    Path svg = tmp.resolve("v.svg");
    CliTest.Result r = CliTest.run("spike", "seed-example", "--output", png.toString(),
        "--traces", svg.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    assertEquals(5273, m.get("spikes"));
    assertEquals(64, m.get("count_50"));
    assertEquals(111, m.get("count_99"));
    assertTrue(m.get("build_s") instanceof Number && m.get("run_s") instanceof Number, m.toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(SpikeRaster.WIDTH, image.getWidth());
    assertEquals(SpikeRaster.HEIGHT, image.getHeight());
    DemoCliTest.assertColourful(png);
    String text = Files.readString(svg);
    assertTrue(text.contains("v (mV)") && text.contains("neuron 99"), "trace labels");
  }

  @Test
  void eulerIsTheSeedDocumentsMethod() throws Exception {
    CliTest.Result r = CliTest.run("spike", "seed-example", "--method", "euler", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    assertEquals(5293, m.get("spikes"));
  }

  @Test
  void badArgumentsGiveOneLineErrors() throws Exception {
    CliTest.assertOneLineError(CliTest.run("spike", "seed-example", "--method", "rk9"),
        "--method", "rk9");
    Path png = tmp.resolve("kept.png");
    Files.writeString(png, "mine");
    CliTest.assertOneLineError(CliTest.run("spike", "seed-example", "--output", png.toString()),
        "already exists", "--force");
    assertEquals("mine", Files.readString(png));
  }
}
