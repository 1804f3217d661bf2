package io.liquid4j.cli;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A batch of input sequences for a model from NumPy files, checked against the model: X (B, L, S)
 * and optionally T, the elapsed time of each step, (B, L) or (B, L, 1).
 *
 * @param x (B, L, S) flat
 * @param timespans (B, L) flat, or null for Δt = 1
 */
record NpyInputs(double[] x, int batch, int length, double[] timespans) {
  static NpyInputs read(SequenceModel model, Path input, Path timespans) throws IOException {
    NpyArray x = Npy.read(input);
    int[] xs = x.shape();
    if (xs.length != 3) {
      throw new FileFormatException(String.valueOf(input),
          "expected a 3-D array (batch, length, features), found shape " + Arrays.toString(xs));
    }
    if (xs[2] != model.inputSize()) {
      throw new FileFormatException(String.valueOf(input), "the model takes "
          + model.inputSize() + " features, found " + xs[2] + " (shape " + Arrays.toString(xs)
          + ")");
    }
    if (xs[0] < 1 || xs[1] < 1) {
      throw new FileFormatException(String.valueOf(input),
          "expected at least one sequence of one step, found shape " + Arrays.toString(xs));
    }
    double[] ts = null;
    if (timespans != null) {
      NpyArray t = Npy.read(timespans);
      int[] s = t.shape();
      boolean ok = (s.length == 2 || (s.length == 3 && s[2] == 1)) && s[0] == xs[0]
          && s[1] == xs[1];
      if (!ok) {
        throw new FileFormatException(String.valueOf(timespans), "expected shape (" + xs[0]
            + ", " + xs[1] + ") or (" + xs[0] + ", " + xs[1] + ", 1) to match the input, found "
            + Arrays.toString(s));
      }
      ts = t.data();
    }
    return new NpyInputs(x.data(), xs[0], xs[1], ts);
  }
}
