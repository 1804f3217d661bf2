package io.liquid4j.plot;

import io.liquid4j.io.AtomicFiles;
import io.liquid4j.wiring.NeuronType;
import io.liquid4j.wiring.Wiring;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A wiring drawn as ncps's {@code draw_graph} draws it: sensory, inter, command and motor neurons
 * in columns from left to right, synapses as arrows (excitatory in green, inhibitory in red), those
 * within a column (recurrent) as arcs. Written atomically, as SVG if the file name ends in {@code
 * .svg}, else as PNG.
 *
 * <pre>{@code
 * WiringDiagram.write(new AutoNcp(16, 2).build(5), "AutoNCP(16, 2)", Path.of("w.png"), false);
 * WiringDiagram.write(new AutoNcp(16, 2).build(5), "AutoNCP(16, 2)", Path.of("w.svg"), false);
 * }</pre>
 */
public final class WiringDiagram {
  /** Width of the picture, in pixels. */
  public static final int WIDTH = 1000;

  /** Height of the picture, in pixels. */
  public static final int HEIGHT = 700;

  /** Excitatory synapses (reversal potential +1). */
  public static final Color EXCITATORY = new Color(0x2ca02c);

  /** Inhibitory synapses (reversal potential −1). */
  public static final Color INHIBITORY = new Color(0xd62728);

  private static final Color[] NODE_COLOURS = {
    new Color(0x7f7f7f), new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x9467bd)
  };
  private static final String[] COLUMN_NAMES = {"sensory", "inter", "command", "motor"};
  private static final int TOP = 90;
  private static final int BOTTOM = 80;
  private static final int RADIUS = 11;

  private WiringDiagram() {}

  /**
   * Draws {@code wiring} under {@code title} and writes the picture atomically.
   *
   * @param wiring the wiring drawn
   * @param title the title above the diagram
   * @param file the picture to write: PNG, or SVG when the name ends in {@code .svg}
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false; the file is then kept as it was
   * @throws IOException if the file cannot be written
   */
  public static void write(Wiring wiring, String title, Path file, boolean overwrite)
      throws IOException {
    byte[] bytes;
    if (SvgGraphics2D.isSvgFile(file)) {
      SvgGraphics2D g = new SvgGraphics2D(WIDTH, HEIGHT);
      paint(g, wiring, title);
      bytes = g.toSvg().getBytes(StandardCharsets.UTF_8);
    } else {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(draw(wiring, title), "png", png);
      bytes = png.toByteArray();
    }
    AtomicFiles.write(file, bytes, overwrite);
  }

  /**
   * The picture, as pixels.
   *
   * @param wiring the wiring drawn
   * @param title the title above the diagram
   * @return a new RGB image of {@link #WIDTH} × {@link #HEIGHT} pixels
   */
  public static BufferedImage draw(Wiring wiring, String title) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    paint(g, wiring, title);
    g.dispose();
    return image;
  }

  /** Paints the picture, {@link #WIDTH} × {@link #HEIGHT}, onto {@code g}. */
  private static void paint(Graphics2D g, Wiring wiring, String title) {
    // Columns: the inputs, then the neurons by type (empty types left out).
    List<int[]> columns = new ArrayList<>();
    List<Integer> kinds = new ArrayList<>();
    int[] inputs = new int[wiring.inputDim()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = i;
    }
    columns.add(inputs);
    kinds.add(0);
    NeuronType[] types = NeuronType.values();
    for (int t = 0; t < types.length; t++) {
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < wiring.units(); i++) {
        if (wiring.typeOf(i) == types[t]) {
          ids.add(i);
        }
      }
      if (!ids.isEmpty()) {
        columns.add(ids.stream().mapToInt(Integer::intValue).toArray());
        kinds.add(t + 1);
      }
    }
    double[] x = new double[wiring.units()];
    double[] y = new double[wiring.units()];
    double[] sx = new double[inputs.length];
    double[] sy = new double[inputs.length];
    int left = 110;
    int right = WIDTH - 110;
    for (int c = 0; c < columns.size(); c++) {
      int[] ids = columns.get(c);
      double cx = left + (right - left) * (double) c / Math.max(1, columns.size() - 1);
      for (int k = 0; k < ids.length; k++) {
        double cy = TOP + (HEIGHT - TOP - BOTTOM) * (k + 0.5) / ids.length;
        if (c == 0) {
          sx[ids[k]] = cx;
          sy[ids[k]] = cy;
        } else {
          x[ids[k]] = cx;
          y[ids[k]] = cy;
        }
      }
    }

    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);

    g.setStroke(new BasicStroke(1.4f));
    for (int s = 0; s < inputs.length; s++) {
      for (int j = 0; j < wiring.units(); j++) {
        int polarity = wiring.sensorySynapse(s, j);
        if (polarity != 0) {
          g.setColor(translucent(polarity > 0 ? EXCITATORY : INHIBITORY));
          arrow(g, sx[s], sy[s], x[j], y[j]);
        }
      }
    }
    for (int i = 0; i < wiring.units(); i++) {
      for (int j = 0; j < wiring.units(); j++) {
        int polarity = wiring.synapse(i, j);
        if (polarity == 0) {
          continue;
        }
        g.setColor(translucent(polarity > 0 ? EXCITATORY : INHIBITORY));
        if (x[i] == x[j]) {
          // Within a column: an arc bulging to the right, or a small loop for a self-synapse.
          double bulge = i == j ? 2.2 * RADIUS : 18 + 0.25 * Math.abs(y[i] - y[j]);
          double my = i == j ? y[i] - 2.5 * RADIUS : (y[i] + y[j]) / 2;
          g.draw(new QuadCurve2D.Double(x[i], y[i], x[i] + bulge, my, x[j], y[j]));
        } else {
          arrow(g, x[i], y[i], x[j], y[j]);
        }
      }
    }

    Font label = new Font(Font.SANS_SERIF, Font.BOLD, 10);
    g.setFont(label);
    for (int c = 0; c < columns.size(); c++) {
      int kind = kinds.get(c);
      for (int id : columns.get(c)) {
        double cx = c == 0 ? sx[id] : x[id];
        double cy = c == 0 ? sy[id] : y[id];
        g.setColor(NODE_COLOURS[kind]);
        g.fill(new Ellipse2D.Double(cx - RADIUS, cy - RADIUS, 2 * RADIUS, 2 * RADIUS));
        // The neuron's id inside its node, clear of the arrows that arrive at its rim.
        g.setColor(Color.WHITE);
        String name = (c == 0 ? "s" : "") + id;
        g.drawString(name, (float) (cx - g.getFontMetrics().stringWidth(name) / 2.0),
            (float) (cy + 4));
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      String head = COLUMN_NAMES[kind] + " (" + columns.get(c).length + ")";
      FontMetrics fm = g.getFontMetrics();
      double cx = c == 0 ? sx[0] : x[columns.get(c)[0]];
      g.drawString(head, (float) (cx - fm.stringWidth(head) / 2.0), TOP - 22);
      g.setFont(label);
    }

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    FontMetrics fm = g.getFontMetrics();
    g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2f, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    int ly = HEIGHT - 35;
    g.setStroke(new BasicStroke(3f));
    g.setColor(EXCITATORY);
    g.drawLine(WIDTH / 2 - 250, ly - 5, WIDTH / 2 - 215, ly - 5);
    g.setColor(Color.BLACK);
    g.drawString("excitatory synapse (erev +1)", WIDTH / 2 - 205, ly);
    g.setColor(INHIBITORY);
    g.drawLine(WIDTH / 2 + 20, ly - 5, WIDTH / 2 + 55, ly - 5);
    g.setColor(Color.BLACK);
    g.drawString("inhibitory synapse (erev −1)", WIDTH / 2 + 65, ly);
  }

  /** A line from (x0, y0) to the rim of the node at (x1, y1), with an arrowhead there. */
  private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1) {
    double dx = x1 - x0;
    double dy = y1 - y0;
    double length = Math.hypot(dx, dy);
    double ux = dx / length;
    double uy = dy / length;
    double tipX = x1 - ux * RADIUS;
    double tipY = y1 - uy * RADIUS;
    g.draw(new Line2D.Double(x0, y0, tipX, tipY));
    double back = 9;
    double half = 4;
    java.awt.geom.Path2D.Double head = new java.awt.geom.Path2D.Double();
    head.moveTo(tipX, tipY);
    head.lineTo(tipX - ux * back - uy * half, tipY - uy * back + ux * half);
    head.lineTo(tipX - ux * back + uy * half, tipY - uy * back - ux * half);
    head.closePath();
    g.fill(head);
  }

  private static Color translucent(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 170);
  }
}
