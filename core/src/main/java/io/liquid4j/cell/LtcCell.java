package io.liquid4j.cell;

import static io.liquid4j.cell.MathFunctions.sigmoid;
import static io.liquid4j.cell.MathFunctions.softplus;

import io.liquid4j.solver.OdeSystem;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.solver.Solvers;
import io.liquid4j.wiring.Wiring;
import java.util.random.RandomGenerator;

/**
 * The liquid time-constant cell of Hasani et al. (2021), exactly as ncps's PyTorch {@code LTCCell}.
 *
 * <p>Each neuron j is a leaky membrane driven by conductance-based synapses:
 *
 * <pre>
 * cm_j dv_j/dt = gleak_j (vleak_j − v_j)
 *              + Σ_i    w_ij  σ(sigma_ij  (v_i − mu_ij))  (erev_ij  − v_j)     internal synapses i → j
 *              + Σ_s    sw_sj σ(ssigma_sj (x_s − smu_sj)) (serev_sj − v_j)     sensory synapses s → j
 * </pre>
 *
 * Only synapses present in the {@link Wiring} exist. The input x is the mapped input {@code x·input_w
 * + input_b}, held constant over one step of length Δt; the output is the first M (motor) neurons,
 * mapped by {@code v·output_w + output_b}.
 *
 * <p>The default solver is ncps's fused semi-implicit Euler with K = {@code odeUnfolds} sub-steps
 * of h = Δt/K, which treats the terms linear in v_j implicitly:
 *
 * <pre>
 * v_j ← (cm_j/h · v_j + gleak_j vleak_j + Σ_i a_ij erev_ij + Σ_s as_sj serev_sj)
 *       / (cm_j/h + gleak_j + Σ_i a_ij + Σ_s as_sj + ε),    a_ij = w_ij σ(sigma_ij (v_i − mu_ij))
 * </pre>
 *
 * <p>Positivity of w, sensory_w, cm and gleak: with {@code implicitConstraints} each is passed
 * through softplus at every use (ncps's LTC wrapper default); otherwise they are used as stored and
 * the trainer clips them at zero after each update.
 *
 * <p>Parameters (ncps state_dict names and order): gleak (N), vleak (N), cm (N), sigma, mu, w, erev
 * (N, N) indexed [src, dst]; sensory_sigma, sensory_mu, sensory_w, sensory_erev (S, N); the frozen
 * masks sparsity_mask (N, N) and sensory_sparsity_mask (S, N); input_w, input_b (S); output_w,
 * output_b (M), present according to the mappings.
 */
public final class LtcCell implements Cell {
  private final Wiring wiring;
  private final int inputs; // S
  private final int units; // N
  private final int motors; // M
  private final Mapping inputMapping;
  private final Mapping outputMapping;
  private final int odeUnfolds; // K
  private final double epsilon;
  private final boolean implicitConstraints;
  private final SolverKind solver;
  private final double rtol;
  private final double atol;

  // Synapses present in the wiring, grouped by destination neuron (CSR: those of dst j are
  // synStart[j] until synStart[j + 1]), by source within a group: src, dst and index into (N, N).
  // Each neuron's currents are then one contiguous sum, added in the same order (by source) as a
  // source-major loop adds them, and so is every per-source sum of the backward pass.
  private final int[] synSrc;
  private final int[] synDst;
  private final int[] synIdx;
  private final int[] synStart;
  // Sensory synapses, grouped likewise: input feature, dst and index into (S, N).
  private final int[] sensSrc;
  private final int[] sensDst;
  private final int[] sensIdx;
  private final int[] sensStart;

  private final ParameterLayout layout;
  private final int oGleak, oVleak, oCm, oSigma, oMu, oW, oErev;
  private final int oSensSigma, oSensMu, oSensW, oSensErev, oMask, oSensMask;
  private final int oInW, oInB, oOutW, oOutB; // -1 when absent

  /**
   * Creates an LTC cell.
   *
   * @param wiring built wiring (its input size is the cell's input size)
   * @param inputMapping affine, linear or none
   * @param outputMapping affine, linear or none
   * @param odeUnfolds sub-steps per step K (ncps default 6)
   * @param epsilon added to the fused solver's denominator (ncps default 1e-8)
   * @param implicitConstraints softplus positivity (true) or clipping by the trainer (false)
   * @param solver fused (ncps), euler, rk4 or dopri5
   * @param rtol relative tolerance for dopri5
   * @param atol absolute tolerance for dopri5
   */
  public LtcCell(
      Wiring wiring,
      Mapping inputMapping,
      Mapping outputMapping,
      int odeUnfolds,
      double epsilon,
      boolean implicitConstraints,
      SolverKind solver,
      double rtol,
      double atol) {
    if (odeUnfolds < 1) {
      throw new IllegalArgumentException("ode_unfolds must be >= 1, got " + odeUnfolds);
    }
    if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be a finite number >= 0, got " + epsilon);
    }
    this.wiring = wiring;
    this.inputs = wiring.inputDim();
    this.units = wiring.units();
    this.motors = wiring.outputDim();
    this.inputMapping = inputMapping;
    this.outputMapping = outputMapping;
    this.odeUnfolds = odeUnfolds;
    this.epsilon = epsilon;
    this.implicitConstraints = implicitConstraints;
    this.solver = solver;
    this.rtol = rtol;
    this.atol = atol;
    if (solver != SolverKind.FUSED) {
      Solvers.of(solver, odeUnfolds, rtol, atol); // validates the tolerances now, not mid-run
    }

    int n = units;
    int count = wiring.synapseCount();
    synSrc = new int[count];
    synDst = new int[count];
    synIdx = new int[count];
    synStart = new int[n + 1];
    int k = 0;
    for (int dst = 0; dst < n; dst++) {
      synStart[dst] = k;
      for (int src = 0; src < n; src++) {
        if (wiring.synapse(src, dst) != 0) {
          synSrc[k] = src;
          synDst[k] = dst;
          synIdx[k] = src * n + dst;
          k++;
        }
      }
    }
    synStart[n] = k;
    int sensCount = wiring.sensorySynapseCount();
    sensSrc = new int[sensCount];
    sensDst = new int[sensCount];
    sensIdx = new int[sensCount];
    sensStart = new int[n + 1];
    k = 0;
    for (int dst = 0; dst < n; dst++) {
      sensStart[dst] = k;
      for (int s = 0; s < inputs; s++) {
        if (wiring.sensorySynapse(s, dst) != 0) {
          sensSrc[k] = s;
          sensDst[k] = dst;
          sensIdx[k] = s * n + dst;
          k++;
        }
      }
    }
    sensStart[n] = k;

    ParameterLayout.Builder b = ParameterLayout.builder();
    oGleak = b.add("gleak", n);
    oVleak = b.add("vleak", n);
    oCm = b.add("cm", n);
    oSigma = b.add("sigma", n, n);
    oMu = b.add("mu", n, n);
    oW = b.add("w", n, n);
    oErev = b.add("erev", n, n);
    oSensSigma = b.add("sensory_sigma", inputs, n);
    oSensMu = b.add("sensory_mu", inputs, n);
    oSensW = b.add("sensory_w", inputs, n);
    oSensErev = b.add("sensory_erev", inputs, n);
    oMask = b.addFrozen("sparsity_mask", n, n);
    oSensMask = b.addFrozen("sensory_sparsity_mask", inputs, n);
    oInW = inputMapping != Mapping.NONE ? b.add("input_w", inputs) : -1;
    oInB = inputMapping == Mapping.AFFINE ? b.add("input_b", inputs) : -1;
    oOutW = outputMapping != Mapping.NONE ? b.add("output_w", motors) : -1;
    oOutB = outputMapping == Mapping.AFFINE ? b.add("output_b", motors) : -1;
    layout = b.build();
  }

  /** The wiring this cell was built from. */
  public Wiring wiring() {
    return wiring;
  }

  /** Number of ODE sub-steps per step. */
  public int odeUnfolds() {
    return odeUnfolds;
  }

  /** Whether positivity is by softplus (true) or by clipping after updates (false). */
  public boolean implicitConstraints() {
    return implicitConstraints;
  }

  /** The solver used for each step. */
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
    return motors;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public void initParameters(double[] p, int pOff, RandomGenerator rng) {
    int n = units;
    uniform(p, pOff + oGleak, n, 0.001, 1.0, rng);
    uniform(p, pOff + oVleak, n, -0.2, 0.2, rng);
    uniform(p, pOff + oCm, n, 0.4, 0.6, rng);
    uniform(p, pOff + oSigma, n * n, 3, 8, rng);
    uniform(p, pOff + oMu, n * n, 0.3, 0.8, rng);
    uniform(p, pOff + oW, n * n, 0.001, 1.0, rng);
    uniform(p, pOff + oSensSigma, inputs * n, 3, 8, rng);
    uniform(p, pOff + oSensMu, inputs * n, 0.3, 0.8, rng);
    uniform(p, pOff + oSensW, inputs * n, 0.001, 1.0, rng);
    writeStructure(p, pOff);
    if (oInW >= 0) {
      java.util.Arrays.fill(p, pOff + oInW, pOff + oInW + inputs, 1.0);
    }
    if (oInB >= 0) {
      java.util.Arrays.fill(p, pOff + oInB, pOff + oInB + inputs, 0.0);
    }
    if (oOutW >= 0) {
      java.util.Arrays.fill(p, pOff + oOutW, pOff + oOutW + motors, 1.0);
    }
    if (oOutB >= 0) {
      java.util.Arrays.fill(p, pOff + oOutB, pOff + oOutB + motors, 0.0);
    }
  }

  /** Writes erev (initial polarities) and the frozen masks from the wiring, as ncps does. */
  private void writeStructure(double[] p, int pOff) {
    int n = units;
    for (int i = 0; i < n * n; i++) {
      int pol = wiring.synapse(i / n, i % n);
      p[pOff + oErev + i] = pol;
      p[pOff + oMask + i] = Math.abs(pol);
    }
    for (int i = 0; i < inputs * n; i++) {
      int pol = wiring.sensorySynapse(i / n, i % n);
      p[pOff + oSensErev + i] = pol;
      p[pOff + oSensMask + i] = Math.abs(pol);
    }
  }

  private static void uniform(
      double[] p, int off, int count, double lo, double hi, RandomGenerator rng) {
    for (int i = 0; i < count; i++) {
      p[off + i] = lo + (hi - lo) * rng.nextDouble();
    }
  }

  /** pos() of ncps: softplus when constraints are implicit, identity otherwise. */
  private double pos(double x) {
    return implicitConstraints ? softplus(x) : x;
  }

  /** pos'(x): the derivative of the positivity map, σ(x) for softplus (1 above 20). */
  private double posGrad(double x) {
    return implicitConstraints ? (x > 20.0 ? 1.0 : sigmoid(x)) : 1.0;
  }

  /** Number of stored states per sample and step on the tape. */
  private int storedStates() {
    switch (solver) {
      case FUSED:
      case EULER:
        return odeUnfolds + 1;
      case RK4:
        return 4 * odeUnfolds + 1;
      default:
        return 0;
    }
  }

  /** What the LTC's backward needs from one step, for every sample of the batch. */
  private final class LtcTape implements Tape {
    final int batch;
    final double[] xs; // (B, S) mapped inputs
    final double[] sensSg; // (B, sensory synapses) σ(ssigma (x − smu))
    final double[] numS; // (B, N)
    final double[] denS; // (B, N)
    final double[] states; // (B, storedStates, N): fused/Euler v_0..v_K; RK4 per sub-step v,v2,v3,v4 then v_K
    final double[] synSg; // (B, K, synapses) fused only: σ(sigma (v_src − mu)) per unfold
    final double[] denom; // (B, K, N) fused only

    LtcTape(int batch) {
      this.batch = batch;
      xs = new double[batch * inputs];
      sensSg = new double[batch * sensIdx.length];
      numS = new double[batch * units];
      denS = new double[batch * units];
      states = new double[batch * storedStates() * units];
      boolean fused = solver == SolverKind.FUSED;
      synSg = new double[fused ? batch * odeUnfolds * synIdx.length : 0];
      denom = new double[fused ? batch * odeUnfolds * units : 0];
    }
  }

  @Override
  public Tape newTape(int batch) {
    return new LtcTape(batch);
  }

  /**
   * The parameters one step reads, computed once per parameter set: the effective (positive)
   * conductances, pos' for the backward pass, and the per-synapse parameters gathered into
   * synapse order so that the inner loops read them contiguously; plus scratch arrays, so that a
   * step allocates nothing.
   */
  private final class LtcWorkspace implements Workspace {
    final double[] p;
    final int pOff;
    // Effective parameters: pos(gleak), pos(cm) (N), pos(w) (synapses), pos(sensory_w) (sensory).
    final double[] gleak = new double[units];
    final double[] cm = new double[units];
    final double[] w = new double[synIdx.length];
    final double[] sw = new double[sensIdx.length];
    final double[] vleak = new double[units];
    final double[] sigma = new double[synIdx.length]; // in synapse order, likewise below
    final double[] mu = new double[synIdx.length];
    final double[] erev = new double[synIdx.length];
    final double[] sSigma = new double[sensIdx.length];
    final double[] sMu = new double[sensIdx.length];
    final double[] sErev = new double[sensIdx.length];
    // pos'(raw) of the same four tensors, for the chain rule at the end of backward.
    final double[] pgGleak = new double[units];
    final double[] pgCm = new double[units];
    final double[] pgW = new double[synIdx.length];
    final double[] pgSw = new double[sensIdx.length];
    // Forward scratch (one sample).
    final double[] xs = new double[inputs];
    final double[] numS = new double[units];
    final double[] denS = new double[units];
    final double[] sensSg = new double[sensIdx.length];
    final double[] v = new double[units];
    final double[] num = new double[units];
    final double[] den = new double[units];
    final double[] cmT = new double[units];
    final double[] f = new double[units];
    final double[] k1 = new double[units];
    final double[] k2 = new double[units];
    final double[] k3 = new double[units];
    final double[] k4 = new double[units];
    final double[] v2 = new double[units];
    final double[] v3 = new double[units];
    final double[] v4 = new double[units];
    // Backward scratch (one sample).
    final double[] dv = new double[units];
    final double[] dNum = new double[units];
    final double[] dDen = new double[units];
    final double[] dPrev = new double[units];
    final double[] dCmT = new double[units];
    final double[] dXs = new double[inputs];
    final double[] a = new double[units];
    final double[] dk1 = new double[units];
    final double[] dk2 = new double[units];
    final double[] dk3 = new double[units];
    final double[] dk4 = new double[units];
    final double[] dStage = new double[units];
    final double[] vCopy = new double[units];
    final EffectiveGrads g = new EffectiveGrads();
    // dP of sigma, mu, erev and their sensory twins in synapse order: gathered from dP when a
    // backward call starts and written back when it ends, so each entry receives the same
    // additions in the same order as if added to dP directly.
    final double[] gSigma = new double[synIdx.length];
    final double[] gMu = new double[synIdx.length];
    final double[] gErev = new double[synIdx.length];
    final double[] gSSigma = new double[sensIdx.length];
    final double[] gSMu = new double[sensIdx.length];
    final double[] gSErev = new double[sensIdx.length];

    LtcWorkspace(double[] p, int pOff) {
      this.p = p;
      this.pOff = pOff;
      for (int j = 0; j < units; j++) {
        gleak[j] = pos(p[pOff + oGleak + j]);
        cm[j] = pos(p[pOff + oCm + j]);
        vleak[j] = p[pOff + oVleak + j];
        pgGleak[j] = posGrad(p[pOff + oGleak + j]);
        pgCm[j] = posGrad(p[pOff + oCm + j]);
      }
      for (int k = 0; k < synIdx.length; k++) {
        int idx = synIdx[k];
        w[k] = pos(p[pOff + oW + idx]);
        pgW[k] = posGrad(p[pOff + oW + idx]);
        sigma[k] = p[pOff + oSigma + idx];
        mu[k] = p[pOff + oMu + idx];
        erev[k] = p[pOff + oErev + idx];
      }
      for (int k = 0; k < sensIdx.length; k++) {
        int idx = sensIdx[k];
        sw[k] = pos(p[pOff + oSensW + idx]);
        pgSw[k] = posGrad(p[pOff + oSensW + idx]);
        sSigma[k] = p[pOff + oSensSigma + idx];
        sMu[k] = p[pOff + oSensMu + idx];
        sErev[k] = p[pOff + oSensErev + idx];
      }
    }

    void gather(double[] dP) {
      for (int k = 0; k < synIdx.length; k++) {
        int idx = pOff + synIdx[k];
        gSigma[k] = dP[oSigma + idx];
        gMu[k] = dP[oMu + idx];
        gErev[k] = dP[oErev + idx];
      }
      for (int k = 0; k < sensIdx.length; k++) {
        int idx = pOff + sensIdx[k];
        gSSigma[k] = dP[oSensSigma + idx];
        gSMu[k] = dP[oSensMu + idx];
        gSErev[k] = dP[oSensErev + idx];
      }
    }

    void scatter(double[] dP) {
      for (int k = 0; k < synIdx.length; k++) {
        int idx = pOff + synIdx[k];
        dP[oSigma + idx] = gSigma[k];
        dP[oMu + idx] = gMu[k];
        dP[oErev + idx] = gErev[k];
      }
      for (int k = 0; k < sensIdx.length; k++) {
        int idx = pOff + sensIdx[k];
        dP[oSensSigma + idx] = gSSigma[k];
        dP[oSensMu + idx] = gSMu[k];
        dP[oSensErev + idx] = gSErev[k];
      }
    }
  }

  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch) {
    return new LtcWorkspace(p, pOff);
  }

  private LtcWorkspace workspace(Workspace w, double[] p, int pOff) {
    if (w == null) {
      return new LtcWorkspace(p, pOff);
    }
    LtcWorkspace ws = (LtcWorkspace) w;
    if (ws.p != p || ws.pOff != pOff) {
      throw new IllegalArgumentException(
          "workspace was made for another parameter array or offset");
    }
    return ws;
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
    forward(p, pOff, x, h, dt, batch, hNext, out, tape, null);
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
    LtcTape t = (LtcTape) tape;
    if (t != null && solver == SolverKind.DOPRI5) {
      throw new UnsupportedOperationException(
          "solver dopri5: backpropagation through adaptive steps is not supported; train with"
              + " fused, euler or rk4");
    }
    LtcWorkspace ws = workspace(workspace, p, pOff);
    int n = units;
    double[] xs = ws.xs;
    double[] numS = ws.numS;
    double[] denS = ws.denS;
    double[] sensSg = ws.sensSg;
    double[] v = ws.v;
    for (int b = 0; b < batch; b++) {
      mapInput(p, pOff, x, b * inputs, xs);
      sensoryCurrents(ws, xs, numS, denS, sensSg);
      System.arraycopy(h, b * n, v, 0, n);
      if (t != null) {
        System.arraycopy(xs, 0, t.xs, b * inputs, inputs);
        System.arraycopy(sensSg, 0, t.sensSg, b * sensIdx.length, sensIdx.length);
        System.arraycopy(numS, 0, t.numS, b * n, n);
        System.arraycopy(denS, 0, t.denS, b * n, n);
      }
      switch (solver) {
        case FUSED:
          fusedSolve(ws, numS, denS, v, dt[b], t, b);
          break;
        case EULER:
          eulerSolve(ws, numS, denS, v, dt[b], t, b);
          break;
        case RK4:
          rk4Solve(ws, numS, denS, v, dt[b], t, b);
          break;
        default:
          Solvers.of(solver, odeUnfolds, rtol, atol)
              .integrate(new Dynamics(ws, numS, denS), v, dt[b]);
      }
      System.arraycopy(v, 0, hNext, b * n, n);
      mapOutput(p, pOff, v, out, b * motors);
    }
  }

  private void mapInput(double[] p, int pOff, double[] x, int xOff, double[] xs) {
    for (int s = 0; s < inputs; s++) {
      double value = x[xOff + s];
      if (oInW >= 0) {
        value *= p[pOff + oInW + s];
      }
      if (oInB >= 0) {
        value += p[pOff + oInB + s];
      }
      xs[s] = value;
    }
  }

  private void mapOutput(double[] p, int pOff, double[] v, double[] out, int outOff) {
    for (int m = 0; m < motors; m++) {
      double value = v[m];
      if (oOutW >= 0) {
        value *= p[pOff + oOutW + m];
      }
      if (oOutB >= 0) {
        value += p[pOff + oOutB + m];
      }
      out[outOff + m] = value;
    }
  }

  /**
   * Sensory synapses depend only on the input, which is constant over the step:
   * numS_j = Σ_s as_sj serev_sj and denS_j = Σ_s as_sj, as_sj = sw_sj σ(ssigma_sj (x_s − smu_sj)).
   */
  private void sensoryCurrents(
      LtcWorkspace ws, double[] xs, double[] numS, double[] denS, double[] sensSg) {
    for (int j = 0; j < units; j++) {
      double nm = 0.0;
      double dn = 0.0;
      for (int k = sensStart[j]; k < sensStart[j + 1]; k++) {
        double sg = sigmoid(ws.sSigma[k] * (xs[sensSrc[k]] - ws.sMu[k]));
        sensSg[k] = sg;
        double a = ws.sw[k] * sg;
        nm += a * ws.sErev[k];
        dn += a;
      }
      numS[j] = nm;
      denS[j] = dn;
    }
  }

  /**
   * Internal synaptic currents for the potentials v: num_j = Σ_i a_ij erev_ij, den_j = Σ_i a_ij,
   * a_ij = w_ij σ(sigma_ij (v_i − mu_ij)). Records the sigmoids in {@code sg[sgOff...]} when sg is
   * not null.
   */
  private void synapticCurrents(
      LtcWorkspace ws, double[] v, double[] num, double[] den, double[] sg, int sgOff) {
    double[] w = ws.w;
    double[] sigma = ws.sigma;
    double[] mu = ws.mu;
    double[] erev = ws.erev;
    for (int j = 0; j < units; j++) {
      double nm = 0.0;
      double dn = 0.0;
      for (int k = synStart[j]; k < synStart[j + 1]; k++) {
        double s = sigmoid(sigma[k] * (v[synSrc[k]] - mu[k]));
        if (sg != null) {
          sg[sgOff + k] = s;
        }
        double a = w[k] * s;
        nm += a * erev[k];
        dn += a;
      }
      num[j] = nm;
      den[j] = dn;
    }
  }

  private void fusedSolve(
      LtcWorkspace ws, double[] numS, double[] denS, double[] v, double dt, LtcTape t, int b) {
    int n = units;
    int k = odeUnfolds;
    double[] num = ws.num;
    double[] den = ws.den;
    double[] cmT = ws.cmT;
    double hStep = dt / k; // ncps evaluates Δt/K first, then cm / (Δt/K)
    for (int j = 0; j < n; j++) {
      cmT[j] = ws.cm[j] / hStep;
    }
    for (int unfold = 0; unfold < k; unfold++) {
      if (t != null) {
        System.arraycopy(v, 0, t.states, (b * (k + 1) + unfold) * n, n);
      }
      synapticCurrents(ws, v, num, den, t == null ? null : t.synSg,
          (b * k + unfold) * synIdx.length);
      for (int j = 0; j < n; j++) {
        double numerator = cmT[j] * v[j] + ws.gleak[j] * ws.vleak[j] + (num[j] + numS[j]);
        double denominator = cmT[j] + ws.gleak[j] + (den[j] + denS[j]) + epsilon;
        v[j] = numerator / denominator;
        if (t != null) {
          t.denom[(b * k + unfold) * n + j] = denominator;
        }
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states, (b * (k + 1) + k) * n, n);
    }
  }

  /** dv/dt of the LTC, written to {@code f}; {@code num}, {@code den} are scratch. */
  private void rightHandSide(
      LtcWorkspace ws, double[] numS, double[] denS, double[] v, double[] f, double[] num,
      double[] den) {
    synapticCurrents(ws, v, num, den, null, 0);
    for (int j = 0; j < units; j++) {
      double current =
          ws.gleak[j] * (ws.vleak[j] - v[j]) + (num[j] + numS[j]) - v[j] * (den[j] + denS[j]);
      // ε keeps a clipped cm of exactly 0 finite, as in the fused solver's denominator.
      f[j] = current / (ws.cm[j] + epsilon);
    }
  }

  private void eulerSolve(
      LtcWorkspace ws, double[] numS, double[] denS, double[] v, double dt, LtcTape t, int b) {
    int n = units;
    int k = odeUnfolds;
    double hStep = dt / k;
    double[] f = ws.f;
    for (int step = 0; step < k; step++) {
      if (t != null) {
        System.arraycopy(v, 0, t.states, (b * (k + 1) + step) * n, n);
      }
      rightHandSide(ws, numS, denS, v, f, ws.num, ws.den);
      for (int j = 0; j < n; j++) {
        v[j] += hStep * f[j];
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states, (b * (k + 1) + k) * n, n);
    }
  }

  private void rk4Solve(
      LtcWorkspace ws, double[] numS, double[] denS, double[] v, double dt, LtcTape t, int b) {
    int n = units;
    int k = odeUnfolds;
    int stored = storedStates();
    double hStep = dt / k;
    double[] k1 = ws.k1;
    double[] k2 = ws.k2;
    double[] k3 = ws.k3;
    double[] k4 = ws.k4;
    double[] v2 = ws.v2;
    double[] v3 = ws.v3;
    double[] v4 = ws.v4;
    double[] num = ws.num;
    double[] den = ws.den;
    for (int step = 0; step < k; step++) {
      rightHandSide(ws, numS, denS, v, k1, num, den);
      for (int j = 0; j < n; j++) {
        v2[j] = v[j] + 0.5 * hStep * k1[j];
      }
      rightHandSide(ws, numS, denS, v2, k2, num, den);
      for (int j = 0; j < n; j++) {
        v3[j] = v[j] + 0.5 * hStep * k2[j];
      }
      rightHandSide(ws, numS, denS, v3, k3, num, den);
      for (int j = 0; j < n; j++) {
        v4[j] = v[j] + hStep * k3[j];
      }
      rightHandSide(ws, numS, denS, v4, k4, num, den);
      if (t != null) {
        int base = (b * stored + 4 * step) * n;
        System.arraycopy(v, 0, t.states, base, n);
        System.arraycopy(v2, 0, t.states, base + n, n);
        System.arraycopy(v3, 0, t.states, base + 2 * n, n);
        System.arraycopy(v4, 0, t.states, base + 3 * n, n);
      }
      for (int j = 0; j < n; j++) {
        v[j] += hStep / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states, (b * stored + 4 * k) * n, n);
    }
  }

  /** Gradients with respect to the effective (positive) parameters of one sample. */
  private final class EffectiveGrads {
    final double[] gleak = new double[units];
    final double[] cm = new double[units];
    final double[] w = new double[synIdx.length];
    final double[] sw = new double[sensIdx.length];
    final double[] numS = new double[units];
    final double[] denS = new double[units];

    void clear() {
      java.util.Arrays.fill(gleak, 0.0);
      java.util.Arrays.fill(cm, 0.0);
      java.util.Arrays.fill(w, 0.0);
      java.util.Arrays.fill(sw, 0.0);
      java.util.Arrays.fill(numS, 0.0);
      java.util.Arrays.fill(denS, 0.0);
    }
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
    backward(p, pOff, x, h, dt, batch, tape, dHNext, dOut, dP, dX, dH, null);
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
    LtcTape t = (LtcTape) tape;
    LtcWorkspace ws = workspace(workspace, p, pOff);
    int n = units;
    double[] dv = ws.dv;
    EffectiveGrads g = ws.g;
    ws.gather(dP);
    for (int b = 0; b < batch; b++) {
      g.clear();
      // out_m = v_m·output_w_m + output_b_m, v = the final state.
      System.arraycopy(dHNext, b * n, dv, 0, n);
      int last = (b * storedStates() + storedStates() - 1) * n;
      for (int m = 0; m < motors; m++) {
        double d = dOut[b * motors + m];
        if (oOutW >= 0) {
          dP[pOff + oOutW + m] += d * t.states[last + m];
          d *= p[pOff + oOutW + m];
        }
        if (oOutB >= 0) {
          dP[pOff + oOutB + m] += dOut[b * motors + m];
        }
        dv[m] += d;
      }
      switch (solver) {
        case FUSED:
          fusedBackward(ws, dP, g, t, b, dt[b], dv);
          break;
        case EULER:
          eulerBackward(ws, dP, g, t, b, dt[b], dv);
          break;
        case RK4:
          rk4Backward(ws, dP, g, t, b, dt[b], dv);
          break;
        default:
          throw new UnsupportedOperationException("backward for solver " + solver);
      }
      System.arraycopy(dv, 0, dH, b * n, n);
      sensoryBackward(ws, dP, g, t, b, x, dX);
      // Chain through the positivity map: d raw = d effective · pos'(raw).
      for (int j = 0; j < n; j++) {
        dP[pOff + oGleak + j] += g.gleak[j] * ws.pgGleak[j];
        dP[pOff + oCm + j] += g.cm[j] * ws.pgCm[j];
      }
      for (int k = 0; k < synIdx.length; k++) {
        dP[pOff + oW + synIdx[k]] += g.w[k] * ws.pgW[k];
      }
      for (int k = 0; k < sensIdx.length; k++) {
        dP[pOff + oSensW + sensIdx[k]] += g.sw[k] * ws.pgSw[k];
      }
    }
    ws.scatter(dP);
  }

  /**
   * Backward through the K fused unfolds. Forward: v'_j = numer_j / denom_j with
   * numer_j = cmT_j v_j + g_j vleak_j + num_j + numS_j, denom_j = cmT_j + g_j + den_j + denS_j + ε,
   * cmT_j = cm_j·K/Δt.
   */
  private void fusedBackward(
      LtcWorkspace ws, double[] dP, EffectiveGrads g, LtcTape t, int b, double dt, double[] dv) {
    int n = units;
    int k = odeUnfolds;
    double hStep = dt / k;
    double[] dNum = ws.dNum;
    double[] dDen = ws.dDen;
    double[] dPrev = ws.dPrev;
    double[] dCmT = ws.dCmT;
    java.util.Arrays.fill(dCmT, 0.0);
    int oV = ws.pOff + oVleak;
    for (int unfold = k - 1; unfold >= 0; unfold--) {
      int vOff = (b * (k + 1) + unfold) * n; // v before this unfold
      int vNextOff = vOff + n;
      int dOff = (b * k + unfold) * n;
      for (int j = 0; j < n; j++) {
        double denominator = t.denom[dOff + j];
        double dNumer = dv[j] / denominator;
        // d/d denom of numer/denom = −v'/denom
        double dDenom = -dv[j] * t.states[vNextOff + j] / denominator;
        double cmT = ws.cm[j] / hStep;
        double vj = t.states[vOff + j];
        dCmT[j] += dNumer * vj + dDenom;
        dPrev[j] = dNumer * cmT;
        g.gleak[j] += dNumer * ws.vleak[j] + dDenom;
        dP[oV + j] += dNumer * ws.gleak[j];
        dNum[j] = dNumer;
        dDen[j] = dDenom;
        g.numS[j] += dNumer;
        g.denS[j] += dDenom;
      }
      synapsesBackward(ws, g, t.states, vOff, t.synSg, (b * k + unfold) * synIdx.length, dNum,
          dDen, dPrev);
      System.arraycopy(dPrev, 0, dv, 0, n);
    }
    for (int j = 0; j < n; j++) {
      g.cm[j] += dCmT[j] / hStep; // cmT = cm / (Δt/K)
    }
  }

  /**
   * Backward of num_j += a_ij erev_ij and den_j += a_ij with a_ij = w_ij σ(sigma_ij (v_i − mu_ij)),
   * given dNum, dDen; adds to dv (the potentials the sigmoids read) and the parameter gradients.
   * Sigmoids come from {@code sg} when recorded, otherwise they are recomputed from v.
   */
  private void synapsesBackward(
      LtcWorkspace ws, EffectiveGrads g, double[] vArr, int vOff, double[] sg, int sgOff,
      double[] dNum, double[] dDen, double[] dvOut) {
    double[] w = ws.w;
    double[] sigmas = ws.sigma;
    double[] mu = ws.mu;
    double[] erev = ws.erev;
    for (int j = 0; j < units; j++) {
      double dn = dNum[j];
      double dd = dDen[j];
      for (int k = synStart[j]; k < synStart[j + 1]; k++) {
        int src = synSrc[k];
        double sigma = sigmas[k];
        double diff = vArr[vOff + src] - mu[k];
        double s = sg != null ? sg[sgOff + k] : sigmoid(sigma * diff);
        double a = w[k] * s;
        double da = dn * erev[k] + dd;
        ws.gErev[k] += dn * a;
        g.w[k] += da * s;
        double dz = da * w[k] * s * (1.0 - s);
        ws.gSigma[k] += dz * diff;
        ws.gMu[k] -= dz * sigma;
        dvOut[src] += dz * sigma;
      }
    }
  }

  /**
   * Vector–Jacobian product of the right-hand side f at v: given a = dL/df, adds aᵀ∂f/∂v to dv
   * and aᵀ∂f/∂θ to the parameter gradients. f_j = (g_j (vleak_j − v_j) + num_j + numS_j
   * − v_j (den_j + denS_j)) / (cm_j + ε).
   */
  private void rightHandSideBackward(
      LtcWorkspace ws, double[] dP, EffectiveGrads g, double[] vArr, int vOff, double[] numS,
      double[] denS, int sOff, double[] a, double[] dv) {
    int n = units;
    double[] num = ws.num;
    double[] den = ws.den;
    double[] v = ws.vCopy;
    System.arraycopy(vArr, vOff, v, 0, n);
    synapticCurrents(ws, v, num, den, null, 0);
    double[] dNum = ws.dNum;
    double[] dDen = ws.dDen;
    int oV = ws.pOff + oVleak;
    for (int j = 0; j < n; j++) {
      double c = ws.cm[j] + epsilon;
      double q = a[j] / c;
      double vleak = ws.vleak[j];
      double totalDen = den[j] + denS[sOff + j];
      double f = (ws.gleak[j] * (vleak - v[j]) + (num[j] + numS[sOff + j]) - v[j] * totalDen) / c;
      g.gleak[j] += q * (vleak - v[j]);
      dP[oV + j] += q * ws.gleak[j];
      dv[j] -= q * (ws.gleak[j] + totalDen);
      dNum[j] = q;
      dDen[j] = -q * v[j];
      g.numS[j] += q;
      g.denS[j] -= q * v[j];
      g.cm[j] -= q * f;
    }
    synapsesBackward(ws, g, vArr, vOff, null, 0, dNum, dDen, dv);
  }

  /** Backward of v ← v + h·f(v), K times. */
  private void eulerBackward(
      LtcWorkspace ws, double[] dP, EffectiveGrads g, LtcTape t, int b, double dt, double[] dv) {
    int n = units;
    int k = odeUnfolds;
    double hStep = dt / k;
    double[] a = ws.a;
    for (int step = k - 1; step >= 0; step--) {
      for (int j = 0; j < n; j++) {
        a[j] = hStep * dv[j];
      }
      rightHandSideBackward(ws, dP, g, t.states, (b * (k + 1) + step) * n, t.numS, t.denS, b * n,
          a, dv);
    }
  }

  /** Backward of the classic RK4 sub-steps, stage by stage in reverse. */
  private void rk4Backward(
      LtcWorkspace ws, double[] dP, EffectiveGrads g, LtcTape t, int b, double dt, double[] dv) {
    int n = units;
    int k = odeUnfolds;
    int stored = storedStates();
    double hStep = dt / k;
    double[] dk1 = ws.dk1;
    double[] dk2 = ws.dk2;
    double[] dk3 = ws.dk3;
    double[] dk4 = ws.dk4;
    double[] dStage = ws.dStage;
    for (int step = k - 1; step >= 0; step--) {
      int base = (b * stored + 4 * step) * n;
      for (int j = 0; j < n; j++) {
        dk1[j] = hStep / 6.0 * dv[j];
        dk2[j] = hStep / 3.0 * dv[j];
        dk3[j] = hStep / 3.0 * dv[j];
        dk4[j] = hStep / 6.0 * dv[j];
      }
      // k4 = f(v4), v4 = v + h·k3
      java.util.Arrays.fill(dStage, 0.0);
      rightHandSideBackward(ws, dP, g, t.states, base + 3 * n, t.numS, t.denS, b * n, dk4,
          dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk3[j] += hStep * dStage[j];
      }
      // k3 = f(v3), v3 = v + h/2·k2
      java.util.Arrays.fill(dStage, 0.0);
      rightHandSideBackward(ws, dP, g, t.states, base + 2 * n, t.numS, t.denS, b * n, dk3,
          dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk2[j] += 0.5 * hStep * dStage[j];
      }
      // k2 = f(v2), v2 = v + h/2·k1
      java.util.Arrays.fill(dStage, 0.0);
      rightHandSideBackward(ws, dP, g, t.states, base + n, t.numS, t.denS, b * n, dk2, dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk1[j] += 0.5 * hStep * dStage[j];
      }
      // k1 = f(v)
      rightHandSideBackward(ws, dP, g, t.states, base, t.numS, t.denS, b * n, dk1, dv);
    }
  }

  /** Backward of the sensory synapses and the input mapping. */
  private void sensoryBackward(
      LtcWorkspace ws, double[] dP, EffectiveGrads g, LtcTape t, int b, double[] x,
      double[] dX) {
    double[] dXs = ws.dXs;
    java.util.Arrays.fill(dXs, 0.0);
    double[] p = ws.p;
    int pOff = ws.pOff;
    for (int j = 0; j < units; j++) {
      double dn = g.numS[j];
      double dd = g.denS[j];
      for (int k = sensStart[j]; k < sensStart[j + 1]; k++) {
        int src = sensSrc[k];
        double s = t.sensSg[b * sensIdx.length + k];
        double a = ws.sw[k] * s;
        double da = dn * ws.sErev[k] + dd;
        ws.gSErev[k] += dn * a;
        g.sw[k] += da * s;
        double dz = da * ws.sw[k] * s * (1.0 - s);
        double sigma = ws.sSigma[k];
        ws.gSSigma[k] += dz * (t.xs[b * inputs + src] - ws.sMu[k]);
        ws.gSMu[k] -= dz * sigma;
        dXs[src] += dz * sigma;
      }
    }
    for (int s = 0; s < inputs; s++) {
      double d = dXs[s];
      if (oInB >= 0) {
        dP[pOff + oInB + s] += d;
      }
      if (oInW >= 0) {
        dP[pOff + oInW + s] += d * x[b * inputs + s];
        d *= p[pOff + oInW + s];
      }
      dX[b * inputs + s] = d;
    }
  }

  /** The LTC right-hand side dv/dt for the generic solvers, with the input held constant. */
  private final class Dynamics implements OdeSystem {
    private final LtcWorkspace ws;
    private final double[] numS;
    private final double[] denS;
    private final double[] num = new double[units];
    private final double[] den = new double[units];

    Dynamics(LtcWorkspace ws, double[] numS, double[] denS) {
      this.ws = ws;
      this.numS = numS;
      this.denS = denS;
    }

    @Override
    public int dimension() {
      return units;
    }

    @Override
    public void derivative(double[] v, double[] dvdt) {
      rightHandSide(ws, numS, denS, v, dvdt, num, den);
    }
  }
}
