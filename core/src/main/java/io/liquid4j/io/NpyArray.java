package io.liquid4j.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * An array read from a NumPy .npy file. Immutable and safe to share between threads: the arrays
 * are copied on the way in and out.
 *
 * @param shape dimensions, each {@code >= 0}; empty for a scalar
 * @param data values in row-major (C) order, {@code product(shape)} of them, converted to double
 * @param dtype the file's NumPy {@code descr}, e.g. {@code "<f4"}, {@code "|u1"}
 */
public record NpyArray(int[] shape, double[] data, String dtype) {
  /**
   * Validates and copies.
   *
   * @param shape dimensions, each {@code >= 0}; copied
   * @param data values in row-major order, {@code product(shape)} of them; copied
   * @param dtype the NumPy {@code descr}, not null
   * @throws IllegalArgumentException if a dimension is negative or the data length does not match
   */
  public NpyArray {
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
    data = data.clone();
    long count = Tensor.elementCount(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " holds "
              + count
              + " elements, but "
              + data.length
              + " values were given");
    }
  }

  /**
   * The dimensions.
   *
   * @return a copy of the shape; empty for a scalar
   */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * The values.
   *
   * @return a copy of the data, row-major
   */
  @Override
  public double[] data() {
    return data.clone();
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
   * Number of elements.
   *
   * @return the product of the dimensions: 1 for a scalar, 0 if any dimension is 0
   */
  public int size() {
    return data.length;
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

  /** Content equality: same shape, same dtype string and the same values (NaN equals NaN). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NpyArray)) {
      return false;
    }
    NpyArray other = (NpyArray) o;
    return dtype.equals(other.dtype)
        && Arrays.equals(shape, other.shape)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  /** Dtype, shape and the first few values. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("NpyArray[").append(dtype).append(' ');
    sb.append(Arrays.toString(shape));
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
