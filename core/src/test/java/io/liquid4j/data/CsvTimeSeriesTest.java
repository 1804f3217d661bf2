package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.FileFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTimeSeriesTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static final List<String> TEMP_CO2 = List.of("Temperature", "CO2");

  /** Asserts a FileFormatException whose message is "file: detail" with the given detail. */
  private static void assertDetail(Path file, String detail, ThrowingCall call) {
    FileFormatException e = assertThrows(FileFormatException.class, call::run);
    assertEquals(file.toString() + ": " + detail, e.getMessage());
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  // ----------------------------------------------------------------------------------- reading

  @Test
  void readsWindowsWithPerStepTextClassesSorted() throws IOException {
    Path f = write("walk.csv", "a,b,label\n1,10,walk\n2,20,run\n3,30,walk\n4,40,sit\n5,50,run\n");
    SequenceDataset d =
        CsvTimeSeries.read(
            f, CsvTimeSeries.Options.classification(List.of("b", "a"), "label", 2).withStride(1));
    assertEquals(4, d.size()); // (5 − 2) / 1 + 1
    assertEquals(2, d.length());
    assertEquals(List.of("b", "a"), d.featureNames());
    assertEquals(List.of("run", "sit", "walk"), d.targetNames());
    assertArrayEquals(
        new double[] {10, 1, 20, 2, 20, 2, 30, 3, 30, 3, 40, 4, 40, 4, 50, 5}, d.inputs());
    assertArrayEquals(new double[] {2, 0, 0, 2, 2, 1, 1, 0}, d.targets());
    assertNull(d.timespans());
  }

  @Test
  void classesInOrderOfFirstAppearanceOrGivenExplicitly() throws IOException {
    Path f = write("walk.csv", "a,label\n1,walk\n2,run\n3,walk\n4,sit\n");
    CsvTimeSeries.Options o = CsvTimeSeries.Options.classification(List.of("a"), "label", 4);
    SequenceDataset first =
        CsvTimeSeries.read(f, o.withClassOrder(CsvTimeSeries.ClassOrder.FIRST_APPEARANCE));
    assertEquals(List.of("walk", "run", "sit"), first.targetNames());
    assertArrayEquals(new double[] {0, 1, 0, 2}, first.targets());
    SequenceDataset given =
        CsvTimeSeries.read(f, o.withClassNames(List.of("sit", "walk", "run", "fly")));
    assertEquals(4, given.targetWidth());
    assertArrayEquals(new double[] {1, 2, 1, 0}, given.targets());
    assertDetail(
        f,
        "line 5, column 'label': class 'sit' is not one of 'walk', 'run'",
        () -> CsvTimeSeries.read(f, o.withClassNames(List.of("walk", "run"))));
  }

  @Test
  void numericLabelsStayNumbers() throws IOException {
    // Only 1s and 2s: the classes are still 0..2, so class 1 stays class 1.
    Path f = write("n.csv", "x,y\n0.5,1\n0.6,2.0\n0.7,1\n");
    SequenceDataset d =
        CsvTimeSeries.read(f, CsvTimeSeries.Options.classification(List.of("x"), "y", 3));
    assertEquals(List.of("0", "1", "2"), d.targetNames());
    assertArrayEquals(new double[] {1, 2, 1}, d.targets());
  }

  @Test
  void lastStepRegressionTargets() throws IOException {
    Path f = write("r.csv", "x,y\n1,0.1\n2,0.2\n3,0.3\n4,0.4\n5,0.5\n6,0.6\n7,0.7\n");
    SequenceDataset d =
        CsvTimeSeries.read(
            f,
            CsvTimeSeries.Options.regression(List.of("x"), "y", 3)
                .withStride(2)
                .withPerStepTargets(false));
    assertEquals(3, d.size()); // starts 0, 2, 4
    assertEquals(TaskKind.REGRESSION, d.task());
    assertEquals(List.of("y"), d.targetNames());
    assertArrayEquals(new double[] {0.3, 0.5, 0.7}, d.targets());
  }

  @Test
  void quotingCrlfBomBlankLinesAndImplicitIndex() throws IOException {
    // Occupancy's layout: quoted names, 7 header names but 8 fields per row (a leading row id).
    String text =
        "\uFEFF\"date\",\"Temperature\",\"CO2\",\"note\"\r\n"
            + "\"1\",\"2015-02-04 17:51:00\",23.18,721.25,\"a, \"\"quoted\"\" note\"\r\n"
            + "\r\n"
            + "\"2\",\"2015-02-04 17:51:59\",23.15,714,\"two\r\nlines\"\r\n"
            + "\"3\",\"2015-02-04 17:53:00\",23.15,713.5,plain\r\n";
    Path f = write("occ.txt", text);
    CsvTable t = CsvTable.read(f);
    assertEquals(List.of("date", "Temperature", "CO2", "note"), t.columns());
    assertEquals(3, t.rowCount());
    assertEquals("a, \"quoted\" note", t.value(0, 3));
    assertEquals("two\r\nlines", t.value(1, 3));
    assertEquals(2, t.lineNumber(0));
    assertEquals(4, t.lineNumber(1));
    assertEquals(6, t.lineNumber(2)); // the quoted line break counts as a line
    SequenceDataset d =
        CsvTimeSeries.read(
            f, CsvTimeSeries.Options.regression(TEMP_CO2, "CO2", 3).withTimestamps("date"));
    assertArrayEquals(new double[] {23.18, 721.25, 23.15, 714, 23.15, 713.5}, d.inputs());
    // gaps 59 s and 61 s; the first step gets their median, 60 s
    assertArrayEquals(new double[] {60, 59, 61}, d.timespans(), 1e-12);
  }

  @Test
  void headerlessFileNamesColumnsByNumber() throws IOException {
    Path f = write("h.data", "1/1/1998,0.8,?\n1/2/1998,abc,1.0\n");
    CsvTable t = CsvTable.readWithoutHeader(f);
    assertEquals(List.of("1", "2", "3"), t.columns());
    assertArrayEquals(new double[] {-1, 1}, t.numbers(2, "?", -1), 0);
    assertDetail(f, "line 2, column 2: expected a number, found 'abc'", () -> t.numbers(1));
  }

  // ------------------------------------------------------------------------------- elapsed time

  @Test
  void elapsedTimeFromIrregularTimestamps() throws IOException {
    // gaps 30, 60, 10, 120 s; median (30 + 60) / 2 = 45 s for each window's first step
    Path f =
        write(
            "irregular.csv",
            "time,x,y\n"
                + "2024-03-01T00:00:00,1,0\n"
                + "2024-03-01T00:00:30,2,0\n"
                + "2024-03-01T00:01:30,3,1\n"
                + "2024-03-01T00:01:40,4,1\n"
                + "2024-03-01T00:03:40,5,0\n");
    CsvTimeSeries.Options o =
        CsvTimeSeries.Options.classification(List.of("x"), "y", 3)
            .withStride(1)
            .withTimestamps("time");
    SequenceDataset d = CsvTimeSeries.read(f, o);
    assertArrayEquals(new double[] {45, 30, 60, 45, 60, 10, 45, 10, 120}, d.timespans(), 1e-12);

    SequenceDataset minutes =
        CsvTimeSeries.read(f, o.withTimestamps("time", Duration.ofMinutes(1)));
    assertArrayEquals(
        new double[] {0.75, 0.5, 1, 0.75, 1, 1.0 / 6, 0.75, 1.0 / 6, 2},
        minutes.timespans(),
        1e-12);

    SequenceDataset fixed = CsvTimeSeries.read(f, o.withFirstStepTimespan(1.0));
    assertArrayEquals(new double[] {1, 30, 60, 1, 60, 10, 1, 10, 120}, fixed.timespans(), 1e-12);
  }

  @Test
  void elapsedTimeFromNumbersAndOffsets() throws IOException {
    Path numbers = write("t.csv", "t,x,y\n0,1,0\n0.5,1,0\n2,1,0\n2.25,1,0\n");
    SequenceDataset d =
        CsvTimeSeries.read(
            numbers,
            CsvTimeSeries.Options.regression(List.of("x"), "y", 4)
                .withTimestamps("t", Duration.ofHours(1)));
    // numbers are used as they are: the unit converts date-times only; median of 3 gaps = 0.5
    assertArrayEquals(new double[] {0.5, 0.5, 1.5, 0.25}, d.timespans(), 1e-15);

    // Offsets are honoured (02:00+01:00 is 01:00Z); a stamp without one is read as UTC wall time.
    Path zoned =
        write(
            "z.csv",
            "t,x,y\n2024-03-01T00:00:00Z,1,0\n2024-03-01T02:00:00+01:00,1,0\n"
                + "2024-03-01 01:00:01.5,1,0\n");
    SequenceDataset z =
        CsvTimeSeries.read(
            zoned, CsvTimeSeries.Options.regression(List.of("x"), "y", 3).withTimestamps("t"));
    assertArrayEquals(new double[] {1800.75, 3600, 1.5}, z.timespans(), 1e-9);
  }

  // -------------------------------------------------------------------------------- bad files

  @Test
  void missingColumnListsTheColumns() throws IOException {
    Path f = write("m.csv", "date,Temperature,CO2\n1,2,3\n");
    assertDetail(
        f,
        "no column 'Light'; the columns are 'date', 'Temperature', 'CO2'",
        () ->
            CsvTimeSeries.read(
                f,
                CsvTimeSeries.Options.classification(List.of("Temperature", "Light"), "CO2", 1)));
  }

  @Test
  void nonNumericValueNamesLineAndColumn() throws IOException {
    Path f = write("bad.csv", "Temperature,CO2,y\n1,2,0\n1,abc,0\n");
    assertDetail(
        f,
        "line 3, column 'CO2': expected a number, found 'abc'",
        () -> CsvTimeSeries.read(f, CsvTimeSeries.Options.classification(TEMP_CO2, "y", 1)));
    Path nan = write("nan.csv", "Temperature,CO2,y\n1,NaN,0\n");
    assertDetail(
        nan,
        "line 2, column 'CO2': expected a number, found 'NaN'",
        () -> CsvTimeSeries.read(nan, CsvTimeSeries.Options.classification(TEMP_CO2, "y", 1)));
  }

  @Test
  void wrongNumberOfFields() throws IOException {
    Path f = write("short.csv", "Temperature,CO2,y\n1,2,0\n1,2,0\n1,2\n");
    assertDetail(f, "line 4: expected 3 fields as in the header, found 2", () -> CsvTable.read(f));
    Path indexed = write("indexed.csv", "a,b\n\"1\",5,6\n\"2\",7\n");
    assertDetail(
        indexed,
        "line 3: expected 3 fields (a row index followed by the 2 columns of the"
            + " header, as in the first data row), found 2",
        () -> CsvTable.read(indexed));
  }

  @Test
  void timestampsMustIncreaseStrictly() throws IOException {
    Path f =
        write(
            "order.csv",
            "date,x,y\n"
                + "2015-02-04 17:50:00,1,0\n"
                + "2015-02-04 17:52:00,1,0\n"
                + "2015-02-04 17:51:00,1,0\n");
    assertDetail(
        f,
        "line 4: timestamp 2015-02-04 17:51:00 is not after the previous one 2015-02-04 17:52:00",
        () ->
            CsvTimeSeries.read(
                f,
                CsvTimeSeries.Options.classification(List.of("x"), "y", 2).withTimestamps("date")));
    Path same = write("same.csv", "t,x,y\n1,1,0\n1,1,0\n");
    assertDetail(
        same,
        "line 3: timestamp 1 is not after the previous one 1",
        () ->
            CsvTimeSeries.read(
                same,
                CsvTimeSeries.Options.classification(List.of("x"), "y", 2).withTimestamps("t")));
    Path bad = write("badtime.csv", "t,x,y\n2015-02-04 17:50:00,1,0\n04/02/2015 17:51,1,0\n");
    assertDetail(
        bad,
        "line 3, column 't': expected a timestamp like 2015-02-04 17:51:00, found '04/02/2015"
            + " 17:51'",
        () ->
            CsvTimeSeries.read(
                bad,
                CsvTimeSeries.Options.classification(List.of("x"), "y", 2).withTimestamps("t")));
  }

  @Test
  void emptyFilesAndTooFewRows() throws IOException {
    Path empty = write("empty.csv", "");
    assertDetail(empty, "the file is empty (expected a header row)", () -> CsvTable.read(empty));
    Path blank = write("blank.csv", "\r\n\n");
    assertDetail(blank, "the file is empty (expected a header row)", () -> CsvTable.read(blank));
    Path header = write("header.csv", "x,y\n");
    CsvTimeSeries.Options o = CsvTimeSeries.Options.classification(List.of("x"), "y", 5);
    assertDetail(header, "no data rows after the header", () -> CsvTimeSeries.read(header, o));
    Path few = write("few.csv", "x,y\n1,0\n2,0\n3,1\n");
    assertDetail(
        few,
        "the file has 3 data rows, fewer than one window of 5",
        () -> CsvTimeSeries.read(few, o));
  }

  @Test
  void malformedQuotingAndEncoding() throws IOException {
    Path open = write("open.csv", "x,y\n\"1,0\n2,0\n");
    assertDetail(
        open,
        "line 2: the quoted field 1 is never closed (missing '\"')",
        () -> CsvTable.read(open));
    Path after = write("after.csv", "x,y\n\"1\"2,0\n");
    assertDetail(
        after,
        "line 2: unexpected '2' after the closing quote of field 1 (expected ',' or the end of the"
            + " line)",
        () -> CsvTable.read(after));
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'x', ',', 'y', '\n', (byte) 0xE9, ',', '1', '\n'});
    assertDetail(latin1, "the file is not UTF-8 text", () -> CsvTable.read(latin1));
    Path twice = write("twice.csv", "x,x,y\n1,2,0\n");
    assertDetail(
        twice,
        "column 'x' is ambiguous: the header has it as column 1 and column 2",
        () ->
            CsvTimeSeries.read(twice, CsvTimeSeries.Options.classification(List.of("x"), "y", 1)));
  }

  @Test
  void optionsRejectBadValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvTimeSeries.Options.classification(List.of("x", "x"), "y", 4));
    assertTrue(e.getMessage().contains("featureColumns lists 'x' twice"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvTimeSeries.Options.classification(List.of("x"), "y", 0));
    assertTrue(e.getMessage().contains("windowLength must be >= 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CsvTimeSeries.Options.regression(List.of("x"), "y", 4)
                    .withClassNames(List.of("a")));
    assertTrue(e.getMessage().contains("classification only"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvTimeSeries.Options.regression(List.of("x"), "y", 4).withFirstStepTimespan(0));
    assertTrue(e.getMessage().contains("firstStepTimespan"), e.getMessage());
  }
}
