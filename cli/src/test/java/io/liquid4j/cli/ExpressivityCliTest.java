package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.plot.TrajectoryPlot;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
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
    CliTest.Result fused = CliTest.run("expressivity", "--solver", "fused");
    CliTest.assertOneLineError(fused);
    assertEquals("liquid4j: error: --solver: expected euler, rk4 or dopri5, got fused (the LTC"
        + " cell's own scheme)", fused.err().lines().findFirst().orElseThrow());
    CliTest.assertOneLineError(CliTest.run("expressivity", "--samples", "2"), "--samples");
    CliTest.Result sigma = CliTest.run("expressivity", "--sigma-w", "-1");
    CliTest.assertOneLineError(sigma);
    assertEquals("liquid4j: error: --sigma-w, --sigma-b: expected finite values > 0, got -1.0"
        + " and 1.0", sigma.err().lines().findFirst().orElseThrow());
    CliTest.Result width = CliTest.run("expressivity", "--width", "1");
    CliTest.assertOneLineError(width);
    assertEquals("liquid4j: error: --width: expected 2 to 2000 neurons, got 1",
        width.err().lines().findFirst().orElseThrow());
  }

  @Test
  void drawsTheTrajectoriesAsSvgWhenTheFileNameSaysSo() throws Exception {
    Path svg = tmp.resolve("traj.svg");
    CliTest.Result r = CliTest.run("expressivity", "--width", "8", "--samples", "20", "--output",
        svg.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Trajectories in " + svg), r.out());
    Document doc = WiringCliTest.assertSvg(svg, 2 * TrajectoryPlot.PANEL_WIDTH,
        2 * TrajectoryPlot.PANEL_HEIGHT);
    List<String> texts = WiringCliTest.texts(doc);
    for (String panel : new String[] {"input (sin t, cos t): l = ", "Neural ODE: l = ",
        "CT-RNN: l = ", "LTC: l = "}) {
      assertEquals(1, texts.stream().filter(t -> t.startsWith(panel)).count(),
          panel + " in " + texts);
    }
    assertEquals(4, texts.stream().filter("1st principal component"::equals).count(),
        texts.toString());
    // Each panel is clipped to its own cell: the last one to the bottom-right quarter.
    NodeList clips = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "clipPath");
    int w = TrajectoryPlot.PANEL_WIDTH;
    int h = TrajectoryPlot.PANEL_HEIGHT;
    String cell = String.format(Locale.ROOT, "M%d %d L%d %d L%d %d L%d %d Z",
        w, h, w, 2 * h, 2 * w, 2 * h, 2 * w, h);
    List<String> clipData = new ArrayList<>();
    for (int i = 0; i < clips.getLength(); i++) {
      Element clip = (Element) clips.item(i);
      clipData.add(((Element) clip.getElementsByTagNameNS("*", "path").item(0)).getAttribute("d"));
    }
    assertTrue(clipData.contains(cell), cell + " not in " + clipData);
  }
}
