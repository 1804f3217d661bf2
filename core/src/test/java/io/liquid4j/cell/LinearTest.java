package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batched kernels against the one-sample reference kernels on random inputs: equal bit for
 * bit, since they add the same terms in the same order.
 */
class LinearTest {
  @ParameterizedTest(name = "out {0}, in {1}, batch {2}, masked {3}")
  @CsvSource({"1, 1, 1, false", "3, 5, 2, true", "7, 9, 4, false", "17, 13, 7, true",
      "64, 72, 9, false", "5, 3, 32, true"})
  void batchedKernelsEqualTheReferenceBitForBit(int out, int in, int batch, boolean masked) {
    SplittableRandom r = new SplittableRandom(out * 31L + in * 7L + batch);
    int wOff = 3;
    int bOff = wOff + out * in + 2;
    double[] p = r.doubles(bOff + out + 1, -1, 1).toArray();
    double[] mask = masked ? new double[out * in] : null;
    if (masked) {
      for (int k = 0; k < mask.length; k++) {
        mask[k] = r.nextInt(3) == 0 ? 0 : 1;
      }
    }
    double[][] x = new double[batch][];
    double[][] dy = new double[batch][];
    for (int b = 0; b < batch; b++) {
      x[b] = r.doubles(in, -2, 2).toArray();
      dy[b] = r.doubles(out + 2, -1, 1).toArray(); // columns [2, 2 + out) are the gradient
    }

    // forward
    double[][] wt = new double[in][out];
    Linear.transpose(wt, 0, p, wOff, mask, out, in);
    double[] bias = java.util.Arrays.copyOfRange(p, bOff, bOff + out);
    double[][] y = new double[batch][out];
    Linear.forwardBatch(y, x, wt, bias, out, in, batch);
    for (int b = 0; b < batch; b++) {
      double[] expected = new double[out];
      Linear.forward(expected, x[b], 0, p, wOff, bOff, mask, out, in);
      assertArrayEquals(expected, y[b], 0.0, "forward, sample " + b);
    }

    // backward, adding to non-zero gradients
    double[] dPRef = r.doubles(p.length, -1, 1).toArray();
    double[] dP = dPRef.clone();
    double[][] dxRef = new double[batch][];
    double[][] dx = new double[batch][];
    for (int b = 0; b < batch; b++) {
      dxRef[b] = r.doubles(in, -1, 1).toArray();
      dx[b] = dxRef[b].clone();
      double[] g = java.util.Arrays.copyOfRange(dy[b], 2, 2 + out);
      Linear.backward(dxRef[b], dPRef, wOff, bOff, g, x[b], 0, p, mask, out, in);
    }
    double[][] maskRows = null;
    if (masked) {
      maskRows = new double[out][];
      for (int o = 0; o < out; o++) {
        maskRows[o] = java.util.Arrays.copyOfRange(mask, o * in, (o + 1) * in);
      }
    }
    double[][] w = new double[out][in];
    Linear.rows(w, p, wOff, mask, out, in);
    Linear.backwardBatch(dx, dP, wOff, bOff, dy, 2, x, w, maskRows, out, in, batch,
        new double[in]);
    assertArrayEquals(dPRef, dP, 0.0, "dP");
    for (int b = 0; b < batch; b++) {
      assertArrayEquals(dxRef[b], dx[b], 0.0, "dx, sample " + b);
    }
  }
}
