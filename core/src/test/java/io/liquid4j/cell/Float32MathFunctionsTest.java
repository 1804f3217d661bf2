package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 exp, σ and tanh of {@link MathFunctions} against the JDK's float64 functions
 * rounded to float (within a fraction of a float ulp of the true value, so in effect the correctly
 * rounded float), in ulp: the distance between the two floats counted in representable floats.
 * Measured over the seeded values below (about 4·10^6 per function), the largest distances are
 * exp 1, σ 2, tanh 2, and these are the bounds asserted. Plus the special values: ±0, ±∞, NaN,
 * overflow to ∞ and underflow through the subnormals to 0, σ saturating to exactly 0 and 1 and
 * tanh to exactly ±1.
 */
class Float32MathFunctionsTest {
  /** exp, σ and tanh with their float64 references and their asserted bound in ulp. */
  static Stream<Arguments> functions() {
    return Stream.of(
        Arguments.of("exp", (FloatFunction) MathFunctions::exp, (DoubleUnaryOperator) Math::exp, 1),
        Arguments.of("sigmoid", (FloatFunction) MathFunctions::sigmoid,
            (DoubleUnaryOperator) x -> 1 / (1 + Math.exp(-x)), 2),
        Arguments.of("tanh", (FloatFunction) MathFunctions::tanh,
            (DoubleUnaryOperator) Math::tanh, 2));
  }

  /** A float function under test. */
  interface FloatFunction {
    float apply(float x);
  }

  /**
   * Distance in representable floats (ulp) between two floats, 0 for two NaNs, and the largest
   * long for a NaN against a number. Floats of either sign are mapped onto one integer line
   * (−0 and +0 both to 0), so the distance across 0 counts the subnormals on both sides.
   */
  static long ulpDistance(float a, float b) {
    if (Float.isNaN(a) || Float.isNaN(b)) {
      return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
    }
    return Math.abs(ordinal(a) - ordinal(b));
  }

  private static long ordinal(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
  }

  private static long worst(FloatFunction f, DoubleUnaryOperator reference, float[] xs,
      int bound, String name) {
    long worst = 0;
    float worstAt = 0;
    for (float x : xs) {
      float expected = (float) reference.applyAsDouble(x);
      float got = f.apply(x);
      long d = ulpDistance(got, expected);
      if (d > worst) {
        worst = d;
        worstAt = x;
      }
      if (d > bound) {
        fail(name + "(" + x + ") = " + got + ", expected " + expected + " (" + d + " ulp)");
      }
    }
    System.out.println(name + ": largest distance " + worst + " ulp, at " + worstAt);
    return worst;
  }

  /**
   * Seeded arguments where the cells' pre-activations lie (±20) and over each function's whole
   * non-trivial range, log-uniform magnitudes down to the subnormals, and random bit patterns
   * (every exponent, ±∞ and NaN included).
   */
  @ParameterizedTest(name = "{0}, seed {4}")
  @MethodSource("functionsAndSeeds")
  void withinTheBoundOfTheCorrectlyRoundedValue(String name, FloatFunction f,
      DoubleUnaryOperator reference, int bound, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] xs = new float[1_000_000];
    for (int i = 0; i < xs.length; i++) {
      switch (i % 4) {
        case 0:
          xs[i] = (float) rng.nextDouble(-20, 20);
          break;
        case 1:
          xs[i] = (float) rng.nextDouble(-110, 95);
          break;
        case 2:
          xs[i] = (float) (Math.exp(rng.nextDouble(Math.log(1e-45), Math.log(120)))
              * (rng.nextBoolean() ? 1 : -1));
          break;
        default:
          xs[i] = Float.intBitsToFloat(rng.nextInt());
      }
    }
    worst(f, reference, xs, bound, name);
  }

  static Stream<Arguments> functionsAndSeeds() {
    return functions().flatMap(a -> Stream.of(1L, 2L, 3L).map(seed -> {
      Object[] args = a.get();
      return Arguments.of(args[0], args[1], args[2], args[3], seed);
    }));
  }

  /** Every 4099th float bit pattern: all exponents and both signs, about 10^6 values. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void withinTheBoundOverTheWholeFloatLine(String name, FloatFunction f,
      DoubleUnaryOperator reference, int bound) {
    float[] xs = new float[(int) ((1L << 32) / 4099) + 1];
    int n = 0;
    for (long bits = 0; bits < (1L << 32); bits += 4099) {
      xs[n++] = Float.intBitsToFloat((int) bits);
    }
    worst(f, reference, java.util.Arrays.copyOf(xs, n), bound, name);
  }

  /** Near where each function's result changes regime: overflow, underflow, saturation. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void withinTheBoundNearTheEdgesOfEachRegime(String name, FloatFunction f,
      DoubleUnaryOperator reference, int bound) {
    float[] edges = {88.72f, 88.7228f, 88.72284f, 88.722839f, 89f, -87.3f, -87.33655f, -100f,
        -103.2789f, -103.9f, -103.97208f, -104f, 17.32868f, 16.6355f, 9.010913f, 9.01f, -9.02f,
        0.17328679f, 0.5198604f, 0.34657359f, -0.34657359f, 1e-3f, 1e-20f, -1e-38f, 0x1p-126f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
    float[] xs = new float[edges.length * 41];
    int n = 0;
    for (float e : edges) {
      float x = e;
      for (int k = 0; k < 20; k++) {
        x = Math.nextDown(x);
      }
      for (int k = 0; k < 41; k++) {
        xs[n++] = x;
        x = Math.nextUp(x);
      }
    }
    worst(f, reference, xs, bound, name);
  }

  @Test
  void expSpecialValues() {
    assertBits(1f, MathFunctions.exp(0f));
    assertBits(1f, MathFunctions.exp(-0f));
    assertBits(Float.POSITIVE_INFINITY, MathFunctions.exp(Float.POSITIVE_INFINITY));
    assertBits(0f, MathFunctions.exp(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(MathFunctions.exp(Float.NaN)));
    // overflow: e^88.72283 < 2^128 ≤ e^88.72284
    assertEquals((float) Math.exp(88.72283f), MathFunctions.exp(88.72283f));
    assertBits(Float.POSITIVE_INFINITY, MathFunctions.exp(88.72284f));
    assertBits(Float.POSITIVE_INFINITY, MathFunctions.exp(1e30f));
    // underflow: through the subnormals to the smallest float, then to 0
    assertBits((float) Math.exp(-100f), MathFunctions.exp(-100f));
    assertBits(Float.MIN_VALUE, MathFunctions.exp(-103.9f));
    assertBits(0f, MathFunctions.exp(-104f));
    assertBits(0f, MathFunctions.exp(-1e30f));
  }

  @Test
  void sigmoidSaturatesToExactlyZeroAndOne() {
    assertBits(0.5f, MathFunctions.sigmoid(0f));
    assertBits(0.5f, MathFunctions.sigmoid(-0f));
    assertBits(1f, MathFunctions.sigmoid(16.7f));
    assertBits(1f, MathFunctions.sigmoid(800f));
    assertBits(1f, MathFunctions.sigmoid(Float.POSITIVE_INFINITY));
    assertBits(1f, MathFunctions.sigmoid(Float.MAX_VALUE));
    assertTrue(MathFunctions.sigmoid(16.6f) < 1f);
    // below 0, σ(x) ≈ e^x follows the true value into the subnormals, then reaches 0
    assertBits((float) Math.exp(-95f), MathFunctions.sigmoid(-95f));
    assertBits(0f, MathFunctions.sigmoid(-104f));
    assertBits(0f, MathFunctions.sigmoid(-800f));
    assertBits(0f, MathFunctions.sigmoid(Float.NEGATIVE_INFINITY));
    assertBits(0f, MathFunctions.sigmoid(-Float.MAX_VALUE));
    assertTrue(Float.isNaN(MathFunctions.sigmoid(Float.NaN)));
  }

  @Test
  void tanhSaturatesToExactlyOneAndKeepsTheSign() {
    assertBits(0f, MathFunctions.tanh(0f));
    assertBits(-0f, MathFunctions.tanh(-0f));
    assertBits(Float.MIN_VALUE, MathFunctions.tanh(Float.MIN_VALUE));
    assertBits(-Float.MIN_VALUE, MathFunctions.tanh(-Float.MIN_VALUE));
    assertBits(1e-30f, MathFunctions.tanh(1e-30f));
    assertBits(1f, MathFunctions.tanh(8.5f));
    assertBits(-1f, MathFunctions.tanh(-8.5f));
    assertBits(1f, MathFunctions.tanh(800f));
    assertBits(-1f, MathFunctions.tanh(-800f));
    assertBits(1f, MathFunctions.tanh(Float.POSITIVE_INFINITY));
    assertBits(-1f, MathFunctions.tanh(Float.NEGATIVE_INFINITY));
    assertTrue(MathFunctions.tanh(8.4f) < 1f);
    assertTrue(MathFunctions.tanh(-8.4f) > -1f);
    assertTrue(Float.isNaN(MathFunctions.tanh(Float.NaN)));
  }

  /** tanh is odd: the same bits, negated, for −x. */
  @ParameterizedTest
  @ValueSource(longs = {7, 8})
  void tanhIsOddBitForBit(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < 100_000; i++) {
      float x = (float) rng.nextDouble(-12, 12);
      assertBits(-MathFunctions.tanh(x), MathFunctions.tanh(-x));
    }
  }

  private static void assertBits(float expected, float got) {
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got),
        "expected " + expected + ", got " + got);
  }
}
