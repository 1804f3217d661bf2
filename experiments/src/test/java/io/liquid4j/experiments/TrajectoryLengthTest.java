package io.liquid4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.experiments.TrajectoryLength.Activation;
import io.liquid4j.experiments.TrajectoryLength.Model;
import io.liquid4j.experiments.TrajectoryLength.Options;
import io.liquid4j.experiments.TrajectoryLength.Result;
import io.liquid4j.solver.SolverKind;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The LTC paper's trajectory-length findings, and the measure's own parts. */
class TrajectoryLengthTest {
  /** The paper's ordering (Fig. 2–3): LTC longer than Neural ODE, longer than CT-RNN. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void ltcIsLongerThanNeuralOdeIsLongerThanCtRnn(long seed) {
    Map<Model, Result> r = TrajectoryLength.run(Options.paper().withSeed(seed));
    double node = r.get(Model.NEURAL_ODE).length();
    double ctrnn = r.get(Model.CT_RNN).length();
    double ltc = r.get(Model.LTC).length();
    assertTrue(ltc > node && node > ctrnn, "LTC " + ltc + ", Neural ODE " + node + ", CT-RNN "
        + ctrnn);
    // Every network stretches the input circle (length 2π).
    assertTrue(ctrnn > TrajectoryLength.inputLength(100), "CT-RNN " + ctrnn);
  }

  /** The paper: length grows with the width k (mean over three draws of weights). */
  @Test
  void lengthGrowsWithWidth() {
    double previous = 0;
    for (int width : new int[] {10, 25, 50}) {
      double sum = 0;
      for (long seed = 1; seed <= 3; seed++) {
        sum += TrajectoryLength.run(Options.paper().withWidth(width).withSeed(seed))
            .get(Model.LTC).length();
      }
      assertTrue(sum / 3 > previous, "LTC at width " + width + ": " + sum / 3 + " <= "
          + previous);
      previous = sum / 3;
    }
  }

  @Test
  void severalLayersAndOtherSolversRun() {
    Options o = new Options(8, 2, Activation.TANH, 2.0, 1.0, SolverKind.RK4, 50, 3, 1e-2, 1e-4);
    Result r = TrajectoryLength.run(o).get(Model.LTC);
    assertEquals(2, r.lengths().length);
    assertEquals(50, r.projection().length);
    assertTrue(r.lengths()[0] > 0 && r.lengths()[1] > 0);
  }

  /** A circle of radius 3 embedded in 6-D by a random rotation keeps its length, 6π. */
  @Test
  void principalComponentsRecoverAPlanarCurve() {
    int m = 400;
    SplittableRandom rng = new SplittableRandom(9);
    double[][] basis = new double[2][6];
    for (double[] row : basis) {
      for (int j = 0; j < 6; j++) {
        row[j] = rng.nextDouble(-1, 1);
      }
    }
    // Gram–Schmidt: an orthonormal pair.
    normalise(basis[0]);
    double dot = 0;
    for (int j = 0; j < 6; j++) {
      dot += basis[0][j] * basis[1][j];
    }
    for (int j = 0; j < 6; j++) {
      basis[1][j] -= dot * basis[0][j];
    }
    normalise(basis[1]);
    double[][] y = new double[m][6];
    for (int s = 0; s < m; s++) {
      double t = 2 * Math.PI * s / (m - 1);
      for (int j = 0; j < 6; j++) {
        y[s][j] = 3 * Math.cos(t) * basis[0][j] + 3 * Math.sin(t) * basis[1][j] + 0.5;
      }
    }
    double length = TrajectoryLength.arcLength(TrajectoryLength.principalScores(y));
    assertEquals(6 * Math.PI, length, 1e-3);
    assertEquals(2 * Math.PI, TrajectoryLength.inputLength(2000), 1e-5);
  }

  private static void normalise(double[] v) {
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    for (int i = 0; i < v.length; i++) {
      v[i] /= n;
    }
  }

  @Test
  void badOptionsNameTheComponent() {
    assertEquals("width: expected 2 to 2000 neurons, got 1", assertThrows(
        IllegalArgumentException.class, () -> Options.paper().withWidth(1)).getMessage());
    // Upper bounds, so that a typo cannot ask for hours of overflowing layers or a huge heap.
    assertEquals("depth: expected 1 to 100 layers, got 101", assertThrows(
        IllegalArgumentException.class, () -> new Options(5, 101, Activation.TANH, 2, 1,
            SolverKind.RK4, 10, 1, 1e-2, 1e-4)).getMessage());
    assertEquals("width: expected 2 to 2000 neurons, got 2001", assertThrows(
        IllegalArgumentException.class, () -> Options.paper().withWidth(2001)).getMessage());
    assertEquals("samples, width, depth: expected at most 50000000 states (samples × width ×"
        + " depth), got 1000000 × 1000 × 1 = 1000000000", assertThrows(
        IllegalArgumentException.class, () -> new Options(1000, 1, Activation.TANH, 2, 1,
            SolverKind.RK4, 1_000_000, 1, 1e-2, 1e-4)).getMessage());
    assertEquals("sigmaW, sigmaB: expected finite values > 0, got -1.0 and 1.0",
        assertThrows(IllegalArgumentException.class,
            () -> new Options(5, 1, Activation.TANH, -1, 1, SolverKind.RK4, 10, 1, 1e-2, 1e-4))
            .getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Activation.fromName("--activation", "gelu")).getMessage().contains("gelu"));
  }
}
