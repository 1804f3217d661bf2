package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.plot.SweepChart;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** liquid4j sweep-chart: a sweep table drawn per run and model; errors with line and column. */
class SweepChartCliTest {
  @TempDir Path tmp;

  private static final String HEADER = "run,model,units,learning_rate,solver,epochs,batch_size,"
      + "optimizer,seed,train_loss,validation_loss,validation_metric,best_epoch,seconds";

  private Path table(String... rows) throws Exception {
    Path csv = tmp.resolve("sweep.csv");
    Files.writeString(csv, HEADER + "\n" + String.join("\n", rows) + "\n");
    return csv;
  }

  @Test
  void drawsEachModelKindInItsOwnColour() throws Exception {
    Path csv = table(
        "0,ltc,8,0.01,fused,2,16,adam,1,0.61,0.64,0.70,1,0.8",
        "1,ltc,8,0.01,fused,2,16,adam,2,0.58,0.60,0.72,2,0.8",
        "2,cfc,8,0.01,default,2,16,adam,1,0.52,0.55,0.75,2,0.3",
        "3,cfc,8,0.01,default,2,16,adam,2,0.50,0.51,0.78,2,0.3",
        "4,ctrnn,8,0.01,euler,2,16,adam,1,0.66,0.69,0.66,1,0.4");
    Path png = tmp.resolve("sweep.png");
    CliTest.Result r = CliTest.run("sweep-chart", "--table", csv.toString(), "--output",
        png.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("5 runs drawn"), r.out());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(SweepChart.WIDTH, image.getWidth());
    assertEquals(SweepChart.HEIGHT, image.getHeight());
    int blue = 0;
    int red = 0;
    int green = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        blue += rgb == 0x1f77b4 ? 1 : 0;
        red += rgb == 0xd62728 ? 1 : 0;
        green += rgb == 0x2ca02c ? 1 : 0;
      }
    }
    assertTrue(blue > 40 && red > 40 && green > 20, blue + " / " + red + " / " + green);
    Path svg = tmp.resolve("sweep.svg");
    assertEquals(0, CliTest.run("sweep-chart", "--table", csv.toString(), "--figure",
        "validation_metric", "--output", svg.toString()).code());
    assertTrue(Files.readString(svg).contains("validation metric"));
  }

  @Test
  void badTablesGiveOneLineErrorsWithLineAndColumn() throws Exception {
    Path csv = table("0,ltc,8,0.01,fused,2,16,adam,1,0.61,oops,0.70,1,0.8");
    CliTest.assertOneLineError(CliTest.run("sweep-chart", "--table", csv.toString(),
        "--output", tmp.resolve("x.png").toString()), "sweep.csv:2:11", "oops");
    Path short_ = table("0,ltc,8");
    CliTest.assertOneLineError(CliTest.run("sweep-chart", "--table", short_.toString(),
        "--output", tmp.resolve("x.png").toString()), "sweep.csv:2", "14 columns", "3");
    CliTest.assertOneLineError(CliTest.run("sweep-chart", "--table", csv.toString(),
        "--figure", "auc", "--output", tmp.resolve("x.png").toString()), "--figure", "auc");
    CliTest.assertOneLineError(CliTest.run("sweep-chart", "--table",
        tmp.resolve("missing.csv").toString(), "--output", tmp.resolve("x.png").toString()),
        "missing.csv", "no such file");
  }
}
