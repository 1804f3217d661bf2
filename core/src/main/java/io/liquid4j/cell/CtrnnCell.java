package io.liquid4j.cell;

import static io.liquid4j.cell.MathFunctions.softplus;

import io.liquid4j.solver.OdeSolver;
import io.liquid4j.solver.OdeSystem;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.solver.Solvers;
import java.util.random.RandomGenerator;

/**
 * The continuous-time RNN the LTC paper compares against:
 *
 * <pre>
 * dx/dt = −x / τ + f(W·[u, x] + b),     τ = softplus(tau) &gt; 0, learnable per neuron
 * </pre>
 *
 * integrated over each step's Δt with an explicit solver (Euler by default, as the paper's
 * baseline; RK4 or adaptive Dormand–Prince). The output is the state. Parameters: weight (N, S+N),
 * bias (N), tau (N, raw; softplus gives the time constant).
 */
public final class CtrnnCell implements Cell {
  private final int inputs;
  private final int units;
  private final Activation activation;
  private final SolverKind solver;
  private final int odeUnfolds;
  private final double rtol;
  private final double atol;
  private final ParameterLayout layout;
  private final int oW, oB, oTau;

  /**
   * Creates a CTRNN cell.
   *
   * @param inputSize S
   * @param units N
   * @param activation f
   * @param solver euler, rk4 or dopri5 (the fused solver is LTC-specific)
   * @param odeUnfolds sub-steps per step for euler and rk4
   */
  public CtrnnCell(
      int inputSize,
      int units,
      Activation activation,
      SolverKind solver,
      int odeUnfolds,
      double rtol,
      double atol) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
    }
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + units);
    }
    if (solver == SolverKind.FUSED) {
      throw new IllegalArgumentException(
          "solver: 'fused' is the LTC's semi-implicit solver; a CTRNN takes euler, rk4 or dopri5");
    }
    Solvers.of(solver, odeUnfolds, rtol, atol); // validates steps and tolerances
    this.inputs = inputSize;
    this.units = units;
    this.activation = activation;
    this.solver = solver;
    this.odeUnfolds = odeUnfolds;
    this.rtol = rtol;
    this.atol = atol;
    ParameterLayout.Builder b = ParameterLayout.builder();
    oW = b.add("weight", units, inputSize + units);
    oB = b.add("bias", units);
    oTau = b.add("tau", units);
    layout = b.build();
  }

  /** The activation f. */
  public Activation activation() {
    return activation;
  }

  /** The solver. */
  public SolverKind solver() {
    return solver;
  }

  @Override
  public int inputSize() {
    return inputs;
  }

  @Override
  public int stateSize() {
    return units;
  }

  @Override
  public int outputSize() {
    return units;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public void initParameters(double[] p, int pOff, RandomGenerator rng) {
    Linear.xavierUniform(p, pOff + oW, units, inputs + units, rng);
    Linear.defaultBias(p, pOff + oB, units, inputs + units, rng);
    double rawForTauOne = Math.log(Math.E - 1.0); // softplus(raw) = 1
    java.util.Arrays.fill(p, pOff + oTau, pOff + oTau + units, rawForTauOne);
  }

  @Override
  public void forward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out,
      Tape tape) {
    OdeSolver s = Solvers.of(solver, odeUnfolds, rtol, atol);
    double[] v = new double[units];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * units, v, 0, units);
      s.integrate(new Dynamics(p, pOff, x, b * inputs), v, dt[b]);
      System.arraycopy(v, 0, hNext, b * units, units);
      System.arraycopy(v, 0, out, b * units, units);
    }
  }

  private final class Dynamics implements OdeSystem {
    private final double[] p;
    private final int pOff;
    private final double[] ux; // [u, x]
    private final double[] pre = new double[units];

    Dynamics(double[] p, int pOff, double[] x, int xOff) {
      this.p = p;
      this.pOff = pOff;
      this.ux = new double[inputs + units];
      System.arraycopy(x, xOff, ux, 0, inputs);
    }

    @Override
    public int dimension() {
      return units;
    }

    @Override
    public void derivative(double[] v, double[] dvdt) {
      System.arraycopy(v, 0, ux, inputs, units);
      Linear.forward(pre, ux, 0, p, pOff + oW, pOff + oB, null, units, inputs + units);
      for (int j = 0; j < units; j++) {
        double tau = softplus(p[pOff + oTau + j]);
        dvdt[j] = -v[j] / tau + activation.apply(pre[j]);
      }
    }
  }

  @Override
  public Tape newTape(int batch) {
    throw new UnsupportedOperationException("backward of CTRNN is not implemented yet");
  }

  @Override
  public void backward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      Tape tape,
      double[] dHNext,
      double[] dOut,
      double[] dP,
      double[] dX,
      double[] dH) {
    throw new UnsupportedOperationException("backward of CTRNN is not implemented yet");
  }
}
