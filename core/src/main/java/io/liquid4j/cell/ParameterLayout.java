package io.liquid4j.cell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each named tensor lives in one flat {@code double[]} of parameters.
 *
 * <p>All parameters of a model sit in a single array (as in llm.c), so an optimizer is one loop and
 * a gradient has the same layout. Names are ncps's PyTorch state_dict keys ({@code
 * rnn_cell.gleak}, {@code rnn_cell.ff1.weight}, {@code lstm.input_map.bias}...), so a model file
 * can be read back into ncps. Entries marked not trainable are frozen buffers such as sparsity
 * masks: they are saved and checked, never updated.
 */
public final class ParameterLayout {

  /** One tensor: its name, shape (row-major) and first index in the flat array. */
  public record Entry(String name, int[] shape, int offset, boolean trainable) {
    /**
     * Copies the shape, so that the caller's array cannot change the entry.
     *
     * @param name the tensor's name, a state_dict key
     * @param shape its dimensions, row-major
     * @param offset its first index in the flat array
     * @param trainable false for a frozen buffer
     */
    public Entry {
      shape = shape.clone();
    }

    /**
     * Returns a copy of the shape.
     *
     * @return a new array of the dimensions
     */
    @Override
    public int[] shape() {
      return shape.clone();
    }

    /**
     * Number of values, the product of the shape.
     *
     * @return the product of the dimensions (1 for a scalar)
     */
    public int size() {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }

    /**
     * The shape written as {@code [a, b]}.
     *
     * @return e.g. {@code "[4, 8]"}
     */
    public String shapeString() {
      return Arrays.toString(shape);
    }
  }

  private final List<Entry> entries;
  private final Map<String, Entry> byName;
  private final int size;

  private ParameterLayout(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    Map<String, Entry> map = new LinkedHashMap<>();
    int total = 0;
    for (Entry e : entries) {
      if (map.put(e.name(), e) != null) {
        throw new IllegalArgumentException("duplicate parameter name '" + e.name() + "'");
      }
      total = Math.max(total, e.offset() + e.size());
    }
    this.byName = Collections.unmodifiableMap(map);
    this.size = total;
  }

  /**
   * Starts an empty layout.
   *
   * @return a new builder with no entries, placing the first at offset 0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The entries in order.
   *
   * @return the entries, unmodifiable, in increasing offset order
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Total number of values (trainable and frozen).
   *
   * @return the length of the flat array the layout spans
   */
  public int size() {
    return size;
  }

  /**
   * Number of trainable values.
   *
   * @return the number of values in trainable entries
   */
  public int trainableSize() {
    int n = 0;
    for (Entry e : entries) {
      n += e.trainable() ? e.size() : 0;
    }
    return n;
  }

  /**
   * Whether a tensor of this name exists.
   *
   * @param name a state_dict key
   * @return true if an entry has that name
   */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * The entry of that name.
   *
   * @param name a state_dict key
   * @return the entry
   * @throws IllegalArgumentException naming the missing parameter and the known ones
   */
  public Entry entry(String name) {
    Entry e = byName.get(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "no parameter named '" + name + "' (known: " + String.join(", ", byName.keySet()) + ")");
    }
    return e;
  }

  /**
   * Offset of the named tensor.
   *
   * @param name a state_dict key
   * @return the entry's first index in the flat array
   * @throws IllegalArgumentException if no entry has that name
   */
  public int offset(String name) {
    return entry(name).offset();
  }

  /**
   * This layout with every name prefixed and every offset shifted, for embedding one component's
   * layout into a model's.
   *
   * @param prefix prepended to every name
   * @param base added to every offset
   * @return a new layout
   */
  public ParameterLayout shifted(String prefix, int base) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(new Entry(prefix + e.name(), e.shape(), base + e.offset(), e.trainable()));
    }
    return new ParameterLayout(out);
  }

  /** Appends entries one after another. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();
    private int next;

    private Builder() {}

    /**
     * Adds a trainable tensor and returns its offset.
     *
     * @param name a state_dict key, unique in the layout
     * @param shape the dimensions, row-major
     * @return the tensor's first index in the flat array
     */
    public int add(String name, int... shape) {
      return add(name, true, shape);
    }

    /**
     * Adds a frozen buffer (saved, not trained) and returns its offset.
     *
     * @param name a state_dict key, unique in the layout
     * @param shape the dimensions, row-major
     * @return the buffer's first index in the flat array
     */
    public int addFrozen(String name, int... shape) {
      return add(name, false, shape);
    }

    private int add(String name, boolean trainable, int... shape) {
      Entry e = new Entry(name, shape, next, trainable);
      entries.add(e);
      next += e.size();
      return e.offset();
    }

    /**
     * Appends all entries of another layout under a prefix; returns the base offset.
     *
     * @param prefix prepended to every name of {@code other}
     * @param other the layout to append
     * @return the offset of {@code other}'s index 0 in this layout
     */
    public int addAll(String prefix, ParameterLayout other) {
      int base = next;
      entries.addAll(other.shifted(prefix, base).entries());
      next += other.size();
      return base;
    }

    /**
     * The finished layout.
     *
     * @return the layout of the entries added so far
     * @throws IllegalArgumentException if two entries have the same name
     */
    public ParameterLayout build() {
      return new ParameterLayout(entries);
    }
  }
}
