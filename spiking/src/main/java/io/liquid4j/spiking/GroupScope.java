package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Symbol;
import io.liquid4j.spiking.equations.ValueType;
import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Unit;
import io.liquid4j.spiking.units.Units;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The names a neuron group's code can use, looked up as Brian2 does: the group's variables first,
 * then the special names ({@code t}, {@code dt}, {@code i}, {@code N}, white noise {@code xi}
 * where allowed), the group's namespace of constants, units, and last {@code pi}, {@code e} and
 * {@code inf}.
 */
final class GroupScope implements io.liquid4j.spiking.equations.Scope {
  private final Map<String, Variable> variables;
  private final Map<String, Symbol> constants;
  private final int size;
  private final boolean noise;
  private final Map<String, TimedArray> functions;

  /**
   * @param noise whether white noise may appear (only in differential equations)
   */
  GroupScope(Map<String, Variable> variables, Map<String, Symbol> constants, int size,
      boolean noise, Map<String, TimedArray> functions) {
    this.variables = variables;
    this.constants = constants;
    this.size = size;
    this.noise = noise;
    this.functions = functions;
  }

  GroupScope withNoise(boolean allowed) {
    return new GroupScope(variables, constants, size, allowed, functions);
  }

  @Override
  public io.liquid4j.spiking.equations.UserFunction function(String name) {
    TimedArray f = functions.get(name);
    return f == null ? null : f.signature(name);
  }

  /** The functions (TimedArrays) of the namespace, by name. */
  Map<String, TimedArray> functions() {
    return functions;
  }

  @Override
  public Symbol lookup(String name) {
    Variable v = variables.get(name);
    if (v != null) {
      return v.symbol();
    }
    switch (name) {
      case "t" -> {
        return Symbol.special("t", Symbol.Kind.TIME, Dimension.TIME, ValueType.FLOAT);
      }
      case "dt" -> {
        return Symbol.special("dt", Symbol.Kind.TIMESTEP, Dimension.TIME, ValueType.FLOAT);
      }
      case "i" -> {
        return Symbol.special("i", Symbol.Kind.INDEX, Dimension.DIMENSIONLESS,
            ValueType.INTEGER);
      }
      case "N" -> {
        return new Symbol("N", Symbol.Kind.CONSTANT, Dimension.DIMENSIONLESS, ValueType.INTEGER,
            size, true);
      }
      default -> {
        // not special
      }
    }
    if (Symbol.isNoiseName(name)) {
      return noise ? Symbol.special(name, Symbol.Kind.NOISE, Symbol.noiseDimension(),
          ValueType.FLOAT) : null;
    }
    Symbol c = constants.get(name);
    if (c != null) {
      return c;
    }
    Unit u = Units.lookup(name).orElse(null);
    if (u != null) {
      return Symbol.constant(name, u.scale(), u.dimension());
    }
    return builtin(name);
  }

  static Symbol builtin(String name) {
    return switch (name) {
      case "pi" -> Symbol.constant("pi", Math.PI, Dimension.DIMENSIONLESS);
      case "e" -> Symbol.constant("e", Math.E, Dimension.DIMENSIONLESS);
      case "inf" -> Symbol.constant("inf", Double.POSITIVE_INFINITY, Dimension.DIMENSIONLESS);
      default -> null;
    };
  }

  @Override
  public Collection<String> names() {
    List<String> out = new ArrayList<>(variables.keySet());
    out.addAll(List.of("t", "dt", "i", "N"));
    out.addAll(constants.keySet());
    out.addAll(List.of("ms", "mV", "second", "volt", "amp", "nA", "siemens", "nS", "pF", "Hz"));
    return out;
  }
}
