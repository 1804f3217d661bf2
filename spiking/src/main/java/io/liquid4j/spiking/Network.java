package io.liquid4j.spiking;

import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs groups and monitors together on one clock, as Brian2's {@code Network} (explicit: objects
 * are added, never collected from the surroundings). Each step runs Brian2's schedule: monitors
 * at the start, state updates, thresholds (and spike monitors), synapses, resets, and the end
 * (rate monitors). Runs continue where the last one stopped.
 *
 * <pre>{@code
 * Network net = new Network();          // dt = 0.1 ms
 * net.seed(42);                         // every random stream of the objects added
 * net.add(group, spikes);
 * group.set("v", "rand()");             // drawn from the seeded stream
 * net.store();                          // t, state, random streams, monitors
 * net.run("500*ms");
 * net.restore();                        // back to t = 0, bit for bit
 * net.dt("0.05*ms");
 * net.run(Quantity.parse("1*second"));
 * }</pre>
 */
public final class Network {
  private static final double EPSILON_DT = 1e-4;

  private final List<NetworkObject> objects = new ArrayList<>();
  private final Map<String, Snapshot> snapshots = new HashMap<>();
  private double dt = NeuronGroup.DEFAULT_DT;
  private long timestep;
  private Long seed;

  private record Snapshot(long timestep, double dt, List<NetworkObject> objects,
      List<Object> states) {}

  /** An empty network with Brian2's default dt of 0.1 ms. */
  public Network() {}

  /**
   * A network of {@code objects}.
   *
   * @param objects groups, synapses, monitors and inputs, as {@link #add} takes them
   */
  public Network(NetworkObject... objects) {
    add(objects);
  }

  /**
   * Adds objects. In a seeded network their random streams are seeded at once.
   *
   * @param objects groups, synapses, monitors and inputs
   * @throws IllegalArgumentException for an object added twice, or a group that has already
   *     drawn random numbers from an unseeded stream while the network is seeded
   */
  public void add(NetworkObject... objects) {
    for (NetworkObject o : objects) {
      if (o == null) {
        throw new IllegalArgumentException("add: expected network objects, found null");
      }
      for (NetworkObject existing : this.objects) {
        if (existing == o) {
          throw new IllegalArgumentException("add: " + o.name() + " is already in the network");
        }
      }
      if (seed != null) {
        requireNoUnseededDraws(o);
        o.seed(streamSeed(seed, this.objects.size()));
      }
      this.objects.add(o);
      o.afterRun(t().value(), dt);
    }
  }

  /**
   * The objects, in the order added.
   *
   * @return a new unmodifiable list of the objects
   */
  public List<NetworkObject> objects() {
    return List.copyOf(objects);
  }

  /**
   * Seeds every random stream of the objects (those added later too): rand() in initial values
   * set afterwards, in thresholds and resets, and white noise. The k-th object added gets a
   * stream derived from {@code seed} and k.
   *
   * @param seed the network's seed
   * @throws IllegalArgumentException if a group already drew random numbers from an unseeded
   *     stream, whose values the seed can no longer fix
   */
  public void seed(long seed) {
    for (NetworkObject o : objects) {
      requireNoUnseededDraws(o);
    }
    this.seed = seed;
    for (int k = 0; k < objects.size(); k++) {
      objects.get(k).seed(streamSeed(seed, k));
    }
  }

  private static void requireNoUnseededDraws(NetworkObject o) {
    if (o.drewUnseeded()) {
      throw new IllegalArgumentException("seed: " + o.name() + " already drew random numbers "
          + "(rand() or randn() in set) from an unseeded stream, so the seed cannot fix them; "
          + "seed the network and add the group before setting random values, or give the "
          + "group a seed with NeuronGroup.builder(...).seed(...)");
    }
  }

  private static long streamSeed(long seed, int index) {
    return RandomStream.mix(seed ^ RandomStream.mix(index + 0x632BE59BD9B4E019L));
  }

  /**
   * The time step.
   *
   * @return dt, 0.1 ms unless set
   */
  public Quantity dt() {
    return new Quantity(dt, Dimension.TIME);
  }

  /**
   * Sets the time step, e.g. {@code "0.05*ms"}; see {@link #dt(Quantity)}.
   *
   * @param dt a time expression
   */
  public void dt(String dt) {
    dt(Quantity.parse(dt));
  }

  /**
   * Sets the time step for the next runs.
   *
   * @param dt a positive time
   * @throws IllegalArgumentException if it is not a positive time, or the current time is not a
   *     whole number of the new steps
   */
  public void dt(Quantity dt) {
    if (!dt.dimension().equals(Dimension.TIME) || !(dt.value() > 0)
        || Double.isInfinite(dt.value())) {
      throw new IllegalArgumentException("dt: expected a positive time, found " + dt);
    }
    double t = timestep * this.dt;
    long steps = Math.round(t / dt.value());
    if (Math.abs(steps * dt.value() - t) > EPSILON_DT * dt.value()) {
      throw new IllegalArgumentException("dt: the current time " + t + " second is not a whole "
          + "number of steps of " + dt);
    }
    this.dt = dt.value();
    this.timestep = steps;
  }

  /**
   * The current time: the number of steps run times dt.
   *
   * @return the time, in seconds
   */
  public Quantity t() {
    return new Quantity(timestep * dt, Dimension.TIME);
  }

  /**
   * The number of steps run.
   *
   * @return the number of steps run since the start
   */
  public long timestep() {
    return timestep;
  }

  /**
   * Runs for {@code duration}, e.g. {@code "1*second"}; see {@link #run(Quantity)}.
   *
   * @param duration a time expression
   */
  public void run(String duration) {
    run(Quantity.parse(duration));
  }

  /**
   * Runs for {@code duration}, rounded to a whole number of steps as Brian2 does (to the nearest
   * step if within 0.01% of one, else up).
   *
   * @param duration a time ≥ 0
   * @throws IllegalArgumentException if it is not a time ≥ 0, or a monitor's group is not in the
   *     network
   */
  public void run(Quantity duration) {
    if (!duration.dimension().equals(Dimension.TIME) || !(duration.value() >= 0)
        || Double.isInfinite(duration.value())) {
      throw new IllegalArgumentException("run: expected a duration (a time >= 0), found "
          + duration);
    }
    Set<NetworkObject> present = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    present.addAll(objects);
    for (NetworkObject o : objects) {
      for (NetworkObject g : o.sources()) {
        if (!present.contains(g)) {
          throw new IllegalArgumentException("run: " + o.name() + " reads "
              + (g instanceof NeuronGroup ? "group " : "") + g.name()
              + ", which is not in the network; add it too");
        }
      }
    }
    long end = timestepOf(timestep * dt + duration.value());
    List<NetworkObject.Action> actions = new ArrayList<>();
    for (NetworkObject o : objects) {
      o.beforeRun(this, dt);
      actions.addAll(o.actions());
    }
    // Stable: objects in the same slot and order run in the order they were added.
    actions.sort(Comparator.comparing(NetworkObject.Action::slot)
        .thenComparingInt(NetworkObject.Action::order));
    NetworkObject.Step[] steps = new NetworkObject.Step[actions.size()];
    for (int k = 0; k < steps.length; k++) {
      steps[k] = actions.get(k).step();
    }
    for (long step = timestep; step < end; step++) {
      double t = step * dt;
      for (NetworkObject.Step s : steps) {
        s.run(step, t, dt);
      }
    }
    timestep = Math.max(timestep, end);
    for (NetworkObject o : objects) {
      o.afterRun(timestep * dt, dt);
    }
  }

  /** Brian2's Clock._calc_timestep: the nearest step if within 0.01% of it, else the next. */
  private long timestepOf(double t) {
    long nearest = Math.round(t / dt);
    if (Math.abs(nearest * dt - t) <= EPSILON_DT * dt) {
      return nearest;
    }
    return (long) Math.ceil(t / dt);
  }

  /** Stores the state under the name "default". */
  public void store() {
    store("default");
  }

  /**
   * Stores the whole state under {@code name}: the time, dt, every object's variables, random
   * streams and recorded data.
   *
   * @param name the name to store under, replacing an earlier store of that name
   */
  public void store(String name) {
    List<Object> states = new ArrayList<>();
    for (NetworkObject o : objects) {
      states.add(o.snapshot());
    }
    snapshots.put(name, new Snapshot(timestep, dt, List.copyOf(objects), states));
  }

  /** Restores the state stored as "default". */
  public void restore() {
    restore("default");
  }

  /**
   * Restores the state stored under {@code name}; the run that follows repeats the one after the
   * store bit for bit.
   *
   * @param name the name stored under
   * @throws IllegalArgumentException if nothing was stored under the name, or the network's
   *     objects changed since
   */
  public void restore(String name) {
    Snapshot s = snapshots.get(name);
    if (s == null) {
      throw new IllegalArgumentException("restore: nothing was stored as '" + name + "' (stored: "
          + String.join(", ", new java.util.TreeSet<>(snapshots.keySet())) + ")");
    }
    boolean same = s.objects().size() == objects.size();
    for (int k = 0; same && k < objects.size(); k++) {
      same = s.objects().get(k) == objects.get(k);
    }
    if (!same) {
      throw new IllegalArgumentException("restore '" + name + "': the network's objects changed "
          + "since it was stored (" + s.objects().size() + " then, " + objects.size() + " now)");
    }
    for (int k = 0; k < objects.size(); k++) {
      objects.get(k).restore(s.states().get(k));
    }
    timestep = s.timestep();
    dt = s.dt();
    for (NetworkObject o : objects) {
      o.afterRun(timestep * dt, dt);
    }
  }
}
