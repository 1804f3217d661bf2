package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.plot.TrainingCurves;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo trains both models, prints the comparison and draws its two pictures. */
class DemoCliTest {
  @TempDir Path tmp;

  @Test
  void demoTrainsBothModelsAndDrawsTheirCurves() throws Exception {
    Path out = tmp.resolve("demo");
    CliTest.Result r = CliTest.run("demo", "--epochs", "2", "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    for (String model : new String[] {"LTC", "CfC"}) {
      String line = r.out().lines().filter(l -> l.startsWith(model + " ") && l.endsWith(" 2"))
          .findFirst().orElseThrow(() -> new AssertionError("no result line for " + model
              + " in:\n" + r.out()));
      double accuracy = Double.parseDouble(line.trim().split("\\s+")[1].replace("%", ""));
      assertTrue(accuracy > 80 && accuracy <= 100, model + " test accuracy " + accuracy);
    }
    assertTrue(r.out().contains("94.63%"), "the paper's figure is printed beside");
    assertTrue(r.out().contains("Pictures in " + out), r.out());
    assertPicture(out.resolve("training-loss.png"));
    assertPicture(out.resolve("validation-accuracy.png"));
    // Pictures that exist are kept without --force.
    CliTest.assertOneLineError(
        CliTest.run("demo", "--epochs", "1", "--output", out.toString()), "already exists",
        "--force");
    CliTest.assertOneLineError(CliTest.run("demo", "--epochs", "0"), "--epochs");
  }

  /** The size the charts are drawn at, and more than a blank canvas. */
  static void assertPicture(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(TrainingCurves.WIDTH, image.getWidth(), png + " width");
    assertEquals(TrainingCurves.HEIGHT, image.getHeight(), png + " height");
    assertColourful(png);
  }

  /** More than a blank canvas: lines in several colours and dark text and axes. */
  static void assertColourful(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    Set<Integer> colours = new HashSet<>();
    int dark = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255) < 300) {
          dark++;
        }
      }
    }
    assertTrue(colours.size() > 20, png + ": only " + colours.size() + " colours");
    assertTrue(dark > 500, png + ": only " + dark + " dark pixels (text, axes, lines)");
  }
}
