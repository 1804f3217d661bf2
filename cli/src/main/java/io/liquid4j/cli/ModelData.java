package io.liquid4j.cli;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.predict.Predictor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the commands that apply a model ({@code evaluate}, {@code predict}, {@code plot}) share:
 * turning the library's refusals into messages that name the option or file a user typed.
 */
final class ModelData {
  private ModelData() {}

  /**
   * A labelled CSV file read as the model's training file was.
   *
   * @throws IllegalArgumentException naming --data when the model has no CSV layout
   */
  static SequenceDataset readCsv(Predictor predictor, Path model, Path csv) throws IOException {
    checkCsvLayout(predictor, model);
    return predictor.readCsv(csv);
  }

  /** Refuses --data for a model that does not say how to read a CSV file. */
  static void checkCsvLayout(Predictor predictor, Path model) {
    boolean layout = predictor.preprocessing().flatMap(p -> p.csv()).isPresent();
    if (!layout) {
      throw new IllegalArgumentException("--data: " + model + " has no CSV layout ("
          + (predictor.preprocessing().isPresent()
              ? "it was trained on arrays" : "it has no preprocessing: imported or built in code")
          + "), so it cannot read a CSV file; give NumPy arrays instead");
    }
  }

  /** The inputs' feature count must be the model's. */
  static void checkFeatures(Predictor predictor, int features, Path file)
      throws FileFormatException {
    int expected = predictor.model().inputSize();
    if (features != expected) {
      throw new FileFormatException(String.valueOf(file), "the model takes " + expected
          + " features" + predictor.preprocessing().map(p -> " " + p.features()).orElse("")
          + ", found " + features);
    }
  }

  /** The library names its arguments; on the command line they are options. */
  static IllegalArgumentException optionError(IllegalArgumentException e, Path model) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("timespans:")) {
      return new IllegalArgumentException("--timespans:" + m.substring(10), e);
    }
    if (m.startsWith("data has")) {
      return new IllegalArgumentException(m + " (" + model + ")", e);
    }
    return e;
  }
}
