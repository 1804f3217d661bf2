package io.liquid4j.model;

/**
 * What a forward pass returns: the outputs, (B, L, O) with {@code return_sequences} or (B, O)
 * without, and the final state. Immutable and safe to share between threads: the arrays are
 * copied in and out.
 *
 * @param outputs flat row-major outputs
 * @param shape their shape: {B, L, O} or {B, O}
 * @param finalState the state after the last step
 */
public record SequenceOutput(double[] outputs, int[] shape, ModelState finalState) {
  /**
   * Copies the arrays.
   *
   * @param outputs flat row-major outputs; copied
   * @param shape their shape; copied
   * @param finalState the state after the last step
   */
  public SequenceOutput {
    outputs = outputs.clone();
    shape = shape.clone();
  }

  /**
   * The outputs.
   *
   * @return a copy of the flat row-major outputs, shaped as {@link #shape()}
   */
  @Override
  public double[] outputs() {
    return outputs.clone();
  }

  /**
   * The outputs' shape.
   *
   * @return a copy: {B, L, O} with {@code return_sequences}, {B, O} without
   */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Output of sample b at step t (with return_sequences) as an array of O values.
   *
   * @param b the sample, 0..B−1
   * @param t the step, 0..L−1
   * @return a new array of the O outputs
   * @throws IllegalStateException if the outputs hold only the last step (no return_sequences);
   *     {@link #last(int)} reads those
   * @throws IndexOutOfBoundsException if b or t lies outside the outputs
   */
  public double[] at(int b, int t) {
    if (shape.length != 3) {
      throw new IllegalStateException("outputs hold only the last step; use last(b)");
    }
    java.util.Objects.checkIndex(b, shape[0]);
    java.util.Objects.checkIndex(t, shape[1]);
    int o = shape[2];
    double[] r = new double[o];
    System.arraycopy(outputs, (b * shape[1] + t) * o, r, 0, o);
    return r;
  }

  /**
   * Output of sample b at its last step, whether the outputs hold every step or only the last.
   *
   * @param b the sample, 0..B−1
   * @return a new array of the O outputs
   * @throws IndexOutOfBoundsException if b lies outside the outputs
   */
  public double[] last(int b) {
    java.util.Objects.checkIndex(b, shape[0]);
    return shape.length == 3 ? at(b, shape[1] - 1) : java.util.Arrays.copyOfRange(
        outputs, b * shape[1], (b + 1) * shape[1]);
  }
}
