package io.liquid4j.spiking;

import java.util.List;

/**
 * Something a {@link Network} runs: a {@link NeuronGroup}, {@link Synapses}, an input or a
 * monitor. Each contributes work to the parts of a time step ({@code groups},
 * {@code thresholds}, {@code resets} ...) and can save and restore its state. Only this package
 * defines kinds of object, so the hooks are package-private.
 */
public abstract class NetworkObject {
  /** The work an object does in one slot of each step. */
  record Action(Slot slot, int order, Step step) {}

  /** One slot's work at step {@code step}, time {@code t}. */
  @FunctionalInterface
  interface Step {
    void run(long step, double t, double dt);
  }

  NetworkObject() {}

  /**
   * The object's name, as messages use it.
   *
   * @return the name
   */
  public abstract String name();

  /** The work this object does each step. */
  abstract List<Action> actions();

  /** Called at the start of each run, after dt is known. */
  void beforeRun(Network network, double dt) {}

  /** Called at the end of each run and after a restore, with the network's time. */
  void afterRun(double t, double dt) {}

  /** Objects whose state this object reads, which must be in the same network. */
  List<NetworkObject> sources() {
    return List.of();
  }

  /** A copy of the object's state. */
  abstract Object snapshot();

  /** Puts back a state from {@link #snapshot()}. */
  abstract void restore(Object snapshot);

  /** Restarts the object's random streams from {@code seed}; nothing for objects without. */
  void seed(long seed) {}

  /** True if the object drew random numbers from a stream nobody seeded. */
  boolean drewUnseeded() {
    return false;
  }
}
