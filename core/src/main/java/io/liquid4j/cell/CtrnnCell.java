package io.liquid4j.cell;

import static io.liquid4j.cell.MathFunctions.sigmoid;
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
   * @param rtol relative tolerance of dopri5
   * @param atol absolute tolerance of dopri5
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

  /**
   * The activation f.
   *
   * @return the activation f
   */
  public Activation activation() {
    return activation;
  }

  /**
   * The solver.
   *
   * @return euler, rk4 or dopri5
   */
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

  /** The time constants τ_j = softplus(tau_j), computed once per call. */
  private double[] timeConstants(double[] p, int pOff) {
    double[] tau = new double[units];
    for (int j = 0; j < units; j++) {
      tau[j] = softplus(p[pOff + oTau + j]);
    }
    return tau;
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
      Tape tape,
      Workspace workspace) {
    CtrnnTape tp = (CtrnnTape) tape;
    checkTape(tp, batch);
    int n = units;
    double[] tau = timeConstants(p, pOff);
    double[] ux = new double[inputs + n];
    double[] v = new double[n];
    Scratch s = new Scratch();
    OdeSolver adaptive =
        solver == SolverKind.DOPRI5 ? Solvers.of(solver, odeUnfolds, rtol, atol) : null;
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * n, v, 0, n);
      System.arraycopy(x, b * inputs, ux, 0, inputs);
      switch (solver) {
        case EULER:
          eulerSolve(p, pOff, tau, ux, v, dt[b], s, tp, b);
          break;
        case RK4:
          rk4Solve(p, pOff, tau, ux, v, dt[b], s, tp, b);
          break;
        default:
          adaptive.integrate(new Dynamics(p, pOff, tau, ux), v, dt[b]);
      }
      System.arraycopy(v, 0, hNext, b * n, n);
      System.arraycopy(v, 0, out, b * n, n);
    }
  }

  /** Per-call work arrays of the explicit solvers, each (N). */
  private final class Scratch {
    final double[] pre = new double[units];
    final double[] k1 = new double[units];
    final double[] k2 = new double[units];
    final double[] k3 = new double[units];
    final double[] k4 = new double[units];
    final double[] v2 = new double[units];
    final double[] v3 = new double[units];
    final double[] v4 = new double[units];
  }

  /**
   * f(v) = −v/τ + act(W·[u, v] + b), written to {@code f}; {@code ux} holds u in its first S
   * entries (the rest is overwritten with v), {@code pre} receives W·[u, v] + b.
   */
  private void rightHandSide(
      double[] p, int pOff, double[] tau, double[] ux, double[] v, double[] f, double[] pre) {
    System.arraycopy(v, 0, ux, inputs, units);
    Linear.forward(pre, ux, 0, p, pOff + oW, pOff + oB, null, units, inputs + units);
    for (int j = 0; j < units; j++) {
      f[j] = -v[j] / tau[j] + activation.apply(pre[j]);
    }
  }

  /** Records the state an evaluation of f read and its pre-activation, at evaluation e. */
  private void record(CtrnnTape tp, int b, int e, double[] v, double[] pre) {
    if (tp != null) {
      int off = (b * evaluations() + e) * units;
      System.arraycopy(v, 0, tp.states, off, units);
      System.arraycopy(pre, 0, tp.pre, off, units);
    }
  }

  /** K explicit Euler sub-steps v ← v + h·f(v), h = Δt/K, as {@code ExplicitEuler}. */
  private void eulerSolve(
      double[] p, int pOff, double[] tau, double[] ux, double[] v, double dt, Scratch s,
      CtrnnTape tp, int b) {
    double hStep = dt / odeUnfolds;
    for (int step = 0; step < odeUnfolds; step++) {
      rightHandSide(p, pOff, tau, ux, v, s.k1, s.pre);
      record(tp, b, step, v, s.pre);
      for (int j = 0; j < units; j++) {
        v[j] += hStep * s.k1[j];
      }
    }
  }

  /** K classic RK4 sub-steps, as {@code ClassicRk4}. */
  private void rk4Solve(
      double[] p, int pOff, double[] tau, double[] ux, double[] v, double dt, Scratch s,
      CtrnnTape tp, int b) {
    int n = units;
    double hStep = dt / odeUnfolds;
    for (int step = 0; step < odeUnfolds; step++) {
      rightHandSide(p, pOff, tau, ux, v, s.k1, s.pre);
      record(tp, b, 4 * step, v, s.pre);
      for (int j = 0; j < n; j++) {
        s.v2[j] = v[j] + 0.5 * hStep * s.k1[j];
      }
      rightHandSide(p, pOff, tau, ux, s.v2, s.k2, s.pre);
      record(tp, b, 4 * step + 1, s.v2, s.pre);
      for (int j = 0; j < n; j++) {
        s.v3[j] = v[j] + 0.5 * hStep * s.k2[j];
      }
      rightHandSide(p, pOff, tau, ux, s.v3, s.k3, s.pre);
      record(tp, b, 4 * step + 2, s.v3, s.pre);
      for (int j = 0; j < n; j++) {
        s.v4[j] = v[j] + hStep * s.k3[j];
      }
      rightHandSide(p, pOff, tau, ux, s.v4, s.k4, s.pre);
      record(tp, b, 4 * step + 3, s.v4, s.pre);
      for (int j = 0; j < n; j++) {
        v[j] += hStep / 6.0 * (s.k1[j] + 2.0 * s.k2[j] + 2.0 * s.k3[j] + s.k4[j]);
      }
    }
  }

  /** The CTRNN right-hand side for the adaptive solver, with the input held constant. */
  private final class Dynamics implements OdeSystem {
    private final double[] p;
    private final int pOff;
    private final double[] tau;
    private final double[] ux; // [u, x]
    private final double[] pre = new double[units];

    Dynamics(double[] p, int pOff, double[] tau, double[] ux) {
      this.p = p;
      this.pOff = pOff;
      this.tau = tau;
      this.ux = ux;
    }

    @Override
    public int dimension() {
      return units;
    }

    @Override
    public void derivative(double[] v, double[] dvdt) {
      rightHandSide(p, pOff, tau, ux, v, dvdt, pre);
    }
  }

  /** Evaluations of f per sample and step: K for Euler, 4K for RK4. */
  private int evaluations() {
    return solver == SolverKind.RK4 ? 4 * odeUnfolds : odeUnfolds;
  }

  /** What the CTRNN's backward needs: the state and pre-activation of every evaluation of f. */
  private final class CtrnnTape implements Tape {
    final int batch;
    final double[] states; // (B, E, N) the v each evaluation read: Euler v_k; RK4 v, v2, v3, v4
    final double[] pre; // (B, E, N) W·[u, v] + b at each evaluation

    CtrnnTape(int batch) {
      this.batch = batch;
      states = new double[batch * evaluations() * units];
      pre = new double[batch * evaluations() * units];
    }

    CtrnnCell owner() {
      return CtrnnCell.this;
    }
  }

  private static void checkTape(CtrnnTape tp, int batch) {
    if (tp != null && tp.batch != batch) {
      throw new IllegalArgumentException(
          "tape was made for batches of " + tp.batch + " samples, got " + batch);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws UnsupportedOperationException for dopri5, whose adaptive steps are not recorded
   */
  @Override
  public Tape newTape(int batch) {
    if (solver == SolverKind.DOPRI5) {
      throw new UnsupportedOperationException(
          "solver dopri5: backpropagation through adaptive steps is not supported; train with"
              + " euler or rk4");
    }
    return new CtrnnTape(batch);
  }

  /** Reuses {@code old} when it is this cell's tape for {@code batch}: forward overwrites it all. */
  @Override
  public Tape newTape(int batch, java.util.random.RandomGenerator rng, Tape old) {
    if (old instanceof CtrnnTape t && t.owner() == this && t.batch == batch) {
      return t;
    }
    return newTape(batch);
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
      double[] dH,
      Workspace workspace) {
    CtrnnTape tp = (CtrnnTape) tape;
    if (tp == null) {
      throw new IllegalArgumentException("backward needs the tape recorded by forward");
    }
    checkTape(tp, batch);
    int n = units;
    Grads g = new Grads(timeConstants(p, pOff));
    double[] dv = new double[n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x, b * inputs, g.ux, 0, inputs);
      java.util.Arrays.fill(g.du, 0.0);
      // The output is the state: dL/dv_K = dHNext + dOut.
      for (int j = 0; j < n; j++) {
        dv[j] = dHNext[b * n + j] + dOut[b * n + j];
      }
      if (solver == SolverKind.RK4) {
        rk4Backward(p, pOff, dP, g, tp, b, dt[b], dv);
      } else {
        eulerBackward(p, pOff, dP, g, tp, b, dt[b], dv);
      }
      System.arraycopy(dv, 0, dH, b * n, n);
      System.arraycopy(g.du, 0, dX, b * inputs, inputs);
    }
    // τ = softplus(tau): dτ/dtau = σ(tau), 1 above PyTorch's threshold of 20.
    for (int j = 0; j < n; j++) {
      double raw = p[pOff + oTau + j];
      dP[pOff + oTau + j] += g.tau[j] * (raw > 20.0 ? 1.0 : sigmoid(raw));
    }
  }

  /** Gradient accumulators and work arrays of one backward call. */
  private final class Grads {
    final double[] timeConstant; // (N) τ
    final double[] tau = new double[units]; // (N) dL/dτ, summed over the batch
    final double[] du = new double[inputs]; // (S) dL/du of the current sample
    final double[] ux = new double[inputs + units]; // [u, v] of the evaluation being undone
    final double[] dux = new double[inputs + units];
    final double[] dPre = new double[units];
    final double[] a = new double[units];
    final double[] dk1 = new double[units];
    final double[] dk2 = new double[units];
    final double[] dk3 = new double[units];
    final double[] dk4 = new double[units];
    final double[] dStage = new double[units];

    Grads(double[] timeConstant) {
      this.timeConstant = timeConstant;
    }
  }

  /**
   * Vector–Jacobian product of f at evaluation e: given a = dL/df, adds aᵀ∂f/∂v to dv, aᵀ∂f/∂u to
   * g.du and aᵀ∂f/∂θ to the parameter gradients.
   */
  private void rightHandSideBackward(
      double[] p, int pOff, double[] dP, Grads g, CtrnnTape tp, int b, int e, double[] a,
      double[] dv) {
    int n = units;
    int off = (b * evaluations() + e) * n;
    // in the forward pass this was: f_j = −v_j/τ_j + act(pre_j), pre = W·[u, v] + b
    for (int j = 0; j < n; j++) {
      double tau = g.timeConstant[j];
      double vj = tp.states[off + j];
      dv[j] -= a[j] / tau;
      g.tau[j] += a[j] * vj / (tau * tau);
      g.dPre[j] = a[j] * activation.derivative(tp.pre[off + j]);
    }
    System.arraycopy(tp.states, off, g.ux, inputs, n);
    java.util.Arrays.fill(g.dux, 0.0);
    Linear.backward(g.dux, dP, pOff + oW, pOff + oB, g.dPre, g.ux, 0, p, null, n, inputs + n);
    for (int s = 0; s < inputs; s++) {
      g.du[s] += g.dux[s];
    }
    for (int j = 0; j < n; j++) {
      dv[j] += g.dux[inputs + j];
    }
  }

  /** Backward of v ← v + h·f(v), K times. */
  private void eulerBackward(
      double[] p, int pOff, double[] dP, Grads g, CtrnnTape tp, int b, double dt, double[] dv) {
    double hStep = dt / odeUnfolds;
    for (int step = odeUnfolds - 1; step >= 0; step--) {
      // in the forward pass this was: v ← v + h·f(v), so dL/df = h·dL/dv'
      for (int j = 0; j < units; j++) {
        g.a[j] = hStep * dv[j];
      }
      rightHandSideBackward(p, pOff, dP, g, tp, b, step, g.a, dv);
    }
  }

  /** Backward of the classic RK4 sub-steps, stage by stage in reverse. */
  private void rk4Backward(
      double[] p, int pOff, double[] dP, Grads g, CtrnnTape tp, int b, double dt, double[] dv) {
    int n = units;
    double hStep = dt / odeUnfolds;
    for (int step = odeUnfolds - 1; step >= 0; step--) {
      // in the forward pass this was: v ← v + h/6·(k1 + 2·k2 + 2·k3 + k4)
      for (int j = 0; j < n; j++) {
        g.dk1[j] = hStep / 6.0 * dv[j];
        g.dk2[j] = hStep / 3.0 * dv[j];
        g.dk3[j] = hStep / 3.0 * dv[j];
        g.dk4[j] = hStep / 6.0 * dv[j];
      }
      // k4 = f(v4), v4 = v + h·k3
      java.util.Arrays.fill(g.dStage, 0.0);
      rightHandSideBackward(p, pOff, dP, g, tp, b, 4 * step + 3, g.dk4, g.dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += g.dStage[j];
        g.dk3[j] += hStep * g.dStage[j];
      }
      // k3 = f(v3), v3 = v + h/2·k2
      java.util.Arrays.fill(g.dStage, 0.0);
      rightHandSideBackward(p, pOff, dP, g, tp, b, 4 * step + 2, g.dk3, g.dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += g.dStage[j];
        g.dk2[j] += 0.5 * hStep * g.dStage[j];
      }
      // k2 = f(v2), v2 = v + h/2·k1
      java.util.Arrays.fill(g.dStage, 0.0);
      rightHandSideBackward(p, pOff, dP, g, tp, b, 4 * step + 1, g.dk2, g.dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += g.dStage[j];
        g.dk1[j] += 0.5 * hStep * g.dStage[j];
      }
      // k1 = f(v)
      rightHandSideBackward(p, pOff, dP, g, tp, b, 4 * step, g.dk1, dv);
    }
  }
}
