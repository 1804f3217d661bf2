package io.liquid4j.io;

/**
 * Conversions between double and the 16-bit float formats (IEEE binary16 and bfloat16), which Java
 * 17 has no built-in support for. Decoding is exact; encoding rounds to nearest, ties to even,
 * directly from the double (rounding through float first could round twice and be off by one ulp).
 */
final class FloatFormats {
  private FloatFormats() {}

  /** Decodes IEEE binary16 bits (the low 16 bits of {@code bits}). Exact. */
  static double f16ToDouble(int bits) {
    boolean negative = (bits & 0x8000) != 0;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    double magnitude;
    if (exponent == 0) {
      magnitude = Math.scalb((double) mantissa, -24); // subnormal: mantissa * 2^-14 * 2^-10
    } else if (exponent == 0x1f) {
      magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else {
      magnitude = Math.scalb((double) (0x400 | mantissa), exponent - 25); // 1.m * 2^(e-15)
    }
    return negative ? -magnitude : magnitude;
  }

  /**
   * Decodes bfloat16 bits (the low 16 bits of {@code bits}). Exact: bfloat16 is a truncated float.
   */
  static double bf16ToDouble(int bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** Encodes to IEEE binary16, round to nearest even. NaN becomes the quiet NaN 0x7e00 (signed). */
  static int doubleToF16(double value) {
    return (int) roundToBinary(value, 5, 10);
  }

  /** Encodes to bfloat16, round to nearest even. NaN becomes the quiet NaN 0x7fc0 (signed). */
  static int doubleToBf16(double value) {
    return (int) roundToBinary(value, 8, 7);
  }

  /**
   * Rounds a double to the nearest value of a binary floating-point format with the given exponent
   * and mantissa widths (IEEE layout: sign, biased exponent, fraction), ties to even, and returns
   * its bit pattern. Overflow gives infinity; values below half the smallest subnormal give zero
   * with the sign kept.
   *
   * @param value the value to encode
   * @param exponentBits width of the exponent field (5 for binary16, 8 for bfloat16 and binary32)
   * @param mantissaBits width of the fraction field (10 for binary16, 7 for bfloat16, 23 for
   *     binary32)
   * @return the encoded bits in the low {@code 1 + exponentBits + mantissaBits} bits
   */
  static long roundToBinary(double value, int exponentBits, int mantissaBits) {
    long signBit = 1L << (exponentBits + mantissaBits);
    long sign = (Double.doubleToRawLongBits(value) < 0) ? signBit : 0L;
    long maxBiased = (1L << exponentBits) - 1; // all ones: infinity and NaN
    long infinity = maxBiased << mantissaBits;
    if (Double.isNaN(value)) {
      return sign | infinity | (1L << (mantissaBits - 1));
    }
    double magnitude = Math.abs(value);
    if (Double.isInfinite(magnitude)) {
      return sign | infinity;
    }
    if (magnitude == 0.0) {
      return sign;
    }
    int bias = (1 << (exponentBits - 1)) - 1;
    int minExponent = 1 - bias; // exponent of the smallest normal
    int exponent = Math.max(Math.getExponent(magnitude), minExponent);
    // Scale so that one unit in the last place of the target format is 1.0; the division by a
    // power of two is exact, and rint rounds half to even.
    double units = Math.rint(Math.scalb(magnitude, mantissaBits - exponent));
    long significand = (long) units;
    if (significand == 0) {
      return sign;
    }
    if (significand < (1L << mantissaBits)) {
      // Subnormal (only possible at the minimum exponent): biased exponent 0.
      return sign | significand;
    }
    if (significand == (1L << (mantissaBits + 1))) {
      // Rounding carried into the next binade (e.g. 1.1111...1 rounded up to 10.0).
      significand >>= 1;
      exponent++;
    }
    long biased = exponent + bias;
    if (biased >= maxBiased) {
      return sign | infinity;
    }
    return sign | (biased << mantissaBits) | (significand - (1L << mantissaBits));
  }
}
