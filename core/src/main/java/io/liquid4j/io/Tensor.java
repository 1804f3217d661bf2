package io.liquid4j.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named, typed n-dimensional array as stored in a safetensors file. Immutable and safe to share
 * between threads.
 *
 * <p>Values are held as doubles in row-major (C) order: for shape {@code [d0, d1, d2]} the element
 * {@code [i, j, k]} is {@code data[(i * d1 + j) * d2 + k]}. The {@link DType} says how the values
 * are stored in a file; it does not change the values held here (writing F32 rounds each value to
 * float at write time). A scalar has shape {@code []} and one element; a shape containing 0 has no
 * elements.
 *
 * <p>{@link #shape()} and {@link #data()} return copies; equality compares name, dtype, shape and
 * every value (with {@link Double#compare} semantics, so NaN equals NaN and 0.0 differs from -0.0).
 */
public final class Tensor {
  private final String name;
  private final DType dtype;
  private final int[] shape;
  private final double[] data; // (product(shape)) row-major

  /**
   * Creates a tensor. The arrays are copied.
   *
   * @param name the tensor's name in the file, e.g. "rnn_cell.gleak"
   * @param dtype how the values are stored in a file
   * @param shape dimensions, each {@code >= 0}; empty for a scalar. Not modified.
   * @param data values in row-major order, {@code product(shape)} of them. Not modified.
   * @throws IllegalArgumentException if a dimension is negative or the data length does not match
   */
  public Tensor(String name, DType dtype, int[] shape, double[] data) {
    this(name, dtype, shape.clone(), data.clone(), true);
  }

  /** Takes ownership of the arrays; for readers that have just allocated them. */
  private Tensor(String name, DType dtype, int[] shape, double[] data, boolean owned) {
    this.name = Objects.requireNonNull(name, "name");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    long count = elementCount(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + ", which holds "
              + count
              + " elements, but "
              + data.length
              + " values were given");
    }
    this.shape = shape;
    this.data = data;
  }

  /**
   * Creates an F32 tensor (values are rounded to float when written). Arrays are copied.
   *
   * @param name the tensor's name in the file
   * @param shape dimensions, each {@code >= 0}; empty for a scalar. Not modified.
   * @param data values in row-major order, {@code product(shape)} of them. Not modified.
   * @return the tensor
   * @throws IllegalArgumentException if a dimension is negative or the data length does not match
   */
  public static Tensor f32(String name, int[] shape, double[] data) {
    return new Tensor(name, DType.F32, shape, data);
  }

  /**
   * Creates an F64 tensor. Arrays are copied.
   *
   * @param name the tensor's name in the file
   * @param shape dimensions, each {@code >= 0}; empty for a scalar. Not modified.
   * @param data values in row-major order, {@code product(shape)} of them. Not modified.
   * @return the tensor
   * @throws IllegalArgumentException if a dimension is negative or the data length does not match
   */
  public static Tensor f64(String name, int[] shape, double[] data) {
    return new Tensor(name, DType.F64, shape, data);
  }

  /** For readers in this package: wraps freshly decoded arrays without copying them. */
  static Tensor wrap(String name, DType dtype, int[] shape, double[] data) {
    return new Tensor(name, dtype, shape, data, true);
  }

  /**
   * Number of elements a shape holds: the product of its dimensions (1 for a scalar).
   *
   * @throws IllegalArgumentException if a dimension is negative or the product exceeds {@link
   *     Integer#MAX_VALUE} (the most a Java array can hold)
   */
  static long elementCount(int[] shape) {
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      count *= d; // each factor <= 2^31 and the running product is checked below, so no overflow
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " holds more than 2^31-1 elements");
      }
    }
    return count;
  }

  /**
   * The tensor's name.
   *
   * @return the name in the file, e.g. "rnn_cell.gleak"
   */
  public String name() {
    return name;
  }

  /**
   * The element type used in files.
   *
   * @return the dtype
   */
  public DType dtype() {
    return dtype;
  }

  /**
   * The dimensions.
   *
   * @return a copy of the shape; empty for a scalar
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Number of dimensions.
   *
   * @return the rank, 0 for a scalar
   */
  public int rank() {
    return shape.length;
  }

  /**
   * Size of one dimension.
   *
   * @param axis 0..rank−1
   * @return the dimension's size
   * @throws ArrayIndexOutOfBoundsException if {@code axis} is out of range
   */
  public int dim(int axis) {
    return shape[axis];
  }

  /**
   * The values.
   *
   * @return a copy of the data, row-major
   */
  public double[] data() {
    return data.clone();
  }

  /**
   * Number of elements.
   *
   * @return the product of the dimensions: 1 for a scalar, 0 if any dimension is 0
   */
  public int size() {
    return data.length;
  }

  /** The values without copying, for writers in this package; callers must not modify them. */
  double[] rawData() {
    return data;
  }

  /**
   * The element at a flat row-major index, without copying the data.
   *
   * @param flatIndex 0..size−1
   * @return the value
   * @throws ArrayIndexOutOfBoundsException if the index is out of range
   */
  public double get(int flatIndex) {
    return data[flatIndex];
  }

  /**
   * Bytes the data takes in a file.
   *
   * @return {@code size() * dtype().byteSize()}
   */
  public long byteSize() {
    return (long) data.length * dtype.byteSize();
  }

  /**
   * Returns this tensor under another name (for renaming keys when importing).
   *
   * @param newName the new name
   * @return a tensor sharing this one's immutable values
   */
  public Tensor withName(String newName) {
    return new Tensor(newName, dtype, shape, data, true);
  }

  /**
   * Returns this tensor with another storage type; values are unchanged (rounding happens on
   * write).
   *
   * @param newType the dtype to store the values as
   * @return a tensor sharing this one's immutable values
   */
  public Tensor withDType(DType newType) {
    return new Tensor(name, newType, shape, data, true);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Tensor)) {
      return false;
    }
    Tensor other = (Tensor) o;
    return name.equals(other.name)
        && dtype == other.dtype
        && Arrays.equals(shape, other.shape)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  /**
   * Name, dtype, shape and the first few values, e.g. {@code Tensor[fc.bias F32 [2] 0.1, -0.3]}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor[").append(name).append(' ').append(dtype);
    sb.append(' ').append(Arrays.toString(shape));
    int shown = Math.min(data.length, 6);
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? " " : ", ").append(data[i]);
    }
    if (shown < data.length) {
      sb.append(", ... (").append(data.length).append(" values)");
    }
    return sb.append(']').toString();
  }
}
