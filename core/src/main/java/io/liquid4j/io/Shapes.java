package io.liquid4j.io;

/**
 * How error messages write array shapes and positions, the way NumPy users read them: shapes as
 * Python tuples, {@code (7,)} or {@code (8, 16, 3)}, and a flat row-major position as its index
 * {@code [i, j, k]}.
 */
public final class Shapes {
  private Shapes() {}

  /**
   * Python's repr of a shape tuple.
   *
   * @param shape dimensions. Not modified.
   * @return {@code ()}, {@code (5,)}, {@code (2, 3)}
   */
  public static String repr(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(')').toString();
  }

  /**
   * The multi-dimensional index of a flat row-major position.
   *
   * @param flat the position, {@code >= 0}
   * @param shape dimensions. Not modified.
   * @return {@code [i, j, k]}
   */
  public static String index(long flat, int[] shape) {
    long[] idx = new long[shape.length];
    long rest = flat;
    for (int a = shape.length - 1; a >= 0; a--) {
      idx[a] = shape[a] == 0 ? 0 : rest % shape[a];
      rest = shape[a] == 0 ? rest : rest / shape[a];
    }
    StringBuilder sb = new StringBuilder("[");
    for (int a = 0; a < idx.length; a++) {
      sb.append(a == 0 ? "" : ", ").append(idx[a]);
    }
    return sb.append(']').toString();
  }
}
