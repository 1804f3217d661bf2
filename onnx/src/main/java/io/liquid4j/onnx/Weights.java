package io.liquid4j.onnx;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.model.SequenceModel;
import java.util.function.DoubleUnaryOperator;

/**
 * A model's parameters as graph constants, under their ncps state_dict names (so that a reader of
 * the ONNX file finds {@code rnn_cell.ff1.weight} where ncps has it), in the layout and shape
 * liquid4j stores them.
 */
final class Weights {
  private final OnnxGraph graph;
  private final SequenceModel model;

  Weights(OnnxGraph graph, SequenceModel model) {
    this.graph = graph;
    this.model = model;
  }

  boolean has(String name) {
    return model.layout().contains(name);
  }

  long[] shape(String name) {
    int[] s = model.layout().entry(name).shape();
    long[] d = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      d[i] = s[i];
    }
    return d;
  }

  /** The tensor {@code name} as stored. */
  String get(String name) {
    return graph.constant(name, model.parameter(name), shape(name));
  }

  /**
   * The tensor {@code name} through {@code f}, element by element, computed here in float64 once
   * (as liquid4j's kernels compute softplus'd conductances once per parameter set), stored as
   * {@code name + suffix}.
   */
  String get(String name, String suffix, DoubleUnaryOperator f) {
    double[] v = model.parameter(name);
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(v[i]);
    }
    return graph.constant(name + suffix, v, shape(name));
  }

  /** The entries of the layout whose names start with {@code prefix}, in layout order. */
  java.util.List<ParameterLayout.Entry> entriesStartingWith(String prefix) {
    return model.layout().entries().stream().filter(e -> e.name().startsWith(prefix)).toList();
  }
}
