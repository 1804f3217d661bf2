package io.liquid4j.experiments.datasets;

import io.liquid4j.data.CsvTable;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Splits;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.Windows;
import io.liquid4j.io.FileFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * UCI Gesture Phase Segmentation (Madeo, Lima &amp; Peres 2013), prepared as the LTC paper's {@code
 * gesture.py}: the phase of a gesture in each video frame, from 32 velocity and acceleration
 * features of the hands and wrists (the processed {@code *_va3.csv} files).
 *
 * <ol>
 *   <li>Files in the order a3, b1, b3, c1, c3, a2, a1; all columns but {@code Phase} are features
 *       (32); {@code Phase} is the per-step target with the classes D = 0 (rest), P = 1
 *       (preparation), S = 2 (stroke), H = 3 (hold), R = 4 (retraction), gesture.py's mapping.
 *   <li>Each file of m rows is cut into its ⌊m/32⌋ non-overlapping windows of L = 32, with a window
 *       starting half-way (16 rows later) after each of them but the last, in that interleaved
 *       order: 605 sequences for the seven files.
 *   <li>z-score per feature with the mean and population std over all steps of all 605 sequences
 *       (rows inside two overlapping windows count twice), before the split, as gesture.py does.
 *   <li>{@code RandomState(23489).permutation(605)}: 60 validation, then 90 test, then 455 training
 *       sequences.
 *   <li>Metric: accuracy over all test steps.
 * </ol>
 *
 * <p>Differences from gesture.py: values stay in double precision (gesture.py casts them to float32
 * first, which moves each by at most a relative 6e-8).
 */
public final class Gesture {
  private Gesture() {}

  /** The files, in the order gesture.py concatenates them. */
  public static final List<String> FILES =
      List.of(
          "a3_va3.csv",
          "b1_va3.csv",
          "b3_va3.csv",
          "c1_va3.csv",
          "c3_va3.csv",
          "a2_va3.csv",
          "a1_va3.csv");

  /** The phases in class-index order: D = 0, P = 1, S = 2, H = 3, R = 4. */
  public static final List<String> CLASSES = List.of("D", "P", "S", "H", "R");

  /** Steps per sequence. */
  public static final int LENGTH = 32;

  /** Input features per step. */
  public static final int FEATURES = 32;

  /**
   * Loads and prepares the dataset.
   *
   * @param dir the folder holding the seven {@code *_va3.csv} files (the repository's {@code
   *     datasets/gesture})
   * @return training (455), validation (60) and test (90) sequences
   * @throws FileFormatException if a file is malformed or has an unknown phase
   * @throws IOException if a file is missing or cannot be read
   */
  public static BenchmarkData load(Path dir) throws IOException {
    SequenceDataset all = null;
    for (String name : FILES) {
      SequenceDataset part = windows(CsvTable.read(LtcPreprocessing.file(dir, name)));
      all = all == null ? part : all.concat(part);
    }
    Standardizer scaling = Standardizer.fit(all);
    all = scaling.apply(all);
    Splits.Split split = Splits.shuffled(all, LtcPreprocessing.SPLIT_SEED, 0.1, 0.15);

    String notes =
        String.join(
            "\n",
            "source: UCI 302, processed files " + String.join(", ", FILES) + "; gesture.py",
            "classes D=0 (rest), P=1 (preparation), S=2 (stroke), H=3 (hold), R=4 (retraction)",
            "per file: non-overlapping L=32 windows interleaved with half-offset windows",
            "z-score per feature over all steps of all 605 sequences, before the split",
            "RandomState(23489) permutation: 10 % validation, 15 % test, the rest training",
            "values kept in float64 (gesture.py casts to float32)");
    return new BenchmarkData(
        "Gesture",
        split.train(),
        split.validation(),
        split.test(),
        Metric.ACCURACY,
        scaling,
        null,
        notes);
  }

  private static SequenceDataset windows(CsvTable table) throws FileFormatException {
    List<String> columns = table.columns();
    int phase = table.columnIndex("Phase");
    List<String> featureNames = new ArrayList<>(columns);
    featureNames.remove(phase);
    if (featureNames.size() != FEATURES) {
      throw new FileFormatException(
          table.source(),
          "expected "
              + FEATURES
              + " feature columns besides 'Phase', found "
              + featureNames.size());
    }
    int rows = table.rowCount();
    double[] x = LtcPreprocessing.matrix(table, featureNames); // (rows, 32)
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      int k = CLASSES.indexOf(table.value(r, phase).strip());
      if (k < 0) {
        throw new FileFormatException(
            table.source(),
            "line "
                + table.lineNumber(r)
                + ", column 'Phase': expected one of D,"
                + " P, S, H, R, found '"
                + table.value(r, phase)
                + "'");
      }
      y[r] = k;
    }

    // gesture.py's cut_in_sequences(interleaved=True): window s at 32·s, and after each but the
    // last another at 32·s + 16. Together these are the starts 0, 16, 32, …, 32·(m/32 − 1).
    int whole = rows / LENGTH;
    int count = Math.max(2 * whole - 1, 0);
    int[] starts = new int[count];
    for (int i = 0; i < count; i++) {
      starts[i] = i * (LENGTH / 2);
    }
    return SequenceDataset.classification(
            Windows.cut(x, FEATURES, starts, LENGTH),
            count,
            LENGTH,
            FEATURES,
            Windows.cut(y, 1, starts, LENGTH),
            true,
            CLASSES.size())
        .withFeatureNames(featureNames)
        .withTargetNames(CLASSES);
  }
}
