package io.liquid4j.cell;

import static io.liquid4j.cell.MathFunctions.sigmoid;

import java.util.random.RandomGenerator;

/**
 * The LSTM of ncps's mixed-memory wrapper ({@code ncps/torch/lstm.py}), which gives a liquid cell a
 * gated long-term memory c next to its state h.
 *
 * <pre>
 * z  = W_in·x + b_in + W_rec·h           z = [i | ig | fg | og], each N wide
 * c' = c·σ(fg + β) + tanh(i)·σ(ig)        β, the forget bias: 1 in ncps, a setting in the CfC paper
 * h' = tanh(c')·σ(og)
 * </pre>
 *
 * Parameters: input_map.weight (4N, S), input_map.bias (4N), recurrent_map.weight (4N, N).
 *
 * <p>Two implementations of the same arithmetic. The public {@link #forward} and {@link
 * #backward} run the whole batch at once ({@code LstmBatchKernel}: the gate pre-activations of all
 * B samples as two matrix products, with a {@link #newWorkspace workspace} and a {@link #newTape
 * tape} that are allocated once and reused, so a step allocates nothing). The package-private
 * {@code forwardReference} and {@code backwardReference} below compute one sample at a time,
 * with the math in plain sight; they are the reference the batched kernel is tested against
 * (equal bit for bit with core's scalar functions, since both add the same terms in the same
 * order).
 *
 * <p>In {@link Precision#FLOAT32} the same two pairs exist in float: the batched {@code
 * LstmBatchFloat32Kernel} (weights rounded to float once per workspace binding, float tape,
 * parameter gradients summed in float and added to the double dP at the end of each call) and
 * the one-sample {@code forwardReference32}/{@code backwardReference32}, equal bit for bit with
 * core's scalar functions. The public methods keep their double arrays; a float32 LSTM's
 * workspaces and tapes are its own kind and are refused by a float64 LSTM, and the other way
 * round.
 */
public final class LstmCell {
  /** ncps's fixed forget bias, 1. */
  public static final double DEFAULT_FORGET_BIAS = 1.0;

  private final int inputs;
  private final int hidden;
  private final ParameterLayout layout;
  private final Precision precision;
  private final double forgetBias; // β, added to the forget gate's pre-activation
  final int oInW, oInB, oRecW; // offsets of W_in, b_in, W_rec relative to pOff

  /**
   * Creates the LSTM for S inputs and N units.
   *
   * @param inputSize S, the number of input features
   * @param hiddenSize N, the number of units
   * @throws IllegalArgumentException if a size is below 1
   */
  public LstmCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, Precision.FLOAT64);
  }

  /**
   * Creates the LSTM for S inputs and N units, whose steps compute in {@code precision}.
   *
   * @param inputSize S, the number of input features
   * @param hiddenSize N, the number of units
   * @param precision the arithmetic of each step (see {@link Precision})
   * @throws IllegalArgumentException if a size is below 1
   */
  public LstmCell(int inputSize, int hiddenSize, Precision precision) {
    this(inputSize, hiddenSize, precision, DEFAULT_FORGET_BIAS);
  }

  /**
   * Creates the LSTM for S inputs and N units with forget bias β: the forget gate is σ(fg + β).
   * ncps fixes β = 1; the CfC paper's mixed-memory cell ({@code MixedCfcCell} in its {@code
   * tf_cfc.py}) takes it from its hyperparameters (1 by default).
   *
   * @param inputSize S, the number of input features
   * @param hiddenSize N, the number of units
   * @param precision the arithmetic of each step (see {@link Precision})
   * @param forgetBias β, a finite number
   * @throws IllegalArgumentException if a size is below 1 or β is not finite
   */
  public LstmCell(int inputSize, int hiddenSize, Precision precision, double forgetBias) {
    this.precision = java.util.Objects.requireNonNull(precision, "precision");
    if (!Double.isFinite(forgetBias)) {
      throw new IllegalArgumentException(
          "forget_bias must be a finite number, got " + forgetBias);
    }
    this.forgetBias = forgetBias;
    if (inputSize < 1) {
      throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
    }
    if (hiddenSize < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + hiddenSize);
    }
    this.inputs = inputSize;
    this.hidden = hiddenSize;
    ParameterLayout.Builder b = ParameterLayout.builder();
    oInW = b.add("input_map.weight", 4 * hiddenSize, inputSize);
    oInB = b.add("input_map.bias", 4 * hiddenSize);
    oRecW = b.add("recurrent_map.weight", 4 * hiddenSize, hiddenSize);
    layout = b.build();
  }

  /**
   * The arithmetic of each step.
   *
   * @return float64 or float32
   */
  public Precision precision() {
    return precision;
  }

  /**
   * The forget bias β of σ(fg + β).
   *
   * @return β; {@link #DEFAULT_FORGET_BIAS} unless given
   */
  public double forgetBias() {
    return forgetBias;
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
   * Number of input features S.
   *
   * @return S
   */
  public int inputSize() {
    return inputs;
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

  // ---------------------------------------------------------------------------------------------
  // The batched kernel (LstmBatchKernel): what models run.

  /**
   * A workspace for the parameters at {@code p[pOff...]}: the weights arranged for the batched
   * matrix products and scratch for {@code batch} samples (grown when a larger batch comes), so
   * that {@link #forward} and {@link #backward} allocate nothing. The array is kept, not copied:
   * it must not change while the workspace is used. Not thread-safe: one per thread.
   *
   * @param p parameter array. Not modified.
   * @param pOff index in {@code p} of the LSTM's first parameter
   * @param batch the usual batch size B ≥ 1
   * @param old a workspace of this LSTM to reuse (rebound to {@code p[pOff...]}; it must not be
   *     used for its former parameters afterwards), or null
   * @return {@code old} rebound, or a new workspace
   */
  public Cell.Workspace newWorkspace(double[] p, int pOff, int batch, Cell.Workspace old) {
    if (precision == Precision.FLOAT32) {
      if (old instanceof LstmBatchFloat32Kernel.Workspace ws && ws.cell == this) {
        ws.bind(p, pOff);
        ws.ensure(batch);
        return ws;
      }
      return new LstmBatchFloat32Kernel.Workspace(this, p, pOff, batch);
    }
    if (old instanceof LstmBatchKernel.Workspace ws && ws.cell == this) {
      ws.bind(p, pOff);
      ws.ensure(batch);
      return ws;
    }
    return new LstmBatchKernel.Workspace(this, p, pOff, batch);
  }

  /**
   * A tape for training steps of {@code batch} samples: what {@link #backward} needs from {@link
   * #forward} (the activated gates and tanh(c'), so that backward evaluates no exponential).
   *
   * @param batch B ≥ 1
   * @param old a tape of this LSTM for the same batch size to reuse (forward overwrites all of
   *     it), or null
   * @return {@code old}, or a new tape
   */
  public Cell.Tape newTape(int batch, Cell.Tape old) {
    if (precision == Precision.FLOAT32) {
      if (old instanceof LstmBatchFloat32Kernel.Tape t && t.cell == this && t.batch == batch) {
        return t;
      }
      return new LstmBatchFloat32Kernel.Tape(this, batch);
    }
    if (old instanceof LstmBatchKernel.Tape t && t.cell == this && t.batch == batch) {
      return t;
    }
    return new LstmBatchKernel.Tape(this, batch);
  }

  /**
   * One inference step for a batch, with a workspace made for the call.
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
    forward(p, pOff, x, h, c, batch, hNext, cNext, null, null);
  }

  /**
   * One step for a batch, recording what {@link #backward} needs in {@code tape} when it is not
   * null.
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param pOff index in {@code p} of the LSTM's first parameter
   * @param x (B, S) inputs. Not modified.
   * @param h (B, N) hidden state. Not modified.
   * @param c (B, N) memory. Not modified.
   * @param batch B, the number of samples
   * @param hNext (B, N). Modified.
   * @param cNext (B, N). Modified.
   * @param tape from {@link #newTape} for batch B, or null for inference. Modified.
   * @param workspace from {@link #newWorkspace} for the same {@code p} and {@code pOff}, or null
   *     (then one is made for the call); the results do not depend on it
   * @throws IllegalArgumentException if the tape is for another batch size, or the workspace for
   *     other parameters
   */
  public void forward(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, double[] hNext,
      double[] cNext, Cell.Tape tape, Cell.Workspace workspace) {
    if (precision == Precision.FLOAT32) {
      LstmBatchFloat32Kernel.forward(this, x, h, c, batch, hNext, cNext, tape32(tape, batch),
          workspace32(workspace, p, pOff, batch));
      return;
    }
    LstmBatchKernel.forward(this, p, pOff, x, h, c, batch, hNext, cNext, tape(tape, batch),
        workspace(workspace, p, pOff, batch));
  }

  /**
   * Backward of one step recorded by {@link #forward}: from dL/dh' and dL/dc' to the parameter
   * gradients (added), dL/dx (B, S) and dL/dh, dL/dc (B, N) (overwritten).
   *
   * @param p parameters at {@code p[pOff...]}. Not modified.
   * @param pOff index in {@code p} and {@code dP} of the LSTM's first parameter
   * @param x (B, S) inputs of the forward call. Not modified.
   * @param h (B, N) hidden state of the forward call. Not modified.
   * @param c (B, N) memory of the forward call. Not modified.
   * @param batch B, the number of samples
   * @param tape filled by the forward call. Not modified.
   * @param dHNext (B, N) dL/dh'. Not modified.
   * @param dCNext (B, N) dL/dc'. Not modified.
   * @param dP gradient of the parameters at {@code dP[pOff...]}; ADDED to (+=). Modified.
   * @param dX (B, S) dL/dx; overwritten. Modified.
   * @param dH (B, N) dL/dh; overwritten. Modified.
   * @param dC (B, N) dL/dc; overwritten. Modified.
   * @param workspace as for {@link #forward}, or null
   * @throws IllegalArgumentException if the tape is null or for another batch size, or the
   *     workspace for other parameters
   */
  public void backward(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, Cell.Tape tape,
      double[] dHNext, double[] dCNext, double[] dP, double[] dX, double[] dH, double[] dC,
      Cell.Workspace workspace) {
    if (precision == Precision.FLOAT32) {
      LstmBatchFloat32Kernel.Tape t = tape32(tape, batch);
      if (t == null) {
        throw new IllegalArgumentException("backward needs the tape recorded by forward");
      }
      LstmBatchFloat32Kernel.backward(this, pOff, x, h, c, batch, t, dHNext, dCNext, dP, dX, dH,
          dC, workspace32(workspace, p, pOff, batch));
      return;
    }
    LstmBatchKernel.Tape t = tape(tape, batch);
    if (t == null) {
      throw new IllegalArgumentException("backward needs the tape recorded by forward");
    }
    LstmBatchKernel.backward(this, p, pOff, x, h, c, batch, t, dHNext, dCNext, dP, dX, dH, dC,
        workspace(workspace, p, pOff, batch));
  }

  private LstmBatchKernel.Tape tape(Cell.Tape tape, int batch) {
    if (tape == null) {
      return null;
    }
    if (!(tape instanceof LstmBatchKernel.Tape t) || t.cell != this) {
      throw new IllegalArgumentException("tape was not made by this LSTM's newTape");
    }
    if (t.batch != batch) {
      throw new IllegalArgumentException(
          "tape was made for batches of " + t.batch + " samples, got " + batch);
    }
    return t;
  }

  private LstmBatchKernel.Workspace workspace(Cell.Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new LstmBatchKernel.Workspace(this, p, pOff, batch);
    }
    if (!(w instanceof LstmBatchKernel.Workspace ws) || ws.cell != this) {
      throw new IllegalArgumentException("workspace was not made by this LSTM's newWorkspace");
    }
    ws.prepare(p, pOff, batch);
    return ws;
  }

  private LstmBatchFloat32Kernel.Tape tape32(Cell.Tape tape, int batch) {
    if (tape == null) {
      return null;
    }
    if (!(tape instanceof LstmBatchFloat32Kernel.Tape t) || t.cell != this) {
      throw new IllegalArgumentException("tape was not made by this LSTM's newTape");
    }
    if (t.batch != batch) {
      throw new IllegalArgumentException(
          "tape was made for batches of " + t.batch + " samples, got " + batch);
    }
    return t;
  }

  private LstmBatchFloat32Kernel.Workspace workspace32(
      Cell.Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new LstmBatchFloat32Kernel.Workspace(this, p, pOff, batch);
    }
    if (!(w instanceof LstmBatchFloat32Kernel.Workspace ws) || ws.cell != this) {
      throw new IllegalArgumentException("workspace was not made by this LSTM's newWorkspace");
    }
    ws.prepare(p, pOff, batch);
    return ws;
  }

  // ---------------------------------------------------------------------------------------------
  // Reference: one sample at a time, the equations as written above. Slow (a dot product per gate
  // and sample, arrays allocated per call) and kept that way on purpose: it is what the batched
  // kernel is checked against (LstmKernelTest).

  /**
   * Reference forward of one step, sample by sample, recording the gate pre-activations z (B, 4N)
   * in {@code z} when it is not null.
   */
  void forwardReference(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, double[] hNext,
      double[] cNext, double[] zTape) {
    int n = hidden;
    double[] z = new double[4 * n];
    double[] zRec = new double[4 * n];
    for (int b = 0; b < batch; b++) {
      // z = (W_in·x + b_in) + W_rec·h
      Linear.forward(z, x, b * inputs, p, pOff + oInW, pOff + oInB, null, 4 * n, inputs);
      Linear.forward(zRec, h, b * n, p, pOff + oRecW, -1, null, 4 * n, n);
      for (int k = 0; k < 4 * n; k++) {
        z[k] += zRec[k];
      }
      if (zTape != null) {
        System.arraycopy(z, 0, zTape, b * 4 * n, 4 * n);
      }
      for (int j = 0; j < n; j++) {
        double i = MathFunctions.tanh(z[j]);
        double ig = sigmoid(z[n + j]);
        double fg = sigmoid(z[2 * n + j] + forgetBias);
        double og = sigmoid(z[3 * n + j]);
        double cj = c[b * n + j] * fg + i * ig;
        cNext[b * n + j] = cj;
        hNext[b * n + j] = MathFunctions.tanh(cj) * og;
      }
    }
  }

  /**
   * Reference backward of one step, sample by sample, from the z recorded by {@link
   * #forwardReference} and the c' it produced; arguments and results as {@link #backward}.
   */
  void backwardReference(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, double[] zTape,
      double[] cNext, double[] dHNext, double[] dCNext, double[] dP, double[] dX, double[] dH,
      double[] dC) {
    int n = hidden;
    double[] dz = new double[4 * n];
    for (int b = 0; b < batch; b++) {
      int zo = b * 4 * n;
      for (int j = 0; j < n; j++) {
        double ti = MathFunctions.tanh(zTape[zo + j]);
        double ig = sigmoid(zTape[zo + n + j]);
        double fg = sigmoid(zTape[zo + 2 * n + j] + forgetBias);
        double og = sigmoid(zTape[zo + 3 * n + j]);
        double tc = MathFunctions.tanh(cNext[b * n + j]);
        double dh = dHNext[b * n + j];
        // h' = tanh(c')·σ(og);  c' = c·σ(fg + β) + tanh(i)·σ(ig)
        double dcTotal = dCNext[b * n + j] + dh * og * (1.0 - tc * tc);
        dz[3 * n + j] = dh * tc * og * (1.0 - og);
        dz[2 * n + j] = dcTotal * c[b * n + j] * fg * (1.0 - fg);
        dz[j] = dcTotal * ig * (1.0 - ti * ti);
        dz[n + j] = dcTotal * ti * ig * (1.0 - ig);
        dC[b * n + j] = dcTotal * fg;
      }
      // z = W_in·x + b_in + W_rec·h; fused multiply-adds in the order every MatmulKernel uses
      for (int r = 0; r < 4 * n; r++) {
        double d = dz[r];
        dP[pOff + oInB + r] += d;
        int inRow = pOff + oInW + r * inputs;
        for (int s = 0; s < inputs; s++) {
          dP[inRow + s] = Math.fma(d, x[b * inputs + s], dP[inRow + s]);
        }
        int recRow = pOff + oRecW + r * n;
        for (int k = 0; k < n; k++) {
          dP[recRow + k] = Math.fma(d, h[b * n + k], dP[recRow + k]);
        }
      }
      for (int s = 0; s < inputs; s++) {
        double sum = 0;
        for (int r = 0; r < 4 * n; r++) {
          sum = Math.fma(p[pOff + oInW + r * inputs + s], dz[r], sum);
        }
        dX[b * inputs + s] = sum;
      }
      for (int k = 0; k < n; k++) {
        double sum = 0;
        for (int r = 0; r < 4 * n; r++) {
          sum = Math.fma(p[pOff + oRecW + r * n + k], dz[r], sum);
        }
        dH[b * n + k] = sum;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Float32 reference: the equations above in float, one sample at a time, in the order the
  // float32 batched kernel adds its terms (LstmFloat32Test checks the two against each other, and
  // both against the float64 kernel within float32's rounding). Whatever this LSTM's precision.

  /**
   * Float32 reference forward of one step, sample by sample: the weights, x, h and c rounded to
   * float, every operation in float; h' and c' written as doubles. Records the activated gates
   * (B, 4N) and tanh(c') (B, N) in {@code gates} and {@code tanhC} when they are not null.
   */
  void forwardReference32(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, double[] hNext,
      double[] cNext, float[] gates, float[] tanhC) {
    int n = hidden;
    int g = 4 * n;
    float[] z = new float[g];
    for (int b = 0; b < batch; b++) {
      for (int r = 0; r < g; r++) {
        float in = 0;
        for (int s = 0; s < inputs; s++) {
          in = Math.fma((float) x[b * inputs + s], (float) p[pOff + oInW + r * inputs + s], in);
        }
        float rec = 0;
        for (int k = 0; k < n; k++) {
          rec = Math.fma((float) h[b * n + k], (float) p[pOff + oRecW + r * n + k], rec);
        }
        z[r] = (in + (float) p[pOff + oInB + r]) + rec;
      }
      for (int j = 0; j < n; j++) {
        float i = MathFunctions.tanh(z[j]);
        float ig = MathFunctions.sigmoid(z[n + j]);
        float fg = MathFunctions.sigmoid(z[2 * n + j] + (float) forgetBias);
        float og = MathFunctions.sigmoid(z[3 * n + j]);
        float cj = (float) c[b * n + j] * fg + i * ig;
        float tc = MathFunctions.tanh(cj);
        cNext[b * n + j] = cj;
        hNext[b * n + j] = tc * og;
        if (gates != null) {
          gates[b * g + j] = i;
          gates[b * g + n + j] = ig;
          gates[b * g + 2 * n + j] = fg;
          gates[b * g + 3 * n + j] = og;
          tanhC[b * n + j] = tc;
        }
      }
    }
  }

  /**
   * Float32 reference backward of one step from what {@link #forwardReference32} recorded: every
   * operation in float, the parameter gradients summed over the batch in float (samples in
   * increasing order) and added to the double dP at the end; dX, dH and dC written as doubles.
   * Arguments and results otherwise as {@link #backward}.
   */
  void backwardReference32(
      double[] p, int pOff, double[] x, double[] h, double[] c, int batch, float[] gates,
      float[] tanhC, double[] dHNext, double[] dCNext, double[] dP, double[] dX, double[] dH,
      double[] dC) {
    int n = hidden;
    int g = 4 * n;
    float[] dz = new float[g];
    float[] dW = new float[layout.size()]; // this call's sums, at the layout's offsets
    for (int b = 0; b < batch; b++) {
      int zo = b * g;
      for (int j = 0; j < n; j++) {
        float ti = gates[zo + j];
        float ig = gates[zo + n + j];
        float fg = gates[zo + 2 * n + j];
        float og = gates[zo + 3 * n + j];
        float tc = tanhC[b * n + j];
        float dh = (float) dHNext[b * n + j];
        // h' = tanh(c')·σ(og);  c' = c·σ(fg + β) + tanh(i)·σ(ig)
        float dcTotal = (float) dCNext[b * n + j] + dh * og * (1.0f - tc * tc);
        dz[3 * n + j] = dh * tc * og * (1.0f - og);
        dz[2 * n + j] = dcTotal * (float) c[b * n + j] * fg * (1.0f - fg);
        dz[j] = dcTotal * ig * (1.0f - ti * ti);
        dz[n + j] = dcTotal * ti * ig * (1.0f - ig);
        dC[b * n + j] = dcTotal * fg;
      }
      for (int r = 0; r < g; r++) {
        float d = dz[r];
        dW[oInB + r] += d;
        for (int s = 0; s < inputs; s++) {
          dW[oInW + r * inputs + s] =
              Math.fma(d, (float) x[b * inputs + s], dW[oInW + r * inputs + s]);
        }
        for (int k = 0; k < n; k++) {
          dW[oRecW + r * n + k] = Math.fma(d, (float) h[b * n + k], dW[oRecW + r * n + k]);
        }
      }
      for (int s = 0; s < inputs; s++) {
        float sum = 0;
        for (int r = 0; r < g; r++) {
          sum = Math.fma(dz[r], (float) p[pOff + oInW + r * inputs + s], sum);
        }
        dX[b * inputs + s] = sum;
      }
      for (int k = 0; k < n; k++) {
        float sum = 0;
        for (int r = 0; r < g; r++) {
          sum = Math.fma(dz[r], (float) p[pOff + oRecW + r * n + k], sum);
        }
        dH[b * n + k] = sum;
      }
    }
    for (int i = 0; i < dW.length; i++) {
      dP[pOff + i] += dW[i];
    }
  }
}
