package io.liquid4j.train;

import static io.liquid4j.train.LossValuesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.wiring.AutoNcp;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Gradient clipping by global norm, and non-negativity constraints on named parameters. */
class ClippingAndConstraintsTest {

  /** a (2) trainable, mask (2) frozen, b (1) trainable. */
  static ParameterLayout layout() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    b.add("cell.a", 2);
    b.addFrozen("cell.mask", 2);
    b.add("cell.b", 1);
    return b.build();
  }

  @Test
  void normIsOverTrainableEntriesOnly() {
    double[] grads = {3, 0, 1000, -1000, 4}; // ‖(3, 0, 4)‖ = 5; the frozen 1000s do not count
    assertEquals(5.0, GradientClipping.globalNorm(grads, layout()));
    double norm = GradientClipping.clipByGlobalNorm(grads, layout(), 1.0);
    assertEquals(5.0, norm);
    double coef = 1.0 / (5.0 + 1e-6);
    assertArrayEquals(new double[] {3 * coef, 0, 1000, -1000, 4 * coef}, grads, 1e-16);
    assertEquals(1.0, GradientClipping.globalNorm(grads, layout()), 1e-6);
  }

  @Test
  void smallGradientsAreLeftAlone() {
    double[] grads = {0.3, 0, 7, 7, 0.4};
    assertEquals(0.5, GradientClipping.clipByGlobalNorm(grads, layout(), 1.0), 1e-16);
    assertArrayEquals(new double[] {0.3, 0, 7, 7, 0.4}, grads, 0.0);
    // At the boundary coef = maxNorm/(‖g‖ + 1e-6) is just below 1, so PyTorch scales: so do we.
    double[] exact = {3, 0, 0, 0, 4};
    GradientClipping.clipByGlobalNorm(exact, layout(), 5.0);
    assertEquals(3 * 5 / (5 + 1e-6), exact[0], 1e-16);
    double[] zero = new double[5];
    assertEquals(0.0, GradientClipping.clipByGlobalNorm(zero, layout(), 1.0));
    assertArrayEquals(new double[5], zero, 0.0);
  }

  @Test
  void nonFiniteNormIsReturnedAndGradientsAreKept() {
    double[] grads = {Double.NaN, 1, 0, 0, 2};
    assertTrue(Double.isNaN(GradientClipping.clipByGlobalNorm(grads, layout(), 1.0)));
    assertEquals(1.0, grads[1]);
    double[] infinite = {Double.POSITIVE_INFINITY, 1, 0, 0, 2};
    assertEquals(Double.POSITIVE_INFINITY,
        GradientClipping.clipByGlobalNorm(infinite, layout(), 1.0));
    assertEquals(2.0, infinite[4]);
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 10);
  }

  /** After clipping, the norm is min(‖g‖, maxNorm) to within the 1e-6 guard; direction kept. */
  @ParameterizedTest
  @MethodSource("seeds")
  void clippedNormAndDirection(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] grads = rng.doubles(5, -10, 10).toArray();
    double[] before = grads.clone();
    double maxNorm = rng.nextDouble(0.1, 20);
    double norm = GradientClipping.clipByGlobalNorm(grads, layout(), maxNorm);
    double after = GradientClipping.globalNorm(grads, layout());
    assertEquals(Math.min(norm, maxNorm), after, 1e-6 * Math.max(1, maxNorm));
    double scale = grads[0] / before[0];
    assertEquals(scale, grads[1] / before[1], 1e-14);
    assertEquals(scale, grads[4] / before[4], 1e-14);
    assertEquals(before[2], grads[2], 0.0);
    assertEquals(before[3], grads[3], 0.0);
  }

  @Test
  void clippingArgumentsAreNamed() {
    assertMessage(() -> GradientClipping.clipByGlobalNorm(new double[4], layout(), 1),
        "grads", "4", "5");
    assertMessage(() -> GradientClipping.clipByGlobalNorm(new double[5], layout(), 0),
        "maxNorm", "0.0");
    assertMessage(() -> GradientClipping.clipByGlobalNorm(new double[5], layout(), Double.NaN),
        "maxNorm", "NaN");
  }

  @Test
  void leafNamesMatchTheLastComponent() {
    Predicate<String> ltc = Constraints.leafNamed(Constraints.LTC_NON_NEGATIVE);
    assertTrue(ltc.test("w"));
    assertTrue(ltc.test("rnn_cell.w"));
    assertTrue(ltc.test("rnn.cell.sensory_w"));
    assertTrue(ltc.test("rnn_cell.gleak"));
    assertTrue(ltc.test("rnn_cell.cm"));
    assertFalse(ltc.test("rnn_cell.input_w"));
    assertFalse(ltc.test("rnn_cell.sensory_erev"));
    assertFalse(ltc.test("rnn_cell.w.extra"));
    assertFalse(ltc.test("rnn_cellw"));
  }

  /** On a real LTC layout: exactly w, sensory_w, cm and gleak are clipped, masks left alone. */
  @Test
  void clipsTheLtcParametersOfAModel() {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, new AutoNcp(8, 1)).build(), 3);
    ParameterLayout layout = model.layout();
    double[] params = new double[layout.size()];
    java.util.Arrays.fill(params, -1);
    int clipped = Constraints.clipNonNegative(params, layout,
        Constraints.leafNamed(Constraints.LTC_NON_NEGATIVE));
    int expected = 0;
    for (ParameterLayout.Entry e : layout.entries()) {
      String leaf = e.name().substring(e.name().lastIndexOf('.') + 1);
      boolean constrained = e.trainable() && Constraints.LTC_NON_NEGATIVE.contains(leaf);
      expected += constrained ? e.size() : 0;
      for (int i = e.offset(); i < e.offset() + e.size(); i++) {
        assertEquals(constrained ? 0.0 : -1.0, params[i], 0.0, e.name());
      }
    }
    assertEquals(expected, clipped);
    assertTrue(expected > 0);
    assertEquals(0, Constraints.clipNonNegative(params, layout,
        Constraints.leafNamed(Constraints.LTC_NON_NEGATIVE)), "already feasible");
  }

  @Test
  void clipByExactNames() {
    double[] params = {-1, 2, -3, -4, -5};
    assertEquals(1, Constraints.clipNonNegative(params, layout(), Set.of("cell.a")));
    assertArrayEquals(new double[] {0, 2, -3, -4, -5}, params, 0.0);
    // A selector never reaches frozen entries.
    assertEquals(1, Constraints.clipNonNegative(params, layout(), name -> true));
    assertArrayEquals(new double[] {0, 2, -3, -4, 0}, params, 0.0);
    assertMessage(() -> Constraints.clipNonNegative(params, layout(), Set.of("a")),
        "no parameter named 'a'", "cell.a, cell.mask, cell.b");
    assertMessage(() -> Constraints.clipNonNegative(params, layout(), Set.of("cell.mask")),
        "cell.mask", "frozen");
    assertMessage(() -> Constraints.clipNonNegative(new double[4], layout(), Set.of("cell.a")),
        "params", "4");
  }
}
