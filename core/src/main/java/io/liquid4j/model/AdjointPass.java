package io.liquid4j.model;

import io.liquid4j.cell.Cell;
import io.liquid4j.solver.SolverKind;
import java.util.Arrays;

/**
 * Gradients by the adjoint sensitivity method (Chen et al. 2018, after Pontryagin): memory does
 * not grow with the sequence length, because no step's internal state is kept. The forward pass
 * keeps only the final state; the backward sweep reconstructs each earlier state by integrating
 * the ODE backward in time over the step, h_t ≈ Φ(h_{t+1}, x_t, −Δt_t), and propagates the
 * adjoint a = dL/dh through that one step (recomputed with a tape) before moving on. Parameter and
 * input gradients accumulate along the way.
 *
 * <p>The gradients equal backpropagation's up to the error of the backward reconstruction, which
 * shrinks with the solver's step: for RK4 quickly (order 4), for Euler slowly (order 1). Strongly
 * dissipative dynamics amplify the reconstruction error going backward — the adjoint method's
 * known weakness — so prefer backpropagation ({@link SequenceModel#forwardForTraining}) unless
 * memory is the constraint. Available for LTC and CTRNN models with the Euler or RK4 solver and
 * without mixed memory (the LSTM is not invertible in time).
 *
 * <p>With valid steps ({@link #forward(SequenceModel, double[], int, int, double[], double[],
 * ModelState)}), padded steps are handled as {@link SequenceModel#forwardForTraining} handles
 * them: a padded step leaves the state and the output as they were (Keras's masked RNN), so the
 * backward sweep reconstructs nothing there and passes dL/dh straight through, and the output
 * gradient of a padded step goes to the last valid step before it (none before the first valid
 * step, whose outputs are zeros); padded steps' inputs get zero gradients.
 *
 * <p>Not thread-safe: a pass is for one {@link #backward} call from one thread. Passes of the
 * same model may run on different threads at once.
 */
public final class AdjointPass {
  private final SequenceModel model;
  private final int batch;
  private final int length;
  private final double[] x;
  private final double[] timespans;
  private final double[] validSteps; // (B, L) 1 = valid, 0 = padded; null when all are valid
  private final SequenceOutput output;
  private boolean used;

  AdjointPass(
      SequenceModel model, double[] x, int batch, int length, double[] timespans,
      ModelState initial) {
    this(model, x, batch, length, timespans, null, initial);
  }

  /**
   * Runs a batch of sequences of different lengths, padded to L, forward for gradients by the
   * adjoint method: the outputs and final state are {@link SequenceModel#forward(double[], int,
   * int, double[], double[], ModelState)}'s with the same valid steps, and {@link #backward}
   * passes gradients straight through padded steps, as {@link SequenceModel#forwardForTraining}
   * does.
   *
   * @param model an LTC or CTRNN model with the euler or rk4 solver and no mixed memory
   * @param x (B, L, S) inputs, finite also at padded steps. Not modified (the pass keeps a copy).
   * @param batch B
   * @param length L
   * @param timespans (B, L) elapsed time of each step, or null for Δt = 1; ignored at padded
   *     steps. Not modified.
   * @param validSteps (B, L) 1 for a valid step, 0 for a padded one; null for all valid. Not
   *     modified (the pass keeps a copy).
   * @param initial initial state with batch B, or null for zeros
   * @return a new pass, for one {@code backward}; not thread-safe, one per thread
   * @throws IllegalArgumentException as {@link SequenceModel#forward(double[], int, int, double[],
   *     double[], ModelState)}, or when the model is not an LTC or CTRNN with the euler or rk4
   *     solver and no mixed memory (the message starts with {@code adjoint:})
   */
  public static AdjointPass forward(
      SequenceModel model, double[] x, int batch, int length, double[] timespans,
      double[] validSteps, ModelState initial) {
    java.util.Objects.requireNonNull(model, "model");
    ValidSteps.check(validSteps, batch, length);
    timespans = ValidSteps.timespansToRun(timespans, validSteps);
    InputChecks.sequence(x, batch, length, model.inputSize(), timespans, initial,
        model.stateSize(), model.config().mixedMemory());
    return new AdjointPass(model, x, batch, length, timespans, validSteps, initial);
  }

  private AdjointPass(
      SequenceModel model, double[] x, int batch, int length, double[] timespans,
      double[] validSteps, ModelState initial) {
    ModelConfig c = model.config();
    if (c.model() != ModelKind.LTC && c.model() != ModelKind.CTRNN) {
      throw new IllegalArgumentException(
          "adjoint: only for ODE cells (LTC, CTRNN), not " + c.model().configName());
    }
    if (c.solver() != SolverKind.EULER && c.solver() != SolverKind.RK4) {
      throw new IllegalArgumentException("adjoint: needs an explicit fixed-step solver (euler or"
          + " rk4) to integrate backward in time, not " + c.solver().configName());
    }
    if (c.mixedMemory()) {
      throw new IllegalArgumentException(
          "adjoint: mixed memory is a discrete LSTM, which cannot be run backward in time");
    }
    this.model = model;
    this.batch = batch;
    this.length = length;
    this.x = x.clone();
    this.timespans = timespans == null ? null : timespans.clone();
    this.validSteps = validSteps == null ? null : validSteps.clone();
    this.output = model.forward(x, batch, length, timespans, validSteps, initial);
  }

  /**
   * The outputs and final state, equal to {@link SequenceModel#forward}'s.
   *
   * @return the forward pass's output
   */
  public SequenceOutput output() {
    return output;
  }

  /**
   * The backward sweep.
   *
   * @param dOutputs dL/dy shaped like the outputs. Not modified.
   * @param dFinalH dL/dh_L (B, N) or null
   * @return the gradients (parameters, inputs, initial state; no memory c), in new arrays
   * @throws IllegalStateException if backward was already called on this pass
   * @throws IllegalArgumentException if {@code dOutputs} is null or not shaped like the outputs
   */
  public Gradients backward(double[] dOutputs, double[] dFinalH) {
    if (used) {
      throw new IllegalStateException("backward was already called on this adjoint pass");
    }
    used = true;
    int s = model.inputSize();
    int n = model.stateSize();
    int m = model.cell().outputSize();
    int o = model.outputSize();
    boolean sequences = model.config().returnSequences();
    int expected = sequences ? batch * length * o : batch * o;
    if (dOutputs == null || dOutputs.length != expected) {
      throw new IllegalArgumentException("dOutputs: expected " + expected + " values, got "
          + (dOutputs == null ? "null" : String.valueOf(dOutputs.length)));
    }
    double[] p = model.rawParameters();
    Cell cell = model.cell();
    int cellOff = model.cellOffset();
    double[] dP = new double[p.length];
    double[] dX = new double[batch * length * s];
    double[] h = output.finalState().h();
    double[] dh = dFinalH != null ? dFinalH.clone() : new double[batch * n];
    double[] xt = new double[batch * s];
    double[] dt = new double[batch];
    double[] backDt = new double[batch];
    double[] hPrev = new double[batch * n];
    double[] hAgain = new double[batch * n];
    double[] out = new double[batch * m];
    double[] dy = new double[batch * o];
    double[] dOut = new double[batch * m];
    double[] dXt = new double[batch * s];
    double[] dHPrev = new double[batch * n];
    // With padding: dL/dy carried back from padded steps to the last valid step before them, and
    // the padded rows' dL/dh, kept aside while the cell's backward sees zeros for them.
    double[] dyCarry = validSteps != null ? new double[batch * o] : null;
    double[] dhCarry = validSteps != null ? new double[batch * n] : null;
    Cell.Tape tape = cell.newTape(batch);
    for (int t = length - 1; t >= 0; t--) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(x, (b * length + t) * s, xt, b * s, s);
        dt[b] = timespans == null ? 1.0 : timespans[b * length + t];
        backDt[b] = -dt[b];
      }
      // Reverse-time integration over the step: the state before it.
      cell.forward(p, cellOff, xt, h, backDt, batch, hPrev, out, null);
      if (validSteps != null) {
        // A padded step did not move the state: the state before it is the state after it.
        for (int b = 0; b < batch; b++) {
          if (validSteps[b * length + t] == 0.0) {
            System.arraycopy(h, b * n, hPrev, b * n, n);
          }
        }
      }
      // Recompute the step from there, recording it, and propagate the adjoint through it.
      cell.forward(p, cellOff, xt, hPrev, dt, batch, hAgain, out, tape);
      Arrays.fill(dy, 0.0);
      if (sequences) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(dOutputs, (b * length + t) * o, dy, b * o, o);
        }
      } else if (t == length - 1) {
        System.arraycopy(dOutputs, 0, dy, 0, batch * o);
      }
      if (validSteps != null) {
        divertPadded(t, n, o, dy, dh, dyCarry, dhCarry);
      }
      TrainingPass.projectBackward(model, batch, p, dP, out, dy, dOut);
      cell.backward(p, cellOff, xt, hPrev, dt, batch, tape, dh, dOut, dP, dXt, dHPrev);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dXt, b * s, dX, (b * length + t) * s, s);
      }
      if (validSteps != null) {
        for (int b = 0; b < batch; b++) {
          if (validSteps[b * length + t] == 0.0) {
            System.arraycopy(dhCarry, b * n, dHPrev, b * n, n);
          }
        }
      }
      System.arraycopy(dHPrev, 0, dh, 0, dh.length);
      System.arraycopy(hPrev, 0, h, 0, h.length);
    }
    return new Gradients(dP, dX, dh, null);
  }

  /**
   * Before undoing step t: at a valid row adds the output gradient carried back from later padded
   * steps; at a padded row moves dL/dy_t into the carry and dL/dh_t+1 aside, leaving zeros for
   * the step's own backward (so it adds nothing to the parameters' and inputs' gradients).
   */
  private void divertPadded(int t, int n, int o, double[] dy, double[] dh, double[] dyCarry,
      double[] dhCarry) {
    for (int b = 0; b < batch; b++) {
      if (validSteps[b * length + t] == 0.0) {
        for (int k = b * o; k < (b + 1) * o; k++) {
          dyCarry[k] += dy[k];
          dy[k] = 0.0;
        }
        System.arraycopy(dh, b * n, dhCarry, b * n, n);
        Arrays.fill(dh, b * n, (b + 1) * n, 0.0);
      } else {
        for (int k = b * o; k < (b + 1) * o; k++) {
          dy[k] += dyCarry[k];
          dyCarry[k] = 0.0;
        }
      }
    }
  }
}
