package io.liquid4j.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of an optimizer's mutable state, enough to resume training bit for bit: the number
 * of steps taken, the current learning rate, and named per-parameter buffers (each the size of the
 * parameter layout; frozen positions stay 0). Buffer names are PyTorch's state keys ({@code
 * exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq}, {@code momentum_buffer}, {@code
 * square_avg}, {@code grad_avg}).
 *
 * <p>Other hyperparameters are not part of the state: restore into an optimizer built with the
 * same ones (its {@code toString()} is worth saving next to a checkpoint).
 *
 * <p>The record copies its arrays on the way in and out, so a snapshot never changes: immutable
 * and safe to share between threads. Serializable (its serialized form is its four components).
 *
 * @serial exclude
 * @param optimizer the optimizer's {@link Optimizer#name()}, checked on restore
 * @param step number of completed {@code step} calls (PyTorch's {@code state['step']})
 * @param learningRate the learning rate at the time of the snapshot
 * @param buffers name → (layout size) values
 */
public record OptimizerState(
    String optimizer, long step, double learningRate, Map<String, double[]> buffers)
    implements Serializable {

  /**
   * Checks the components and copies every buffer.
   *
   * @param optimizer the optimizer's {@link Optimizer#name()}
   * @param step number of completed steps, ≥ 0
   * @param learningRate the learning rate at the time of the snapshot
   * @param buffers name → (layout size) values; copied
   * @throws NullPointerException for a null name, map, buffer name or buffer
   * @throws IllegalArgumentException for a negative step
   */
  public OptimizerState {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(buffers, "buffers");
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : buffers.entrySet()) {
      copy.put(
          Objects.requireNonNull(e.getKey(), "buffer name"),
          Objects.requireNonNull(e.getValue(), "buffer " + e.getKey()).clone());
    }
    buffers = copy;
  }

  /** {@return a deep copy of the buffers, name → (layout size) values, in insertion order} */
  @Override
  public Map<String, double[]> buffers() {
    Map<String, double[]> copy = new LinkedHashMap<>();
    buffers.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  /**
   * One buffer.
   *
   * @param name the buffer's name, such as {@code exp_avg}
   * @return a copy of its (layout size) values
   * @throws IllegalArgumentException when there is no buffer of that name (listing those present)
   */
  public double[] buffer(String name) {
    double[] b = buffers.get(name);
    if (b == null) {
      throw new IllegalArgumentException(
          "no buffer named '" + name + "' (present: " + String.join(", ", buffers.keySet()) + ")");
    }
    return b.clone();
  }

  /**
   * Checks that this snapshot was taken from an optimizer of that name with exactly these buffers,
   * each of {@code size} values, before an optimizer copies them back.
   */
  void checkRestorable(String name, int size, String... bufferNames) {
    if (!optimizer.equals(name)) {
      throw new IllegalArgumentException(
          "state: saved by optimizer '" + optimizer + "', cannot restore into '" + name + "'");
    }
    if (!buffers.keySet().equals(new LinkedHashSet<>(Arrays.asList(bufferNames)))) {
      throw new IllegalArgumentException(
          "state: has buffers " + buffers.keySet() + " but this " + name + " expects "
              + Arrays.toString(bufferNames) + " (were the hyperparameters the same?)");
    }
    for (Map.Entry<String, double[]> e : buffers.entrySet()) {
      if (e.getValue().length != size) {
        throw new IllegalArgumentException(
            "state: buffer '" + e.getKey() + "' has " + e.getValue().length
                + " values but the parameter layout has " + size);
      }
    }
    if (!(learningRate >= 0) || learningRate == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "state: learningRate must be finite and >= 0, got " + learningRate);
    }
  }

  /** Copies buffer {@code name} into {@code target} (no defensive copy needed). */
  void copyInto(String name, double[] target) {
    System.arraycopy(buffers.get(name), 0, target, 0, target.length);
  }

  /** Equal when the name, step, learning rate and every buffer value are equal. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OptimizerState)) {
      return false;
    }
    OptimizerState other = (OptimizerState) o;
    if (!optimizer.equals(other.optimizer)
        || step != other.step
        || Double.compare(learningRate, other.learningRate) != 0
        || !buffers.keySet().equals(other.buffers.keySet())) {
      return false;
    }
    for (Map.Entry<String, double[]> e : buffers.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.buffers.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(optimizer, step, learningRate);
    for (Map.Entry<String, double[]> e : buffers.entrySet()) {
      h = 31 * h + e.getKey().hashCode() + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("OptimizerState[optimizer=" + optimizer + ", step=" + step
        + ", learningRate=" + learningRate + ", buffers={");
    String sep = "";
    for (Map.Entry<String, double[]> e : buffers.entrySet()) {
      s.append(sep).append(e.getKey()).append(": ").append(e.getValue().length).append(" values");
      sep = ", ";
    }
    return s.append("}]").toString();
  }
}
