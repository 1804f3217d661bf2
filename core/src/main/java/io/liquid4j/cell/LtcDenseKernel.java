package io.liquid4j.cell;

import io.liquid4j.cell.Cell.Tape;
import io.liquid4j.cell.Cell.Workspace;
import io.liquid4j.solver.OdeSystem;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.solver.Solvers;
import java.util.Arrays;

/**
 * The LTC's step for dense wirings: every one of the N × N internal (and S × N sensory) synapses is
 * computed, those absent from the wiring with w = erev = sigma = mu = 0 (so they add exactly +0 to
 * every sum, and their parameters' gradients are never written). Samples are processed one at a
 * time, and the innermost loop of each synapse pass runs over a row of N neurons: contiguous,
 * branch-free, and long enough for C2 to vectorise. Most of its time goes to the sigmoids (about
 * half, measured for N = 64), computed twice per synapse and sub-step (forward, and again in the
 * backward pass); the rest is the chain rule's loops.
 *
 * <p>Layouts. The forward pass sums over sources into each destination: num_j += a_ij erev_ij for
 * i in order, so it keeps the parameters as rows by source, [i][j], and its inner loop runs over
 * destinations j, adding row i to the (N) accumulators. The backward pass sums over destinations
 * into each source (dv_i += Σ_j ...), so it keeps a transposed copy, rows by destination, [j][i],
 * and its inner loop runs over sources i: both inner loops then accumulate into a vector instead
 * of reducing to a scalar, which C2 could not vectorise. Matrices are arrays of rows rather than one
 * flat array because JDK 17's C2 vectorises a loop only when all its array accesses share one
 * index expression; a row offset on some arrays and not on the accumulators defeats it.
 *
 * <p>The backward pass recomputes the synapses' sigmoids from the recorded states instead of
 * recording them, as the sparse kernel does: that would keep K·N² values per sample and step (6 MB
 * per step for N = 64, B = 32 and K = 6; 400 MB over 64 steps), written once and read once. It
 * computes them once per stage, though: the Euler and RK4 backward, which needs the currents of a
 * stage (so its sigmoids, rows by source) and then the sigmoids rows by destination, transposes
 * the first rows (N² moves, cheaper than N² sigmoids: for FullyConnected(64), B = 32, 16 steps,
 * forward and backward measured 158 → 112 ms with Euler and 577 → 396 ms with RK4).
 *
 * <p>Every sum is added in {@link LtcCell}'s reference order (sources ascending into a destination,
 * destinations ascending into a source, unfolds in reverse into a sample's gradient, samples in
 * order into dP) and every expression is the sparse kernel's, so the two kernels agree bit for bit.
 */
final class LtcDenseKernel extends LtcKernel {
  private static final ElementKernel KERNEL = Kernels.elements();

  private final LtcCell cell;
  private final int inputs; // S
  private final int units; // N
  private final int motors; // M
  private final int odeUnfolds; // K
  private final double epsilon;
  private final SolverKind solver;
  private final int stored; // states per sample on the tape

  LtcDenseKernel(LtcCell cell) {
    this.cell = cell;
    inputs = cell.inputs;
    units = cell.units;
    motors = cell.motors;
    odeUnfolds = cell.odeUnfolds;
    epsilon = cell.epsilon;
    solver = cell.solver;
    stored = cell.storedStates();
  }

  @Override
  Kind kind() {
    return Kind.DENSE;
  }

  /** What the backward pass reads of one step, sample-major: sample b's rows start at b·(size). */
  private final class DenseTape implements Tape {
    final int batch;
    final double[] xs; // (B, S) mapped inputs
    final double[] numS; // (B, N) sensory currents
    final double[] denS; // (B, N)
    final double[] states; // (B, stored, N): fused/Euler v_0..v_K; RK4 v, v2, v3, v4 per sub-step, v_K
    final double[] denom; // (B, K, N) the fused solver's denominators

    DenseTape(int batch) {
      this.batch = batch;
      xs = new double[batch * inputs];
      numS = new double[batch * units];
      denS = new double[batch * units];
      states = new double[batch * stored * units];
      denom = new double[solver == SolverKind.FUSED ? batch * odeUnfolds * units : 0];
    }

    LtcDenseKernel owner() {
      return LtcDenseKernel.this;
    }
  }

  @Override
  Tape newTape(int batch, Tape old) {
    if (old instanceof DenseTape t && t.owner() == this && t.batch == batch) {
      return t;
    }
    return new DenseTape(batch);
  }

  /**
   * The parameters as dense rows, computed once per parameter set, and one sample's scratch (the
   * kernel works sample by sample, so nothing here grows with the batch). The transposed copies
   * and the backward pass's arrays are made on the first backward call: inference does not need
   * them.
   */
  private final class DenseWorkspace extends BoundWorkspace {
    // Rows by source [i][j]: effective w (pos(w), 0 where absent), sigma, mu, erev (0 where absent).
    final double[][] w = new double[units][units];
    final double[][] sigma = new double[units][units];
    final double[][] mu = new double[units][units];
    final double[][] erev = new double[units][units];
    // Sensory rows by input feature [s][j], likewise.
    final double[][] sw = new double[inputs][units];
    final double[][] sSigma = new double[inputs][units];
    final double[][] sMu = new double[inputs][units];
    final double[][] sErev = new double[inputs][units];
    // Per neuron: pos(gleak), pos(cm), vleak, and pos' of gleak and cm.
    final double[] gleak = new double[units];
    final double[] cm = new double[units];
    final double[] vleak = new double[units];
    final double[] pgGleak = new double[units];
    final double[] pgCm = new double[units];
    // pos'(sensory_w) in the cell's sensory synapse order.
    final double[] pgSw = new double[cell.sensIdx.length];
    // One sample's forward scratch, (N) unless noted.
    final double[] zRow = new double[Math.max(units, 1)]; // one row of sigmoids
    final double[] xs = new double[inputs];
    final double[] numS = new double[units];
    final double[] denS = new double[units];
    final double[] v = new double[units];
    final double[] num = new double[units];
    final double[] den = new double[units];
    final double[] cmT = new double[units]; // cm / (Δt/K)
    final double[] leak = new double[units]; // gleak vleak
    final double[] cmTg = new double[units]; // cmT + gleak
    final double[] denom = new double[units];
    final double[] f = new double[units];
    final double[] k1 = new double[units];
    final double[] k2 = new double[units];
    final double[] k3 = new double[units];
    final double[] k4 = new double[units];
    final double[] v2 = new double[units];
    final double[] v3 = new double[units];
    final double[] v4 = new double[units];
    Backward back; // null until the first backward call
    boolean backStale; // the transposed rows hold former parameters

    DenseWorkspace(double[] p, int pOff) {
      bind(p, pOff);
    }

    LtcDenseKernel owner() {
      return LtcDenseKernel.this;
    }

    @Override
    void derive() {
      int n = units;
      LtcCell c = cell;
      for (int j = 0; j < n; j++) {
        gleak[j] = c.pos(p[pOff + c.oGleak + j]);
        cm[j] = c.pos(p[pOff + c.oCm + j]);
        vleak[j] = p[pOff + c.oVleak + j];
        pgGleak[j] = c.posGrad(p[pOff + c.oGleak + j]);
        pgCm[j] = c.posGrad(p[pOff + c.oCm + j]);
      }
      for (double[][] m : new double[][][] {w, sigma, mu, erev, sw, sSigma, sMu, sErev}) {
        for (double[] row : m) {
          Arrays.fill(row, 0.0);
        }
      }
      for (int k = 0; k < c.synIdx.length; k++) {
        int i = c.synSrc[k];
        int j = c.synDst[k];
        int at = pOff + c.synIdx[k];
        w[i][j] = c.pos(p[c.oW + at]);
        sigma[i][j] = p[c.oSigma + at];
        mu[i][j] = p[c.oMu + at];
        erev[i][j] = p[c.oErev + at];
      }
      for (int k = 0; k < c.sensIdx.length; k++) {
        int s = c.sensSrc[k];
        int j = c.sensDst[k];
        int at = pOff + c.sensIdx[k];
        sw[s][j] = c.pos(p[c.oSensW + at]);
        pgSw[k] = c.posGrad(p[c.oSensW + at]);
        sSigma[s][j] = p[c.oSensSigma + at];
        sMu[s][j] = p[c.oSensMu + at];
        sErev[s][j] = p[c.oSensErev + at];
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

  /** The backward pass's part of a workspace: rows by destination [j][i], and one sample's scratch. */
  private final class Backward {
    final double[][] wT = new double[units][units];
    final double[][] sigmaT = new double[units][units];
    final double[][] muT = new double[units][units];
    final double[][] erevT = new double[units][units];
    final double[][] pgWT = new double[units][units]; // pos'(w), 0 where absent
    // One sample's gradients, summed over its unfolds: w.r.t. the effective w and to sigma, mu,
    // erev (rows by destination), and w.r.t. the effective gleak, cm and to vleak and the sensory
    // currents (N); the sensory synapses' (S, N) rows.
    final double[][] gW = new double[units][units];
    final double[][] gSigma = new double[units][units];
    final double[][] gMu = new double[units][units];
    final double[][] gErev = new double[units][units];
    final double[] gGleak = new double[units];
    final double[] gCm = new double[units];
    final double[] gVleak = new double[units];
    final double[] gNumS = new double[units];
    final double[] gDenS = new double[units];
    final double[][] gSw = new double[inputs][units];
    final double[][] gSSigma = new double[inputs][units];
    final double[][] gSMu = new double[inputs][units];
    final double[][] gSErev = new double[inputs][units];
    // dP of the internal synapses while a backward call runs, rows by destination: the samples'
    // gradients are added here in order, and written back to dP when the call ends.
    final double[][] tW = new double[units][units];
    final double[][] tSigma = new double[units][units];
    final double[][] tMu = new double[units][units];
    final double[][] tErev = new double[units][units];
    // One sample's scratch, (N) unless noted.
    final double[] vCur = new double[units];
    final double[] vNext = new double[units];
    final double[] denom = new double[units];
    final double[] dv = new double[units];
    final double[] dNum = new double[units];
    final double[] dDen = new double[units];
    final double[] dPrev = new double[units];
    final double[] dCmT = new double[units];
    final double[] a = new double[units];
    final double[] dk1 = new double[units];
    final double[] dk2 = new double[units];
    final double[] dk3 = new double[units];
    final double[] dk4 = new double[units];
    final double[] dStage = new double[units];
    final double[] dXs = new double[inputs];
    final double[] dz = new double[units];
    // Euler and RK4: one stage's sigmoids, rows by source [i][j] as rightHandSideBackward's
    // currents computes them and transposed, rows by destination [j][i], for synapsesBackward,
    // which then need not compute them a second time (a transpose costs less than a sigmoid).
    final double[][] sgRows = new double[solver == SolverKind.FUSED ? 0 : units][units];
    final double[][] sgT = new double[solver == SolverKind.FUSED ? 0 : units][units];

    void derive(DenseWorkspace ws) {
      int n = units;
      LtcCell c = cell;
      for (double[][] m : new double[][][] {wT, sigmaT, muT, erevT, pgWT}) {
        for (double[] row : m) {
          Arrays.fill(row, 0.0);
        }
      }
      for (int k = 0; k < c.synIdx.length; k++) {
        int i = c.synSrc[k];
        int j = c.synDst[k];
        wT[j][i] = ws.w[i][j];
        sigmaT[j][i] = ws.sigma[i][j];
        muT[j][i] = ws.mu[i][j];
        erevT[j][i] = ws.erev[i][j];
        pgWT[j][i] = c.posGrad(ws.p[ws.pOff + c.oW + c.synIdx[k]]);
      }
    }
  }

  @Override
  Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
    if (old instanceof DenseWorkspace ws && ws.owner() == this) {
      ws.bind(p, pOff);
      return ws;
    }
    return new DenseWorkspace(p, pOff);
  }

  private DenseWorkspace workspace(Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new DenseWorkspace(p, pOff);
    }
    DenseWorkspace ws = (DenseWorkspace) w;
    ws.prepare(p, pOff, batch);
    return ws;
  }

  @Override
  void forward(double[] p, int pOff, double[] x, double[] h, double[] dt, int batch,
      double[] hNext, double[] out, Tape tape, Workspace workspace) {
    DenseTape t = (DenseTape) tape;
    DenseWorkspace ws = workspace(workspace, p, pOff, batch);
    LtcCell c = cell;
    int n = units;
    double[] xs = ws.xs;
    double[] v = ws.v;
    for (int b = 0; b < batch; b++) {
      for (int s = 0; s < inputs; s++) {
        double value = x[b * inputs + s];
        if (c.oInW >= 0) {
          value *= p[pOff + c.oInW + s];
        }
        if (c.oInB >= 0) {
          value += p[pOff + c.oInB + s];
        }
        xs[s] = value;
      }
      sensoryCurrents(ws, xs, ws.numS, ws.denS);
      System.arraycopy(h, b * n, v, 0, n);
      if (t != null) {
        System.arraycopy(xs, 0, t.xs, b * inputs, inputs);
        System.arraycopy(ws.numS, 0, t.numS, b * n, n);
        System.arraycopy(ws.denS, 0, t.denS, b * n, n);
      }
      double hs = dt[b] / odeUnfolds; // ncps evaluates Δt/K first, then cm / (Δt/K)
      switch (solver) {
        case FUSED:
          fusedSolve(ws, hs, v, t, b);
          break;
        case EULER:
          eulerSolve(ws, hs, v, t, b);
          break;
        case RK4:
          rk4Solve(ws, hs, v, t, b);
          break;
        default:
          OdeSystem dynamics = new OdeSystem() {
            @Override
            public int dimension() {
              return units;
            }

            @Override
            public void derivative(double[] state, double[] dvdt) {
              rightHandSide(ws, state, dvdt);
            }
          };
          Solvers.of(solver, odeUnfolds, c.rtol, c.atol).integrate(dynamics, v, dt[b]);
      }
      System.arraycopy(v, 0, hNext, b * n, n);
      for (int m = 0; m < motors; m++) {
        double value = v[m];
        if (c.oOutW >= 0) {
          value *= p[pOff + c.oOutW + m];
        }
        if (c.oOutB >= 0) {
          value += p[pOff + c.oOutB + m];
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
  private void currents(DenseWorkspace ws, double[] v, double[] num, double[] den,
      double[][] sgRows) {
    int n = units;
    Arrays.fill(num, 0, n, 0.0);
    Arrays.fill(den, 0, n, 0.0);
    for (int i = 0; i < n; i++) {
      double[] z = sgRows == null ? ws.zRow : sgRows[i];
      double vi = v[i];
      double[] sigma = ws.sigma[i];
      double[] mu = ws.mu[i];
      for (int j = 0; j < n; j++) {
        z[j] = sigma[j] * (vi - mu[j]);
      }
      KERNEL.sigmoid(z, 0, n);
      double[] w = ws.w[i];
      double[] erev = ws.erev[i];
      for (int j = 0; j < n; j++) {
        double a = w[j] * z[j];
        num[j] += a * erev[j];
        den[j] += a;
      }
    }
  }

  /** numS_j = Σ_s sw_sj σ(ssigma_sj (xs_s − smu_sj)) serev_sj and denS_j likewise, s ascending. */
  private void sensoryCurrents(DenseWorkspace ws, double[] xs, double[] numS, double[] denS) {
    int n = units;
    double[] z = ws.zRow;
    Arrays.fill(numS, 0, n, 0.0);
    Arrays.fill(denS, 0, n, 0.0);
    for (int s = 0; s < inputs; s++) {
      double x = xs[s];
      double[] sigma = ws.sSigma[s];
      double[] mu = ws.sMu[s];
      for (int j = 0; j < n; j++) {
        z[j] = sigma[j] * (x - mu[j]);
      }
      KERNEL.sigmoid(z, 0, n);
      double[] w = ws.sw[s];
      double[] erev = ws.sErev[s];
      for (int j = 0; j < n; j++) {
        double a = w[j] * z[j];
        numS[j] += a * erev[j];
        denS[j] += a;
      }
    }
  }

  /** K fused sub-steps of one sample (LtcCell's fusedForward), v overwritten, recorded for b. */
  private void fusedSolve(DenseWorkspace ws, double hs, double[] v, DenseTape t, int b) {
    int n = units;
    double[] num = ws.num;
    double[] den = ws.den;
    double[] numS = ws.numS;
    double[] denS = ws.denS;
    double[] cmT = ws.cmT;
    double[] leak = ws.leak;
    double[] cmTg = ws.cmTg;
    double[] denom = ws.denom;
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
        double numerator = cmT[j] * v[j] + leak[j] + (num[j] + numS[j]);
        double denominator = cmTg[j] + (den[j] + denS[j]) + epsilon;
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
  private void rightHandSide(DenseWorkspace ws, double[] v, double[] f) {
    int n = units;
    double[] num = ws.num;
    double[] den = ws.den;
    double[] numS = ws.numS;
    double[] denS = ws.denS;
    double[] gleak = ws.gleak;
    double[] vleak = ws.vleak;
    double[] cm = ws.cm;
    currents(ws, v, num, den, null);
    for (int j = 0; j < n; j++) {
      // ε keeps a clipped cm of exactly 0 finite, as in the fused solver's denominator.
      double current = gleak[j] * (vleak[j] - v[j]) + (num[j] + numS[j]) - v[j] * (den[j] + denS[j]);
      f[j] = current / (cm[j] + epsilon);
    }
  }

  private void eulerSolve(DenseWorkspace ws, double hs, double[] v, DenseTape t, int b) {
    int n = units;
    double[] f = ws.f;
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

  private void rk4Solve(DenseWorkspace ws, double hs, double[] v, DenseTape t, int b) {
    int n = units;
    double[] k1 = ws.k1;
    double[] k2 = ws.k2;
    double[] k3 = ws.k3;
    double[] k4 = ws.k4;
    double[] v2 = ws.v2;
    double[] v3 = ws.v3;
    double[] v4 = ws.v4;
    for (int u = 0; u < odeUnfolds; u++) {
      rightHandSide(ws, v, k1);
      for (int j = 0; j < n; j++) {
        v2[j] = v[j] + 0.5 * hs * k1[j];
      }
      rightHandSide(ws, v2, k2);
      for (int j = 0; j < n; j++) {
        v3[j] = v[j] + 0.5 * hs * k2[j];
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
        v[j] += hs / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states, (b * stored + 4 * odeUnfolds) * n, n);
    }
  }

  @Override
  void backward(double[] p, int pOff, double[] x, double[] h, double[] dt, int batch, Tape tape,
      double[] dHNext, double[] dOut, double[] dP, double[] dX, double[] dH, Workspace workspace) {
    DenseTape t = (DenseTape) tape;
    DenseWorkspace ws = workspace(workspace, p, pOff, batch);
    Backward bw = ws.backward();
    LtcCell c = cell;
    int n = units;
    int[] synIdx = c.synIdx;
    int[] synSrc = c.synSrc;
    int[] synDst = c.synDst;
    for (int k = 0; k < synIdx.length; k++) {
      int at = pOff + synIdx[k];
      int i = synSrc[k];
      int j = synDst[k];
      bw.tW[j][i] = dP[c.oW + at];
      bw.tSigma[j][i] = dP[c.oSigma + at];
      bw.tMu[j][i] = dP[c.oMu + at];
      bw.tErev[j][i] = dP[c.oErev + at];
    }
    double[] dv = bw.dv;
    for (int b = 0; b < batch; b++) {
      // out_m = v_m·output_w_m + output_b_m, v = the final state.
      System.arraycopy(dHNext, b * n, dv, 0, n);
      int last = (b * stored + stored - 1) * n;
      for (int m = 0; m < motors; m++) {
        double d = dOut[b * motors + m];
        if (c.oOutW >= 0) {
          dP[pOff + c.oOutW + m] += d * t.states[last + m];
          d *= p[pOff + c.oOutW + m];
        }
        if (c.oOutB >= 0) {
          dP[pOff + c.oOutB + m] += dOut[b * motors + m];
        }
        dv[m] += d;
      }
      for (double[][] g : new double[][][] {bw.gW, bw.gSigma, bw.gMu, bw.gErev}) {
        for (double[] row : g) {
          Arrays.fill(row, 0.0);
        }
      }
      for (double[] g : new double[][] {bw.gGleak, bw.gCm, bw.gVleak, bw.gNumS, bw.gDenS}) {
        Arrays.fill(g, 0.0);
      }
      System.arraycopy(t.numS, b * n, ws.numS, 0, n);
      System.arraycopy(t.denS, b * n, ws.denS, 0, n);
      double hs = dt[b] / odeUnfolds;
      switch (solver) {
        case FUSED:
          fusedBackward(ws, bw, t, b, hs);
          break;
        case EULER:
          eulerBackward(ws, bw, t, b, hs);
          break;
        case RK4:
          rk4Backward(ws, bw, t, b, hs);
          break;
        default:
          throw new UnsupportedOperationException("backward for solver " + solver);
      }
      System.arraycopy(dv, 0, dH, b * n, n);
      sensoryBackward(ws, bw, t, b, x, dP, dX);
      addSampleGradients(ws, bw, dP);
    }
    for (int k = 0; k < synIdx.length; k++) {
      int at = pOff + synIdx[k];
      int i = synSrc[k];
      int j = synDst[k];
      dP[c.oW + at] = bw.tW[j][i];
      dP[c.oSigma + at] = bw.tSigma[j][i];
      dP[c.oMu + at] = bw.tMu[j][i];
      dP[c.oErev + at] = bw.tErev[j][i];
    }
  }

  /**
   * Adds one sample's gradients: the neurons' to dP, the synapses' to the running totals,
   * chaining the effective conductances through the positivity map (d raw = d effective · pos').
   */
  private void addSampleGradients(DenseWorkspace ws, Backward bw, double[] dP) {
    LtcCell c = cell;
    int n = units;
    int pOff = ws.pOff;
    for (int j = 0; j < n; j++) {
      dP[pOff + c.oGleak + j] += bw.gGleak[j] * ws.pgGleak[j];
      dP[pOff + c.oCm + j] += bw.gCm[j] * ws.pgCm[j];
      dP[pOff + c.oVleak + j] += bw.gVleak[j];
    }
    for (int j = 0; j < n; j++) {
      double[] tW = bw.tW[j];
      double[] tSigma = bw.tSigma[j];
      double[] tMu = bw.tMu[j];
      double[] tErev = bw.tErev[j];
      double[] gW = bw.gW[j];
      double[] gSigma = bw.gSigma[j];
      double[] gMu = bw.gMu[j];
      double[] gErev = bw.gErev[j];
      double[] pgW = bw.pgWT[j];
      for (int i = 0; i < n; i++) {
        tW[i] += gW[i] * pgW[i];
        tSigma[i] += gSigma[i];
        tMu[i] += gMu[i];
        tErev[i] += gErev[i];
      }
    }
  }

  /**
   * Backward through one sample's K fused unfolds (LtcCell's fusedBackward): bw.dv holds dL/dv_K
   * and leaves with dL/dv_0.
   */
  private void fusedBackward(DenseWorkspace ws, Backward bw, DenseTape t, int b, double hs) {
    int n = units;
    double[] dv = bw.dv;
    double[] dNum = bw.dNum;
    double[] dDen = bw.dDen;
    double[] dPrev = bw.dPrev;
    double[] dCmT = bw.dCmT;
    double[] v = bw.vCur;
    double[] vNext = bw.vNext;
    double[] denom = bw.denom;
    double[] cmT = ws.cmT;
    double[] vleak = ws.vleak;
    double[] gleak = ws.gleak;
    double[] gGleak = bw.gGleak;
    double[] gVleak = bw.gVleak;
    double[] gNumS = bw.gNumS;
    double[] gDenS = bw.gDenS;
    Arrays.fill(dCmT, 0.0);
    for (int j = 0; j < n; j++) {
      cmT[j] = ws.cm[j] / hs;
    }
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      System.arraycopy(t.states, (b * stored + u) * n, v, 0, n);
      System.arraycopy(t.states, (b * stored + u + 1) * n, vNext, 0, n);
      System.arraycopy(t.denom, (b * odeUnfolds + u) * n, denom, 0, n);
      for (int j = 0; j < n; j++) {
        double denominator = denom[j];
        double dNumer = dv[j] / denominator;
        // d/d denom of numer/denom = −v'/denom
        double dDenom = -dv[j] * vNext[j] / denominator;
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
    double[] gCm = bw.gCm;
    for (int j = 0; j < n; j++) {
      gCm[j] += dCmT[j] / hs; // cmT = cm / (Δt/K)
    }
  }

  /**
   * Backward of {@link #currents} for one sample (LtcCell's currentsBackward), destination
   * by destination: recomputes the row of sigmoids into j (or reads it from {@code sgT[j]} when
   * sgT is not null), adds to dvOut (the potentials the sigmoids read) and to the sample's
   * gradients.
   */
  private void synapsesBackward(DenseWorkspace ws, Backward bw, double[] v, double[] dNum,
      double[] dDen, double[] dvOut, double[][] sgT) {
    int n = units;
    double[] dz = bw.dz; // d/dz of the synapses into j, z = sigma (v_i − mu)
    for (int j = 0; j < n; j++) {
      double[] sigma = bw.sigmaT[j];
      double[] mu = bw.muT[j];
      double[] w = bw.wT[j];
      double[] erev = bw.erevT[j];
      double[] gErev = bw.gErev[j];
      double[] gW = bw.gW[j];
      double[] gSigma = bw.gSigma[j];
      double[] gMu = bw.gMu[j];
      double[] sg;
      if (sgT != null) {
        sg = sgT[j];
      } else {
        sg = ws.zRow;
        for (int i = 0; i < n; i++) {
          sg[i] = sigma[i] * (v[i] - mu[i]); // the forward's operands: the same σ to the bit
        }
        KERNEL.sigmoid(sg, 0, n);
      }
      double dn = dNum[j];
      double dd = dDen[j];
      // Three loops rather than one: C2 unrolls, and so vectorises, only loop bodies below
      // LoopUnrollLimit (60 nodes), which the whole chain rule of a synapse exceeds.
      for (int i = 0; i < n; i++) {
        double s = sg[i];
        double da = dn * erev[i] + dd;
        gErev[i] += dn * (w[i] * s);
        gW[i] += da * s;
        dz[i] = da * w[i] * s * (1.0 - s);
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
  private void rightHandSideBackward(DenseWorkspace ws, Backward bw, double[] v, double[] a,
      double[] dv) {
    int n = units;
    double[] num = ws.num;
    double[] den = ws.den;
    double[] numS = ws.numS;
    double[] denS = ws.denS;
    double[] cm = ws.cm;
    double[] vleak = ws.vleak;
    double[] gleak = ws.gleak;
    double[] dNum = bw.dNum;
    double[] dDen = bw.dDen;
    double[] gGleak = bw.gGleak;
    double[] gVleak = bw.gVleak;
    double[] gNumS = bw.gNumS;
    double[] gDenS = bw.gDenS;
    double[] gCm = bw.gCm;
    currents(ws, v, num, den, bw.sgRows);
    transpose(bw.sgRows, bw.sgT);
    for (int j = 0; j < n; j++) {
      double c = cm[j] + epsilon;
      double q = a[j] / c;
      double totalDen = den[j] + denS[j];
      double f = (gleak[j] * (vleak[j] - v[j]) + (num[j] + numS[j]) - v[j] * totalDen) / c;
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
  private void transpose(double[][] from, double[][] to) {
    int n = units;
    for (int j = 0; j < n; j++) {
      double[] row = to[j];
      for (int i = 0; i < n; i++) {
        row[i] = from[i][j];
      }
    }
  }

  /** Backward of one sample's K Euler sub-steps v ← v + h·f(v). */
  private void eulerBackward(DenseWorkspace ws, Backward bw, DenseTape t, int b, double hs) {
    int n = units;
    double[] dv = bw.dv;
    double[] a = bw.a;
    double[] v = bw.vCur;
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      for (int j = 0; j < n; j++) {
        a[j] = hs * dv[j];
      }
      System.arraycopy(t.states, (b * stored + u) * n, v, 0, n);
      rightHandSideBackward(ws, bw, v, a, dv);
    }
  }

  /** Backward of one sample's classic RK4 sub-steps, stage by stage in reverse. */
  private void rk4Backward(DenseWorkspace ws, Backward bw, DenseTape t, int b, double hs) {
    int n = units;
    double[] dv = bw.dv;
    double[] dk1 = bw.dk1;
    double[] dk2 = bw.dk2;
    double[] dk3 = bw.dk3;
    double[] dk4 = bw.dk4;
    double[] dStage = bw.dStage;
    double[] v = bw.vCur;
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      int at = (b * stored + 4 * u) * n;
      for (int j = 0; j < n; j++) {
        dk1[j] = hs / 6.0 * dv[j];
        dk2[j] = hs / 3.0 * dv[j];
        dk3[j] = hs / 3.0 * dv[j];
        dk4[j] = hs / 6.0 * dv[j];
      }
      // k4 = f(v4), v4 = v + h·k3
      Arrays.fill(dStage, 0.0);
      System.arraycopy(t.states, at + 3 * n, v, 0, n);
      rightHandSideBackward(ws, bw, v, dk4, dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk3[j] += hs * dStage[j];
      }
      // k3 = f(v3), v3 = v + h/2·k2
      Arrays.fill(dStage, 0.0);
      System.arraycopy(t.states, at + 2 * n, v, 0, n);
      rightHandSideBackward(ws, bw, v, dk3, dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk2[j] += 0.5 * hs * dStage[j];
      }
      // k2 = f(v2), v2 = v + h/2·k1
      Arrays.fill(dStage, 0.0);
      System.arraycopy(t.states, at + n, v, 0, n);
      rightHandSideBackward(ws, bw, v, dk2, dStage);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk1[j] += 0.5 * hs * dStage[j];
      }
      // k1 = f(v)
      System.arraycopy(t.states, at, v, 0, n);
      rightHandSideBackward(ws, bw, v, dk1, dv);
    }
  }

  /**
   * Backward of one sample's sensory synapses and input mapping, given the gradients of its
   * sensory currents (bw.gNumS, bw.gDenS); adds the sensory parameters' gradients to dP and writes
   * the sample's row of dX.
   */
  private void sensoryBackward(DenseWorkspace ws, Backward bw, DenseTape t, int b, double[] x,
      double[] dP, double[] dX) {
    LtcCell c = cell;
    int n = units;
    int pOff = ws.pOff;
    double[] sg = ws.zRow;
    double[] dn = bw.gNumS;
    double[] dd = bw.gDenS;
    double[] dXs = bw.dXs;
    for (int s = 0; s < inputs; s++) {
      double xs = t.xs[b * inputs + s];
      double[] sigma = ws.sSigma[s];
      double[] mu = ws.sMu[s];
      double[] w = ws.sw[s];
      double[] erev = ws.sErev[s];
      double[] gErev = bw.gSErev[s];
      double[] gW = bw.gSw[s];
      double[] gSigma = bw.gSSigma[s];
      double[] gMu = bw.gSMu[s];
      Arrays.fill(gErev, 0.0);
      Arrays.fill(gW, 0.0);
      Arrays.fill(gSigma, 0.0);
      Arrays.fill(gMu, 0.0);
      for (int j = 0; j < n; j++) {
        sg[j] = sigma[j] * (xs - mu[j]);
      }
      KERNEL.sigmoid(sg, 0, n);
      double dx = 0.0;
      for (int j = 0; j < n; j++) {
        double a = sg[j];
        double da = dn[j] * erev[j] + dd[j];
        gErev[j] += dn[j] * (w[j] * a);
        gW[j] += da * a;
        double dz = da * w[j] * a * (1.0 - a);
        gSigma[j] += dz * (xs - mu[j]);
        gMu[j] -= dz * sigma[j];
        dx += dz * sigma[j];
      }
      dXs[s] = dx;
    }
    int[] sensIdx = c.sensIdx;
    int[] sensSrc = c.sensSrc;
    int[] sensDst = c.sensDst;
    for (int k = 0; k < sensIdx.length; k++) {
      int at = pOff + sensIdx[k];
      int s = sensSrc[k];
      int j = sensDst[k];
      dP[c.oSensW + at] += bw.gSw[s][j] * ws.pgSw[k];
      dP[c.oSensSigma + at] += bw.gSSigma[s][j];
      dP[c.oSensMu + at] += bw.gSMu[s][j];
      dP[c.oSensErev + at] += bw.gSErev[s][j];
    }
    double[] p = ws.p;
    for (int s = 0; s < inputs; s++) {
      double d = dXs[s];
      if (c.oInB >= 0) {
        dP[pOff + c.oInB + s] += d;
      }
      if (c.oInW >= 0) {
        dP[pOff + c.oInW + s] += d * x[b * inputs + s];
        d *= p[pOff + c.oInW + s];
      }
      dX[b * inputs + s] = d;
    }
  }
}
