package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.testing.GoldenCase;
import io.liquid4j.testing.Tensors;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.Ncp;
import io.liquid4j.wiring.RandomWiring;
import io.liquid4j.wiring.Wiring;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 CfC ({@link Precision#FLOAT32}) against the float64 cell, its verified reference:
 * several steps with irregular Δt from a random state, then backpropagation through all of them
 * with the loss L = Σ_t Σ out_t·wOut_t + Σ h_T·wH.
 *
 * <p>Tolerances (float32 rounds every operation at 6e-8 relative; the products here are sums of
 * up to ~30 terms over up to 6 steps): outputs and states elementwise within {@value #ATOL} +
 * {@value #RTOL}·|ref| at every step; every parameter tensor's gradient, every step's input
 * gradient and the initial state's gradient within {@value #GRAD_RTOL}·max|ref| of that tensor
 * (its ∞-norm). Frozen entries, masked weights and the parameters outside the cell get exactly no
 * gradient, as in float64.
 */
class CfcFloat32Test {
  static final double ATOL = 1e-5;
  static final double RTOL = 1e-4;
  static final double GRAD_RTOL = 1e-4;
  static final double PRIOR = 0.25; // dP before backward: it is added to
  static final int P_OFF = 3; // the cell's parameters start inside a larger array

  // Largest deviations seen, printed once for the record (not asserted beyond the bounds above).
  static double worstStateDiff;
  static double worstGradRatio;

  @AfterAll
  static void report() {
    System.out.printf("CfcFloat32Test: largest |h32 - h64| %.3g, largest gradient deviation"
        + " %.3g of the tensor's max |g64|%n", worstStateDiff, worstGradRatio);
  }

  /** One cell configuration; sizes and data follow from the seed. */
  record Case(CfcMode mode, int layers, boolean masked, double dropout, Activation activation,
      long seed) {
    @Override
    public String toString() {
      return mode + " L=" + layers + (masked ? " masked" : "") + (dropout > 0 ? " dropout" : "")
          + " " + activation + " seed " + seed;
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    long seed = 1;
    for (CfcMode mode : CfcMode.values()) {
      for (int layers = 0; layers <= 2; layers++) {
        for (boolean masked : new boolean[] {false, true}) {
          for (double dropout : layers == 2 ? new double[] {0.0, 0.3} : new double[] {0.0}) {
            for (Activation a : Activation.values()) {
              if (layers == 0 && a != Activation.LECUN_TANH) {
                continue; // no backbone: the activation is not used
              }
              cases.add(new Case(mode, layers, masked, dropout, a, seed++));
            }
          }
        }
      }
    }
    return cases.stream();
  }

  static Stream<Case> casesWithoutDropout() {
    return cases().filter(c -> c.dropout() == 0);
  }

  static Stream<Case> maskedCases() {
    return cases().filter(Case::masked);
  }

  static Stream<Case> dropoutCases() {
    return cases().filter(c -> c.dropout() > 0);
  }

  /** The float64 and float32 cells of a case, and the random data of a run. */
  record Setup(CfcCell f64, CfcCell f32, double[] p, Problem problem) {}

  /** Inputs, initial state, Δt and loss weights of a run of T steps over a batch. */
  record Problem(int batch, int steps, double[][] x, double[] h0, double[][] dt,
      double[][] wOut, double[] wH) {
    /** Sample b alone, as a batch of one. */
    Problem sample(int b, int s, int n, int m) {
      double[][] xs = new double[steps][];
      double[][] dts = new double[steps][];
      double[][] wo = new double[steps][];
      for (int t = 0; t < steps; t++) {
        xs[t] = Arrays.copyOfRange(x[t], b * s, (b + 1) * s);
        dts[t] = new double[] {dt[t][b]};
        wo[t] = Arrays.copyOfRange(wOut[t], b * m, (b + 1) * m);
      }
      return new Problem(1, steps, xs, Arrays.copyOfRange(h0, b * n, (b + 1) * n), dts, wo,
          Arrays.copyOfRange(wH, b * n, (b + 1) * n));
    }
  }

  static Setup setup(Case c) {
    SplittableRandom r = new SplittableRandom(c.seed() * 7919);
    int s = 1 + 2 * r.nextInt(4); // odd sizes: 1, 3, 5, 7
    int n = 3 + 2 * r.nextInt(6); // 3..13
    int u = 5 + 2 * r.nextInt(7); // 5..17
    int batch = 1 + 2 * r.nextInt(3); // 1, 3, 5
    double[] structure = null;
    if (c.masked()) {
      u = s + n; // the mask multiplies the heads' weights, (N, U) with a backbone: U = S+N
      structure = new double[(s + n) * n];
      for (int i = 0; i < structure.length; i++) {
        structure[i] = r.nextInt(3) == 0 ? 0 : (r.nextBoolean() ? 1 : -1);
      }
    }
    CfcCell f64 = new CfcCell(s, n, c.mode(), c.activation(), u, c.layers(), c.dropout(),
        structure, Precision.FLOAT64);
    CfcCell f32 = new CfcCell(s, n, c.mode(), c.activation(), u, c.layers(), c.dropout(),
        structure, Precision.FLOAT32);
    double[] p = parameters(f64, r);
    return new Setup(f64, f32, p, problem(r, s, n, n, batch, 5));
  }

  static double[] parameters(Cell cell, SplittableRandom r) {
    double[] p = new double[P_OFF + cell.layout().size() + 2];
    Arrays.fill(p, 1e6); // outside the cell: must not be read
    cell.initParameters(p, P_OFF, r);
    return p;
  }

  static Problem problem(SplittableRandom r, int s, int n, int m, int batch, int steps) {
    double[][] x = new double[steps][];
    double[][] dt = new double[steps][];
    double[][] wOut = new double[steps][];
    for (int t = 0; t < steps; t++) {
      x[t] = uniform(r, batch * s, -1, 1);
      dt[t] = uniform(r, batch, 0.05, 3.0); // irregular Δt, per sample and step
      wOut[t] = uniform(r, batch * m, -1, 1);
    }
    return new Problem(batch, steps, x, uniform(r, batch * n, -1, 1), dt, wOut,
        uniform(r, batch * n, -1, 1));
  }

  static double[] uniform(SplittableRandom r, int size, double lo, double hi) {
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      v[i] = lo + (hi - lo) * r.nextDouble();
    }
    return v;
  }

  /** What a run gives: outputs and states per step, dP (with the prior), dX per step, dL/dh0. */
  record Trace(double[][] out, double[][] h, double[] dP, double[][] dX, double[] dH0,
      Cell.Tape[] tapes) {}

  /** Reusable tapes and workspace, to check that reusing them changes nothing. */
  static final class Reuse {
    Cell.Tape[] tapes;
    Cell.Workspace workspace;
  }

  /**
   * Runs the problem forward and back through time.
   *
   * @param dropoutSeed seeds the training tapes' generator (one stream for all steps), or null
   *     for tapes without dropout
   * @param workspace whether to pass a workspace (else null)
   * @param reuse tapes and workspace of an earlier run to refill, or null
   */
  static Trace run(Cell cell, double[] p, Problem pr, Long dropoutSeed, boolean workspace,
      Reuse reuse) {
    int b = pr.batch();
    int s = cell.inputSize();
    int n = cell.stateSize();
    int m = cell.outputSize();
    SplittableRandom rng = dropoutSeed != null ? new SplittableRandom(dropoutSeed) : null;
    Cell.Workspace ws = null;
    if (workspace) {
      ws = reuse != null && reuse.workspace != null
          ? cell.newWorkspace(p, P_OFF, b, reuse.workspace) : cell.newWorkspace(p, P_OFF, b);
    }
    Cell.Tape[] tapes = new Cell.Tape[pr.steps()];
    double[][] out = new double[pr.steps()][];
    double[][] h = new double[pr.steps()][];
    double[] prev = pr.h0();
    for (int t = 0; t < pr.steps(); t++) {
      Cell.Tape old = reuse != null && reuse.tapes != null ? reuse.tapes[t] : null;
      tapes[t] = rng != null ? cell.newTape(b, rng, old)
          : old != null ? cell.newTape(b, null, old) : cell.newTape(b);
      h[t] = new double[b * n];
      out[t] = new double[b * m];
      cell.forward(p, P_OFF, pr.x()[t], prev, pr.dt()[t], b, h[t], out[t], tapes[t], ws);
      prev = h[t];
    }
    double[] dP = new double[p.length];
    Arrays.fill(dP, PRIOR);
    double[][] dX = new double[pr.steps()][];
    double[] dHNext = pr.wH();
    for (int t = pr.steps() - 1; t >= 0; t--) {
      dX[t] = new double[b * s];
      double[] dH = new double[b * n];
      cell.backward(p, P_OFF, pr.x()[t], t > 0 ? h[t - 1] : pr.h0(), pr.dt()[t], b, tapes[t],
          dHNext, pr.wOut()[t], dP, dX[t], dH, ws);
      dHNext = dH;
    }
    if (reuse != null) {
      reuse.tapes = tapes;
      reuse.workspace = ws;
    }
    return new Trace(out, h, dP, dX, dHNext, tapes);
  }

  /** The float32 trace against the float64 one, within the tolerances of the class comment. */
  static void assertCloseToReference(String label, Cell cell, Trace ref, Trace f32) {
    for (int t = 0; t < ref.h().length; t++) {
      assertStatesClose(label + ": h at step " + t, ref.h()[t], f32.h()[t]);
      assertStatesClose(label + ": out at step " + t, ref.out()[t], f32.out()[t]);
      assertGradientClose(label + ": dX at step " + t, ref.dX()[t], f32.dX()[t]);
    }
    assertGradientClose(label + ": dh0", ref.dH0(), f32.dH0());
    for (ParameterLayout.Entry e : cell.layout().entries()) {
      int from = P_OFF + e.offset();
      double[] g64 = gradient(ref.dP(), from, e.size());
      double[] g32 = gradient(f32.dP(), from, e.size());
      if (!e.trainable()) {
        assertTrue(Arrays.stream(g32).allMatch(v -> v == 0), label + ": frozen " + e.name());
        continue;
      }
      assertGradientClose(label + ": d/d " + e.name(), g64, g32);
    }
    for (int i = 0; i < P_OFF; i++) {
      assertEquals(PRIOR, f32.dP()[i], 0.0, label + ": dP before the cell");
    }
    for (int i = P_OFF + cell.layout().size(); i < f32.dP().length; i++) {
      assertEquals(PRIOR, f32.dP()[i], 0.0, label + ": dP after the cell");
    }
  }

  static double[] gradient(double[] dP, int from, int size) {
    double[] g = new double[size];
    for (int i = 0; i < size; i++) {
      g[i] = dP[from + i] - PRIOR;
    }
    return g;
  }

  static void assertStatesClose(String label, double[] ref, double[] f32) {
    Tensors.assertClose(label, ref, f32, ATOL, RTOL);
    worstStateDiff = Math.max(worstStateDiff, Tensors.maxAbsDiff(ref, f32));
  }

  static void assertGradientClose(String label, double[] ref, double[] f32) {
    double scale = Arrays.stream(ref).map(Math::abs).max().orElse(0);
    Tensors.assertClose(label, ref, f32, GRAD_RTOL * scale, 0);
    if (scale > 0) {
      worstGradRatio = Math.max(worstGradRatio, Tensors.maxAbsDiff(ref, f32) / scale);
    }
  }

  /** Every value is a float: the results are float32 results, written as doubles. */
  static void assertFloatValued(String label, double[]... arrays) {
    for (double[] a : arrays) {
      for (int i = 0; i < a.length; i++) {
        if (a[i] != (float) a[i]) {
          fail(label + ": entry " + i + " = " + a[i] + " is not a float");
        }
      }
    }
  }

  static void assertSameBits(String label, Trace a, Trace b) {
    for (int t = 0; t < a.h().length; t++) {
      assertArrayEquals(a.h()[t], b.h()[t], 0.0, label + ": h at step " + t);
      assertArrayEquals(a.out()[t], b.out()[t], 0.0, label + ": out at step " + t);
      assertArrayEquals(a.dX()[t], b.dX()[t], 0.0, label + ": dX at step " + t);
    }
    assertArrayEquals(a.dH0(), b.dH0(), 0.0, label + ": dh0");
    assertArrayEquals(a.dP(), b.dP(), 0.0, label + ": dP");
  }

  static Long dropoutSeed(Case c) {
    return c.dropout() > 0 ? 1000 + c.seed() : null;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stepsAndGradientsMatchFloat64(Case c) {
    Setup su = setup(c);
    assertEquals(Precision.FLOAT32, su.f32().precision());
    Trace ref = run(su.f64(), su.p(), su.problem(), dropoutSeed(c), true, null);
    Trace f32 = run(su.f32(), su.p(), su.problem(), dropoutSeed(c), true, null);
    assertCloseToReference(c.toString(), su.f32(), ref, f32);
    for (int t = 0; t < f32.h().length; t++) {
      assertFloatValued(c + ": step " + t, f32.h()[t], f32.out()[t], f32.dX()[t]);
    }
    assertFloatValued(c + ": dh0", f32.dH0());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameCallTwiceGivesTheSameBits(Case c) {
    Setup su = setup(c);
    Trace first = run(su.f32(), su.p(), su.problem(), dropoutSeed(c), true, null);
    Trace fresh = run(su.f32(), su.p(), su.problem(), dropoutSeed(c), true, null);
    assertSameBits(c + ": again", first, fresh);
    Trace noWorkspace = run(su.f32(), su.p(), su.problem(), dropoutSeed(c), false, null);
    assertSameBits(c + ": without workspace", first, noWorkspace);
    Reuse reuse = new Reuse();
    run(su.f32(), su.p().clone(), su.problem(), dropoutSeed(c), true, reuse); // other array
    Trace reused = run(su.f32(), su.p(), su.problem(), dropoutSeed(c), true, reuse);
    assertSameBits(c + ": reused tapes and workspace", first, reused);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("casesWithoutDropout") // masks are drawn per batch, in batch order
  void sampleResultDoesNotDependOnItsBatch(Case c) {
    Setup su = setup(c);
    Problem pr = su.problem();
    int s = su.f32().inputSize();
    int n = su.f32().stateSize();
    Trace all = run(su.f32(), su.p(), pr, null, true, null);
    for (int b = 0; b < pr.batch(); b++) {
      Trace one = run(su.f32(), su.p(), pr.sample(b, s, n, n), null, true, null);
      for (int t = 0; t < pr.steps(); t++) {
        assertArrayEquals(Arrays.copyOfRange(all.h()[t], b * n, (b + 1) * n), one.h()[t], 0.0,
            c + ": sample " + b + " h at step " + t);
        assertArrayEquals(Arrays.copyOfRange(all.dX()[t], b * s, (b + 1) * s), one.dX()[t], 0.0,
            c + ": sample " + b + " dX at step " + t);
      }
      assertArrayEquals(Arrays.copyOfRange(all.dH0(), b * n, (b + 1) * n), one.dH0(), 0.0,
          c + ": sample " + b + " dh0");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maskedCases")
  void maskedWeightsGetNoGradient(Case c) {
    Setup su = setup(c);
    Trace f32 = run(su.f32(), su.p(), su.problem(), dropoutSeed(c), true, null);
    CfcCell cell = su.f32();
    int s = cell.inputSize();
    int n = cell.stateSize();
    ParameterLayout layout = cell.layout();
    int maskOff = P_OFF + layout.offset("sparsity_mask");
    int in = s + n;
    int masked = 0;
    for (String head : c.mode() == CfcMode.PURE
        ? new String[] {"ff1.weight"} : new String[] {"ff1.weight", "ff2.weight"}) {
      int off = P_OFF + layout.offset(head);
      for (int i = 0; i < n * in; i++) {
        if (su.p()[maskOff + i] == 0) {
          assertEquals(PRIOR, f32.dP()[off + i], 0.0, c + ": " + head + " entry " + i);
          masked++;
        }
      }
    }
    assertTrue(masked > 0, c + ": the mask hides some weights");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dropoutCases")
  void dropoutMasksAreTheFloat64Draws(Case c) {
    Setup su = setup(c);
    CfcCell cell = su.f32();
    int batch = su.problem().batch();
    int units = cell.backboneUnits();
    SplittableRandom draws = new SplittableRandom(dropoutSeed(c));
    SplittableRandom rng = new SplittableRandom(dropoutSeed(c));
    float keep = (float) (1.0 / (1.0 - c.dropout()));
    Cell.Tape old = null;
    int dropped = 0;
    for (int step = 0; step < 3; step++) {
      CfcFloat32Kernel.Tape32 tape = (CfcFloat32Kernel.Tape32) cell.newTape(batch, rng, old);
      if (old != null) {
        assertSame(old, tape, "a tape of the same batch size is reused");
      }
      assertNull(tape.dropout[0], "no dropout after the first backbone layer");
      for (int l = 1; l < cell.backboneLayers(); l++) {
        for (int b = 0; b < batch; b++) {
          for (int u = 0; u < units; u++) {
            float expected = draws.nextDouble() < c.dropout() ? 0.0f : keep;
            assertEquals(expected, tape.dropout[l][b][u], 0.0f,
                c + ": step " + step + " mask[" + l + "][" + b + "][" + u + "]");
            dropped += expected == 0 ? 1 : 0;
          }
        }
      }
      old = tape;
    }
    assertTrue(dropped > 0, c + ": some units dropped");
    assertNull(((CfcFloat32Kernel.Tape32) cell.newTape(batch, null, old)).dropout,
        "no generator, no dropout");
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void floatActivationsMatchTheFloat64Ones(Activation a) {
    SplittableRandom r = new SplittableRandom(a.ordinal() + 77);
    int count = 4001;
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      // −10..10, and exactly 0 once (relu's derivative there is PyTorch's 0)
      v[i] = i == 0 ? 0.0f : (float) (20 * r.nextDouble() - 10);
    }
    float[] x = v.clone();
    float[] d = new float[count + 2];
    CfcFloat32Kernel.activate(a, v, 0, count, d, 2);
    float[] noDerivative = x.clone();
    CfcFloat32Kernel.activate(a, noDerivative, 0, count, null, 0);
    for (int i = 0; i < count; i++) {
      double act = a.apply(x[i]);
      double slope = a.derivative(x[i]);
      // float32 results of O(1) functions: a few ulp of float (6e-8) relative
      assertEquals(act, v[i], 5e-7 * (1 + Math.abs(act)), a + "(" + x[i] + ")");
      assertEquals(slope, d[2 + i], 5e-7 * (1 + Math.abs(slope)), a + "'(" + x[i] + ")");
      assertEquals(Float.floatToIntBits(v[i]), Float.floatToIntBits(noDerivative[i]),
          a + ": the value does not depend on whether the derivative is recorded");
    }
  }

  @Test
  void maskWithABackboneMustFitTheHeadsInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CfcCell(2, 3, CfcMode.DEFAULT, Activation.TANH, 4, 1, 0, new double[15],
            Precision.FLOAT32));
    assertTrue(e.getMessage().contains("backbone_units must be 5")
        && e.getMessage().contains("got 4"), e.getMessage());
    assertEquals(5, new CfcCell(2, 3, CfcMode.DEFAULT, Activation.TANH, 5, 1, 0, new double[15])
        .backboneUnits());
  }

  @Test
  void wrongTapeOrWorkspaceIsRejected() {
    CfcCell f64 = new CfcCell(2, 3, CfcMode.DEFAULT, Activation.TANH, 4, 1, 0, null);
    CfcCell f32 = new CfcCell(2, 3, CfcMode.DEFAULT, Activation.TANH, 4, 1, 0, null,
        Precision.FLOAT32);
    double[] p = parameters(f64, new SplittableRandom(3));
    double[] x = new double[2];
    double[] h = new double[3];
    double[] dt = {1.0};
    double[] hNext = new double[3];
    double[] out = new double[3];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f32.forward(p, P_OFF, x, h, dt, 1, hNext, out, f64.newTape(1), null));
    assertTrue(e.getMessage().contains("tape"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f32.forward(p, P_OFF, x, h, dt, 1, hNext, out, null,
            f64.newWorkspace(p, P_OFF, 1)));
    assertTrue(e.getMessage().contains("workspace"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f32.forward(p, P_OFF, x, h, dt, 1, hNext, out, f32.newTape(2), null));
    assertTrue(e.getMessage().contains("batches of 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f32.backward(p, P_OFF, x, h, dt, 1, null, hNext, out, new double[p.length],
            new double[2], new double[3]));
    assertTrue(e.getMessage().contains("tape"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // WiredCfcCell: its layers are CfcCells of the wired cell's precision.

  static Stream<Arguments> wirings() {
    List<Arguments> list = new ArrayList<>();
    for (CfcMode mode : CfcMode.values()) {
      list.add(Arguments.of(mode, "NCP 3-3-2", new Ncp(3, 3, 2, 2, 2, 2, 2, 23).build(3)));
      list.add(Arguments.of(mode, "NCP 5-4-3", new Ncp(5, 4, 3, 3, 2, 3, 2, 7).build(5)));
      list.add(Arguments.of(mode, "AutoNCP 19/3", new AutoNcp(19, 3).build(4)));
      list.add(Arguments.of(mode, "FullyConnected 7/2", new FullyConnected(7, 2, 1, true)
          .build(3)));
      list.add(Arguments.of(mode, "Random 9 sparse", new RandomWiring(9, 9, 0.5, 4).build(3)));
    }
    return list.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wirings")
  void wiredCellMatchesFloat64(CfcMode mode, String name, Wiring wiring) {
    WiredCfcCell f64 = new WiredCfcCell(wiring, mode);
    WiredCfcCell f32 = new WiredCfcCell(wiring, mode, Precision.FLOAT32);
    SplittableRandom r = new SplittableRandom(name.hashCode() * 31L + mode.ordinal());
    double[] p = parameters(f64, r);
    Problem pr = problem(r, f64.inputSize(), f64.stateSize(), f64.outputSize(), 3, 6);
    Trace ref = run(f64, p, pr, null, true, null);
    Trace t32 = run(f32, p, pr, null, true, null);
    assertCloseToReference(mode + " " + name, f32, ref, t32);
    for (int t = 0; t < t32.h().length; t++) {
      assertFloatValued(name + ": step " + t, t32.h()[t], t32.out()[t], t32.dX()[t]);
    }
    assertEquals(Precision.FLOAT32, f32.precision());
    assertEquals(Precision.FLOAT64, f64.precision());
    // The wired workspace (each layer's CfC workspace) changes no bit, in either precision,
    // fresh, absent, or reused after serving another parameter array.
    for (Trace expected : new Trace[] {ref, t32}) {
      WiredCfcCell cell = expected == ref ? f64 : f32;
      String label = mode + " " + name + " " + cell.precision();
      assertSameBits(label + ": without workspace", expected, run(cell, p, pr, null, false, null));
      Reuse reuse = new Reuse();
      run(cell, p.clone(), pr, null, true, reuse);
      assertSameBits(label + ": reused workspace", expected, run(cell, p, pr, null, true, reuse));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ncps golden cases (ncps computes in float32): the float32 cell within NcpsParityTest's bounds.

  static Stream<String> goldenCfcCases() {
    return GoldenCase.names().stream().filter(name -> {
      GoldenCase g = GoldenCase.load(name);
      Map<String, Object> config = g.ncpsConfig();
      return g.kind().equals("CfC") && !config.containsKey("proj_size")
          && !Boolean.TRUE.equals(config.get("mixed_memory"));
    });
  }

  @Test
  void goldenCasesCoverDefaultNoGatePureAndWired() {
    assertEquals(5, goldenCfcCases().count(), "golden CfC cases without projection or LSTM");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCfcCases")
  void float32CellMatchesNcpsGolden(String name) {
    GoldenCase g = GoldenCase.load(name);
    ModelConfig config = ModelConfig.fromMap(g.ncpsConfig(), name);
    SequenceModel fresh = SequenceModel.create(config, 0);
    double[] params = new double[fresh.layout().size()];
    for (ParameterLayout.Entry e : fresh.layout().entries()) {
      GoldenCase.Array a = g.params().get(e.name());
      assertNotNull(a, name + ": " + e.name());
      System.arraycopy(a.data(), 0, params, e.offset(), a.data().length);
    }
    SequenceModel model = SequenceModel.withParameters(config, params);
    Cell cell;
    if (model.cell() instanceof WiredCfcCell w) {
      cell = new WiredCfcCell(model.wiring(), w.mode(), Precision.FLOAT32);
    } else {
      CfcCell c = (CfcCell) model.cell();
      cell = new CfcCell(c.inputSize(), c.stateSize(), c.mode(), c.activation(),
          c.backboneUnits(), c.backboneLayers(), c.backboneDropout(), null, Precision.FLOAT32);
    }
    assertEquals(model.layout().size(), cell.layout().size(), name + ": only the cell");
    double[] p = new double[P_OFF + params.length];
    System.arraycopy(params, 0, p, P_OFF, params.length);

    GoldenCase.Array input = g.array("input");
    int batch = input.shape()[0];
    int length = input.shape()[1];
    int s = cell.inputSize();
    int n = cell.stateSize();
    int m = cell.outputSize();
    GoldenCase.Array ts = g.array("timespans");
    double[][] x = new double[length][batch * s];
    double[][] dt = new double[length][batch];
    double[][] wOut = new double[length][batch * m];
    double[] lossOut = g.array("loss_weights_output").data();
    boolean sequences = config.returnSequences();
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(input.data(), (b * length + t) * s, x[t], b * s, s);
        dt[t][b] = ts == null ? 1.0 : ts.data()[b * length + t];
        if (sequences) {
          System.arraycopy(lossOut, (b * length + t) * m, wOut[t], b * m, m);
        } else if (t == length - 1) {
          System.arraycopy(lossOut, b * m, wOut[t], b * m, m);
        }
      }
    }
    Problem pr = new Problem(batch, length, x, new double[batch * n], dt, wOut,
        g.array("loss_weights_h").data());
    Trace f32 = run(cell, p, pr, null, true, null);

    double[] expected = g.array("output").data();
    double[] outputs = new double[expected.length];
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        if (sequences) {
          System.arraycopy(f32.out()[t], b * m, outputs, (b * length + t) * m, m);
        } else if (t == length - 1) {
          System.arraycopy(f32.out()[t], b * m, outputs, b * m, m);
        }
      }
    }
    double atol = 1e-5; // NcpsParityTest's bounds: ncps in float32 vs liquid4j in float64
    double rtol = 1e-3;
    Tensors.assertClose(name + ": output", expected, outputs, atol, rtol);
    Tensors.assertClose(name + ": final h", g.array("final_h").data(), f32.h()[length - 1], atol,
        rtol);
    Map<String, GoldenCase.Array> grads = g.grads();
    for (ParameterLayout.Entry e : cell.layout().entries()) {
      GoldenCase.Array ref = grads.get("rnn_cell." + e.name());
      double[] ours = gradient(f32.dP(), P_OFF + e.offset(), e.size());
      if (ref == null) {
        assertTrue(!e.trainable(), name + ": ncps has no gradient for " + e.name());
        continue;
      }
      double scale = Arrays.stream(ref.data()).map(Math::abs).max().orElse(0);
      Tensors.assertClose(name + ": d/d " + e.name(), ref.data(), ours, 1e-4 * scale, 0);
    }
    double[] dInput = new double[batch * length * s];
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(f32.dX()[t], b * s, dInput, (b * length + t) * s, s);
      }
    }
    double[] refInput = g.array("grad_input").data();
    double scale = Arrays.stream(refInput).map(Math::abs).max().orElse(0);
    Tensors.assertClose(name + ": d/d input", refInput, dInput, 1e-4 * scale, 0);
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void precisionIsKeptByEveryLayerOfAWiredCell(Precision precision) {
    WiredCfcCell cell = new WiredCfcCell(new Ncp(3, 3, 2, 2, 2, 2, 2, 23).build(3),
        CfcMode.DEFAULT, precision);
    double[] p = parameters(cell, new SplittableRandom(9));
    Problem pr = problem(new SplittableRandom(10), 3, cell.stateSize(), cell.outputSize(), 2, 2);
    Trace t = run(cell, p, pr, null, true, null);
    boolean allFloat = Arrays.stream(t.h()).flatMapToDouble(Arrays::stream)
        .allMatch(v -> v == (float) v);
    assertEquals(precision == Precision.FLOAT32, allFloat,
        precision + ": states are float values exactly when computed in float32");
  }
}
