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
    if (inputSize < 1) {
      throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
    }
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + units);
    }
    this.lstm = new LstmCell(inputSize, units);
    this.inputs = inputSize;
    this.units = units;
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

  /** The gates z (B, 4N) and the new memory c' (B, N). */
  private static final class LstmTape implements Tape {
    final int units;
    final int batch;
    final double[] z;
    final double[] cNext;

    LstmTape(int batch, int units) {
      this.units = units;
      this.batch = batch;
      z = new double[batch * 4 * units];
      cNext = new double[batch * units];
    }
  }

  @Override
  public Tape newTape(int batch) {
    return new LstmTape(batch, units);
  }

  /** Reuses {@code old} when it is a tape of this size: forward overwrites it all. */
  @Override
  public Tape newTape(int batch, java.util.random.RandomGenerator rng, Tape old) {
    if (old instanceof LstmTape t && t.units == units && t.batch == batch) {
      return t;
    }
    return newTape(batch);
  }

  /** Splits (B, 2N) into h and c, each (B, N). */
  private double[][] split(double[] state, int batch) {
    double[] h = new double[batch * units];
    double[] c = new double[batch * units];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(state, b * 2 * units, h, b * units, units);
      System.arraycopy(state, b * 2 * units + units, c, b * units, units);
    }
    return new double[][] {h, c};
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
    double[][] hc = split(h, batch);
    double[] hN = new double[batch * units];
    double[] cN = new double[batch * units];
    LstmTape t = (LstmTape) tape;
    lstm.forward(p, pOff, x, hc[0], hc[1], batch, hN, cN, t == null ? null : t.z);
    if (t != null) {
      System.arraycopy(cN, 0, t.cNext, 0, cN.length);
    }
    join(hN, cN, batch, hNext);
    System.arraycopy(hN, 0, out, 0, hN.length);
  }

  @Override
  public void backward(
      double[] p, int pOff, double[] x, double[] h, double[] dt, int batch, Tape tape,
      double[] dHNext, double[] dOut, double[] dP, double[] dX, double[] dH,
      Workspace workspace) {
    LstmTape t = (LstmTape) tape;
    double[][] hc = split(h, batch);
    double[][] dNext = split(dHNext, batch);
    // out = h': its gradient joins the one arriving through the state.
    for (int i = 0; i < dOut.length; i++) {
      dNext[0][i] += dOut[i];
    }
    double[] dh = new double[batch * units];
    double[] dc = new double[batch * units];
    lstm.backward(p, pOff, x, hc[0], hc[1], batch, t.z, t.cNext, dNext[0], dNext[1], dP, dX, dh,
        dc);
    join(dh, dc, batch, dH);
  }
}
