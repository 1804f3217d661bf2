package io.liquid4j.spark;

import static io.liquid4j.spark.LocalSpark.assertJobFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import io.liquid4j.wiring.AutoNcp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch scoring on Spark gives, bit for bit, what the model gives each sequence on one machine;
 * malformed sequences fail the job with their key.
 */
class BatchScoringTest {
  private static final int INPUTS = 3;
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = LocalSpark.start("BatchScoringTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ltc-autoncp", "cfc-last-step", "cfc-mixed-memory"})
  void predictionsEqualTheModelOnOneMachine(String kind) {
    ModelConfig config = switch (kind) {
      case "ltc-autoncp" -> ModelConfig.ltc(INPUTS, new AutoNcp(12, 2)).build();
      case "cfc-last-step" -> ModelConfig.cfc(INPUTS, 10).returnSequences(false).build();
      default -> ModelConfig.cfc(INPUTS, 8).mixedMemory(true).projSize(3).build();
    };
    SequenceModel model = SequenceModel.create(config, 21);
    List<Sequence> sequences = new ArrayList<>();
    for (int s = 0; s < 9; s++) {
      int length = 5 + 3 * s;
      double[][] x = new double[length][INPUTS];
      double[] stamps = s % 2 == 0 ? new double[length] : null; // some regular, some not
      for (int t = 0; t < length; t++) {
        for (int i = 0; i < INPUTS; i++) {
          x[t][i] = Math.sin(0.3 * t + i + s);
        }
        if (stamps != null) {
          stamps[t] = 100 + 0.7 * t + 0.2 * ((t * 5 + s) % 4);
        }
      }
      sequences.add(new Sequence("seq-" + s, x, stamps));
    }
    List<Prediction> predictions =
        BatchScoring.predict(sc.parallelize(sequences, 3), model, 0.5).collect();
    assertEquals(sequences.size(), predictions.size());
    for (int s = 0; s < sequences.size(); s++) {
      Sequence sequence = sequences.get(s);
      Prediction prediction = predictions.get(s);
      assertEquals(sequence.key(), prediction.key());
      SequenceOutput expected = oneMachine(model, sequence, 0.5);
      int rows = config.returnSequences() ? sequence.length() : 1;
      assertEquals(rows, prediction.outputs().length, "rows of " + sequence.key());
      for (int r = 0; r < rows; r++) {
        int t = config.returnSequences() ? r : sequence.length() - 1;
        double[] want = config.returnSequences() ? expected.at(0, t) : expected.outputs();
        assertArrayEquals(want, prediction.outputs()[r], 0, sequence.key() + " step " + t);
      }
    }
  }

  @Test
  void aStepWithTheWrongNumberOfFeaturesFailsTheJobWithTheKey() {
    JavaRDD<Sequence> rdd = sc.parallelize(List.of(regular("fine", 4),
        new Sequence("narrow", new double[][] {{1, 2, 3}, {1, 2}}, null)), 2);
    assertJobFails("sequence 'narrow': step 1 expected 3 features, found 2",
        () -> BatchScoring.predict(rdd, model()).collect());
  }

  @Test
  void aNaNInputFailsTheJobWithTheKey() {
    Sequence bad = regular("has-nan", 4);
    bad.inputs()[2][1] = Double.NaN;
    JavaRDD<Sequence> rdd = sc.parallelize(List.of(regular("fine", 4), bad), 2);
    assertJobFails("sequence 'has-nan': step 2 feature 1 expected a finite number, found NaN",
        () -> BatchScoring.predict(rdd, model()).collect());
  }

  @Test
  void nonIncreasingTimestampsFailTheJobWithTheKey() {
    double[][] x = regular("x", 4).inputs();
    JavaRDD<Sequence> rdd = sc.parallelize(List.of(
        new Sequence("ordered", x, new double[] {0, 1, 2, 3}),
        new Sequence("repeats", x, new double[] {0, 1, 1, 3})), 2);
    assertJobFails("sequence 'repeats': timestamps expected to increase strictly, found 1.0 at "
        + "step 2 after 1.0", () -> BatchScoring.predict(rdd, model()).collect());
  }

  @Test
  void timestampsOfTheWrongCountOrEmptySequencesFailTheJobWithTheKey() {
    double[][] x = regular("x", 4).inputs();
    JavaRDD<Sequence> short_ = sc.parallelize(List.of(
        new Sequence("three-stamps", x, new double[] {0, 1, 2})));
    assertJobFails("sequence 'three-stamps': expected 4 timestamps (one per step), found 3",
        () -> BatchScoring.predict(short_, model()).collect());
    JavaRDD<Sequence> empty = sc.parallelize(List.of(new Sequence("empty", new double[0][], null)));
    assertJobFails("sequence 'empty': expected at least one step, found none",
        () -> BatchScoring.predict(empty, model()).collect());
  }

  @Test
  void aBadFirstTimespanIsRejectedOnTheDriver() {
    JavaRDD<Sequence> rdd = sc.parallelize(List.of(regular("a", 3)));
    assertEquals("first timespan: expected a positive finite number, found 0.0",
        assertThrows(IllegalArgumentException.class,
            () -> BatchScoring.predict(rdd, model(), 0)).getMessage());
  }

  private static SequenceModel model() {
    return SequenceModel.create(ModelConfig.cfc(INPUTS, 6).build(), 1);
  }

  private static Sequence regular(String key, int length) {
    double[][] x = new double[length][INPUTS];
    for (int t = 0; t < length; t++) {
      for (int i = 0; i < INPUTS; i++) {
        x[t][i] = 0.1 * (t + i);
      }
    }
    return new Sequence(key, x, null);
  }

  /** The reference: the sequence as a batch of one, Δt from its time stamps, on this machine. */
  private static SequenceOutput oneMachine(SequenceModel model, Sequence s, double first) {
    double[][][] x = {s.inputs()};
    if (s.timestamps() == null) {
      return model.forward(x);
    }
    double[] dt = new double[s.length()];
    dt[0] = first;
    for (int t = 1; t < dt.length; t++) {
      dt[t] = s.timestamps()[t] - s.timestamps()[t - 1];
    }
    return model.forward(x, new double[][] {dt});
  }
}
