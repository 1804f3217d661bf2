package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.plot.WiringDiagram;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.NeuronType;
import io.liquid4j.wiring.Wiring;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** liquid4j wiring: the counts of a wiring and its diagram. */
class WiringCliTest {
  private static final String AUTONCP = "{\"type\":\"AutoNCP\",\"units\":16,\"output_size\":2}";

  @TempDir Path tmp;

  @Test
  void printsTheCountsAndDrawsTheDiagram() throws Exception {
    Path png = tmp.resolve("w.png");
    CliTest.Result r = CliTest.run("wiring", "--spec", AUTONCP, "--inputs", "5", "--output",
        png.toString());
    assertEquals(0, r.code(), r.err());
    Wiring w = new AutoNcp(16, 2).build(5);
    assertTrue(r.out().contains(String.format("%-10s %4d", "sensory", 5)), r.out());
    for (NeuronType t : NeuronType.values()) {
      int n = 0;
      for (int i = 0; i < w.units(); i++) {
        n += w.typeOf(i) == t ? 1 : 0;
      }
      assertTrue(r.out().contains(String.format("%-10s %4d", t.ncpsName(), n)), r.out());
    }
    assertTrue(r.out().contains("synapses: " + w.synapseCount() + " ("), r.out());
    assertTrue(r.out().contains("sensory synapses: " + w.sensorySynapseCount() + " ("), r.out());

    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(WiringDiagram.WIDTH, image.getWidth());
    assertEquals(WiringDiagram.HEIGHT, image.getHeight());
    int green = 0;
    int red = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        green += rgb == (WiringDiagram.EXCITATORY.getRGB() & 0xFFFFFF) ? 1 : 0;
        red += rgb == (WiringDiagram.INHIBITORY.getRGB() & 0xFFFFFF) ? 1 : 0;
      }
    }
    // The legend's two strokes at least, in full colour; the synapses are drawn translucent.
    assertTrue(green > 50 && red > 50, "green " + green + ", red " + red);
    DemoCliTest.assertColourful(png);

    CliTest.assertOneLineError(CliTest.run("wiring", "--spec", AUTONCP, "--inputs", "5",
        "--output", png.toString()), "already exists", "--force");
  }

  @Test
  void readsTheWiringOfAModelFile() {
    Path model = Path.of(System.getProperty("liquid4j.home"), "examples", "ltc-autoncp16",
        "model.safetensors");
    CliTest.Result r = CliTest.run("wiring", "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("motor         1"), r.out());
  }

  @Test
  void badArgumentsAreOneLineErrors() {
    CliTest.assertOneLineError(CliTest.run("wiring"), "--spec", "--model");
    CliTest.assertOneLineError(CliTest.run("wiring", "--spec", "{units: 3", "--inputs", "2"),
        "--spec", "JSON");
    CliTest.assertOneLineError(CliTest.run("wiring", "--spec", AUTONCP), "--inputs");
    CliTest.assertOneLineError(CliTest.run("wiring", "--spec", "{\"type\":\"Mesh\"}",
        "--inputs", "2"), "Mesh");
  }
}
