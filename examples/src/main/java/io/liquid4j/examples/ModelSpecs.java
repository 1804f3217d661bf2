package io.liquid4j.examples;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class ModelSpecs {
  public static void main(String[] args) throws IOException {
    SequenceDataset train = CsvTimeSeries.read(Path.of("datasets/occupancy/datatraining.txt"),
        CsvTimeSeries.Options.classification(List.of("Temperature", "CO2"), "Occupancy", 16));
    Path file = Files.createDirectories(Path.of("liquid4j-out", "model-spec")).resolve("spec.json");
    Files.writeString(file, "{\"model\": \"cfc\", \"units\": 16, \"mixed_memory\": true}");

    ModelSpec spec = ModelSpec.parse(file.toString(), "spec.json");          // or a JSON string
    SequenceModel model = spec.create(train.features(), train.targetWidth(), train.perStep(), 1);
    ModelSpec same = ModelSpec.shorthand("ltc", 16, "ncp", null);            // --wiring ncp
    System.out.println(spec.toJson() + " -> " + model);
    System.out.println(same.toJson());
  }
}
