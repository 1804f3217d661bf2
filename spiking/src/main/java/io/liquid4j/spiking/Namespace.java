package io.liquid4j.spiking;

import io.liquid4j.spiking.units.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named constants and TimedArrays a model can use, as the builders of {@link NeuronGroup},
 * {@link Synapses} and {@link PoissonGroup} collect them: each name once, in the order given (a
 * constant may use the ones before it).
 */
final class Namespace {
  private final Map<String, Object> constants = new LinkedHashMap<>();
  private final Map<String, TimedArray> functions = new LinkedHashMap<>();

  /** A constant given as an expression ("10*ms") or a {@link Quantity}. */
  void constant(String name, Object value) {
    if (name == null || value == null) {
      throw new IllegalArgumentException("constant: expected a name and a value, found "
          + name + " and " + value);
    }
    if (constants.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("constant " + name + ": given twice");
    }
  }

  void constant(String name, double value) {
    constant(name, Quantity.of(value));
  }

  void function(String name, TimedArray values) {
    if (name == null || values == null) {
      throw new IllegalArgumentException("function: expected a name and a TimedArray, found "
          + name + " and " + values);
    }
    if (functions.putIfAbsent(name, values) != null) {
      throw new IllegalArgumentException("function " + name + ": given twice");
    }
  }

  /** The constants, in the order given (the map itself: callers do not modify it). */
  Map<String, Object> constants() {
    return constants;
  }

  Map<String, TimedArray> functions() {
    return functions;
  }
}
