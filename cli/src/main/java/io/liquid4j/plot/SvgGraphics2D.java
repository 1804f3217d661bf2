package io.liquid4j.plot;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsConfiguration;
import java.awt.Image;
import java.awt.Paint;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.awt.image.ImageObserver;
import java.awt.image.RenderedImage;
import java.awt.image.renderable.RenderableImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.AttributedCharacterIterator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * A {@link Graphics2D} that records what is drawn as an SVG document instead of setting pixels, so
 * that the painting code of a PNG picture (plain Java2D, or XChart's {@code chart.paint(g, width,
 * height)}) also gives a vector picture. Written in-house: XChart's own SVG export needs
 * VectorGraphics2D (LGPL) and JFreeSVG is GPL.
 *
 * <p>Shapes become {@code <path>} elements in picture coordinates (the current transform applied),
 * filled or stroked with the current colour and its alpha; a {@link BasicStroke}'s width, dashes,
 * caps and joins carry over. Clips become {@code <clipPath>}s, images embedded PNGs. Text drawn
 * with {@code drawString} becomes {@code <text>} in the current font and transform. XChart does
 * not call {@code drawString}: it fills the glyph outlines of a {@link TextLayout}. Such a fill is
 * read back into its characters when it is exactly the outline of a string in a font this graphics
 * has been given, and then also written as {@code <text>}; any other fill stays a path, which looks
 * the same but is not text. Every {@code <text>} gets Java's width of the string as its {@code
 * textLength}, so that a viewer whose fonts differ from Java's still fits it where the layout put
 * it. (Viewers that ignore {@code textLength}, such as librsvg 2.54, draw text a few percent wider
 * than Java's hinted layout.)
 *
 * <p>Not carried over: gradient and texture paints (drawn in one colour), composites other than
 * alpha, XOR mode, {@code copyArea} and rendering hints (SVG viewers antialias anyway). Font
 * metrics and the font render context are those of a 1×1 image, so layout code works headless.
 * Not thread-safe, like any Graphics2D.
 *
 * <pre>{@code
 * SvgGraphics2D g = new SvgGraphics2D(600, 400);
 * chart.paint(g, 600, 400);            // or g.draw(...), g.drawString(...)
 * Files.writeString(Path.of("chart.svg"), g.toSvg());
 * }</pre>
 */
public final class SvgGraphics2D extends Graphics2D {
  /** The document: shared by this graphics and the ones {@link #create()} makes from it. */
  private final Document doc;

  private Color color = Color.BLACK;
  private Paint paint = Color.BLACK;
  private Color background = Color.WHITE;
  private Composite composite = AlphaComposite.SrcOver;
  private Stroke stroke = new BasicStroke(1f);
  private Font font = new Font(Font.DIALOG, Font.PLAIN, 12);
  private AffineTransform transform = new AffineTransform();
  private final RenderingHints hints = new RenderingHints(null);
  /** The clip in picture coordinates (null: none), and its path data, the key of its clipPath. */
  private Area clip;
  private String clipData;

  /**
   * An empty picture of {@code width} × {@code height} pixels (user units).
   *
   * @param width the width in pixels, at least 1
   * @param height the height in pixels, at least 1
   * @throws IllegalArgumentException if either is below 1
   */
  public SvgGraphics2D(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("expected a size of at least 1×1, got " + width + "×"
          + height);
    }
    doc = new Document(width, height);
  }

  private SvgGraphics2D(SvgGraphics2D parent) {
    doc = parent.doc;
    color = parent.color;
    paint = parent.paint;
    background = parent.background;
    composite = parent.composite;
    stroke = parent.stroke;
    font = parent.font;
    transform = new AffineTransform(parent.transform);
    hints.putAll(parent.hints);
    clip = parent.clip;
    clipData = parent.clipData;
  }

  /**
   * Whether {@code file} is named for SVG (ends in {@code .svg}, any case); else it is PNG.
   *
   * @param file a picture's path
   * @return true for an SVG file name
   */
  public static boolean isSvgFile(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".svg");
  }

  /**
   * The SVG document of everything drawn so far; drawing may go on afterwards.
   *
   * @return the complete SVG document, with its XML declaration
   */
  public String toSvg() {
    StringBuilder out = new StringBuilder(doc.body.length() + 400);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        .append(" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"")
        .append(" width=\"").append(doc.width).append("\" height=\"").append(doc.height)
        .append("\" viewBox=\"0 0 ").append(doc.width).append(' ').append(doc.height)
        // Java keeps runs of spaces in strings; so must the viewer.
        .append("\" xml:space=\"preserve\">\n")
        .append(doc.body);
    if (doc.openClip != null) {
      out.append("</g>\n");
    }
    return out.append("</svg>\n").toString();
  }

  // ---- Shapes ----

  @Override
  public void draw(Shape s) {
    if (stroke instanceof BasicStroke bs && isConformal(transform)) {
      String d = pathData(s, transform);
      if (d.isEmpty()) {
        return;
      }
      emit("<path d=\"" + d + "\" fill=\"none\"" + paintAttributes("stroke")
          + strokeAttributes(bs, Math.sqrt(Math.abs(transform.getDeterminant()))) + "/>");
    } else {
      // A stroke SVG cannot say (another Stroke, or a transform that squeezes the line width
      // unevenly): Java's own outline of the stroke, filled.
      fillPath(stroke.createStrokedShape(s));
    }
  }

  @Override
  public void fill(Shape s) {
    if (!(s instanceof Path2D path && readAsText(path, null))) {
      fillPath(s);
    }
  }

  private void fillPath(Shape s) {
    String d = pathData(s, transform);
    if (d.isEmpty()) {
      return;
    }
    String rule = s.getPathIterator(null).getWindingRule() == PathIterator.WIND_EVEN_ODD
        ? " fill-rule=\"evenodd\"" : "";
    emit("<path d=\"" + d + "\"" + rule + paintAttributes("fill") + "/>");
  }

  @Override
  public boolean hit(Rectangle rect, Shape s, boolean onStroke) {
    // As Graphics2D specifies: nothing outside the clip can be hit.
    if (clip != null && !clip.intersects(rect)) {
      return false;
    }
    Shape target = onStroke ? stroke.createStrokedShape(s) : s;
    return transform.createTransformedShape(target).intersects(rect);
  }

  @Override
  public void drawLine(int x1, int y1, int x2, int y2) {
    draw(new Line2D.Float(x1, y1, x2, y2));
  }

  @Override
  public void drawRect(int x, int y, int width, int height) {
    if (width >= 0 && height >= 0) {
      draw(new Rectangle(x, y, width, height));
    }
  }

  @Override
  public void fillRect(int x, int y, int width, int height) {
    fill(new Rectangle(x, y, width, height));
  }

  @Override
  public void clearRect(int x, int y, int width, int height) {
    Paint saved = paint;
    Composite savedComposite = composite;
    paint = background;
    composite = AlphaComposite.Src;
    fill(new Rectangle(x, y, width, height));
    paint = saved;
    composite = savedComposite;
  }

  @Override
  public void drawRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
    draw(new RoundRectangle2D.Float(x, y, width, height, arcWidth, arcHeight));
  }

  @Override
  public void fillRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
    fill(new RoundRectangle2D.Float(x, y, width, height, arcWidth, arcHeight));
  }

  @Override
  public void drawOval(int x, int y, int width, int height) {
    draw(new Ellipse2D.Float(x, y, width, height));
  }

  @Override
  public void fillOval(int x, int y, int width, int height) {
    fill(new Ellipse2D.Float(x, y, width, height));
  }

  @Override
  public void drawArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
    draw(new Arc2D.Float(x, y, width, height, startAngle, arcAngle, Arc2D.OPEN));
  }

  @Override
  public void fillArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
    fill(new Arc2D.Float(x, y, width, height, startAngle, arcAngle, Arc2D.PIE));
  }

  @Override
  public void drawPolyline(int[] xPoints, int[] yPoints, int nPoints) {
    if (nPoints < 2) {
      return;
    }
    Path2D.Float p = new Path2D.Float();
    p.moveTo(xPoints[0], yPoints[0]);
    for (int i = 1; i < nPoints; i++) {
      p.lineTo(xPoints[i], yPoints[i]);
    }
    draw(p);
  }

  @Override
  public void drawPolygon(int[] xPoints, int[] yPoints, int nPoints) {
    draw(new Polygon(xPoints, yPoints, nPoints));
  }

  @Override
  public void fillPolygon(int[] xPoints, int[] yPoints, int nPoints) {
    fill(new Polygon(xPoints, yPoints, nPoints));
  }

  // ---- Text ----

  @Override
  public void drawString(String str, int x, int y) {
    drawString(str, (float) x, (float) y);
  }

  @Override
  public void drawString(String str, float x, float y) {
    Objects.requireNonNull(str, "str");
    if (str.isEmpty()) {
      return;
    }
    AffineTransform at = new AffineTransform(transform);
    at.translate(x, y);
    Font plain = font;
    if (font.isTransformed()) {
      at.concatenate(font.getTransform());
      plain = font.deriveFont(new AffineTransform());
    }
    emitText(str, plain, at);
  }

  @Override
  public void drawString(AttributedCharacterIterator iterator, int x, int y) {
    drawString(iterator, (float) x, (float) y);
  }

  @Override
  public void drawString(AttributedCharacterIterator iterator, float x, float y) {
    if (iterator.getEndIndex() > iterator.getBeginIndex()) {
      // TextLayout draws each styled run as a glyph vector, read back as text below.
      new TextLayout(iterator, getFontRenderContext()).draw(this, x, y);
    }
  }

  @Override
  public void drawGlyphVector(GlyphVector g, float x, float y) {
    Shape outline = g.getOutline(x, y);
    if (!(outline instanceof Path2D path && readAsText(path, g.getFont()))) {
      fillPath(outline);
    }
  }

  /** Writes the fill as text if it is the outline of a string in a known font; else false. */
  private boolean readAsText(Path2D outline, Font hint) {
    Set<Font> fonts = new LinkedHashSet<>();
    if (hint != null) {
      fonts.add(hint);
    }
    fonts.add(font);
    fonts.addAll(doc.fontsSeen);
    FontRenderContext frc = getFontRenderContext();
    for (Font f : fonts) {
      Font plain = f.isTransformed() ? f.deriveFont(new AffineTransform()) : f;
      OutlineReader.Text text = doc.reader.read(outline, plain, frc);
      if (text != null) {
        AffineTransform at = new AffineTransform(transform);
        at.concatenate(text.placement());
        emitText(text.string(), plain, at);
        return true;
      }
    }
    return false;
  }

  /** A {@code <text>} whose baseline starts at the origin of {@code at}. */
  private void emitText(String str, Font f, AffineTransform at) {
    StringBuilder e = new StringBuilder("<text");
    if (at.getType() == AffineTransform.TYPE_IDENTITY
        || at.getType() == AffineTransform.TYPE_TRANSLATION) {
      e.append(" x=\"");
      num(e, at.getTranslateX(), 2);
      e.append("\" y=\"");
      num(e, at.getTranslateY(), 2);
      e.append('"');
    } else {
      e.append(" transform=\"").append(matrix(at)).append('"');
    }
    e.append(" font-family=\"").append(escape(cssFamily(f))).append("\" font-size=\"");
    num(e, f.getSize2D(), 2);
    e.append('"');
    if (f.isBold()) {
      e.append(" font-weight=\"bold\"");
    }
    if (f.isItalic()) {
      e.append(" font-style=\"italic\"");
    }
    e.append(paintAttributes("fill"));
    double width = f.getStringBounds(str, getFontRenderContext()).getWidth();
    if (width > 0) {
      e.append(" textLength=\"");
      num(e, width, 2);
      e.append("\" lengthAdjust=\"spacingAndGlyphs\"");
    }
    emit(e.append('>').append(escape(str)).append("</text>").toString());
  }

  private static String cssFamily(Font f) {
    switch (f.getName()) {
      case Font.SANS_SERIF, Font.DIALOG:
        return "sans-serif";
      case Font.SERIF:
        return "serif";
      case Font.MONOSPACED, Font.DIALOG_INPUT:
        return "monospace";
      default:
        return "'" + f.getFamily().replace("'", "") + "', sans-serif";
    }
  }

  // ---- Images ----

  @Override
  public boolean drawImage(Image img, AffineTransform xform, ImageObserver obs) {
    BufferedImage b = buffered(img);
    if (b == null) {
      return false;
    }
    drawRenderedImage(b, xform);
    return true;
  }

  @Override
  public void drawImage(BufferedImage img, BufferedImageOp op, int x, int y) {
    drawRenderedImage(op == null ? img : op.filter(img, null),
        AffineTransform.getTranslateInstance(x, y));
  }

  @Override
  public void drawRenderedImage(RenderedImage img, AffineTransform xform) {
    AffineTransform at = new AffineTransform(transform);
    if (xform != null) {
      at.concatenate(xform);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding an image as PNG", e);
    }
    emit("<image width=\"" + img.getWidth() + "\" height=\"" + img.getHeight()
        + "\" preserveAspectRatio=\"none\" transform=\"" + matrix(at) + "\""
        + opacity("opacity", 1) + " xlink:href=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"/>");
  }

  @Override
  public void drawRenderableImage(RenderableImage img, AffineTransform xform) {
    drawRenderedImage(img.createDefaultRendering(), xform);
  }

  @Override
  public boolean drawImage(Image img, int x, int y, ImageObserver observer) {
    return drawImage(img, AffineTransform.getTranslateInstance(x, y), observer);
  }

  @Override
  public boolean drawImage(Image img, int x, int y, int width, int height,
      ImageObserver observer) {
    BufferedImage b = buffered(img);
    if (b == null) {
      return false;
    }
    AffineTransform at = AffineTransform.getTranslateInstance(x, y);
    at.scale((double) width / b.getWidth(), (double) height / b.getHeight());
    drawRenderedImage(b, at);
    return true;
  }

  @Override
  public boolean drawImage(Image img, int x, int y, Color bgcolor, ImageObserver observer) {
    BufferedImage b = buffered(img);
    return b != null && drawImage(b, x, y, b.getWidth(), b.getHeight(), bgcolor, observer);
  }

  @Override
  public boolean drawImage(Image img, int x, int y, int width, int height, Color bgcolor,
      ImageObserver observer) {
    fillBehind(bgcolor, x, y, width, height);
    return drawImage(img, x, y, width, height, observer);
  }

  @Override
  public boolean drawImage(Image img, int dx1, int dy1, int dx2, int dy2, int sx1, int sy1,
      int sx2, int sy2, ImageObserver observer) {
    BufferedImage b = buffered(img);
    if (b == null) {
      return false;
    }
    int left = Math.max(0, Math.min(sx1, sx2));
    int top = Math.max(0, Math.min(sy1, sy2));
    int right = Math.min(b.getWidth(), Math.max(sx1, sx2));
    int bottom = Math.min(b.getHeight(), Math.max(sy1, sy2));
    if (right <= left || bottom <= top || sx1 == sx2 || sy1 == sy2) {
      return true;
    }
    // Source (sx, sy) lands on dx1 + (sx - sx1) * kx, dy1 + (sy - sy1) * ky; negative k flips.
    double kx = (double) (dx2 - dx1) / (sx2 - sx1);
    double ky = (double) (dy2 - dy1) / (sy2 - sy1);
    AffineTransform at = AffineTransform.getTranslateInstance(dx1 + (left - sx1) * kx,
        dy1 + (top - sy1) * ky);
    at.scale(kx, ky);
    drawRenderedImage(b.getSubimage(left, top, right - left, bottom - top), at);
    return true;
  }

  @Override
  public boolean drawImage(Image img, int dx1, int dy1, int dx2, int dy2, int sx1, int sy1,
      int sx2, int sy2, Color bgcolor, ImageObserver observer) {
    fillBehind(bgcolor, Math.min(dx1, dx2), Math.min(dy1, dy2), Math.abs(dx2 - dx1),
        Math.abs(dy2 - dy1));
    return drawImage(img, dx1, dy1, dx2, dy2, sx1, sy1, sx2, sy2, observer);
  }

  private void fillBehind(Color bgcolor, int x, int y, int width, int height) {
    if (bgcolor != null) {
      Paint saved = paint;
      paint = bgcolor;
      fill(new Rectangle(x, y, width, height));
      paint = saved;
    }
  }

  /** The image as a BufferedImage, or null while it is not loaded. */
  private static BufferedImage buffered(Image img) {
    if (img instanceof BufferedImage b) {
      return b;
    }
    int w = img.getWidth(null);
    int h = img.getHeight(null);
    if (w <= 0 || h <= 0) {
      return null;
    }
    BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = b.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return b;
  }

  // ---- State ----

  @Override
  public Graphics create() {
    return new SvgGraphics2D(this);
  }

  @Override
  public void dispose() {}

  @Override
  public Color getColor() {
    return color;
  }

  @Override
  public void setColor(Color c) {
    if (c != null) {
      color = c;
      paint = c;
    }
  }

  @Override
  public Paint getPaint() {
    return paint;
  }

  @Override
  public void setPaint(Paint p) {
    if (p != null) {
      paint = p;
      if (p instanceof Color c) {
        color = c;
      }
    }
  }

  @Override
  public Color getBackground() {
    return background;
  }

  @Override
  public void setBackground(Color c) {
    background = c;
  }

  @Override
  public Composite getComposite() {
    return composite;
  }

  @Override
  public void setComposite(Composite comp) {
    composite = Objects.requireNonNull(comp, "comp");
  }

  @Override
  public Stroke getStroke() {
    return stroke;
  }

  @Override
  public void setStroke(Stroke s) {
    stroke = Objects.requireNonNull(s, "s");
  }

  @Override
  public Font getFont() {
    return font;
  }

  @Override
  public void setFont(Font f) {
    if (f != null) {
      font = f;
      doc.fontsSeen.add(f);
    }
  }

  @Override
  public FontMetrics getFontMetrics(Font f) {
    doc.metrics.setRenderingHints(hints);
    return doc.metrics.getFontMetrics(f);
  }

  @Override
  public FontRenderContext getFontRenderContext() {
    // As an image's graphics with these hints would lay text out (identity transform: vectors
    // need no device hinting).
    doc.metrics.setRenderingHints(hints);
    return doc.metrics.getFontRenderContext();
  }

  @Override
  public GraphicsConfiguration getDeviceConfiguration() {
    return doc.metrics.getDeviceConfiguration();
  }

  @Override
  public void setPaintMode() {}

  /** Not supported: XOR drawing has no SVG equivalent; drawing goes on in paint mode. */
  @Override
  public void setXORMode(Color c1) {}

  /** Not supported: a vector picture has no pixels to copy. */
  @Override
  public void copyArea(int x, int y, int width, int height, int dx, int dy) {}

  @Override
  public void setRenderingHint(RenderingHints.Key hintKey, Object hintValue) {
    hints.put(hintKey, hintValue);
  }

  @Override
  public Object getRenderingHint(RenderingHints.Key hintKey) {
    return hints.get(hintKey);
  }

  @Override
  public void setRenderingHints(Map<?, ?> newHints) {
    hints.clear();
    hints.putAll(newHints);
  }

  @Override
  public void addRenderingHints(Map<?, ?> newHints) {
    hints.putAll(newHints);
  }

  @Override
  public RenderingHints getRenderingHints() {
    return (RenderingHints) hints.clone();
  }

  @Override
  public void translate(int x, int y) {
    transform.translate(x, y);
  }

  @Override
  public void translate(double tx, double ty) {
    transform.translate(tx, ty);
  }

  @Override
  public void rotate(double theta) {
    transform.rotate(theta);
  }

  @Override
  public void rotate(double theta, double x, double y) {
    transform.rotate(theta, x, y);
  }

  @Override
  public void scale(double sx, double sy) {
    transform.scale(sx, sy);
  }

  @Override
  public void shear(double shx, double shy) {
    transform.shear(shx, shy);
  }

  @Override
  public void transform(AffineTransform tx) {
    transform.concatenate(tx);
  }

  @Override
  public void setTransform(AffineTransform tx) {
    transform = new AffineTransform(tx);
  }

  @Override
  public AffineTransform getTransform() {
    return new AffineTransform(transform);
  }

  // ---- Clip (kept in picture coordinates, returned in user coordinates) ----

  @Override
  public Shape getClip() {
    if (clip == null) {
      return null;
    }
    try {
      return transform.createInverse().createTransformedShape(clip);
    } catch (NoninvertibleTransformException e) {
      return null;
    }
  }

  @Override
  public Rectangle getClipBounds() {
    Shape c = getClip();
    return c == null ? null : c.getBounds();
  }

  @Override
  public void clip(Shape s) {
    if (s == null || clip == null) {
      setClip(s);
      return;
    }
    Area a = new Area(clip);
    a.intersect(new Area(transform.createTransformedShape(s)));
    setDeviceClip(a);
  }

  @Override
  public void clipRect(int x, int y, int width, int height) {
    clip(new Rectangle(x, y, width, height));
  }

  @Override
  public void setClip(int x, int y, int width, int height) {
    setClip(new Rectangle(x, y, width, height));
  }

  @Override
  public void setClip(Shape s) {
    setDeviceClip(s == null ? null : new Area(transform.createTransformedShape(s)));
  }

  private void setDeviceClip(Area a) {
    clip = a;
    clipData = a == null ? null : pathData(a, null);
  }

  // ---- Output ----

  /** Appends one element, inside a group clipped to the current clip. */
  private void emit(String element) {
    if (clipData != null && clipData.isEmpty()) {
      return; // clipped away entirely
    }
    doc.useClip(clipData);
    doc.body.append(element).append('\n');
  }

  /** fill/stroke colour and opacity of the current paint (flat colour for other paints). */
  private String paintAttributes(String property) {
    Color c;
    if (paint instanceof Color p) {
      c = p;
    } else if (paint instanceof GradientPaint g) {
      c = mix(g.getColor1(), g.getColor2());
    } else {
      c = color;
    }
    return " " + property + "=\"" + hex(c) + "\"" + opacity(property + "-opacity",
        c.getAlpha() / 255.0);
  }

  private String opacity(String attribute, double alpha) {
    if (composite instanceof AlphaComposite ac) {
      alpha *= ac.getAlpha();
    }
    if (alpha >= 1) {
      return "";
    }
    StringBuilder b = new StringBuilder(" ").append(attribute).append("=\"");
    num(b, alpha, 3);
    return b.append('"').toString();
  }

  private static String strokeAttributes(BasicStroke s, double scale) {
    StringBuilder b = new StringBuilder(" stroke-width=\"");
    // Java draws a zero-width stroke as the thinnest visible line; SVG would draw nothing.
    num(b, s.getLineWidth() == 0 ? 1 : s.getLineWidth() * scale, 3);
    b.append('"');
    if (s.getEndCap() == BasicStroke.CAP_ROUND) {
      b.append(" stroke-linecap=\"round\"");
    } else if (s.getEndCap() == BasicStroke.CAP_SQUARE) {
      b.append(" stroke-linecap=\"square\"");
    }
    if (s.getLineJoin() == BasicStroke.JOIN_ROUND) {
      b.append(" stroke-linejoin=\"round\"");
    } else if (s.getLineJoin() == BasicStroke.JOIN_BEVEL) {
      b.append(" stroke-linejoin=\"bevel\"");
    } else if (s.getMiterLimit() != 4) {
      b.append(" stroke-miterlimit=\"");
      num(b, s.getMiterLimit(), 3);
      b.append('"');
    }
    float[] dash = s.getDashArray();
    if (dash != null && dash.length > 0) {
      b.append(" stroke-dasharray=\"");
      for (int i = 0; i < dash.length; i++) {
        if (i > 0) {
          b.append(',');
        }
        num(b, dash[i] * scale, 3);
      }
      b.append('"');
      if (s.getDashPhase() != 0) {
        b.append(" stroke-dashoffset=\"");
        num(b, s.getDashPhase() * scale, 3);
        b.append('"');
      }
    }
    return b.toString();
  }

  /** Rotation and uniform scale (and translation): a stroke keeps its width everywhere. */
  private static boolean isConformal(AffineTransform t) {
    double eps = 1e-9 * (Math.abs(t.getScaleX()) + Math.abs(t.getShearX()) + 1);
    return Math.abs(t.getScaleX() - t.getScaleY()) < eps
        && Math.abs(t.getShearX() + t.getShearY()) < eps;
  }

  /** SVG path data of {@code s}, transformed by {@code at} (may be null); "" if empty. */
  private static String pathData(Shape s, AffineTransform at) {
    StringBuilder d = new StringBuilder();
    double[] c = new double[6];
    boolean drawn = false;
    for (PathIterator it = s.getPathIterator(at); !it.isDone(); it.next()) {
      int type = it.currentSegment(c);
      int points = switch (type) {
        case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 1;
        case PathIterator.SEG_QUADTO -> 2;
        case PathIterator.SEG_CUBICTO -> 3;
        default -> 0;
      };
      if (d.length() > 0) {
        d.append(' ');
      }
      d.append("MLQCZ".charAt(type));
      for (int i = 0; i < 2 * points; i++) {
        if (i > 0) {
          d.append(' ');
        }
        num(d, c[i], 2);
      }
      drawn |= type != PathIterator.SEG_MOVETO;
    }
    return drawn ? d.toString() : "";
  }

  private static String matrix(AffineTransform t) {
    StringBuilder b = new StringBuilder("matrix(");
    double[] m = new double[6];
    t.getMatrix(m);
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        b.append(' ');
      }
      num(b, m[i], i < 4 ? 6 : 2);
    }
    return b.append(')').toString();
  }

  /** Appends {@code v} rounded to {@code decimals}, without exponent or trailing zeros. */
  static void num(StringBuilder b, double v, int decimals) {
    if (!Double.isFinite(v) || Math.abs(v) > 1e12) {
      b.append(Double.isFinite(v) ? Long.toString((long) v) : "0");
      return;
    }
    long unit = 1;
    for (int i = 0; i < decimals; i++) {
      unit *= 10;
    }
    long r = Math.round(Math.abs(v) * unit);
    if (r == 0) {
      b.append('0');
      return;
    }
    if (v < 0) {
      b.append('-');
    }
    b.append(r / unit);
    long fraction = r % unit;
    if (fraction != 0) {
      String digits = Long.toString(unit + fraction).substring(1); // keeps leading zeros
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(digits, 0, end);
    }
  }

  private static String hex(Color c) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }

  private static Color mix(Color a, Color b) {
    return new Color((a.getRed() + b.getRed()) / 2, (a.getGreen() + b.getGreen()) / 2,
        (a.getBlue() + b.getBlue()) / 2, (a.getAlpha() + b.getAlpha()) / 2);
  }

  /** {@code s} as XML text or attribute value; characters XML cannot hold become U+FFFD. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> {
          boolean legal = cp == '\t' || cp == '\n' || cp == '\r'
              || (cp >= 0x20 && cp < 0xD800) || (cp > 0xDFFF && cp < 0xFFFE) || cp > 0xFFFF;
          b.appendCodePoint(legal ? cp : 0xFFFD);
        }
      }
    }
    return b.toString();
  }

  /** What all graphics drawing into one picture share. */
  private static final class Document {
    final int width;
    final int height;
    final StringBuilder body = new StringBuilder();
    /** Every font drawn with: the candidates when reading outlines back into text. */
    final Set<Font> fontsSeen = new LinkedHashSet<>();
    final OutlineReader reader = new OutlineReader();
    /** Layout without a screen: fonts measured as on an image. */
    final Graphics2D metrics =
        new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
    /** Clip path data → clipPath id, so that a clip set again is defined once. */
    final Map<String, String> clipIds = new HashMap<>();
    /** Path data of the clip of the open {@code <g>}, or null when none is open. */
    String openClip;

    Document(int width, int height) {
      this.width = width;
      this.height = height;
    }

    /** Leaves the open clip group unless it has this clip, and opens one for it if needed. */
    void useClip(String data) {
      if (Objects.equals(data, openClip)) {
        return;
      }
      if (openClip != null) {
        body.append("</g>\n");
      }
      openClip = data;
      if (data != null) {
        String id = clipIds.get(data);
        if (id == null) {
          id = "clip" + (clipIds.size() + 1);
          clipIds.put(data, id);
          body.append("<clipPath id=\"").append(id).append("\"><path d=\"").append(data)
              .append("\"/></clipPath>\n");
        }
        body.append("<g clip-path=\"url(#").append(id).append(")\">\n");
      }
    }
  }

  /**
   * Reads a filled outline back into the string whose glyphs it is. A TextLayout's outline is its
   * glyphs' outlines, each moved to its pen position (and all possibly rotated). So: split the
   * outline into contours; find the glyph whose first contour matches the first contour up to a
   * rotation (text may run at any angle, never scaled); with that rotation undone, match glyph
   * after glyph by position, inferring spaces (which have no contours) from the gaps. The string
   * found is accepted only if its own TextLayout outline, so placed, is the outline given.
   */
  private static final class OutlineReader {
    /** Points of the same glyph at two pen positions differ by float rounding only. */
    private static final double TOLERANCE = 1e-3;

    /** The characters recognised: ASCII, Latin-1, Greek and some punctuation and math. */
    private static final String CHARACTERS = characters();

    record Text(String string, AffineTransform placement) {}

    /** One closed outline: its segment kinds (as "MLQCZ" letters) and its points, x y x y... */
    private record Contour(String kinds, double[] points) {}

    private record Glyph(char c, List<Contour> contours, double advance) {}

    /** A font's glyphs, by the kinds of their first contour, and the width of a space. */
    private record Glyphs(Map<String, List<Glyph>> byFirstContour, double space) {}

    private record Key(Font font, FontRenderContext frc) {}

    private final Map<Key, Glyphs> fonts = new HashMap<>();

    Text read(Path2D outline, Font font, FontRenderContext frc) {
      List<Contour> contours = contours(outline, null);
      if (contours.isEmpty()) {
        return null;
      }
      Glyphs glyphs = fonts.computeIfAbsent(new Key(font, frc), k -> glyphs(k.font(), k.frc()));
      for (Glyph first : glyphs.byFirstContour().getOrDefault(contours.get(0).kinds(),
          List.of())) {
        AffineTransform rotation = rotation(first.contours().get(0), contours.get(0));
        if (rotation == null) {
          continue;
        }
        String string = decode(contours, rotation, glyphs);
        AffineTransform placement = string == null ? null
            : placement(string, font, frc, rotation, contours);
        if (placement != null) {
          return new Text(string, placement);
        }
      }
      return null;
    }

    /** The rotation taking the glyph's contour onto the outline's (translation aside), or null. */
    private static AffineTransform rotation(Contour glyph, Contour shape) {
      double[] g = glyph.points();
      double[] s = shape.points();
      // The point farthest from the first gives the best-conditioned angle.
      int far = 0;
      double best = -1;
      for (int i = 2; i < g.length; i += 2) {
        double d = Math.hypot(g[i] - g[0], g[i + 1] - g[1]);
        if (d > best) {
          best = d;
          far = i;
        }
      }
      if (best <= 0) {
        return null;
      }
      double ax = g[far] - g[0];
      double ay = g[far + 1] - g[1];
      double bx = s[far] - s[0];
      double by = s[far + 1] - s[1];
      double cos = (ax * bx + ay * by) / (best * best);
      double sin = (ax * by - ay * bx) / (best * best);
      if (Math.abs(Math.hypot(cos, sin) - 1) > 1e-4) {
        return null; // scaled: not this glyph at this size
      }
      AffineTransform r = new AffineTransform(snap(cos), snap(sin), -snap(sin), snap(cos), 0, 0);
      return matchesAt(glyph, shape, r, s[0] - (r.getScaleX() * g[0] + r.getShearX() * g[1]),
          s[1] - (r.getShearY() * g[0] + r.getScaleY() * g[1])) ? r : null;
    }

    /** Exact 0 and ±1 for right angles, so that upright text gets plain x and y. */
    private static double snap(double v) {
      double r = Math.rint(v);
      return Math.abs(v - r) < 1e-9 ? r : v;
    }

    /** The characters of the contours, read with {@code rotation} undone; null if unreadable. */
    private static String decode(List<Contour> contours, AffineTransform rotation,
        Glyphs glyphs) {
      AffineTransform identity = new AffineTransform();
      List<Contour> upright = contours;
      if (!rotation.isIdentity()) {
        AffineTransform back;
        try {
          back = rotation.createInverse();
        } catch (NoninvertibleTransformException e) {
          return null;
        }
        upright = new ArrayList<>();
        for (Contour c : contours) {
          double[] p = c.points().clone();
          back.transform(p, 0, p, 0, p.length / 2);
          upright.add(new Contour(c.kinds(), p));
        }
      }
      StringBuilder text = new StringBuilder();
      double pen = Double.NaN;
      double baseline = Double.NaN;
      for (int i = 0; i < upright.size(); ) {
        Contour next = upright.get(i);
        Glyph found = null;
        double foundX = 0;
        double foundY = 0;
        for (Glyph g : glyphs.byFirstContour().getOrDefault(next.kinds(), List.of())) {
          double x = next.points()[0] - g.contours().get(0).points()[0];
          double y = next.points()[1] - g.contours().get(0).points()[1];
          boolean onBaseline = Double.isNaN(baseline) || Math.abs(y - baseline) < TOLERANCE;
          // The glyph with most contours wins: ':' rather than '.' and a '.' off the baseline.
          if (onBaseline && (found == null || g.contours().size() > found.contours().size())
              && i + g.contours().size() <= upright.size()
              && matchesFrom(g, upright, i, identity, x, y)) {
            found = g;
            foundX = x;
            foundY = y;
          }
        }
        if (found == null) {
          return null;
        }
        baseline = foundY;
        if (!Double.isNaN(pen)) {
          long spaces = Math.round((foundX - pen) / glyphs.space());
          for (long k = 0; k < spaces && k < 64; k++) {
            text.append(' ');
          }
        }
        text.append(found.c());
        pen = foundX + found.advance();
        i += found.contours().size();
      }
      return text.toString();
    }

    /** Where {@code string}'s own outline must go to be the contours; null if it is not them. */
    private static AffineTransform placement(String string, Font font, FontRenderContext frc,
        AffineTransform rotation, List<Contour> contours) {
      List<Contour> own = contours(new TextLayout(string, font, frc).getOutline(null), null);
      if (own.size() != contours.size()) {
        return null;
      }
      double[] o = own.get(0).points();
      double[] s = contours.get(0).points();
      double[] turned = new double[2];
      rotation.transform(o, 0, turned, 0, 1);
      double tx = s[0] - turned[0];
      double ty = s[1] - turned[1];
      for (int i = 0; i < own.size(); i++) {
        Contour mine = own.get(i);
        Contour theirs = contours.get(i);
        if (!mine.kinds().equals(theirs.kinds()) || !samePoints(mine, theirs, rotation, tx, ty)) {
          return null;
        }
      }
      AffineTransform placement = AffineTransform.getTranslateInstance(tx, ty);
      placement.concatenate(rotation);
      return placement;
    }

    private static boolean matchesFrom(Glyph g, List<Contour> contours, int from,
        AffineTransform r, double tx, double ty) {
      for (int k = 0; k < g.contours().size(); k++) {
        Contour mine = g.contours().get(k);
        Contour theirs = contours.get(from + k);
        if (!mine.kinds().equals(theirs.kinds()) || !samePoints(mine, theirs, r, tx, ty)) {
          return false;
        }
      }
      return true;
    }

    private static boolean matchesAt(Contour glyph, Contour shape, AffineTransform r, double tx,
        double ty) {
      return glyph.kinds().equals(shape.kinds()) && samePoints(glyph, shape, r, tx, ty);
    }

    /** Whether r·a + t is b, point by point. */
    private static boolean samePoints(Contour a, Contour b, AffineTransform r, double tx,
        double ty) {
      double[] p = a.points();
      double[] q = b.points();
      for (int i = 0; i < p.length; i += 2) {
        double x = r.getScaleX() * p[i] + r.getShearX() * p[i + 1] + tx;
        double y = r.getShearY() * p[i] + r.getScaleY() * p[i + 1] + ty;
        if (Math.abs(x - q[i]) > TOLERANCE || Math.abs(y - q[i + 1]) > TOLERANCE) {
          return false;
        }
      }
      return true;
    }

    private static Glyphs glyphs(Font font, FontRenderContext frc) {
      Map<String, List<Glyph>> byFirst = new HashMap<>();
      for (int i = 0; i < CHARACTERS.length(); i++) {
        char c = CHARACTERS.charAt(i);
        if (!font.canDisplay(c)) {
          continue;
        }
        GlyphVector gv = font.createGlyphVector(frc, String.valueOf(c));
        List<Contour> contours = contours(gv.getGlyphOutline(0), null);
        if (!contours.isEmpty()) {
          byFirst.computeIfAbsent(contours.get(0).kinds(), k -> new ArrayList<>())
              .add(new Glyph(c, contours, gv.getGlyphMetrics(0).getAdvance()));
        }
      }
      double space = font.createGlyphVector(frc, " ").getGlyphMetrics(0).getAdvance();
      return new Glyphs(byFirst, space > 0 ? space : font.getSize2D() / 3);
    }

    private static List<Contour> contours(Shape s, AffineTransform at) {
      List<Contour> out = new ArrayList<>();
      StringBuilder kinds = new StringBuilder();
      double[] points = new double[16];
      int n = 0;
      double[] c = new double[6];
      for (PathIterator it = s.getPathIterator(at); !it.isDone(); it.next()) {
        int type = it.currentSegment(c);
        if (type == PathIterator.SEG_MOVETO && kinds.length() > 0) {
          out.add(new Contour(kinds.toString(), java.util.Arrays.copyOf(points, n)));
          kinds.setLength(0);
          n = 0;
        }
        kinds.append("MLQCZ".charAt(type));
        int count = switch (type) {
          case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 2;
          case PathIterator.SEG_QUADTO -> 4;
          case PathIterator.SEG_CUBICTO -> 6;
          default -> 0;
        };
        if (n + count > points.length) {
          points = java.util.Arrays.copyOf(points, 2 * points.length + count);
        }
        System.arraycopy(c, 0, points, n, count);
        n += count;
      }
      if (kinds.length() > 0) {
        out.add(new Contour(kinds.toString(), java.util.Arrays.copyOf(points, n)));
      }
      return out;
    }

    private static String characters() {
      StringBuilder b = new StringBuilder();
      for (char c = '!'; c <= '~'; c++) {
        b.append(c);
      }
      for (char c = '\u00a1'; c <= '\u00ff'; c++) {
        if (c != '\u00ad') { // soft hyphen: invisible in text
          b.append(c);
        }
      }
      for (char c = '\u0391'; c <= '\u03c9'; c++) {
        b.append(c);
      }
      return b.append("‐–—‘’‚“”„†•…‰′″€−∓≤≥≈≠∞→←↑↓√∑∏∫∂∆∇").toString();
    }
  }
}
