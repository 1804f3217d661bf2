package io.liquid4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian element encoding shared by the safetensors and .npy code: bytes to doubles and
 * back, for every {@link DType}.
 */
final class Elements {
  private static final double TWO_POW_63 = 0x1p63;
  private static final double TWO_POW_64 = 0x1p64;

  private Elements() {}

  /**
   * Decodes {@code count} little-endian elements starting at {@code offset}. The caller has checked
   * that {@code offset + count * dtype.byteSize() <= src.length}.
   *
   * @param src the bytes. Not modified.
   * @param offset index of the first element's first byte
   * @param count number of elements
   * @param dtype element type
   * @return a new array of {@code count} values
   */
  static double[] decode(byte[] src, int offset, int count, DType dtype) {
    ByteBuffer in = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[count];
    int size = dtype.byteSize();
    for (int i = 0; i < count; i++) {
      int at = offset + i * size;
      switch (dtype) {
        case F64:
          out[i] = in.getDouble(at);
          break;
        case F32:
          out[i] = in.getFloat(at);
          break;
        case F16:
          out[i] = FloatFormats.f16ToDouble(in.getShort(at) & 0xffff);
          break;
        case BF16:
          out[i] = FloatFormats.bf16ToDouble(in.getShort(at) & 0xffff);
          break;
        case I64:
          out[i] = in.getLong(at);
          break;
        case I32:
          out[i] = in.getInt(at);
          break;
        case I16:
          out[i] = in.getShort(at);
          break;
        case I8:
          out[i] = in.get(at);
          break;
        case U64:
          out[i] = unsignedLongToDouble(in.getLong(at));
          break;
        case U32:
          out[i] = in.getInt(at) & 0xffffffffL;
          break;
        case U16:
          out[i] = in.getShort(at) & 0xffff;
          break;
        case U8:
          out[i] = in.get(at) & 0xff;
          break;
        case BOOL:
          out[i] = in.get(at) != 0 ? 1.0 : 0.0;
          break;
        default:
          throw new AssertionError("unhandled dtype " + dtype);
      }
    }
    return out;
  }

  /**
   * Encodes values little-endian into {@code dst} starting at {@code offset}. Float types round to
   * nearest even; integer and bool types require values they can hold exactly.
   *
   * @param values the values. Not modified.
   * @param from index of the first value to encode
   * @param to index after the last value to encode
   * @param dtype element type
   * @param dst destination, with room for {@code (to - from) * dtype.byteSize()} bytes. Modified.
   * @param offset index in {@code dst} of the first byte to write
   * @param what names the values in error messages, e.g. "tensor 'fc.weight'"
   * @throws IllegalArgumentException if a value does not fit an integer or bool type
   */
  static void encode(
      double[] values, int from, int to, DType dtype, byte[] dst, int offset, String what) {
    ByteBuffer out = ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN);
    int size = dtype.byteSize();
    for (int i = from; i < to; i++) {
      int at = offset + (i - from) * size;
      double v = values[i];
      switch (dtype) {
        case F64:
          out.putDouble(at, v);
          break;
        case F32:
          out.putFloat(at, (float) v); // Java's narrowing conversion rounds to nearest even
          break;
        case F16:
          out.putShort(at, (short) FloatFormats.doubleToF16(v));
          break;
        case BF16:
          out.putShort(at, (short) FloatFormats.doubleToBf16(v));
          break;
        case I64:
          out.putLong(at, (long) checkInteger(v, -TWO_POW_63, TWO_POW_63, dtype, what, i));
          break;
        case I32:
          out.putInt(
              at,
              (int) checkInteger(v, Integer.MIN_VALUE, Integer.MAX_VALUE + 1.0, dtype, what, i));
          break;
        case I16:
          out.putShort(
              at, (short) checkInteger(v, Short.MIN_VALUE, Short.MAX_VALUE + 1.0, dtype, what, i));
          break;
        case I8:
          out.put(at, (byte) checkInteger(v, Byte.MIN_VALUE, Byte.MAX_VALUE + 1.0, dtype, what, i));
          break;
        case U64:
          out.putLong(at, doubleToUnsignedLong(checkInteger(v, 0, TWO_POW_64, dtype, what, i)));
          break;
        case U32:
          out.putInt(at, (int) (long) checkInteger(v, 0, 0x1p32, dtype, what, i));
          break;
        case U16:
          out.putShort(at, (short) (int) checkInteger(v, 0, 0x1p16, dtype, what, i));
          break;
        case U8:
          out.put(at, (byte) (int) checkInteger(v, 0, 0x1p8, dtype, what, i));
          break;
        case BOOL:
          out.put(at, (byte) (int) checkInteger(v, 0, 2, dtype, what, i));
          break;
        default:
          throw new AssertionError("unhandled dtype " + dtype);
      }
    }
  }

  /** Returns v if it is an integer in [min, maxExclusive); throws otherwise. */
  private static double checkInteger(
      double v, double min, double maxExclusive, DType dtype, String what, int index) {
    if (!(v >= min && v < maxExclusive) || v != Math.rint(v)) {
      throw new IllegalArgumentException(
          what + ": element " + index + " is " + v + ", which " + dtype + " cannot hold exactly");
    }
    return v;
  }

  /** Converts an unsigned 64-bit value to the nearest double (round half even). */
  private static double unsignedLongToDouble(long bits) {
    if (bits >= 0) {
      return bits;
    }
    // Halve (keeping the lowest bit so rounding stays correct), convert, double again.
    return ((bits >>> 1) | (bits & 1L)) * 2.0;
  }

  /** The inverse of {@link #unsignedLongToDouble} for integers in [0, 2^64). */
  private static long doubleToUnsignedLong(double v) {
    if (v < TWO_POW_63) {
      return (long) v;
    }
    return ((long) (v - TWO_POW_63)) ^ Long.MIN_VALUE;
  }
}
