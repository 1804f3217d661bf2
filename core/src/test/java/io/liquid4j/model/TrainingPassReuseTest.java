package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.liquid4j.cell.ParameterLayout;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training pass handed back to {@link SequenceModel#forwardForTraining(double[], int, int,
 * double[], ModelState, long, TrainingPass)} records into its own arrays, with its workspace
 * rebound to the new parameters: outputs, final state and every gradient must equal, bit for bit,
 * those of a fresh pass on other parameters, inputs, Δt, initial state and dropout seed.
 */
class TrainingPassReuseTest {
  static Stream<ModelConfig> configs() {
    return Stream.concat(FiniteDifferenceTest.configs(), Stream.of(DropoutTest.DROPOUT));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void reusedPassEqualsFreshPass(ModelConfig config) {
    int b = 3;
    int l = 5;
    SequenceModel first = SequenceModel.create(config, 3);
    SequenceModel second = first.withParameters(perturbed(first, 4));
    TrainingPass old = run(first, b, l, 10, null);
    // Its gradient arrays hold values too, which the reused pass must not add to.
    old.backward(SequenceModelTest.random(old.outputLength(), 11),
        SequenceModelTest.random(b * first.stateSize(), 12),
        config.mixedMemory() ? SequenceModelTest.random(b * first.stateSize(), 13) : null);
    TrainingPass reused = run(second, b, l, 20, old);
    assertSame(old, reused, "a pass of the same structure and shape is reused");
    assertSamePass(run(second, b, l, 20, null), reused, b, l, 20);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void passOfAnotherShapeIsNotReused(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 3);
    TrainingPass old = run(model, 3, 5, 10, null);
    TrainingPass other = run(model, 2, 5, 20, old);
    assertNotSame(old, other);
    assertSamePass(run(model, 2, 5, 20, null), other, 2, 5, 20);
  }

  /** Every trainable parameter scaled by a factor in [0.9, 1.1] (signs and masks kept). */
  private static double[] perturbed(SequenceModel model, long seed) {
    double[] p = model.parameters();
    SplittableRandom r = new SplittableRandom(seed);
    for (ParameterLayout.Entry e : model.layout().entries()) {
      if (e.trainable()) {
        for (int i = e.offset(); i < e.offset() + e.size(); i++) {
          p[i] *= r.nextDouble(0.9, 1.1);
        }
      }
    }
    return p;
  }

  /** A forward pass on inputs, Δt, initial state and dropout drawn from {@code seed}. */
  private static TrainingPass run(
      SequenceModel model, int b, int l, long seed, TrainingPass reuse) {
    int s = model.inputSize();
    int n = model.stateSize();
    ModelState h0 = new ModelState(b, n, SequenceModelTest.random(b * n, seed + 1),
        model.config().mixedMemory() ? SequenceModelTest.random(b * n, seed + 2) : null);
    return model.forwardForTraining(SequenceModelTest.random(b * l * s, seed), b, l,
        SequenceModelTest.positive(b * l, seed + 3), h0, seed + 4, reuse);
  }

  private static void assertSamePass(TrainingPass expected, TrainingPass actual, int b, int l,
      long seed) {
    SequenceOutput e = expected.output();
    SequenceOutput a = actual.output();
    assertArrayEquals(e.outputs(), a.outputs(), 0.0, "outputs");
    assertArrayEquals(e.finalState().h(), a.finalState().h(), 0.0, "final h");
    if (e.finalState().hasMemory()) {
      assertArrayEquals(e.finalState().c(), a.finalState().c(), 0.0, "final c");
    }
    int n = e.finalState().stateSize();
    double[] dY = SequenceModelTest.random(e.outputs().length, seed + 5);
    double[] dH = SequenceModelTest.random(b * n, seed + 6);
    double[] dC = e.finalState().hasMemory() ? SequenceModelTest.random(b * n, seed + 7) : null;
    Gradients ge = expected.backward(dY, dH, dC);
    Gradients ga = actual.backward(dY, dH, dC);
    assertArrayEquals(ge.parameters(), ga.parameters(), 0.0, "dL/dθ");
    assertArrayEquals(ge.inputs(), ga.inputs(), 0.0, "dL/dx");
    assertArrayEquals(ge.initialH(), ga.initialH(), 0.0, "dL/dh0");
    if (dC != null) {
      assertArrayEquals(ge.initialC(), ga.initialC(), 0.0, "dL/dc0");
    }
  }
}
