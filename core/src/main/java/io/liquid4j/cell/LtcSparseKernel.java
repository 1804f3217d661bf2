package io.liquid4j.cell;

import io.liquid4j.solver.OdeSystem;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.solver.Solvers;
import io.liquid4j.cell.Cell.Tape;
import io.liquid4j.cell.Cell.Workspace;

/**
 * The LTC's step over lists of the synapses that exist, for sparse wirings (NCP): the batch is
 * the innermost dimension of every array, so that each synapse's parameters are hoisted over a
 * loop across the samples, however few synapses a neuron has. The arithmetic is {@link
 * LtcCell}'s reference, in the same order of every sum.
 */
final class LtcSparseKernel extends LtcKernel {
  private static final ElementKernel KERNEL = Kernels.elements();

  private final LtcCell cell;
  private final int inputs; // S
  private final int units; // N
  private final int motors; // M
  private final int odeUnfolds; // K
  private final double epsilon;
  private final SolverKind solver;
  private final double rtol;
  private final double atol;
  private final int[] synSrc;
  private final int[] synDst;
  private final int[] synIdx;
  private final int[] synStart;
  private final int[] sensSrc;
  private final int[] sensDst;
  private final int[] sensIdx;
  private final int[] sensStart;
  private final int oGleak, oVleak, oCm, oSigma, oMu, oW, oErev;
  private final int oSensSigma, oSensMu, oSensW, oSensErev;
  private final int oInW, oInB, oOutW, oOutB; // -1 when absent

  LtcSparseKernel(LtcCell cell) {
    this.cell = cell;
    inputs = cell.inputs;
    units = cell.units;
    motors = cell.motors;
    odeUnfolds = cell.odeUnfolds;
    epsilon = cell.epsilon;
    solver = cell.solver;
    rtol = cell.rtol;
    atol = cell.atol;
    synSrc = cell.synSrc;
    synDst = cell.synDst;
    synIdx = cell.synIdx;
    synStart = cell.synStart;
    sensSrc = cell.sensSrc;
    sensDst = cell.sensDst;
    sensIdx = cell.sensIdx;
    sensStart = cell.sensStart;
    oGleak = cell.oGleak;
    oVleak = cell.oVleak;
    oCm = cell.oCm;
    oSigma = cell.oSigma;
    oMu = cell.oMu;
    oW = cell.oW;
    oErev = cell.oErev;
    oSensSigma = cell.oSensSigma;
    oSensMu = cell.oSensMu;
    oSensW = cell.oSensW;
    oSensErev = cell.oSensErev;
    oInW = cell.oInW;
    oInB = cell.oInB;
    oOutW = cell.oOutW;
    oOutB = cell.oOutB;
  }

  @Override
  Kind kind() {
    return Kind.SPARSE;
  }

  private double pos(double x) {
    return cell.pos(x);
  }

  private double posGrad(double x) {
    return cell.posGrad(x);
  }

  private int storedStates() {
    return cell.storedStates();
  }

  /*
   * Layout. Every per-neuron, per-synapse and per-input quantity of a batch is stored with the
   * batch innermost: neuron j of sample b at [j·B + b], synapse k at [k·B + b]. The inner loops
   * then run over the B samples of one neuron or synapse, with its parameters hoisted: long,
   * contiguous loops that C2 unrolls and vectorises, instead of the 3–4 synapses per neuron of an
   * AutoNCP wiring. Sums over synapses still run in synapse order (by destination, then source),
   * so each sample's currents add up exactly as a sample-at-a-time loop adds them.
   */

  /** What the LTC's backward needs from one step, for every sample of the batch (batch innermost). */
  private final class LtcTape implements Tape {
    final int batch;
    final double[] xs; // (S, B) mapped inputs
    final double[] sensSg; // (sensory synapses, B) σ(ssigma (x − smu))
    final double[] numS; // (N, B)
    final double[] denS; // (N, B)
    // One row per stored state or unfold, so that the loops over a row index every array alike
    // (C2 vectorises only loops whose arrays share one index expression).
    final double[][] states; // (storedStates, N·B): fused/Euler v_0..v_K; RK4 per sub-step v,v2,v3,v4 then v_K
    final double[][] synSg; // (K, synapses·B) fused only: σ(sigma (v_src − mu)) per unfold
    final double[][] denom; // (K, N·B) fused only

    LtcTape(int batch) {
      this.batch = batch;
      xs = new double[inputs * batch];
      sensSg = new double[sensIdx.length * batch];
      numS = new double[units * batch];
      denS = new double[units * batch];
      states = new double[storedStates()][units * batch];
      boolean fused = solver == SolverKind.FUSED;
      synSg = new double[fused ? odeUnfolds : 0][synIdx.length * batch];
      denom = new double[fused ? odeUnfolds : 0][units * batch];
    }

    LtcSparseKernel owner() {
      return LtcSparseKernel.this;
    }
  }

  @Override
  Tape newTape(int batch, Tape old) {
    if (old instanceof LtcTape t && t.owner() == this && t.batch == batch) {
      return t;
    }
    return new LtcTape(batch);
  }

  /**
   * The parameters one step reads, computed once per parameter set: the effective (positive)
   * conductances, pos' for the backward pass, and the per-synapse parameters gathered into
   * synapse order so that the inner loops read them contiguously; plus scratch arrays for a
   * batch, so that a step allocates nothing.
   */
  private final class LtcWorkspace extends BoundWorkspace {
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
    // Dopri5 integrates one sample at a time: its state, sensory currents and right-hand side.
    final double[] vOne = new double[units];
    final double[] numSOne = new double[units];
    final double[] denSOne = new double[units];
    final double[] numOne = new double[units];
    final double[] denOne = new double[units];
    int capacity;
    // Forward scratch, (N, B) unless noted.
    double[] hStep; // (B) Δt/K
    double[] xs; // (S, B)
    double[] numS;
    double[] denS;
    double[] sensSg; // (sensory synapses, B)
    double[] sg; // (synapses, B) σ of the internal synapses, recomputed by Euler/RK4 backward
    double[] zSyn; // (synapses, B) σ of the internal synapses when no tape records them
    // sigma, mu, w, erev per synapse repeated for each of laneBatch samples (synapses, B), gleak
    // and vleak likewise (N, B), and the gathered operands of synapsesBackward (synapses, B).
    int laneBatch;
    double[] sigmaL;
    double[] muL;
    double[] wL;
    double[] erevL;
    double[] gleakL;
    double[] vleakL;
    double[] vS;
    double[] dnS;
    double[] ddS;
    double[] dzS;
    double[] v;
    double[] num;
    double[] den;
    double[] cmT; // cm / (Δt/K)
    double[] leak; // gleak vleak
    double[] cmTg; // cmT + gleak
    double[] f;
    double[] k1;
    double[] k2;
    double[] k3;
    double[] k4;
    double[] v2;
    double[] v3;
    double[] v4;
    // Backward scratch, (N, B) unless noted.
    double[] dv;
    double[] dNum;
    double[] dDen;
    double[] dPrev;
    double[] dCmT;
    double[] dXs; // (S, B)
    double[] a;
    double[] dk1;
    double[] dk2;
    double[] dk3;
    double[] dk4;
    double[] dStage;
    // Gradients of one backward call per sample, summed over its unfolds: with respect to the
    // effective gleak, cm, w, sensory_w (chained through pos' at the end) and to vleak, sigma,
    // mu, erev and their sensory twins, added to dP sample by sample when the call ends.
    double[] gGleak;
    double[] gCm;
    double[] gVleak;
    double[] gNumS;
    double[] gDenS;
    double[] gW; // (synapses, B), likewise below
    double[] gSigma;
    double[] gMu;
    double[] gErev;
    double[] gSw; // (sensory synapses, B), likewise below
    double[] gSSigma;
    double[] gSMu;
    double[] gSErev;

    LtcWorkspace(double[] p, int pOff, int batch) {
      bind(p, pOff);
      ensure(Math.max(batch, 1));
    }

    LtcSparseKernel owner() {
      return LtcSparseKernel.this;
    }

    @Override
    void derive() {
      laneBatch = 0; // the per-sample copies hold the former parameters
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

    @Override
    void ensure(int batch) {
      if (batch <= capacity) {
        return;
      }
      capacity = batch;
      int nb = units * batch;
      int syn = synIdx.length * batch;
      int sens = sensIdx.length * batch;
      hStep = new double[batch];
      xs = new double[inputs * batch];
      dXs = new double[inputs * batch];
      sensSg = new double[sens];
      sg = new double[syn];
      zSyn = new double[syn];
      sigmaL = new double[syn];
      muL = new double[syn];
      wL = new double[syn];
      erevL = new double[syn];
      vS = new double[syn];
      dnS = new double[syn];
      ddS = new double[syn];
      dzS = new double[syn];
      gleakL = new double[nb];
      vleakL = new double[nb];
      laneBatch = 0;
      double[][] neuron = new double[31][];
      for (int i = 0; i < neuron.length; i++) {
        neuron[i] = new double[nb];
      }
      int i = 0;
      numS = neuron[i++];
      denS = neuron[i++];
      v = neuron[i++];
      num = neuron[i++];
      den = neuron[i++];
      cmT = neuron[i++];
      leak = neuron[i++];
      cmTg = neuron[i++];
      f = neuron[i++];
      k1 = neuron[i++];
      k2 = neuron[i++];
      k3 = neuron[i++];
      k4 = neuron[i++];
      v2 = neuron[i++];
      v3 = neuron[i++];
      v4 = neuron[i++];
      dv = neuron[i++];
      dNum = neuron[i++];
      dDen = neuron[i++];
      dPrev = neuron[i++];
      dCmT = neuron[i++];
      a = neuron[i++];
      dk1 = neuron[i++];
      dk2 = neuron[i++];
      dk3 = neuron[i++];
      dk4 = neuron[i++];
      dStage = neuron[i++];
      gGleak = neuron[i++];
      gCm = neuron[i++];
      gVleak = neuron[i++];
      gNumS = neuron[i++];
      gDenS = new double[nb];
      gW = new double[syn];
      gSigma = new double[syn];
      gMu = new double[syn];
      gErev = new double[syn];
      gSw = new double[sens];
      gSSigma = new double[sens];
      gSMu = new double[sens];
      gSErev = new double[sens];
    }

    /** Fills the per-sample copies of the parameters for batches of B. */
    void expand(int batch) {
      if (laneBatch == batch) {
        return;
      }
      laneBatch = batch;
      for (int k = 0; k < synIdx.length; k++) {
        for (int i = k * batch; i < (k + 1) * batch; i++) {
          sigmaL[i] = sigma[k];
          muL[i] = mu[k];
          wL[i] = w[k];
          erevL[i] = erev[k];
        }
      }
      for (int j = 0; j < units; j++) {
        for (int i = j * batch; i < (j + 1) * batch; i++) {
          gleakL[i] = gleak[j];
          vleakL[i] = vleak[j];
        }
      }
    }

    /** Zeroes the per-call gradients of a batch of B. */
    void clearGradients(int batch) {
      int nb = units * batch;
      int syn = synIdx.length * batch;
      int sens = sensIdx.length * batch;
      for (double[] g : new double[][] {gGleak, gCm, gVleak, gNumS, gDenS}) {
        java.util.Arrays.fill(g, 0, nb, 0.0);
      }
      for (double[] g : new double[][] {gW, gSigma, gMu, gErev}) {
        java.util.Arrays.fill(g, 0, syn, 0.0);
      }
      for (double[] g : new double[][] {gSw, gSSigma, gSMu, gSErev}) {
        java.util.Arrays.fill(g, 0, sens, 0.0);
      }
    }
  }

  @Override
  Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
    if (old instanceof LtcWorkspace ws && ws.owner() == this) {
      ws.bind(p, pOff);
      ws.ensure(Math.max(batch, 1));
      return ws;
    }
    return new LtcWorkspace(p, pOff, batch);
  }

  private LtcWorkspace workspace(Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new LtcWorkspace(p, pOff, batch);
    }
    LtcWorkspace ws = (LtcWorkspace) w;
    ws.prepare(p, pOff, batch);
    return ws;
  }

  @Override
  void forward(
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
    LtcWorkspace ws = workspace(workspace, p, pOff, batch);
    int n = units;
    int bs = batch;
    double[] xs = ws.xs;
    double[] numS = ws.numS;
    double[] denS = ws.denS;
    double[] v = ws.v;
    mapInput(p, pOff, x, xs, bs);
    sensoryCurrents(ws, xs, numS, denS, ws.sensSg, bs);
    transpose(h, v, bs, n);
    if (t != null) {
      System.arraycopy(xs, 0, t.xs, 0, inputs * bs);
      System.arraycopy(ws.sensSg, 0, t.sensSg, 0, sensIdx.length * bs);
      System.arraycopy(numS, 0, t.numS, 0, n * bs);
      System.arraycopy(denS, 0, t.denS, 0, n * bs);
    }
    for (int b = 0; b < bs; b++) {
      ws.hStep[b] = dt[b] / odeUnfolds; // ncps evaluates Δt/K first, then cm / (Δt/K)
    }
    switch (solver) {
      case FUSED:
        fusedSolve(ws, numS, denS, v, t, bs);
        break;
      case EULER:
        eulerSolve(ws, numS, denS, v, t, bs);
        break;
      case RK4:
        rk4Solve(ws, numS, denS, v, t, bs);
        break;
      default:
        for (int b = 0; b < bs; b++) {
          for (int j = 0; j < n; j++) {
            ws.vOne[j] = v[j * bs + b];
            ws.numSOne[j] = numS[j * bs + b];
            ws.denSOne[j] = denS[j * bs + b];
          }
          Solvers.of(solver, odeUnfolds, rtol, atol)
              .integrate(new Dynamics(ws, ws.numSOne, ws.denSOne), ws.vOne, dt[b]);
          for (int j = 0; j < n; j++) {
            v[j * bs + b] = ws.vOne[j];
          }
        }
    }
    transpose(v, hNext, n, bs);
    mapOutput(p, pOff, v, out, bs);
  }

  /** dst (cols, rows) = src (rows, cols) transposed, both flat and row-major. */
  private static void transpose(double[] src, double[] dst, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[c * rows + r] = src[r * cols + c];
      }
    }
  }

  /** xs (S, B) = x (B, S)·input_w + input_b. */
  private void mapInput(double[] p, int pOff, double[] x, double[] xs, int bs) {
    affine(p, oInW < 0 ? -1 : pOff + oInW, oInB < 0 ? -1 : pOff + oInB, x, inputs, 1, xs, 1, bs,
        inputs, bs);
  }

  /** out (B, M) = v_m·output_w_m + output_b_m for the motor neurons of v (N, B). */
  private void mapOutput(double[] p, int pOff, double[] v, double[] out, int bs) {
    affine(p, oOutW < 0 ? -1 : pOff + oOutW, oOutB < 0 ? -1 : pOff + oOutB, v, 1, bs, out,
        motors, 1, motors, bs);
  }

  /**
   * to(b, m) = from(b, m)·p[wOff + m] + p[bOff + m] for m &lt; count (an offset of −1: no such
   * factor or term), where (b, m) is at b·fb + m·fm in from and b·tb + m·tm in to.
   */
  private static void affine(
      double[] p, int wOff, int bOff, double[] from, int fb, int fm, double[] to, int tb, int tm,
      int count, int bs) {
    for (int b = 0; b < bs; b++) {
      for (int m = 0; m < count; m++) {
        double value = from[b * fb + m * fm];
        if (wOff >= 0) {
          value *= p[wOff + m];
        }
        if (bOff >= 0) {
          value += p[bOff + m];
        }
        to[b * tb + m * tm] = value;
      }
    }
  }

  /**
   * Sensory synapses depend only on the input, which is constant over the step:
   * numS_j = Σ_s as_sj serev_sj and denS_j = Σ_s as_sj, as_sj = sw_sj σ(ssigma_sj (x_s − smu_sj)).
   */
  private void sensoryCurrents(
      LtcWorkspace ws, double[] xs, double[] numS, double[] denS, double[] sensSg, int bs) {
    currents(sensSrc, sensStart, ws.sSigma, ws.sMu, ws.sw, ws.sErev, xs, numS, denS, sensSg, 0,
        bs);
  }

  /**
   * Internal synaptic currents for the potentials v: num_j = Σ_i a_ij erev_ij, den_j = Σ_i a_ij,
   * a_ij = w_ij σ(sigma_ij (v_i − mu_ij)). Records the sigmoids in {@code sg[sgOff...]} when sg is
   * not null.
   */
  private void synapticCurrents(
      LtcWorkspace ws, double[] v, double[] num, double[] den, double[] sg, int sgOff, int bs) {
    if (sg == null) {
      currents(synSrc, synStart, ws.sigma, ws.mu, ws.w, ws.erev, v, num, den, ws.zSyn, 0, bs);
    } else {
      currents(synSrc, synStart, ws.sigma, ws.mu, ws.w, ws.erev, v, num, den, sg, sgOff, bs);
    }
  }

  /**
   * num_j = Σ_k w_k σ(sigma_k (in_src(k) − mu_k)) erev_k and den_j = Σ_k w_k σ(...) over the
   * synapses k into j (those of j are start[j] until start[j + 1]), for (N, B) outputs and an
   * (·, B) input; the σ of synapse k and sample b go to sg[sgOff + k·B + b].
   *
   * <p>First every σ's argument, then all the σ in one {@link ElementKernel} call, then the sums:
   * the sigmoids are what a step costs, and a kernel over one long run can vectorise them. Each
   * sample's sums start at 0 and add the synapses in order, whatever B is.
   */
  private void currents(
      int[] src, int[] start, double[] sigma, double[] mu, double[] w, double[] erev,
      double[] in, double[] num, double[] den, double[] sg, int sgOff, int bs) {
    int count = src.length;
    if (bs == 1) {
      // Streaming: loops over one sample cost more than their work; a neuron's sums stay in
      // registers.
      for (int k = 0; k < count; k++) {
        sg[sgOff + k] = sigma[k] * (in[src[k]] - mu[k]);
      }
      KERNEL.sigmoid(sg, sgOff, sgOff + count);
      for (int j = 0; j < units; j++) {
        double nm = 0.0;
        double dn = 0.0;
        for (int k = start[j]; k < start[j + 1]; k++) {
          double a = w[k] * sg[sgOff + k];
          nm += a * erev[k];
          dn += a;
        }
        num[j] = nm;
        den[j] = dn;
      }
      return;
    }
    for (int k = 0; k < count; k++) {
      int si = src[k] * bs;
      int o = sgOff + k * bs;
      double sk = sigma[k];
      double mk = mu[k];
      for (int b = 0; b < bs; b++) {
        sg[o + b] = sk * (in[si + b] - mk);
      }
    }
    KERNEL.sigmoid(sg, sgOff, sgOff + count * bs);
    for (int j = 0; j < units; j++) {
      int d = j * bs;
      java.util.Arrays.fill(num, d, d + bs, 0.0);
      java.util.Arrays.fill(den, d, d + bs, 0.0);
      for (int k = start[j]; k < start[j + 1]; k++) {
        int o = sgOff + k * bs;
        double wk = w[k];
        double ek = erev[k];
        for (int b = 0; b < bs; b++) {
          double a = wk * sg[o + b];
          num[d + b] += a * ek;
          den[d + b] += a;
        }
      }
    }
  }

  private void fusedSolve(
      LtcWorkspace ws, double[] numS, double[] denS, double[] v, LtcTape t, int bs) {
    int n = units;
    int nb = n * bs;
    int k = odeUnfolds;
    double[] num = ws.num;
    double[] den = ws.den;
    double[] cmT = ws.cmT;
    double[] leak = ws.leak;
    double[] cmTg = ws.cmTg;
    // Per neuron and sample, so that the unfolds run one flat loop over (N, B); sums in ncps's
    // order: (cmT v + gleak vleak) + (num + numS), ((cmT + gleak) + (den + denS)) + ε.
    for (int j = 0; j < n; j++) {
      for (int b = 0; b < bs; b++) {
        int i = j * bs + b;
        cmT[i] = ws.cm[j] / ws.hStep[b];
        leak[i] = ws.gleak[j] * ws.vleak[j];
        cmTg[i] = cmT[i] + ws.gleak[j];
      }
    }
    for (int unfold = 0; unfold < k; unfold++) {
      if (t != null) {
        System.arraycopy(v, 0, t.states[unfold], 0, nb);
      }
      synapticCurrents(ws, v, num, den, t == null ? null : t.synSg[unfold], 0, bs);
      for (int i = 0; i < nb; i++) {
        double numerator = cmT[i] * v[i] + leak[i] + (num[i] + numS[i]);
        double denominator = cmTg[i] + (den[i] + denS[i]) + epsilon;
        v[i] = numerator / denominator;
        if (t != null) {
          t.denom[unfold][i] = denominator;
        }
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states[k], 0, nb);
    }
  }

  /** dv/dt of the LTC, written to {@code f}; {@code num}, {@code den} are scratch. */
  private void rightHandSide(
      LtcWorkspace ws, double[] numS, double[] denS, double[] v, double[] f, double[] num,
      double[] den, int bs) {
    synapticCurrents(ws, v, num, den, null, 0, bs);
    for (int j = 0; j < units; j++) {
      double g = ws.gleak[j];
      double vleak = ws.vleak[j];
      // ε keeps a clipped cm of exactly 0 finite, as in the fused solver's denominator.
      double c = ws.cm[j] + epsilon;
      for (int i = j * bs; i < (j + 1) * bs; i++) {
        double current = g * (vleak - v[i]) + (num[i] + numS[i]) - v[i] * (den[i] + denS[i]);
        f[i] = current / c;
      }
    }
  }

  private void eulerSolve(
      LtcWorkspace ws, double[] numS, double[] denS, double[] v, LtcTape t, int bs) {
    int nb = units * bs;
    int k = odeUnfolds;
    double[] f = ws.f;
    for (int step = 0; step < k; step++) {
      if (t != null) {
        System.arraycopy(v, 0, t.states[step], 0, nb);
      }
      rightHandSide(ws, numS, denS, v, f, ws.num, ws.den, bs);
      for (int i = 0; i < nb; i++) {
        v[i] += ws.hStep[i % bs] * f[i];
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states[k], 0, nb);
    }
  }

  private void rk4Solve(
      LtcWorkspace ws, double[] numS, double[] denS, double[] v, LtcTape t, int bs) {
    int nb = units * bs;
    int k = odeUnfolds;
    double[] hs = ws.hStep;
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
      rightHandSide(ws, numS, denS, v, k1, num, den, bs);
      for (int i = 0; i < nb; i++) {
        v2[i] = v[i] + 0.5 * hs[i % bs] * k1[i];
      }
      rightHandSide(ws, numS, denS, v2, k2, num, den, bs);
      for (int i = 0; i < nb; i++) {
        v3[i] = v[i] + 0.5 * hs[i % bs] * k2[i];
      }
      rightHandSide(ws, numS, denS, v3, k3, num, den, bs);
      for (int i = 0; i < nb; i++) {
        v4[i] = v[i] + hs[i % bs] * k3[i];
      }
      rightHandSide(ws, numS, denS, v4, k4, num, den, bs);
      if (t != null) {
        System.arraycopy(v, 0, t.states[4 * step], 0, nb);
        System.arraycopy(v2, 0, t.states[4 * step + 1], 0, nb);
        System.arraycopy(v3, 0, t.states[4 * step + 2], 0, nb);
        System.arraycopy(v4, 0, t.states[4 * step + 3], 0, nb);
      }
      for (int i = 0; i < nb; i++) {
        v[i] += hs[i % bs] / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
      }
    }
    if (t != null) {
      System.arraycopy(v, 0, t.states[4 * k], 0, nb);
    }
  }

  @Override
  void backward(
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
    LtcWorkspace ws = workspace(workspace, p, pOff, batch);
    int n = units;
    int bs = batch;
    double[] dv = ws.dv;
    ws.clearGradients(bs);
    for (int b = 0; b < bs; b++) {
      ws.hStep[b] = dt[b] / odeUnfolds;
    }
    // out_m = v_m·output_w_m + output_b_m, v = the final state.
    transpose(dHNext, dv, bs, n);
    double[] last = t.states[storedStates() - 1];
    for (int b = 0; b < bs; b++) {
      for (int m = 0; m < motors; m++) {
        double d = dOut[b * motors + m];
        if (oOutW >= 0) {
          dP[pOff + oOutW + m] += d * last[m * bs + b];
          d *= p[pOff + oOutW + m];
        }
        if (oOutB >= 0) {
          dP[pOff + oOutB + m] += dOut[b * motors + m];
        }
        dv[m * bs + b] += d;
      }
    }
    switch (solver) {
      case FUSED:
        fusedBackward(ws, t, dv, bs);
        break;
      case EULER:
        eulerBackward(ws, t, dv, bs);
        break;
      case RK4:
        rk4Backward(ws, t, dv, bs);
        break;
      default:
        throw new UnsupportedOperationException("backward for solver " + solver);
    }
    transpose(dv, dH, n, bs);
    sensoryBackward(ws, dP, t, x, dX, bs);
    addGradients(ws, dP, bs);
  }

  /**
   * Adds the call's gradients to dP sample by sample, chaining the effective conductances
   * through the positivity map: d raw = d effective · pos'(raw).
   */
  private void addGradients(LtcWorkspace ws, double[] dP, int bs) {
    int pOff = ws.pOff;
    // Sums in locals (samples added in order, as into dP): C2 cannot keep an array element in a
    // register across a loop that writes another double[], which might be the same array.
    for (int j = 0; j < units; j++) {
      double gleak = dP[pOff + oGleak + j];
      double cm = dP[pOff + oCm + j];
      double vleak = dP[pOff + oVleak + j];
      for (int b = 0; b < bs; b++) {
        int i = j * bs + b;
        gleak += ws.gGleak[i] * ws.pgGleak[j];
        cm += ws.gCm[i] * ws.pgCm[j];
        vleak += ws.gVleak[i];
      }
      dP[pOff + oGleak + j] = gleak;
      dP[pOff + oCm + j] = cm;
      dP[pOff + oVleak + j] = vleak;
    }
    addSynapseGradients(dP, pOff, synIdx, oW, oSigma, oMu, oErev, ws.gW, ws.pgW, ws.gSigma,
        ws.gMu, ws.gErev, bs);
    addSynapseGradients(dP, pOff, sensIdx, oSensW, oSensSigma, oSensMu, oSensErev, ws.gSw,
        ws.pgSw, ws.gSSigma, ws.gSMu, ws.gSErev, bs);
  }

  private static void addSynapseGradients(
      double[] dP, int pOff, int[] idx, int oW, int oSigma, int oMu, int oErev, double[] gW,
      double[] pgW, double[] gSigma, double[] gMu, double[] gErev, int bs) {
    for (int k = 0; k < idx.length; k++) {
      int at = pOff + idx[k];
      double w = dP[oW + at];
      double sigma = dP[oSigma + at];
      double mu = dP[oMu + at];
      double erev = dP[oErev + at];
      for (int i = k * bs; i < (k + 1) * bs; i++) {
        w += gW[i] * pgW[k];
        sigma += gSigma[i];
        mu += gMu[i];
        erev += gErev[i];
      }
      dP[oW + at] = w;
      dP[oSigma + at] = sigma;
      dP[oMu + at] = mu;
      dP[oErev + at] = erev;
    }
  }

  /**
   * Backward through the K fused unfolds. Forward: v'_j = numer_j / denom_j with
   * numer_j = cmT_j v_j + g_j vleak_j + num_j + numS_j, denom_j = cmT_j + g_j + den_j + denS_j + ε,
   * cmT_j = cm_j·K/Δt.
   */
  private void fusedBackward(LtcWorkspace ws, LtcTape t, double[] dv, int bs) {
    int n = units;
    int nb = n * bs;
    int k = odeUnfolds;
    double[] hs = ws.hStep;
    double[] dNum = ws.dNum;
    double[] dDen = ws.dDen;
    double[] dPrev = ws.dPrev;
    double[] dCmT = ws.dCmT;
    java.util.Arrays.fill(dCmT, 0, nb, 0.0);
    double[] cmT = ws.cmT;
    for (int j = 0; j < n; j++) {
      for (int b = 0; b < bs; b++) {
        cmT[j * bs + b] = ws.cm[j] / hs[b];
      }
    }
    ws.expand(bs);
    double[] vleak = ws.vleakL;
    double[] gleak = ws.gleakL;
    double[] gGleak = ws.gGleak;
    double[] gVleak = ws.gVleak;
    double[] gNumS = ws.gNumS;
    double[] gDenS = ws.gDenS;
    for (int unfold = k - 1; unfold >= 0; unfold--) {
      double[] v = t.states[unfold]; // before this unfold
      double[] vNext = t.states[unfold + 1];
      double[] denom = t.denom[unfold];
      // Four loops rather than one: C2 unrolls, and so vectorises, only loop bodies below
      // LoopUnrollLimit (60 nodes), which the whole chain rule of a neuron exceeds.
      for (int i = 0; i < nb; i++) {
        dNum[i] = dv[i] / denom[i];
        // d/d denom of numer/denom = −v'/denom
        dDen[i] = -dv[i] * vNext[i] / denom[i];
      }
      for (int i = 0; i < nb; i++) {
        dCmT[i] += dNum[i] * v[i] + dDen[i];
        dPrev[i] = dNum[i] * cmT[i];
      }
      for (int i = 0; i < nb; i++) {
        gGleak[i] += dNum[i] * vleak[i] + dDen[i];
        gVleak[i] += dNum[i] * gleak[i];
      }
      for (int i = 0; i < nb; i++) {
        gNumS[i] += dNum[i];
        gDenS[i] += dDen[i];
      }
      synapsesBackward(ws, v, t.synSg[unfold], dNum, dDen, dPrev, bs);
      System.arraycopy(dPrev, 0, dv, 0, nb);
    }
    for (int j = 0; j < n; j++) {
      for (int b = 0; b < bs; b++) {
        ws.gCm[j * bs + b] += dCmT[j * bs + b] / hs[b]; // cmT = cm / (Δt/K)
      }
    }
  }

  /**
   * Backward of num_j += a_ij erev_ij and den_j += a_ij with a_ij = w_ij σ(sigma_ij (v_i − mu_ij)),
   * given dNum, dDen and the forward's sigmoids sg; adds to dv (the potentials the sigmoids read)
   * and the parameter gradients.
   */
  private void synapsesBackward(
      LtcWorkspace ws, double[] v, double[] sg, double[] dNum, double[] dDen, double[] dvOut,
      int bs) {
    ws.expand(bs);
    // In blocks of synapses whose (synapses, B) operands, a dozen arrays, fit in the L2 cache
    // together: over all synapses at once (6.5 MB for AutoNCP(128) at B = 32) every loop below
    // streams its arrays from memory. Blocks keep the synapse order of the sums into dvOut.
    int block = Math.max(1, SYNAPSE_BLOCK / bs);
    for (int k0 = 0; k0 < synIdx.length; k0 += block) {
      synapsesBackward(ws, v, sg, dNum, dDen, dvOut, bs, k0, Math.min(synIdx.length, k0 + block));
    }
  }

  /** Elements of the (synapses, B) arrays that synapsesBackward handles together. */
  private static final int SYNAPSE_BLOCK = 1024;

  /** synapsesBackward over the synapses k0 until k1. */
  private void synapsesBackward(
      LtcWorkspace ws, double[] v, double[] sg, double[] dNum, double[] dDen, double[] dvOut,
      int bs, int k0, int k1) {
    double[] vS = ws.vS;
    double[] dnS = ws.dnS;
    double[] ddS = ws.ddS;
    double[] dzS = ws.dzS;
    // Gathered into synapse order, so that the arithmetic is one flat loop over (synapses, B):
    // long enough for C2 to vectorise, which a loop over the 16 samples of one synapse is not.
    for (int k = k0; k < k1; k++) {
      System.arraycopy(v, synSrc[k] * bs, vS, k * bs, bs);
      System.arraycopy(dNum, synDst[k] * bs, dnS, k * bs, bs);
      System.arraycopy(dDen, synDst[k] * bs, ddS, k * bs, bs);
    }
    double[] sigma = ws.sigmaL;
    double[] mu = ws.muL;
    double[] w = ws.wL;
    double[] erev = ws.erevL;
    double[] gErev = ws.gErev;
    double[] gW = ws.gW;
    double[] gSigma = ws.gSigma;
    double[] gMu = ws.gMu;
    int from = k0 * bs;
    int to = k1 * bs;
    // Five loops rather than one, each below C2's LoopUnrollLimit (60 nodes) so that C2
    // unrolls and vectorises it, which it never does for the whole chain rule in one body.
    double[] da = ddS; // d/da of the synapse's activation a = w σ, over the gathered dDen
    for (int i = from; i < to; i++) {
      da[i] = dnS[i] * erev[i] + ddS[i];
    }
    for (int i = from; i < to; i++) {
      gErev[i] += dnS[i] * (w[i] * sg[i]);
      gW[i] += da[i] * sg[i];
    }
    for (int i = from; i < to; i++) {
      dzS[i] = da[i] * w[i] * sg[i] * (1.0 - sg[i]); // d/dz, z = sigma (v_src − mu)
    }
    for (int i = from; i < to; i++) {
      gSigma[i] += dzS[i] * (vS[i] - mu[i]);
    }
    for (int i = from; i < to; i++) {
      double dz = dzS[i] * sigma[i];
      gMu[i] -= dz;
      dzS[i] = dz; // now d/dv_src
    }
    for (int k = k0; k < k1; k++) {
      int si = synSrc[k] * bs;
      int ki = k * bs;
      for (int b = 0; b < bs; b++) {
        dvOut[si + b] += dzS[ki + b];
      }
    }
  }

  /**
   * Vector–Jacobian product of the right-hand side f at v: given a = dL/df, adds aᵀ∂f/∂v to dv
   * and aᵀ∂f/∂θ to the parameter gradients. f_j = (g_j (vleak_j − v_j) + num_j + numS_j
   * − v_j (den_j + denS_j)) / (cm_j + ε).
   */
  private void rightHandSideBackward(
      LtcWorkspace ws, LtcTape t, double[] v, double[] a, double[] dv, int bs) {
    double[] num = ws.num;
    double[] den = ws.den;
    synapticCurrents(ws, v, num, den, ws.sg, 0, bs);
    double[] dNum = ws.dNum;
    double[] dDen = ws.dDen;
    for (int j = 0; j < units; j++) {
      double c = ws.cm[j] + epsilon;
      double vleak = ws.vleak[j];
      double gleak = ws.gleak[j];
      for (int i = j * bs; i < (j + 1) * bs; i++) {
        double q = a[i] / c;
        double totalDen = den[i] + t.denS[i];
        double f = (gleak * (vleak - v[i]) + (num[i] + t.numS[i]) - v[i] * totalDen) / c;
        ws.gGleak[i] += q * (vleak - v[i]);
        ws.gVleak[i] += q * gleak;
        dv[i] -= q * (gleak + totalDen);
        dNum[i] = q;
        dDen[i] = -q * v[i];
        ws.gNumS[i] += q;
        ws.gDenS[i] -= q * v[i];
        ws.gCm[i] -= q * f;
      }
    }
    synapsesBackward(ws, v, ws.sg, dNum, dDen, dv, bs);
  }

  /** Backward of v ← v + h·f(v), K times. */
  private void eulerBackward(LtcWorkspace ws, LtcTape t, double[] dv, int bs) {
    int nb = units * bs;
    double[] a = ws.a;
    for (int step = odeUnfolds - 1; step >= 0; step--) {
      for (int i = 0; i < nb; i++) {
        a[i] = ws.hStep[i % bs] * dv[i];
      }
      rightHandSideBackward(ws, t, t.states[step], a, dv, bs);
    }
  }

  /** Backward of the classic RK4 sub-steps, stage by stage in reverse. */
  private void rk4Backward(LtcWorkspace ws, LtcTape t, double[] dv, int bs) {
    int nb = units * bs;
    double[] hs = ws.hStep;
    double[] dk1 = ws.dk1;
    double[] dk2 = ws.dk2;
    double[] dk3 = ws.dk3;
    double[] dk4 = ws.dk4;
    double[] dStage = ws.dStage;
    for (int step = odeUnfolds - 1; step >= 0; step--) {
      for (int i = 0; i < nb; i++) {
        double h = hs[i % bs];
        dk1[i] = h / 6.0 * dv[i];
        dk2[i] = h / 3.0 * dv[i];
        dk3[i] = h / 3.0 * dv[i];
        dk4[i] = h / 6.0 * dv[i];
      }
      // k4 = f(v4), v4 = v + h·k3
      java.util.Arrays.fill(dStage, 0, nb, 0.0);
      rightHandSideBackward(ws, t, t.states[4 * step + 3], dk4, dStage, bs);
      for (int i = 0; i < nb; i++) {
        dv[i] += dStage[i];
        dk3[i] += hs[i % bs] * dStage[i];
      }
      // k3 = f(v3), v3 = v + h/2·k2
      java.util.Arrays.fill(dStage, 0, nb, 0.0);
      rightHandSideBackward(ws, t, t.states[4 * step + 2], dk3, dStage, bs);
      for (int i = 0; i < nb; i++) {
        dv[i] += dStage[i];
        dk2[i] += 0.5 * hs[i % bs] * dStage[i];
      }
      // k2 = f(v2), v2 = v + h/2·k1
      java.util.Arrays.fill(dStage, 0, nb, 0.0);
      rightHandSideBackward(ws, t, t.states[4 * step + 1], dk2, dStage, bs);
      for (int i = 0; i < nb; i++) {
        dv[i] += dStage[i];
        dk1[i] += 0.5 * hs[i % bs] * dStage[i];
      }
      // k1 = f(v)
      rightHandSideBackward(ws, t, t.states[4 * step], dk1, dv, bs);
    }
  }

  /** Backward of the sensory synapses and the input mapping. */
  private void sensoryBackward(
      LtcWorkspace ws, double[] dP, LtcTape t, double[] x, double[] dX, int bs) {
    double[] dXs = ws.dXs;
    java.util.Arrays.fill(dXs, 0, inputs * bs, 0.0);
    for (int k = 0; k < sensIdx.length; k++) {
      int si = sensSrc[k] * bs;
      int di = sensDst[k] * bs;
      int ki = k * bs;
      double sigma = ws.sSigma[k];
      double mu = ws.sMu[k];
      double w = ws.sw[k];
      double erev = ws.sErev[k];
      for (int b = 0; b < bs; b++) {
        double s = t.sensSg[ki + b];
        double dn = ws.gNumS[di + b];
        double da = dn * erev + ws.gDenS[di + b];
        ws.gSErev[ki + b] += dn * (w * s);
        ws.gSw[ki + b] += da * s;
        double dz = da * w * s * (1.0 - s);
        ws.gSSigma[ki + b] += dz * (t.xs[si + b] - mu);
        ws.gSMu[ki + b] -= dz * sigma;
        dXs[si + b] += dz * sigma;
      }
    }
    double[] p = ws.p;
    int pOff = ws.pOff;
    for (int b = 0; b < bs; b++) {
      for (int s = 0; s < inputs; s++) {
        double d = dXs[s * bs + b];
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
  }

  /** The LTC right-hand side dv/dt of one sample for the generic solvers, input held constant. */
  private final class Dynamics implements OdeSystem {
    private final LtcWorkspace ws;
    private final double[] numS;
    private final double[] denS;

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
      rightHandSide(ws, numS, denS, v, dvdt, ws.numOne, ws.denOne, 1);
    }
  }
}
