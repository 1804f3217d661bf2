package io.liquid4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liquid4j.io.AtomicFiles;
import io.liquid4j.train.EpochSummary;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts' {@link AtomicFiles.Publication} overloads: pictures written together appear together
 * with the same content as when written alone, and a picture that fails while being written
 * leaves the others unpublished (the failure here comes at write time, after any up-front check).
 */
class ChartPublicationTest {
  @TempDir Path tmp;

  private static Map<String, List<EpochSummary>> runs() {
    List<EpochSummary> history = new ArrayList<>();
    for (int e = 0; e < 4; e++) {
      history.add(new EpochSummary(e, 1.0 / (e + 1), 1.2 / (e + 1), 0.5 + 0.1 * e, 0.1, 8, true));
    }
    Map<String, List<EpochSummary>> runs = new LinkedHashMap<>();
    runs.put("LTC", history);
    return runs;
  }

  private static TimeSeriesChart series() {
    return new TimeSeriesChart("t", "time", "v").addLine("a", new double[] {0, 1, 2},
        new double[] {1, 3, 2});
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void publishedPicturesEqualThoseWrittenAlone() throws Exception {
    Path alone = Files.createDirectory(tmp.resolve("alone"));
    TrainingCurves.losses(runs(), "loss", alone.resolve("loss.svg"), false);
    TrainingCurves.validationMetric(runs(), "accuracy (%)", 100, alone.resolve("acc.svg"), false);
    series().write(alone.resolve("v.svg"), false);
    Path together = tmp.resolve("together"); // created by the publication
    try (AtomicFiles.Publication p = new AtomicFiles.Publication(false)) {
      TrainingCurves.losses(runs(), "loss", together.resolve("loss.svg"), p);
      TrainingCurves.validationMetric(runs(), "accuracy (%)", 100, together.resolve("acc.svg"),
          p);
      series().write(together.resolve("v.svg"), p);
      assertFalse(Files.exists(together.resolve("loss.svg")), "nothing before publish");
      p.publish();
    }
    for (String name : List.of("loss.svg", "acc.svg", "v.svg")) {
      assertArrayEquals(Files.readAllBytes(alone.resolve(name)),
          Files.readAllBytes(together.resolve(name)), name);
    }
    assertEquals(List.of("acc.svg", "loss.svg", "v.svg"), listing(together));
  }

  @Test
  void aSecondPictureThatCannotBeWrittenLeavesTheFirstUnpublished() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path first = dir.resolve("loss.png");
    Path second = Files.createDirectory(dir.resolve("raster.png"));
    for (boolean overwrite : new boolean[] {false, true}) {
      try (AtomicFiles.Publication p = new AtomicFiles.Publication(overwrite)) {
        TrainingCurves.losses(runs(), "loss", first, p);
        FileSystemException e = assertThrows(FileSystemException.class, () ->
            new SpikeRaster("r", 2, 1.0).add("s", new double[] {0.5}, new int[] {1})
                .write(second, p));
        assertEquals(second.toString(), e.getFile());
      }
      assertFalse(Files.exists(first), "the first picture was published alone");
      assertEquals(List.of("raster.png"), listing(dir), "no temporary file left");
    }
  }

  @Test
  void anExistingSecondPictureIsKeptAndTheFirstUnpublished() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path first = dir.resolve("v.svg");
    Path second = dir.resolve("acc.png");
    Files.writeString(second, "precious");
    try (AtomicFiles.Publication p = new AtomicFiles.Publication(false)) {
      series().write(first, p);
      assertThrows(FileAlreadyExistsException.class, () ->
          TrainingCurves.validationMetric(runs(), "accuracy (%)", 100, second, p));
    }
    assertFalse(Files.exists(first));
    assertEquals("precious", Files.readString(second));
    assertEquals(List.of("acc.png"), listing(dir));
  }
}
