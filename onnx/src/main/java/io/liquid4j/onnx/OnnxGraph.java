package io.liquid4j.onnx;

import io.liquid4j.cell.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A graph under construction, one helper per ONNX operator, each returning the name of the value
 * it computes, so that the code that builds a step reads like the step's equations:
 *
 * <pre>{@code
 * String gate = g.sigmoid(g.add(g.mul(ta, dt), tb)); // σ(t_a·Δt + t_b)
 * }</pre>
 *
 * Every value is a tensor of the export precision (float or double), except the int64 index
 * tensors some operators take. Constants are initializers of the top-level graph, rounded to the
 * export precision once; a {@link #subgraph() subgraph} (the body of a Scan) reads them from the
 * outer scope, so the step's weights are stored once whichever form is exported. Value names are
 * unique across the whole model (the subgraph shares its parent's counter).
 */
final class OnnxGraph {
  private final OnnxGraph root;
  private final Precision precision;
  private final List<byte[]> nodes = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();
  private final List<byte[]> inputs = new ArrayList<>();
  private final List<byte[]> outputs = new ArrayList<>();
  private final java.util.Set<String> names = new java.util.HashSet<>();
  private final java.util.Map<Double, String> scalars = new java.util.HashMap<>();
  private int counter;

  /** A top-level graph whose values and constants are of {@code precision}. */
  OnnxGraph(Precision precision) {
    this.root = null;
    this.precision = precision;
  }

  private OnnxGraph(OnnxGraph parent) {
    this.root = parent.top();
    this.precision = parent.precision;
  }

  private OnnxGraph top() {
    return root != null ? root : this;
  }

  /** A graph for the body of a control-flow node, whose constants go to this graph's root. */
  OnnxGraph subgraph() {
    return new OnnxGraph(this);
  }

  Precision precision() {
    return precision;
  }

  /** The TensorProto data type of this graph's real values. */
  int elemType() {
    return precision == Precision.FLOAT32 ? OnnxProto.FLOAT : OnnxProto.DOUBLE;
  }

  /** A fresh name from {@code hint}, unique in the whole model. */
  String fresh(String hint) {
    OnnxGraph t = top();
    String name = hint;
    while (!t.names.add(name)) {
      name = hint + "_" + (++t.counter);
    }
    return name;
  }

  // ------------------------------------------------------------------------ inputs and outputs

  /** Declares a real graph input; dims are Integer sizes or String symbolic sizes. */
  String input(String name, Object... dims) {
    top().names.add(name);
    inputs.add(OnnxProto.valueInfo(name, elemType(), dims));
    return name;
  }

  /** Declares {@code value} as the graph output {@code name} (through an Identity if renamed). */
  void output(String name, String value, Object... dims) {
    if (!name.equals(value)) {
      top().names.add(name);
      nodes.add(OnnxProto.node("Identity", fresh("node"), List.of(value), List.of(name),
          List.of()));
    }
    outputs.add(OnnxProto.valueInfo(name, elemType(), dims));
  }

  // ----------------------------------------------------------------------------------- constants

  /** A constant of the export precision with the given shape, named after {@code hint}. */
  String constant(String hint, double[] values, long... dims) {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          hint + ": " + values.length + " values for shape " + Arrays.toString(dims));
    }
    OnnxGraph t = top();
    String name = fresh(hint);
    byte[] raw = precision == Precision.FLOAT32
        ? OnnxProto.rawFloat32(values) : OnnxProto.rawFloat64(values);
    t.initializers.add(OnnxProto.tensor(name, elemType(), dims, raw));
    return name;
  }

  /** A scalar constant (shape []), which broadcasts against any tensor. */
  String scalar(double value) {
    OnnxGraph t = top();
    String known = t.scalars.get(value);
    if (known != null) {
      return known;
    }
    String hint = "c_" + Double.toString(value).replace('-', 'm').replace('.', 'p');
    String name = constant(hint, new double[] {value});
    t.scalars.put(value, name);
    return name;
  }

  /** A 1-D int64 constant (axes, indices, slice bounds). */
  String int64s(String hint, long... values) {
    OnnxGraph t = top();
    String name = fresh(hint);
    t.initializers.add(OnnxProto.tensor(name, OnnxProto.INT64, new long[] {values.length},
        OnnxProto.rawInt64(values)));
    return name;
  }

  /** A 0-D int64 constant. */
  String int64Scalar(String hint, long value) {
    OnnxGraph t = top();
    String name = fresh(hint);
    t.initializers.add(OnnxProto.tensor(name, OnnxProto.INT64, new long[0],
        OnnxProto.rawInt64(new long[] {value})));
    return name;
  }

  // ----------------------------------------------------------------------------------- operators

  /** A node with one output, named after the operator. */
  String op(String type, List<String> in, byte[]... attributes) {
    String out = fresh(type.toLowerCase(java.util.Locale.ROOT));
    nodes.add(OnnxProto.node(type, fresh("node"), in, List.of(out), List.of(attributes)));
    return out;
  }

  /** A node with the given outputs (named by the caller, made unique). */
  List<String> op(String type, List<String> in, List<String> outHints, byte[]... attributes) {
    List<String> out = new ArrayList<>();
    for (String h : outHints) {
      out.add(fresh(h));
    }
    nodes.add(OnnxProto.node(type, fresh("node"), in, out, List.of(attributes)));
    return out;
  }

  String add(String a, String b) {
    return op("Add", List.of(a, b));
  }

  String sub(String a, String b) {
    return op("Sub", List.of(a, b));
  }

  String mul(String a, String b) {
    return op("Mul", List.of(a, b));
  }

  String div(String a, String b) {
    return op("Div", List.of(a, b));
  }

  String neg(String a) {
    return op("Neg", List.of(a));
  }

  String abs(String a) {
    return op("Abs", List.of(a));
  }

  String exp(String a) {
    return op("Exp", List.of(a));
  }

  String sigmoid(String a) {
    return op("Sigmoid", List.of(a));
  }

  String tanh(String a) {
    return op("Tanh", List.of(a));
  }

  String relu(String a) {
    return op("Relu", List.of(a));
  }

  String erf(String a) {
    return op("Erf", List.of(a));
  }

  String matMul(String a, String b) {
    return op("MatMul", List.of(a, b));
  }

  /** x·Wᵀ + b for x (B, in), W (out, in) as PyTorch stores it, b (out); b may be null. */
  String linear(String x, String w, String b) {
    List<String> in = b != null ? List.of(x, w, b) : List.of(x, w);
    return op("Gemm", in, OnnxProto.intAttribute("transB", 1));
  }

  /** Concatenation along {@code axis}. */
  String concat(int axis, String... parts) {
    return op("Concat", List.of(parts), OnnxProto.intAttribute("axis", axis));
  }

  /** x[..., start:end, ...] along {@code axis}. */
  String slice(String x, int axis, long start, long end) {
    return op("Slice", List.of(x, int64s("starts", start), int64s("ends", end),
        int64s("axes", axis)));
  }

  /** x with new axes of size 1 inserted at {@code axes}. */
  String unsqueeze(String x, long... axes) {
    return op("Unsqueeze", List.of(x, int64s("axes", axes)));
  }

  /** Sum over {@code axis}, which is dropped. */
  String reduceSum(String x, long axis) {
    return op("ReduceSum", List.of(x, int64s("axes", axis)),
        OnnxProto.intAttribute("keepdims", 0));
  }

  /** x[..., index, ...] along {@code axis} (index may be negative), dropping the axis. */
  String gather(String x, long index, int axis) {
    return op("Gather", List.of(x, int64Scalar("index", index)),
        OnnxProto.intAttribute("axis", axis));
  }

  // ------------------------------------------------------------------------------------ encoding

  /** The GraphProto of this graph. */
  byte[] encode(String name, String docString) {
    return OnnxProto.graph(name, nodes, initializers, inputs, outputs, docString);
  }
}
