package io.liquid4j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Encoders for the messages of onnx.proto that an exported model uses, with the field numbers of
 * that file (ONNX IR version 8). Each returns the encoded message; nesting is by {@link
 * ProtoWriter#message}.
 */
final class OnnxProto {
  /** ONNX IR version 8 (ONNX 1.10 to 1.12), which opset 17 may use. */
  static final long IR_VERSION = 8;

  /** The opset of the default domain every exported model imports. */
  static final long OPSET = 17;

  // TensorProto.DataType
  static final int FLOAT = 1;
  static final int INT64 = 7;
  static final int DOUBLE = 11;

  // AttributeProto.AttributeType
  static final int ATTR_FLOAT = 1;
  static final int ATTR_INT = 2;
  static final int ATTR_GRAPH = 5;
  static final int ATTR_INTS = 7;

  private OnnxProto() {}

  /** TensorProto with dims (1), data_type (2), name (8), raw_data (9). */
  static byte[] tensor(String name, int dataType, long[] dims, byte[] rawData) {
    ProtoWriter w = new ProtoWriter();
    for (long d : dims) {
      w.int64(1, d);
    }
    w.int64(2, dataType);
    w.string(8, name);
    w.bytes(9, rawData);
    return w.toByteArray();
  }

  /** Little-endian raw data of a float tensor (values rounded to float). */
  static byte[] rawFloat32(double[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putFloat((float) v);
    }
    return b.array();
  }

  /** Little-endian raw data of a double tensor. */
  static byte[] rawFloat64(double[] values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  /** Little-endian raw data of an int64 tensor. */
  static byte[] rawInt64(long[] values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  /**
   * ValueInfoProto name (1), type (2): TypeProto.tensor_type (1) = {elem_type (1), shape (2)};
   * TensorShapeProto.dim (1) = Dimension {dim_value (1) | dim_param (2)}. Each entry of {@code
   * dims} is a Long/Integer (a fixed size) or a String (a symbolic size, such as "batch"); null
   * dims leave the shape unspecified.
   */
  static byte[] valueInfo(String name, int elemType, Object[] dims) {
    ProtoWriter tensorType = new ProtoWriter();
    tensorType.int64(1, elemType);
    if (dims != null) {
      ProtoWriter shape = new ProtoWriter();
      for (Object d : dims) {
        ProtoWriter dim = new ProtoWriter();
        if (d instanceof String param) {
          dim.string(2, param);
        } else {
          dim.int64(1, ((Number) d).longValue());
        }
        shape.message(1, dim.toByteArray());
      }
      tensorType.message(2, shape.toByteArray());
    }
    ProtoWriter type = new ProtoWriter().message(1, tensorType.toByteArray());
    return new ProtoWriter().string(1, name).message(2, type.toByteArray()).toByteArray();
  }

  /** AttributeProto name (1), i (3), type (20). */
  static byte[] intAttribute(String name, long value) {
    return new ProtoWriter().string(1, name).int64(3, value).int64(20, ATTR_INT).toByteArray();
  }

  /** AttributeProto name (1), f (2), type (20). */
  static byte[] floatAttribute(String name, float value) {
    return new ProtoWriter().string(1, name).float32(2, value).int64(20, ATTR_FLOAT)
        .toByteArray();
  }

  /** AttributeProto name (1), ints (8), type (20). */
  static byte[] intsAttribute(String name, long... values) {
    ProtoWriter w = new ProtoWriter().string(1, name);
    for (long v : values) {
      w.int64(8, v);
    }
    return w.int64(20, ATTR_INTS).toByteArray();
  }

  /** AttributeProto name (1), g (6), type (20). */
  static byte[] graphAttribute(String name, byte[] graph) {
    return new ProtoWriter().string(1, name).message(6, graph).int64(20, ATTR_GRAPH)
        .toByteArray();
  }

  /** NodeProto input (1), output (2), name (3), op_type (4), attribute (5). */
  static byte[] node(String opType, String name, List<String> inputs, List<String> outputs,
      List<byte[]> attributes) {
    ProtoWriter w = new ProtoWriter();
    for (String in : inputs) {
      w.string(1, in);
    }
    for (String out : outputs) {
      w.string(2, out);
    }
    w.string(3, name);
    w.string(4, opType);
    for (byte[] a : attributes) {
      w.message(5, a);
    }
    return w.toByteArray();
  }

  /**
   * GraphProto node (1), name (2), initializer (5), doc_string (10), input (11), output (12).
   */
  static byte[] graph(String name, List<byte[]> nodes, List<byte[]> initializers,
      List<byte[]> inputs, List<byte[]> outputs, String docString) {
    ProtoWriter w = new ProtoWriter();
    for (byte[] n : nodes) {
      w.message(1, n);
    }
    w.string(2, name);
    for (byte[] t : initializers) {
      w.message(5, t);
    }
    if (docString != null && !docString.isEmpty()) {
      w.string(10, docString);
    }
    for (byte[] v : inputs) {
      w.message(11, v);
    }
    for (byte[] v : outputs) {
      w.message(12, v);
    }
    return w.toByteArray();
  }

  /**
   * ModelProto ir_version (1), producer_name (2), producer_version (3), doc_string (6), graph
   * (7), opset_import (8) = OperatorSetIdProto {domain (1) "", version (2)}.
   */
  static byte[] model(byte[] graph, String producerName, String producerVersion,
      String docString) {
    ProtoWriter opset = new ProtoWriter().string(1, "").int64(2, OPSET);
    ProtoWriter w = new ProtoWriter();
    w.int64(1, IR_VERSION);
    w.string(2, producerName);
    w.string(3, producerVersion);
    w.string(6, docString);
    w.message(7, graph);
    w.message(8, opset.toByteArray());
    return w.toByteArray();
  }
}
