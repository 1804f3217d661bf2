package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.plot.TrajectoryPlot;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/** liquid4j expressivity: the lengths, as text and JSON, and the four panels. */
class ExpressivityCliTest {
  @TempDir Path tmp;

  @Test
  void printsTheLengthsAndDrawsTheTrajectories() throws Exception {
    Path png = tmp.resolve("traj.png");
    CliTest.Result r = CliTest.run("expressivity", "--width", "20", "--seed", "2", "--output",
        png.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    Map<?, ?> m = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
    double ltc = ((Number) m.get("ltc")).doubleValue();
    double node = ((Number) m.get("neural_ode")).doubleValue();
    double ctrnn = ((Number) m.get("ct_rnn")).doubleValue();
    assertTrue(ltc > node && node > ctrnn, m.toString());
    assertEquals(2 * Math.PI, ((Number) m.get("input")).doubleValue(), 0.01);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(2 * TrajectoryPlot.PANEL_WIDTH, image.getWidth());
    assertEquals(2 * TrajectoryPlot.PANEL_HEIGHT, image.getHeight());
    DemoCliTest.assertColourful(png);
    CliTest.assertOneLineError(CliTest.run("expressivity", "--output", png.toString()),
        "already exists", "--force");
    CliTest.assertOneLineError(CliTest.run("expressivity", "--activation", "gelu"),
        "--activation", "gelu");
    CliTest.assertOneLineError(CliTest.run("expressivity", "--solver", "fused"), "--solver");
    CliTest.assertOneLineError(CliTest.run("expressivity", "--samples", "2"), "--samples");
  }
}
