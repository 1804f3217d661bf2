package io.liquid4j.cell;

import static io.liquid4j.cell.MathFunctions.sigmoid;

import java.util.random.RandomGenerator;

/**
 * The LSTM of ncps's mixed-memory wrapper ({@code ncps/torch/lstm.py}), which gives a liquid cell a
 * gated long-term memory c next to its state h.
 *
 * <pre>
 * z  = W_in·x + b_in + W_rec·h           z = [i | ig | fg | og], each N wide
 * c' = c·σ(fg + 1) + tanh(i)·σ(ig)        the +1 forget bias is fixed, as in ncps
 * h' = tanh(c')·σ(og)
 * </pre>
 *
 * Parameters: input_map.weight (4N, S), input_map.bias (4N), recurrent_map.weight (4N, N).
 */
public final class LstmCell {
  private final int inputs;
  private final int hidden;
  private final ParameterLayout layout;
  private final int oInW, oInB, oRecW;

  /**
   * Creates the LSTM for S inputs and N units.
   *
   * @param inputSize S, the number of input features
   * @param hiddenSize N, the number of units
   */
  public LstmCell(int inputSize, int hiddenSize) {
    this.inputs = inputSize;
    this.hidden = hiddenSize;
    ParameterLayout.Builder b = ParameterLayout.builder();
    oInW = b.add("input_map.weight", 4 * hiddenSize, inputSize);
    oInB = b.add("input_map.bias", 4 * hiddenSize);
    oRecW = b.add("recurrent_map.weight", 4 * hiddenSize, hiddenSize);
    layout = b.build();
  }

  /**
   * The parameter layout.
   *
   * @return input_map.weight (4N, S), input_map.bias (4N) and recurrent_map.weight (4N, N), in that
   *     order
   */
  public ParameterLayout layout() {
    return layout;
  }

  /**
   * Number of units N.
   *
   * @return N
   */
  public int hiddenSize() {
    return hidden;
  }

  /**
   * ncps init: xavier-uniform input weights, U(−0.1, 0.1) input bias, orthogonal recurrent weight.
   *
   * @param p parameter array. Modified.
   * @param pOff index in {@code p} of the LSTM's first parameter
   * @param rng source of randomness. Modified (advanced).
   */
  public void initParameters(double[] p, int pOff, RandomGenerator rng) {
    Linear.xavierUniform(p, pOff + oInW, 4 * hidden, inputs, rng);
    for (int i = 0; i < 4 * hidden; i++) {
      p[pOff + oInB + i] = -0.1 + 0.2 * rng.nextDouble();
    }
    orthogonal(p, pOff + oRecW, 4 * hidden, hidden, rng);
  }

  /** A (rows, cols) matrix with orthonormal columns (rows &gt;= cols), by Gram–Schmidt. */
  private static void orthogonal(double[] p, int off, int rows, int cols, RandomGenerator rng) {
    double[] q = new double[rows * cols];
    for (int c = 0; c < cols; c++) {
      for (int attempt = 0; ; attempt++) {
        for (int r = 0; r < rows; r++) {
          q[r * cols + c] = rng.nextGaussian();
        }
        for (int k = 0; k < c; k++) {
          double dot = 0;
          for (int r = 0; r < rows; r++) {
            dot += q[r * cols + c] * q[r * cols + k];
          }
          for (int r = 0; r < rows; r++) {
            q[r * cols + c] -= dot * q[r * cols + k];
          }
        }
        double norm = 0;
        for (int r = 0; r < rows; r++) {
          norm += q[r * cols + c] * q[r * cols + c];
        }
        norm = Math.sqrt(norm);
        if (norm > 1e-8 || attempt > 10) {
          for (int r = 0; r < rows; r++) {
            q[r * cols + c] /= norm;
          }
          break;
        }
      }
    }
    System.arraycopy(q, 0, p, off, q.length);
  }

  /**
   * One step for a batch.
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param pOff index in {@code p} of the LSTM's first parameter
   * @param x (B, S) inputs. Not modified.
   * @param h (B, N) hidden state. Not modified.
   * @param c (B, N) memory. Not modified.
   * @param batch B, the number of samples
   * @param hNext (B, N). Modified.
   * @param cNext (B, N). Modified.
   */
  public void step(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, double[] hNext,
      double[] cNext) {
    forward(p, pOff, x, h, c, batch, hNext, cNext, null);
  }

  /**
   * One step, recording the gate pre-activations z (B, 4N) in {@code tape} when it is not null.
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param pOff index in {@code p} of the LSTM's first parameter
   * @param x (B, S) inputs. Not modified.
   * @param h (B, N) hidden state. Not modified.
   * @param c (B, N) memory. Not modified.
   * @param batch B, the number of samples
   * @param hNext (B, N). Modified.
   * @param cNext (B, N). Modified.
   * @param tape (B, 4N) gate pre-activations, or null for inference. Modified.
   */
  public void forward(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, double[] hNext,
      double[] cNext, double[] tape) {
    int n = hidden;
    double[] z = new double[4 * n];
    double[] zRec = new double[4 * n];
    for (int b = 0; b < batch; b++) {
      Linear.forward(z, x, b * inputs, p, pOff + oInW, pOff + oInB, null, 4 * n, inputs);
      Linear.forward(zRec, h, b * n, p, pOff + oRecW, -1, null, 4 * n, n);
      for (int k = 0; k < 4 * n; k++) {
        z[k] += zRec[k];
      }
      if (tape != null) {
        System.arraycopy(z, 0, tape, b * 4 * n, 4 * n);
      }
      for (int j = 0; j < n; j++) {
        double cj = c[b * n + j] * sigmoid(z[2 * n + j] + 1.0) + MathFunctions.tanh(z[j]) * sigmoid(z[n + j]);
        cNext[b * n + j] = cj;
        hNext[b * n + j] = MathFunctions.tanh(cj) * sigmoid(z[3 * n + j]);
      }
    }
  }

  /**
   * Backward of one step: from dL/dh' and dL/dc' to the parameter gradients (added), dL/dx (B, S)
   * and dL/dh, dL/dc (B, N) (overwritten).
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param pOff index in {@code p} and {@code dP} of the LSTM's first parameter
   * @param x (B, S) inputs of the forward call. Not modified.
   * @param h (B, N) hidden state of the forward call. Not modified.
   * @param c (B, N) memory of the forward call. Not modified.
   * @param batch B, the number of samples
   * @param tape the z recorded by {@link #forward}
   * @param cNext the c' the forward step produced
   * @param dHNext (B, N) dL/dh'. Not modified.
   * @param dCNext (B, N) dL/dc'. Not modified.
   * @param dP gradient of the parameters at {@code dP[pOff...]}; ADDED to (+=). Modified.
   * @param dX (B, S) dL/dx; overwritten. Modified.
   * @param dH (B, N) dL/dh; overwritten. Modified.
   * @param dC (B, N) dL/dc; overwritten. Modified.
   */
  public void backward(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, double[] tape,
      double[] cNext, double[] dHNext, double[] dCNext, double[] dP, double[] dX, double[] dH,
      double[] dC) {
    int n = hidden;
    double[] dz = new double[4 * n];
    for (int b = 0; b < batch; b++) {
      int zo = b * 4 * n;
      for (int j = 0; j < n; j++) {
        double i = tape[zo + j];
        double ig = sigmoid(tape[zo + n + j]);
        double fg = sigmoid(tape[zo + 2 * n + j] + 1.0);
        double og = sigmoid(tape[zo + 3 * n + j]);
        double tc = MathFunctions.tanh(cNext[b * n + j]);
        double ti = MathFunctions.tanh(i);
        double dh = dHNext[b * n + j];
        // h' = tanh(c')·σ(og);  c' = c·σ(fg + 1) + tanh(i)·σ(ig)
        double dcTotal = dCNext[b * n + j] + dh * og * (1.0 - tc * tc);
        dz[3 * n + j] = dh * tc * og * (1.0 - og);
        dz[2 * n + j] = dcTotal * c[b * n + j] * fg * (1.0 - fg);
        dz[j] = dcTotal * ig * (1.0 - ti * ti);
        dz[n + j] = dcTotal * ti * ig * (1.0 - ig);
        dC[b * n + j] = dcTotal * fg;
      }
      // z = W_in·x + b_in + W_rec·h
      for (int r = 0; r < 4 * n; r++) {
        double d = dz[r];
        dP[pOff + oInB + r] += d;
        int inRow = pOff + oInW + r * inputs;
        for (int s = 0; s < inputs; s++) {
          dP[inRow + s] += d * x[b * inputs + s];
        }
        int recRow = pOff + oRecW + r * n;
        for (int k = 0; k < n; k++) {
          dP[recRow + k] += d * h[b * n + k];
        }
      }
      for (int s = 0; s < inputs; s++) {
        double sum = 0;
        for (int r = 0; r < 4 * n; r++) {
          sum += p[pOff + oInW + r * inputs + s] * dz[r];
        }
        dX[b * inputs + s] = sum;
      }
      for (int k = 0; k < n; k++) {
        double sum = 0;
        for (int r = 0; r < 4 * n; r++) {
          sum += p[pOff + oRecW + r * n + k] * dz[r];
        }
        dH[b * n + k] = sum;
      }
    }
  }
}
