package io.liquid4j.examples;

import io.liquid4j.data.ArrayData;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.SequenceInputs;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.io.Npy;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.predict.ModelTraining;
import io.liquid4j.predict.Prediction;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.TrainedModel;
import io.liquid4j.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

public class TrainingArrays {
  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of("liquid4j-out", "training-arrays"));
    writeArrays(dir, "", 64, 1);                 // what numpy.save would have written
    writeArrays(dir, "_new", 8, 2);
    writeArrays(dir, "_test", 16, 3);

    // X (B, L, S), Y (B, L, 1) float, T (B, L) irregular Δt, each saved with numpy.save
    SequenceDataset data = ArrayData.fromNpy(dir.resolve("X.npy"), dir.resolve("Y.npy"))
        .withTimespans(dir.resolve("T.npy"))
        .read();                      // per-step regression, read from Y's shape and dtype
    TrainedModel trained = ModelTraining.builder()
        .data(data)
        .model(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 16}", "spec"))
        .trainer(TrainerConfig.defaults().withEpochs(10).withSeed(1))
        .split(0.1, 0.15)                         // validation, test; or .validation(v).test(t)
        .build()
        .run();
    trained.test().ifPresent(e -> System.out.println("test: " + e.describe()));
    trained.save(dir.resolve("pressure.model"), true);   // true: replace an existing file

    Predictor predictor = Predictor.load(dir.resolve("pressure.model"));  // model + preprocessing
    SequenceInputs fresh = ArrayData.fromNpy(dir.resolve("X_new.npy"))
        .withTimespans(dir.resolve("T_new.npy"))
        .readInputs();
    Prediction y = predictor.predict(fresh);      // raw inputs in, outputs in Y's units out
    Predictor.Session stream = predictor.newSession();
    double[] next = stream.step(new double[] {0.3, 101.2}, 0.5);       // one raw reading, its Δt
    Evaluation onTest = predictor.evaluate(
        ArrayData.fromNpy(dir.resolve("X_test.npy"), dir.resolve("Y_test.npy"))
            .withTimespans(dir.resolve("T_test.npy")).read());
    System.out.println("first prediction " + Arrays.toString(y.at(0, 0))
        + ", streamed " + Arrays.toString(next) + "; held-out arrays: " + onTest.describe());
  }

  /**
   * Writes X (n, 5, 2), Y (n, 5, 1) and T (n, 5) as float32 .npy files: a pressure-like second
   * feature near 100, and a target that integrates the first feature over the irregular Δt.
   */
  static void writeArrays(Path dir, String suffix, int n, long seed) throws IOException {
    int length = 5;
    Random random = new Random(seed);
    double[] x = new double[n * length * 2];
    double[] y = new double[n * length];
    double[] t = new double[n * length];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int k = 0; k < length; k++) {
        int step = i * length + k;
        t[step] = 0.5 + 0.5 * random.nextInt(3);
        x[2 * step] = 2 * random.nextDouble() - 1;
        x[2 * step + 1] = 100 + random.nextDouble();
        sum += x[2 * step] * t[step];
        y[step] = sum;
      }
    }
    Npy.writeFloat32(dir.resolve("X" + suffix + ".npy"), new int[] {n, length, 2}, x, true);
    Npy.writeFloat32(dir.resolve("Y" + suffix + ".npy"), new int[] {n, length, 1}, y, true);
    Npy.writeFloat32(dir.resolve("T" + suffix + ".npy"), new int[] {n, length}, t, true);
  }
}
