package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link NpyRows} and {@link NpyWriter} against reading and writing whole arrays with {@link Npy}. */
class NpyStreamingTest {
  @TempDir Path dir;

  /** Values every dtype holds exactly: small integers and sixteenths, 0 and 1 for BOOL. */
  private static double[] values(Random r, int n, DType dtype) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = dtype == DType.BOOL ? r.nextInt(2)
          : dtype == DType.U8 || dtype.name().startsWith("U") ? r.nextInt(200)
          : dtype.isFloatingPoint() ? r.nextInt(2000) / 16.0 - 60 : r.nextInt(200) - 100;
    }
    return v;
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = "BF16", mode = EnumSource.Mode.EXCLUDE)
  void rowsReadInPiecesAreTheWholeArraysRows(DType dtype) throws Exception {
    Random r = new Random(dtype.ordinal());
    int[] shape = {13, 4, 3};
    double[] v = values(r, 13 * 12, dtype);
    Path f = dir.resolve("a.npy");
    Files.write(f, Npy.toBytes(shape, v, dtype));
    try (NpyRows rows = NpyRows.open(f)) {
      assertEquals(13, rows.rows());
      assertEquals(12, rows.rowSize());
      assertEquals(Npy.readHeader(f), rows.header());
      for (int first = 0; first < 13; first += 5) {
        int count = Math.min(5, 13 - first);
        assertArrayEquals(Arrays.copyOfRange(v, first * 12, (first + count) * 12),
            rows.read(first, count), 0.0);
      }
      assertThrows(IndexOutOfBoundsException.class, () -> rows.read(10, 4));
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = "BF16", mode = EnumSource.Mode.EXCLUDE)
  void aFileWrittenInPiecesHasTheBytesOfTheWholeArray(DType dtype) throws Exception {
    Random r = new Random(100 + dtype.ordinal());
    int[] shape = {7, 5000}; // more than one internal chunk
    double[] v = values(r, 35_000, dtype);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NpyWriter w = NpyWriter.start(out, shape, dtype);
    int at = 0;
    while (at < v.length) {
      int next = Math.min(v.length, at + 1 + r.nextInt(12_000));
      w.write(v, at, next);
      at = next;
    }
    w.finish();
    assertArrayEquals(Npy.toBytes(shape, v, dtype), out.toByteArray());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 6})
  void writingTooFewOrTooManyValuesIsAnError(int given) throws Exception {
    NpyWriter w = NpyWriter.start(new ByteArrayOutputStream(), new int[] {5}, DType.F32);
    if (given > 5) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.write(new double[given], 0, given));
      assertTrue(e.getMessage().contains("holds 5 values"), e.getMessage());
    } else {
      w.write(new double[given], 0, given);
      if (given < 5) {
        assertThrows(IllegalStateException.class, w::finish);
      } else {
        w.finish();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1})
  void aFileThatShrinksAfterOpeningIsReportedNotReadAsZeros(int unused) throws Exception {
    Path f = dir.resolve("a.npy");
    Files.write(f, Npy.toBytes(new int[] {4, 2}, new double[8], DType.F64));
    try (NpyRows rows = NpyRows.open(f)) {
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.setLength(raf.length() - 8);
      }
      assertArrayEquals(new double[4], rows.read(0, 2), 0.0);
      FileFormatException e = assertThrows(FileFormatException.class, () -> rows.read(2, 2));
      assertTrue(e.getMessage().contains("changed while being read"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"scalar", "directory"})
  void aScalarOrADirectoryIsRefusedWhenOpened(String what) throws Exception {
    Path f = dir.resolve("a.npy");
    if (what.equals("scalar")) {
      Files.write(f, Npy.toBytes(new int[0], new double[] {1}, DType.F64));
    } else {
      Files.createDirectory(f);
    }
    FileFormatException e = assertThrows(FileFormatException.class, () -> NpyRows.open(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }
}
