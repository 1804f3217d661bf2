package io.liquid4j.model;

/**
 * What a forward pass returns: the outputs, (B, L, O) with {@code return_sequences} or (B, O)
 * without, and the final state.
 *
 * @param outputs flat row-major outputs
 * @param shape their shape
 * @param finalState the state after the last step
 */
public record SequenceOutput(double[] outputs, int[] shape, ModelState finalState) {
  /** Copies the arrays. */
  public SequenceOutput {
    outputs = outputs.clone();
    shape = shape.clone();
  }

  @Override
  public double[] outputs() {
    return outputs.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Output of sample b at step t (with return_sequences) as an array of O values. */
  public double[] at(int b, int t) {
    if (shape.length != 3) {
      throw new IllegalStateException("outputs hold only the last step; use last(b)");
    }
    int o = shape[2];
    double[] r = new double[o];
    System.arraycopy(outputs, (b * shape[1] + t) * o, r, 0, o);
    return r;
  }
}
