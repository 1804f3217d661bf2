package io.liquid4j.experiments.datasets;

import io.liquid4j.data.CsvTable;
import io.liquid4j.io.FileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Pieces shared by the LTC benchmark loaders. */
final class LtcPreprocessing {
  private LtcPreprocessing() {}

  /** The seed of every 10 % / 15 % split in the LTC repository except Occupancy's. */
  static final long SPLIT_SEED = 23489;

  /**
   * Window starts as the LTC repository's {@code cut_in_sequences} makes them: {@code range(0, rows
   * − length, inc)}. The exclusive bound leaves out the window starting at rows − length, so when
   * rows − length is a multiple of inc there is one window fewer than all full windows: Occupancy's
   * 8,127 training windows are 8,143 − 16, not 8,143 − 16 + 1. The paper's counts are these.
   */
  static int[] starts(int rows, int length, int inc) {
    int count = rows - length <= 0 ? 0 : (rows - length + inc - 1) / inc;
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = i * inc;
    }
    return out;
  }

  /** A file of a benchmark folder, with a hint if it is missing. */
  static Path file(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new NoSuchFileException(
          p.toString(),
          null,
          "missing benchmark file; the raw files ship in the repository's datasets/ folder");
    }
    return p;
  }

  /** The named columns as a (rows, S) row-major matrix. */
  static double[] matrix(CsvTable table, List<String> columns) throws FileFormatException {
    int s = columns.size();
    int[] idx = new int[s];
    for (int f = 0; f < s; f++) {
      idx[f] = table.columnIndex(columns.get(f));
    }
    int rows = table.rowCount();
    double[] out = new double[rows * s];
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < s; f++) {
        out[r * s + f] = table.number(r, idx[f]);
      }
    }
    return out;
  }

  /** A 0/1 label column (1.0 and 0.0 accepted). */
  static double[] binaryLabels(CsvTable table, int column) throws FileFormatException {
    double[] y = table.numbers(column);
    for (int r = 0; r < y.length; r++) {
      if (y[r] != 0 && y[r] != 1) {
        throw new FileFormatException(
            table.source(),
            "line "
                + table.lineNumber(r)
                + ", "
                + table.describeColumn(column)
                + ": expected a label 0 or 1, found '"
                + table.value(r, column)
                + "'");
      }
    }
    return y;
  }
}
