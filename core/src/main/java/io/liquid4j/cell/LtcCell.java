package io.liquid4j.cell;

import static io.liquid4j.cell.MathFunctions.sigmoid;
import static io.liquid4j.cell.MathFunctions.softplus;

import io.liquid4j.solver.OdeSolver;
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

  // Synapses present in the wiring, grouped by source neuron: src, dst and index into (N, N).
  private final int[] synSrc;
  private final int[] synDst;
  private final int[] synIdx;
  // Sensory synapses: input feature, dst and index into (S, N).
  private final int[] sensSrc;
  private final int[] sensDst;
  private final int[] sensIdx;

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
    int k = 0;
    for (int src = 0; src < n; src++) {
      for (int dst = 0; dst < n; dst++) {
        if (wiring.synapse(src, dst) != 0) {
          synSrc[k] = src;
          synDst[k] = dst;
          synIdx[k] = src * n + dst;
          k++;
        }
      }
    }
    int sensCount = wiring.sensorySynapseCount();
    sensSrc = new int[sensCount];
    sensDst = new int[sensCount];
    sensIdx = new int[sensCount];
    k = 0;
    for (int s = 0; s < inputs; s++) {
      for (int dst = 0; dst < n; dst++) {
        if (wiring.sensorySynapse(s, dst) != 0) {
          sensSrc[k] = s;
          sensDst[k] = dst;
          sensIdx[k] = s * n + dst;
          k++;
        }
      }
    }

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

  @Override
  public void step(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out) {
    int n = units;
    // Effective (positive) parameters, computed once per call rather than per sub-step.
    double[] gleak = new double[n];
    double[] cm = new double[n];
    for (int j = 0; j < n; j++) {
      gleak[j] = pos(p[pOff + oGleak + j]);
      cm[j] = pos(p[pOff + oCm + j]);
    }
    double[] w = new double[synIdx.length];
    for (int k = 0; k < synIdx.length; k++) {
      w[k] = pos(p[pOff + oW + synIdx[k]]);
    }
    double[] xs = new double[inputs];
    double[] numS = new double[n];
    double[] denS = new double[n];
    double[] v = new double[n];
    for (int b = 0; b < batch; b++) {
      mapInput(p, pOff, x, b * inputs, xs);
      sensoryCurrents(p, pOff, xs, numS, denS);
      System.arraycopy(h, b * n, v, 0, n);
      if (solver == SolverKind.FUSED) {
        fusedSolve(p, pOff, w, gleak, cm, numS, denS, v, dt[b]);
      } else {
        OdeSolver s = Solvers.of(solver, odeUnfolds, rtol, atol);
        s.integrate(new Dynamics(p, pOff, w, gleak, cm, numS, denS), v, dt[b]);
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
  private void sensoryCurrents(double[] p, int pOff, double[] xs, double[] numS, double[] denS) {
    java.util.Arrays.fill(numS, 0.0);
    java.util.Arrays.fill(denS, 0.0);
    for (int k = 0; k < sensIdx.length; k++) {
      int idx = sensIdx[k];
      double a =
          pos(p[pOff + oSensW + idx])
              * sigmoid(p[pOff + oSensSigma + idx] * (xs[sensSrc[k]] - p[pOff + oSensMu + idx]));
      numS[sensDst[k]] += a * p[pOff + oSensErev + idx];
      denS[sensDst[k]] += a;
    }
  }

  /**
   * Internal synaptic currents for the potentials v: num_j = Σ_i a_ij erev_ij, den_j = Σ_i a_ij.
   */
  private void synapticCurrents(
      double[] p, int pOff, double[] w, double[] v, double[] num, double[] den) {
    java.util.Arrays.fill(num, 0.0);
    java.util.Arrays.fill(den, 0.0);
    for (int k = 0; k < synIdx.length; k++) {
      int idx = synIdx[k];
      double a = w[k] * sigmoid(p[pOff + oSigma + idx] * (v[synSrc[k]] - p[pOff + oMu + idx]));
      num[synDst[k]] += a * p[pOff + oErev + idx];
      den[synDst[k]] += a;
    }
  }

  private void fusedSolve(
      double[] p,
      int pOff,
      double[] w,
      double[] gleak,
      double[] cm,
      double[] numS,
      double[] denS,
      double[] v,
      double dt) {
    int n = units;
    double[] num = new double[n];
    double[] den = new double[n];
    double[] cmT = new double[n];
    double hStep = dt / odeUnfolds; // ncps evaluates Δt/K first, then cm / (Δt/K)
    for (int j = 0; j < n; j++) {
      cmT[j] = cm[j] / hStep;
    }
    for (int unfold = 0; unfold < odeUnfolds; unfold++) {
      synapticCurrents(p, pOff, w, v, num, den);
      for (int j = 0; j < n; j++) {
        double numerator = cmT[j] * v[j] + gleak[j] * p[pOff + oVleak + j] + (num[j] + numS[j]);
        double denominator = cmT[j] + gleak[j] + (den[j] + denS[j]) + epsilon;
        v[j] = numerator / denominator;
      }
    }
  }

  /** The LTC right-hand side dv/dt for the explicit solvers, with the input held constant. */
  private final class Dynamics implements OdeSystem {
    private final double[] p;
    private final int pOff;
    private final double[] w;
    private final double[] gleak;
    private final double[] cm;
    private final double[] numS;
    private final double[] denS;
    private final double[] num = new double[units];
    private final double[] den = new double[units];

    Dynamics(
        double[] p,
        int pOff,
        double[] w,
        double[] gleak,
        double[] cm,
        double[] numS,
        double[] denS) {
      this.p = p;
      this.pOff = pOff;
      this.w = w;
      this.gleak = gleak;
      this.cm = cm;
      this.numS = numS;
      this.denS = denS;
    }

    @Override
    public int dimension() {
      return units;
    }

    @Override
    public void derivative(double[] v, double[] dvdt) {
      synapticCurrents(p, pOff, w, v, num, den);
      for (int j = 0; j < units; j++) {
        double current =
            gleak[j] * (p[pOff + oVleak + j] - v[j])
                + (num[j] + numS[j])
                - v[j] * (den[j] + denS[j]);
        // ε keeps a clipped cm of exactly 0 finite, as in the fused solver's denominator.
        dvdt[j] = current / (cm[j] + epsilon);
      }
    }
  }
}
