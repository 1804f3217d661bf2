package io.liquid4j.io;

import java.util.Optional;

/**
 * Element types of safetensors files (and the subset of NumPy dtypes liquid4j reads).
 *
 * <p>Reading converts every type to {@code double}. The conversion is exact for all types except
 * {@link #I64} and {@link #U64} values beyond ±2<sup>53</sup>, which round to the nearest double.
 * {@link #F16} and {@link #BF16} are decoded exactly (every half and bfloat16 value is a double).
 * {@link #BOOL} reads as 0.0 or 1.0 (any nonzero byte is true, as in NumPy).
 *
 * <p>Writing rounds to nearest, ties to even, for the float types (values too large become
 * infinity, as in IEEE 754); integer and bool types accept only values they can hold exactly.
 */
public enum DType {
  /** IEEE 754 binary64. */
  F64(8, "<f8"),
  /** IEEE 754 binary32. */
  F32(4, "<f4"),
  /** IEEE 754 binary16 (half). */
  F16(2, "<f2"),
  /** bfloat16: the top 16 bits of a binary32. NumPy has no such dtype. */
  BF16(2, null),
  /** Signed 64-bit integer. */
  I64(8, "<i8"),
  /** Signed 32-bit integer. */
  I32(4, "<i4"),
  /** Signed 16-bit integer. */
  I16(2, "<i2"),
  /** Signed 8-bit integer. */
  I8(1, "|i1"),
  /** Unsigned 64-bit integer. */
  U64(8, "<u8"),
  /** Unsigned 32-bit integer. */
  U32(4, "<u4"),
  /** Unsigned 16-bit integer. */
  U16(2, "<u2"),
  /** Unsigned 8-bit integer. */
  U8(1, "|u1"),
  /** One byte per element, 0 or 1. */
  BOOL(1, "|b1");

  private final int byteSize;
  private final String npyDescr;

  DType(int byteSize, String npyDescr) {
    this.byteSize = byteSize;
    this.npyDescr = npyDescr;
  }

  /**
   * Bytes per element in a file.
   *
   * @return 1, 2, 4 or 8
   */
  public int byteSize() {
    return byteSize;
  }

  /**
   * The name safetensors headers use; the same as {@link #name()}.
   *
   * @return "F64", "F32", "BF16", ...
   */
  public String safetensorsName() {
    return name();
  }

  /**
   * The little-endian NumPy {@code descr} for this type ({@code "<f4"}, {@code "|u1"}, ...), or
   * empty for {@link #BF16}, which NumPy lacks.
   *
   * @return the descr, or empty for BF16
   */
  public Optional<String> npyDescr() {
    return Optional.ofNullable(npyDescr);
  }

  /**
   * Whether this is one of the floating-point types.
   *
   * @return true for F64, F32, F16 and BF16
   */
  public boolean isFloatingPoint() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /**
   * Looks up a safetensors dtype name. Matching is exact (case-sensitive), as in the safetensors
   * reference implementation.
   *
   * @param name a header's {@code dtype} value, e.g. "F32"
   * @return the type, or empty if liquid4j does not support it (e.g. "F8_E4M3", "C64")
   */
  public static Optional<DType> fromSafetensorsName(String name) {
    for (DType type : values()) {
      if (type.name().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /**
   * Looks up a NumPy {@code descr} with explicit little-endian or "not applicable" byte order
   * ({@code "<f4"}, {@code "|u1"}; {@code "<u1"} and {@code "|b1"} too, since byte order means
   * nothing for one-byte types).
   *
   * @param descr a .npy header's descr
   * @return the type, or empty if it is not one of the supported little-endian types
   */
  public static Optional<DType> fromNpyDescr(String descr) {
    if (descr.length() < 2) {
      return Optional.empty();
    }
    char order = descr.charAt(0);
    String code = descr.substring(1);
    for (DType type : values()) {
      if (type.npyDescr == null || !type.npyDescr.substring(1).equals(code)) {
        continue;
      }
      boolean oneByte = type.byteSize == 1;
      if (order == '<' || (oneByte && (order == '|' || order == '>' || order == '='))) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
