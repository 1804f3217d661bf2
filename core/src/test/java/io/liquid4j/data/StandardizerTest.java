package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class StandardizerTest {
  // (4 rows, 3 features); the last feature is constant.
  private static final double[] ROWS = {1, 10, 5, 2, 20, 5, 3, 30, 5, 10, 40, 5};

  @Test
  void perFeatureStatisticsAreNumpysMeanAndPopulationStd() {
    // numpy: X.mean(0) = [4, 25, 5]; X.std(0) = [3.5355339059327378, 11.180339887498949, 0]
    Standardizer z = Standardizer.fitRows(ROWS, 3);
    assertArrayEquals(new double[] {4, 25, 5}, z.mean(), 1e-15);
    assertArrayEquals(new double[] {3.5355339059327378, 11.180339887498949, 1}, z.std(), 1e-15);
    assertFalse(z.global());
    double[] x = ROWS.clone();
    z.applyInPlace(x, 3);
    // the constant feature maps to 0 instead of NaN
    assertEquals(0.0, x[2]);
    assertEquals((1 - 4) / 3.5355339059327378, x[0], 1e-15);
    z.invertInPlace(x, 3);
    assertArrayEquals(ROWS, x, 1e-12);
  }

  @Test
  void globalStatisticsUseAllValues() {
    // numpy: np.mean(X) = 11.333333333333334, np.std(X) = 11.806307165616557
    Standardizer z = Standardizer.fitGlobal(ROWS, 3);
    assertTrue(z.global());
    for (int f = 0; f < 3; f++) {
      assertEquals(11.333333333333334, z.mean()[f], 1e-14);
      assertEquals(11.806307165616557, z.std()[f], 1e-14);
    }
  }

  @Test
  void fitOnDatasetSkipsMaskedSteps() {
    // 2 sequences × 2 steps × 1 feature; the masked step (value 1000) must not count.
    SequenceDataset d =
        SequenceDataset.regression(new double[] {1, 2, 3, 1000}, 2, 2, 1, new double[4], true, 1)
            .withMask(new double[] {1, 1, 1, 0});
    Standardizer z = Standardizer.fit(d);
    assertEquals(2.0, z.mean()[0], 1e-15);
    assertEquals(Math.sqrt(2.0 / 3), z.std()[0], 1e-15);
    SequenceDataset scaled = z.apply(d);
    assertEquals(0.0, scaled.inputs()[1], 1e-15);
    assertArrayEquals(d.mask(), scaled.mask());
  }

  @Test
  void mapRoundTripIncludingJson() {
    Standardizer z = Standardizer.fitRows(ROWS, 3);
    Map<String, Object> map = z.toMap();
    assertEquals("z-score", map.get("type"));
    assertEquals("per-feature", map.get("scope"));
    assertEquals(List.of(4.0, 25.0, 5.0), map.get("mean"));
    Standardizer back = Standardizer.fromMap(map);
    assertArrayEquals(z.mean(), back.mean());
    assertArrayEquals(z.std(), back.std());

    ObjectMapper json = JsonMapper.builder().build();
    String text = json.writeValueAsString(Standardizer.fitGlobal(ROWS, 3).toMap());
    Map<String, Object> parsed = json.readValue(text, new TypeReference<Map<String, Object>>() {});
    Standardizer global = Standardizer.fromMap(parsed);
    assertTrue(global.global());
    assertArrayEquals(Standardizer.fitGlobal(ROWS, 3).std(), global.std());
  }

  @Test
  void fromMapExplainsWhatIsWrong() {
    Map<String, Object> map = new HashMap<>(Standardizer.fitRows(ROWS, 3).toMap());
    map.put("std", List.of(1.0, 0.0, 1.0));
    assertMessage("std[1] = 0.0 must be finite and > 0", map);
    map.put("std", List.of(1.0, "x", 1.0));
    assertMessage("\"std\"[1] is not a number", map);
    map.put("std", List.of(1.0, 1.0));
    assertMessage("same length", map);
    map.remove("std");
    assertMessage("\"std\" must be a list of numbers, found null", map);
    map.put("scope", "columns");
    assertMessage("\"scope\" must be \"per-feature\" or \"global\"", map);
    map.put("type", "min-max");
    assertMessage("expected \"type\": \"z-score\"", map);
  }

  private static void assertMessage(String fragment, Map<String, Object> map) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fromMap(map));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void rejectsMismatchedFeatureCounts() {
    Standardizer z = Standardizer.fitRows(ROWS, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> z.applyInPlace(new double[4], 2));
    assertTrue(e.getMessage().contains("data has 2 features but the standardizer was fitted on 3"));
    e = assertThrows(IllegalArgumentException.class, () -> Standardizer.fitRows(new double[5], 3));
    assertTrue(e.getMessage().contains("positive multiple of features = 3"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Standardizer.of(new double[] {0}, new double[] {-1}));
    assertTrue(e.getMessage().contains("std[0] = -1.0"), e.getMessage());
  }
}
