package io.liquid4j.experiments.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The machine's peak arithmetic rate, measured with chains of fused multiply-adds: the
 * denominator of "fraction of peak" for a workload's {@link FlopCount}.
 *
 * <p>Each measurement runs {@value #CHAINS} independent chains a ← a·m + c ({@link Math#fma}, or
 * the Vector API's {@code fma} on the widest vectors when the module {@code liquid4j-vector} is on
 * the class path and {@code jdk.incubator.vector} is resolved, as the {@code liquid4j} launcher
 * arranges), on one thread and on one thread per core at once, in float64 and float32. Each
 * multiply-add counts two flops. The rate is the best of several timed rounds (a peak, not a
 * typical rate), each round long enough (a few milliseconds at least) to dwarf the timer and the
 * threads' start; the first rounds also bring the loops to compiled code.
 *
 * <p>The constants m = 1 − 2⁻²⁰, c = 2⁻²⁰ (float32: 1 − 2⁻¹², 2⁻¹²) keep every value near 1, never
 * subnormal; the chains' sum is returned so that the JIT cannot drop them, and {@link
 * #scalarChainsF64} and {@link #scalarChainsF32} are deterministic (tested against a plain loop).
 */
public final class PeakFma {
  /** Independent accumulators per chain call: FMA latency (about 4 cycles) times two ports. */
  public static final int CHAINS = 12;

  private static final double M64 = 1.0 - 0x1p-20;
  private static final double C64 = 0x1p-20;
  private static final float M32 = 1.0f - 0x1p-12f;
  private static final float C32 = 0x1p-12f;
  private static final double START_STEP = 0x1p-10;
  private static final double SEED = 0.5;

  private static final MethodHandle VECTOR_F64;
  private static final MethodHandle VECTOR_F32;
  private static final int VECTOR_LANES_F64;
  private static final int VECTOR_LANES_F32;
  private static final int VECTOR_BITS;

  static {
    MethodHandle f64 = null;
    MethodHandle f32 = null;
    int lanes64 = 0;
    int lanes32 = 0;
    int bits = 0;
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        Class<?> k = Class.forName("io.liquid4j.vector.VectorFmaChains");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        f64 = lookup.findStatic(k, "chainsF64",
            MethodType.methodType(double.class, int.class, double.class));
        f32 = lookup.findStatic(k, "chainsF32",
            MethodType.methodType(double.class, int.class, float.class));
        MethodType count = MethodType.methodType(int.class);
        lanes64 = (int) lookup.findStatic(k, "lanesF64", count).invokeExact();
        lanes32 = (int) lookup.findStatic(k, "lanesF32", count).invokeExact();
        bits = (int) lookup.findStatic(k, "bits", count).invokeExact();
      } catch (Throwable e) {
        // Not on the class path, or not runnable on this JVM: scalar rates only.
        f64 = null;
        f32 = null;
      }
    }
    VECTOR_F64 = f64;
    VECTOR_F32 = f32;
    VECTOR_LANES_F64 = f64 == null ? 0 : lanes64;
    VECTOR_LANES_F32 = f64 == null ? 0 : lanes32;
    VECTOR_BITS = f64 == null ? 0 : bits;
  }

  private PeakFma() {}

  /**
   * Peak rates in GFLOP/s (an FMA is two flops); NaN for one not measured.
   *
   * @param scalarF64 {@link Math#fma} on doubles
   * @param scalarF32 {@link Math#fma} on floats
   * @param vectorF64 Vector API fma on the widest double vectors
   * @param vectorF32 Vector API fma on the widest float vectors
   */
  public record Rates(double scalarF64, double scalarF32, double vectorF64, double vectorF32) {}

  /**
   * The measured peaks.
   *
   * @param cores threads of the all-cores measurement (the JVM's available processors)
   * @param vectorBits width of the Vector API's vectors, or 0 when it was not available
   * @param oneCore rates of one thread
   * @param allCores rates of {@code cores} threads together
   */
  public record Result(int cores, int vectorBits, Rates oneCore, Rates allCores) {
    /**
     * The figures under the keys {@code liquid4j bench --peak --json} prints: {@code
     * peak_gflops_<f64|f32>_<scalar|vector>_<one_core|all_cores>} (null when not measured),
     * {@code vector_bits} (null without the Vector API) and {@code cores}.
     *
     * @return the figures in a fixed order
     */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      String[] scopes = {"one_core", "all_cores"};
      Rates[] rates = {oneCore, allCores};
      for (String precision : new String[] {"f64", "f32"}) {
        for (String kind : new String[] {"scalar", "vector"}) {
          for (int i = 0; i < 2; i++) {
            Rates r = rates[i];
            double v = precision.equals("f64")
                ? (kind.equals("scalar") ? r.scalarF64() : r.vectorF64())
                : (kind.equals("scalar") ? r.scalarF32() : r.vectorF32());
            m.put("peak_gflops_" + precision + "_" + kind + "_" + scopes[i],
                Double.isNaN(v) ? null : v);
          }
        }
      }
      m.put("vector_bits", vectorBits == 0 ? null : vectorBits);
      m.put("cores", cores);
      return m;
    }
  }

  /**
   * Whether the Vector API chains can run here.
   *
   * @return true when {@code liquid4j-vector} is on the class path and {@code
   *     jdk.incubator.vector} is resolved
   */
  public static boolean vectorAvailable() {
    return VECTOR_F64 != null;
  }

  /**
   * Measures every peak: scalar and (when available) vector, float64 and float32, on one thread
   * and on one thread per available processor.
   *
   * @param secondsEach each of the eight measurements times rounds for at least this long (and at
   *     least 3 rounds); 0.5 s gives a stable peak
   * @return the rates
   * @throws IllegalArgumentException for a negative or NaN duration
   */
  public static Result measure(double secondsEach) {
    if (!(secondsEach >= 0)) {
      throw new IllegalArgumentException("seconds must be >= 0, got " + secondsEach);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, "liquid4j-peak-fma");
      t.setDaemon(true);
      return t;
    });
    try {
      Rates[] rates = new Rates[2];
      int[] threads = {1, cores};
      for (int i = 0; i < 2; i++) {
        int t = threads[i];
        double sf64 = rate(PeakFma::scalarF64, CHAINS, t, secondsEach, pool);
        double sf32 = rate(PeakFma::scalarF32, CHAINS, t, secondsEach, pool);
        double vf64 = vectorAvailable()
            ? rate(PeakFma::vectorF64, CHAINS * VECTOR_LANES_F64, t, secondsEach, pool)
            : Double.NaN;
        double vf32 = vectorAvailable()
            ? rate(PeakFma::vectorF32, CHAINS * VECTOR_LANES_F32, t, secondsEach, pool)
            : Double.NaN;
        rates[i] = new Rates(sf64, sf32, vf64, vf32);
      }
      return new Result(cores, VECTOR_BITS, rates[0], rates[1]);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A chain call: {@code iterations} multiply-adds per accumulator lane; returns their sum. */
  private interface Chains {
    double run(int iterations);
  }

  private static double scalarF64(int iterations) {
    return scalarChainsF64(iterations, SEED);
  }

  private static double scalarF32(int iterations) {
    return scalarChainsF32(iterations, (float) SEED);
  }

  private static double vectorF64(int iterations) {
    try {
      return (double) VECTOR_F64.invokeExact(iterations, SEED);
    } catch (Throwable e) {
      throw new IllegalStateException("the Vector API FMA chains failed", e);
    }
  }

  private static double vectorF32(int iterations) {
    try {
      return (double) VECTOR_F32.invokeExact(iterations, (float) SEED);
    } catch (Throwable e) {
      throw new IllegalStateException("the Vector API FMA chains failed", e);
    }
  }

  /**
   * Best GFLOP/s of rounds in which {@code threads} threads each run {@code chains} at once.
   */
  private static double rate(
      Chains chains, int fmasPerIteration, int threads, double seconds, ExecutorService pool) {
    // Warm-up and sizing: at least 2^22 iterations in all (the loop is then compiled: interpreted
    // calls would make a round of a few thousand iterations last 5 ms), ending with a call of at
    // least 5 ms, doubling the size whenever a call is shorter.
    int iterations = 1 << 12;
    long total = 0;
    while (true) {
      long start = System.nanoTime();
      sink(chains.run(iterations));
      long elapsed = System.nanoTime() - start;
      total += iterations;
      if (elapsed < 5_000_000L && iterations < (1 << 30)) {
        iterations *= 2;
      } else if (total >= (1L << 22)) {
        break;
      }
    }
    final int n = iterations;
    double best = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int round = 0; round < 3 || System.nanoTime() < end; round++) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Double>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          go.await();
          return chains.run(n);
        }));
      }
      long start = System.nanoTime();
      go.countDown();
      for (Future<Double> f : done) {
        try {
          sink(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while measuring the peak", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("the FMA chains failed", e.getCause());
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      best = Math.max(best, 2.0 * threads * (double) n * fmasPerIteration / elapsed / 1e9);
    }
    return best;
  }

  private static volatile double sunk;

  private static void sink(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalStateException("FMA chains gave " + v);
    }
    sunk = v;
  }

  /**
   * {@value #CHAINS} float64 chains a ← fma(a, 1 − 2⁻²⁰, 2⁻²⁰), chain k starting at seed + k·2⁻¹⁰:
   * iterations · {@value #CHAINS} fused multiply-adds.
   *
   * @param iterations multiply-adds per chain, ≥ 0
   * @param seed start of the first chain
   * @return the chains' final values summed in chain order
   */
  public static double scalarChainsF64(int iterations, double seed) {
    double a0 = seed;
    double a1 = seed + START_STEP;
    double a2 = seed + 2 * START_STEP;
    double a3 = seed + 3 * START_STEP;
    double a4 = seed + 4 * START_STEP;
    double a5 = seed + 5 * START_STEP;
    double a6 = seed + 6 * START_STEP;
    double a7 = seed + 7 * START_STEP;
    double a8 = seed + 8 * START_STEP;
    double a9 = seed + 9 * START_STEP;
    double a10 = seed + 10 * START_STEP;
    double a11 = seed + 11 * START_STEP;
    for (int i = 0; i < iterations; i++) {
      a0 = Math.fma(a0, M64, C64);
      a1 = Math.fma(a1, M64, C64);
      a2 = Math.fma(a2, M64, C64);
      a3 = Math.fma(a3, M64, C64);
      a4 = Math.fma(a4, M64, C64);
      a5 = Math.fma(a5, M64, C64);
      a6 = Math.fma(a6, M64, C64);
      a7 = Math.fma(a7, M64, C64);
      a8 = Math.fma(a8, M64, C64);
      a9 = Math.fma(a9, M64, C64);
      a10 = Math.fma(a10, M64, C64);
      a11 = Math.fma(a11, M64, C64);
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  }

  /**
   * {@value #CHAINS} float32 chains a ← fma(a, 1 − 2⁻¹², 2⁻¹²), chain k starting at (float) (seed
   * + k·2⁻¹⁰): iterations · {@value #CHAINS} fused multiply-adds.
   *
   * @param iterations multiply-adds per chain, ≥ 0
   * @param seed start of the first chain
   * @return the chains' final values summed in float64 in chain order
   */
  public static double scalarChainsF32(int iterations, float seed) {
    float a0 = (float) (seed + 0 * START_STEP);
    float a1 = (float) (seed + START_STEP);
    float a2 = (float) (seed + 2 * START_STEP);
    float a3 = (float) (seed + 3 * START_STEP);
    float a4 = (float) (seed + 4 * START_STEP);
    float a5 = (float) (seed + 5 * START_STEP);
    float a6 = (float) (seed + 6 * START_STEP);
    float a7 = (float) (seed + 7 * START_STEP);
    float a8 = (float) (seed + 8 * START_STEP);
    float a9 = (float) (seed + 9 * START_STEP);
    float a10 = (float) (seed + 10 * START_STEP);
    float a11 = (float) (seed + 11 * START_STEP);
    for (int i = 0; i < iterations; i++) {
      a0 = Math.fma(a0, M32, C32);
      a1 = Math.fma(a1, M32, C32);
      a2 = Math.fma(a2, M32, C32);
      a3 = Math.fma(a3, M32, C32);
      a4 = Math.fma(a4, M32, C32);
      a5 = Math.fma(a5, M32, C32);
      a6 = Math.fma(a6, M32, C32);
      a7 = Math.fma(a7, M32, C32);
      a8 = Math.fma(a8, M32, C32);
      a9 = Math.fma(a9, M32, C32);
      a10 = Math.fma(a10, M32, C32);
      a11 = Math.fma(a11, M32, C32);
    }
    double sum = 0.0;
    for (float a : new float[] {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11}) {
      sum += a;
    }
    return sum;
  }
}
