package io.liquid4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.io.Npy;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.predict.ModelTraining;
import io.liquid4j.predict.Prediction;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.TrainedModel;
import io.liquid4j.train.TrainerConfig;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example: .npy arrays to a trained model file, applied by a Predictor. */
class ArrayDataWorkflowTest {
  @TempDir Path dir;

  private void arrays(String suffix, int n, long seed) throws Exception {
    int l = 5;
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n * l * 2];
    double[] y = new double[n * l];
    double[] t = new double[n * l];
    for (int i = 0; i < n; i++) {
      double acc = 0;
      for (int k = 0; k < l; k++) {
        int s = i * l + k;
        t[s] = 0.5 + r.nextInt(3) * 0.5;
        x[2 * s] = r.nextDouble(-1, 1);
        x[2 * s + 1] = 100 + r.nextDouble();
        acc += x[2 * s] * t[s];
        y[s] = acc;
      }
    }
    Npy.writeFloat32(dir.resolve("X" + suffix + ".npy"), new int[] {n, l, 2}, x, false);
    Npy.writeFloat32(dir.resolve("Y" + suffix + ".npy"), new int[] {n, l, 1}, y, false);
    Npy.writeFloat32(dir.resolve("T" + suffix + ".npy"), new int[] {n, l}, t, false);
  }

  @Test
  void theReadmeExampleRunsAndTheSavedModelScoresItsOwnPredictions() throws Exception {
    arrays("", 20, 1);
    arrays("_new", 6, 2);
    SequenceDataset data = ArrayData.fromNpy(dir.resolve("X.npy"), dir.resolve("Y.npy"))
        .withTimespans(dir.resolve("T.npy"))
        .read();
    assertEquals(TaskKind.REGRESSION, data.task());
    assertTrue(data.perStep());
    TrainedModel trained = ModelTraining.builder()
        .data(data)
        .model(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 4}", "spec"))
        .trainer(TrainerConfig.defaults().withEpochs(1).withSeed(1).withThreads(1))
        .split(0.1, 0.15)
        .build()
        .run();
    assertTrue(trained.test().isPresent());
    Path file = dir.resolve("pressure.model");
    trained.save(file, false);

    Predictor predictor = Predictor.load(file);
    SequenceInputs fresh = ArrayData.fromNpy(dir.resolve("X_new.npy"))
        .withTimespans(dir.resolve("T_new.npy"))
        .readInputs();
    Prediction y = predictor.predict(fresh);
    assertArrayEquals(y.outputs(), trained.predictor().predict(fresh).outputs(),
        "the file holds the trained model and its preprocessing");
    // evaluate on the same arrays scores exactly these outputs
    SequenceDataset labelled = ArrayData.fromNpy(dir.resolve("X_new.npy"),
        dir.resolve("Y_new.npy")).withTimespans(dir.resolve("T_new.npy")).read();
    Evaluation ev = predictor.evaluate(labelled);
    double[] target = labelled.targets();
    double[] out = y.outputs();
    double se = 0;
    for (int i = 0; i < out.length; i++) {
      se += (out[i] - target[i]) * (out[i] - target[i]);
    }
    assertEquals(se / out.length, ev.mse(), 1e-12 * (1 + se));
    Predictor.Session stream = predictor.newSession();
    double[] first = stream.step(new double[] {fresh.inputs()[0], fresh.inputs()[1]},
        fresh.timespans()[0]);
    assertEquals(out[0], first[0], 1e-12);
  }
}
