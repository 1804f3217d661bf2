package io.liquid4j.reservoir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SparseMatrix against dense arithmetic; RandomMatrices' counts, degrees, values and seeding. */
class MatricesTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void sparseProductEqualsTheDenseProduct(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int rows = 37;
    int cols = 23;
    double[] dense = new double[rows * cols];
    for (int k = 0; k < dense.length; k++) {
      dense[k] = rng.nextDouble() < 0.2 ? rng.nextDouble() * 2 - 1 : 0;
    }
    SparseMatrix m = SparseMatrix.fromDense(rows, cols, dense);
    assertArrayEquals(dense, m.toDense(), 0);
    double[] x = new double[cols];
    for (int j = 0; j < cols; j++) {
      x[j] = rng.nextDouble() - 0.5;
    }
    double[] y = new double[rows];
    m.multiply(x, y);
    double[] part = new double[rows];
    m.multiplyRows(x, part, 10, 20);
    for (int i = 0; i < rows; i++) {
      double expected = 0;
      for (int j = 0; j < cols; j++) {
        expected += dense[i * cols + j] * x[j];
        assertEquals(dense[i * cols + j], m.get(i, j), 0);
      }
      assertEquals(expected, y[i], 1e-14);
      assertEquals(i >= 10 && i < 20 ? y[i] : 0, part[i], 0, "row " + i);
    }
    SparseMatrix doubled = m.scale(2);
    assertEquals(2 * dense[5 * cols + 3], doubled.get(5, 3), 0);
    assertEquals(m.nonZeros(), doubled.nonZeros());
  }

  @Test
  void malformedCsrArraysAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparseMatrix(2, 3, new int[] {0, 2, 2}, new int[] {2, 1}, new double[] {1, 1}));
    assertTrue(e.getMessage().contains("CSR row 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new SparseMatrix(2, 3, new int[] {0, 1}, new int[] {0}, new double[] {1}));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(WeightDistribution.class)
  void sparseMatricesHaveTheRequestedNumberOfNonZerosAndTheirDistribution(WeightDistribution d) {
    SparseMatrix m = RandomMatrices.sparse(200, 150, 0.1, d, new SplittableRandom(9));
    assertEquals(3000, m.nonZeros());
    double sum = 0;
    double sumSquares = 0;
    double[] dense = m.toDense();
    int nonZeros = 0;
    for (double v : dense) {
      if (v != 0) {
        nonZeros++;
        sum += v;
        sumSquares += v * v;
        if (d == WeightDistribution.BERNOULLI) {
          assertEquals(1.0, Math.abs(v), 0);
        } else if (d == WeightDistribution.UNIFORM) {
          assertTrue(v >= -1 && v <= 1, "uniform value " + v);
        }
      }
    }
    assertEquals(3000, nonZeros);
    double mean = sum / nonZeros;
    double variance = sumSquares / nonZeros - mean * mean;
    assertEquals(0, mean, 0.06, "mean");
    double expectedVariance = d == WeightDistribution.UNIFORM ? 1.0 / 3 : 1.0;
    assertEquals(expectedVariance, variance, 0.08 * expectedVariance, "variance");
  }

  @Test
  void positionsAreSpreadOverTheMatrix() {
    // Every row and every column of a 100 × 100, 10 % matrix gets some non-zeros, none all.
    SparseMatrix m = RandomMatrices.sparse(100, 100, 0.1, WeightDistribution.NORMAL,
        new SplittableRandom(3));
    int[] perColumn = new int[100];
    for (int i = 0; i < 100; i++) {
      assertTrue(m.rowNonZeros(i) > 0 && m.rowNonZeros(i) < 30, "row " + i);
      for (int j = 0; j < 100; j++) {
        if (m.get(i, j) != 0) {
          perColumn[j]++;
        }
      }
    }
    for (int j = 0; j < 100; j++) {
      assertTrue(perColumn[j] > 0 && perColumn[j] < 30, "column " + j);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RandomMatrices.Direction.class)
  void degreeFixesTheConnectionsPerNeuron(RandomMatrices.Direction direction) {
    SparseMatrix m = RandomMatrices.withDegree(50, 50, 7, direction, WeightDistribution.NORMAL,
        new SplittableRandom(4));
    assertEquals(350, m.nonZeros());
    for (int line = 0; line < 50; line++) {
      int count = 0;
      for (int other = 0; other < 50; other++) {
        double v = direction == RandomMatrices.Direction.IN ? m.get(line, other)
            : m.get(other, line);
        if (v != 0) {
          count++;
        }
      }
      assertEquals(7, count, direction + " line " + line);
    }
  }

  @Test
  void aSeedFixesTheMatrixAndAnotherSeedChangesIt() {
    SparseMatrix a = RandomMatrices.sparse(60, 60, 0.2, WeightDistribution.NORMAL,
        new SplittableRandom(11));
    SparseMatrix b = RandomMatrices.sparse(60, 60, 0.2, WeightDistribution.NORMAL,
        new SplittableRandom(11));
    SparseMatrix c = RandomMatrices.sparse(60, 60, 0.2, WeightDistribution.NORMAL,
        new SplittableRandom(12));
    assertArrayEquals(a.toDense(), b.toDense(), 0);
    assertFalse(java.util.Arrays.equals(a.toDense(), c.toDense()));
  }

  @Test
  void connectivityOutsideTheUnitIntervalIsRejected() {
    for (double c : new double[] {0, -0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RandomMatrices.sparse(10, 10, c, WeightDistribution.NORMAL,
              new SplittableRandom(1)));
      assertEquals("connectivity: expected a fraction in (0, 1], found " + c, e.getMessage());
    }
    assertNotEquals(0, RandomMatrices.sparse(10, 10, 1, WeightDistribution.NORMAL,
        new SplittableRandom(1)).nonZeros());
  }

  @Test
  void distributionsAreNamedAsOnTheCommandLine() {
    for (WeightDistribution d : WeightDistribution.values()) {
      assertEquals(d, WeightDistribution.fromName("--weights", d.cliName()));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WeightDistribution.fromName("--weights", "cauchy"));
    assertTrue(e.getMessage().startsWith("--weights"), e.getMessage());
    assertTrue(e.getMessage().contains("cauchy"), e.getMessage());
  }
}
