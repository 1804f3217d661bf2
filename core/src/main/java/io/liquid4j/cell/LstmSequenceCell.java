package io.liquid4j.cell;

import java.util.random.RandomGenerator;

/**
 * A plain LSTM as a {@link Cell}, the discrete-time baseline of the LTC paper: the state is [h | c]
 * (2N values per sample), the output is h. It ignores Δt, like any discrete RNN. The equations are
 * those of {@link LstmCell} (ncps's mixed-memory LSTM, forget-gate bias +1).
 */
public final class LstmSequenceCell implements Cell {
  private final LstmCell lstm;
  private final int inputs;
  private final int units;

  /**
   * An LSTM with S inputs and N units.
   *
   * @param inputSize S ≥ 1
   * @param units N ≥ 1
   * @throws IllegalArgumentException if a size is below 1
   */
  public LstmSequenceCell(int inputSize, int units) {
    this(inputSize, units, Precision.FLOAT64);
  }

  /**
   * An LSTM with S inputs and N units whose steps compute in {@code precision} (see {@link
   * LstmCell}; the state and the arrays of the {@link Cell} interface stay double).
   *
   * @param inputSize S ≥ 1
   * @param units N ≥ 1
   * @param precision the arithmetic of each step (see {@link Precision})
   * @throws IllegalArgumentException if a size is below 1
   */
  public LstmSequenceCell(int inputSize, int units, Precision precision) {
    java.util.Objects.requireNonNull(precision, "precision");
    if (inputSize < 1) {
      throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
    }
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + units);
    }
    this.lstm = new LstmCell(inputSize, units, precision);
    this.inputs = inputSize;
    this.units = units;
  }

  /**
   * The arithmetic of each step.
   *
   * @return float64 or float32
   */
  public Precision precision() {
    return lstm.precision();
  }

  @Override
  public int inputSize() {
    return inputs;
  }

  @Override
  public int stateSize() {
    return 2 * units;
  }

  @Override
  public int outputSize() {
    return units;
  }

  @Override
  public ParameterLayout layout() {
    return lstm.layout();
  }

  @Override
  public void initParameters(double[] p, int pOff, RandomGenerator rng) {
    lstm.initParameters(p, pOff, rng);
  }

  /** The LSTM's tape of the step: its gates and tanh(c'). */
  private final class SequenceTape implements Tape {
    final Cell.Tape lstmTape;
    final int batch;

    SequenceTape(int batch) {
      this.batch = batch;
      lstmTape = lstm.newTape(batch, null);
    }

    LstmSequenceCell owner() {
      return LstmSequenceCell.this;
    }
  }

  @Override
  public Tape newTape(int batch) {
    return new SequenceTape(batch);
  }

  /** Reuses {@code old} when it is a tape of this size: forward overwrites it all. */
  @Override
  public Tape newTape(int batch, java.util.random.RandomGenerator rng, Tape old) {
    if (old instanceof SequenceTape t && t.owner() == this && t.batch == batch) {
      return t;
    }
    return newTape(batch);
  }

  /**
   * The LSTM's workspace, and the state [h | c] split into its halves, each (B, N), for the
   * LSTM's calls (so that a step allocates nothing).
   */
  private final class SequenceWorkspace implements Workspace {
    Cell.Workspace lstmWorkspace;
    int capacity;
    double[] h;
    double[] c;
    double[] hNext;
    double[] cNext;
    double[] dHNext;
    double[] dCNext;
    double[] dH;
    double[] dC;

    SequenceWorkspace(double[] p, int pOff, int batch) {
      lstmWorkspace = lstm.newWorkspace(p, pOff, batch, null);
      ensure(batch);
    }

    LstmSequenceCell owner() {
      return LstmSequenceCell.this;
    }

    void ensure(int batch) {
      if (batch <= capacity) {
        return;
      }
      capacity = batch;
      h = new double[batch * units];
      c = new double[batch * units];
      hNext = new double[batch * units];
      cNext = new double[batch * units];
      dHNext = new double[batch * units];
      dCNext = new double[batch * units];
      dH = new double[batch * units];
      dC = new double[batch * units];
    }
  }

  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch) {
    return new SequenceWorkspace(p, pOff, batch);
  }

  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
    if (old instanceof SequenceWorkspace ws && ws.owner() == this) {
      ws.lstmWorkspace = lstm.newWorkspace(p, pOff, batch, ws.lstmWorkspace);
      ws.ensure(batch);
      return ws;
    }
    return new SequenceWorkspace(p, pOff, batch);
  }

  private SequenceWorkspace workspace(Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new SequenceWorkspace(p, pOff, batch);
    }
    SequenceWorkspace ws = (SequenceWorkspace) w;
    ws.ensure(batch);
    return ws;
  }

  /** Splits (B, 2N) into h and c, each (B, N). */
  private void split(double[] state, int batch, double[] h, double[] c) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(state, b * 2 * units, h, b * units, units);
      System.arraycopy(state, b * 2 * units + units, c, b * units, units);
    }
  }

  private void join(double[] h, double[] c, int batch, double[] state) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * units, state, b * 2 * units, units);
      System.arraycopy(c, b * units, state, b * 2 * units + units, units);
    }
  }

  @Override
  public void forward(
      double[] p, int pOff, double[] x, double[] h, double[] dt, int batch, double[] hNext,
      double[] out, Tape tape, Workspace workspace) {
    SequenceWorkspace ws = workspace(workspace, p, pOff, batch);
    SequenceTape t = checkTape(tape, batch);
    split(h, batch, ws.h, ws.c);
    lstm.forward(p, pOff, x, ws.h, ws.c, batch, ws.hNext, ws.cNext,
        t == null ? null : t.lstmTape, ws.lstmWorkspace);
    join(ws.hNext, ws.cNext, batch, hNext);
    System.arraycopy(ws.hNext, 0, out, 0, batch * units);
  }

  private SequenceTape checkTape(Tape tape, int batch) {
    SequenceTape t = (SequenceTape) tape;
    if (t != null && t.batch != batch) {
      throw new IllegalArgumentException(
          "tape was made for batches of " + t.batch + " samples, got " + batch);
    }
    return t;
  }

  @Override
  public void backward(
      double[] p, int pOff, double[] x, double[] h, double[] dt, int batch, Tape tape,
      double[] dHNext, double[] dOut, double[] dP, double[] dX, double[] dH,
      Workspace workspace) {
    SequenceTape t = checkTape(tape, batch);
    if (t == null) {
      throw new IllegalArgumentException("backward needs the tape recorded by forward");
    }
    SequenceWorkspace ws = workspace(workspace, p, pOff, batch);
    split(h, batch, ws.h, ws.c);
    split(dHNext, batch, ws.dHNext, ws.dCNext);
    // out = h': its gradient joins the one arriving through the state.
    for (int i = 0; i < batch * units; i++) {
      ws.dHNext[i] += dOut[i];
    }
    lstm.backward(p, pOff, x, ws.h, ws.c, batch, t.lstmTape, ws.dHNext, ws.dCNext, dP, dX, ws.dH,
        ws.dC, ws.lstmWorkspace);
    join(ws.dH, ws.dC, batch, dH);
  }
}
