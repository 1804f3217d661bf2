package io.liquid4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder against bytes computed by hand from the protobuf encoding rules (tag = field
 * number &lt;&lt; 3 | wire type; varints little-endian base 128) and onnx.proto's field numbers.
 */
class OnnxProtoTest {
  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void varintsOfOneTwoAndTenBytes() {
    ProtoWriter w = new ProtoWriter();
    w.int64(1, 1); // tag 0x08, 1
    w.int64(2, 300); // tag 0x10, 300 = 0b10_0101100 -> 0xAC 0x02
    w.int64(3, -1); // tag 0x18, ten bytes: nine 0xFF then 0x01
    assertArrayEquals(
        bytes(0x08, 0x01, 0x10, 0xAC, 0x02, 0x18,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
        w.toByteArray());
  }

  @Test
  void stringsAndFloatsAreLengthDelimitedAndFixed32() {
    ProtoWriter w = new ProtoWriter();
    w.string(1, "ab"); // tag 0x0A, length 2, 'a' 'b'
    w.float32(2, 1.0f); // tag 0x15, 0x3F800000 little-endian
    assertArrayEquals(bytes(0x0A, 0x02, 0x61, 0x62, 0x15, 0x00, 0x00, 0x80, 0x3F),
        w.toByteArray());
  }

  @Test
  void tensorProtoWithDimsTypeNameAndRawData() {
    byte[] t = OnnxProto.tensor("w", OnnxProto.FLOAT, new long[] {2},
        OnnxProto.rawFloat32(new double[] {1.0, -2.0}));
    assertArrayEquals(
        bytes(
            0x08, 0x02, // dims = 2
            0x10, 0x01, // data_type = FLOAT
            0x42, 0x01, 0x77, // name (8 << 3 | 2 = 0x42) "w"
            0x4A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0), // raw_data (9): 1, -2
        t);
  }

  @Test
  void valueInfoWithFixedAndSymbolicDims() {
    byte[] v = OnnxProto.valueInfo("x", OnnxProto.DOUBLE, new Object[] {"B", 3});
    // dim {dim_param "B"} = 12 01 42; dim {dim_value 3} = 08 03
    byte[] shape = bytes(0x0A, 0x03, 0x12, 0x01, 0x42, 0x0A, 0x02, 0x08, 0x03);
    byte[] tensorType = concat(bytes(0x08, 0x0B, 0x12, shape.length), shape);
    byte[] type = concat(bytes(0x0A, tensorType.length), tensorType);
    byte[] expected = concat(bytes(0x0A, 0x01, 0x78, 0x12, type.length), type);
    assertArrayEquals(expected, v);
  }

  @Test
  void nodeWithAnIntAttribute() {
    byte[] attr = OnnxProto.intAttribute("axis", 1);
    // name "axis" (0A 04 ...), i = 1 (18 01), type INT = 2 (A0 01 02: field 20 is 0xA0 0x01)
    assertArrayEquals(bytes(0x0A, 0x04, 'a', 'x', 'i', 's', 0x18, 0x01, 0xA0, 0x01, 0x02), attr);
    byte[] node = OnnxProto.node("Concat", "n", List.of("a", "b"), List.of("c"), List.of(attr));
    byte[] expected = concat(
        bytes(0x0A, 0x01, 'a', 0x0A, 0x01, 'b', 0x12, 0x01, 'c', 0x1A, 0x01, 'n',
            0x22, 0x06, 'C', 'o', 'n', 'c', 'a', 't', 0x2A, attr.length),
        attr);
    assertArrayEquals(expected, node);
  }

  @Test
  void modelHeaderAndOpsetImport() {
    byte[] graph = bytes();
    byte[] m = OnnxProto.model(graph, "p", "v", "d");
    assertArrayEquals(
        bytes(0x08, 0x08, // ir_version 8
            0x12, 0x01, 'p', 0x1A, 0x01, 'v', 0x32, 0x01, 'd', // producer, version, doc (6)
            0x3A, 0x00, // graph (7), empty
            0x42, 0x04, 0x0A, 0x00, 0x10, 0x11), // opset_import (8): domain "", version 17
        m);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
