package io.liquid4j.cell;

import static io.liquid4j.cell.MathFunctions.sigmoid;
import static io.liquid4j.cell.MathFunctions.softplus;

import io.liquid4j.solver.OdeSystem;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.solver.Solvers;
import io.liquid4j.wiring.Wiring;
import java.util.Arrays;
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
 *
 * <p><b>Kernels.</b> This class holds the equations twice over: written out below as a plain
 * reference, one sample at a time, forward and backward side by side; and, for speed, in one of two
 * kernels chosen from the wiring when the cell is made: {@code LtcSparseKernel} walks lists of the
 * synapses that exist (fast for NCP wirings, a few synapses per neuron), {@code LtcDenseKernel}
 * computes all N × N synapses with absent ones weighted zero, its loops running over neurons (used
 * when at least three quarters of the synapses exist and there are at least 32 neurons; it also
 * keeps no per-synapse values on its tape). Both add every sum in the same order, so the kernel
 * chosen never changes a result; both are tested against the reference. {@link #kernelName()}
 * tells which one a cell uses.
 *
 * <p><b>Precision.</b> A cell made with {@link Precision#FLOAT32} computes its steps with {@code
 * LtcDenseFloat32Kernel}, whatever the wiring: the dense kernel's loops on float arrays (twice the
 * vector lanes), absent synapses contributing exactly 0. The parameters stay float64 (rounded to
 * float once per workspace bind, after softplus or as stored), inputs, states and Δt are rounded on
 * entry, and the parameter gradients of a backward call are summed in float and added to the
 * float64 dP; mappings, positivity modes, ε and the sub-step count are those of float64. Results
 * differ from float64 by float rounding only (tested within 1e-5 + 1e-4·|x| on the states and
 * outputs of a few steps). The solvers offered in float32 are fused, euler and rk4: with dopri5,
 * whose step control is tuned to float64 tolerances, the constructor throws.
 */
public final class LtcCell implements Cell {
  /**
   * Fraction of the N × N internal synapses from which the dense kernel is used. It computes every
   * pair, present or not, and recomputes the sigmoids in its backward pass, but in vector loops
   * over neurons; the sparse kernel computes only the synapses that exist. Measured (forward and
   * backward of 16 steps, batch 32, N = 64, CPU time of one thread): sparse 36, 65, 101, 115 ms and
   * dense 95, 99, 97, 98 ms at densities 0.25, 0.5, 0.75, 1, so the two meet near 0.75.
   */
  static final double DENSE_MIN_DENSITY = 0.75;

  /**
   * Fewer neurons than this make the dense kernel's loops over neurons too short to vectorise:
   * fully connected, the same measurement gave sparse 1.7, 6.4, 25 ms and dense 5.9, 9.4, 23 ms
   * for N = 8, 16, 32.
   */
  static final int DENSE_MIN_UNITS = 32;

  final Wiring wiring;
  final int inputs; // S
  final int units; // N
  final int motors; // M
  final Mapping inputMapping;
  final Mapping outputMapping;
  final int odeUnfolds; // K
  final double epsilon;
  final boolean implicitConstraints;
  final SolverKind solver;
  final double rtol;
  final double atol;

  // Synapses present in the wiring, grouped by destination neuron (CSR: those of dst j are
  // synStart[j] until synStart[j + 1]), by source within a group: src, dst and index into (N, N).
  // Every kernel adds a neuron's currents in this order (by source), and each source's share of
  // the backward pass by destination.
  final int[] synSrc;
  final int[] synDst;
  final int[] synIdx;
  final int[] synStart;
  // Sensory synapses, grouped likewise: input feature, dst and index into (S, N).
  final int[] sensSrc;
  final int[] sensDst;
  final int[] sensIdx;
  final int[] sensStart;

  private final ParameterLayout layout;
  final int oGleak, oVleak, oCm, oSigma, oMu, oW, oErev;
  final int oSensSigma, oSensMu, oSensW, oSensErev, oMask, oSensMask;
  final int oInW, oInB, oOutW, oOutB; // -1 when absent

  private final LtcKernel kernel;
  private final Precision precision;

  /**
   * The arithmetic of each step.
   *
   * @return float64 or float32
   */
  public Precision precision() {
    return precision;
  }

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
    this(wiring, inputMapping, outputMapping, odeUnfolds, epsilon, implicitConstraints, solver,
        rtol, atol, Precision.FLOAT64);
  }

  /**
   * Creates an LTC cell whose steps compute in {@code precision}.
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
   * @param precision the arithmetic of each step (see {@link Precision} and the class comment)
   * @throws IllegalArgumentException when precision is float32 and the solver dopri5
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
      double atol,
      Precision precision) {
    this(wiring, inputMapping, outputMapping, odeUnfolds, epsilon, implicitConstraints, solver,
        rtol, atol, null, precision);
  }

  /**
   * As the public constructor with the kernel given (null: chosen from the wiring), in the kernel's
   * precision: float32 for {@link LtcKernel.Kind#DENSE_FLOAT32}, float64 otherwise.
   */
  LtcCell(
      Wiring wiring,
      Mapping inputMapping,
      Mapping outputMapping,
      int odeUnfolds,
      double epsilon,
      boolean implicitConstraints,
      SolverKind solver,
      double rtol,
      double atol,
      LtcKernel.Kind kernelKind) {
    this(wiring, inputMapping, outputMapping, odeUnfolds, epsilon, implicitConstraints, solver,
        rtol, atol, kernelKind,
        kernelKind == LtcKernel.Kind.DENSE_FLOAT32 ? Precision.FLOAT32 : Precision.FLOAT64);
  }

  /**
   * As the public constructor, with the kernel given (null: chosen from the precision and the
   * wiring); a kernel of the other precision is an error.
   */
  LtcCell(
      Wiring wiring,
      Mapping inputMapping,
      Mapping outputMapping,
      int odeUnfolds,
      double epsilon,
      boolean implicitConstraints,
      SolverKind solver,
      double rtol,
      double atol,
      LtcKernel.Kind kernelKind,
      Precision precision) {
    this.precision = java.util.Objects.requireNonNull(precision, "precision");
    if (precision == Precision.FLOAT32 && solver == SolverKind.DOPRI5) {
      throw new IllegalArgumentException(
          "precision float32 is not offered with solver dopri5; use float64, or fused, euler or"
              + " rk4");
    }
    if (kernelKind != null
        && (kernelKind == LtcKernel.Kind.DENSE_FLOAT32) != (precision == Precision.FLOAT32)) {
      throw new IllegalArgumentException(
          "kernel " + kernelKind + " does not compute in precision " + precision);
    }
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

    LtcKernel.Kind kind = kernelKind != null ? kernelKind
        : precision == Precision.FLOAT32 ? LtcKernel.Kind.DENSE_FLOAT32 : kernelFor(wiring);
    switch (kind) {
      case REFERENCE:
        kernel = new ReferenceKernel();
        break;
      case DENSE:
        kernel = new LtcDenseKernel(this);
        break;
      case DENSE_FLOAT32:
        kernel = new LtcDenseFloat32Kernel(this);
        break;
      default:
        kernel = new LtcSparseKernel(this);
    }
  }

  /** The kernel the public constructor uses for a wiring in float64: dense for dense wirings. */
  static LtcKernel.Kind kernelFor(Wiring wiring) {
    long n = wiring.units();
    return n >= DENSE_MIN_UNITS && wiring.synapseCount() >= DENSE_MIN_DENSITY * n * n
        ? LtcKernel.Kind.DENSE
        : LtcKernel.Kind.SPARSE;
  }

  /** The kernel this cell computes with. */
  LtcKernel.Kind kernelKind() {
    return kernel.kind();
  }

  /**
   * The wiring this cell was built from.
   *
   * @return the wiring that fixes the synapses and the motor neurons
   */
  public Wiring wiring() {
    return wiring;
  }

  /**
   * Number of ODE sub-steps per step.
   *
   * @return the number of sub-steps per step
   */
  public int odeUnfolds() {
    return odeUnfolds;
  }

  /**
   * Whether positivity is by softplus (true) or by clipping after updates (false).
   *
   * @return true for softplus, false for clipping
   */
  public boolean implicitConstraints() {
    return implicitConstraints;
  }

  /**
   * The solver used for each step.
   *
   * @return fused, euler, rk4 or dopri5
   */
  public SolverKind solver() {
    return solver;
  }

  /**
   * The name of the kernel that computes this cell's steps, for diagnostics: {@code dense} (all N ×
   * N synapses in vector loops, for dense wirings) or {@code sparse} (lists of the synapses that
   * exist). Both give the same results to the last bit. A float32 cell's kernel is {@code
   * dense_float32} (the dense kernel's loops in float arithmetic), for every wiring.
   *
   * @return {@code dense}, {@code sparse}, {@code dense_float32} or {@code reference}
   */
  public String kernelName() {
    return kernel.kind().name().toLowerCase(java.util.Locale.ROOT);
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
      Arrays.fill(p, pOff + oInW, pOff + oInW + inputs, 1.0);
    }
    if (oInB >= 0) {
      Arrays.fill(p, pOff + oInB, pOff + oInB + inputs, 0.0);
    }
    if (oOutW >= 0) {
      Arrays.fill(p, pOff + oOutW, pOff + oOutW + motors, 1.0);
    }
    if (oOutB >= 0) {
      Arrays.fill(p, pOff + oOutB, pOff + oOutB + motors, 0.0);
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
  double pos(double x) {
    return implicitConstraints ? softplus(x) : x;
  }

  /** pos'(x): the derivative of the positivity map, σ(x) for softplus (1 above 20). */
  double posGrad(double x) {
    return implicitConstraints ? (x > 20.0 ? 1.0 : sigmoid(x)) : 1.0;
  }

  /**
   * Number of states per sample and step that a tape keeps: fused and Euler v_0..v_K, RK4 the
   * four stage inputs v, v2, v3, v4 of each sub-step and then v_K.
   */
  int storedStates() {
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

  @Override
  public Tape newTape(int batch) {
    return kernel.newTape(batch, null);
  }

  /** Reuses {@code old} when it is this cell's tape for {@code batch}: forward overwrites it all. */
  @Override
  public Tape newTape(int batch, RandomGenerator rng, Tape old) {
    return kernel.newTape(batch, old);
  }

  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch) {
    return kernel.newWorkspace(p, pOff, batch, null);
  }

  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
    return kernel.newWorkspace(p, pOff, batch, old);
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
    if (tape != null && solver == SolverKind.DOPRI5) {
      throw new UnsupportedOperationException(
          "solver dopri5: backpropagation through adaptive steps is not supported; train with"
              + " fused, euler or rk4");
    }
    kernel.forward(p, pOff, x, h, dt, batch, hNext, out, tape, workspace);
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
    kernel.backward(p, pOff, x, h, dt, batch, tape, dHNext, dOut, dP, dX, dH, workspace);
  }

  /*
   * =============================================================================================
   * The reference: the equations of the class comment, one sample at a time, every synapse read
   * from the wiring and every parameter from p where it is used; each forward function followed
   * by its backward. Written to be read and to check the kernels against, not to be fast (it
   * allocates, and recomputes in the backward pass what the forward pass had).
   *
   * Notation of the backward functions: dX is dL/dX; "dP[θ] +=" chains an effective conductance's
   * gradient through the positivity map, d raw = d effective · pos'(raw).
   * =============================================================================================
   */

  /** The reference records, per sample, the mapped input and the states its backward starts from. */
  private final class ReferenceTape implements Tape {
    final int batch;
    final double[][] xs; // [sample][S]
    final double[][][] states; // [sample][stored state][N]

    ReferenceTape(int batch) {
      this.batch = batch;
      xs = new double[batch][inputs];
      states = new double[batch][storedStates()][units];
    }

    LtcCell owner() {
      return LtcCell.this;
    }
  }

  /** The reference as a kernel: no workspace, a tape of states. */
  private final class ReferenceKernel extends LtcKernel {
    @Override
    Kind kind() {
      return Kind.REFERENCE;
    }

    @Override
    Tape newTape(int batch, Tape old) {
      if (old instanceof ReferenceTape t && t.owner() == LtcCell.this && t.batch == batch) {
        return t;
      }
      return new ReferenceTape(batch);
    }

    @Override
    Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
      return null;
    }

    @Override
    void forward(double[] p, int pOff, double[] x, double[] h, double[] dt, int batch,
        double[] hNext, double[] out, Tape tape, Workspace workspace) {
      referenceForward(p, pOff, x, h, dt, batch, hNext, out, (ReferenceTape) tape);
    }

    @Override
    void backward(double[] p, int pOff, double[] x, double[] h, double[] dt, int batch,
        Tape tape, double[] dHNext, double[] dOut, double[] dP, double[] dX, double[] dH,
        Workspace workspace) {
      referenceBackward(p, pOff, x, dt, batch, (ReferenceTape) tape, dHNext, dOut, dP, dX, dH);
    }
  }

  private void referenceForward(double[] p, int pOff, double[] x, double[] h, double[] dt,
      int batch, double[] hNext, double[] out, ReferenceTape t) {
    int n = units;
    for (int b = 0; b < batch; b++) {
      double[] xs = new double[inputs];
      for (int s = 0; s < inputs; s++) {
        double value = x[b * inputs + s];
        if (oInW >= 0) {
          value *= p[pOff + oInW + s];
        }
        if (oInB >= 0) {
          value += p[pOff + oInB + s];
        }
        xs[s] = value;
      }
      double[] numS = new double[n];
      double[] denS = new double[n];
      currents(sensorySynapses(), p, pOff, xs, numS, denS);
      double[] v = Arrays.copyOfRange(h, b * n, (b + 1) * n);
      double[][] states = t == null ? null : t.states[b];
      switch (solver) {
        case FUSED:
          fusedForward(p, pOff, numS, denS, dt[b], v, states);
          break;
        case EULER:
          eulerForward(p, pOff, numS, denS, dt[b], v, states);
          break;
        case RK4:
          rk4Forward(p, pOff, numS, denS, dt[b], v, states);
          break;
        default:
          OdeSystem dynamics = new OdeSystem() {
            @Override
            public int dimension() {
              return n;
            }

            @Override
            public void derivative(double[] state, double[] dvdt) {
              rightHandSide(p, pOff, numS, denS, state, dvdt);
            }
          };
          Solvers.of(solver, odeUnfolds, rtol, atol).integrate(dynamics, v, dt[b]);
      }
      System.arraycopy(v, 0, hNext, b * n, n);
      for (int m = 0; m < motors; m++) {
        double value = v[m];
        if (oOutW >= 0) {
          value *= p[pOff + oOutW + m];
        }
        if (oOutB >= 0) {
          value += p[pOff + oOutB + m];
        }
        out[b * motors + m] = value;
      }
      if (t != null) {
        t.xs[b] = xs;
      }
    }
  }

  private void referenceBackward(double[] p, int pOff, double[] x, double[] dt, int batch,
      ReferenceTape t, double[] dHNext, double[] dOut, double[] dP, double[] dX, double[] dH) {
    int n = units;
    for (int b = 0; b < batch; b++) {
      double[][] states = t.states[b];
      double[] vLast = states[states.length - 1];
      // out_m = v_m·output_w_m + output_b_m
      double[] dv = Arrays.copyOfRange(dHNext, b * n, (b + 1) * n);
      for (int m = 0; m < motors; m++) {
        double d = dOut[b * motors + m];
        if (oOutW >= 0) {
          dP[pOff + oOutW + m] += d * vLast[m];
          d *= p[pOff + oOutW + m];
        }
        if (oOutB >= 0) {
          dP[pOff + oOutB + m] += dOut[b * motors + m];
        }
        dv[m] += d;
      }
      double[] xs = t.xs[b];
      double[] numS = new double[n];
      double[] denS = new double[n];
      currents(sensorySynapses(), p, pOff, xs, numS, denS);
      double[] dNumS = new double[n];
      double[] dDenS = new double[n];
      switch (solver) {
        case FUSED:
          fusedBackward(p, pOff, numS, denS, dt[b], states, dv, dNumS, dDenS, dP);
          break;
        case EULER:
          eulerBackward(p, pOff, numS, denS, dt[b], states, dv, dNumS, dDenS, dP);
          break;
        case RK4:
          rk4Backward(p, pOff, numS, denS, dt[b], states, dv, dNumS, dDenS, dP);
          break;
        default:
          throw new UnsupportedOperationException("backward for solver " + solver);
      }
      System.arraycopy(dv, 0, dH, b * n, n);
      double[] dXs = new double[inputs];
      currentsBackward(sensorySynapses(), p, pOff, xs, dNumS, dDenS, dXs, dP);
      // xs_s = x_s·input_w_s + input_b_s
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
  }

  /**
   * One of the cell's two synapse sets, which obey the same equations: the internal synapses
   * (neuron i → neuron j, read at the potentials v) and the sensory ones (input s → neuron j, read
   * at the mapped inputs xs). Holds the offsets of their w, sigma, mu and erev matrices, (sources ×
   * N) row-major.
   */
  private record SynapseSet(boolean sensory, int sources, int w, int sigma, int mu, int erev) {}

  private SynapseSet internalSynapses() {
    return new SynapseSet(false, units, oW, oSigma, oMu, oErev);
  }

  private SynapseSet sensorySynapses() {
    return new SynapseSet(true, inputs, oSensW, oSensSigma, oSensMu, oSensErev);
  }

  private boolean exists(SynapseSet set, int i, int j) {
    return (set.sensory() ? wiring.sensorySynapse(i, j) : wiring.synapse(i, j)) != 0;
  }

  /**
   * The currents of a synapse set at the source values x (potentials or mapped inputs): num_j =
   * Σ_i a_ij erev_ij, den_j = Σ_i a_ij over the synapses i → j, a_ij = w_ij σ(sigma_ij (x_i −
   * mu_ij)).
   */
  private void currents(SynapseSet set, double[] p, int pOff, double[] x, double[] num,
      double[] den) {
    int n = units;
    for (int j = 0; j < n; j++) {
      num[j] = 0.0;
      den[j] = 0.0;
      for (int i = 0; i < set.sources(); i++) {
        if (!exists(set, i, j)) {
          continue;
        }
        int ij = i * n + j;
        double a = pos(p[pOff + set.w() + ij])
            * sigmoid(p[pOff + set.sigma() + ij] * (x[i] - p[pOff + set.mu() + ij]));
        num[j] += a * p[pOff + set.erev() + ij];
        den[j] += a;
      }
    }
  }

  /**
   * Backward of {@link #currents}: given dNum, dDen, adds to dx (the source values the sigmoids
   * read) and to the gradients of the set's w, sigma, mu, erev.
   */
  private void currentsBackward(SynapseSet set, double[] p, int pOff, double[] x, double[] dNum,
      double[] dDen, double[] dx, double[] dP) {
    int n = units;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < set.sources(); i++) {
        if (!exists(set, i, j)) {
          continue;
        }
        int ij = i * n + j;
        double rawW = p[pOff + set.w() + ij];
        double w = pos(rawW);
        double sigma = p[pOff + set.sigma() + ij];
        double mu = p[pOff + set.mu() + ij];
        double s = sigmoid(sigma * (x[i] - mu));
        // num_j += w s erev, den_j += w s: d(w s) = dNum erev + dDen
        double da = dNum[j] * p[pOff + set.erev() + ij] + dDen[j];
        dP[pOff + set.erev() + ij] += dNum[j] * (w * s);
        dP[pOff + set.w() + ij] += da * s * posGrad(rawW);
        double dz = da * w * s * (1.0 - s); // σ' = σ(1 − σ), z = sigma (x_i − mu)
        dP[pOff + set.sigma() + ij] += dz * (x[i] - mu);
        dP[pOff + set.mu() + ij] -= dz * sigma;
        dx[i] += dz * sigma;
      }
    }
  }

  /**
   * K fused semi-implicit sub-steps of h = Δt/K (the class comment's update), v overwritten;
   * states[u] receives v before sub-step u and states[K] the result, when states is not null.
   */
  private void fusedForward(double[] p, int pOff, double[] numS, double[] denS, double dt,
      double[] v, double[][] states) {
    int n = units;
    double h = dt / odeUnfolds; // ncps evaluates Δt/K first, then cm / (Δt/K)
    double[] num = new double[n];
    double[] den = new double[n];
    for (int u = 0; u < odeUnfolds; u++) {
      if (states != null) {
        System.arraycopy(v, 0, states[u], 0, n);
      }
      currents(internalSynapses(), p, pOff, v, num, den);
      for (int j = 0; j < n; j++) {
        double cmT = pos(p[pOff + oCm + j]) / h;
        double gleak = pos(p[pOff + oGleak + j]);
        double vleak = p[pOff + oVleak + j];
        // ncps's order of the sums: (cmT v + gleak vleak) + (num + numS), ((cmT + gleak) + ...
        double numerator = cmT * v[j] + gleak * vleak + (num[j] + numS[j]);
        double denominator = cmT + gleak + (den[j] + denS[j]) + epsilon;
        v[j] = numerator / denominator;
      }
    }
    if (states != null) {
      System.arraycopy(v, 0, states[odeUnfolds], 0, n);
    }
  }

  /**
   * Backward of {@link #fusedForward}: dv holds dL/dv_K and leaves with dL/dv_0; dNumS, dDenS
   * receive the gradients of the sensory currents. Per sub-step, v' = numer / denom with numer =
   * cmT v + gleak vleak + num + numS, denom = cmT + gleak + den + denS + ε, cmT = cm / h.
   */
  private void fusedBackward(double[] p, int pOff, double[] numS, double[] denS, double dt,
      double[][] states, double[] dv, double[] dNumS, double[] dDenS, double[] dP) {
    int n = units;
    double h = dt / odeUnfolds;
    double[] num = new double[n];
    double[] den = new double[n];
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      double[] v = states[u];
      double[] vNext = states[u + 1];
      currents(internalSynapses(), p, pOff, v, num, den);
      double[] dNum = new double[n];
      double[] dDen = new double[n];
      double[] dPrev = new double[n];
      for (int j = 0; j < n; j++) {
        double rawCm = p[pOff + oCm + j];
        double rawGleak = p[pOff + oGleak + j];
        double cmT = pos(rawCm) / h;
        double gleak = pos(rawGleak);
        double vleak = p[pOff + oVleak + j];
        double denominator = cmT + gleak + (den[j] + denS[j]) + epsilon;
        double dNumer = dv[j] / denominator;
        double dDenom = -dv[j] * vNext[j] / denominator; // numer/denom = v'
        dP[pOff + oCm + j] += (dNumer * v[j] + dDenom) / h * posGrad(rawCm);
        dP[pOff + oGleak + j] += (dNumer * vleak + dDenom) * posGrad(rawGleak);
        dP[pOff + oVleak + j] += dNumer * gleak;
        dPrev[j] += dNumer * cmT;
        dNum[j] = dNumer;
        dDen[j] = dDenom;
        dNumS[j] += dNumer;
        dDenS[j] += dDenom;
      }
      currentsBackward(internalSynapses(), p, pOff, v, dNum, dDen, dPrev, dP);
      System.arraycopy(dPrev, 0, dv, 0, n);
    }
  }

  /**
   * dv/dt of the LTC written to f: f_j = (gleak_j (vleak_j − v_j) + num_j + numS_j − v_j (den_j +
   * denS_j)) / (cm_j + ε), the class comment's equation with the currents' erev − v split; ε keeps
   * a clipped cm of exactly 0 finite, as in the fused solver's denominator.
   */
  private void rightHandSide(double[] p, int pOff, double[] numS, double[] denS, double[] v,
      double[] f) {
    int n = units;
    double[] num = new double[n];
    double[] den = new double[n];
    currents(internalSynapses(), p, pOff, v, num, den);
    for (int j = 0; j < n; j++) {
      double gleak = pos(p[pOff + oGleak + j]);
      double vleak = p[pOff + oVleak + j];
      double c = pos(p[pOff + oCm + j]) + epsilon;
      f[j] = (gleak * (vleak - v[j]) + (num[j] + numS[j]) - v[j] * (den[j] + denS[j])) / c;
    }
  }

  /**
   * Vector–Jacobian product of {@link #rightHandSide} at v: given a = dL/df, adds aᵀ∂f/∂v to dv,
   * aᵀ∂f/∂(numS, denS) to dNumS, dDenS and aᵀ∂f/∂θ to the parameters' gradients.
   */
  private void rightHandSideBackward(double[] p, int pOff, double[] numS, double[] denS,
      double[] v, double[] a, double[] dv, double[] dNumS, double[] dDenS, double[] dP) {
    int n = units;
    double[] num = new double[n];
    double[] den = new double[n];
    currents(internalSynapses(), p, pOff, v, num, den);
    double[] dNum = new double[n];
    double[] dDen = new double[n];
    for (int j = 0; j < n; j++) {
      double rawGleak = p[pOff + oGleak + j];
      double rawCm = p[pOff + oCm + j];
      double gleak = pos(rawGleak);
      double vleak = p[pOff + oVleak + j];
      double c = pos(rawCm) + epsilon;
      double totalDen = den[j] + denS[j];
      double f = (gleak * (vleak - v[j]) + (num[j] + numS[j]) - v[j] * totalDen) / c;
      double q = a[j] / c;
      dP[pOff + oGleak + j] += q * (vleak - v[j]) * posGrad(rawGleak);
      dP[pOff + oVleak + j] += q * gleak;
      dP[pOff + oCm + j] -= q * f * posGrad(rawCm); // d(X/c)/dc = −f/c
      dv[j] -= q * (gleak + totalDen);
      dNum[j] = q;
      dDen[j] = -q * v[j];
      dNumS[j] += q;
      dDenS[j] -= q * v[j];
    }
    currentsBackward(internalSynapses(), p, pOff, v, dNum, dDen, dv, dP);
  }

  /** K explicit Euler sub-steps v ← v + h f(v), recording states as {@link #fusedForward}. */
  private void eulerForward(double[] p, int pOff, double[] numS, double[] denS, double dt,
      double[] v, double[][] states) {
    int n = units;
    double h = dt / odeUnfolds;
    double[] f = new double[n];
    for (int u = 0; u < odeUnfolds; u++) {
      if (states != null) {
        System.arraycopy(v, 0, states[u], 0, n);
      }
      rightHandSide(p, pOff, numS, denS, v, f);
      for (int j = 0; j < n; j++) {
        v[j] += h * f[j];
      }
    }
    if (states != null) {
      System.arraycopy(v, 0, states[odeUnfolds], 0, n);
    }
  }

  /** Backward of {@link #eulerForward}: dv_u = dv_{u+1} + (h dv_{u+1})ᵀ ∂f/∂v at v_u. */
  private void eulerBackward(double[] p, int pOff, double[] numS, double[] denS, double dt,
      double[][] states, double[] dv, double[] dNumS, double[] dDenS, double[] dP) {
    int n = units;
    double h = dt / odeUnfolds;
    double[] a = new double[n];
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      for (int j = 0; j < n; j++) {
        a[j] = h * dv[j];
      }
      rightHandSideBackward(p, pOff, numS, denS, states[u], a, dv, dNumS, dDenS, dP);
    }
  }

  /**
   * K classic Runge–Kutta sub-steps: k1 = f(v), k2 = f(v + h/2 k1), k3 = f(v + h/2 k2), k4 = f(v +
   * h k3), v ← v + h/6 (k1 + 2 k2 + 2 k3 + k4); states[4u..4u+3] receive the four stage inputs.
   */
  private void rk4Forward(double[] p, int pOff, double[] numS, double[] denS, double dt,
      double[] v, double[][] states) {
    int n = units;
    double h = dt / odeUnfolds;
    double[] k1 = new double[n];
    double[] k2 = new double[n];
    double[] k3 = new double[n];
    double[] k4 = new double[n];
    double[] v2 = new double[n];
    double[] v3 = new double[n];
    double[] v4 = new double[n];
    for (int u = 0; u < odeUnfolds; u++) {
      rightHandSide(p, pOff, numS, denS, v, k1);
      for (int j = 0; j < n; j++) {
        v2[j] = v[j] + 0.5 * h * k1[j];
      }
      rightHandSide(p, pOff, numS, denS, v2, k2);
      for (int j = 0; j < n; j++) {
        v3[j] = v[j] + 0.5 * h * k2[j];
      }
      rightHandSide(p, pOff, numS, denS, v3, k3);
      for (int j = 0; j < n; j++) {
        v4[j] = v[j] + h * k3[j];
      }
      rightHandSide(p, pOff, numS, denS, v4, k4);
      if (states != null) {
        System.arraycopy(v, 0, states[4 * u], 0, n);
        System.arraycopy(v2, 0, states[4 * u + 1], 0, n);
        System.arraycopy(v3, 0, states[4 * u + 2], 0, n);
        System.arraycopy(v4, 0, states[4 * u + 3], 0, n);
      }
      for (int j = 0; j < n; j++) {
        v[j] += h / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
      }
    }
    if (states != null) {
      System.arraycopy(v, 0, states[4 * odeUnfolds], 0, n);
    }
  }

  /** Backward of {@link #rk4Forward}, stage by stage in reverse. */
  private void rk4Backward(double[] p, int pOff, double[] numS, double[] denS, double dt,
      double[][] states, double[] dv, double[] dNumS, double[] dDenS, double[] dP) {
    int n = units;
    double h = dt / odeUnfolds;
    double[] dk1 = new double[n];
    double[] dk2 = new double[n];
    double[] dk3 = new double[n];
    double[] dk4 = new double[n];
    for (int u = odeUnfolds - 1; u >= 0; u--) {
      for (int j = 0; j < n; j++) {
        dk1[j] = h / 6.0 * dv[j];
        dk2[j] = h / 3.0 * dv[j];
        dk3[j] = h / 3.0 * dv[j];
        dk4[j] = h / 6.0 * dv[j];
      }
      // k4 = f(v4), v4 = v + h k3
      double[] dStage = new double[n];
      rightHandSideBackward(p, pOff, numS, denS, states[4 * u + 3], dk4, dStage, dNumS, dDenS,
          dP);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk3[j] += h * dStage[j];
      }
      // k3 = f(v3), v3 = v + h/2 k2
      dStage = new double[n];
      rightHandSideBackward(p, pOff, numS, denS, states[4 * u + 2], dk3, dStage, dNumS, dDenS,
          dP);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk2[j] += 0.5 * h * dStage[j];
      }
      // k2 = f(v2), v2 = v + h/2 k1
      dStage = new double[n];
      rightHandSideBackward(p, pOff, numS, denS, states[4 * u + 1], dk2, dStage, dNumS, dDenS,
          dP);
      for (int j = 0; j < n; j++) {
        dv[j] += dStage[j];
        dk1[j] += 0.5 * h * dStage[j];
      }
      // k1 = f(v)
      rightHandSideBackward(p, pOff, numS, denS, states[4 * u], dk1, dv, dNumS, dDenS, dP);
    }
  }
}
