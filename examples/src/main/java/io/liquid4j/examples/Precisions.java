package io.liquid4j.examples;

import io.liquid4j.cell.Precision;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class Precisions {
  public static void main(String[] args) throws IOException {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(8, 64).build(), 7);
    Path path = Files.createDirectories(Path.of("liquid4j-out", "precision"))
        .resolve("model.safetensors");
    ModelFile.save(model, path, true);

    ModelConfig config = ModelConfig.cfc(8, 64).precision(Precision.FLOAT32).build();
    ModelSpec spec = ModelSpec.parse("{\"model\": \"ltc\", \"units\": 16, \"wiring\": \"ncp\"}", "spec")
        .withPrecision(Precision.FLOAT32);                  // or "precision": "float32" in the JSON
    SequenceModel fast = model.withPrecision(Precision.FLOAT32);   // same parameters
    Predictor p = Predictor.load(path).withPrecision(Precision.FLOAT64);

    double[] x = new double[2 * 16 * 8];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(0.1 * i);
    }
    double[] y64 = model.forward(x, 2, 16, null, null).outputs();
    double[] y32 = fast.forward(x, 2, 16, null, null).outputs();
    double[] loaded = p.predict(x, 2, 16, null, null).outputs();
    double largest = 0;
    for (int i = 0; i < y64.length; i++) {
      largest = Math.max(largest, Math.abs(y32[i] - y64[i]));
    }
    System.out.println(config.precision() + " " + spec.precision() + " " + fast.precision());
    System.out.println("float32 vs float64 largest difference: " + largest);
    System.out.println("loaded float64 equals float64: " + java.util.Arrays.equals(loaded, y64));
  }
}
