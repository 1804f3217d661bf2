package io.liquid4j.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.TaskKind;
import io.liquid4j.io.ModelFile;
import io.liquid4j.evaluation.Evaluation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * Model files written by the previous release's {@code liquid4j train} (metadata "data" and
 * "input_scaling") still load, as a Preprocessing, and reproduce on the kept CSV what that
 * release's {@code evaluate --json} printed.
 */
class LegacyModelFileTest {
  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> expected(String name) throws Exception {
    return new ObjectMapper().readValue(LegacyFiles.bytes(name), Map.class);
  }

  @Test
  void classificationFileLoadsWithItsPreprocessing() throws Exception {
    Path model = LegacyFiles.copy("legacy-classification.model", dir);
    ModelFile.Contents file = ModelFile.read(model);
    Preprocessing p = file.preprocessing();
    assertEquals(List.of("Temperature", "Humidity", "Light", "CO2", "HumidityRatio"),
        p.features());
    assertEquals(TaskKind.CLASSIFICATION, p.task());
    assertTrue(p.perStep());
    assertEquals(List.of("0", "1"), p.targetNames());
    assertEquals(Preprocessing.Timespans.FROM_TIMESTAMPS, p.timespans());
    CsvLayout csv = p.csv().orElseThrow();
    assertEquals("Occupancy", csv.targetColumn());
    assertEquals("date", csv.timestampColumn());
    assertEquals(Duration.ofSeconds(1), csv.timeUnit());
    assertEquals(8, csv.window());
    assertEquals(4, csv.stride());
    assertTrue(Double.isNaN(csv.firstStepTimespan()));
    assertFalse(p.targetScaling().isPresent());
    // The statistics are the stored ones, value for value.
    Standardizer z = p.inputScaling().orElseThrow();
    assertEquals(22.17101351351354, z.mean()[0]);
    assertEquals(1.7486054200289503E-4, z.std()[4]);
    // The old metadata is still there for ModelFile.metadata users.
    assertTrue(ModelFile.metadata(model).containsKey("data"));
  }

  @Test
  void classificationFileReproducesTheKeptEvaluation() throws Exception {
    Path model = LegacyFiles.copy("legacy-classification.model", dir);
    Path csv = LegacyFiles.copy("occ.csv", dir);
    Map<String, Object> kept = expected("legacy-classification.evaluate.json");
    Predictor predictor = Predictor.load(model);
    SequenceDataset raw = predictor.readCsv(csv);
    assertEquals(((Number) kept.get("sequences")).intValue(), raw.size());
    Evaluation ev = predictor.evaluate(csv);
    assertEquals(raw.size(), ev.sequences());
    assertEquals(((Number) kept.get("accuracy")).doubleValue(), ev.accuracy(), 1e-9);
    assertEquals(((Number) kept.get("loss")).doubleValue(), ev.loss(), 1e-9);
    assertEquals(((Number) kept.get("f1")).doubleValue(), ev.f1(), 1e-9);
  }

  @Test
  void regressionFileLoadsAndReproducesTheKeptEvaluation() throws Exception {
    Path model = LegacyFiles.copy("legacy-regression.model", dir);
    Path csv = LegacyFiles.copy("occ.csv", dir);
    Map<String, Object> kept = expected("legacy-regression.evaluate.json");
    Predictor predictor = Predictor.load(model);
    Preprocessing p = predictor.preprocessing().orElseThrow();
    assertEquals(TaskKind.REGRESSION, p.task());
    assertEquals(List.of("CO2"), p.targetNames());
    assertFalse(p.perStep());
    assertEquals(Preprocessing.Timespans.NONE, p.timespans());
    assertFalse(p.targetScaling().isPresent()); // the old release trained on raw targets
    SequenceDataset raw = predictor.readCsv(csv);
    assertEquals(((Number) kept.get("sequences")).intValue(), raw.size());
    Evaluation ev = predictor.evaluate(raw);
    assertEquals(((Number) kept.get("mse")).doubleValue(), ev.mse(), 1e-9 * ev.mse());
    assertEquals(((Number) kept.get("mae")).doubleValue(), ev.mae(), 1e-9 * ev.mae());
    assertEquals(((Number) kept.get("loss")).doubleValue(), ev.loss(), 1e-9 * ev.loss());
  }

  @Test
  void legacyFileRewrittenCarriesTheSamePreprocessing() throws Exception {
    Path model = LegacyFiles.copy("legacy-classification.model", dir);
    Predictor old = Predictor.load(model);
    Path again = dir.resolve("again.model");
    old.save(again, false);
    Predictor reread = Predictor.load(again);
    assertEquals(old.preprocessing(), reread.preprocessing());
    assertTrue(ModelFile.metadata(again).containsKey(Preprocessing.METADATA_KEY));
  }
}
