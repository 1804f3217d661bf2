package io.liquid4j.model;

import static io.liquid4j.model.SequenceModelTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.solver.SolverKind;
import io.liquid4j.testing.Tensors;
import io.liquid4j.wiring.AutoNcp;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The adjoint method's gradients agree with backpropagation's. */
class AdjointTest {
  static Stream<ModelConfig> configs() {
    return Stream.of(
        ModelConfig.ltc(3, new AutoNcp(8, 2)).solver(SolverKind.RK4).odeUnfolds(8).build(),
        ModelConfig.ltc(3, 5).solver(SolverKind.RK4).odeUnfolds(8).projSize(2).build(),
        ModelConfig.ctrnn(3, 5).solver(SolverKind.RK4).odeUnfolds(8).returnSequences(false)
            .build(),
        ModelConfig.ctrnn(3, 5).solver(SolverKind.RK4).odeUnfolds(8).projSize(1).build());
  }

  static Gradients[] both(ModelConfig config) {
    return both(config, 1.0);
  }

  /** Both gradients, with elapsed times in (0.1, 2)·scale. */
  static Gradients[] both(ModelConfig config, double scale) {
    SequenceModel model = SequenceModel.create(config, 4);
    int b = 2;
    int l = 5;
    double[] x = SequenceModelTest.random(b * l * 3, 1);
    double[] ts = SequenceModelTest.positive(b * l, 2);
    for (int i = 0; i < ts.length; i++) {
      ts[i] *= scale;
    }
    TrainingPass bptt = model.forwardForTraining(x, b, l, ts, null);
    AdjointPass adjoint = model.forwardForAdjoint(x, b, l, ts, null);
    assertArrayEquals(bptt.output().outputs(), adjoint.output().outputs(), 0.0);
    double[] dy = SequenceModelTest.random(bptt.output().outputs().length, 3);
    double[] dh = SequenceModelTest.random(b * model.stateSize(), 4);
    return new Gradients[] {bptt.backward(dy, dh, null), adjoint.backward(dy, dh)};
  }

  static double relativeError(double[] reference, double[] other) {
    double scale = 0;
    for (double v : reference) {
      scale = Math.max(scale, Math.abs(v));
    }
    return Tensors.maxAbsDiff(reference, other) / scale;
  }

  @ParameterizedTest
  @MethodSource("configs")
  void adjointGradientsMatchBackpropagation(ModelConfig config) {
    // LTC synapses make the dynamics strongly dissipative (rates of several per time unit), so
    // reconstructing states backward in time amplifies errors like e^(rate·Δt) per step: the
    // adjoint is accurate for short elapsed times and mild dynamics, as documented.
    Gradients[] g = both(config, config.model() == ModelKind.LTC ? 0.1 : 1.0);
    double params = relativeError(g[0].parameters(), g[1].parameters());
    double inputs = relativeError(g[0].inputs(), g[1].inputs());
    double initial = relativeError(g[0].initialH(), g[1].initialH());
    assertTrue(params < 1e-3 && inputs < 1e-3 && initial < 1e-3,
        "relative errors: parameters " + params + ", inputs " + inputs + ", h0 " + initial);
  }

  @Test
  void theReconstructionErrorShrinksWithTheStep() {
    ModelConfig coarse = ModelConfig.ctrnn(3, 5).solver(SolverKind.EULER).odeUnfolds(20).build();
    ModelConfig fine = coarse.toBuilder().odeUnfolds(80).build();
    Gradients[] c = both(coarse, 0.2);
    Gradients[] f = both(fine, 0.2);
    double ec = relativeError(c[0].parameters(), c[1].parameters());
    double ef = relativeError(f[0].parameters(), f[1].parameters());
    // Euler's reverse step is first order: 4x smaller steps, about 4x smaller error.
    assertTrue(ef < ec / 2.5 && ef < 0.01, "Euler adjoint error " + ec + " -> " + ef);
  }

  @Test
  void modelsThatCannotRunBackwardInTimeAreRejected() {
    double[] x = new double[6];
    assertMessage(() -> SequenceModel.create(ModelConfig.ltc(3, 4).build(), 1)
        .forwardForAdjoint(x, 1, 2, null, null), "adjoint", "fused");
    assertMessage(() -> SequenceModel.create(ModelConfig.cfc(3, 4).build(), 1)
        .forwardForAdjoint(x, 1, 2, null, null), "adjoint", "CfC");
    assertMessage(() -> SequenceModel.create(ModelConfig.ltc(3, 4).solver(SolverKind.RK4)
        .mixedMemory(true).build(), 1).forwardForAdjoint(x, 1, 2, null, null), "mixed memory");
  }
}
