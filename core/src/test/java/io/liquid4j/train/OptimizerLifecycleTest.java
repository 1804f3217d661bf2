package io.liquid4j.train;

import static io.liquid4j.train.LossValuesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.train.OptimizerUpdateTest.Case;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpointing, copies, convergence, factories and bad hyperparameters of the optimizers. */
class OptimizerLifecycleTest {

  static Stream<Case> cases() {
    return OptimizerUpdateTest.cases();
  }

  static double[] steps(Optimizer opt, double[] theta, int n) {
    double[] grads = new double[theta.length];
    for (int k = 0; k < n; k++) {
      OptimizerUpdateTest.quadraticGradient(theta, grads);
      opt.step(theta, grads);
    }
    return theta;
  }

  /** Snapshot after 7 steps, restore into a new optimizer: the next 9 steps are bit-identical. */
  @ParameterizedTest
  @MethodSource("cases")
  void restoreResumesBitForBit(Case c) throws Exception {
    ParameterLayout layout = OptimizerUpdateTest.layout();
    Optimizer first = c.optimizer().apply(layout);
    first.setLearningRate(first.learningRate() * 0.5); // the lr is part of the state
    double[] theta = steps(first, OptimizerUpdateTest.THETA0.clone(), 7);
    OptimizerState saved = first.state();
    double[] resumedTheta = theta.clone();
    double[] uninterrupted = steps(first, theta, 9);
    assertEquals(16, first.steps());

    // Through Java serialisation, as a checkpoint file would.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(saved);
    }
    OptimizerState read;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = (OptimizerState) in.readObject();
    }
    assertEquals(saved, read);

    Optimizer second = c.optimizer().apply(layout);
    second.restore(read);
    assertEquals(7, second.steps());
    assertEquals(first.learningRate(), second.learningRate());
    assertArrayEquals(uninterrupted, steps(second, resumedTheta, 9), 0.0);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void stateIsASnapshot(Case c) {
    Optimizer opt = c.optimizer().apply(OptimizerUpdateTest.layout());
    double[] theta = steps(opt, OptimizerUpdateTest.THETA0.clone(), 3);
    OptimizerState saved = opt.state();
    OptimizerState copy = new OptimizerState(
        saved.optimizer(), saved.step(), saved.learningRate(), saved.buffers());
    steps(opt, theta, 3);
    assertEquals(copy, saved, "later steps must not change a snapshot");
    assertNotEquals(saved, opt.state());
    for (double[] b : saved.buffers().values()) {
      b[0] = 42; // the accessor hands out copies
    }
    assertEquals(copy, saved);
  }

  /** copy(): same hyperparameters, fresh state: it retraces the original's first steps. */
  @ParameterizedTest
  @MethodSource("cases")
  void copyHasFreshState(Case c) {
    Optimizer opt = c.optimizer().apply(OptimizerUpdateTest.layout());
    double[] fromStart = steps(c.optimizer().apply(OptimizerUpdateTest.layout()),
        OptimizerUpdateTest.THETA0.clone(), 5);
    steps(opt, OptimizerUpdateTest.THETA0.clone(), 4);
    Optimizer copy = opt.copy();
    assertEquals(0, copy.steps());
    assertEquals(opt.toString(), copy.toString());
    for (double[] b : copy.state().buffers().values()) {
      assertArrayEquals(new double[b.length], b, 0.0);
    }
    assertArrayEquals(fromStart, steps(copy, OptimizerUpdateTest.THETA0.clone(), 5), 0.0);
    assertEquals(4, opt.steps(), "copying must not touch the original");
  }

  /**
   * Least squares min ½‖Ax − b‖²/n with b = A·x*, a convex problem whose minimiser is x*: every
   * optimizer gets there from a random start. The adaptive methods' steps stay near lr·sign(g)
   * however small g gets, so they need a decaying rate to settle: an ExponentialLr "epoch" of
   * 1000 steps.
   */
  @ParameterizedTest
  @MethodSource("convergenceCases")
  void convergesOnLeastSquares(String label, Optimizer opt, int iterations, double gamma) {
    ExponentialLr schedule = new ExponentialLr(opt.learningRate(), gamma);
    SplittableRandom rng = new SplittableRandom(2024); // also checked with seeds 1 to 12
    int n = 12;
    int d = opt.layout().size();
    double[] a = rng.doubles(n * d, -1, 1).toArray(); // (n, d)
    double[] xStar = rng.doubles(d, -2, 2).toArray();
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        b[i] += a[i * d + j] * xStar[j];
      }
    }
    double[] x = rng.doubles(d, -2, 2).toArray();
    double[] grads = new double[d];
    double[] residual = new double[n];
    for (int k = 0; k < iterations; k++) {
      for (int i = 0; i < n; i++) {
        residual[i] = -b[i];
        for (int j = 0; j < d; j++) {
          residual[i] += a[i * d + j] * x[j];
        }
      }
      for (int j = 0; j < d; j++) {
        grads[j] = 0;
        for (int i = 0; i < n; i++) {
          grads[j] += a[i * d + j] * residual[i] / n;
        }
      }
      opt.step(x, grads);
      if ((k + 1) % 1000 == 0) {
        opt.setLearningRate(schedule.next(k / 1000, Double.NaN));
      }
    }
    for (int j = 0; j < d; j++) {
      assertEquals(xStar[j], x[j], 1e-6, label + " x[" + j + "]");
    }
  }

  static ParameterLayout vector(int d) {
    ParameterLayout.Builder b = ParameterLayout.builder();
    b.add("x", d);
    return b.build();
  }

  static Stream<Arguments> convergenceCases() {
    ParameterLayout l = vector(4);
    return Stream.of(
        Arguments.of("adam", new Adam(l, 0.01), 20000, 0.5),
        // AMSGrad needs no decay: the running maximum of v already shrinks its steps.
        Arguments.of("adam amsgrad", new Adam(l, 0.01, 0.9, 0.999, 1e-8, 0, true), 20000, 1.0),
        Arguments.of("adamw, no decay", new AdamW(l, 0.01, 0.9, 0.999, 1e-8, 0, false), 20000,
            0.5),
        Arguments.of("sgd", new Sgd(l, 0.5), 20000, 1.0),
        Arguments.of("sgd nesterov", new Sgd(l, 0.1, 0.9, 0, true, 0), 5000, 1.0),
        Arguments.of("rmsprop", RmsProp.withDefaults(l), 20000, 0.5),
        Arguments.of("rmsprop centered momentum",
            new RmsProp(l, 1e-3, 0.99, 1e-8, 0, 0.9, true), 20000, 0.5));
  }

  @Test
  void restoreRejectsForeignState() {
    ParameterLayout layout = OptimizerUpdateTest.layout();
    OptimizerState adam = Adam.withDefaults(layout).state();
    assertMessage(() -> AdamW.withDefaults(layout).restore(adam), "'adam'", "'adamw'");
    assertMessage(() -> new Adam(layout, 1e-3, 0.9, 0.999, 1e-8, 0, true).restore(adam),
        "max_exp_avg_sq", "exp_avg");
    assertMessage(() -> Adam.withDefaults(OptimizerLifecycleTest.vector(3)).restore(adam),
        "exp_avg", "7", "3");
    assertMessage(() -> new Sgd(layout, 0.1, 0.9, 0, false, 0).restore(
        new Sgd(layout, 0.1).state()), "momentum_buffer");
    assertMessage(() -> new RmsProp(layout, 0.1, 0.9, 1e-8, 0, 0, true).restore(
        RmsProp.withDefaults(layout).state()), "grad_avg");
    assertMessage(() -> Adam.withDefaults(layout).restore(new OptimizerState(
        "adam", 1, -1, Map.of("exp_avg", new double[7], "exp_avg_sq", new double[7]))),
        "learningRate", "-1");
    assertMessage(() -> adam.buffer("momentum"), "momentum", "exp_avg, exp_avg_sq");
    assertMessage(() -> new OptimizerState("adam", -1, 0.1, Map.of()), "step", "-1");
  }

  @Test
  void stepRejectsMismatchedArrays() {
    Optimizer opt = Adam.withDefaults(OptimizerUpdateTest.layout());
    double[] theta = new double[7];
    assertMessage(() -> opt.step(new double[6], theta), "params", "6", "7");
    assertMessage(() -> opt.step(theta, new double[8]), "grads", "8", "7");
    assertMessage(() -> opt.step(theta, theta), "params and grads");
    assertEquals(0, opt.steps(), "a rejected step must not count");
  }

  @Test
  void badHyperparametersAreNamed() {
    ParameterLayout l = OptimizerUpdateTest.layout();
    assertMessage(() -> new Adam(l, -1e-3), "lr", "-0.001");
    assertMessage(() -> new Adam(l, Double.NaN), "lr", "NaN");
    assertMessage(() -> new Adam(l, 1e-3, 1.0, 0.999, 1e-8, 0, false), "beta1", "1.0", "[0, 1)");
    assertMessage(() -> new Adam(l, 1e-3, 0.9, -0.1, 1e-8, 0, false), "beta2", "-0.1");
    assertMessage(() -> new Adam(l, 1e-3, 0.9, 0.999, -1, 0, false), "eps", "-1");
    assertMessage(() -> new AdamW(l, 1e-3, 0.9, 0.999, 1e-8, -0.01, false), "weight_decay");
    assertMessage(() -> new Sgd(l, 0.1, -0.9, 0, false, 0), "momentum", "-0.9");
    assertMessage(() -> new Sgd(l, 0.1, 0.9, 1.5, false, 0), "dampening", "1.5");
    assertMessage(() -> new Sgd(l, 0.1, 0, 0, true, 0), "nesterov", "momentum", "dampening");
    assertMessage(() -> new Sgd(l, 0.1, 0.9, 0.1, true, 0), "nesterov", "dampening=0.1");
    assertMessage(() -> new RmsProp(l, 0.01, 1.5, 1e-8, 0, 0, false), "alpha", "1.5");
    assertMessage(() -> new RmsProp(l, 0.01, 0.99, 1e-8, 0, -1, false), "momentum", "-1");
    assertMessage(() -> new Sgd(null, 0.1), "layout");
    assertMessage(() -> Adam.withDefaults(l).setLearningRate(Double.POSITIVE_INFINITY), "lr");
  }

  @Test
  void toStringPrintsEveryHyperparameter() {
    ParameterLayout l = OptimizerUpdateTest.layout();
    assertEquals("Adam(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0,"
        + " amsgrad=false)", Adam.withDefaults(l).toString());
    assertEquals("AdamW(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.01,"
        + " amsgrad=false)", AdamW.withDefaults(l).toString());
    assertEquals("Sgd(lr=0.1, momentum=0.9, dampening=0.0, nesterov=true, weight_decay=0.0)",
        new Sgd(l, 0.1, 0.9, 0, true, 0).toString());
    assertEquals("RmsProp(lr=0.01, alpha=0.99, eps=1.0E-8, weight_decay=0.0, momentum=0.0,"
        + " centered=false)", RmsProp.withDefaults(l).toString());
  }

  @Test
  void factoryByName() {
    ParameterLayout l = OptimizerUpdateTest.layout();
    assertTrue(Optimizers.create("adam", l, 0.02) instanceof Adam);
    assertTrue(Optimizers.create("AdamW", l, 0.02) instanceof AdamW);
    assertTrue(Optimizers.create("sgd", l, 0.02) instanceof Sgd);
    assertTrue(Optimizers.create("rmsprop", l, 0.02) instanceof RmsProp);
    for (String name : Optimizers.NAMES) {
      Optimizer opt = Optimizers.create(name, l, 0.02);
      assertEquals(name, opt.name());
      assertEquals(0.02, opt.learningRate());
      assertEquals(l, opt.layout());
    }
    assertTrue(Optimizers.create("adamw", l, 0.02).toString().contains("weight_decay=0.01"));
    assertMessage(() -> Optimizers.create("adagrad", l, 0.1), "adagrad",
        "adam, adamw, sgd, rmsprop");
    assertMessage(() -> Optimizers.create("sgd", l, -1), "lr");
  }
}
