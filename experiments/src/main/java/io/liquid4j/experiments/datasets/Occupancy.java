package io.liquid4j.experiments.datasets;

import io.liquid4j.data.CsvTable;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Splits;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.Windows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * UCI Occupancy Detection (Candanedo &amp; Feldheim 2016), prepared as the LTC paper's {@code
 * occupancy.py}: is the office occupied, from five room sensors sampled about once a minute.
 *
 * <ol>
 *   <li>Features Temperature, Humidity, Light, CO2, HumidityRatio; target Occupancy (0/1), per
 *       step, 2 classes.
 *   <li>z-score per feature with the mean and population std of the 8,143 rows of {@code
 *       datatraining.txt}, applied to all three files.
 *   <li>Training: windows of L = 16 with stride 1 over {@code datatraining.txt}, 8,127 sequences;
 *       {@code RandomState(893429).permutation(8127)}: the first ⌊0.1·8127⌋ = 812 are validation,
 *       the other 7,315 training.
 *   <li>Test: windows of L = 16 with stride 8 over {@code datatest.txt} (332) followed by {@code
 *       datatest2.txt} (1,217): 1,549 sequences.
 *   <li>Metric: accuracy over all test steps.
 * </ol>
 *
 * <p>Windows follow the original's {@code range(0, rows − 16, inc)}, which leaves out the last full
 * window of the training file. The {@code date} column is not used (Δt = 1), as in the paper;
 * {@link io.liquid4j.data.CsvTimeSeries} can read the same files with real Δt.
 */
public final class Occupancy {
  private Occupancy() {}

  /** The input columns, in order. */
  public static final List<String> FEATURES =
      List.of("Temperature", "Humidity", "Light", "CO2", "HumidityRatio");

  /** The label column. */
  public static final String TARGET = "Occupancy";

  /** Steps per sequence. */
  public static final int LENGTH = 16;

  /** The seed of the training/validation permutation in occupancy.py. */
  public static final long SPLIT_SEED = 893429;

  /**
   * Loads and prepares the dataset.
   *
   * @param dir the folder holding datatraining.txt, datatest.txt and datatest2.txt (the
   *     repository's {@code datasets/occupancy})
   * @return training (7,315), validation (812) and test (1,549) sequences
   * @throws io.liquid4j.io.FileFormatException if a file is malformed
   * @throws IOException if a file is missing or cannot be read
   */
  public static BenchmarkData load(Path dir) throws IOException {
    CsvTable trainTable = CsvTable.read(LtcPreprocessing.file(dir, "datatraining.txt"));
    CsvTable test0Table = CsvTable.read(LtcPreprocessing.file(dir, "datatest.txt"));
    CsvTable test1Table = CsvTable.read(LtcPreprocessing.file(dir, "datatest2.txt"));

    double[] trainX = LtcPreprocessing.matrix(trainTable, FEATURES); // (8143, 5)
    Standardizer scaling = Standardizer.fitRows(trainX, FEATURES.size());

    SequenceDataset all = windows(trainTable, scaling, 1);
    // Validation first, then training, in permutation order: Splits.shuffled with no test part
    // reproduces permutation[:812] / permutation[812:].
    Splits.Split split = Splits.shuffled(all, SPLIT_SEED, 0.1, 0.0);
    SequenceDataset test = windows(test0Table, scaling, 8).concat(windows(test1Table, scaling, 8));

    String notes =
        String.join(
            "\n",
            "source: UCI 357 files datatraining.txt, datatest.txt, datatest2.txt; occupancy.py",
            "z-score per feature with datatraining.txt's row statistics (mean, population std)",
            "train/validation: L=16 stride 1 windows of datatraining.txt, RandomState(893429)"
                + " permutation, first 10 % validation",
            "test: L=16 stride 8 windows of datatest.txt then datatest2.txt",
            "windows as range(0, rows - 16, stride): the last full training window is left out,"
                + " as in the original",
            "values kept in float64 (pandas also reads them as float64)");
    return new BenchmarkData(
        "Occupancy",
        split.train(),
        split.validation(),
        test,
        Metric.ACCURACY,
        scaling,
        null,
        notes);
  }

  private static SequenceDataset windows(CsvTable table, Standardizer scaling, int stride)
      throws IOException {
    int s = FEATURES.size();
    double[] x = LtcPreprocessing.matrix(table, FEATURES); // (rows, S)
    scaling.applyInPlace(x, s);
    double[] y = LtcPreprocessing.binaryLabels(table, table.columnIndex(TARGET)); // (rows)
    int[] starts = LtcPreprocessing.starts(table.rowCount(), LENGTH, stride);
    return SequenceDataset.classification(
            Windows.cut(x, s, starts, LENGTH),
            starts.length,
            LENGTH,
            s,
            Windows.cut(y, 1, starts, LENGTH),
            true,
            2)
        .withFeatureNames(FEATURES)
        .withTargetNames(List.of("0", "1"));
  }
}
