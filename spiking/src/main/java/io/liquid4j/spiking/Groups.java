package io.liquid4j.spiking;

/** Where a {@link Group} sits in the neuron group that owns it. */
final class Groups {
  private Groups() {}

  static NeuronGroup owner(Group g) {
    if (g == null) {
      throw new IllegalArgumentException("group: expected a group, found null");
    }
    return g instanceof Subgroup s ? s.parent() : (NeuronGroup) g;
  }

  static int offset(Group g) {
    return g instanceof Subgroup s ? s.from() : 0;
  }
}
