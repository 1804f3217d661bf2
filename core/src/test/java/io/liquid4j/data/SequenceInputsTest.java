package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.FileFormatException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceInputsTest {
  static final String CSV = String.join("\n",
      "time,a,b,label",
      "2020-01-01 00:00:00,1,10,x",
      "2020-01-01 00:01:00,2,20,y",
      "2020-01-01 00:03:00,3,30,x",
      "2020-01-01 00:04:00,4,40,y",
      "2020-01-01 00:07:00,5,50,x");

  @Test
  void readInputsCutsTheWindowsAsReadDoes() throws Exception {
    CsvTimeSeries.Options options = CsvTimeSeries.Options
        .classification(List.of("b", "a"), "label", 3).withStride(1)
        .withTimestamps("time", Duration.ofMinutes(1));
    SequenceDataset labelled = CsvTimeSeries.read(CsvTable.parse("f.csv", CSV, true), options);
    String withoutLabel = CSV.replaceAll(",[xy]\\b", "").replace(",label", "");
    SequenceInputs inputs =
        CsvTimeSeries.readInputs(CsvTable.parse("g.csv", withoutLabel, true), options);
    assertEquals(3, inputs.size());
    assertEquals(labelled.size(), inputs.size());
    assertArrayEquals(labelled.inputs(), inputs.inputs());
    assertArrayEquals(labelled.timespans(), inputs.timespans());
    assertEquals(List.of("b", "a"), inputs.featureNames());
    // window 2 starts at row 2: b then a; Δt: the median of the gaps 1, 2, 1, 3 min, then 1, 3
    assertArrayEquals(new double[] {30, 3, 40, 4, 50, 5},
        java.util.Arrays.copyOfRange(inputs.inputs(), 12, 18));
    assertArrayEquals(new double[] {1.5, 1, 3},
        java.util.Arrays.copyOfRange(inputs.timespans(), 6, 9));
    // a missing feature column is still an error naming the file
    FileFormatException e = assertThrows(FileFormatException.class,
        () -> CsvTimeSeries.readInputs(CsvTable.parse("h.csv", "time,a\n1,2", true), options));
    assertTrue(e.getMessage().startsWith("h.csv"), e.getMessage());
  }

  @Test
  void valuesAreCheckedAndCopied() {
    double[] x = {1, 2, 3, 4};
    SequenceInputs in = SequenceInputs.of(x, 2, 2, 1);
    x[0] = 99;
    assertEquals(1, in.inputs()[0]);
    assertNull(in.timespans());
    assertEquals(List.of("x0"), in.featureNames());
    assertThrows(IllegalArgumentException.class, () -> SequenceInputs.of(new double[3], 2, 2, 1));
    assertThrows(IllegalArgumentException.class,
        () -> SequenceInputs.of(new double[] {1, Double.NaN}, 1, 2, 1));
    assertThrows(IllegalArgumentException.class,
        () -> in.withTimespans(new double[] {1, 1, 0, 1}));
    assertThrows(IllegalArgumentException.class, () -> in.withFeatureNames(List.of("a", "b")));
    SequenceDataset d = SequenceDataset.regression(new double[] {1, 2}, 1, 2, 1,
        new double[] {5}, false, 1).withTimespans(new double[] {0.5, 2});
    SequenceInputs fromData = SequenceInputs.of(d);
    assertArrayEquals(d.inputs(), fromData.inputs());
    assertArrayEquals(d.timespans(), fromData.timespans());
  }
}
