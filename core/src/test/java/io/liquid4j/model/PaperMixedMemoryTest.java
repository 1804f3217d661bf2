package io.liquid4j.model;

import static io.liquid4j.model.FiniteDifferenceTest.assertAgree;
import static io.liquid4j.model.PaperVariantsTest.cellLayout;
import static io.liquid4j.model.PaperVariantsTest.cellParameters;
import static io.liquid4j.model.PaperVariantsTest.cfcStep;
import static io.liquid4j.model.PaperVariantsTest.dense;
import static io.liquid4j.model.PaperVariantsTest.sigmoid;
import static io.liquid4j.model.SequenceModelTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.cell.Precision;
import io.liquid4j.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CfC paper's mixed memory ({@code cfc_variant: paper} with {@code mixed_memory}, its {@code
 * MixedCfcCell}): the LSTM's output feeds the CfC as its input and the CfC's state is the previous
 * h. Checked against a computation from the equations alone, against finite differences, with
 * padded steps, and through a model file.
 */
class PaperMixedMemoryTest {
  static final int S = 2;
  static final int N = 3;
  static final int B = 2;
  static final int L = 3;
  static final double FORGET_BIAS = 0.6;
  static final double[] DT = {0.5, 1.7, 0.2, 1.1, 0.3, 2.4};

  @TempDir Path tmp;

  static ModelConfig config(Precision precision) {
    return ModelConfig.cfc(S, N).activation(Activation.SILU).backbone(4, 1, 0.0)
        .mixedMemory(true).forgetBias(FORGET_BIAS).cfcVariant(CfcVariant.PAPER)
        .precision(precision).build();
  }

  /**
   * One step of one sample from the equations: z = W_in·x + b + W_rec·h (gates i, ig, fg, og),
   * c' = c·σ(fg + β) + tanh(i)·σ(ig), u = tanh(c')·σ(og), h' = CfC(u, h, Δt). Writes c' into
   * {@code c} and returns h'.
   */
  static double[] handStep(SequenceModel m, double[] x, double[] h, double[] c, double dt) {
    double[] p = m.parameters();
    ParameterLayout layout = m.layout();
    double[] zIn = dense(p, layout.offset("lstm.input_map.weight"),
        layout.offset("lstm.input_map.bias"), x, 4 * N);
    int rec = layout.offset("lstm.recurrent_map.weight");
    double[] u = new double[N];
    for (int j = 0; j < N; j++) {
      double[] z = new double[4];
      for (int k = 0; k < 4; k++) {
        int r = k * N + j;
        double sum = zIn[r];
        for (int q = 0; q < N; q++) {
          sum += p[rec + r * N + q] * h[q];
        }
        z[k] = sum;
      }
      c[j] = c[j] * sigmoid(z[2] + FORGET_BIAS) + Math.tanh(z[0]) * sigmoid(z[1]);
      u[j] = Math.tanh(c[j]) * sigmoid(z[3]);
    }
    return cfcStep(cellLayout(m), cellParameters(m), new String[] {"backbone.0"}, u, h, dt,
        CfcMode.DEFAULT, true, null);
  }

  @Test
  void stepsMatchTheHandComputationInForwardTrainingAndStreaming() {
    SequenceModel model = SequenceModel.create(config(Precision.FLOAT64), 5);
    double[] x = random(B * L * S, 1);
    double[] h0 = random(B * N, 2);
    double[] c0 = random(B * N, 3);
    ModelState initial = new ModelState(B, N, h0, c0);
    SequenceOutput out = model.forward(x, B, L, DT, initial);
    SequenceOutput trained = model.forwardForTraining(x, B, L, DT, initial).output();
    for (int b = 0; b < B; b++) {
      double[] h = Arrays.copyOfRange(h0, b * N, (b + 1) * N);
      double[] c = Arrays.copyOfRange(c0, b * N, (b + 1) * N);
      StreamingSession session = model.newSession();
      session.restore(new ModelState(1, N, h.clone(), c.clone()));
      for (int t = 0; t < L; t++) {
        double[] xt = Arrays.copyOfRange(x, (b * L + t) * S, (b * L + t + 1) * S);
        h = handStep(model, xt, h, c, DT[b * L + t]);
        double[] streamed = session.step(xt, DT[b * L + t]);
        for (int j = 0; j < N; j++) {
          String at = "[" + b + ", " + t + ", " + j + "]";
          assertEquals(h[j], out.outputs()[(b * L + t) * N + j], 1e-12, "forward " + at);
          assertEquals(h[j], trained.outputs()[(b * L + t) * N + j], 1e-12, "training " + at);
          assertEquals(h[j], streamed[j], 1e-12, "streaming " + at);
        }
      }
      for (int j = 0; j < N; j++) {
        assertEquals(h[j], out.finalState().h()[b * N + j], 1e-12, "final h");
        assertEquals(c[j], out.finalState().c()[b * N + j], 1e-12, "final c");
        assertEquals(c[j], session.state().c()[j], 1e-12, "streamed c");
      }
    }
  }

  @Test
  void float32RunsTheSameStepsWithinFloatRounding() {
    SequenceModel model = SequenceModel.create(config(Precision.FLOAT64), 5);
    SequenceModel model32 = model.withPrecision(Precision.FLOAT32);
    double[] x = random(B * L * S, 1);
    ModelState initial = new ModelState(B, N, random(B * N, 2), random(B * N, 3));
    double[] y64 = model.forward(x, B, L, DT, initial).outputs();
    double[] y32 = model32.forward(x, B, L, DT, initial).outputs();
    double[] t32 = model32.forwardForTraining(x, B, L, DT, initial).output().outputs();
    for (int i = 0; i < y64.length; i++) {
      assertEquals(y64[i], y32[i], 2e-5, "float32 forward [" + i + "]");
      assertEquals(y32[i], t32[i], 0.0, "float32 training forward [" + i + "]");
    }
  }

  @Test
  void theCellTakesTheLstmOutputSoItsBackboneIsTwoNWideAndTheGateBiasStartsAtZero() {
    SequenceModel model = SequenceModel.create(config(Precision.FLOAT64), 5);
    assertArrayEquals(new int[] {4, 2 * N}, model.layout().entry("rnn_cell.backbone.0.weight")
        .shape());
    for (double v : model.parameter("lstm.input_map.bias")) {
      assertEquals(0.0, v, 0.0);
    }
    ModelConfig ncps = config(Precision.FLOAT64).toBuilder().cfcVariant(CfcVariant.NCPS).build();
    assertArrayEquals(new int[] {4, S + N}, SequenceModel.create(ncps, 5).layout()
        .entry("rnn_cell.backbone.0.weight").shape());
  }

  /** loss = Σ y·wY + Σ h_L·wH + Σ c_L·wC. */
  static double loss(SequenceOutput out, double[] wY, double[] wH, double[] wC) {
    return FiniteDifferenceTest.loss(out, wY, wH, wC);
  }

  @Test
  void gradientsOfEveryParameterAndInputMatchCentralDifferences() {
    checkGradients(null);
  }

  @Test
  void gradientsWithPaddedStepsMatchCentralDifferences() {
    // Sample 0 is padded after its first step, sample 1 in its middle step.
    checkGradients(new double[] {1, 0, 0, 1, 0, 1});
  }

  private void checkGradients(double[] valid) {
    SequenceModel model = SequenceModel.create(config(Precision.FLOAT64), 7);
    double[] x = random(B * L * S, 11);
    ModelState h0 = new ModelState(B, N, random(B * N, 12), random(B * N, 13));
    TrainingPass pass = model.forwardForTraining(x, B, L, DT, valid, h0, 0, null);
    double[] wY = random(pass.outputLength(), 14);
    double[] wH = random(B * N, 15);
    double[] wC = random(B * N, 16);
    Gradients g = pass.backward(wY, wH, wC);
    double eps = 1e-6;
    double[] p = model.parameters();
    int checked = 0;
    for (ParameterLayout.Entry e : model.layout().entries()) {
      assertTrue(e.trainable(), e.name());
      for (int i = e.offset(); i < e.offset() + e.size(); i++) {
        double[] plus = p.clone();
        double[] minus = p.clone();
        plus[i] += eps;
        minus[i] -= eps;
        double numeric = (loss(model.withParameters(plus).forward(x, B, L, DT, valid, h0), wY,
            wH, wC) - loss(model.withParameters(minus).forward(x, B, L, DT, valid, h0), wY, wH,
            wC)) / (2 * eps);
        assertAgree(e.name() + "[" + (i - e.offset()) + "]", numeric, g.parameters()[i]);
        checked++;
      }
    }
    assertEquals(p.length, checked);
    for (int i = 0; i < x.length; i++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (loss(model.forward(plus, B, L, DT, valid, h0), wY, wH, wC)
          - loss(model.forward(minus, B, L, DT, valid, h0), wY, wH, wC)) / (2 * eps);
      assertAgree("input[" + i + "]", numeric, g.inputs()[i]);
    }
    for (int which = 0; which < 2; which++) {
      double[] base = which == 0 ? h0.h() : h0.c();
      double[] analytic = which == 0 ? g.initialH() : g.initialC();
      for (int i = 0; i < base.length; i++) {
        double[] plus = base.clone();
        double[] minus = base.clone();
        plus[i] += eps;
        minus[i] -= eps;
        ModelState sp = which == 0 ? new ModelState(B, N, plus, h0.c())
            : new ModelState(B, N, h0.h(), plus);
        ModelState sm = which == 0 ? new ModelState(B, N, minus, h0.c())
            : new ModelState(B, N, h0.h(), minus);
        double numeric = (loss(model.forward(x, B, L, DT, valid, sp), wY, wH, wC)
            - loss(model.forward(x, B, L, DT, valid, sm), wY, wH, wC)) / (2 * eps);
        assertAgree((which == 0 ? "h0[" : "c0[") + i + "]", numeric, analytic[i]);
      }
    }
  }

  @Test
  void paddedStepsCarryTheStateAndMemoryUnchanged() {
    SequenceModel model = SequenceModel.create(config(Precision.FLOAT64), 5);
    double[] x = random(B * L * S, 21);
    ModelState initial = new ModelState(B, N, random(B * N, 22), random(B * N, 23));
    double[] valid = {1, 1, 0, 1, 0, 0};
    SequenceOutput padded = model.forward(x, B, L, DT, valid, initial);
    SequenceOutput trained = model.forwardForTraining(x, B, L, DT, valid, initial, 0, null)
        .output();
    for (int b = 0; b < B; b++) {
      int steps = b == 0 ? 2 : 1;
      double[] h = Arrays.copyOfRange(initial.h(), b * N, (b + 1) * N);
      double[] c = Arrays.copyOfRange(initial.c(), b * N, (b + 1) * N);
      for (int t = 0; t < steps; t++) {
        h = handStep(model, Arrays.copyOfRange(x, (b * L + t) * S, (b * L + t + 1) * S), h, c,
            DT[b * L + t]);
      }
      for (int j = 0; j < N; j++) {
        for (SequenceOutput out : new SequenceOutput[] {padded, trained}) {
          assertEquals(h[j], out.finalState().h()[b * N + j], 1e-12, "h of sample " + b);
          assertEquals(c[j], out.finalState().c()[b * N + j], 1e-12, "c of sample " + b);
          for (int t = steps; t < L; t++) {
            assertEquals(h[j], out.outputs()[(b * L + t) * N + j], 1e-12,
                "padded output repeats the last valid one");
          }
        }
      }
    }
  }

  @Test
  void aModelFileRoundTripKeepsTheVariantAndTheOutputs() throws IOException {
    SequenceModel model = SequenceModel.create(config(Precision.FLOAT64), 9);
    Path file = tmp.resolve("paper-mixed.model");
    ModelFile.save(model, file, false);
    SequenceModel loaded = ModelFile.load(file);
    assertEquals(model.config(), loaded.config());
    assertEquals("paper", loaded.config().toMap().get("cfc_variant"));
    assertEquals(true, loaded.config().toMap().get("mixed_memory"));
    assertArrayEquals(model.parameters(), loaded.parameters(), 0.0);
    double[] x = random(B * L * S, 31);
    assertArrayEquals(model.forward(x, B, L, DT, null).outputs(),
        loaded.forward(x, B, L, DT, null).outputs(), 0.0);
  }
}
