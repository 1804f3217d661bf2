package io.liquid4j.reservoir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Arnoldi iteration against the exact eigenvalues (EJML's dense eigen-decomposition) on the
 * matrices reservoirs are made of, and on matrices where the power iteration fails: several
 * eigenvalues of (nearly) the largest modulus, complex pairs.
 */
class SpectralRadiusTest {
  @ParameterizedTest(name = "n {0}, connectivity {1}, seed {2}")
  @CsvSource({"100, 0.1, 1", "250, 0.1, 2", "300, 0.05, 3", "400, 0.1, 4", "500, 0.02, 5",
      "600, 0.2, 6"})
  void arnoldiAgreesWithTheExactRadius(int n, double connectivity, long seed) {
    SparseMatrix w = RandomMatrices.sparse(n, n, connectivity, WeightDistribution.NORMAL,
        new SplittableRandom(seed));
    double exact = SpectralRadius.exact(w.toDense(), n);
    double arnoldi = SpectralRadius.arnoldi(w);
    assertEquals(exact, arnoldi, 1e-9 * exact);
    // Circular law: about sqrt(n · connectivity) for unit-variance entries.
    assertEquals(Math.sqrt(n * connectivity), exact, 0.25 * Math.sqrt(n * connectivity));
  }

  @Test
  void aRotationHasRadiusOneWhereThePowerIterationWouldCycle() {
    // A cyclic permutation: its n eigenvalues, the n-th roots of unity, all have modulus 1, so
    // no eigenvalue dominates and the power iteration's iterate cycles instead of converging.
    int n = 400;
    double[] dense = new double[n * n];
    for (int i = 0; i < n; i++) {
      dense[i * n + (i + 1) % n] = 1;
    }
    SparseMatrix w = SparseMatrix.fromDense(n, n, dense);
    assertEquals(1.0, SpectralRadius.arnoldi(w), 1e-9);
    assertEquals(1.0, SpectralRadius.of(w), 1e-9);
  }

  @Test
  void scalingToATargetRadiusHitsIt() {
    Reservoir r = Reservoir.builder(500).spectralRadius(1.25).connectivity(0.1).seed(1234)
        .build(1);
    SparseMatrix w = r.recurrentWeights();
    double radius = SpectralRadius.exact(w.toDense(), 500);
    assertEquals(1.25, radius, 1e-9);
  }

  @Test
  void smallReservoirsUseTheExactRadius() {
    SparseMatrix w = RandomMatrices.sparse(50, 50, 0.3, WeightDistribution.UNIFORM,
        new SplittableRandom(8));
    assertEquals(SpectralRadius.exact(w.toDense(), 50), SpectralRadius.of(w), 0);
    assertTrue(SpectralRadius.EXACT_LIMIT >= 50);
  }
}
