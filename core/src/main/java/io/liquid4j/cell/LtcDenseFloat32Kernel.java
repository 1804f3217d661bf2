package io.liquid4j.cell;

import io.liquid4j.cell.Cell.Tape;
import io.liquid4j.cell.Cell.Workspace;
import io.liquid4j.solver.SolverKind;
import java.util.Arrays;

/**
 * The LTC's step in float32 ({@link Precision#FLOAT32}), for every wiring: {@link LtcDenseKernel}'s
 * loops (all N × N and S × N synapses, absent ones with w = erev = sigma = mu = 0 so that they add
 * exactly +0; one sample at a time; the inner loops over a row of neurons) on float arrays, so that
 * C2 vectorises them over twice the lanes and each row is half the memory. It serves sparse
 * wirings too, so that float32 has one kernel to verify; whether a float32 counterpart of {@link
 * LtcSparseKernel} would pay for NCP wirings is for measurements to decide.
 *
 * <p>What is float32 and what is not. The workspace rounds the parameters to float once per bind,
 * after the positivity map (softplus or identity, and its derivative) is applied to the float64
 * value, as the float64 kernels compute it; the inputs x, states h and Δt are rounded on entry. The
 * mappings, the sensory and internal currents, the solver's sub-steps, and the whole backward pass
 * run in float arithmetic, their intermediate values kept in float arrays on the tape and in the
 * workspace. A backward call sums its samples' parameter gradients in float and adds the totals to
 * the float64 {@code dP} when it ends; hNext, out, dX and dH are written as doubles (the float
 * values, exactly). The adaptive solver (dopri5) is not offered: its step control is tuned to
 * float64 tolerances, and {@link LtcCell} refuses the combination.
 *
 * <p>Each sum is added in the float64 kernels' order (sources ascending into a destination,
 * destinations ascending into a source, unfolds in reverse into a sample's gradient, samples in
 * order into the call's totals) with float64's expressions, so the two precisions differ only by
 * float rounding; the tests bound that difference against the float64 cell.
 */
final class LtcDenseFloat32Kernel extends LtcKernel {
  private static final ElementKernel KERNEL = Kernels.elements();

  private final LtcCell cell;
  private final int inputs; // S
  private final int units; // N
  private final int motors; // M
  private final int odeUnfolds; // K
  private final float epsilon;
  private final SolverKind solver;
  private final int stored; // states per sample on the tape

  LtcDenseFloat32Kernel(LtcCell cell) {
    if (cell.solver != SolverKind.FUSED && cell.solver != SolverKind.EULER
        && cell.solver != SolverKind.RK4) {
      throw new IllegalArgumentException("precision float32 is not offered with solver "
          + cell.solver.name().toLowerCase(java.util.Locale.ROOT) + "; use float64");
    }
    this.cell = cell;
    inputs = cell.inputs;
    units = cell.units;
    motors = cell.motors;
    odeUnfolds = cell.odeUnfolds;
    epsilon = (float) cell.epsilon;
    solver = cell.solver;
    stored = cell.storedStates();
  }

  @Override
  Kind kind() {
    return Kind.DENSE_FLOAT32;
  }

  /** What the backward pass reads of one step, sample-major: sample b's rows start at b·(size). */
  private final class Float32Tape implements Tape {
    final int batch;
    final float[] xs; // (B, S) mapped inputs
    final float[] numS; // (B, N) sensory currents
    final float[] denS; // (B, N)
    // (B, stored, N): fused/Euler v_0..v_K; RK4 v, v2, v3, v4 per sub-step, then v_K
    final float[] states;
    final float[] denom; // (B, K, N) the fused solver's denominators

    Float32Tape(int batch) {
      this.batch = batch;
      xs = new float[batch * inputs];
      numS = new float[batch * units];
      denS = new float[batch * units];
      states = new float[batch * stored * units];
      denom = new float[solver == SolverKind.FUSED ? batch * odeUnfolds * units : 0];
    }

    LtcDenseFloat32Kernel owner() {
      return LtcDenseFloat32Kernel.this;
    }
  }

  @Override
  Tape newTape(int batch, Tape old) {
    if (old instanceof Float32Tape t && t.owner() == this && t.batch == batch) {
      return t;
    }
    return new Float32Tape(batch);
  }

  /**
   * The parameters rounded to float as dense rows, computed once per bind, and one sample's
   * scratch.
   * The backward pass's part is made on the first backward call: inference does not need it.
   */
  private final class Float32Workspace extends BoundWorkspace {
    // Rows by source [i][j]: effective w (pos(w)), sigma, mu, erev; 0 where absent.
    final float[][] w = new float[units][units];
    final float[][] sigma = new float[units][units];
    final float[][] mu = new float[units][units];
    final float[][] erev = new float[units][units];
    // Sensory rows by input feature [s][j], likewise, and pos'(sensory_w) (0 where absent).
    final float[][] sw = new float[inputs][units];
    final float[][] sSigma = new float[inputs][units];
    final float[][] sMu = new float[inputs][units];
    final float[][] sErev = new float[inputs][units];
    final float[][] pgSw = new float[inputs][units];
    // Per neuron: pos(gleak), pos(cm), vleak, and pos' of gleak and cm.
    final float[] gleak = new float[units];
    final float[] cm = new float[units];
    final float[] vleak = new float[units];
    final float[] pgGleak = new float[units];
    final float[] pgCm = new float[units];
    // The mappings (read only where the cell has them).
    final float[] inW = new float[inputs];
    final float[] inB = new float[inputs];
    final float[] outW = new float[motors];
    final float[] outB = new float[motors];
    // One sample's forward scratch, (N) unless noted.
    final float[] zRow = new float[Math.max(units, 1)]; // one row of sigmoids
    final float[] xs = new float[inputs];
    final float[] numS = new float[units];
    final float[] denS = new float[units];
    final float[] v = new float[units];
    final float[] num = new float[units];
    final float[] den = new float[units];
    final float[] cmT = new float[units]; // cm / (Δt/K)
    final float[] leak = new float[units]; // gleak vleak
    final float[] cmTg = new float[units]; // cmT + gleak
    final float[] denom = new float[units];
    final float[] f = new float[units];
    final float[] k1 = new float[units];
    final float[] k2 = new float[units];
    final float[] k3 = new float[units];
    final float[] k4 = new float[units];
    final float[] v2 = new float[units];
    final float[] v3 = new float[units];
    final float[] v4 = new float[units];
    Backward back; // null until the first backward call
    boolean backStale; // the transposed rows hold former parameters

    Float32Workspace(double[] p, int pOff) {
      bind(p, pOff);
    }

    LtcDenseFloat32Kernel owner() {
      return LtcDenseFloat32Kernel.this;
    }

    @Override
    void derive() {
      int n = units;
      LtcCell c = cell;
      for (int j = 0; j < n; j++) {
        gleak[j] = (float) c.pos(p[pOff + c.oGleak + j]);
        cm[j] = (float) c.pos(p[pOff + c.oCm + j]);
        vleak[j] = (float) p[pOff + c.oVleak + j];
        pgGleak[j] = (float) c.posGrad(p[pOff + c.oGleak + j]);
        pgCm[j] = (float) c.posGrad(p[pOff + c.oCm + j]);
      }
      for (float[][] m : new float[][][] {w, sigma, mu, erev, sw, sSigma, sMu, sErev, pgSw}) {
        for (float[] row : m) {
          Arrays.fill(row, 0.0f);
        }
      }
      for (int k = 0; k < c.synIdx.length; k++) {
        int i = c.synSrc[k];
        int j = c.synDst[k];
        int at = pOff + c.synIdx[k];
        w[i][j] = (float) c.pos(p[c.oW + at]);
        sigma[i][j] = (float) p[c.oSigma + at];
        mu[i][j] = (float) p[c.oMu + at];
        erev[i][j] = (float) p[c.oErev + at];
      }
      for (int k = 0; k < c.sensIdx.length; k++) {
        int s = c.sensSrc[k];
        int j = c.sensDst[k];
        int at = pOff + c.sensIdx[k];
        sw[s][j] = (float) c.pos(p[c.oSensW + at]);
        pgSw[s][j] = (float) c.posGrad(p[c.oSensW + at]);
        sSigma[s][j] = (float) p[c.oSensSigma + at];
        sMu[s][j] = (float) p[c.oSensMu + at];
        sErev[s][j] = (float) p[c.oSensErev + at];
      }
      for (int s = 0; s < inputs; s++) {
        inW[s] = c.oInW >= 0 ? (float) p[pOff + c.oInW + s] : 1.0f;
        inB[s] = c.oInB >= 0 ? (float) p[pOff + c.oInB + s] : 0.0f;
      }
      for (int m = 0; m < motors; m++) {
        outW[m] = c.oOutW >= 0 ? (float) p[pOff + c.oOutW + m] : 1.0f;
        outB[m] = c.oOutB >= 0 ? (float) p[pOff + c.oOutB + m] : 0.0f;
      }
      backStale = true;
    }

    @Override
    void ensure(int batch) {
      // One sample at a time: the scratch does not depend on the batch.
    }

    /** The backward pass's arrays, with the transposed rows of the current parameters. */
    Backward backward() {
      if (back == null) {
        back = new Backward();
        backStale = true;
      }
      if (backStale) {
        back.derive(this);
        backStale = false;
      }
      return back;
    }
  }

  /**
   * The backward pass's part of a workspace: rows by destination [j][i], one sample's gradients
   * and scratch, and the call's float totals of the parameter gradients.
   */
  private final class Backward {
    final float[][] wT = new float[units][units];
    final float[][] sigmaT = new float[units][units];
    final float[][] muT = new float[units][units];
    final float[][] erevT = new float[units][units];
    final float[][] pgWT = new float[units][units]; // pos'(w), 0 where absent
    // One sample's gradients, summed over its unfolds: w.r.t. the effective w and to sigma, mu,
    // erev (rows by destination), and w.r.t. the effective gleak, cm and to vleak and the sensory
    // currents (N).
    final float[][] gW = new float[units][units];
    final float[][] gSigma = new float[units][units];
    final float[][] gMu = new float[units][units];
    final float[][] gErev = new float[units][units];
    final float[] gGleak = new float[units];
    final float[] gCm = new float[units];
    final float[] gVleak = new float[units];
    final float[] gNumS = new float[units];
    final float[] gDenS = new float[units];
    // The call's totals of the raw parameters' gradients, added to dP when the call ends: internal
    // synapses rows by destination [j][i], sensory rows by input [s][j], neurons, mappings.
    final float[][] tW = new float[units][units];
    final float[][] tSigma = new float[units][units];
    final float[][] tMu = new float[units][units];
    final float[][] tErev = new float[units][units];
    final float[][] tSw = new float[inputs][units];
    final float[][] tSSigma = new float[inputs][units];
    final float[][] tSMu = new float[inputs][units];
    final float[][] tSErev = new float[inputs][units];
    final float[] tGleak = new float[units];
    final float[] tCm = new float[units];
    final float[] tVleak = new float[units];
    final float[] tInW = new float[inputs];
    final float[] tInB = new float[inputs];
    final float[] tOutW = new float[motors];
    final float[] tOutB = new float[motors];
    // One sample's scratch, (N) unless noted.
    final float[] vCur = new float[units];
    final float[] vNext = new float[units];
    final float[] denom = new float[units];
    final float[] dv = new float[units];
    final float[] dNum = new float[units];
    final float[] dDen = new float[units];
    final float[] dPrev = new float[units];
    final float[] dCmT = new float[units];
    final float[] a = new float[units];
    final float[] dk1 = new float[units];
    final float[] dk2 = new float[units];
    final float[] dk3 = new float[units];
    final float[] dk4 = new float[units];
    final float[] dStage = new float[units];
    final float[] dXs = new float[inputs];
    final float[] dz = new float[units];
    // Euler and RK4: one stage's sigmoids rows by source and transposed (as LtcDenseKernel).
    final float[][] sgRows = new float[solver == SolverKind.FUSED ? 0 : units][units];
    final float[][] sgT = new float[solver == SolverKind.FUSED ? 0 : units][units];

    void derive(Float32Workspace ws) {
      LtcCell c = cell;
      for (float[][] m : new float[][][] {wT, sigmaT, muT, erevT, pgWT}) {
        for (float[] row : m) {
          Arrays.fill(row, 0.0f);
        }
      }
      for (int k = 0; k < c.synIdx.length; k++) {
        int i = c.synSrc[k];
        int j = c.synDst[k];
        wT[j][i] = ws.w[i][j];
        sigmaT[j][i] = ws.sigma[i][j];
        muT[j][i] = ws.mu[i][j];
        erevT[j][i] = ws.erev[i][j];
        pgWT[j][i] = (float) c.posGrad(ws.p[ws.pOff + c.oW + c.synIdx[k]]);
      }
    }

    void clearTotals() {
      for (float[][] m : new float[][][] {tW, tSigma, tMu, tErev, tSw, tSSigma, tSMu, tSErev}) {
        for (float[] row : m) {
          Arrays.fill(row, 0.0f);
        }
      }
      for (float[] t : new float[][] {tGleak, tCm, tVleak, tInW, tInB, tOutW, tOutB}) {
        Arrays.fill(t, 0.0f);
      }
    }
  }

  @Override
  Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
    if (old instanceof Float32Workspace ws && ws.owner() == this) {
      ws.bind(p, pOff);
      return ws;
    }
    return new Float32Workspace(p, pOff);
  }

  private Float32Workspace workspace(Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new Float32Workspace(p, pOff);
    }
    Float32Workspace ws = (Float32Workspace) w;
    ws.prepare(p, pOff, batch);
    return ws;
  }

  @Override
  void forward(double[] p, int pOff, double[] x, double[] h, double[] dt, int batch,
      double[] hNext, double[] out, Tape tape, Workspace workspace) {
    Float32Tape t = (Float32Tape) tape;
    Float32Workspace ws = workspace(workspace, p, pOff, batch);
    LtcCell c = cell;
    int n = units;
    float[] xs = ws.xs;
    float[] v = ws.v;
    for (int b = 0; b < batch; b++) {
      for (int s = 0; s < inputs; s++) {
        float value = (float) x[b * inputs + s];
        if (c.oInW >= 0) {
          value *= ws.inW[s];
        }
        if (c.oInB >= 0) {
          value += ws.inB[s];
        }
        xs[s] = value;
      }
      sensoryCurrents(ws, xs, ws.numS, ws.denS);
      for (int j = 0; j < n; j++) {
        v[j] = (float) h[b * n + j];
      }
      if (t != null) {
        System.arraycopy(xs, 0, t.xs, b * inputs, inputs);
        System.arraycopy(ws.numS, 0, t.numS, b * n, n);
        System.arraycopy(ws.denS, 0, t.denS, b * n, n);
      }
      float hs = (float) dt[b] / odeUnfolds; // as float64: Δt/K first, then cm / (Δt/K)
      switch (solver) {
        case FUSED:
          fusedSolve(ws, hs, v, t, b);
          break;
        case EULER:
          eulerSolve(ws, hs, v, t, b);
          break;
        default:
          rk4Solve(ws, hs, v, t, b);
      }
      for (int j = 0; j < n; j++) {
        hNext[b * n + j] = v[j];
      }
      for (int m = 0; m < motors; m++) {
        float value = v[m];
        if (c.oOutW >= 0) {
          value *= ws.outW[m];
        }
        if (c.oOutB >= 0) {
          value += ws.outB[m];
        }
        out[b * motors + m] = value;
      }
    }
  }

  /**
   * num_j = Σ_i w_ij σ(sigma_ij (v_i − mu_ij)) erev_ij and den_j = Σ_i w_ij σ(...), i ascending,
   * for one sample: source by source, each row of N sigmoids in one {@link ElementKernel} call.
   * The row of source i is left in {@code sgRows[i]} unless sgRows is null.
   */
  private void currents(Float32Workspace ws, float[] v, float[] num, float[] den,
      float[][] sgRows) {
    int n = units;
    Arrays.fill(num, 0, n, 0.0f);
    Arrays.fill(den, 0, n, 0.0f);
    for (int i = 0; i < n; i++) {
      float[] z = sgRows == null ? ws.zRow : sgRows[i];
      float vi = v[i];
      float[] sigma = ws.sigma[i];
      float[] mu = ws.mu[i];
      for (int j = 0; j < n; j++) {
        z[j] = sigma[j] * (vi - mu[j]);
      }
      KERNEL.sigmoid(z, 0, n);
      float[] w = ws.w[i];
      float[] erev = ws.erev[i];
      for (int j = 0; j < n; j++) {
        float a = w[j] * z[j];
        num[j] += a * erev[j];
        den[j] += a;
      }
    }
  }

  /** numS_j = Σ_s sw_sj σ(ssigma_sj (xs_s − smu_sj)) serev_sj and denS_j likewise, s ascending. */
  private void sensoryCurrents(Float32Workspace ws, float[] xs, float[] numS, float[] denS) {
    int n = units;
    float[] z = ws.zRow;
    Arrays.fill(numS, 0, n, 0.0f);
    Arrays.fill(denS, 0, n, 0.0f);
    for (int s = 0; s < inputs; s++) {
      float x = xs[s];
      float[] sigma = ws.sSigma[s];
      float[] mu = ws.sMu[s];
      for (int j = 0; j < n; j++) {
        z[j] = sigma[j] * (x - mu[j]);
      }
      KERNEL.sigmoid(z, 0, n);
      float[] w = ws.sw[s];
      float[] erev = ws.sErev[s];
      for (int j = 0; j < n; j++) {
        float a = w[j] * z[j];
        numS[j] += a * erev[j];
        denS[j] += a;
      }
    }
  }

  /** K fused sub-steps of one sample (LtcCell's fusedForward), v overwritten, recorded for b. */
  private void fusedSolve(Float32Workspace ws, float hs, float[] v, Float32Tape t, int b) {
    int n = units;
    float[] num = ws.num;
    float[] den = ws.den;
    float[] numS = ws.numS;
    float[] denS = ws.denS;
    float[] cmT = ws.cmT;
    float[] leak = ws.leak;
    float[] cmTg = ws.cmTg;
    float[] denom = ws.denom;
    float eps = epsilon;
    for (int j = 0; j < n; j++) {
      cmT[j] = ws.cm[j] / hs;
      leak[j] = ws.gleak[j] * ws.vleak[j];
      cmTg[j] = cmT[j] + ws.gleak[j];
    }
    for (int u = 0; u < odeUnfolds; u++) {
      if (t != null) {
        System.arraycopy(v, 0, t.states, (b * stored + u) * n, n);
      }
      currents(ws, v, num, den, null);
      // ncps's order of the sums: (cmT v + gleak vleak) + (num + numS), ((cmT + gleak) + ...
      for (int j = 0; j < n; j++) {
        float numerator = cmT[j] * v[j] + leak[j] + (num[j] + numS[j]);
        float denominator = cmTg[j] + (den[j] + denS[j]) + eps;
        v[j] = numerator / denominator;
        denom[j] = denominator;
      }
      if (t != null) {
        System.arraycopy(denom, 0, t.denom, (b * odeUnfolds + u) * n, n);
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states, (b * stored + odeUnfolds) * n, n);
    }
  }

  /** dv/dt of one sample at v (LtcCell's rightHandSide), with the sample's sensory currents. */
  private void rightHandSide(Float32Workspace ws, float[] v, float[] f) {
    int n = units;
    float[] num = ws.num;
    float[] den = ws.den;
    float[] numS = ws.numS;
    float[] denS = ws.denS;
    float[] gleak = ws.gleak;
    float[] vleak = ws.vleak;
    float[] cm = ws.cm;
    float eps = epsilon;
    currents(ws, v, num, den, null);
    for (int j = 0; j < n; j++) {
      // ε keeps a clipped cm of exactly 0 finite, as in the fused solver's denominator.
      float current = gleak[j] * (vleak[j] - v[j]) + (num[j] + numS[j]) - v[j] * (den[j] + denS[j]);
      f[j] = current / (cm[j] + eps);
    }
  }

  private void eulerSolve(Float32Workspace ws, float hs, float[] v, Float32Tape t, int b) {
    int n = units;
    float[] f = ws.f;
    for (int u = 0; u < odeUnfolds; u++) {
      if (t != null) {
        System.arraycopy(v, 0, t.states, (b * stored + u) * n, n);
      }
      rightHandSide(ws, v, f);
      for (int j = 0; j < n; j++) {
        v[j] += hs * f[j];
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states, (b * stored + odeUnfolds) * n, n);
    }
  }

  private void rk4Solve(Float32Workspace ws, float hs, float[] v, Float32Tape t, int b) {
    int n = units;
    float[] k1 = ws.k1;
    float[] k2 = ws.k2;
    float[] k3 = ws.k3;
    float[] k4 = ws.k4;
    float[] v2 = ws.v2;
    float[] v3 = ws.v3;
    float[] v4 = ws.v4;
    float half = 0.5f * hs;
    float sixth = hs / 6.0f;
    for (int u = 0; u < odeUnfolds; u++) {
      rightHandSide(ws, v, k1);
      for (int j = 0; j < n; j++) {
        v2[j] = v[j] + half * k1[j];
      }
      rightHandSide(ws, v2, k2);
      for (int j = 0; j < n; j++) {
        v3[j] = v[j] + half * k2[j];
      }
      rightHandSide(ws, v3, k3);
      for (int j = 0; j < n; j++) {
        v4[j] = v[j] + hs * k3[j];
      }
      rightHandSide(ws, v4, k4);
      if (t != null) {
        int at = (b * stored + 4 * u) * n;
        System.arraycopy(v, 0, t.states, at, n);
        System.arraycopy(v2, 0, t.states, at + n, n);
        System.arraycopy(v3, 0, t.states, at + 2 * n, n);
        System.arraycopy(v4, 0, t.states, at + 3 * n, n);
      }
      for (int j = 0; j < n; j++) {
        v[j] += sixth * (k1[j] + 2.0f * k2[j] + 2.0f * k3[j] + k4[j]);
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states, (b * stored + 4 * odeUnfolds) * n, n);
    }
  }

  @Override
  void backward(double[] p, int pOff, double[] x, double[] h, double[] dt, int batch, Tape tape,
      double[] dHNext, double[] dOut, double[] dP, double[] dX, double[] dH, Workspace workspace) {
    Float32Tape t = (Float32Tape) tape;
    Float32Workspace ws = workspace(workspace, p, pOff, batch);
    Backward bw = ws.backward();
    LtcCell c = cell;
    int n = units;
    bw.clearTotals();
    float[] dv = bw.dv;
    for (int b = 0; b < batch; b++) {
      // out_m = v_m·output_w_m + output_b_m, v = the final state.
      for (int j = 0; j < n; j++) {
        dv[j] = (float) dHNext[b * n + j];
      }
      int last = (b * stored + stored - 1) * n;
      for (int m = 0; m < motors; m++) {
        float dOutM = (float) dOut[b * motors + m];
        float d = dOutM;
        if (c.oOutW >= 0) {
          bw.tOutW[m] += d * t.states[last + m];
          d *= ws.outW[m];
        }
        if (c.oOutB >= 0) {
          bw.tOutB[m] += dOutM;
        }
        dv[m] += d;
      }
      for (float[][] g : new float[][][] {bw.gW, bw.gSigma, bw.gMu, bw.gErev}) {
        for (float[] row : g) {
          Arrays.fill(row, 0.0f);
        }
      }
      for (float[] g : new float[][] {bw.gGleak, bw.gCm, bw.gVleak, bw.gNumS, bw.gDenS}) {
        Arrays.fill(g, 0.0f);
      }
      System.arraycopy(t.numS, b * n, ws.numS, 0, n);
      System.arraycopy(t.denS, b * n, ws.denS, 0, n);
      float hs = (float) dt[b] / odeUnfolds; // the forward pass's sub-step, to the bit
      switch (solver) {
        case FUSED:
          fusedBackward(ws, bw, t, b, hs);
          break;
        case EULER:
          eulerBackward(ws, bw, t, b, hs);
          break;
        default:
          rk4Backward(ws, bw, t, b, hs);
      }
      for (int j = 0; j < n; j++) {
        dH[b * n + j] = dv[j];
      }
      sensoryBackward(ws, bw, t, b, x, dX);
      addSampleGradients(ws, bw);
    }
    addTotals(bw, pOff, dP);
  }

  /**
   * Adds one sample's gradients to the call's totals, chaining the effective conductances through
   * the positivity map (d raw = d effective · pos').
   */
  private void addSampleGradients(Float32Workspace ws, Backward bw) {
    int n = units;
    for (int j = 0; j < n; j++) {
      bw.tGleak[j] += bw.gGleak[j] * ws.pgGleak[j];
      bw.tCm[j] += bw.gCm[j] * ws.pgCm[j];
      bw.tVleak[j] += bw.gVleak[j];
    }
    for (int j = 0; j < n; j++) {
      float[] tW = bw.tW[j];
      float[] tSigma = bw.tSigma[j];
      float[] tMu = bw.tMu[j];
      float[] tErev = bw.tErev[j];
      float[] gW = bw.gW[j];
      float[] gSigma = bw.gSigma[j];
      float[] gMu = bw.gMu[j];
      float[] gErev = bw.gErev[j];
      float[] pgW = bw.pgWT[j];
      for (int i = 0; i < n; i++) {
        tW[i] += gW[i] * pgW[i];
        tSigma[i] += gSigma[i];
        tMu[i] += gMu[i];
        tErev[i] += gErev[i];
      }
    }
  }

  /**
   * Adds the call's float totals to dP, for the parameters that exist only: absent synapses'
   * entries and the frozen masks are never written.
   */
  private void addTotals(Backward bw, int pOff, double[] dP) {
    LtcCell c = cell;
    int n = units;
    for (int j = 0; j < n; j++) {
      dP[pOff + c.oGleak + j] += bw.tGleak[j];
      dP[pOff + c.oCm + j] += bw.tCm[j];
      dP[pOff + c.oVleak + j] += bw.tVleak[j];
    }
    for (int k = 0; k < c.synIdx.length; k++) {
      int at = pOff + c.synIdx[k];
      int i = c.synSrc[k];
      int j = c.synDst[k];
      dP[c.oW + at] += bw.tW[j][i];
      dP[c.oSigma + at] += bw.tSigma[j][i];
      dP[c.oMu + at] += bw.tMu[j][i];
      dP[c.oErev + at] += bw.tErev[j][i];
    }
    for (int k = 0; k < c.sensIdx.length; k++) {
      int at = pOff + c.sensIdx[k];
      int s = c.sensSrc[k];
      int j = c.sensDst[k];
      dP[c.oSensW + at] += bw.tSw[s][j];
      dP[c.oSensSigma + at] += bw.tSSigma[s][j];
      dP[c.oSensMu + at] += bw.tSMu[s][j];
      dP[c.oSensErev + at] += bw.tSErev[s][j];
    }
    for (int s = 0; s < inputs; s++) {
      if (c.oInW >= 0) {
        dP[pOff + c.oInW + s] += bw.tInW[s];
      }
      if (c.oInB >= 0) {
        dP[pOff + c.oInB + s] += bw.tInB[s];
      }
    }
    for (int m = 0; m < motors; m++) {
      if (c.oOutW >= 0) {
        dP[pOff + c.oOutW + m] += bw.tOutW[m];
      }
      if (c.oOutB >= 0) {
        dP[pOff + c.oOutB + m] += bw.tOutB[m];
      }
    }
  }

  /**
   * Backward through one sample's K fused unfolds (LtcCell's fusedBackward): bw.dv holds dL/dv_K
   * and leaves with dL/dv_0.
   */
  private void fusedBackward(Float32Workspace ws, Backward bw, Float32Tape t, int b, float hs) {
    int n = units;
    float[] dv = bw.dv;
    float[] dNum = bw.dNum;
    float[] dDen = bw.dDen;
    float[] dPrev = bw.dPrev;
    float[] dCmT = bw.dCmT;
    float[] v = bw.vCur;
    float[] vNext = bw.vNext;
    float[] denom = bw.denom;
    float[] cmT = ws.cmT;
    float[] vleak = ws.vleak;
    float[] gleak = ws.gleak;
    float[] gGleak = bw.gGleak;
    float[] gVleak = bw.gVleak;
    float[] gNumS = bw.gNumS;
    float[] gDenS = bw.gDenS;
    Arrays.fill(dCmT, 0.0f);
    for (int j = 0; j < n; j++) {
      cmT[j] = ws.cm[j] / hs;
    }
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      System.arraycopy(t.states, (b * stored + u) * n, v, 0, n);
      System.arraycopy(t.states, (b * stored + u + 1) * n, vNext, 0, n);
      System.arraycopy(t.denom, (b * odeUnfolds + u) * n, denom, 0, n);
      for (int j = 0; j < n; j++) {
        float denominator = denom[j];
        float dNumer = dv[j] / denominator;
        // d/d denom of numer/denom = −v'/denom
        float dDenom = -dv[j] * vNext[j] / denominator;
        dCmT[j] += dNumer * v[j] + dDenom;
        dPrev[j] = dNumer * cmT[j];
        gGleak[j] += dNumer * vleak[j] + dDenom;
        gVleak[j] += dNumer * gleak[j];
        dNum[j] = dNumer;
        dDen[j] = dDenom;
        gNumS[j] += dNumer;
        gDenS[j] += dDenom;
      }
      synapsesBackward(ws, bw, v, dNum, dDen, dPrev, null);
      System.arraycopy(dPrev, 0, dv, 0, n);
    }
    float[] gCm = bw.gCm;
    for (int j = 0; j < n; j++) {
      gCm[j] += dCmT[j] / hs; // cmT = cm / (Δt/K)
    }
  }

  /**
   * Backward of {@link #currents} for one sample (LtcCell's currentsBackward), destination by
   * destination: recomputes the row of sigmoids into j (or reads it from {@code sgT[j]} when sgT is
   * not null), adds to dvOut (the potentials the sigmoids read) and to the sample's gradients.
   */
  private void synapsesBackward(Float32Workspace ws, Backward bw, float[] v, float[] dNum,
      float[] dDen, float[] dvOut, float[][] sgT) {
    int n = units;
    float[] dz = bw.dz; // d/dz of the synapses into j, z = sigma (v_i − mu)
    for (int j = 0; j < n; j++) {
      float[] sigma = bw.sigmaT[j];
      float[] mu = bw.muT[j];
      float[] w = bw.wT[j];
      float[] erev = bw.erevT[j];
      float[] gErev = bw.gErev[j];
      float[] gW = bw.gW[j];
      float[] gSigma = bw.gSigma[j];
      float[] gMu = bw.gMu[j];
      float[] sg;
      if (sgT != null) {
        sg = sgT[j];
      } else {
        sg = ws.zRow;
        for (int i = 0; i < n; i++) {
          sg[i] = sigma[i] * (v[i] - mu[i]); // the forward's operands: the same σ to the bit
        }
        KERNEL.sigmoid(sg, 0, n);
      }
      float dn = dNum[j];
      float dd = dDen[j];
      // Three loops rather than one, as in LtcDenseKernel: C2 unrolls, and so vectorises, only
      // loop bodies below LoopUnrollLimit, which the whole chain rule of a synapse exceeds.
      for (int i = 0; i < n; i++) {
        float s = sg[i];
        float da = dn * erev[i] + dd;
        gErev[i] += dn * (w[i] * s);
        gW[i] += da * s;
        dz[i] = da * w[i] * s * (1.0f - s);
      }
      for (int i = 0; i < n; i++) {
        gSigma[i] += dz[i] * (v[i] - mu[i]);
      }
      for (int i = 0; i < n; i++) {
        gMu[i] -= dz[i] * sigma[i];
        dvOut[i] += dz[i] * sigma[i];
      }
    }
  }

  /**
   * Vector–Jacobian product of {@link #rightHandSide} at v for one sample: given a = dL/df, adds
   * aᵀ∂f/∂v to dv and aᵀ∂f/∂θ to the sample's gradients.
   */
  private void rightHandSideBackward(Float32Workspace ws, Backward bw, float[] v, float[] a,
      float[] dv) {
    int n = units;
    float[] num = ws.num;
    float[] den = ws.den;
    float[] numS = ws.numS;
    float[] denS = ws.denS;
    float[] cm = ws.cm;
    float[] vleak = ws.vleak;
    float[] gleak = ws.gleak;
    float[] dNum = bw.dNum;
    float[] dDen = bw.dDen;
    float[] gGleak = bw.gGleak;
    float[] gVleak = bw.gVleak;
    float[] gNumS = bw.gNumS;
    float[] gDenS = bw.gDenS;
    float[] gCm = bw.gCm;
    float eps = epsilon;
    currents(ws, v, num, den, bw.sgRows);
    transpose(bw.sgRows, bw.sgT);
    for (int j = 0; j < n; j++) {
      float c = cm[j] + eps;
      float q = a[j] / c;
      float totalDen = den[j] + denS[j];
      float f = (gleak[j] * (vleak[j] - v[j]) + (num[j] + numS[j]) - v[j] * totalDen) / c;
      gGleak[j] += q * (vleak[j] - v[j]);
      gVleak[j] += q * gleak[j];
      dv[j] -= q * (gleak[j] + totalDen);
      dNum[j] = q;
      dDen[j] = -q * v[j];
      gNumS[j] += q;
      gDenS[j] -= q * v[j];
      gCm[j] -= q * f;
    }
    synapsesBackward(ws, bw, v, dNum, dDen, dv, bw.sgT);
  }

  /** to[j][i] = from[i][j], for N × N. */
  private void transpose(float[][] from, float[][] to) {
    int n = units;
    for (int j = 0; j < n; j++) {
      float[] row = to[j];
      for (int i = 0; i < n; i++) {
        row[i] = from[i][j];
      }
    }
  }

  /** Backward of one sample's K Euler sub-steps v ← v + h·f(v). */
  private void eulerBackward(Float32Workspace ws, Backward bw, Float32Tape t, int b, float hs) {
    int n = units;
    float[] dv = bw.dv;
    float[] a = bw.a;
    float[] v = bw.vCur;
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      for (int j = 0; j < n; j++) {
        a[j] = hs * dv[j];
      }
      System.arraycopy(t.states, (b * stored + u) * n, v, 0, n);
      rightHandSideBackward(ws, bw, v, a, dv);
    }
  }

  /** Backward of one sample's classic RK4 sub-steps, stage by stage in reverse. */
  private void rk4Backward(Float32Workspace ws, Backward bw, Float32Tape t, int b, float hs) {
    int n = units;
    float[] dv = bw.dv;
    float[] dk1 = bw.dk1;
    float[] dk2 = bw.dk2;
    float[] dk3 = bw.dk3;
    float[] dk4 = bw.dk4;
    float[] dStage = bw.dStage;
    float[] v = bw.vCur;
    float half = 0.5f * hs;
    float sixth = hs / 6.0f;
    float third = hs / 3.0f;
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      int at = (b * stored + 4 * u) * n;
      for (int j = 0; j < n; j++) {
        dk1[j] = sixth * dv[j];
        dk2[j] = third * dv[j];
        dk3[j] = third * dv[j];
        dk4[j] = sixth * dv[j];
      }
      // k4 = f(v4), v4 = v + h·k3
      Arrays.fill(dStage, 0.0f);
      System.arraycopy(t.states, at + 3 * n, v, 0, n);
      rightHandSideBackward(ws, bw, v, dk4, dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk3[j] += hs * dStage[j];
      }
      // k3 = f(v3), v3 = v + h/2·k2
      Arrays.fill(dStage, 0.0f);
      System.arraycopy(t.states, at + 2 * n, v, 0, n);
      rightHandSideBackward(ws, bw, v, dk3, dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk2[j] += half * dStage[j];
      }
      // k2 = f(v2), v2 = v + h/2·k1
      Arrays.fill(dStage, 0.0f);
      System.arraycopy(t.states, at + n, v, 0, n);
      rightHandSideBackward(ws, bw, v, dk2, dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk1[j] += half * dStage[j];
      }
      // k1 = f(v)
      System.arraycopy(t.states, at, v, 0, n);
      rightHandSideBackward(ws, bw, v, dk1, dv);
    }
  }

  /**
   * Backward of one sample's sensory synapses and input mapping, given the gradients of its
   * sensory currents (bw.gNumS, bw.gDenS): adds the sensory and input-mapping parameters'
   * gradients to the call's totals and writes the sample's row of dX.
   */
  private void sensoryBackward(Float32Workspace ws, Backward bw, Float32Tape t, int b, double[] x,
      double[] dX) {
    LtcCell c = cell;
    int n = units;
    float[] sg = ws.zRow;
    float[] dn = bw.gNumS;
    float[] dd = bw.gDenS;
    float[] dXs = bw.dXs;
    for (int s = 0; s < inputs; s++) {
      float xs = t.xs[b * inputs + s];
      float[] sigma = ws.sSigma[s];
      float[] mu = ws.sMu[s];
      float[] w = ws.sw[s];
      float[] erev = ws.sErev[s];
      float[] pgW = ws.pgSw[s];
      float[] tErev = bw.tSErev[s];
      float[] tW = bw.tSw[s];
      float[] tSigma = bw.tSSigma[s];
      float[] tMu = bw.tSMu[s];
      for (int j = 0; j < n; j++) {
        sg[j] = sigma[j] * (xs - mu[j]);
      }
      KERNEL.sigmoid(sg, 0, n);
      float dx = 0.0f;
      for (int j = 0; j < n; j++) {
        float a = sg[j];
        float da = dn[j] * erev[j] + dd[j];
        tErev[j] += dn[j] * (w[j] * a);
        tW[j] += (da * a) * pgW[j];
        float dz = da * w[j] * a * (1.0f - a);
        tSigma[j] += dz * (xs - mu[j]);
        tMu[j] -= dz * sigma[j];
        dx += dz * sigma[j];
      }
      dXs[s] = dx;
    }
    for (int s = 0; s < inputs; s++) {
      float d = dXs[s];
      if (c.oInB >= 0) {
        bw.tInB[s] += d;
      }
      if (c.oInW >= 0) {
        bw.tInW[s] += d * (float) x[b * inputs + s];
        d *= ws.inW[s];
      }
      dX[b * inputs + s] = d;
    }
  }
}
