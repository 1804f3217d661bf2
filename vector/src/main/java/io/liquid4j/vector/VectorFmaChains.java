package io.liquid4j.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Independent chains of vector fused multiply-adds on the widest vectors the CPU has, for measuring
 * the machine's peak arithmetic rate ({@code io.liquid4j.experiments.bench.PeakFma} calls these
 * through reflection when this module and {@code jdk.incubator.vector} are present).
 *
 * <p>Each of {@link #CHAINS} vector accumulators a runs a ← a·m + c, fused, with m = 1 − 2⁻²⁰ and
 * c = 2⁻²⁰ in float64 (1 − 2⁻¹² and 2⁻¹² in float32), so that every value tends to 1 and stays
 * normal. Twelve chains cover an FMA unit's latency (about 4 cycles) times its two ports, and with
 * the two constants still fit AVX2's sixteen vector registers. Lane l of chain k starts at seed +
 * (k·lanes + l)·2⁻¹⁰; the result is the sum of every lane of every chain in that order, which a
 * plain loop of {@link Math#fma} reproduces exactly.
 */
public final class VectorFmaChains {
  /** Independent vector accumulators per call. */
  public static final int CHAINS = 12;

  /** The float64 factor m. */
  public static final double M64 = 1.0 - 0x1p-20;
  /** The float64 addend c. */
  public static final double C64 = 0x1p-20;
  /** The float32 factor m. */
  public static final float M32 = 1.0f - 0x1p-12f;
  /** The float32 addend c. */
  public static final float C32 = 0x1p-12f;
  /** The spacing of the starting values. */
  public static final double START_STEP = 0x1p-10;

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  private VectorFmaChains() {}

  /**
   * Lanes of a float64 vector.
   *
   * @return doubles per vector of the preferred species
   */
  public static int lanesF64() {
    return DOUBLES.length();
  }

  /**
   * Lanes of a float32 vector.
   *
   * @return floats per vector of the preferred species
   */
  public static int lanesF32() {
    return FLOATS.length();
  }

  /**
   * Width of the preferred vectors.
   *
   * @return bits per vector
   */
  public static int bits() {
    return DOUBLES.vectorBitSize();
  }

  /**
   * Runs {@link #CHAINS} float64 vector chains: iterations · CHAINS · {@link #lanesF64()} fused
   * multiply-adds.
   *
   * @param iterations multiply-adds per chain and lane, ≥ 0
   * @param seed start of the first lane
   * @return the sum of all lanes of all chains, in chain then lane order
   */
  public static double chainsF64(int iterations, double seed) {
    int lanes = DOUBLES.length();
    double[] v = new double[CHAINS * lanes];
    for (int i = 0; i < v.length; i++) {
      v[i] = seed + i * START_STEP;
    }
    DoubleVector m = DoubleVector.broadcast(DOUBLES, M64);
    DoubleVector c = DoubleVector.broadcast(DOUBLES, C64);
    DoubleVector a0 = DoubleVector.fromArray(DOUBLES, v, 0);
    DoubleVector a1 = DoubleVector.fromArray(DOUBLES, v, lanes);
    DoubleVector a2 = DoubleVector.fromArray(DOUBLES, v, 2 * lanes);
    DoubleVector a3 = DoubleVector.fromArray(DOUBLES, v, 3 * lanes);
    DoubleVector a4 = DoubleVector.fromArray(DOUBLES, v, 4 * lanes);
    DoubleVector a5 = DoubleVector.fromArray(DOUBLES, v, 5 * lanes);
    DoubleVector a6 = DoubleVector.fromArray(DOUBLES, v, 6 * lanes);
    DoubleVector a7 = DoubleVector.fromArray(DOUBLES, v, 7 * lanes);
    DoubleVector a8 = DoubleVector.fromArray(DOUBLES, v, 8 * lanes);
    DoubleVector a9 = DoubleVector.fromArray(DOUBLES, v, 9 * lanes);
    DoubleVector a10 = DoubleVector.fromArray(DOUBLES, v, 10 * lanes);
    DoubleVector a11 = DoubleVector.fromArray(DOUBLES, v, 11 * lanes);
    for (int i = 0; i < iterations; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    a0.intoArray(v, 0);
    a1.intoArray(v, lanes);
    a2.intoArray(v, 2 * lanes);
    a3.intoArray(v, 3 * lanes);
    a4.intoArray(v, 4 * lanes);
    a5.intoArray(v, 5 * lanes);
    a6.intoArray(v, 6 * lanes);
    a7.intoArray(v, 7 * lanes);
    a8.intoArray(v, 8 * lanes);
    a9.intoArray(v, 9 * lanes);
    a10.intoArray(v, 10 * lanes);
    a11.intoArray(v, 11 * lanes);
    double sum = 0.0;
    for (double x : v) {
      sum += x;
    }
    return sum;
  }

  /**
   * Runs {@link #CHAINS} float32 vector chains: iterations · CHAINS · {@link #lanesF32()} fused
   * multiply-adds.
   *
   * @param iterations multiply-adds per chain and lane, ≥ 0
   * @param seed start of the first lane
   * @return the sum, in float64, of all lanes of all chains, in chain then lane order
   */
  public static double chainsF32(int iterations, float seed) {
    int lanes = FLOATS.length();
    float[] v = new float[CHAINS * lanes];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (seed + i * START_STEP);
    }
    FloatVector m = FloatVector.broadcast(FLOATS, M32);
    FloatVector c = FloatVector.broadcast(FLOATS, C32);
    FloatVector a0 = FloatVector.fromArray(FLOATS, v, 0);
    FloatVector a1 = FloatVector.fromArray(FLOATS, v, lanes);
    FloatVector a2 = FloatVector.fromArray(FLOATS, v, 2 * lanes);
    FloatVector a3 = FloatVector.fromArray(FLOATS, v, 3 * lanes);
    FloatVector a4 = FloatVector.fromArray(FLOATS, v, 4 * lanes);
    FloatVector a5 = FloatVector.fromArray(FLOATS, v, 5 * lanes);
    FloatVector a6 = FloatVector.fromArray(FLOATS, v, 6 * lanes);
    FloatVector a7 = FloatVector.fromArray(FLOATS, v, 7 * lanes);
    FloatVector a8 = FloatVector.fromArray(FLOATS, v, 8 * lanes);
    FloatVector a9 = FloatVector.fromArray(FLOATS, v, 9 * lanes);
    FloatVector a10 = FloatVector.fromArray(FLOATS, v, 10 * lanes);
    FloatVector a11 = FloatVector.fromArray(FLOATS, v, 11 * lanes);
    for (int i = 0; i < iterations; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    a0.intoArray(v, 0);
    a1.intoArray(v, lanes);
    a2.intoArray(v, 2 * lanes);
    a3.intoArray(v, 3 * lanes);
    a4.intoArray(v, 4 * lanes);
    a5.intoArray(v, 5 * lanes);
    a6.intoArray(v, 6 * lanes);
    a7.intoArray(v, 7 * lanes);
    a8.intoArray(v, 8 * lanes);
    a9.intoArray(v, 9 * lanes);
    a10.intoArray(v, 10 * lanes);
    a11.intoArray(v, 11 * lanes);
    double sum = 0.0;
    for (float x : v) {
      sum += x;
    }
    return sum;
  }
}
