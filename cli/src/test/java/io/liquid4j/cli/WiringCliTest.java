package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.plot.WiringDiagram;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.NeuronType;
import io.liquid4j.wiring.Wiring;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
  void drawsTheDiagramAsSvgWhenTheFileNameSaysSo() throws Exception {
    Path svg = tmp.resolve("w.svg");
    CliTest.Result r = CliTest.run("wiring", "--spec", AUTONCP, "--inputs", "5", "--output",
        svg.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Diagram in " + svg), r.out());
    Document doc = assertSvg(svg, WiringDiagram.WIDTH, WiringDiagram.HEIGHT);
    List<String> texts = texts(doc);
    for (String label : new String[] {"sensory (5)", "inter (9)", "command (5)", "motor (2)",
        "s0", "s4", "15", "excitatory synapse (erev +1)", "inhibitory synapse (erev −1)"}) {
      assertTrue(texts.contains(label), label + " not in " + texts);
    }
    String content = Files.readString(svg);
    assertTrue(content.contains("stroke=\"" + hex(WiringDiagram.EXCITATORY) + "\""), "green");
    assertTrue(content.contains("stroke=\"" + hex(WiringDiagram.INHIBITORY) + "\""), "red");

    CliTest.assertOneLineError(CliTest.run("wiring", "--spec", AUTONCP, "--inputs", "5",
        "--output", svg.toString()), "already exists", "--force");
    assertEquals(content, Files.readString(svg), "kept without --force");
  }

  /**
   * Parses {@code svg}, which must be well-formed XML, an SVG document of {@code width} ×
   * {@code height} whose text all starts inside the picture.
   */
  static Document assertSvg(Path svg, int width, int height) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
    Element root = doc.getDocumentElement();
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI(), svg.toString());
    assertEquals("svg", root.getLocalName(), svg.toString());
    assertEquals(Integer.toString(width), root.getAttribute("width"), svg + " width");
    assertEquals(Integer.toString(height), root.getAttribute("height"), svg + " height");
    assertEquals("0 0 " + width + " " + height, root.getAttribute("viewBox"), svg + " viewBox");
    NodeList texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
    assertTrue(texts.getLength() > 5, svg + ": " + texts.getLength() + " texts");
    Pattern matrix = Pattern.compile("matrix\\(\\S+ \\S+ \\S+ \\S+ (\\S+) (\\S+)\\)");
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      double x;
      double y;
      if (t.hasAttribute("transform")) {
        Matcher m = matrix.matcher(t.getAttribute("transform"));
        assertTrue(m.matches(), t.getAttribute("transform"));
        x = Double.parseDouble(m.group(1));
        y = Double.parseDouble(m.group(2));
      } else {
        x = Double.parseDouble(t.getAttribute("x"));
        y = Double.parseDouble(t.getAttribute("y"));
      }
      assertTrue(x >= 0 && x < width && y > 0 && y <= height,
          "\"" + t.getTextContent() + "\" starts outside the picture at " + x + ", " + y);
    }
    return doc;
  }

  /** The content of each {@code <text>}, in document order. */
  static List<String> texts(Document doc) {
    NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent());
    }
    return out;
  }

  private static String hex(Color c) {
    return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xFFFFFF);
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
