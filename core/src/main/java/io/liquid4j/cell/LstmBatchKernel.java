package io.liquid4j.cell;

/**
 * The {@link LstmCell}'s step for a whole batch at once, forward and backward side by side:
 *
 * <pre>
 * forward                                    backward
 * Z_in  = X·W_inᵀ + b_in     (B, 4N)         dZ from the gates, elementwise   (B, 4N)
 * Z_rec = H·W_recᵀ           (B, 4N)         dW_in += dZᵀ·X,  db_in += Σ_b dZ,  dX = dZ·W_in
 * Z = Z_in + Z_rec, then the gates           dW_rec += dZᵀ·H,                   dH = dZ·W_rec
 * </pre>
 *
 * The matrix products are {@link Linear}'s batched kernels (four samples or four weight rows per
 * pass, inner loops that C2 vectorizes), which add the same terms in the same order as the
 * one-sample reference ({@link LstmCell#forwardReference}, {@link LstmCell#backwardReference}), so
 * with core's scalar {@link ElementKernel} both give the same bits; with the Vector API kernel the
 * gates differ by a few ulp. Sample b's result depends only on sample b, never on the batch or on
 * threads. The gates are evaluated by the {@link Kernels#elements()} kernel over whole rows, and
 * the tape keeps them activated, so the backward evaluates no exponential.
 */
final class LstmBatchKernel {
  private static final ElementKernel KERNEL = Kernels.elements();

  private LstmBatchKernel() {}

  /** What the backward needs from one step: σ/tanh of the gates and tanh(c'). */
  static final class Tape implements Cell.Tape {
    final LstmCell cell;
    final int batch;
    final double[] gates; // (B, 4N) tanh(i) | σ(ig) | σ(fg + β) | σ(og)
    final double[] tanhC; // (B, N) tanh(c')

    Tape(LstmCell cell, int batch) {
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be >= 1, got " + batch);
      }
      this.cell = cell;
      this.batch = batch;
      gates = new double[batch * 4 * cell.hiddenSize()];
      tanhC = new double[batch * cell.hiddenSize()];
    }
  }

  /**
   * The weights as rows for {@link Linear#forwardBatch} (transposed) and {@link
   * Linear#backwardBatch}, and scratch rows for a batch. The batched kernels take arrays of rows
   * so that every inner loop indexes its arrays with one expression, which C2 vectorizes (flat
   * arrays at different offsets might overlap, and it gives up on them).
   */
  static final class Workspace extends BoundWorkspace {
    final LstmCell cell;
    final double[][] wtIn; // (S, 4N) W_inᵀ
    final double[][] wtRec; // (N, 4N) W_recᵀ
    final double[] biasIn; // (4N)
    final double[][] wIn; // (4N, S) W_in
    final double[][] wRec; // (4N, N) W_rec
    final double[] row; // scratch for Linear.backwardBatch
    final double[] tanhC; // (N) scratch: c', then tanh(c')
    int capacity;
    double[][] x; // (B, S) the step's inputs as rows
    double[][] h; // (B, N) the step's hidden state as rows
    double[][] z; // (B, 4N) W_in·x + b_in, then z, then the activated gates
    double[][] zRec; // (B, 4N) W_rec·h
    double[][] dz; // (B, 4N) dL/dz
    double[][] dx; // (B, S)
    double[][] dh; // (B, N)

    Workspace(LstmCell cell, double[] p, int pOff, int batch) {
      this.cell = cell;
      int s = cell.inputSize();
      int n = cell.hiddenSize();
      wtIn = new double[s][4 * n];
      wtRec = new double[n][4 * n];
      biasIn = new double[4 * n];
      wIn = new double[4 * n][s];
      wRec = new double[4 * n][n];
      row = new double[Math.max(s, n)];
      tanhC = new double[n];
      bind(p, pOff);
      ensure(batch);
    }

    @Override
    void derive() {
      int s = cell.inputSize();
      int g = 4 * cell.hiddenSize();
      Linear.transpose(wtIn, 0, p, pOff + cell.oInW, null, g, s);
      Linear.transpose(wtRec, 0, p, pOff + cell.oRecW, null, g, cell.hiddenSize());
      Linear.rows(wIn, p, pOff + cell.oInW, null, g, s);
      Linear.rows(wRec, p, pOff + cell.oRecW, null, g, cell.hiddenSize());
      System.arraycopy(p, pOff + cell.oInB, biasIn, 0, g);
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
      x = new double[batch][s];
      h = new double[batch][n];
      z = new double[batch][4 * n];
      zRec = new double[batch][4 * n];
      dz = new double[batch][4 * n];
      dx = new double[batch][s];
      dh = new double[batch][n];
    }

    /** Copies the flat (B, S) inputs and (B, N) states into the row arrays. */
    void loadRows(double[] xFlat, double[] hFlat, int batch) {
      int s = cell.inputSize();
      int n = cell.hiddenSize();
      for (int b = 0; b < batch; b++) {
        System.arraycopy(xFlat, b * s, x[b], 0, s);
        System.arraycopy(hFlat, b * n, h[b], 0, n);
      }
    }
  }

  /**
   * {@link LstmCell#forward}: hNext, cNext (B, N) from x (B, S), h and c (B, N); the gates and
   * tanh(c') into {@code tape} when it is not null. {@code ws} is prepared for p, pOff and batch.
   */
  static void forward(
      LstmCell cell, double[] p, int pOff, double[] xFlat, double[] hFlat, double[] c, int batch,
      double[] hNext, double[] cNext, Tape tape, Workspace ws) {
    int s = cell.inputSize();
    int n = cell.hiddenSize();
    int g = 4 * n;
    ws.loadRows(xFlat, hFlat, batch);
    // z = (W_in·x + b_in) + W_rec·h, the two sums kept apart as in the reference
    Linear.forwardBatch(ws.z, ws.x, ws.wtIn, ws.biasIn, g, s, batch);
    Linear.forwardBatch(ws.zRec, ws.h, ws.wtRec, null, g, n, batch);
    double[] tc = ws.tanhC;
    double forgetBias = cell.forgetBias();
    for (int b = 0; b < batch; b++) {
      double[] zb = ws.z[b];
      double[] rb = ws.zRec[b];
      for (int k = 0; k < g; k++) {
        zb[k] += rb[k];
      }
      for (int j = 2 * n; j < 3 * n; j++) {
        zb[j] += forgetBias;
      }
      // zb becomes tanh(i) | σ(ig) | σ(fg + β) | σ(og)
      KERNEL.tanh(zb, 0, n);
      KERNEL.sigmoid(zb, n, g);
      int o = b * n;
      for (int j = 0; j < n; j++) {
        double cj = c[o + j] * zb[2 * n + j] + zb[j] * zb[n + j];
        cNext[o + j] = cj;
        tc[j] = cj;
      }
      KERNEL.tanh(tc, 0, n);
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
   * {@link LstmCell#backward}: adds the parameter gradients to dP, overwrites dX (B, S), dH and dC
   * (B, N). {@code ws} is prepared for p, pOff and batch.
   */
  static void backward(
      LstmCell cell, double[] p, int pOff, double[] xFlat, double[] hFlat, double[] c, int batch,
      Tape tape, double[] dHNext, double[] dCNext, double[] dP, double[] dX, double[] dH,
      double[] dC, Workspace ws) {
    int s = cell.inputSize();
    int n = cell.hiddenSize();
    int g = 4 * n;
    ws.loadRows(xFlat, hFlat, batch);
    double[] gates = tape.gates;
    for (int b = 0; b < batch; b++) {
      double[] dzb = ws.dz[b];
      int o = b * n;
      int zo = b * g;
      for (int j = 0; j < n; j++) {
        double ti = gates[zo + j];
        double ig = gates[zo + n + j];
        double fg = gates[zo + 2 * n + j];
        double og = gates[zo + 3 * n + j];
        double tc = tape.tanhC[o + j];
        double dh = dHNext[o + j];
        // in the forward pass this was: h' = tanh(c')·σ(og);  c' = c·σ(fg + β) + tanh(i)·σ(ig)
        double dcTotal = dCNext[o + j] + dh * og * (1.0 - tc * tc);
        dzb[3 * n + j] = dh * tc * og * (1.0 - og);
        dzb[2 * n + j] = dcTotal * c[o + j] * fg * (1.0 - fg);
        dzb[j] = dcTotal * ig * (1.0 - ti * ti);
        dzb[n + j] = dcTotal * ti * ig * (1.0 - ig);
        dC[o + j] = dcTotal * fg;
      }
      java.util.Arrays.fill(ws.dx[b], 0, s, 0.0);
      java.util.Arrays.fill(ws.dh[b], 0, n, 0.0);
    }
    // in the forward pass this was: z = W_in·x + b_in + W_rec·h
    Linear.backwardBatch(ws.dx, dP, pOff + cell.oInW, pOff + cell.oInB, ws.dz, 0, ws.x, ws.wIn,
        null, g, s, batch, ws.row);
    Linear.backwardBatch(ws.dh, dP, pOff + cell.oRecW, -1, ws.dz, 0, ws.h, ws.wRec, null, g, n,
        batch, ws.row);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(ws.dx[b], 0, dX, b * s, s);
      System.arraycopy(ws.dh[b], 0, dH, b * n, n);
    }
  }
}
