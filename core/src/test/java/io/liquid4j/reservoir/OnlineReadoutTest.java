package io.liquid4j.reservoir;

import static io.liquid4j.reservoir.ReservoirTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.reservoir.task.Metrics;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RLS against its closed form (after n steps without forgetting, [W; b] = (αI + ZᵀZ)⁻¹ZᵀY with Z
 * = [X, 1]), forgetting against a changed target, LMS against a linear problem, and RLS learning
 * a reservoir task online as well as the offline ridge.
 */
class OnlineReadoutTest {
  @ParameterizedTest(name = "α {0}")
  @ValueSource(doubles = {1e-4, 0.1, 1, 10})
  void rlsEqualsTheRegularisedLeastSquaresOfEverythingSeen(double alpha) {
    int rows = 300;
    int features = 8;
    int outputs = 2;
    SplittableRandom rng = new SplittableRandom(5);
    double[] x = RidgeTest.randomStates(rng, rows, features);
    double[] y = new double[rows * outputs];
    for (int k = 0; k < y.length; k++) {
      y[k] = Math.cos(3 * x[(k / outputs) * features + k % outputs]) + 0.05 * rng.nextDouble();
    }
    Rls rls = new Rls(features, outputs, alpha, 1.0);
    rls.trainAll(x, y, rows);
    Readout online = rls.snapshot();

    DMatrixRMaj z = new DMatrixRMaj(rows, features + 1);
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < features; i++) {
        z.set(r, i, x[r * features + i]);
      }
      z.set(r, features, 1);
    }
    DMatrixRMaj a = new DMatrixRMaj(features + 1, features + 1);
    CommonOps_DDRM.multTransA(z, z, a);
    for (int i = 0; i <= features; i++) {
      a.add(i, i, alpha);
    }
    DMatrixRMaj b = new DMatrixRMaj(features + 1, outputs);
    CommonOps_DDRM.multTransA(z, new DMatrixRMaj(rows, outputs, true, y), b);
    DMatrixRMaj solution = new DMatrixRMaj(features + 1, outputs);
    assertTrue(CommonOps_DDRM.solve(a, b, solution));
    for (int i = 0; i < features; i++) {
      for (int o = 0; o < outputs; o++) {
        assertEquals(solution.get(i, o), online.weights()[i * outputs + o],
            1e-8 * (1 + Math.abs(solution.get(i, o))), "W[" + i + ", " + o + "]");
      }
    }
    for (int o = 0; o < outputs; o++) {
      assertEquals(solution.get(features, o), online.bias()[o], 1e-8, "bias " + o);
    }
  }

  @Test
  void trainReturnsThePredictionMadeBeforeTheUpdate() {
    Rls rls = new Rls(2, 1, 1, 1);
    double[] y = new double[1];
    rls.train(new double[] {1, 2}, 0, new double[] {5}, 0, y, 0);
    assertEquals(0, y[0], 0, "zero weights predict 0");
    double[] after = new double[1];
    rls.predict(new double[] {1, 2}, 0, after, 0);
    assertTrue(after[0] > 4, "one step moved the prediction towards 5: " + after[0]);
  }

  @Test
  void forgettingFollowsATargetThatChanges() {
    SplittableRandom rng = new SplittableRandom(1);
    Rls remembering = new Rls(3, 1, 1, 1.0);
    Rls forgetting = new Rls(3, 1, 1, 0.95);
    double[] x = new double[3];
    double[] target = new double[1];
    double[] y = new double[1];
    for (int t = 0; t < 2000; t++) {
      for (int i = 0; i < 3; i++) {
        x[i] = rng.nextDouble() - 0.5;
      }
      // The relation flips sign halfway.
      target[0] = (t < 1000 ? 1 : -1) * (x[0] + 2 * x[1] - x[2]);
      remembering.train(x, 0, target, 0, y, 0);
      forgetting.train(x, 0, target, 0, y, 0);
    }
    assertArrayEquals(new double[] {-1, -2, 1}, forgetting.snapshot().weights(), 1e-6);
    double drift = Math.abs(remembering.snapshot().weights()[1] + 2);
    assertTrue(drift > 1, "without forgetting the old relation still weighs: off by " + drift);
  }

  @Test
  void lmsConvergesOnALinearProblem() {
    SplittableRandom rng = new SplittableRandom(2);
    Lms lms = new Lms(3, 1, 0.1);
    double[] x = new double[3];
    double[] target = new double[1];
    double[] y = new double[1];
    for (int t = 0; t < 20_000; t++) {
      for (int i = 0; i < 3; i++) {
        x[i] = rng.nextDouble() - 0.5;
      }
      target[0] = 0.5 + x[0] - 3 * x[2];
      lms.train(x, 0, target, 0, y, 0);
    }
    Readout readout = lms.snapshot();
    assertArrayEquals(new double[] {1, 0, -3}, readout.weights(), 1e-6);
    assertEquals(0.5, readout.bias()[0], 1e-6);
  }

  @Test
  void rlsLearnsMackeyGlassOnlineAsWellAsRidgeOffline() {
    double[] series = io.liquid4j.reservoir.task.Series.minMaxScale(
        io.liquid4j.reservoir.task.MackeyGlass.generate(3000), -1, 1);
    int steps = 2999;
    Reservoir reservoir = Reservoir.builder(200).leak(0.3).spectralRadius(1.25)
        .inputConnectivity(0.2).seed(1).build(1);
    double[] states = reservoir.newSession().run(series, steps);
    double[] next = java.util.Arrays.copyOfRange(series, 1, steps + 1);
    int train = 2000;
    Rls rls = new Rls(200, 1, 1e-6, 1.0);
    double[] y = new double[1];
    for (int t = 100; t < train; t++) {
      rls.train(states, t * 200, next, t, y, 0);
    }
    Readout ridge = new Ridge(200, 1, 1e-6).add(states, next, train, 100).fit();
    double[] testStates = java.util.Arrays.copyOfRange(states, train * 200, steps * 200);
    double[] truth = java.util.Arrays.copyOfRange(next, train, steps);
    double online = Metrics.nrmse(truth, rls.snapshot().predict(testStates, steps - train));
    double offline = Metrics.nrmse(truth, ridge.predict(testStates, steps - train));
    assertTrue(offline < 1e-2, "ridge NRMSE " + offline);
    assertTrue(online < 2 * offline, "RLS NRMSE " + online + " vs ridge " + offline);
  }

  @Test
  void badArgumentsAreRejected() {
    assertMessage("alpha: expected a positive number, found 0.0", () -> new Rls(3, 1, 0, 1));
    assertMessage("forgetting factor: expected a value in (0, 1], found 1.5",
        () -> new Rls(3, 1, 1, 1.5));
  }
}
