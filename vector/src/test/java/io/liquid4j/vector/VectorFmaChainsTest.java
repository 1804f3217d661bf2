package io.liquid4j.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector FMA chains compute, lane by lane, what a plain loop of {@link Math#fma} computes, so
 * the peak measurement times real fused multiply-adds on the values it says.
 */
class VectorFmaChainsTest {
  @ParameterizedTest(name = "{0} iterations from {1}")
  @CsvSource({"0, 0.5", "1, 0.5", "7, -3.25", "1000, 0.5", "20000, 1e-3"})
  void chainsAreAPlainLoopOfFma(int iterations, double seed) {
    int n64 = VectorFmaChains.CHAINS * VectorFmaChains.lanesF64();
    int n32 = VectorFmaChains.CHAINS * VectorFmaChains.lanesF32();
    double[] a = new double[n64];
    float[] f = new float[n32];
    for (int k = 0; k < n64; k++) {
      a[k] = seed + k * 0x1p-10;
    }
    for (int k = 0; k < n32; k++) {
      f[k] = (float) ((float) seed + k * 0x1p-10);
    }
    for (int i = 0; i < iterations; i++) {
      for (int k = 0; k < n64; k++) {
        a[k] = Math.fma(a[k], 1.0 - 0x1p-20, 0x1p-20);
      }
      for (int k = 0; k < n32; k++) {
        f[k] = Math.fma(f[k], 1.0f - 0x1p-12f, 0x1p-12f);
      }
    }
    double sum = 0;
    for (double x : a) {
      sum += x;
    }
    double fsum = 0;
    for (float x : f) {
      fsum += x;
    }
    assertEquals(sum, VectorFmaChains.chainsF64(iterations, seed), 0.0);
    assertEquals(fsum, VectorFmaChains.chainsF32(iterations, (float) seed), 0.0);
  }

  @org.junit.jupiter.api.Test
  void lanesFillTheVector() {
    assertEquals(VectorFmaChains.bits(), 64 * VectorFmaChains.lanesF64());
    assertEquals(VectorFmaChains.bits(), 32 * VectorFmaChains.lanesF32());
    assertTrue(VectorFmaChains.lanesF64() >= 1);
  }
}
