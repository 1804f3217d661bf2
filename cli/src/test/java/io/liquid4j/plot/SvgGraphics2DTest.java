package io.liquid4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** SvgGraphics2D: what is drawn comes out as well-formed SVG that says the same. */
class SvgGraphics2DTest {
  static final String SVG_NS = "http://www.w3.org/2000/svg";

  @TempDir Path tmp;

  @Test
  void documentHasTheSizeGiven() throws Exception {
    Element svg = parse(new SvgGraphics2D(320, 200).toSvg()).getDocumentElement();
    assertEquals(SVG_NS, svg.getNamespaceURI());
    assertEquals("svg", svg.getLocalName());
    assertEquals("320", svg.getAttribute("width"));
    assertEquals("200", svg.getAttribute("height"));
    assertEquals("0 0 320 200", svg.getAttribute("viewBox"));
    assertThrows(IllegalArgumentException.class, () -> new SvgGraphics2D(0, 10));
  }

  @Test
  void filledRectangleIsAPathInItsColour() throws Exception {
    SvgGraphics2D g = new SvgGraphics2D(100, 100);
    g.setColor(new Color(0x12, 0x34, 0x56));
    g.fillRect(10, 20, 30, 40);
    List<Element> paths = elements(parse(g.toSvg()), "path");
    assertEquals(1, paths.size());
    Element p = paths.get(0);
    assertEquals("#123456", p.getAttribute("fill"));
    assertFalse(p.hasAttribute("fill-opacity"), "opaque colour");
    assertFalse(p.hasAttribute("stroke"), "filled, not stroked");
    assertArrayEquals(new double[] {10, 20, 40, 60}, bounds(p.getAttribute("d")), 1e-9);
  }

  @Test
  void strokedShapeCarriesItsStroke() throws Exception {
    SvgGraphics2D g = new SvgGraphics2D(100, 100);
    g.setColor(Color.RED);
    g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_BEVEL, 10f,
        new float[] {4f, 2f}, 0f));
    g.drawLine(5, 5, 50, 5);
    Element p = elements(parse(g.toSvg()), "path").get(0);
    assertEquals("none", p.getAttribute("fill"));
    assertEquals("#ff0000", p.getAttribute("stroke"));
    assertEquals("2.5", p.getAttribute("stroke-width"));
    assertEquals("round", p.getAttribute("stroke-linecap"));
    assertEquals("bevel", p.getAttribute("stroke-linejoin"));
    assertEquals("4,2", p.getAttribute("stroke-dasharray"));
    assertArrayEquals(new double[] {5, 5, 50, 5}, bounds(p.getAttribute("d")), 1e-9);
  }

  @Test
  void drawStringIsTextWithSpecialCharactersEscaped() throws Exception {
    SvgGraphics2D g = new SvgGraphics2D(200, 50);
    g.setColor(Color.BLUE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString("a & b < c > \"d\"", 5, 30);
    String svg = g.toSvg();
    assertTrue(svg.contains("a &amp; b &lt; c"), svg);
    List<Element> texts = elements(parse(svg), "text");
    assertEquals(1, texts.size());
    Element t = texts.get(0);
    assertEquals("a & b < c > \"d\"", t.getTextContent());
    assertEquals("5", t.getAttribute("x"));
    assertEquals("30", t.getAttribute("y"));
    assertEquals("#0000ff", t.getAttribute("fill"));
    assertEquals("15", t.getAttribute("font-size"));
    assertEquals("bold", t.getAttribute("font-weight"));
    assertEquals("sans-serif", t.getAttribute("font-family"));
    double javaWidth = g.getFontMetrics().getStringBounds("a & b < c > \"d\"", g).getWidth();
    assertEquals(javaWidth, Double.parseDouble(t.getAttribute("textLength")), 0.01);
  }

  @Test
  void charactersXmlCannotHoldAreReplaced() throws Exception {
    SvgGraphics2D g = new SvgGraphics2D(100, 50);
    g.drawString("x\u0001y\ud800z", 0, 20);
    assertEquals("x\ufffdy\ufffdz", elements(parse(g.toSvg()), "text").get(0).getTextContent());
  }

  @Test
  void alphaBecomesOpacity() throws Exception {
    SvgGraphics2D g = new SvgGraphics2D(100, 100);
    g.setColor(new Color(255, 0, 0, 51)); // 0.2
    g.fillRect(0, 0, 10, 10);
    g.drawLine(0, 0, 10, 10);
    g.setColor(Color.GREEN);
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.5f));
    g.fillRect(20, 20, 10, 10);
    g.drawString("half", 30, 30);
    Document doc = parse(g.toSvg());
    List<Element> paths = elements(doc, "path");
    assertEquals(3, paths.size());
    assertEquals("0.2", paths.get(0).getAttribute("fill-opacity"));
    assertEquals("0.2", paths.get(1).getAttribute("stroke-opacity"));
    assertEquals("#00ff00", paths.get(2).getAttribute("fill"));
    assertEquals("0.5", paths.get(2).getAttribute("fill-opacity"));
    assertEquals("0.5", elements(doc, "text").get(0).getAttribute("fill-opacity"));
  }

  @Test
  void clipBecomesClipPath() throws Exception {
    SvgGraphics2D g = new SvgGraphics2D(100, 100);
    g.fillRect(0, 0, 5, 5); // before any clip
    g.translate(10, 10);
    g.clipRect(0, 0, 50, 40);
    g.clip(new java.awt.Rectangle(20, 20, 100, 100)); // intersected: (30, 30)-(60, 50)
    g.fillRect(0, 0, 100, 100);
    g.drawString("clipped", 25, 35);
    assertEquals(new java.awt.Rectangle(20, 20, 30, 20), g.getClipBounds());
    g.setClip(null);
    assertNull(g.getClip());
    g.fillRect(70, 70, 5, 5); // after it
    Document doc = parse(g.toSvg());

    List<Element> clips = elements(doc, "clipPath");
    assertEquals(1, clips.size());
    String id = clips.get(0).getAttribute("id");
    Element clipPath = elements(clips.get(0), "path").get(0);
    assertArrayEquals(new double[] {30, 30, 60, 50}, bounds(clipPath.getAttribute("d")), 1e-9);

    List<Element> groups = elements(doc, "g");
    assertEquals(1, groups.size());
    Element group = groups.get(0);
    assertEquals("url(#" + id + ")", group.getAttribute("clip-path"));
    List<Element> inside = elements(group, "path");
    assertEquals(1, inside.size());
    assertArrayEquals(new double[] {10, 10, 110, 110}, bounds(inside.get(0).getAttribute("d")),
        1e-9);
    assertEquals(1, elements(group, "text").size());
    assertEquals(4, elements(doc, "path").size(), "one before, the clip's, one inside, one after");
    assertTrue(g.hit(new java.awt.Rectangle(40, 40, 1, 1),
        new java.awt.Rectangle(25, 25, 10, 10), false));
    g.clipRect(0, 0, 10, 10);
    assertFalse(g.hit(new java.awt.Rectangle(40, 40, 1, 1),
        new java.awt.Rectangle(0, 0, 100, 100), false), "outside the clip");
  }

  @Test
  void everythingOutsideAnEmptyClipIsLeftOut() throws Exception {
    SvgGraphics2D g = new SvgGraphics2D(100, 100);
    g.clipRect(0, 0, 10, 10);
    g.clipRect(50, 50, 10, 10);
    g.fillRect(0, 0, 100, 100);
    g.drawString("gone", 5, 5);
    Document doc = parse(g.toSvg());
    assertEquals(0, elements(doc, "path").size() - elements(doc, "clipPath").size());
    assertEquals(0, elements(doc, "text").size());
  }

  @Test
  void transformsApplyToCoordinates() throws Exception {
    SvgGraphics2D g = new SvgGraphics2D(200, 200);
    g.translate(10, 20);
    g.scale(2, 2);
    g.fillRect(1, 2, 3, 4);
    g.setStroke(new BasicStroke(1.5f));
    g.drawLine(0, 0, 5, 0);
    g.drawString("up", 5, 6);
    g.rotate(-Math.PI / 2);
    g.drawString("rotated", 0, 0);
    // A copy starts from the transform of its original, and changing it leaves the original.
    java.awt.geom.AffineTransform before = g.getTransform();
    SvgGraphics2D copy = (SvgGraphics2D) g.create();
    copy.translate(100, 100);
    assertEquals(before, g.getTransform());
    assertEquals(before.getTranslateY() - 200, copy.getTransform().getTranslateY(), 1e-9);

    Document doc = parse(g.toSvg());
    List<Element> paths = elements(doc, "path");
    assertArrayEquals(new double[] {12, 24, 18, 32}, bounds(paths.get(0).getAttribute("d")),
        1e-9);
    assertArrayEquals(new double[] {10, 20, 20, 20}, bounds(paths.get(1).getAttribute("d")),
        1e-9);
    assertEquals("3", paths.get(1).getAttribute("stroke-width"), "1.5 scaled by 2");
    List<Element> texts = elements(doc, "text");
    assertEquals("matrix(2 0 0 2 20 32)", texts.get(0).getAttribute("transform"));
    assertEquals("matrix(0 -2 2 0 10 20)", texts.get(1).getAttribute("transform"));
  }

  @Test
  void xchartTextIsReadBackAsText() throws Exception {
    XYChart chart = Charts.xy(600, 400, "Loss & <accuracy> per epoch", "epoch",
        "cross-entropy (nats)", 16);
    chart.addSeries("run 1", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.4});
    Path svg = tmp.resolve("chart.svg");
    Charts.write(chart, svg, false);
    Document doc = parse(Files.readString(svg));
    Element root = doc.getDocumentElement();
    assertEquals("600", root.getAttribute("width"));
    assertEquals("400", root.getAttribute("height"));
    List<String> texts = new ArrayList<>();
    Element yTitle = null;
    for (Element t : elements(doc, "text")) {
      texts.add(t.getTextContent());
      if (t.getTextContent().equals("cross-entropy (nats)")) {
        yTitle = t;
      }
    }
    assertTrue(texts.contains("Loss & <accuracy> per epoch"), texts.toString());
    assertTrue(texts.contains("epoch"), texts.toString());
    assertTrue(texts.contains("run 1"), texts.toString());
    assertNotNull(yTitle, texts.toString());
    // Drawn upwards: x along −y.
    assertTrue(yTitle.getAttribute("transform").startsWith("matrix(0 -1 1 0 "),
        yTitle.getAttribute("transform"));
    assertTrue(elements(doc, "path").size() > 10, "axes, grid lines, the series");
    assertTrue(elements(doc, "clipPath").size() >= 1, "the plot area clips the series");
  }

  @Test
  void fileNameChoosesTheFormat() throws Exception {
    assertTrue(SvgGraphics2D.isSvgFile(Path.of("a", "b.SVG")));
    assertFalse(SvgGraphics2D.isSvgFile(Path.of("b.svg", "c.png")));
    assertFalse(SvgGraphics2D.isSvgFile(Path.of("svg")));
    XYChart chart = Charts.xy(300, 200, "t", "x", "y", 12);
    chart.addSeries("s", new double[] {1, 2}, new double[] {1, 2});
    Path png = tmp.resolve("chart.png");
    Charts.write(chart, png, false);
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
  }

  @Test
  void existingFileIsKeptWithoutOverwrite() throws Exception {
    XYChart chart = Charts.xy(300, 200, "t", "x", "y", 12);
    chart.addSeries("s", new double[] {1, 2}, new double[] {1, 2});
    Path svg = tmp.resolve("kept.svg");
    Files.writeString(svg, "precious");
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> Charts.write(chart, svg, false));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals("precious", Files.readString(svg));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(svg), files.toList(), "no temporary file left behind");
    }
    Charts.write(chart, svg, true);
    assertEquals("svg", parse(Files.readString(svg)).getDocumentElement().getLocalName());
  }

  /** Parses {@code svg} as namespace-aware XML; fails unless well-formed. */
  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  /** The SVG elements named {@code name} under {@code root}, in document order. */
  static List<Element> elements(Object root, String name) {
    NodeList nodes = root instanceof Document d ? d.getElementsByTagNameNS(SVG_NS, name)
        : ((Element) root).getElementsByTagNameNS(SVG_NS, name);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  /** The bounding box of the points in path data: {minX, minY, maxX, maxY}. */
  private static double[] bounds(String d) {
    Matcher m = Pattern.compile("-?[0-9]+(\\.[0-9]+)?").matcher(d);
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; m.find(); i++) {
      double v = Double.parseDouble(m.group());
      b[i % 2] = Math.min(b[i % 2], v);
      b[2 + i % 2] = Math.max(b[2 + i % 2], v);
    }
    return b;
  }
}
