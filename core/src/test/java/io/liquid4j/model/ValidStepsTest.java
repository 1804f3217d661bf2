package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.wiring.AutoNcp;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Variable-length sequences through a (B, L) valid-step mask: padded steps carry the state and
 * repeat the previous output (Keras's masked RNN), gradients stay exact (finite differences), and
 * a padded sequence gives bit for bit the outputs, state and gradients of the unpadded one.
 */
class ValidStepsTest {
  static Stream<ModelConfig> configs() {
    return Stream.of(
        ModelConfig.ltc(3, new AutoNcp(8, 2)).build(),
        ModelConfig.ltc(3, 4).mixedMemory(true).projSize(2).returnSequences(false).build(),
        ModelConfig.cfc(3, 6).backbone(8, 2, 0.0).build(),
        ModelConfig.cfc(3, 6).backbone(8, 1, 0.0).returnSequences(false).build(),
        ModelConfig.cfc(3, 5).projSize(2).mixedMemory(true).build(),
        ModelConfig.cfc(3, new AutoNcp(12, 3)).returnSequences(false).build(),
        ModelConfig.ctrnn(3, 5).projSize(1).build(),
        ModelConfig.lstm(3, 4).returnSequences(false).build());
  }

  /** Sequence 0: steps 0..2 valid, 3..4 padded; sequence 1: a gap at 1 and 3; 2: padded first. */
  static final double[] MASK = {
    1, 1, 1, 0, 0,
    1, 0, 1, 0, 1,
    0, 0, 1, 1, 0};

  @ParameterizedTest
  @MethodSource("configs")
  void paddedStepsCarryStateAndRepeatTheOutput(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 4);
    int b = 3;
    int l = 5;
    double[] x = SequenceModelTest.random(b * l * 3, 1);
    double[] ts = SequenceModelTest.positive(b * l, 2);
    SequenceOutput masked = model.forward(x, b, l, ts, MASK, null);
    int o = model.outputSize();
    int n = model.stateSize();
    // Reference: each sequence alone, on its valid steps only, one after another.
    for (int s = 0; s < b; s++) {
      double[] hRef = new double[n];
      double[] cRef = config.mixedMemory() ? new double[n] : null;
      double[] yRef = new double[o];
      for (int t = 0; t < l; t++) {
        if (MASK[s * l + t] == 1) {
          SequenceOutput one = model.forward(Arrays.copyOfRange(x, (s * l + t) * 3,
              (s * l + t + 1) * 3), 1, 1, new double[] {ts[s * l + t]}, null,
              new ModelState(1, n, hRef, cRef));
          hRef = one.finalState().h();
          cRef = one.finalState().c();
          yRef = one.outputs();
        }
        if (config.returnSequences()) {
          assertArrayEquals(yRef, Arrays.copyOfRange(masked.outputs(), (s * l + t) * o,
              (s * l + t + 1) * o), 1e-12, "output of sequence " + s + " at step " + t);
        }
      }
      if (!config.returnSequences()) {
        assertArrayEquals(yRef, Arrays.copyOfRange(masked.outputs(), s * o, (s + 1) * o), 1e-12,
            "last valid output of sequence " + s);
      }
      assertArrayEquals(hRef, Arrays.copyOfRange(masked.finalState().h(), s * n, (s + 1) * n),
          1e-12, "final h of sequence " + s);
      if (config.mixedMemory()) {
        assertArrayEquals(cRef, Arrays.copyOfRange(masked.finalState().c(), s * n, (s + 1) * n),
            1e-12, "final c of sequence " + s);
      }
    }
    // The training pass's forward agrees exactly with the inference forward.
    TrainingPass pass = model.forwardForTraining(x, b, l, ts, MASK, null, 0L, null);
    assertArrayEquals(masked.outputs(), pass.output().outputs(), 0.0);
    assertArrayEquals(masked.finalState().h(), pass.output().finalState().h(), 0.0);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void gradientsThroughPaddedStepsMatchCentralDifferences(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 3);
    int b = 3;
    int l = 5;
    double[] x = SequenceModelTest.random(b * l * 3, 5);
    double[] ts = SequenceModelTest.positive(b * l, 6);
    int n = model.stateSize();
    ModelState h0 = new ModelState(b, n, SequenceModelTest.random(b * n, 7),
        config.mixedMemory() ? SequenceModelTest.random(b * n, 8) : null);
    TrainingPass pass = model.forwardForTraining(x, b, l, ts, MASK, h0, 0L, null);
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
      for (int trial = 0; trial < Math.min(4, e.size()); trial++) {
        int i = e.offset() + pick.nextInt(e.size());
        double[] plus = p.clone();
        double[] minus = p.clone();
        plus[i] += eps;
        minus[i] -= eps;
        double numeric = (FiniteDifferenceTest.loss(
            model.withParameters(plus).forward(x, b, l, ts, MASK, h0), wY, wH, wC)
            - FiniteDifferenceTest.loss(
                model.withParameters(minus).forward(x, b, l, ts, MASK, h0), wY, wH, wC))
            / (2 * eps);
        FiniteDifferenceTest.assertAgree(e.name() + "[" + (i - e.offset()) + "]", numeric,
            g.parameters()[i]);
      }
    }
    for (int i = 0; i < x.length; i++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (FiniteDifferenceTest.loss(model.forward(plus, b, l, ts, MASK, h0), wY, wH,
          wC) - FiniteDifferenceTest.loss(model.forward(minus, b, l, ts, MASK, h0), wY, wH, wC))
          / (2 * eps);
      FiniteDifferenceTest.assertAgree("input[" + i + "]", numeric, g.inputs()[i]);
      if (MASK[i / 3] == 0) {
        assertEquals(0.0, Math.abs(g.inputs()[i]), "a padded step's input has no gradient");
      }
    }
    double[] hFlat = h0.h();
    for (int i = 0; i < hFlat.length; i++) {
      double[] plus = hFlat.clone();
      double[] minus = hFlat.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (FiniteDifferenceTest.loss(
          model.forward(x, b, l, ts, MASK, new ModelState(b, n, plus, h0.c())), wY, wH, wC)
          - FiniteDifferenceTest.loss(
              model.forward(x, b, l, ts, MASK, new ModelState(b, n, minus, h0.c())), wY, wH, wC))
          / (2 * eps);
      FiniteDifferenceTest.assertAgree("h0[" + i + "]", numeric, g.initialH()[i]);
    }
    if (config.mixedMemory()) {
      double[] cFlat = h0.c();
      for (int i = 0; i < cFlat.length; i++) {
        double[] plus = cFlat.clone();
        double[] minus = cFlat.clone();
        plus[i] += eps;
        minus[i] -= eps;
        double numeric = (FiniteDifferenceTest.loss(
            model.forward(x, b, l, ts, MASK, new ModelState(b, n, h0.h(), plus)), wY, wH, wC)
            - FiniteDifferenceTest.loss(
                model.forward(x, b, l, ts, MASK, new ModelState(b, n, h0.h(), minus)), wY, wH,
                wC)) / (2 * eps);
        FiniteDifferenceTest.assertAgree("c0[" + i + "]", numeric, g.initialC()[i]);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aPaddedSequenceGivesExactlyTheUnpaddedOutputsStateAndGradients(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 8);
    int valid = 3;
    int padded = 7;
    double[] x = SequenceModelTest.random(valid * 3, 21);
    double[] ts = SequenceModelTest.positive(valid, 22);
    double[] xPad = Arrays.copyOf(x, padded * 3);
    Arrays.fill(xPad, valid * 3, padded * 3, 0.5); // padding values never reach the result
    double[] tsPad = Arrays.copyOf(ts, padded); // padded Δt of 0 are allowed and ignored
    double[] mask = new double[padded];
    Arrays.fill(mask, 0, valid, 1.0);
    int n = model.stateSize();
    int o = model.outputSize();

    TrainingPass plain = model.forwardForTraining(x, 1, valid, ts, null, null, 0L, null);
    TrainingPass pad = model.forwardForTraining(xPad, 1, padded, tsPad, mask, null, 0L, null);
    SequenceOutput yPlain = plain.output();
    SequenceOutput yPad = pad.output();
    SequenceOutput yInference = model.forward(xPad, 1, padded, tsPad, mask, null);
    assertArrayEquals(yPad.outputs(), yInference.outputs(), 0.0);
    if (config.returnSequences()) {
      assertArrayEquals(yPlain.outputs(), Arrays.copyOf(yPad.outputs(), valid * o), 0.0);
      for (int t = valid; t < padded; t++) {
        assertArrayEquals(Arrays.copyOfRange(yPlain.outputs(), (valid - 1) * o, valid * o),
            Arrays.copyOfRange(yPad.outputs(), t * o, (t + 1) * o), 0.0,
            "a padded step repeats the last valid output");
      }
    } else {
      assertArrayEquals(yPlain.outputs(), yPad.outputs(), 0.0);
    }
    assertArrayEquals(yPlain.finalState().h(), yPad.finalState().h(), 0.0);
    if (config.mixedMemory()) {
      assertArrayEquals(yPlain.finalState().c(), yPad.finalState().c(), 0.0);
    }

    double[] wPlain = SequenceModelTest.random(plain.outputLength(), 23);
    double[] wPad = new double[pad.outputLength()];
    System.arraycopy(wPlain, 0, wPad, 0, wPlain.length); // a loss on valid steps only
    double[] wH = SequenceModelTest.random(n, 24);
    double[] wC = config.mixedMemory() ? SequenceModelTest.random(n, 25) : null;
    Gradients gPlain = plain.backward(wPlain, wH, wC);
    Gradients gPad = pad.backward(wPad, wH, wC);
    assertArrayEquals(gPlain.parameters(), gPad.parameters(), 0.0);
    assertArrayEquals(gPlain.inputs(), Arrays.copyOf(gPad.inputs(), valid * 3), 0.0);
    for (int i = valid * 3; i < padded * 3; i++) {
      assertEquals(0.0, Math.abs(gPad.inputs()[i]), "padded input " + i);
    }
    assertArrayEquals(gPlain.initialH(), gPad.initialH(), 0.0);
    if (config.mixedMemory()) {
      assertArrayEquals(gPlain.initialC(), gPad.initialC(), 0.0);
    }
  }

  @Test
  void aReusedPassForgetsAnEarlierMask() {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(3, 4).build(), 1);
    double[] x = SequenceModelTest.random(2 * 4 * 3, 3);
    double[] mask = {1, 1, 0, 0, 1, 0, 1, 1};
    TrainingPass pass = model.forwardForTraining(x, 2, 4, null, mask, null, 0L, null);
    TrainingPass again = model.forwardForTraining(x, 2, 4, null, null, null, 0L, pass);
    assertTrue(again == pass, "the pass is reused");
    assertArrayEquals(model.forward(x, 2, 4, null, null).outputs(), again.output().outputs(),
        0.0);
  }

  @Test
  void aMaskOtherThanZerosAndOnesOrOfTheWrongShapeIsRejected() {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(1, 3).build(), 1);
    double[] x = new double[4];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.forward(x, 2, 2, null, new double[] {1, 0.5, 1, 1}, null));
    assertTrue(e.getMessage().contains("validSteps") && e.getMessage().contains("[0, 1]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> model.forwardForTraining(x, 2, 2, null, new double[] {1, 1, 1}, null, 0L, null));
    assertTrue(e.getMessage().contains("validSteps") && e.getMessage().contains("got 3"),
        e.getMessage());
    // A non-positive Δt is still an error at a valid step.
    e = assertThrows(IllegalArgumentException.class,
        () -> model.forward(x, 2, 2, new double[] {1, 0, 1, 1}, new double[] {1, 1, 1, 1},
            null));
    assertTrue(e.getMessage().contains("timespans"), e.getMessage());
  }
}
