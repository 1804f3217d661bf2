package io.liquid4j.spiking;

/** Where a {@link Group} or other {@link SpikeSource} sits in the object that owns it. */
final class Groups {
  private Groups() {}

  static NeuronGroup owner(Group g) {
    if (g == null) {
      throw new IllegalArgumentException("group: expected a group, found null");
    }
    return g instanceof Subgroup s ? s.parent() : (NeuronGroup) g;
  }

  static int offset(SpikeSource g) {
    return g instanceof Subgroup s ? s.from() : 0;
  }

  /** The spikes of the object that emits for {@code s}, in that object's numbering. */
  static SpikeBuffer buffer(SpikeSource s) {
    if (checked(s) instanceof Group g) {
      return owner(g).spikeBuffer();
    }
    return s instanceof PoissonGroup p ? p.group().spikeBuffer()
        : ((SpikeGeneratorGroup) s).spikeBuffer();
  }

  /** The object that must be in the network for {@code s} to emit. */
  static NetworkObject object(SpikeSource s) {
    return checked(s) instanceof Group g ? owner(g) : (NetworkObject) s;
  }

  /** The neuron group holding the variables of {@code s}, or null if it has none. */
  static NeuronGroup variables(SpikeSource s) {
    if (checked(s) instanceof Group g) {
      return owner(g);
    }
    return s instanceof PoissonGroup p ? p.group() : null;
  }

  private static SpikeSource checked(SpikeSource s) {
    if (s == null) {
      throw new IllegalArgumentException("source: expected a group or input, found null");
    }
    return s;
  }
}
