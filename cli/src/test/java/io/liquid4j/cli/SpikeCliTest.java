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
  void cubaPrintsTheContractFields() throws Exception {
    CliTest.Result r = CliTest.run("spike", "cuba", "--seed", "2", "--duration", "0.2",
        "--quiet", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    int synapses = ((Number) m.get("synapses")).intValue();
    // 4000 · 4000 · 0.02 = 320 000, binomial SD 560.
    assertTrue(Math.abs(synapses - 320_000) < 4 * 560, "synapses " + synapses);
    double rate = ((Number) m.get("rate_hz")).doubleValue();
    assertTrue(rate > 2 && rate < 15, "rate " + rate);
    assertTrue(((Number) m.get("spikes")).intValue() > 0);
    assertTrue(m.get("build_s") instanceof Number && m.get("run_s") instanceof Number);
    CliTest.assertOneLineError(CliTest.run("spike", "cuba", "--duration", "-1"), "--duration");
  }

  @Test
  void lsmRunsBothExperimentsAndDrawsThem() throws Exception {
    Path curves = tmp.resolve("separation.png");
    Path raster = tmp.resolve("liquid.svg");
    CliTest.Result r = CliTest.run("spike", "lsm", "--grid", "3x3x5", "--pairs", "1",
        "--classes", "2", "--train", "3", "--test", "2", "--output", curves.toString(),
        "--raster", raster.toString(), "--quiet", "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("d(u,v) = 0.4"), r.out());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    assertEquals(45, m.get("neurons"));
    for (String key : List.of("synapses", "separation_0.4", "separation_0.0", "accuracy",
        "build_s", "run_s")) {
      assertTrue(m.get(key) instanceof Number, key + " in " + m);
    }
    assertEquals(2 * 4 + 2 * 5, m.get("trials"));
    DemoCliTest.assertColourful(curves);
    assertTrue(Files.readString(raster).contains("inhibitory"), "raster legend");
  }

  @Test
  void badArgumentsGiveOneLineErrors() throws Exception {
    CliTest.assertOneLineError(CliTest.run("spike", "lsm", "--grid", "3x3"), "--grid", "3x3");
    CliTest.assertOneLineError(CliTest.run("spike", "lsm", "--classes", "1"), "--classes");
    CliTest.assertOneLineError(CliTest.run("spike", "seed-example", "--method", "rk9"),
        "--method", "rk9");
    Path png = tmp.resolve("kept.png");
    Files.writeString(png, "mine");
    CliTest.assertOneLineError(CliTest.run("spike", "seed-example", "--output", png.toString()),
        "already exists", "--force");
    assertEquals("mine", Files.readString(png));
  }
}
