package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.Cell;
import io.liquid4j.cell.CfcCell;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.LtcCell;
import io.liquid4j.cell.Precision;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.train.GradientSum;
import io.liquid4j.train.MeanSquaredError;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.wiring.AutoNcp;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model run in float32 against the same model (same parameters) in float64, the verified
 * reference: outputs, final states and the trainer's batch gradient agree within float32's
 * rounding, for every kind that offers float32. Bounds, on seeded random models and inputs over 6
 * steps of irregular Δt: outputs and states |a − b| ≤ 1e-4·(1 + |b|); gradient entries |a − b| ≤
 * 1e-4·(|b| + max|b|) + 1e-7 (relative to the gradient's scale: an entry summed from terms of
 * both signs carries their rounding). Also: a sample's float32 result does not depend on the batch
 * it runs in, and the same call gives the same bits.
 */
class PrecisionParityTest {
  private static final int B = 3;
  private static final int L = 6;
  private static final int S = 3;

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("LTC fully connected", ModelConfig.ltc(S, 6).build()),
        Arguments.of("LTC NCP", ModelConfig.ltc(S, new AutoNcp(10, 2)).build()),
        Arguments.of("LTC euler, projection",
            ModelConfig.ltc(S, 5).solver(SolverKind.EULER).projSize(2).build()),
        Arguments.of("LTC rk4 NCP", ModelConfig.ltc(S, new AutoNcp(8, 2)).solver(SolverKind.RK4)
            .build()),
        Arguments.of("CfC default", ModelConfig.cfc(S, 6).backbone(8, 1, 0.0).build()),
        Arguments.of("CfC no_gate", ModelConfig.cfc(S, 6).mode(CfcMode.NO_GATE)
            .backbone(8, 2, 0.0).build()),
        Arguments.of("CfC pure", ModelConfig.cfc(S, 6).mode(CfcMode.PURE).backbone(8, 1, 0.0)
            .activation(Activation.TANH).build()),
        Arguments.of("wired CfC", ModelConfig.cfc(S, new AutoNcp(12, 3)).build()),
        Arguments.of("wired CfC no_gate, projection", ModelConfig.cfc(S, new AutoNcp(9, 2))
            .mode(CfcMode.NO_GATE).projSize(3).build()),
        Arguments.of("CfC mixed memory, projection", ModelConfig.cfc(S, 5).backbone(8, 1, 0.0)
            .mixedMemory(true).projSize(2).build()),
        Arguments.of("LTC mixed memory", ModelConfig.ltc(S, 5).mixedMemory(true).build()),
        Arguments.of("CfC paper mixed memory, projection", ModelConfig.cfc(S, 5)
            .backbone(8, 1, 0.0).mixedMemory(true).forgetBias(0.6)
            .cfcVariant(io.liquid4j.cell.CfcVariant.PAPER).projSize(2).build()),
        Arguments.of("LSTM", ModelConfig.lstm(S, 5).build()),
        Arguments.of("LSTM, projection", ModelConfig.lstm(S, 7).projSize(2).build()));
  }

  static double[] inputs(long seed) {
    return SequenceModelTest.random(B * L * S, seed);
  }

  /** Irregular Δt in [0.1, 2). */
  static double[] timespans(long seed) {
    return SequenceModelTest.positive(B * L, seed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void outputsAndStatesAgreeWithFloat64(String name, ModelConfig config) {
    for (long seed = 1; seed <= 3; seed++) {
      SequenceModel m64 = SequenceModel.create(config, seed);
      SequenceModel m32 = m64.withPrecision(Precision.FLOAT32);
      assertReportsFloat32(m32);
      double[] x = inputs(seed + 10);
      double[] ts = timespans(seed + 20);
      SequenceOutput a = m32.forward(x, B, L, ts, null);
      SequenceOutput b = m64.forward(x, B, L, ts, null);
      assertClose(name + " outputs, seed " + seed, b.outputs(), a.outputs());
      assertClose(name + " final h, seed " + seed, b.finalState().h(), a.finalState().h());
      if (config.mixedMemory()) {
        assertClose(name + " final c, seed " + seed, b.finalState().c(), a.finalState().c());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theTrainersBatchGradientAgreesWithFloat64(String name, ModelConfig config) {
    Trainer trainer = new Trainer(TrainerConfig.builder().epochs(1).batchSize(B)
        .learningRate(0.01).optimizer(OptimizerConfig.adam()).seed(3).threads(1).chunkSize(2)
        .build(), new MeanSquaredError());
    for (long seed = 1; seed <= 2; seed++) {
      SequenceModel m64 = SequenceModel.create(config, seed);
      SequenceModel m32 = m64.withPrecision(Precision.FLOAT32);
      double[] y = SequenceModelTest.random(B * L * m64.outputSize(), seed + 30);
      SequenceDataset.Batch batch = new SequenceDataset.Batch(B, L, S, inputs(seed + 10),
          timespans(seed + 20), y, null, null);
      GradientSum g32 = trainer.gradientSum(m32, batch, 5);
      GradientSum g64 = trainer.gradientSum(m64, batch, 5);
      assertEquals(g64.meanLoss(), g32.meanLoss(), 1e-4 * (1 + Math.abs(g64.meanLoss())),
          name + " loss");
      double[] ref = g64.gradient();
      double[] got = g32.gradient();
      double scale = 0;
      for (double v : ref) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(scale > 0, name + ": the float64 gradient is all zero");
      for (int i = 0; i < ref.length; i++) {
        double bound = 1e-4 * (Math.abs(ref[i]) + scale) + 1e-7;
        if (!(Math.abs(got[i] - ref[i]) <= bound)) {
          fail(name + " seed " + seed + ": gradient of " + entryName(m64, i) + " is " + got[i]
              + ", float64 gives " + ref[i] + " (bound " + bound + ")");
        }
      }
      // The same call again: the same bits.
      assertArrayEquals(got, trainer.gradientSum(m32, batch, 5).gradient(), 0.0,
          name + ": a second call");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aSamplesFloat32ResultDoesNotDependOnItsBatch(String name, ModelConfig config) {
    SequenceModel m32 = SequenceModel.create(config.toBuilder().precision(Precision.FLOAT32)
        .build(), 4);
    double[] x = inputs(14);
    double[] ts = timespans(24);
    SequenceOutput all = m32.forward(x, B, L, ts, null);
    int o = m32.outputSize();
    for (int s = 0; s < B; s++) {
      SequenceOutput one = m32.forward(Arrays.copyOfRange(x, s * L * S, (s + 1) * L * S), 1, L,
          Arrays.copyOfRange(ts, s * L, (s + 1) * L), null);
      assertArrayEquals(Arrays.copyOfRange(all.outputs(), s * L * o, (s + 1) * L * o),
          one.outputs(), 0.0, name + ": sample " + s + " alone");
      StreamingSession session = m32.newSession();
      double[] last = null;
      for (int t = 0; t < L; t++) {
        last = session.step(Arrays.copyOfRange(x, (s * L + t) * S, (s * L + t + 1) * S),
            ts[s * L + t]);
      }
      assertArrayEquals(all.at(s, L - 1), last, 0.0, name + ": sample " + s + " streamed");
    }
  }

  /**
   * The float32 projection against a plain reference: y = b + Σ W·out over the float-rounded
   * operands (the cell's outputs taken from the same model without its projection), within
   * float32's rounding of the sums, and not the float64 projection's values.
   */
  @Test
  void theFloat32ProjectionComputesInFloat() {
    ModelConfig withFc = ModelConfig.cfc(S, 7).backbone(8, 1, 0.0).projSize(4)
        .precision(Precision.FLOAT32).build();
    SequenceModel model = SequenceModel.create(withFc, 12);
    ModelConfig bare = withFc.toBuilder().projSize(0).build();
    int cellParams = SequenceModel.create(bare, 0).layout().size();
    double[] p = model.parameters();
    SequenceModel cellOnly = SequenceModel.withParameters(bare, Arrays.copyOf(p, cellParams));
    double[] x = inputs(7);
    double[] ts = timespans(8);
    double[] out = cellOnly.forward(x, B, L, ts, null).outputs();
    double[] y = model.forward(x, B, L, ts, null).outputs();
    double[] w = model.parameter("fc.weight");
    double[] bias = model.parameter("fc.bias");
    int m = 7;
    int k = 4;
    boolean differsFromFloat64 = false;
    for (int r = 0; r < B * L; r++) {
      for (int j = 0; j < k; j++) {
        double ref = (float) bias[j];
        double exact = bias[j];
        double magnitude = Math.abs(ref);
        for (int i = 0; i < m; i++) {
          double prod = (double) (float) w[j * m + i] * (float) out[r * m + i];
          ref += prod;
          magnitude += Math.abs(prod);
          exact += w[j * m + i] * out[r * m + i];
        }
        // m float roundings of partial sums and products, each ≤ 2^-24 of the magnitude.
        double bound = 2 * m * 0x1p-24 * magnitude;
        double got = y[r * k + j];
        assertTrue(Math.abs(got - ref) <= bound,
            "row " + r + " output " + j + ": " + got + " vs reference " + ref);
        assertEquals(got, (float) got, 0.0, "a float32 output is a float value");
        differsFromFloat64 |= got != exact;
      }
    }
    assertTrue(differsFromFloat64, "the float32 projection gave the float64 values");
  }

  /** The model, and the cells that report a precision, run in float32. */
  static void assertReportsFloat32(SequenceModel model) {
    assertEquals(Precision.FLOAT32, model.precision());
    assertEquals(Precision.FLOAT32, model.config().precision());
    Cell cell = model.cell();
    if (cell instanceof LtcCell ltc) {
      assertEquals(Precision.FLOAT32, ltc.precision());
    } else if (cell instanceof CfcCell cfc) {
      assertEquals(Precision.FLOAT32, cfc.precision());
    } else if (cell instanceof io.liquid4j.cell.WiredCfcCell wired) {
      assertEquals(Precision.FLOAT32, wired.precision());
    } else if (cell instanceof io.liquid4j.cell.LstmSequenceCell lstm) {
      assertEquals(Precision.FLOAT32, lstm.precision());
    } else {
      fail("a float32 model with a cell that has no float32 path: " + cell.getClass().getSimpleName());
    }
    if (model.lstm() != null) {
      assertEquals(Precision.FLOAT32, model.lstm().precision(), "mixed memory");
    }
  }

  static void assertClose(String what, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double bound = 1e-4 * (1 + Math.abs(expected[i]));
      if (!(Math.abs(actual[i] - expected[i]) <= bound)) {
        fail(what + " [" + i + "]: " + actual[i] + ", float64 gives " + expected[i]);
      }
    }
  }

  private static String entryName(SequenceModel model, int index) {
    for (var e : model.layout().entries()) {
      if (index >= e.offset() && index < e.offset() + e.size()) {
        return e.name() + "[" + (index - e.offset()) + "]";
      }
    }
    return "#" + index;
  }
}
