package io.liquid4j.model;

import io.liquid4j.cell.Cell;
import io.liquid4j.cell.LstmCell;
import java.util.Arrays;

/**
 * One forward pass over a batch with everything recorded for backpropagation through time, from
 * {@link SequenceModel#forwardForTraining}. Use once: read {@link #output()}, compute the loss and
 * its gradient with respect to the outputs, then call {@link #backward}.
 *
 * <p>Per step t (forward) and in reverse (backward):
 *
 * <pre>
 * mixed memory: (hIn, c_t+1) = LSTM(x_t, h_t, c_t)     else hIn = h_t
 * (out_t, h_t+1) = cell(x_t, hIn, Δt_t)
 * y_t = W·out_t + b (with proj_size) else out_t
 * </pre>
 */
public final class TrainingPass {
  private final SequenceModel model;
  private final int batch;
  private final int length;
  private final double[] x; // (B, L, S)
  private final double[][] xt; // per step (B, S)
  private final double[][] dts; // per step (B)
  private final double[][] hPrev; // per step: state entering the step (B, N)
  private final double[][] hIn; // per step: state entering the cell (after the LSTM)
  private final double[][] cPrev; // per step: memory entering the step, or null
  private final double[][] cNext; // per step: memory leaving the step, or null
  private final double[][] lstmTape; // per step (B, 4N), or null
  private final Cell.Tape[] tapes;
  private final Cell.Workspace workspace; // the cell's, for the model's parameters
  private final double[][] cellOut; // per step (B, M)
  private final SequenceOutput output;
  private boolean used;

  TrainingPass(
      SequenceModel model, double[] x, int batch, int length, double[] timespans,
      ModelState initial, java.util.SplittableRandom rng) {
    this.model = model;
    this.batch = batch;
    this.length = length;
    this.x = x.clone();
    int s = model.inputSize();
    int n = model.stateSize();
    int m = model.cell().outputSize();
    int o = model.outputSize();
    double[] p = model.rawParameters();
    Cell cell = model.cell();
    LstmCell lstm = model.lstm();
    xt = new double[length][];
    dts = new double[length][];
    hPrev = new double[length][];
    hIn = new double[length][];
    cPrev = new double[length][];
    cNext = new double[length][];
    lstmTape = new double[length][];
    tapes = new Cell.Tape[length];
    workspace = cell.newWorkspace(p, model.cellOffset(), batch);
    cellOut = new double[length][];
    double[] h = initial != null ? initial.h() : new double[batch * n];
    double[] c = lstm == null ? null : (initial != null ? initial.c() : new double[batch * n]);
    boolean sequences = model.config().returnSequences();
    double[] outputs = new double[sequences ? batch * length * o : batch * o];
    double[] y = new double[batch * o];
    for (int t = 0; t < length; t++) {
      xt[t] = new double[batch * s];
      dts[t] = new double[batch];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(x, (b * length + t) * s, xt[t], b * s, s);
        dts[t][b] = timespans == null ? 1.0 : timespans[b * length + t];
      }
      hPrev[t] = h;
      if (lstm != null) {
        cPrev[t] = c;
        double[] hL = new double[batch * n];
        double[] cN = new double[batch * n];
        lstmTape[t] = new double[batch * 4 * n];
        lstm.forward(p, model.lstmOffset(), xt[t], h, c, batch, hL, cN, lstmTape[t]);
        cNext[t] = cN;
        hIn[t] = hL;
        c = cN;
      } else {
        hIn[t] = h;
      }
      tapes[t] = rng == null ? cell.newTape(batch) : cell.newTape(batch, rng.split());
      double[] hN = new double[batch * n];
      cellOut[t] = new double[batch * m];
      cell.forward(p, model.cellOffset(), xt[t], hIn[t], dts[t], batch, hN, cellOut[t], tapes[t],
          workspace);
      h = hN;
      model.project(cellOut[t], y, batch);
      if (sequences) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(y, b * o, outputs, (b * length + t) * o, o);
        }
      } else if (t == length - 1) {
        System.arraycopy(y, 0, outputs, 0, batch * o);
      }
    }
    int[] shape = sequences ? new int[] {batch, length, o} : new int[] {batch, o};
    output = new SequenceOutput(outputs, shape, new ModelState(batch, n, h, c));
  }

  /** The outputs and final state, equal to {@link SequenceModel#forward}'s. */
  public SequenceOutput output() {
    return output;
  }

  /**
   * Backpropagation through time.
   *
   * @param dOutputs dL/dy, shaped like the outputs. Not modified.
   * @param dFinalH dL/dh_L (B, N), or null when the loss does not read the final state
   * @param dFinalC dL/dc_L (B, N) with mixed memory, or null
   * @return exact gradients of the loss
   */
  public Gradients backward(double[] dOutputs, double[] dFinalH, double[] dFinalC) {
    if (used) {
      throw new IllegalStateException("backward was already called on this training pass");
    }
    used = true;
    int s = model.inputSize();
    int n = model.stateSize();
    int m = model.cell().outputSize();
    int o = model.outputSize();
    boolean sequences = model.config().returnSequences();
    int expected = sequences ? batch * length * o : batch * o;
    if (dOutputs == null || dOutputs.length != expected) {
      throw new IllegalArgumentException(
          "dOutputs: expected " + expected + " values (shape " + Arrays.toString(output.shape())
              + "), got " + (dOutputs == null ? "null" : String.valueOf(dOutputs.length)));
    }
    double[] p = model.rawParameters();
    Cell cell = model.cell();
    LstmCell lstm = model.lstm();
    double[] dP = new double[p.length];
    double[] dX = new double[batch * length * s];
    double[] dh = dFinalH != null ? dFinalH.clone() : new double[batch * n];
    double[] dc = lstm == null ? null : (dFinalC != null ? dFinalC.clone() : new double[batch * n]);
    double[] dy = new double[batch * o];
    double[] dOut = new double[batch * m];
    double[] dXt = new double[batch * s];
    double[] dHin = new double[batch * n];
    for (int t = length - 1; t >= 0; t--) {
      Arrays.fill(dy, 0.0);
      if (sequences) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(dOutputs, (b * length + t) * o, dy, b * o, o);
        }
      } else if (t == length - 1) {
        System.arraycopy(dOutputs, 0, dy, 0, batch * o);
      }
      projectBackward(model, batch, p, dP, cellOut[t], dy, dOut);
      cell.backward(p, model.cellOffset(), xt[t], hIn[t], dts[t], batch, tapes[t], dh, dOut, dP,
          dXt, dHin, workspace);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dXt, b * s, dX, (b * length + t) * s, s);
      }
      if (lstm != null) {
        double[] dXl = new double[batch * s];
        double[] dhPrev = new double[batch * n];
        double[] dcPrev = new double[batch * n];
        lstm.backward(p, model.lstmOffset(), xt[t], hPrev[t], cPrev[t], batch, lstmTape[t],
            cNext[t], dHin, dc, dP, dXl, dhPrev, dcPrev);
        for (int b = 0; b < batch; b++) {
          for (int k = 0; k < s; k++) {
            dX[(b * length + t) * s + k] += dXl[b * s + k];
          }
        }
        dh = dhPrev;
        dc = dcPrev;
      } else {
        dh = dHin.clone();
      }
    }
    return new Gradients(dP, dX, dh, dc);
  }

  /** Backward of y = W·out + b: adds to dW, db; writes dOut = Wᵀ·dy. */
  static void projectBackward(
      SequenceModel model, int batch, double[] p, double[] dP, double[] out, double[] dy,
      double[] dOut) {
    int in = model.cell().outputSize();
    int k = model.outputSize();
    int w = model.fcWeightOffset();
    if (w < 0) {
      System.arraycopy(dy, 0, dOut, 0, batch * in);
      return;
    }
    int bias = model.fcBiasOffset();
    Arrays.fill(dOut, 0.0);
    for (int b = 0; b < batch; b++) {
      for (int r = 0; r < k; r++) {
        double d = dy[b * k + r];
        dP[bias + r] += d;
        for (int i = 0; i < in; i++) {
          dP[w + r * in + i] += d * out[b * in + i];
          dOut[b * in + i] += p[w + r * in + i] * d;
        }
      }
    }
  }
}
