package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation through time against central finite differences in double precision, on small
 * random models of every kind, with irregular Δt, a random initial state and a loss reading both
 * the outputs and the final state.
 */
class FiniteDifferenceTest {
  static Stream<ModelConfig> configs() {
    return Stream.concat(
        Stream.of(
            ModelConfig.ltc(3, new AutoNcp(8, 2)).build(),
            ModelConfig.ltc(3, 4).implicitParamConstraints(false).build(),
            ModelConfig.ltc(3, new AutoNcp(8, 2)).solver(SolverKind.EULER).build(),
            ModelConfig.ltc(3, 4).solver(SolverKind.RK4).odeUnfolds(2).mixedMemory(true)
                .projSize(2).build(),
            ModelConfig.ltc(3, 4).mappings(io.liquid4j.cell.Mapping.LINEAR,
                io.liquid4j.cell.Mapping.NONE).returnSequences(false).build(),
            ModelConfig.lstm(3, 4).projSize(2).build()),
        SequenceModelTest.configs().filter(c -> c.model() != ModelKind.LTC));
  }

  /** loss = Σ y·wY + Σ h_L·wH + Σ c_L·wC with fixed random weights. */
  static double loss(SequenceOutput out, double[] wY, double[] wH, double[] wC) {
    double l = 0;
    double[] y = out.outputs();
    for (int i = 0; i < y.length; i++) {
      l += y[i] * wY[i];
    }
    double[] h = out.finalState().h();
    for (int i = 0; i < h.length; i++) {
      l += h[i] * wH[i];
    }
    if (wC != null) {
      double[] c = out.finalState().c();
      for (int i = 0; i < c.length; i++) {
        l += c[i] * wC[i];
      }
    }
    return l;
  }

  @ParameterizedTest
  @MethodSource("configs")
  void gradientsMatchCentralDifferences(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 3);
    int b = 2;
    int l = 4;
    double[] x = SequenceModelTest.random(b * l * 3, 5);
    double[] ts = SequenceModelTest.positive(b * l, 6);
    int n = model.stateSize();
    ModelState h0 = new ModelState(b, n, SequenceModelTest.random(b * n, 7),
        config.mixedMemory() ? SequenceModelTest.random(b * n, 8) : null);
    TrainingPass pass = model.forwardForTraining(x, b, l, ts, h0);
    double[] wY = SequenceModelTest.random(pass.output().outputs().length, 9);
    double[] wH = SequenceModelTest.random(b * n, 10);
    double[] wC = config.mixedMemory() ? SequenceModelTest.random(b * n, 11) : null;
    Gradients g = pass.backward(wY, wH, wC);

    double eps = 1e-6;
    double[] p = model.parameters();
    SplittableRandom pick = new SplittableRandom(12);
    for (ParameterLayout.Entry e : model.layout().entries()) {
      if (!e.trainable()) {
        continue;
      }
      // A few entries per tensor keep the test fast; every tensor is covered.
      for (int trial = 0; trial < Math.min(4, e.size()); trial++) {
        int i = e.offset() + pick.nextInt(e.size());
        double[] plus = p.clone();
        double[] minus = p.clone();
        plus[i] += eps;
        minus[i] -= eps;
        double numeric = (loss(model.withParameters(plus).forward(x, b, l, ts, h0), wY, wH, wC)
            - loss(model.withParameters(minus).forward(x, b, l, ts, h0), wY, wH, wC)) / (2 * eps);
        assertAgree(e.name() + "[" + (i - e.offset()) + "]", numeric, g.parameters()[i]);
      }
    }
    for (int trial = 0; trial < 6; trial++) {
      int i = pick.nextInt(x.length);
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (loss(model.forward(plus, b, l, ts, h0), wY, wH, wC)
          - loss(model.forward(minus, b, l, ts, h0), wY, wH, wC)) / (2 * eps);
      assertAgree("input[" + i + "]", numeric, g.inputs()[i]);
    }
    double[] hFlat = h0.h();
    for (int trial = 0; trial < 4; trial++) {
      int i = pick.nextInt(hFlat.length);
      double[] plus = hFlat.clone();
      double[] minus = hFlat.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (loss(model.forward(x, b, l, ts, new ModelState(b, n, plus, h0.c())), wY,
          wH, wC) - loss(model.forward(x, b, l, ts, new ModelState(b, n, minus, h0.c())), wY, wH,
          wC)) / (2 * eps);
      assertAgree("h0[" + i + "]", numeric, g.initialH()[i]);
    }
  }

  static void assertAgree(String what, double numeric, double analytic) {
    double tol = 1e-6 + 1e-5 * Math.max(Math.abs(numeric), Math.abs(analytic));
    assertTrue(Math.abs(numeric - analytic) <= tol,
        what + ": finite difference " + numeric + " vs backprop " + analytic);
  }
}
