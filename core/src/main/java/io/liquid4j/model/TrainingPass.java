package io.liquid4j.model;

import io.liquid4j.cell.Cell;
import io.liquid4j.cell.LstmCell;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One forward pass over a batch with everything recorded for backpropagation through time, from
 * {@link SequenceModel#forwardForTraining}. Read {@link #output()}, compute the loss and its
 * gradient with respect to the outputs, then call {@link #backward} once.
 *
 * <p>Per step t (forward) and in reverse (backward):
 *
 * <pre>
 * mixed memory: (hIn, c_t+1) = LSTM(x_t, h_t, c_t)     else hIn = h_t
 * (out_t, h_t+1) = cell(x_t, hIn, Δt_t)
 * y_t = W·out_t + b (with proj_size) else out_t
 * </pre>
 *
 * <p>With the CfC paper's mixed memory ({@code cfc_variant: paper}) the LSTM's output u_t is the
 * cell's input and h_t its state: (out_t, h_t+1) = cell(u_t, h_t, Δt_t). Backward then adds the
 * two paths into dL/dh_t: through the cell's state and through the LSTM's recurrent input.
 *
 * <p>With valid steps, a padded step t of sequence b keeps h_t+1 = h_t, c_t+1 = c_t and
 * y_t = y_t−1 (Keras's masked RNN); backward then hands the gradients of h_t+1, c_t+1 and y_t
 * straight to h_t, c_t and y_t−1, and the step's cell and LSTM see zero upstream gradients, so
 * they add nothing to the parameters' or the step's inputs' gradients.
 *
 * <p>A training loop can hand a finished pass back to {@link SequenceModel#forwardForTraining(
 * double[], int, int, double[], ModelState, long, TrainingPass)}: its arrays (tapes, states,
 * gradients) are then overwritten instead of allocated again, which for an LTC is several
 * megabytes per step. Everything the earlier pass returned is overwritten with it.
 *
 * <p>Not thread-safe: a pass holds one batch's record and reuses its arrays; use it from one
 * thread. The {@link Gradients} it returns hold its own arrays (not copies), which a reuse
 * overwrites. Passes of the same model may run on different threads at once.
 */
public final class TrainingPass {
  private final Cell cell; // the structure the buffers are sized for
  private final int batch;
  private final int length;
  private SequenceModel model;
  // The forward record, (B, ·) per step.
  private final double[][] xt; // (B, S)
  private final double[][] dts; // (B)
  private final double[][] h; // (B, N) for t = 0..L: the state entering step t; h[L] is the last
  private final double[][] hIn; // the LSTM's output with mixed memory (else h): the cell's state,
  // or with the paper's mixed memory the cell's input (then the cell's state is h[t])
  private final boolean lstmFeedsCell;
  private final double[][] c; // (B, N) memory for t = 0..L with mixed memory, else null
  private final Cell.Tape[] lstmTapes; // the LSTM's, per step, with mixed memory; else null
  private Cell.Workspace lstmWorkspace; // the LSTM's, for the model's parameters
  private final Cell.Tape[] tapes;
  private Cell.Workspace workspace; // the cell's, for the model's parameters
  private final double[][] cellOut; // (B, M)
  private final double[] outputs; // (B, L, O) or (B, O)
  private final double[] y; // (B, O) scratch
  private double[] valid; // (B, L) 1 = valid step, 0 = padded; null when all are valid
  private double[] yPrev; // (B, O) the previous step's outputs, with valid steps
  private double[] cSaved; // (B, N) c_t as it entered step t, with valid steps and mixed memory
  private double[] dyCarry; // (B, O) dL/dy_t−1 carried back from padded steps
  private double[] dhCarry; // (B, N) dL/dh_t+1 of padded rows, carried past the cell
  private double[] dcCarry; // (B, N) dL/dc_t+1 of padded rows, carried past the LSTM
  // Backward arrays: the gradients returned, and scratch.
  private final double[] dP;
  private final double[] dX; // (B, L, S)
  private double[] dh; // (B, N) dL/dh entering the step being undone
  private double[] dc;
  private double[] dHin; // (B, N) dL/d(cell's input state)
  private double[] dhPrev; // (B, N) LSTM backward's results, swapped with dh and dc
  private double[] dcPrev;
  private final double[] dy; // (B, O)
  private final double[] dOut; // (B, M)
  private final double[] dXt; // (B, S)
  private final double[] dXl; // (B, S)
  private final double[] dU; // (B, N) dL/du, the LSTM's output, with the paper's mixed memory
  private SequenceOutput output; // built on first request
  private boolean used;

  private TrainingPass(SequenceModel model, int batch, int length) {
    this.cell = model.cell();
    this.batch = batch;
    this.length = length;
    int s = model.inputSize();
    int n = model.stateSize();
    int m = cell.outputSize();
    int o = model.outputSize();
    boolean mixed = model.lstm() != null;
    xt = new double[length][batch * s];
    dts = new double[length][batch];
    h = new double[length + 1][batch * n];
    hIn = mixed ? new double[length][batch * n] : h;
    c = mixed ? new double[length + 1][batch * n] : null;
    lstmTapes = mixed ? new Cell.Tape[length] : null;
    tapes = new Cell.Tape[length];
    cellOut = new double[length][batch * m];
    outputs = new double[model.config().returnSequences() ? batch * length * o : batch * o];
    y = new double[batch * o];
    dP = new double[model.rawParameters().length];
    dX = new double[batch * length * s];
    dh = new double[batch * n];
    dHin = new double[batch * n];
    dc = mixed ? new double[batch * n] : null;
    dhPrev = mixed ? new double[batch * n] : null;
    dcPrev = mixed ? new double[batch * n] : null;
    dy = new double[batch * o];
    dOut = new double[batch * m];
    dXt = new double[batch * s];
    dXl = mixed ? new double[batch * s] : null;
    lstmFeedsCell = model.lstmFeedsCell();
    dU = lstmFeedsCell ? new double[batch * n] : null;
  }

  /**
   * A pass for {@code model} over (B, L): {@code reuse} itself when it was made for a model of the
   * same structure (the same cell, as {@link SequenceModel#withParameters} keeps) and shape.
   */
  static TrainingPass run(
      SequenceModel model, double[] x, int batch, int length, double[] timespans,
      double[] validSteps, ModelState initial, SplittableRandom rng, TrainingPass reuse) {
    TrainingPass pass = reuse != null && reuse.cell == model.cell() && reuse.batch == batch
        && reuse.length == length && reuse.model.lstm() == model.lstm()
        && reuse.model.config().returnSequences() == model.config().returnSequences()
        ? reuse : new TrainingPass(model, batch, length);
    pass.valid = validSteps == null ? null : validSteps.clone();
    pass.forward(model, x, timespans, initial, rng);
    return pass;
  }

  private void forward(
      SequenceModel model, double[] x, double[] timespans, ModelState initial,
      SplittableRandom rng) {
    this.model = model;
    this.output = null;
    this.used = false;
    int s = model.inputSize();
    int o = model.outputSize();
    double[] p = model.rawParameters();
    LstmCell lstm = model.lstm();
    workspace = cell.newWorkspace(p, model.cellOffset(), batch, workspace);
    if (initial != null) {
      System.arraycopy(initial.h(), 0, h[0], 0, h[0].length);
    } else {
      Arrays.fill(h[0], 0.0);
    }
    if (lstm != null) {
      lstmWorkspace = lstm.newWorkspace(p, model.lstmOffset(), batch, lstmWorkspace);
      if (initial != null) {
        System.arraycopy(initial.c(), 0, c[0], 0, c[0].length);
      } else {
        Arrays.fill(c[0], 0.0);
      }
    }
    boolean sequences = model.config().returnSequences();
    int n = model.stateSize();
    if (valid != null) {
      yPrev = ensure(yPrev, batch * o);
      Arrays.fill(yPrev, 0.0);
    }
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(x, (b * length + t) * s, xt[t], b * s, s);
        dts[t][b] = timespans == null ? 1.0 : timespans[b * length + t];
      }
      if (lstm != null) {
        lstmTapes[t] = lstm.newTape(batch, lstmTapes[t]);
        lstm.forward(p, model.lstmOffset(), xt[t], h[t], c[t], batch, hIn[t], c[t + 1],
            lstmTapes[t], lstmWorkspace);
      }
      tapes[t] = cell.newTape(batch, rng == null ? null : rng.split(), tapes[t]);
      if (lstmFeedsCell) {
        cell.forward(p, model.cellOffset(), hIn[t], h[t], dts[t], batch, h[t + 1], cellOut[t],
            tapes[t], workspace);
      } else {
        cell.forward(p, model.cellOffset(), xt[t], hIn[t], dts[t], batch, h[t + 1],
            cellOut[t], tapes[t], workspace);
      }
      model.project(cellOut[t], y, batch);
      if (valid != null) {
        carryPadded(t, n, o);
      }
      if (sequences) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(y, b * o, outputs, (b * length + t) * o, o);
        }
      } else if (t == length - 1) {
        System.arraycopy(y, 0, outputs, 0, batch * o);
      }
    }
  }

  /**
   * At the padded rows of step t: h_t+1 = h_t, c_t+1 = c_t and y_t = y_t−1; then remembers y_t.
   * The LSTM wrote c_t+1 and hIn_t in their own arrays, so c_t is still there to copy.
   */
  private void carryPadded(int t, int n, int o) {
    for (int b = 0; b < batch; b++) {
      if (valid[b * length + t] == 0.0) {
        System.arraycopy(h[t], b * n, h[t + 1], b * n, n);
        if (c != null) {
          System.arraycopy(c[t], b * n, c[t + 1], b * n, n);
        }
        System.arraycopy(yPrev, b * o, y, b * o, o);
      }
    }
    System.arraycopy(y, 0, yPrev, 0, y.length);
  }

  private static double[] ensure(double[] a, int size) {
    return a != null && a.length == size ? a : new double[size];
  }

  /**
   * The outputs and final state, equal to {@link SequenceModel#forward}'s.
   *
   * @return the output, built on the first call and returned again until the pass is reused; it
   *     holds copies, so a reuse does not change it
   */
  public SequenceOutput output() {
    if (output == null) {
      int o = model.outputSize();
      int[] shape = model.config().returnSequences() ? new int[] {batch, length, o}
          : new int[] {batch, o};
      output = new SequenceOutput(outputs, shape,
          new ModelState(batch, model.stateSize(), h[length], c == null ? null : c[length]));
    }
    return output;
  }

  /**
   * Number of output values.
   *
   * @return B·L·O with return_sequences, B·O without
   */
  public int outputLength() {
    return outputs.length;
  }

  /**
   * Copies the outputs, {@link #outputLength()} values, to {@code dst[offset...]}, without
   * building {@link #output()}.
   *
   * @param dst the array to write to. Modified.
   * @param offset index in {@code dst} of the first value
   * @throws IndexOutOfBoundsException if {@code dst} has no room for them from {@code offset}
   */
  public void copyOutputs(double[] dst, int offset) {
    System.arraycopy(outputs, 0, dst, offset, outputs.length);
  }

  /**
   * Backpropagation through time.
   *
   * @param dOutputs dL/dy, shaped like the outputs. Not modified.
   * @param dFinalH dL/dh_L (B, N), or null when the loss does not read the final state
   * @param dFinalC dL/dc_L (B, N) with mixed memory, or null
   * @return exact gradients of the loss; the arrays are this pass's own, overwritten when the
   *     pass is reused
   * @throws IllegalArgumentException if {@code dOutputs} is null or not shaped like the outputs
   * @throws IllegalStateException if backward was already called since this pass's forward run
   */
  public Gradients backward(double[] dOutputs, double[] dFinalH, double[] dFinalC) {
    if (dOutputs == null || dOutputs.length != outputs.length) {
      throw new IllegalArgumentException(
          "dOutputs: expected " + outputs.length + " values (shape "
              + Arrays.toString(output().shape()) + "), got "
              + (dOutputs == null ? "null" : String.valueOf(dOutputs.length)));
    }
    return backward(dOutputs, 0, dFinalH, dFinalC);
  }

  /**
   * Backpropagation through time with dL/dy read from {@code dOutputs[offset...]}, {@link
   * #outputLength()} values (a chunk's slice of a whole batch's gradient); otherwise as {@link
   * #backward(double[], double[], double[])}.
   *
   * @param dOutputs dL/dy; {@link #outputLength()} values from {@code offset} are read, shaped
   *     like the outputs. Not modified.
   * @param offset index in {@code dOutputs} of the first value, ≥ 0
   * @param dFinalH dL/dh_L (B, N), or null when the loss does not read the final state
   * @param dFinalC dL/dc_L (B, N) with mixed memory, or null
   * @return exact gradients of the loss; the arrays are this pass's own, overwritten when the
   *     pass is reused
   * @throws IllegalArgumentException if {@code dOutputs} is null or too short from {@code offset}
   * @throws IllegalStateException if backward was already called since this pass's forward run
   */
  public Gradients backward(
      double[] dOutputs, int offset, double[] dFinalH, double[] dFinalC) {
    if (used) {
      throw new IllegalStateException("backward was already called on this training pass");
    }
    if (dOutputs == null || offset < 0 || dOutputs.length - offset < outputs.length) {
      throw new IllegalArgumentException(
          "dOutputs: expected " + outputs.length + " values from offset " + offset + ", got "
              + (dOutputs == null ? "null" : String.valueOf(dOutputs.length)));
    }
    used = true;
    int s = model.inputSize();
    int o = model.outputSize();
    boolean sequences = model.config().returnSequences();
    double[] p = model.rawParameters();
    LstmCell lstm = model.lstm();
    Arrays.fill(dP, 0.0);
    copyOrZero(dFinalH, dh);
    if (lstm != null) {
      copyOrZero(dFinalC, dc);
    }
    int n = model.stateSize();
    if (valid != null) {
      dyCarry = ensure(dyCarry, batch * o);
      dhCarry = ensure(dhCarry, batch * n);
      Arrays.fill(dyCarry, 0.0);
      if (lstm != null) {
        dcCarry = ensure(dcCarry, batch * n);
      }
    }
    for (int t = length - 1; t >= 0; t--) {
      Arrays.fill(dy, 0.0);
      if (sequences) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(dOutputs, offset + (b * length + t) * o, dy, b * o, o);
        }
      } else if (t == length - 1) {
        System.arraycopy(dOutputs, offset, dy, 0, batch * o);
      }
      if (valid != null) {
        divertPadded(t, n, o, lstm != null);
      }
      projectBackward(model, batch, p, dP, cellOut[t], dy, dOut);
      if (lstmFeedsCell) {
        backwardPaperMixed(t, p, s);
        if (valid != null) {
          restorePadded(t, n, true);
        }
        continue;
      }
      cell.backward(p, model.cellOffset(), xt[t], hIn[t], dts[t], batch, tapes[t], dh, dOut, dP,
          dXt, dHin, workspace);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dXt, b * s, dX, (b * length + t) * s, s);
      }
      if (lstm != null) {
        lstm.backward(p, model.lstmOffset(), xt[t], h[t], c[t], batch, lstmTapes[t], dHin, dc,
            dP, dXl, dhPrev, dcPrev, lstmWorkspace);
        for (int b = 0; b < batch; b++) {
          for (int k = 0; k < s; k++) {
            dX[(b * length + t) * s + k] += dXl[b * s + k];
          }
        }
        double[] swap = dh;
        dh = dhPrev;
        dhPrev = swap;
        swap = dc;
        dc = dcPrev;
        dcPrev = swap;
      } else {
        double[] swap = dh;
        dh = dHin;
        dHin = swap;
      }
      if (valid != null) {
        restorePadded(t, n, lstm != null);
      }
    }
    return new Gradients(dP, dX, dh, dc);
  }

  /**
   * Undoes step t of the CfC paper's mixed memory, (u, c_t+1) = LSTM(x_t, h_t, c_t) and h_t+1 =
   * cell(u, h_t): the cell gives dL/du and its part of dL/dh_t, the LSTM dL/dx_t, dL/dc_t and its
   * part of dL/dh_t; leaves dL/dh_t and dL/dc_t in dh and dc.
   */
  private void backwardPaperMixed(int t, double[] p, int s) {
    LstmCell lstm = model.lstm();
    cell.backward(p, model.cellOffset(), hIn[t], h[t], dts[t], batch, tapes[t], dh, dOut, dP,
        dU, dHin, workspace);
    lstm.backward(p, model.lstmOffset(), xt[t], h[t], c[t], batch, lstmTapes[t], dU, dc, dP,
        dXl, dhPrev, dcPrev, lstmWorkspace);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(dXl, b * s, dX, (b * length + t) * s, s);
    }
    for (int k = 0; k < dhPrev.length; k++) {
      dhPrev[k] += dHin[k];
    }
    double[] swap = dh;
    dh = dhPrev;
    dhPrev = swap;
    swap = dc;
    dc = dcPrev;
    dcPrev = swap;
  }

  /**
   * Before undoing step t: adds the output gradient carried back from later padded steps; at the
   * padded rows moves dL/dy_t, dL/dh_t+1 and dL/dc_t+1 aside (to reach step t−1 unchanged) and
   * leaves zeros for the step's own backward.
   */
  private void divertPadded(int t, int n, int o, boolean mixed) {
    for (int b = 0; b < batch; b++) {
      if (valid[b * length + t] == 0.0) {
        for (int k = b * o; k < (b + 1) * o; k++) {
          dyCarry[k] += dy[k];
          dy[k] = 0.0;
        }
        System.arraycopy(dh, b * n, dhCarry, b * n, n);
        Arrays.fill(dh, b * n, (b + 1) * n, 0.0);
        if (mixed) {
          System.arraycopy(dc, b * n, dcCarry, b * n, n);
          Arrays.fill(dc, b * n, (b + 1) * n, 0.0);
        }
      } else {
        for (int k = b * o; k < (b + 1) * o; k++) {
          dy[k] += dyCarry[k];
          dyCarry[k] = 0.0;
        }
      }
    }
  }

  /** After undoing step t: the padded rows' dL/dh_t and dL/dc_t are what reached h_t+1, c_t+1. */
  private void restorePadded(int t, int n, boolean mixed) {
    for (int b = 0; b < batch; b++) {
      if (valid[b * length + t] == 0.0) {
        System.arraycopy(dhCarry, b * n, dh, b * n, n);
        if (mixed) {
          System.arraycopy(dcCarry, b * n, dc, b * n, n);
        }
      }
    }
  }

  private static void copyOrZero(double[] from, double[] to) {
    if (from != null) {
      System.arraycopy(from, 0, to, 0, to.length);
    } else {
      Arrays.fill(to, 0.0);
    }
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
    float[] w32 = model.fcWeight32();
    if (w32 != null) {
      projectBackwardFloat(batch, in, k, w32, w, bias, dP, out, dy, dOut);
      return;
    }
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

  /**
   * {@link #projectBackward} in float32 (see {@link io.liquid4j.cell.Precision}): dy rounded to
   * float, each product a float, dOut's sums over r in increasing order as float, as the float64
   * loop adds them; the parameter gradients' products are added into the double dP.
   */
  private static void projectBackwardFloat(int batch, int in, int k, float[] w32, int w,
      int bias, double[] dP, double[] out, double[] dy, double[] dOut) {
    for (int b = 0; b < batch; b++) {
      for (int r = 0; r < k; r++) {
        float d = (float) dy[b * k + r];
        dP[bias + r] += d;
        for (int i = 0; i < in; i++) {
          dP[w + r * in + i] += d * (float) out[b * in + i];
        }
      }
      for (int i = 0; i < in; i++) {
        float sum = 0f;
        for (int r = 0; r < k; r++) {
          sum += w32[r * in + i] * (float) dy[b * k + r];
        }
        dOut[b * in + i] = sum;
      }
    }
  }
}
