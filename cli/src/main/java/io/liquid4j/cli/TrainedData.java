package io.liquid4j.cli;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Standardizer;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * A CSV file read as the model made by {@code liquid4j train} was trained: the data spec (columns,
 * windows, task) and the z-scoring stored in the model file.
 */
final class TrainedData {
  private TrainedData() {}

  /** The spec stored in {@code model}. */
  static CsvDataSpec spec(Path model) throws IOException {
    Map<String, String> meta = metadata(model);
    return CsvDataSpec.fromMap(new ObjectMapper().readValue(meta.get("data"),
        LinkedHashMap.class));
  }

  /** {@code csv} as windows, scaled with the training data's statistics. */
  static SequenceDataset read(Path model, Path csv) throws IOException {
    Map<String, String> meta = metadata(model);
    ObjectMapper json = new ObjectMapper();
    CsvDataSpec spec = CsvDataSpec.fromMap(json.readValue(meta.get("data"), LinkedHashMap.class));
    Standardizer scaling = Standardizer.fromMap(
        json.readValue(meta.get("input_scaling"), LinkedHashMap.class));
    return scaling.apply(spec.read(csv));
  }

  private static Map<String, String> metadata(Path model) throws IOException {
    Map<String, String> meta = ModelFile.metadata(model);
    if (!meta.containsKey("data") || !meta.containsKey("input_scaling")) {
      throw new FileFormatException(model.toString(),
          "has no training data description (only models made by 'liquid4j train' can read"
              + " CSV files)");
    }
    return meta;
  }
}
