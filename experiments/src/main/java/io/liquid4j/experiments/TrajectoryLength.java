package io.liquid4j.experiments;

import io.liquid4j.solver.OdeSolver;
import io.liquid4j.solver.OdeSystem;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.solver.Solvers;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.eig.SymmetricQRAlgorithmDecomposition_DDRM;

/**
 * The LTC paper's expressivity measure (Hasani et al. 2021, §5 and Fig. 2–3; its MATLAB code
 * {@code trajectory_length_analysis}): an untrained network driven by the circle (sin t, cos t),
 * t ∈ [0, 2π], its latent trajectory projected onto its first two principal components, and the
 * length of that 2-D curve. Longer trajectories mean a more expressive network.
 *
 * <p>The three models share one random draw of weights, as the paper's code does (per layer l of
 * k neurons, input u_l: the circle for layer 1, the previous layer's state after):
 *
 * <pre>
 * Neural ODE   dy/dt = f(W_l u_l + b_l)
 * CT-RNN       dy/dt = −y / τ + f(W_l u_l + b_l)
 * LTC          dy/dt = −y ⊙ (1/τ + |f(W_l u_l + b_l)| + |f(R_l y + c_l)|)
 *                      + (Σ_r A_l[r, ·]) ⊙ f(W_l u_l + b_l) + (Σ_r B_l[r, ·]) ⊙ f(R_l y + c_l)
 * </pre>
 *
 * with weights W, R, A, B ~ N(0, σ_w) and biases b, c ~ N(0, σ_b) (σ the standard deviation, as
 * the code draws them), τ = |N(0, σ_b)|, y(0) = 0, and the circle linearly interpolated between
 * its samples. The states are recorded at the input's sample times; the paper's code took ode45's
 * own (refined) output points, so its lengths are not comparable one for one, but the orderings
 * are.
 *
 * <pre>{@code
 * Map<Model, Result> r = TrajectoryLength.run(TrajectoryLength.Options.paper());
 * double ltc = r.get(Model.LTC).length();
 * }</pre>
 *
 * <p>Thread safety: {@link Options} is immutable and safe to share between threads; a {@link
 * Result} keeps its arrays without copying, so it is safe to share while nobody writes to them.
 * {@link #run} keeps no state between calls (each draws its own weights), so runs may go on
 * several threads at once.
 */
public final class TrajectoryLength {
  private TrajectoryLength() {}

  /** The continuous-time models compared. */
  public enum Model {
    /** dy/dt = f(W u + b): no leak, no state in the nonlinearity. */
    NEURAL_ODE("Neural ODE"),
    /** dy/dt = −y / τ + f(W u + b): a leak with a fixed time constant. */
    CT_RNN("CT-RNN"),
    /** The liquid time-constant network: the leak and the drive both gated by f. */
    LTC("LTC");

    private final String label;

    Model(String label) {
      this.label = label;
    }

    /**
     * The paper's name.
     *
     * @return "Neural ODE", "CT-RNN" or "LTC"
     */
    public String label() {
      return label;
    }
  }

  /** The activation f. */
  public enum Activation {
    /** tanh x. */
    TANH,
    /** 1 / (1 + e^−x). */
    SIGMOID,
    /** max(0, x). */
    RELU,
    /** x clipped to [−1, 1]. */
    HARD_TANH;

    double apply(double x) {
      switch (this) {
        case TANH:
          return Math.tanh(x);
        case SIGMOID:
          return 1.0 / (1.0 + Math.exp(-x));
        case RELU:
          return Math.max(0.0, x);
        default:
          return Math.max(-1.0, Math.min(1.0, x));
      }
    }

    /**
     * By name: tanh, sigmoid, relu or htanh.
     *
     * @param argument what to call the name in the error message (an option, a field)
     * @param name "tanh", "sigmoid", "relu" or "htanh", exactly
     * @return the activation of that name
     * @throws IllegalArgumentException for any other name
     */
    public static Activation fromName(String argument, String name) {
      switch (name) {
        case "tanh":
          return TANH;
        case "sigmoid":
          return SIGMOID;
        case "relu":
          return RELU;
        case "htanh":
          return HARD_TANH;
        default:
          throw new IllegalArgumentException(argument
              + ": expected tanh, sigmoid, relu or htanh, got '" + name + "'");
      }
    }
  }

  /** The most neurons per layer {@link Options} accepts. */
  public static final int MAX_WIDTH = 2000;

  /** The most layers {@link Options} accepts. */
  public static final int MAX_DEPTH = 100;

  /** The most input samples {@link Options} accepts. */
  public static final int MAX_SAMPLES = 1_000_000;

  /**
   * The most states (samples × width × depth) one run may record: 400 MB of doubles, which a
   * default heap holds.
   */
  public static final long MAX_STATES = 50_000_000L;

  /**
   * What to measure. Immutable and safe to share between threads.
   *
   * @param width neurons per layer k
   * @param depth layers n
   * @param activation f
   * @param sigmaW standard deviation of the weights
   * @param sigmaB standard deviation of the biases (and of τ before |·|)
   * @param solver euler, rk4 or dopri5
   * @param samples input samples over [0, 2π], where the states are recorded
   * @param seed fixes the weights
   * @param rtol relative tolerance of dopri5; atol its absolute one
   */
  public record Options(
      int width, int depth, Activation activation, double sigmaW, double sigmaB,
      SolverKind solver, int samples, long seed, double rtol, double atol) {
    /**
     * Checks the values; a message names the component at fault ({@code width: expected at least
     * 2 neurons, got 1}).
     *
     * @param width neurons per layer k, ≥ 2
     * @param depth layers n, ≥ 1
     * @param activation f
     * @param sigmaW standard deviation of the weights, finite and &gt; 0
     * @param sigmaB standard deviation of the biases (and of τ before |·|), finite and &gt; 0
     * @param solver euler, rk4 or dopri5 (not fused)
     * @param samples input samples over [0, 2π], ≥ 3
     * @param seed fixes the weights
     * @param rtol relative tolerance of dopri5
     * @param atol absolute tolerance of dopri5
     * @throws IllegalArgumentException for a value out of range, naming the component
     */
    public Options {
      if (width < 2 || width > MAX_WIDTH) {
        throw new IllegalArgumentException("width: expected 2 to " + MAX_WIDTH + " neurons, got "
            + width);
      }
      if (depth < 1 || depth > MAX_DEPTH) {
        // Hundreds of stacked random layers only overflow: the run would end in non-finite
        // states after minutes instead of a figure.
        throw new IllegalArgumentException("depth: expected 1 to " + MAX_DEPTH + " layers, got "
            + depth);
      }
      if (!(sigmaW > 0) || !(sigmaB > 0) || Double.isInfinite(sigmaW)
          || Double.isInfinite(sigmaB)) {
        throw new IllegalArgumentException("sigmaW, sigmaB: expected finite values > 0,"
            + " got " + sigmaW + " and " + sigmaB);
      }
      if (solver == SolverKind.FUSED) {
        throw new IllegalArgumentException(
            "solver: expected euler, rk4 or dopri5, got fused (the LTC cell's own scheme)");
      }
      if (samples < 3 || samples > MAX_SAMPLES) {
        throw new IllegalArgumentException("samples: expected 3 to " + MAX_SAMPLES + ", got "
            + samples);
      }
      if ((long) samples * width * depth > MAX_STATES) {
        throw new IllegalArgumentException("samples, width, depth: expected at most "
            + MAX_STATES + " states (samples × width × depth), got " + samples + " × " + width
            + " × " + depth + " = " + (long) samples * width * depth);
      }
    }

    /**
     * The paper's code's defaults: 25 neurons, 1 layer, hard tanh, σ_w 2, σ_b 1, 100 samples.
     *
     * @return those options, with dopri5 at rtol 1e-2 and atol 1e-4, and seed 1
     */
    public static Options paper() {
      return new Options(25, 1, Activation.HARD_TANH, 2.0, 1.0, SolverKind.DOPRI5, 100, 1, 1e-2,
          1e-4);
    }

    /**
     * These options with another width.
     *
     * @param value neurons per layer, ≥ 2
     * @return new options
     * @throws IllegalArgumentException if {@code value} &lt; 2
     */
    public Options withWidth(int value) {
      return new Options(value, depth, activation, sigmaW, sigmaB, solver, samples, seed, rtol,
          atol);
    }

    /**
     * These options with another seed.
     *
     * @param value the seed of the weights
     * @return new options
     */
    public Options withSeed(long value) {
      return new Options(width, depth, activation, sigmaW, sigmaB, solver, samples, value, rtol,
          atol);
    }
  }

  /**
   * One model's trajectory. The arrays are kept as given, not copied: the result is safe to share
   * between threads as long as nobody writes to them.
   *
   * @param lengths arc length of the 2-D projection of each layer's trajectory, one per layer
   * @param projection (samples, 2) principal-component scores of the last layer
   * @param evaluations derivative evaluations the solver used
   */
  public record Result(double[] lengths, double[][] projection, long evaluations) {
    /**
     * The last layer's length.
     *
     * @return {@code lengths[depth − 1]}, the measure the paper plots
     */
    public double length() {
      return lengths[lengths.length - 1];
    }
  }

  /**
   * The input circle's own length: 2π up to the polygon's shortfall.
   *
   * @param samples points on the circle, equally spaced in t from 0 to 2π (both ends), ≥ 2
   * @return the summed lengths of the chords between consecutive points
   */
  public static double inputLength(int samples) {
    double[][] c = new double[samples][];
    for (int s = 0; s < samples; s++) {
      double t = 2 * Math.PI * s / (samples - 1);
      c[s] = new double[] {Math.sin(t), Math.cos(t)};
    }
    return arcLength(c);
  }

  /**
   * Runs all three models on one draw of weights.
   *
   * @param o what to measure
   * @return a new map holding one result per {@link Model}
   */
  public static Map<Model, Result> run(Options o) {
    Weights w = new Weights(o);
    Map<Model, Result> results = new EnumMap<>(Model.class);
    for (Model m : Model.values()) {
      results.put(m, trajectory(m, w, o));
    }
    return results;
  }

  /** The shared random draw, in the order the paper's code draws it. */
  private static final class Weights {
    final double[][][] w; // (n, k, k) input weights: w[l][from][to]
    final double[][] b; // (n, k)
    final double[][][] a; // (n, k, k) the LTC's A
    final double[] tau; // (n·k)
    final double[][][] r; // (n, k, k) recurrent weights
    final double[][] c; // (n, k)
    final double[][][] e; // (n, k, k) the LTC's recurrent A

    Weights(Options o) {
      SplittableRandom rng = new SplittableRandom(o.seed());
      int n = o.depth();
      int k = o.width();
      w = normal(rng, n, k, o.sigmaW());
      b = vectors(rng, n, k, o.sigmaB());
      a = normal(rng, n, k, o.sigmaW());
      tau = new double[n * k];
      for (int i = 0; i < tau.length; i++) {
        tau[i] = Math.abs(gaussian(rng) * o.sigmaB());
      }
      r = normal(rng, n, k, o.sigmaW());
      c = vectors(rng, n, k, o.sigmaB());
      e = normal(rng, n, k, o.sigmaW());
    }
  }

  private static double gaussian(SplittableRandom rng) {
    // Box–Muller: SplittableRandom has no nextGaussian on JDK 17.
    double u = 1.0 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  private static double[][][] normal(SplittableRandom rng, int n, int k, double sd) {
    double[][][] m = new double[n][k][k];
    for (double[][] layer : m) {
      for (double[] row : layer) {
        for (int j = 0; j < k; j++) {
          row[j] = gaussian(rng) * sd;
        }
      }
    }
    return m;
  }

  private static double[][] vectors(SplittableRandom rng, int n, int k, double sd) {
    double[][] v = new double[n][k];
    for (double[] row : v) {
      for (int j = 0; j < k; j++) {
        row[j] = gaussian(rng) * sd;
      }
    }
    return v;
  }

  private static Result trajectory(Model model, Weights w, Options o) {
    int n = o.depth();
    int k = o.width();
    int samples = o.samples();
    double dt = 2 * Math.PI / (samples - 1);
    Dynamics f = new Dynamics(model, w, o, dt);
    OdeSolver solver = Solvers.of(o.solver(), 4, o.rtol(), o.atol());
    double[] v = new double[n * k + 1]; // the states, then the time
    double[][][] recorded = new double[n][samples][k];
    long evaluations = 0;
    for (int s = 0; s < samples; s++) {
      if (s > 0) {
        evaluations += solver.integrate(f, v, dt);
        v[n * k] = s * dt; // the clock, exact at each sample despite round-off
      }
      for (int l = 0; l < n; l++) {
        System.arraycopy(v, l * k, recorded[l][s], 0, k);
      }
    }
    double[] lengths = new double[n];
    double[][] last = null;
    for (int l = 0; l < n; l++) {
      double[][] p = principalScores(recorded[l]);
      lengths[l] = arcLength(p);
      last = p;
    }
    return new Result(lengths, last, evaluations);
  }

  /** The right-hand side of all layers, with the time as the last component (dt/dt = 1). */
  private static final class Dynamics implements OdeSystem {
    private final Model model;
    private final Weights w;
    private final Activation f;
    private final int n;
    private final int k;
    private final double sampleDt;
    private final int samples;
    private final double[] in;
    private final double[] act;
    private final double[] rec;

    Dynamics(Model model, Weights w, Options o, double sampleDt) {
      this.model = model;
      this.w = w;
      this.f = o.activation();
      this.n = o.depth();
      this.k = o.width();
      this.sampleDt = sampleDt;
      this.samples = o.samples();
      this.in = new double[k];
      this.act = new double[k];
      this.rec = new double[k];
    }

    @Override
    public int dimension() {
      return n * k + 1;
    }

    @Override
    public void derivative(double[] v, double[] dvdt) {
      double t = v[n * k];
      for (int l = 0; l < n; l++) {
        int inputs;
        if (l == 0) {
          circle(t, in);
          inputs = 2;
        } else {
          System.arraycopy(v, (l - 1) * k, in, 0, k);
          inputs = k;
        }
        int off = l * k;
        for (int i = 0; i < k; i++) {
          double z = w.b[l][i];
          for (int j = 0; j < inputs; j++) {
            z += w.w[l][j][i] * in[j];
          }
          act[i] = f.apply(z);
        }
        if (model == Model.LTC) {
          for (int i = 0; i < k; i++) {
            double z = w.c[l][i];
            for (int j = 0; j < k; j++) {
              z += w.r[l][j][i] * v[off + j];
            }
            rec[i] = f.apply(z);
          }
        }
        for (int i = 0; i < k; i++) {
          double y = v[off + i];
          switch (model) {
            case NEURAL_ODE:
              dvdt[off + i] = act[i];
              break;
            case CT_RNN:
              dvdt[off + i] = -y / w.tau[off + i] + act[i];
              break;
            default:
              double sa = 0;
              double se = 0;
              for (int j = 0; j < k; j++) {
                sa += w.a[l][j][i];
                se += w.e[l][j][i];
              }
              dvdt[off + i] = -y * (1.0 / w.tau[off + i] + Math.abs(act[i]) + Math.abs(rec[i]))
                  + sa * act[i] + se * rec[i];
          }
        }
      }
      dvdt[n * k] = 1.0;
    }

    /** (sin, cos) linearly interpolated between the samples, as MATLAB's interp1. */
    private void circle(double t, double[] out) {
      double pos = Math.max(0.0, Math.min(samples - 1.0, t / sampleDt));
      int s = Math.min(samples - 2, (int) pos);
      double frac = pos - s;
      double t0 = s * sampleDt;
      double t1 = (s + 1) * sampleDt;
      out[0] = Math.sin(t0) + frac * (Math.sin(t1) - Math.sin(t0));
      out[1] = Math.cos(t0) + frac * (Math.cos(t1) - Math.cos(t0));
    }
  }

  /** (samples, 2): the centred trajectory projected onto its two leading principal axes. */
  static double[][] principalScores(double[][] y) {
    int m = y.length;
    int k = y[0].length;
    double[] mean = new double[k];
    for (double[] row : y) {
      for (int j = 0; j < k; j++) {
        mean[j] += row[j] / m;
      }
    }
    DMatrixRMaj cov = new DMatrixRMaj(k, k);
    for (double[] row : y) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          cov.add(i, j, (row[i] - mean[i]) * (row[j] - mean[j]));
        }
      }
    }
    SymmetricQRAlgorithmDecomposition_DDRM eig =
        new SymmetricQRAlgorithmDecomposition_DDRM(true);
    if (!eig.decompose(cov)) {
      throw new IllegalStateException("principal components: the eigen decomposition failed");
    }
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (p, q) -> Double.compare(eig.getEigenvalue(q).real,
        eig.getEigenvalue(p).real));
    double[][] scores = new double[m][2];
    for (int c = 0; c < 2; c++) {
      DMatrixRMaj axis = eig.getEigenVector(order[c]);
      for (int s = 0; s < m; s++) {
        double dot = 0;
        for (int j = 0; j < k; j++) {
          dot += (y[s][j] - mean[j]) * axis.get(j, 0);
        }
        scores[s][c] = dot;
      }
    }
    return scores;
  }

  /** Σ |p_s+1 − p_s| over the 2-D points. */
  static double arcLength(double[][] p) {
    double sum = 0;
    for (int s = 1; s < p.length; s++) {
      sum += Math.hypot(p[s][0] - p[s - 1][0], p[s][1] - p[s - 1][1]);
    }
    return sum;
  }
}
