package io.liquid4j.spiking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records variables of chosen neurons every step, as Brian2's {@code StateMonitor}: at the start
 * of the step, so each value is the one before that step's update, stamped with the step's time.
 * Values are SI doubles; subexpressions and conditions (1 or 0) can be recorded too.
 *
 * <pre>{@code
 * StateMonitor trace = new StateMonitor(group, "v", 0, 50, 99);
 * net.add(group, trace);
 * net.run("100*ms");
 * double[] t = trace.t();                  // seconds
 * double[] v99 = trace.trace("v", 99);     // one value per step
 * double[][] v = trace.values("v");        // [recorded neuron][step]
 * }</pre>
 */
public final class StateMonitor extends NetworkObject {
  private final Group source;
  private final NeuronGroup owner;
  private final String[] variables;
  private final int[] indices;
  private final int[] elements;
  private final NeuronGroup.Reader[] readers;
  private final DoubleList times = new DoubleList();
  /** Per variable: [step][recorded neuron], row-major. */
  private final Map<String, DoubleList> values = new LinkedHashMap<>();

  /**
   * Records {@code variable} of the neurons {@code indices} (at least one).
   *
   * @param source the group
   * @param variable the variable to record
   * @param indices the neurons, as indices of the source
   */
  public StateMonitor(Group source, String variable, int... indices) {
    this(source, new String[] {variable}, indices);
  }

  /**
   * Records several variables of the neurons {@code indices} (at least one).
   *
   * @param source the group
   * @param variables the variables to record
   * @param indices the neurons, as indices of the source
   */
  public StateMonitor(Group source, String[] variables, int[] indices) {
    this.owner = Groups.owner(source);
    this.source = source;
    if (variables == null || variables.length == 0) {
      throw new IllegalArgumentException("state monitor: expected at least one variable, "
          + "found none");
    }
    if (indices == null || indices.length == 0) {
      throw new IllegalArgumentException("state monitor of " + source.name() + ": expected the "
          + "neurons to record, found none (StateMonitor.all records every neuron)");
    }
    this.variables = variables.clone();
    this.indices = indices.clone();
    this.elements = new int[indices.length];
    int offset = Groups.offset(source);
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= source.size()) {
        throw new IllegalArgumentException("state monitor of " + source.name() + ": expected "
            + "neuron indices in [0, " + source.size() + "), found " + indices[k]);
      }
      elements[k] = offset + indices[k];
    }
    this.readers = new NeuronGroup.Reader[variables.length];
    for (int v = 0; v < variables.length; v++) {
      if (values.put(variables[v], new DoubleList()) != null) {
        throw new IllegalArgumentException("state monitor: variable " + variables[v]
            + " given twice");
      }
      readers[v] = owner.reader(variables[v]);
    }
  }

  /**
   * Records {@code variables} of every neuron of {@code source}.
   *
   * @param source the group
   * @param variables the variables to record
   * @return a new monitor of every neuron
   */
  public static StateMonitor all(Group source, String... variables) {
    int[] every = new int[source.size()];
    Arrays.setAll(every, k -> k);
    return new StateMonitor(source, variables, every);
  }

  @Override
  public String name() {
    return "statemonitor of " + source.name();
  }

  /**
   * The group recorded.
   *
   * @return the source
   */
  public Group source() {
    return source;
  }

  /**
   * The neurons recorded, as indices of the source.
   *
   * @return a new array of the indices
   */
  public int[] indices() {
    return indices.clone();
  }

  /**
   * The time of each recorded step, in seconds.
   *
   * @return a new array of one time per recorded step
   */
  public double[] t() {
    return times.toArray();
  }

  /**
   * All recorded values of {@code variable}: [recorded neuron][step], SI.
   *
   * @param variable a recorded variable
   * @return a new array per recorded neuron of its values
   */
  public double[][] values(String variable) {
    DoubleList list = list(variable);
    int steps = times.size();
    double[][] out = new double[indices.length][steps];
    for (int s = 0; s < steps; s++) {
      for (int k = 0; k < indices.length; k++) {
        out[k][s] = list.get(s * indices.length + k);
      }
    }
    return out;
  }

  /**
   * The recorded values of {@code variable} for one neuron (an index of the source).
   *
   * @param variable a recorded variable
   * @param neuron a recorded neuron, as an index of the source
   * @return a new array of its values, one per recorded step, SI
   * @throws IllegalArgumentException if the neuron is not recorded
   */
  public double[] trace(String variable, int neuron) {
    DoubleList list = list(variable);
    int column = -1;
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] == neuron) {
        column = k;
        break;
      }
    }
    if (column < 0) {
      throw new IllegalArgumentException("trace: neuron " + neuron + " is not recorded (recorded: "
          + Arrays.toString(indices.length > 10 ? Arrays.copyOf(indices, 10) : indices)
          + (indices.length > 10 ? " ..." : "") + ")");
    }
    double[] out = new double[times.size()];
    for (int s = 0; s < out.length; s++) {
      out[s] = list.get(s * indices.length + column);
    }
    return out;
  }

  private DoubleList list(String variable) {
    DoubleList list = values.get(variable);
    if (list == null) {
      throw new IllegalArgumentException("state monitor: variable '" + variable + "' is not "
          + "recorded (recorded: " + String.join(", ", variables) + ")");
    }
    return list;
  }

  @Override
  List<Action> actions() {
    return List.of(new Action(Slot.START, 0, (step, t, dt) -> record(t, dt)));
  }

  private void record(double t, double dt) {
    times.add(t);
    for (int v = 0; v < variables.length; v++) {
      DoubleList list = values.get(variables[v]);
      NeuronGroup.Reader reader = readers[v];
      for (int element : elements) {
        list.add(reader.read(element, t, dt));
      }
    }
  }

  @Override
  List<NetworkObject> sources() {
    return List.of(owner);
  }

  private record State(double[] times, List<double[]> values) {}

  @Override
  Object snapshot() {
    List<double[]> v = new ArrayList<>();
    for (DoubleList list : values.values()) {
      v.add(list.toArray());
    }
    return new State(times.toArray(), v);
  }

  @Override
  void restore(Object snapshot) {
    State s = (State) snapshot;
    times.restore(s.times());
    int k = 0;
    for (DoubleList list : values.values()) {
      list.restore(s.values().get(k++));
    }
  }
}
