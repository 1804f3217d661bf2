package io.liquid4j.train;

import static io.liquid4j.train.LossValuesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configured optimizers: the same updates as the optimizers built directly with the same
 * hyperparameters, PyTorch's defaults, and validation naming PyTorch's arguments.
 */
class OptimizerConfigTest {
  record Case(OptimizerConfig config, Function<ParameterLayout, Optimizer> direct) {
    @Override
    public String toString() {
      return config.toString();
    }
  }

  static Stream<Case> cases() {
    double lr = 0.03;
    return Stream.of(
        new Case(OptimizerConfig.adam(), l -> new Adam(l, lr)),
        new Case(OptimizerConfig.adam().withBetas(0.8, 0.95).withEps(1e-6).withWeightDecay(0.01)
            .withAmsgrad(true), l -> new Adam(l, lr, 0.8, 0.95, 1e-6, 0.01, true)),
        new Case(OptimizerConfig.adamw(), l -> new AdamW(l, lr)),
        new Case(OptimizerConfig.adamw().withWeightDecay(0.1).withBetas(0.5, 0.9),
            l -> new AdamW(l, lr, 0.5, 0.9, Adam.DEFAULT_EPS, 0.1, false)),
        new Case(OptimizerConfig.sgd(), l -> new Sgd(l, lr)),
        new Case(OptimizerConfig.sgd().withMomentum(0.9).withNesterov(true).withWeightDecay(1e-3),
            l -> new Sgd(l, lr, 0.9, 0, true, 1e-3)),
        new Case(OptimizerConfig.sgd().withMomentum(0.5).withDampening(0.2),
            l -> new Sgd(l, lr, 0.5, 0.2, false, 0)),
        new Case(OptimizerConfig.rmsprop(), l -> new RmsProp(l, lr)),
        new Case(OptimizerConfig.rmsprop().withAlpha(0.9).withEps(1e-5).withMomentum(0.3)
            .withCentered(true).withWeightDecay(0.02),
            l -> new RmsProp(l, lr, 0.9, 1e-5, 0.02, 0.3, true)));
  }

  /** Five steps on random gradients: bit-identical to the optimizer constructed directly. */
  @ParameterizedTest
  @MethodSource("cases")
  void createsTheOptimizerItDescribes(Case c) {
    ParameterLayout layout = OptimizerUpdateTest.layout();
    Optimizer mine = c.config().create(layout, 0.03);
    Optimizer direct = c.direct().apply(layout);
    assertEquals(direct.toString(), mine.toString());
    assertEquals(c.config().name(), mine.name());
    SplittableRandom r = new SplittableRandom(3);
    double[] a = OptimizerUpdateTest.THETA0.clone();
    double[] b = a.clone();
    for (int step = 0; step < 5; step++) {
      double[] g = r.doubles(a.length, -1, 1).toArray();
      mine.step(a, g);
      direct.step(b, g);
    }
    assertArrayEquals(b, a, 0.0);
  }

  @Test
  void pytorchDefaultsAndDescriptions() {
    assertEquals("adam(betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0, amsgrad=false)",
        OptimizerConfig.adam().toString());
    assertEquals("adamw(betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.01, amsgrad=false)",
        OptimizerConfig.adamw().toString());
    assertEquals("sgd(momentum=0.9, dampening=0.0, nesterov=true, weight_decay=0.0)",
        OptimizerConfig.sgd().withMomentum(0.9).withNesterov(true).toString());
    assertEquals("rmsprop(alpha=0.99, eps=1.0E-8, momentum=0.0, centered=false,"
        + " weight_decay=0.0)", OptimizerConfig.rmsprop().toString());
    assertEquals(OptimizerConfig.adamw(), OptimizerConfig.named("AdamW"));
    assertEquals(OptimizerConfig.sgd(), OptimizerConfig.named("sgd"));
    assertEquals(OptimizerConfig.adam().withWeightDecay(0.0),
        OptimizerConfig.adam().withWeightDecay(-0.0));
    assertEquals(OptimizerConfig.adam().hashCode(), OptimizerConfig.named("adam").hashCode());
    assertNotEquals(OptimizerConfig.adam(), OptimizerConfig.adam().withBetas(0.9, 0.99));
    assertNotEquals(OptimizerConfig.adam(), OptimizerConfig.adamw().withWeightDecay(0));
    assertTrue(Optimizers.create("rmsprop", OptimizerUpdateTest.layout(), 0.1)
        instanceof RmsProp);
  }

  @Test
  void kerasEpsilonIsNamedOnlyWhenSetAndOnlyRmspropHasIt() {
    OptimizerConfig pytorch = OptimizerConfig.rmsprop().withEps(1e-7);
    OptimizerConfig keras = pytorch.withEpsInsideSqrt(true);
    assertEquals("rmsprop(alpha=0.99, eps=1.0E-7, momentum=0.0, centered=false,"
        + " weight_decay=0.0)", pytorch.toString());
    assertEquals("rmsprop(alpha=0.99, eps=1.0E-7, momentum=0.0, centered=false,"
        + " weight_decay=0.0, eps_inside_sqrt=true)", keras.toString());
    assertNotEquals(pytorch, keras);
    assertEquals(pytorch, keras.withEpsInsideSqrt(false));
    assertTrue(keras.epsInsideSqrt());
    assertMessage(() -> OptimizerConfig.adam().withEpsInsideSqrt(true), "eps_inside_sqrt",
        "rmsprop");
  }

  @Test
  void invalidSettingsNameThePytorchArgument() {
    assertMessage(() -> OptimizerConfig.adam().withBetas(1.0, 0.9), "betas[0]", "[0, 1)", "1.0");
    assertMessage(() -> OptimizerConfig.adam().withBetas(0.9, -0.1), "betas[1]", "-0.1");
    assertMessage(() -> OptimizerConfig.adamw().withEps(-1), "eps", "-1.0");
    assertMessage(() -> OptimizerConfig.sgd().withWeightDecay(Double.NaN), "weight_decay", "NaN");
    assertMessage(() -> OptimizerConfig.rmsprop().withMomentum(-0.5), "momentum", "-0.5");
    assertMessage(() -> OptimizerConfig.sgd().withDampening(1.5), "dampening", "1.5");
    assertMessage(() -> OptimizerConfig.rmsprop().withAlpha(1.5), "alpha", "1.5");
    assertMessage(() -> OptimizerConfig.adam().withMomentum(0.9), "momentum", "adam",
        "sgd and rmsprop");
    assertMessage(() -> OptimizerConfig.sgd().withBetas(0.9, 0.99), "betas", "sgd");
    assertMessage(() -> OptimizerConfig.sgd().withEps(1e-6), "eps", "sgd");
    assertMessage(() -> OptimizerConfig.rmsprop().withAmsgrad(true), "amsgrad", "rmsprop");
    assertMessage(() -> OptimizerConfig.adamw().withNesterov(true), "nesterov", "adamw");
    assertMessage(() -> OptimizerConfig.adam().withCentered(true), "centered", "adam");
    assertMessage(() -> OptimizerConfig.sgd().withNesterov(true), "nesterov", "momentum > 0");
    assertMessage(() -> OptimizerConfig.sgd().withMomentum(0.9).withNesterov(true)
        .withMomentum(0), "nesterov", "momentum=0.0");
    assertMessage(() -> OptimizerConfig.sgd().withMomentum(0.9).withNesterov(true)
        .withDampening(0.1), "nesterov", "dampening=0.1");
    assertMessage(() -> OptimizerConfig.named("adagrad"), "adagrad", "adam, adamw, sgd, rmsprop");
    assertMessage(() -> OptimizerConfig.adam().create(OptimizerUpdateTest.layout(), -1), "lr");
  }
}
