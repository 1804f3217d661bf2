package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.testing.GoldenCase;
import io.liquid4j.testing.Tensors;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.Ncp;
import io.liquid4j.wiring.RandomWiring;
import io.liquid4j.wiring.Wiring;
import io.liquid4j.wiring.WiringSpec;
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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The LTC in {@link Precision#FLOAT32} ({@link LtcDenseFloat32Kernel}) against the same cell in
 * float64, its verified reference, on seeded random models: wirings dense and sparse (fully
 * connected, random, NCP, AutoNCP; odd sizes, one above the 32 lanes of a vector tail), the fused,
 * Euler and RK4 solvers, all mappings, both positivity modes, several steps with irregular Δt per
 * sample, batches of 1 and more, and backpropagation through the steps.
 *
 * <p>Tolerances. States and outputs at every step: |x32 − x64| ≤ {@value #ATOL} + {@value
 * #RTOL}·|x64|. Gradients (each parameter tensor, the input of every step, the initial state):
 * |g32 − g64| ≤ {@value #GRAD_TOL}·max|g64| of the tensor. Float32's unit roundoff is 6e-8; a few
 * steps of K sub-steps of sums over tens of synapses, and the chain rule back through them, stay
 * well inside (the largest deviations seen are printed when the class ends).
 *
 * <p>Also: the same call twice, with a reused, a fresh or no workspace, gives the same bits; a
 * sample's results do not depend on the batch it is in; absent synapses are neither read nor given
 * a gradient; dopri5 is refused; and ncps's golden LTC cases (computed by PyTorch in float32) are
 * reproduced within the tolerances their float64 test uses.
 */
class LtcFloat32Test {
  static final double ATOL = 1e-5;
  static final double RTOL = 1e-4;
  static final double GRAD_TOL = 1e-4;
  static final int STEPS = 4;

  // The largest deviations seen, as fractions of their tolerances and raw, for the report.
  private static double worstState;
  private static double worstStateRatio;
  private static double worstGradRatio; // |g32 − g64| / max|g64| of the tensor
  private static String worstGradWhere = "";
  private static double worstGoldenStateRatio; // of 1e-5 + 1e-3·|x|
  private static double worstGoldenGradRatio; // |g32 − g_ncps| / max|g_ncps| of the tensor

  /** One checked configuration. */
  record Case(String name, WiringSpec wiring, int inputs, SolverKind solver, int unfolds,
      Mapping in, Mapping out, boolean implicit, int batch, long seed) {
    @Override
    public String toString() {
      return name + " " + solver + " K=" + unfolds + " B=" + batch + " " + in + "/" + out
          + (implicit ? "" : " clipped");
    }

    LtcCell cell(Precision precision) {
      return new LtcCell(wiring.build(inputs), in, out, unfolds, 1e-8, implicit, solver, 1e-7,
          1e-9, precision);
    }

    /**
     * The longest Δt drawn: explicit solvers are stable only for sub-steps of the order of the
     * fastest time constant, cm / Σ conductances (below 0.1 for 33 dense neurons in the clipped
     * mode), so they get sub-steps up to 0.07.
     */
    double maxDt() {
      return solver == SolverKind.FUSED ? 2.5 : 0.07 * unfolds;
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    Object[][] wirings = {
        {"FullyConnected(20)", new FullyConnected(20), 4},
        {"FullyConnected(33)", new FullyConnected(33), 5},
        {"FullyConnected(7, 2, no self)", new FullyConnected(7, 2, 7, false), 3},
        {"Random(17, sparsity 0.3)", new RandomWiring(17, 5, 0.3, 11), 5},
        {"Random(9, sparsity 0.8)", new RandomWiring(9, 3, 0.8, 12), 2},
        {"NCP(5, 4, 2)", new Ncp(5, 4, 2, 3, 2, 3, 2), 3},
        {"AutoNCP(16, 3)", new AutoNcp(16, 3), 3},
        {"AutoNCP(37, 4)", new AutoNcp(37, 4), 7},
    };
    long seed = 1700;
    for (Object[] w : wirings) {
      String name = (String) w[0];
      WiringSpec spec = (WiringSpec) w[1];
      int inputs = (int) w[2];
      for (SolverKind solver : new SolverKind[] {SolverKind.FUSED, SolverKind.EULER,
          SolverKind.RK4}) {
        int k = solver == SolverKind.FUSED ? 6 : solver == SolverKind.EULER ? 3 : 2;
        cases.add(new Case(name, spec, inputs, solver, k, Mapping.AFFINE, Mapping.AFFINE, true,
            3, seed++));
      }
      cases.add(new Case(name, spec, inputs, SolverKind.FUSED, 3, Mapping.LINEAR, Mapping.NONE,
          false, 1, seed++));
      cases.add(new Case(name, spec, inputs, SolverKind.RK4, 1, Mapping.NONE, Mapping.LINEAR,
          false, 2, seed++));
      cases.add(new Case(name, spec, inputs, SolverKind.EULER, 4, Mapping.AFFINE, Mapping.LINEAR,
          false, 2, seed++));
    }
    return cases.stream();
  }

  /** Random parameters in ncps's ranges, spread, at a non-zero offset; a sequence's inputs. */
  static final class Inputs {
    final int pOff = 5;
    final double[] p;
    final double[][] x; // [step][B·S]
    final double[][] dt; // [step][B]
    final double[] h0;
    final double[][] dOut; // [step][B·M]
    final double[] dHLast;
    final double[] dPrior;

    Inputs(LtcCell cell, int batch, long seed, double maxDt) {
      SplittableRandom r = new SplittableRandom(seed);
      int size = cell.layout().size();
      p = uniform(r, pOff + size + 3, -1, 1);
      cell.initParameters(p, pOff, r);
      for (ParameterLayout.Entry e : cell.layout().entries()) {
        if (!e.trainable()) {
          continue;
        }
        for (int i = 0; i < e.size(); i++) {
          p[pOff + e.offset() + i] += r.nextDouble(-0.3, 0.3);
        }
      }
      x = new double[STEPS][];
      if (!cell.implicitConstraints()) {
        // Clipped at zero, as the trainer does after each update in this mode.
        for (int o : new int[] {cell.oGleak, cell.oCm}) {
          clip(p, pOff + o, cell.stateSize());
        }
        clip(p, pOff + cell.oW, cell.stateSize() * cell.stateSize());
        clip(p, pOff + cell.oSensW, cell.inputSize() * cell.stateSize());
      }
      dt = new double[STEPS][];
      dOut = new double[STEPS][];
      for (int t = 0; t < STEPS; t++) {
        x[t] = uniform(r, batch * cell.inputSize(), -1.5, 1.5);
        dt[t] = uniform(r, batch, 0.02, maxDt);
        dOut[t] = uniform(r, batch * cell.outputSize(), -1, 1);
      }
      h0 = uniform(r, batch * cell.stateSize(), -1, 1);
      dHLast = uniform(r, batch * cell.stateSize(), -1, 1);
      dPrior = uniform(r, p.length, -0.5, 0.5);
    }
  }

  static void clip(double[] p, int from, int count) {
    for (int i = from; i < from + count; i++) {
      p[i] = Math.max(p[i], 0.0);
    }
  }

  static double[] uniform(SplittableRandom r, int count, double lo, double hi) {
    double[] a = new double[count];
    for (int i = 0; i < count; i++) {
      a[i] = r.nextDouble(lo, hi);
    }
    return a;
  }

  /** A sequence's results: states and outputs per step, dX per step, dP and dL/dh0. */
  record Run(double[][] h, double[][] out, double[][] dX, double[] dP, double[] dH0) {}

  /**
   * STEPS forward steps from in.h0 through tapes, then backpropagation through them in reverse;
   * ws may be null (each call then makes its own workspace).
   */
  static Run run(LtcCell cell, Inputs in, int batch, Cell.Workspace ws, Cell.Tape[] tapes) {
    int n = cell.stateSize();
    double[][] h = new double[STEPS + 1][];
    double[][] out = new double[STEPS][];
    h[0] = in.h0;
    for (int t = 0; t < STEPS; t++) {
      tapes[t] = cell.newTape(batch, null, tapes[t]);
      h[t + 1] = new double[batch * n];
      out[t] = new double[batch * cell.outputSize()];
      Arrays.fill(h[t + 1], Double.NaN);
      Arrays.fill(out[t], Double.NaN);
      cell.forward(in.p, in.pOff, in.x[t], h[t], in.dt[t], batch, h[t + 1], out[t], tapes[t],
          ws);
    }
    double[] dP = in.dPrior.clone();
    double[] dH = in.dHLast.clone();
    double[][] dX = new double[STEPS][];
    for (int t = STEPS - 1; t >= 0; t--) {
      dX[t] = new double[batch * cell.inputSize()];
      double[] dPrev = new double[batch * n];
      Arrays.fill(dX[t], Double.NaN);
      Arrays.fill(dPrev, Double.NaN);
      cell.backward(in.p, in.pOff, in.x[t], h[t], in.dt[t], batch, tapes[t], dH, in.dOut[t], dP,
          dX[t], dPrev, ws);
      dH = dPrev;
    }
    return new Run(Arrays.copyOfRange(h, 1, STEPS + 1), out, dX, dP, dH);
  }

  static Run run(LtcCell cell, Inputs in, int batch) {
    return run(cell, in, batch, cell.newWorkspace(in.p, in.pOff, batch), new Cell.Tape[STEPS]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void float32FollowsFloat64OverSeveralSteps(Case c) {
    LtcCell f64 = c.cell(Precision.FLOAT64);
    LtcCell f32 = c.cell(Precision.FLOAT32);
    assertSame(Precision.FLOAT32, f32.precision());
    assertEquals("dense_float32", f32.kernelName(), c + ": the float32 kernel for every wiring");
    Inputs in = new Inputs(f64, c.batch, c.seed, c.maxDt());
    Run ref = run(f64, in, c.batch);
    Run got = run(f32, in, c.batch);
    String k = c + ": ";
    // A stable regime, where comparing two precisions means something (an explicit solver past
    // its stability limit amplifies any rounding without bound).
    for (double[] h : ref.h) {
      for (double v : h) {
        assertTrue(Math.abs(v) <= 10, k + "float64 state " + v + " out of the stable range");
      }
    }
    for (int t = 0; t < STEPS; t++) {
      assertStateClose(k + "h after step " + t, ref.h[t], got.h[t]);
      assertStateClose(k + "out of step " + t, ref.out[t], got.out[t]);
      assertFloats(k + "h after step " + t, got.h[t]);
      assertFloats(k + "out of step " + t, got.out[t]);
    }
    for (ParameterLayout.Entry e : f32.layout().entries()) {
      int from = in.pOff + e.offset();
      if (!e.trainable()) {
        assertArrayEquals(Arrays.copyOfRange(in.dPrior, from, from + e.size()),
            Arrays.copyOfRange(got.dP, from, from + e.size()), 0.0,
            k + "frozen " + e.name() + " got a gradient");
        continue;
      }
      double[] refG = new double[e.size()];
      double[] gotG = new double[e.size()];
      for (int i = 0; i < e.size(); i++) {
        refG[i] = ref.dP[from + i] - in.dPrior[from + i];
        gotG[i] = got.dP[from + i] - in.dPrior[from + i];
      }
      assertGradientClose(k + "d/d " + e.name(), refG, gotG);
    }
    for (int i = 0; i < in.pOff; i++) {
      assertEquals(in.dPrior[i], got.dP[i], 0.0, k + "dP before the cell's parameters");
    }
    for (int i = in.pOff + f32.layout().size(); i < in.dPrior.length; i++) {
      assertEquals(in.dPrior[i], got.dP[i], 0.0, k + "dP after the cell's parameters");
    }
    for (int t = 0; t < STEPS; t++) {
      assertGradientClose(k + "dX of step " + t, ref.dX[t], got.dX[t]);
      assertFloats(k + "dX of step " + t, got.dX[t]);
    }
    assertGradientClose(k + "dh0", ref.dH0, got.dH0);
    assertFloats(k + "dh0", got.dH0);
  }

  /** |got − ref| ≤ ATOL + RTOL·|ref| elementwise, all finite. */
  static void assertStateClose(String what, double[] ref, double[] got) {
    Tensors.assertClose(what, ref, got, ATOL, RTOL);
    for (int i = 0; i < ref.length; i++) {
      double diff = Math.abs(got[i] - ref[i]);
      synchronized (LtcFloat32Test.class) {
        worstState = Math.max(worstState, diff);
        worstStateRatio = Math.max(worstStateRatio, diff / (ATOL + RTOL * Math.abs(ref[i])));
      }
    }
  }

  /** |got − ref| ≤ GRAD_TOL·max|ref| elementwise, all finite. */
  static void assertGradientClose(String what, double[] ref, double[] got) {
    double scale = 0;
    for (double g : ref) {
      scale = Math.max(scale, Math.abs(g));
    }
    assertTrue(scale > 0, what + ": the float64 gradient is not all zero");
    Tensors.assertClose(what, ref, got, GRAD_TOL * scale, 0);
    double worst = 0;
    for (int i = 0; i < ref.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - ref[i]) / scale);
    }
    synchronized (LtcFloat32Test.class) {
      if (worst > worstGradRatio) {
        worstGradRatio = worst;
        worstGradWhere = what;
      }
    }
  }

  /** Every value is a float (the cell writes its float results, exactly). */
  static void assertFloats(String what, double[] values) {
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], (double) (float) values[i], 0.0, what + "[" + i + "] is no float");
    }
  }

  @AfterAll
  static void report() {
    System.out.printf("LtcFloat32Test: largest state/output deviation %.3g (%.3f of its tolerance);"
        + " largest gradient deviation %.3g of the tensor's max |g| (%s); against ncps's golden"
        + " cases %.3f of the state tolerance and %.3g of max |g|%n", worstState,
        worstStateRatio, worstGradRatio, worstGradWhere, worstGoldenStateRatio,
        worstGoldenGradRatio);
  }

  static Stream<Arguments> solvers() {
    return Stream.of(SolverKind.FUSED, SolverKind.EULER, SolverKind.RK4).map(Arguments::of);
  }

  static Case denseCase(SolverKind solver, int batch) {
    return new Case("FullyConnected(21)", new FullyConnected(21), 4, solver,
        solver == SolverKind.FUSED ? 6 : 2, Mapping.AFFINE, Mapping.AFFINE, true, batch, 5);
  }

  /**
   * The same call twice gives the same bits: with tapes and a workspace reused across two
   * parameter sets (a workspace rebound to new parameters forgets the old), with a fresh
   * workspace, and with none.
   */
  @ParameterizedTest
  @MethodSource("solvers")
  void theSameCallGivesTheSameBits(SolverKind solver) {
    Case c = denseCase(solver, 3);
    LtcCell cell = c.cell(Precision.FLOAT32);
    Cell.Workspace ws = null;
    Cell.Tape[] tapes = new Cell.Tape[STEPS];
    for (int round = 0; round < 2; round++) {
      Inputs in = new Inputs(cell, c.batch, 40 + round, c.maxDt());
      ws = cell.newWorkspace(in.p, in.pOff, c.batch, ws);
      Run first = run(cell, in, c.batch, ws, tapes);
      Run again = run(cell, in, c.batch, ws, tapes);
      Run fresh = run(cell, in, c.batch);
      Run none = run(cell, in, c.batch, null, new Cell.Tape[STEPS]);
      for (Run other : new Run[] {again, fresh, none}) {
        assertBitwiseEqual(solver + " round " + round, first, other);
      }
    }
  }

  static void assertBitwiseEqual(String what, Run a, Run b) {
    for (int t = 0; t < STEPS; t++) {
      assertArrayEquals(a.h[t], b.h[t], 0.0, what + ": h after step " + t);
      assertArrayEquals(a.out[t], b.out[t], 0.0, what + ": out of step " + t);
      assertArrayEquals(a.dX[t], b.dX[t], 0.0, what + ": dX of step " + t);
    }
    assertArrayEquals(a.dP, b.dP, 0.0, what + ": dP");
    assertArrayEquals(a.dH0, b.dH0, 0.0, what + ": dh0");
  }

  /**
   * A sample's states, outputs and input and state gradients are those it has alone, whatever the
   * batch around it (dP is the batch's sum, so it is not compared); a forward pass without a tape
   * (inference) gives the taped pass's bits.
   */
  @ParameterizedTest
  @MethodSource("solvers")
  void aSampleDoesNotDependOnItsBatch(SolverKind solver) {
    int batch = 4;
    Case c = denseCase(solver, batch);
    LtcCell cell = c.cell(Precision.FLOAT32);
    Inputs in = new Inputs(cell, batch, 9, c.maxDt());
    Run all = run(cell, in, batch);
    int s = cell.inputSize();
    int n = cell.stateSize();
    int m = cell.outputSize();
    for (int b = 0; b < batch; b++) {
      Inputs one = new Inputs(cell, 1, 9, c.maxDt());
      for (int t = 0; t < STEPS; t++) {
        one.x[t] = Arrays.copyOfRange(in.x[t], b * s, (b + 1) * s);
        one.dt[t] = new double[] {in.dt[t][b]};
        one.dOut[t] = Arrays.copyOfRange(in.dOut[t], b * m, (b + 1) * m);
      }
      System.arraycopy(in.h0, b * n, one.h0, 0, n);
      System.arraycopy(in.dHLast, b * n, one.dHLast, 0, n);
      Run alone = run(cell, one, 1);
      String what = solver + " sample " + b;
      for (int t = 0; t < STEPS; t++) {
        assertArrayEquals(Arrays.copyOfRange(all.h[t], b * n, (b + 1) * n), alone.h[t], 0.0,
            what + ": h after step " + t);
        assertArrayEquals(Arrays.copyOfRange(all.out[t], b * m, (b + 1) * m), alone.out[t], 0.0,
            what + ": out of step " + t);
        assertArrayEquals(Arrays.copyOfRange(all.dX[t], b * s, (b + 1) * s), alone.dX[t], 0.0,
            what + ": dX of step " + t);
      }
      assertArrayEquals(Arrays.copyOfRange(all.dH0, b * n, (b + 1) * n), alone.dH0, 0.0,
          what + ": dh0");
    }
    double[] hNext = new double[batch * n];
    double[] out = new double[batch * m];
    cell.forward(in.p, in.pOff, in.x[0], in.h0, in.dt[0], batch, hNext, out, null,
        cell.newWorkspace(in.p, in.pOff, batch));
    assertArrayEquals(all.h[0], hNext, 0.0, solver + ": inference's h");
    assertArrayEquals(all.out[0], out, 0.0, solver + ": inference's out");
  }

  /**
   * Parameters of synapses absent from the wiring (masked) contribute exactly 0 and get no
   * gradient: with NaN there, the results are those of ordinary values to the bit, and dP there
   * keeps its prior.
   */
  @ParameterizedTest
  @MethodSource("solvers")
  void absentSynapsesAreNeitherReadNorWritten(SolverKind solver) {
    Case c = new Case("Random(18)", new RandomWiring(18, 3, 0.4, 21), 4, solver, 3,
        Mapping.AFFINE, Mapping.AFFINE, true, 3, 31);
    LtcCell cell = c.cell(Precision.FLOAT32);
    Inputs in = new Inputs(cell, c.batch, c.seed, c.maxDt());
    Run plain = run(cell, in, c.batch);
    Wiring wiring = cell.wiring();
    int n = cell.stateSize();
    List<Integer> absent = new ArrayList<>();
    for (int i = 0; i < n * n; i++) {
      if (wiring.synapse(i / n, i % n) == 0) {
        for (int o : new int[] {cell.oSigma, cell.oMu, cell.oW, cell.oErev}) {
          absent.add(in.pOff + o + i);
        }
      }
    }
    for (int i = 0; i < cell.inputSize() * n; i++) {
      if (wiring.sensorySynapse(i / n, i % n) == 0) {
        for (int o : new int[] {cell.oSensSigma, cell.oSensMu, cell.oSensW, cell.oSensErev}) {
          absent.add(in.pOff + o + i);
        }
      }
    }
    assertTrue(absent.size() > 0, "the wiring has absent synapses");
    for (int i : absent) {
      in.p[i] = Double.NaN;
    }
    Run poisoned = run(cell, in, c.batch);
    assertBitwiseEqual(solver + " with NaN in absent synapses", plain, poisoned);
    for (int i : absent) {
      assertEquals(in.dPrior[i], poisoned.dP[i], 0.0, "absent synapse's gradient at " + i);
    }
  }

  /** float32 with the adaptive solver is refused when the cell is made, naming both. */
  @Test
  void dopri5IsRefusedInFloat32() {
    Wiring wiring = new FullyConnected(6).build(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LtcCell(wiring, Mapping.AFFINE, Mapping.AFFINE, 6, 1e-8, true,
            SolverKind.DOPRI5, 1e-6, 1e-8, Precision.FLOAT32));
    assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("dopri5"),
        e.getMessage());
    LtcCell f64 = new LtcCell(wiring, Mapping.AFFINE, Mapping.AFFINE, 6, 1e-8, true,
        SolverKind.DOPRI5, 1e-6, 1e-8, Precision.FLOAT64);
    assertEquals(Precision.FLOAT64, f64.precision());
  }

  /** The float32 kernel for every wiring, the float64 kernels untouched by it. */
  @Test
  void theKernelFollowsThePrecision() {
    for (WiringSpec spec : new WiringSpec[] {new FullyConnected(64), new AutoNcp(32, 4),
        new FullyConnected(8), new RandomWiring(40, 4, 0.3, 1)}) {
      Wiring wiring = spec.build(3);
      LtcCell f32 = new LtcCell(wiring, Mapping.AFFINE, Mapping.AFFINE, 6, 1e-8, true,
          SolverKind.FUSED, 1e-6, 1e-8, Precision.FLOAT32);
      LtcCell f64 = new LtcCell(wiring, Mapping.AFFINE, Mapping.AFFINE, 6, 1e-8, true,
          SolverKind.FUSED, 1e-6, 1e-8, Precision.FLOAT64);
      assertEquals(LtcKernel.Kind.DENSE_FLOAT32, f32.kernelKind());
      assertEquals(LtcCell.kernelFor(wiring), f64.kernelKind());
    }
    Wiring wiring = new FullyConnected(6).build(2);
    assertThrows(IllegalArgumentException.class, () -> new LtcCell(wiring, Mapping.AFFINE,
        Mapping.AFFINE, 6, 1e-8, true, SolverKind.FUSED, 1e-6, 1e-8, LtcKernel.Kind.DENSE,
        Precision.FLOAT32));
    assertThrows(IllegalArgumentException.class, () -> new LtcCell(wiring, Mapping.AFFINE,
        Mapping.AFFINE, 6, 1e-8, true, SolverKind.FUSED, 1e-6, 1e-8,
        LtcKernel.Kind.DENSE_FLOAT32, Precision.FLOAT64));
  }

  static Stream<String> goldenCases() {
    return GoldenCase.names().stream()
        .filter(name -> name.startsWith("ltc_") && !name.contains("mixed_memory"));
  }

  /**
   * ncps's golden LTC cases (PyTorch, float32) through the float32 cell made by the public
   * constructor: outputs and final states within 1e-5 + 1e-3·|x|, gradients by backpropagation
   * through the sequence within 1e-4·max|g| per tensor, the tolerances of the float64 cell's test.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void reproducesNcpsGoldenCases(String name) {
    GoldenCase g = GoldenCase.load(name);
    ModelConfig config = ModelConfig.fromMap(g.ncpsConfig(), name);
    Wiring wiring = config.effectiveWiring().build(config.inputSize());
    LtcCell cell = new LtcCell(wiring, config.inputMapping(), config.outputMapping(),
        config.odeUnfolds(), config.epsilon(), config.implicitParamConstraints(),
        config.solver(), config.rtol(), config.atol(), Precision.FLOAT32);
    assertEquals("dense_float32", cell.kernelName());
    double[] p = new double[cell.layout().size()];
    Map<String, GoldenCase.Array> params = g.params();
    for (ParameterLayout.Entry e : cell.layout().entries()) {
      GoldenCase.Array a = params.get("rnn_cell." + e.name());
      assertArrayEquals(e.shape(), a.shape(), name + ": shape of " + e.name());
      System.arraycopy(a.data(), 0, p, e.offset(), e.size());
    }
    GoldenCase.Array input = g.array("input");
    int batch = input.shape()[0];
    int length = input.shape()[1];
    int s = cell.inputSize();
    int n = cell.stateSize();
    int m = cell.outputSize();
    GoldenCase.Array timespans = g.array("timespans");
    double[][] xs = new double[length][batch * s];
    double[][] dts = new double[length][batch];
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(input.data(), (b * length + t) * s, xs[t], b * s, s);
        dts[t][b] = timespans == null ? 1.0 : timespans.data()[b * length + t];
      }
    }
    Cell.Workspace ws = cell.newWorkspace(p, 0, batch);
    Cell.Tape[] tapes = new Cell.Tape[length];
    double[][] hs = new double[length + 1][];
    hs[0] = new double[batch * n];
    double[] outputs = new double[batch * length * m];
    for (int t = 0; t < length; t++) {
      tapes[t] = cell.newTape(batch);
      hs[t + 1] = new double[batch * n];
      double[] out = new double[batch * m];
      cell.forward(p, 0, xs[t], hs[t], dts[t], batch, hs[t + 1], out, tapes[t], ws);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(out, b * m, outputs, (b * length + t) * m, m);
      }
    }
    Tensors.assertClose(name + ": output", g.array("output").data(), outputs, 1e-5, 1e-3);
    Tensors.assertClose(name + ": final h", g.array("final_h").data(), hs[length], 1e-5, 1e-3);
    noteGolden(g.array("output").data(), outputs, g.array("final_h").data(), hs[length]);

    // loss = Σ output·w_out + Σ final_h·w_h
    double[] wOut = g.array("loss_weights_output").data();
    double[] dP = new double[p.length];
    double[] dH = g.array("loss_weights_h").data().clone();
    double[] dInput = new double[input.data().length];
    for (int t = length - 1; t >= 0; t--) {
      double[] dOut = new double[batch * m];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(wOut, (b * length + t) * m, dOut, b * m, m);
      }
      double[] dX = new double[batch * s];
      double[] dPrev = new double[batch * n];
      cell.backward(p, 0, xs[t], hs[t], dts[t], batch, tapes[t], dH, dOut, dP, dX, dPrev, ws);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(dX, b * s, dInput, (b * length + t) * s, s);
      }
      dH = dPrev;
    }
    Map<String, GoldenCase.Array> grads = g.grads();
    for (ParameterLayout.Entry e : cell.layout().entries()) {
      double[] ours = Arrays.copyOfRange(dP, e.offset(), e.offset() + e.size());
      GoldenCase.Array ref = grads.get("rnn_cell." + e.name());
      if (!e.trainable()) {
        assertArrayEquals(new double[e.size()], ours, 0.0, name + ": frozen " + e.name());
        continue;
      }
      double scale = Arrays.stream(ref.data()).map(Math::abs).max().orElse(0);
      Tensors.assertClose(name + ": d/d " + e.name(), ref.data(), ours, 1e-4 * scale, 0);
      noteGoldenGradient(ref.data(), ours, scale);
    }
    double[] refInput = g.array("grad_input").data();
    double scale = Arrays.stream(refInput).map(Math::abs).max().orElse(0);
    Tensors.assertClose(name + ": d/d input", refInput, dInput, 1e-4 * scale, 0);
    noteGoldenGradient(refInput, dInput, scale);
  }

  private static synchronized void noteGolden(double[]... refAndGot) {
    for (int a = 0; a < refAndGot.length; a += 2) {
      for (int i = 0; i < refAndGot[a].length; i++) {
        double ref = refAndGot[a][i];
        double diff = Math.abs(refAndGot[a + 1][i] - ref);
        double tolerance = 1e-5 + 1e-3 * Math.abs(ref);
        worstGoldenStateRatio = Math.max(worstGoldenStateRatio, diff / tolerance);
      }
    }
  }

  private static synchronized void noteGoldenGradient(double[] ref, double[] got, double scale) {
    for (int i = 0; i < ref.length; i++) {
      worstGoldenGradRatio = Math.max(worstGoldenGradRatio, Math.abs(got[i] - ref[i]) / scale);
    }
  }
}
