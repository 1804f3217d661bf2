package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatFormatsTest {
  @Test
  void decodesKnownHalfValues() {
    assertEquals(1.0, FloatFormats.f16ToDouble(0x3c00));
    assertEquals(-2.0, FloatFormats.f16ToDouble(0xc000));
    assertEquals(65504.0, FloatFormats.f16ToDouble(0x7bff)); // largest finite half
    assertEquals(0x1p-14, FloatFormats.f16ToDouble(0x0400)); // smallest normal
    assertEquals(0x1p-24, FloatFormats.f16ToDouble(0x0001)); // smallest subnormal
    assertEquals(
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(FloatFormats.f16ToDouble(0x8000)));
    assertEquals(Double.POSITIVE_INFINITY, FloatFormats.f16ToDouble(0x7c00));
    assertEquals(Double.NEGATIVE_INFINITY, FloatFormats.f16ToDouble(0xfc00));
    assertTrue(Double.isNaN(FloatFormats.f16ToDouble(0x7e00)));
  }

  @Test
  void decodesKnownBfloat16Values() {
    assertEquals(1.0, FloatFormats.bf16ToDouble(0x3f80));
    assertEquals(-0x1p-133, FloatFormats.bf16ToDouble(0x8001)); // smallest subnormal, negative
    assertEquals(Double.POSITIVE_INFINITY, FloatFormats.bf16ToDouble(0x7f80));
    assertTrue(Double.isNaN(FloatFormats.bf16ToDouble(0x7fc0)));
  }

  /** Values numpy 2.4.6 gives for np.float64(x).astype(np.float16).view(np.uint16). */
  @Test
  void encodesHalfLikeNumpy() {
    assertEquals(0x2e66, FloatFormats.doubleToF16(0.1));
    assertEquals(0x3555, FloatFormats.doubleToF16(1.0 / 3.0));
    assertEquals(0x0002, FloatFormats.doubleToF16(1e-7));
    assertEquals(0x7bff, FloatFormats.doubleToF16(65519.0));
    assertEquals(0x7c00, FloatFormats.doubleToF16(65520.0)); // ties to even rounds up to infinity
    assertEquals(0x0001, FloatFormats.doubleToF16(6e-8));
    assertEquals(0x0000, FloatFormats.doubleToF16(2.9802322387695312e-08)); // exactly half of 2^-24
    assertEquals(0x0001, FloatFormats.doubleToF16(2.980232536792755e-08)); // just above half
    assertEquals(0x81a3, FloatFormats.doubleToF16(-2.5e-5));
    assertEquals(0x7c00, FloatFormats.doubleToF16(1e5));
    assertEquals(0x4200, FloatFormats.doubleToF16(3.0000000000000004));
    assertEquals(0x8000, FloatFormats.doubleToF16(-0.0));
    assertEquals(0x7e00, FloatFormats.doubleToF16(Double.NaN));
    assertEquals(0xfc00, FloatFormats.doubleToF16(Double.NEGATIVE_INFINITY));
  }

  @Test
  void everyHalfSurvivesRoundTripAndMidpointsRoundToEven() {
    checkAllPatterns(16, 5, 10);
  }

  @Test
  void everyBfloat16SurvivesRoundTripAndMidpointsRoundToEven() {
    checkAllPatterns(16, 8, 7);
  }

  /**
   * For every finite non-negative pattern k: decode then encode gives k back; the exact midpoint
   * between k and k+1 goes to whichever is even; a hair either side goes to the nearer one.
   */
  private static void checkAllPatterns(int width, int exponentBits, int mantissaBits) {
    long infinity = ((1L << exponentBits) - 1) << mantissaBits;
    for (long k = 0; k < infinity; k++) {
      double value = decode(k, exponentBits, mantissaBits);
      assertEquals(
          k, FloatFormats.roundToBinary(value, exponentBits, mantissaBits), "pattern " + k);
      long negative = k | (1L << (width - 1));
      assertEquals(negative, FloatFormats.roundToBinary(-value, exponentBits, mantissaBits));
      double next = decode(k + 1, exponentBits, mantissaBits); // infinity for the last k
      double mid =
          Double.isInfinite(next)
              ? value + (value - decode(k - 1, exponentBits, mantissaBits)) / 2
              : (value + next) / 2;
      long even = (k % 2 == 0) ? k : k + 1;
      assertEquals(
          even, FloatFormats.roundToBinary(mid, exponentBits, mantissaBits), "midpoint above " + k);
      assertEquals(k, FloatFormats.roundToBinary(Math.nextDown(mid), exponentBits, mantissaBits));
      assertEquals(k + 1, FloatFormats.roundToBinary(Math.nextUp(mid), exponentBits, mantissaBits));
    }
  }

  private static double decode(long bits, int exponentBits, int mantissaBits) {
    return exponentBits == 5
        ? FloatFormats.f16ToDouble((int) bits)
        : FloatFormats.bf16ToDouble((int) bits);
  }

  /** The generic rounding with float32's widths must agree with Java's (double → float) cast. */
  @Test
  void genericRoundingMatchesFloatCast() {
    SplittableRandom random = new SplittableRandom(20240611);
    for (int i = 0; i < 200_000; i++) {
      double v;
      switch (i % 4) {
        case 0:
          v = Double.longBitsToDouble(random.nextLong()); // anything, NaN and infinities included
          break;
        case 1:
          v = Math.scalb(random.nextDouble(-1, 1), random.nextInt(-160, 140)); // float range edges
          break;
        case 2: // exact float midpoints and their neighbours
          float f = Float.intBitsToFloat(random.nextInt());
          double mid = ((double) f + (double) Math.nextUp(f)) / 2;
          v = (i % 3 == 0) ? mid : (i % 3 == 1 ? Math.nextUp(mid) : Math.nextDown(mid));
          break;
        default:
          v = random.nextDouble(-10, 10);
      }
      float expected = (float) v;
      long bits = FloatFormats.roundToBinary(v, 8, 23);
      if (Float.isNaN(expected)) {
        assertTrue(Float.isNaN(Float.intBitsToFloat((int) bits)), "NaN for " + v);
      } else {
        assertEquals(Float.floatToRawIntBits(expected), (int) bits, "for " + v);
      }
    }
  }
}
