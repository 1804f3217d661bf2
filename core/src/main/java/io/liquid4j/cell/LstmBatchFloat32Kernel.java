package io.liquid4j.cell;

/**
 * The {@link LstmCell}'s step for a whole batch in float32 ({@link Precision#FLOAT32}), forward and
 * backward side by side; the same steps as the float64 {@link LstmBatchKernel}:
 *
 * <pre>
 * forward                                    backward
 * Z_in  = X·W_inᵀ + b_in     (B, 4N)         dZ from the gates, elementwise   (B, 4N)
 * Z_rec = H·W_recᵀ           (B, 4N)         dW_in += dZᵀ·X,  db_in += Σ_b dZ,  dX = dZ·W_in
 * Z = Z_in + Z_rec, then the gates           dW_rec += dZᵀ·H,                   dH = dZ·W_rec
 * </pre>
 *
 * The workspace rounds the float64 master weights to float once when it is bound to them; inputs,
 * states and incoming gradients are rounded to float on entry, every product, gate and gradient is
 * float arithmetic ({@link Kernels#matmul()}'s and {@link Kernels#elements()}'s float overloads),
 * and the results are written to the caller's double arrays (exactly, floats being doubles). The
 * parameter gradients of a call are summed in float and added to the double dP once, at the end
 * of the call, so that a long sequence's sum over steps still runs in double.
 *
 * <p>Each entry adds the same terms in the same order as the one-sample float32 reference ({@link
 * LstmCell#forwardReference32}, {@link LstmCell#backwardReference32}), so with core's scalar
 * element kernel both give the same bits. Sample b's result depends only on sample b.
 */
final class LstmBatchFloat32Kernel {
  private LstmBatchFloat32Kernel() {}

  /** What the backward needs from one step, in float: the activated gates and tanh(c'). */
  static final class Tape implements Cell.Tape {
    final LstmCell cell;
    final int batch;
    final float[] gates; // (B, 4N) tanh(i) | σ(ig) | σ(fg + β) | σ(og)
    final float[] tanhC; // (B, N) tanh(c')

    Tape(LstmCell cell, int batch) {
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be >= 1, got " + batch);
      }
      this.cell = cell;
      this.batch = batch;
      gates = new float[batch * 4 * cell.hiddenSize()];
      tanhC = new float[batch * cell.hiddenSize()];
    }
  }

  /**
   * The weights rounded to float, as rows for the matrix products (transposed for the forward,
   * as they are for the input gradients), the float sums of one call's parameter gradients, and
   * float scratch rows for a batch (arrays of rows, as in {@link LstmBatchKernel.Workspace}).
   */
  static final class Workspace extends BoundWorkspace {
    final LstmCell cell;
    final float[][] wtIn; // (S, 4N) W_inᵀ
    final float[][] wtRec; // (N, 4N) W_recᵀ
    final float[] biasIn; // (4N)
    final float[][] wIn; // (4N, S) W_in
    final float[][] wRec; // (4N, N) W_rec
    final float[] dWIn; // (4N, S) this call's dL/dW_in
    final float[] dBIn; // (4N) this call's dL/db_in
    final float[] dWRec; // (4N, N) this call's dL/dW_rec
    final float[] row; // scratch for weightGradient
    final float[] tanhC; // (N) scratch: c', then tanh(c')
    int capacity;
    float[][] x; // (B, S) the step's inputs
    float[][] h; // (B, N) the step's hidden state
    float[][] z; // (B, 4N) W_in·x + b_in, then z, then the activated gates
    float[][] zRec; // (B, 4N) W_rec·h
    float[][] dz; // (B, 4N) dL/dz
    float[][] dx; // (B, S)
    float[][] dh; // (B, N)

    Workspace(LstmCell cell, double[] p, int pOff, int batch) {
      this.cell = cell;
      int s = cell.inputSize();
      int n = cell.hiddenSize();
      int g = 4 * n;
      wtIn = new float[s][g];
      wtRec = new float[n][g];
      biasIn = new float[g];
      wIn = new float[g][s];
      wRec = new float[g][n];
      dWIn = new float[g * s];
      dBIn = new float[g];
      dWRec = new float[g * n];
      row = new float[Math.max(s, n)];
      tanhC = new float[n];
      bind(p, pOff);
      ensure(batch);
    }

    @Override
    void derive() {
      int s = cell.inputSize();
      int n = cell.hiddenSize();
      int g = 4 * n;
      int in = pOff + cell.oInW;
      int rec = pOff + cell.oRecW;
      for (int r = 0; r < g; r++) {
        for (int k = 0; k < s; k++) {
          float w = (float) p[in + r * s + k];
          wIn[r][k] = w;
          wtIn[k][r] = w;
        }
        for (int k = 0; k < n; k++) {
          float w = (float) p[rec + r * n + k];
          wRec[r][k] = w;
          wtRec[k][r] = w;
        }
        biasIn[r] = (float) p[pOff + cell.oInB + r];
      }
    }

    @Override
    void ensure(int batch) {
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be >= 1, got " + batch);
      }
      if (batch <= capacity) {
        return;
      }
      capacity = batch;
      int s = cell.inputSize();
      int n = cell.hiddenSize();
      x = new float[batch][s];
      h = new float[batch][n];
      z = new float[batch][4 * n];
      zRec = new float[batch][4 * n];
      dz = new float[batch][4 * n];
      dx = new float[batch][s];
      dh = new float[batch][n];
    }

    /** Rounds the flat (B, S) inputs and (B, N) states into the float rows. */
    void loadRows(double[] xFlat, double[] hFlat, int batch) {
      int s = cell.inputSize();
      int n = cell.hiddenSize();
      for (int b = 0; b < batch; b++) {
        float[] xb = x[b];
        for (int k = 0; k < s; k++) {
          xb[k] = (float) xFlat[b * s + k];
        }
        float[] hb = h[b];
        for (int k = 0; k < n; k++) {
          hb[k] = (float) hFlat[b * n + k];
        }
      }
    }
  }

  /**
   * {@link LstmCell#forward} in float32: hNext, cNext (B, N) from x (B, S), h and c (B, N); the
   * gates and tanh(c') into {@code tape} when it is not null. {@code ws} is prepared for p, pOff
   * and batch.
   */
  static void forward(
      LstmCell cell, double[] xFlat, double[] hFlat, double[] c, int batch, double[] hNext,
      double[] cNext, Tape tape, Workspace ws) {
    MatmulKernel matmul = Kernels.matmul();
    ElementKernel elements = Kernels.elements();
    int s = cell.inputSize();
    int n = cell.hiddenSize();
    int g = 4 * n;
    ws.loadRows(xFlat, hFlat, batch);
    // z = (W_in·x + b_in) + W_rec·h, the two sums kept apart as in the reference
    matmul.multiplyAdd(ws.z, true, ws.x, 0, ws.wtIn, g, s, batch);
    matmul.multiplyAdd(ws.zRec, true, ws.h, 0, ws.wtRec, g, n, batch);
    float[] bias = ws.biasIn;
    float[] tc = ws.tanhC;
    float forgetBias = (float) cell.forgetBias();
    for (int b = 0; b < batch; b++) {
      float[] zb = ws.z[b];
      float[] rb = ws.zRec[b];
      for (int k = 0; k < g; k++) {
        zb[k] = (zb[k] + bias[k]) + rb[k];
      }
      for (int j = 2 * n; j < 3 * n; j++) {
        zb[j] += forgetBias;
      }
      // zb becomes tanh(i) | σ(ig) | σ(fg + β) | σ(og)
      elements.tanh(zb, 0, n);
      elements.sigmoid(zb, n, g);
      int o = b * n;
      for (int j = 0; j < n; j++) {
        float cj = (float) c[o + j] * zb[2 * n + j] + zb[j] * zb[n + j];
        cNext[o + j] = cj;
        tc[j] = cj;
      }
      elements.tanh(tc, 0, n);
      for (int j = 0; j < n; j++) {
        hNext[o + j] = tc[j] * zb[3 * n + j];
      }
      if (tape != null) {
        System.arraycopy(zb, 0, tape.gates, b * g, g);
        System.arraycopy(tc, 0, tape.tanhC, o, n);
      }
    }
  }

  /**
   * {@link LstmCell#backward} in float32: adds the parameter gradients (summed over the batch in
   * float) to dP, overwrites dX (B, S), dH and dC (B, N). {@code ws} is prepared for p, pOff and
   * batch.
   */
  static void backward(
      LstmCell cell, int pOff, double[] xFlat, double[] hFlat, double[] c, int batch, Tape tape,
      double[] dHNext, double[] dCNext, double[] dP, double[] dX, double[] dH, double[] dC,
      Workspace ws) {
    MatmulKernel matmul = Kernels.matmul();
    int s = cell.inputSize();
    int n = cell.hiddenSize();
    int g = 4 * n;
    ws.loadRows(xFlat, hFlat, batch);
    float[] gates = tape.gates;
    for (int b = 0; b < batch; b++) {
      float[] dzb = ws.dz[b];
      int o = b * n;
      int zo = b * g;
      for (int j = 0; j < n; j++) {
        float ti = gates[zo + j];
        float ig = gates[zo + n + j];
        float fg = gates[zo + 2 * n + j];
        float og = gates[zo + 3 * n + j];
        float tc = tape.tanhC[o + j];
        float dh = (float) dHNext[o + j];
        // in the forward pass this was: h' = tanh(c')·σ(og);  c' = c·σ(fg + β) + tanh(i)·σ(ig)
        float dcTotal = (float) dCNext[o + j] + dh * og * (1.0f - tc * tc);
        dzb[3 * n + j] = dh * tc * og * (1.0f - og);
        dzb[2 * n + j] = dcTotal * (float) c[o + j] * fg * (1.0f - fg);
        dzb[j] = dcTotal * ig * (1.0f - ti * ti);
        dzb[n + j] = dcTotal * ti * ig * (1.0f - ig);
        dC[o + j] = dcTotal * fg;
      }
    }
    // in the forward pass this was: z = W_in·x + b_in + W_rec·h
    for (int r = 0; r < g; r++) {
      float sum = 0;
      for (int b = 0; b < batch; b++) {
        sum += ws.dz[b][r];
      }
      ws.dBIn[r] = sum;
    }
    java.util.Arrays.fill(ws.dWIn, 0f);
    java.util.Arrays.fill(ws.dWRec, 0f);
    matmul.weightGradient(ws.dWIn, 0, ws.dz, 0, ws.x, null, g, s, batch, ws.row);
    matmul.weightGradient(ws.dWRec, 0, ws.dz, 0, ws.h, null, g, n, batch, ws.row);
    matmul.multiplyAdd(ws.dx, true, ws.dz, 0, ws.wIn, s, g, batch);
    matmul.multiplyAdd(ws.dh, true, ws.dz, 0, ws.wRec, n, g, batch);
    addTo(dP, pOff + cell.oInW, ws.dWIn);
    addTo(dP, pOff + cell.oInB, ws.dBIn);
    addTo(dP, pOff + cell.oRecW, ws.dWRec);
    for (int b = 0; b < batch; b++) {
      float[] dxb = ws.dx[b];
      for (int k = 0; k < s; k++) {
        dX[b * s + k] = dxb[k];
      }
      float[] dhb = ws.dh[b];
      for (int k = 0; k < n; k++) {
        dH[b * n + k] = dhb[k];
      }
    }
  }

  /** dP[off + i] += sum[i]: a call's float gradient into the double master gradient. */
  static void addTo(double[] dP, int off, float[] sum) {
    for (int i = 0; i < sum.length; i++) {
      dP[off + i] += sum[i];
    }
  }
}
