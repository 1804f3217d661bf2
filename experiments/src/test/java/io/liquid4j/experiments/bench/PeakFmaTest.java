package io.liquid4j.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The FMA chains compute what a plain loop of Math.fma computes; the measurement reports rates. */
class PeakFmaTest {
  @ParameterizedTest(name = "{0} iterations from {1}")
  @CsvSource({"0, 0.5", "1, 0.5", "7, -3.25", "1000, 0.5", "100000, 1e-3"})
  void scalarChainsAreAPlainLoopOfFma(int iterations, double seed) {
    double[] a = new double[PeakFma.CHAINS];
    float[] f = new float[PeakFma.CHAINS];
    for (int k = 0; k < a.length; k++) {
      a[k] = seed + k * 0x1p-10;
      f[k] = (float) ((float) seed + k * 0x1p-10);
    }
    for (int i = 0; i < iterations; i++) {
      for (int k = 0; k < a.length; k++) {
        a[k] = Math.fma(a[k], 1.0 - 0x1p-20, 0x1p-20);
        f[k] = Math.fma(f[k], 1.0f - 0x1p-12f, 0x1p-12f);
      }
    }
    double sum = 0;
    double fsum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += a[k];
      fsum += f[k];
    }
    assertEquals(sum, PeakFma.scalarChainsF64(iterations, seed), 0.0);
    assertEquals(fsum, PeakFma.scalarChainsF32(iterations, (float) seed), 0.0);
  }

  /** Without the Vector API (this module's tests), scalar rates only; the figures' keys. */
  @Test
  void measuresPositiveScalarRates() {
    PeakFma.Result r = PeakFma.measure(0);
    assertEquals(Runtime.getRuntime().availableProcessors(), r.cores());
    for (PeakFma.Rates rates : List.of(r.oneCore(), r.allCores())) {
      assertTrue(rates.scalarF64() > 0 && Double.isFinite(rates.scalarF64()), rates.toString());
      assertTrue(rates.scalarF32() > 0 && Double.isFinite(rates.scalarF32()), rates.toString());
    }
    Map<String, Object> m = r.toMap();
    assertEquals(List.of("peak_gflops_f64_scalar_one_core", "peak_gflops_f64_scalar_all_cores",
        "peak_gflops_f64_vector_one_core", "peak_gflops_f64_vector_all_cores",
        "peak_gflops_f32_scalar_one_core", "peak_gflops_f32_scalar_all_cores",
        "peak_gflops_f32_vector_one_core", "peak_gflops_f32_vector_all_cores", "vector_bits",
        "cores"), List.copyOf(m.keySet()));
    assertEquals(r.oneCore().scalarF64(), m.get("peak_gflops_f64_scalar_one_core"));
    if (!PeakFma.vectorAvailable()) {
      assertTrue(Double.isNaN(r.oneCore().vectorF64()));
      assertNull(m.get("peak_gflops_f64_vector_all_cores"));
      assertNull(m.get("vector_bits"));
    } else {
      assertFalse(Double.isNaN(r.allCores().vectorF32()));
    }
    assertThrows(IllegalArgumentException.class, () -> PeakFma.measure(-1));
  }
}
