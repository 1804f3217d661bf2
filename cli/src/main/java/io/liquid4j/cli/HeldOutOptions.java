package io.liquid4j.cli;

import io.liquid4j.data.ArrayData;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.predict.ModelTraining;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where {@code train}'s validation and test sequences come from: fractions of the training data
 * (drawn with the seed), or separate files in the training data's form (a CSV file, or arrays).
 */
final class HeldOutOptions {
  static final double DEFAULT_VALIDATION = 0.1;
  static final double DEFAULT_TEST = 0.15;

  @Option(names = "--validation", paramLabel = "FRACTION",
      description = "Share of the sequences held out for validation (model selection, early"
          + " stopping; default: " + DEFAULT_VALIDATION + ").")
  Double validation;

  @Option(names = "--test", paramLabel = "FRACTION",
      description = "Share of the sequences held out for the test line (default: " + DEFAULT_TEST
          + ").")
  Double test;

  @Option(names = "--validation-data", paramLabel = "FILE.csv",
      description = "Instead of the fractions: a validation CSV file, read as --data.")
  Path validationData;

  @Option(names = "--test-data", paramLabel = "FILE.csv",
      description = "Instead of the fractions: a test CSV file, read as --data.")
  Path testData;

  @Option(names = "--validation-inputs", paramLabel = "X.npy",
      description = "Instead of the fractions: validation arrays, as --inputs (with"
          + " --validation-targets, --validation-timespans, --validation-mask).")
  Path validationInputs;

  @Option(names = "--validation-targets", paramLabel = "Y.npy",
      description = "Validation targets, as --targets.")
  Path validationTargets;

  @Option(names = "--validation-timespans", paramLabel = "T.npy",
      description = "Validation elapsed times, as --timespans.")
  Path validationTimespans;

  @Option(names = "--validation-mask", paramLabel = "M.npy",
      description = "Validation step mask, as --mask.")
  Path validationMask;

  @Option(names = "--test-inputs", paramLabel = "X.npy",
      description = "Instead of the fractions: test arrays, as --inputs (with --test-targets,"
          + " --test-timespans, --test-mask).")
  Path testInputs;

  @Option(names = "--test-targets", paramLabel = "Y.npy",
      description = "Test targets, as --targets.")
  Path testTargets;

  @Option(names = "--test-timespans", paramLabel = "T.npy",
      description = "Test elapsed times, as --timespans.")
  Path testTimespans;

  @Option(names = "--test-mask", paramLabel = "M.npy",
      description = "Test step mask, as --mask.")
  Path testMask;

  /**
   * Checks the fractions before any work: each in [0, 1) and leaving something to train on.
   *
   * @throws IllegalArgumentException naming --validation or --test
   */
  void checkFractions() {
    double v = validation != null ? validation : DEFAULT_VALIDATION;
    double t = test != null ? test : DEFAULT_TEST;
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException("--validation: expected a fraction in [0, 1), got " + v);
    }
    if (!(t >= 0 && t < 1)) {
      throw new IllegalArgumentException("--test: expected a fraction in [0, 1), got " + t);
    }
    if (v + t >= 1) {
      throw new IllegalArgumentException((validation != null ? "--validation" : "--test")
          + ": --validation + --test must be < 1 so that something is left to train on, got "
          + v + " + " + t);
    }
  }

  /**
   * Sets the held-out parts on the training workflow.
   *
   * @param csv whether the training data came from --data (else from arrays)
   * @param train the training arrays as read (for arrays), whose task, layout and names the held-out
   *     arrays must share; null for CSV
   * @throws IllegalArgumentException naming the options that do not go together
   */
  void apply(ModelTraining.Builder builder, boolean csv, SequenceDataset train)
      throws IOException {
    List<String> csvFiles = names("--validation-data", validationData, "--test-data", testData);
    List<String> arrays = new ArrayList<>(names("--validation-inputs", validationInputs,
        "--validation-targets", validationTargets, "--validation-timespans", validationTimespans,
        "--validation-mask", validationMask, "--test-inputs", testInputs, "--test-targets",
        testTargets, "--test-timespans", testTimespans, "--test-mask", testMask));
    List<String> fractions = names("--validation", validation, "--test", test);
    if (!csvFiles.isEmpty() && !csv) {
      throw new IllegalArgumentException(csvFiles.get(0)
          + ": CSV files go with --data; with --inputs give --validation-inputs/--test-inputs");
    }
    if (!arrays.isEmpty() && csv) {
      throw new IllegalArgumentException(arrays.get(0)
          + ": arrays go with --inputs; with --data give --validation-data/--test-data");
    }
    List<String> files = new ArrayList<>(csvFiles);
    files.addAll(arrays);
    if (files.isEmpty()) {
      builder.split(validation != null ? validation : DEFAULT_VALIDATION,
          test != null ? test : DEFAULT_TEST);
      return;
    }
    if (!fractions.isEmpty()) {
      throw new IllegalArgumentException(fractions.get(0) + " and " + files.get(0)
          + " exclude each other: hold out fractions of the data, or give separate files (then"
          + " all of the data is trained on)");
    }
    if (csv) {
      builder.validation(validationData).test(testData);
      return;
    }
    builder.validation(readArrays("--validation", validationInputs, validationTargets,
        validationTimespans, validationMask, train));
    builder.test(readArrays("--test", testInputs, testTargets, testTimespans, testMask, train));
  }

  /** Held-out arrays read with the training data's task, layout, classes and names. */
  static SequenceDataset readArrays(String prefix, Path inputs, Path targets, Path timespans,
      Path mask, SequenceDataset train) throws IOException {
    if (inputs == null && targets == null && timespans == null && mask == null) {
      return null;
    }
    if (inputs == null || targets == null) {
      throw new IllegalArgumentException(prefix + (inputs == null ? "-inputs" : "-targets")
          + ": held-out arrays need both " + prefix + "-inputs and " + prefix + "-targets");
    }
    ArrayData a = ArrayData.fromNpy(inputs, targets).withTimespans(timespans).withMask(mask)
        .withTask(train.task()).withPerStep(train.perStep())
        .withFeatureNames(train.featureNames());
    a = train.task() == TaskKind.CLASSIFICATION
        ? a.withClassNames(train.targetNames())
        : a.withTargetNames(train.targetNames());
    return a.read();
  }

  private static List<String> names(Object... pairs) {
    List<String> given = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        given.add((String) pairs[i]);
      }
    }
    return given;
  }
}
