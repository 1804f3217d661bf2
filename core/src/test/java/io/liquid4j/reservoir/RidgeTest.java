package io.liquid4j.reservoir;

import static io.liquid4j.reservoir.ReservoirTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ridge readout against an independent solution of the same problem, min ‖X·W + 1·bᵀ − Y‖² +
 * λ‖W‖² (bias not regularised), by QR least squares of the stacked system [X 1; √λ·I 0]·[W; bᵀ] =
 * [Y; 0]; warm-up, several sequences, and the singular case.
 */
class RidgeTest {
  @ParameterizedTest(name = "{0} rows, {1} features, {2} outputs, λ {3}")
  @CsvSource({"500, 10, 1, 1e-3", "300, 37, 2, 1e-6", "1000, 70, 3, 0.5", "200, 5, 1, 0"})
  void solvesTheRidgeProblemWithAnUnregularisedBias(int rows, int features, int outputs,
      double lambda) {
    SplittableRandom rng = new SplittableRandom(rows + features);
    double[] x = randomStates(rng, rows, features);
    double[] y = new double[rows * outputs];
    for (int k = 0; k < y.length; k++) {
      y[k] = 3 + Math.sin(x[(k / outputs) * features] + k % outputs) + 0.1 * rng.nextDouble();
    }
    Readout readout = new Ridge(features, outputs, lambda).add(x, y, rows, 0).fit();
    double[] expected = stackedLeastSquares(x, y, rows, features, outputs, lambda);
    double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
    for (int i = 0; i < features; i++) {
      for (int o = 0; o < outputs; o++) {
        assertEquals(expected[i * outputs + o], readout.weights()[i * outputs + o],
            1e-9 * scale, "W[" + i + ", " + o + "]");
      }
    }
    for (int o = 0; o < outputs; o++) {
      assertEquals(expected[features * outputs + o], readout.bias()[o], 1e-9 * scale, "bias");
    }
    // The bias carries the targets' offset of 3; a regularised bias would be pulled towards 0.
    double[] predicted = readout.predict(x, rows);
    double meanError = 0;
    for (int k = 0; k < y.length; k++) {
      meanError += (predicted[k] - y[k]) / y.length;
    }
    assertEquals(0, meanError, 1e-9);
  }

  @Test
  void warmUpRowsAreDiscardedAndSequencesAccumulate() {
    SplittableRandom rng = new SplittableRandom(3);
    int features = 12;
    double[] a = randomStates(rng, 400, features);
    double[] b = randomStates(rng, 250, features);
    double[] ya = targets(a, 400, features);
    double[] yb = targets(b, 250, features);
    Ridge twoSequences = new Ridge(features, 1, 1e-4).add(a, ya, 400, 30).add(b, yb, 250, 20);
    assertEquals(600, twoSequences.count());
    // The same rows, without their warm-ups, as one sequence.
    double[] joined = new double[600 * features];
    System.arraycopy(a, 30 * features, joined, 0, 370 * features);
    System.arraycopy(b, 20 * features, joined, 370 * features, 230 * features);
    double[] joinedTargets = new double[600];
    System.arraycopy(ya, 30, joinedTargets, 0, 370);
    System.arraycopy(yb, 20, joinedTargets, 370, 230);
    Readout one = new Ridge(features, 1, 1e-4).add(joined, joinedTargets, 600, 0).fit();
    Readout two = twoSequences.fit();
    assertArrayEquals(one.weights(), two.weights(), 1e-10);
    assertArrayEquals(one.bias(), two.bias(), 1e-10);
    // Corrupting a warm-up row changes nothing.
    a[5 * features] = 1e6;
    Readout corrupted = new Ridge(features, 1, 1e-4).add(a, ya, 400, 30).add(b, yb, 250, 20)
        .fit();
    assertArrayEquals(two.weights(), corrupted.weights(), 0);
  }

  @Test
  void theReadoutDoesNotDependOnTheGramKernelsThreads() {
    // 16 chunks of the Gram matrix run on the common pool; the sums are per entry, in row order.
    SplittableRandom rng = new SplittableRandom(8);
    double[] x = randomStates(rng, 700, 150);
    double[] y = targets(x, 700, 150);
    Readout parallel = new Ridge(150, 1, 1e-6).add(x, y, 700, 0).fit();
    Readout sequential = onOneThread(() -> new Ridge(150, 1, 1e-6).add(x, y, 700, 0).fit());
    assertArrayEquals(parallel.weights(), sequential.weights(), 0);
    assertArrayEquals(parallel.bias(), sequential.bias(), 0);
  }

  /** Runs on a one-thread pool: a parallel stream started inside runs its chunks in turn. */
  private static Readout onOneThread(Callable<Readout> task) {
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      return pool.submit(task).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aSingularSystemWithoutRidgeIsRejected() {
    SplittableRandom rng = new SplittableRandom(2);
    double[] x = randomStates(rng, 100, 6);
    for (int r = 0; r < 100; r++) {
      x[r * 6 + 5] = x[r * 6 + 4]; // two identical features
    }
    double[] y = targets(x, 100, 6);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Ridge(6, 1, 0).add(x, y, 100, 0).fit());
    assertEquals("ridge: the readout's system (6 features, 100 rows) is singular; give a positive"
        + " ridge (e.g. 1e-8)", e.getMessage());
    // A ridge makes it solvable.
    Readout readout = new Ridge(6, 1, 1e-8).add(x, y, 100, 0).fit();
    assertTrue(Arrays.stream(readout.weights()).allMatch(Double::isFinite));
  }

  /**
   * A feature that is a linear combination of others makes the Gram matrix singular in exact
   * arithmetic; in floating point its last pivot is a few ε of either sign, so without a relative
   * pivot test about half of these were "solved" into meaningless weights, and which half depended
   * on the JDK's rounding.
   */
  @ParameterizedTest(name = "{0} rows, seed {1}")
  @CsvSource({"100, 0", "100, 1", "100, 2", "100, 3", "1000, 4", "1000, 5", "10000, 6",
      "10000, 7"})
  void aLinearlyDependentFeatureWithoutRidgeIsRejected(int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int features = 6;
    double[] x = randomStates(rng, rows, features);
    double c = 3 * rng.nextDouble() - 1.5;
    for (int r = 0; r < rows; r++) {
      x[r * features + 5] = 0.5 * x[r * features + 1] - 2 * x[r * features + 3]
          + c * x[r * features];
    }
    double[] y = targets(x, rows, features);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Ridge(features, 1, 0).add(x, y, rows, 0).fit());
    assertEquals("ridge: the readout's system (6 features, " + rows + " rows) is singular; give a"
        + " positive ridge (e.g. 1e-8)", e.getMessage());
  }

  /**
   * The pivot test refuses only what rounding cannot tell from singular: a nearly dependent
   * feature (off by noise of 1e-4) still gives the least-squares solution without a ridge.
   */
  @Test
  void aNearlyDependentButRegularSystemWithoutRidgeIsSolved() {
    SplittableRandom rng = new SplittableRandom(8);
    int rows = 400;
    int features = 6;
    double[] x = randomStates(rng, rows, features);
    for (int r = 0; r < rows; r++) {
      x[r * features + 5] = x[r * features + 4] + 1e-4 * (2 * rng.nextDouble() - 1);
    }
    double[] y = targets(x, rows, features);
    Readout readout = new Ridge(features, 1, 0).add(x, y, rows, 0).fit();
    double[] expected = stackedLeastSquares(x, y, rows, features, 1, 0);
    double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
    // The Gram matrix's condition number is about 1e8, so agreement to 1e-6 of the largest weight.
    for (int i = 0; i < features; i++) {
      assertEquals(expected[i], readout.weights()[i], 1e-6 * scale, "W[" + i + "]");
    }
    assertEquals(expected[features], readout.bias()[0], 1e-6 * scale, "bias");
  }

  @Test
  void badArgumentsAreRejected() {
    assertMessage("ridge: expected a finite number ≥ 0, found -1.0", () -> new Ridge(3, 1, -1));
    Ridge ridge = new Ridge(2, 1, 0.1);
    assertMessage("warm-up: expected 0 ≤ warm-up < 4 rows, found 4",
        () -> ridge.add(new double[8], new double[4], 4, 4));
    assertMessage("states: expected finite numbers, found NaN at row 1, column 0",
        () -> ridge.add(new double[] {0, 1, Double.NaN, 2}, new double[2], 2, 0));
    assertThrows(IllegalStateException.class, ridge::fit);
  }

  static double[] randomStates(SplittableRandom rng, int rows, int features) {
    double[] x = new double[rows * features];
    for (int k = 0; k < x.length; k++) {
      x[k] = Math.tanh(2 * rng.nextDouble() - 1 + 0.3 * (k % features) / features);
    }
    return x;
  }

  private static double[] targets(double[] x, int rows, int features) {
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      y[r] = 1 + x[r * features] - 2 * x[r * features + 1] * x[r * features + 2];
    }
    return y;
  }

  /** [W; bᵀ] from QR least squares of the stacked system. */
  private static double[] stackedLeastSquares(double[] x, double[] y, int rows, int features,
      int outputs, double lambda) {
    DMatrixRMaj a = new DMatrixRMaj(rows + features, features + 1);
    DMatrixRMaj b = new DMatrixRMaj(rows + features, outputs);
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < features; i++) {
        a.set(r, i, x[r * features + i]);
      }
      a.set(r, features, 1);
      for (int o = 0; o < outputs; o++) {
        b.set(r, o, y[r * outputs + o]);
      }
    }
    for (int i = 0; i < features; i++) {
      a.set(rows + i, i, Math.sqrt(lambda));
    }
    DMatrixRMaj solution = new DMatrixRMaj(features + 1, outputs);
    LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.leastSquares(a.numRows,
        a.numCols);
    assertTrue(qr.setA(a));
    qr.solve(b, solution);
    return solution.data;
  }
}
