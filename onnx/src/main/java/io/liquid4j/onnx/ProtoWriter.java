package io.liquid4j.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf wire format, as much of it as ONNX files need: varints (wire type 0), 32-bit
 * fixed (5) and length-delimited fields (2) for strings, bytes and nested messages. Fields are
 * written in the order they are called; a reader accepts any order. proto2's repeated scalars are
 * written unpacked (one tag per value), as protoc does for proto2 files without {@code
 * [packed=true]}.
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int FIXED32 = 5;
  static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Base-128 varint, least significant group first; negative values take ten bytes. */
  void varint(long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  /** An int32, int64 or enum field. */
  ProtoWriter int64(int field, long value) {
    tag(field, VARINT);
    varint(value);
    return this;
  }

  ProtoWriter float32(int field, float value) {
    tag(field, FIXED32);
    int bits = Float.floatToRawIntBits(value);
    for (int k = 0; k < 4; k++) {
      out.write((bits >>> (8 * k)) & 0xFF);
    }
    return this;
  }

  ProtoWriter bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A nested message: its encoding as a length-delimited field. */
  ProtoWriter message(int field, byte[] encoded) {
    return bytes(field, encoded);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
