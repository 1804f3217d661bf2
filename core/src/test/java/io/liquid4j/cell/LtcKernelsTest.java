package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.RandomWiring;
import io.liquid4j.wiring.Wiring;
import io.liquid4j.wiring.WiringSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The LTC's fast kernels against its plain reference ({@link LtcCell}'s sample-at-a-time
 * equations), on seeded random wirings (dense, sparse NCP, random, odd sizes), batches of 1 and
 * more, every solver and several sub-step counts, both positivity modes and all mappings: the next
 * state, the output, and every gradient (each parameter, the input, the previous state) within
 * 1e-12 of the reference relative to each tensor's largest value; and the sparse and dense kernels
 * equal to the last bit, so that the kernel a wiring's density picks never changes a result.
 */
class LtcKernelsTest {
  static final double TOLERANCE = 1e-12;

  /** One checked configuration. */
  record Case(String name, WiringSpec wiring, int inputs, SolverKind solver, int unfolds,
      Mapping in, Mapping out, boolean implicit, int batch, long seed) {
    @Override
    public String toString() {
      return name + " " + solver + " K=" + unfolds + " B=" + batch + " " + in + "/" + out
          + (implicit ? "" : " clipped");
    }

    LtcCell cell(LtcKernel.Kind kind) {
      return new LtcCell(wiring.build(inputs), in, out, unfolds, 1e-8, implicit, solver, 1e-7,
          1e-9, kind);
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    Object[][] wirings = {
        {"FullyConnected(20)", new FullyConnected(20), 4},
        {"FullyConnected(6, 2, no self)", new FullyConnected(6, 2, 7, false), 3},
        {"Random(17, sparsity 0.3)", new RandomWiring(17, 5, 0.3, 11), 5},
        {"Random(9, sparsity 0.8)", new RandomWiring(9, 3, 0.8, 12), 2},
        {"AutoNCP(16, 3)", new AutoNcp(16, 3), 3},
        {"AutoNCP(33, 4)", new AutoNcp(33, 4), 7},
    };
    long seed = 100;
    for (Object[] w : wirings) {
      for (SolverKind solver : SolverKind.values()) {
        int[] unfolds = solver == SolverKind.FUSED ? new int[] {1, 6} : new int[] {2};
        for (int k : unfolds) {
          for (int batch : new int[] {1, 5}) {
            cases.add(new Case((String) w[0], (WiringSpec) w[1], (int) w[2], solver, k,
                Mapping.AFFINE, Mapping.AFFINE, true, batch, seed++));
          }
        }
      }
      cases.add(new Case((String) w[0], (WiringSpec) w[1], (int) w[2], SolverKind.FUSED, 3,
          Mapping.LINEAR, Mapping.NONE, false, 4, seed++));
      cases.add(new Case((String) w[0], (WiringSpec) w[1], (int) w[2], SolverKind.RK4, 1,
          Mapping.NONE, Mapping.LINEAR, false, 3, seed++));
    }
    // A batch wider than the sparse kernel's backward blocks of 1024 (synapse, sample) elements,
    // so that each block holds one synapse; the cases above split theirs mid-list.
    cases.add(new Case("FullyConnected(6, 2, no self)", new FullyConnected(6, 2, 7, false), 3,
        SolverKind.FUSED, 2, Mapping.AFFINE, Mapping.AFFINE, true, 1030, seed++));
    return cases.stream();
  }

  /** One step's results and gradients. */
  record Step(double[] hNext, double[] out, double[] dP, double[] dX, double[] dH) {}

  /** Random parameters in ncps's ranges, a non-zero offset, random inputs, state and Δt. */
  static final class Inputs {
    final int pOff = 5;
    final double[] p;
    final double[] x;
    final double[] h;
    final double[] dt;
    final double[] dHNext;
    final double[] dOut;
    final double[] dPrior;

    Inputs(LtcCell cell, int batch, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      int size = cell.layout().size();
      p = uniform(r, pOff + size + 3, -1, 1);
      cell.initParameters(p, pOff, r);
      // Spread the initialised values so that no term is negligible: vleak, erev and the mappings
      // away from their initial constants, some conductances near zero for the clipped mode.
      for (ParameterLayout.Entry e : cell.layout().entries()) {
        if (!e.trainable()) {
          continue;
        }
        for (int i = 0; i < e.size(); i++) {
          p[pOff + e.offset() + i] += r.nextDouble(-0.3, 0.3);
        }
      }
      x = uniform(r, batch * cell.inputSize(), -1.5, 1.5);
      h = uniform(r, batch * cell.stateSize(), -1, 1);
      dt = uniform(r, batch, 0.2, 2.5);
      dHNext = uniform(r, batch * cell.stateSize(), -1, 1);
      dOut = uniform(r, batch * cell.outputSize(), -1, 1);
      dPrior = uniform(r, p.length, -0.5, 0.5);
    }
  }

  static double[] uniform(SplittableRandom r, int count, double lo, double hi) {
    double[] a = new double[count];
    for (int i = 0; i < count; i++) {
      a[i] = r.nextDouble(lo, hi);
    }
    return a;
  }

  /** A forward step with a tape and a backward step; gradients for dopri5 are not defined. */
  static Step run(LtcCell cell, Inputs in, int batch, boolean workspace) {
    int n = cell.stateSize();
    double[] hNext = new double[batch * n];
    double[] out = new double[batch * cell.outputSize()];
    boolean trainable = cell.solver() != SolverKind.DOPRI5;
    Cell.Workspace ws = workspace ? cell.newWorkspace(in.p, in.pOff, batch) : null;
    Cell.Tape tape = trainable ? cell.newTape(batch) : null;
    cell.forward(in.p, in.pOff, in.x, in.h, in.dt, batch, hNext, out, tape, ws);
    if (!trainable) {
      return new Step(hNext, out, null, null, null);
    }
    double[] dP = in.dPrior.clone();
    double[] dX = new double[batch * cell.inputSize()];
    double[] dH = new double[batch * n];
    Arrays.fill(dX, Double.NaN);
    Arrays.fill(dH, Double.NaN);
    cell.backward(in.p, in.pOff, in.x, in.h, in.dt, batch, tape, in.dHNext, in.dOut, dP, dX, dH,
        ws);
    return new Step(hNext, out, dP, dX, dH);
  }

  /** |actual − expected| ≤ 1e-12 · the largest |expected| of the tensor, element by element. */
  static void assertClose(String what, double[] expected, double[] actual, int from, int to) {
    double scale = 0;
    for (int i = from; i < to; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    double tol = TOLERANCE * Math.max(scale, Double.MIN_NORMAL);
    for (int i = from; i < to; i++) {
      assertTrue(Double.isFinite(actual[i]), what + "[" + (i - from) + "] = " + actual[i]);
      assertTrue(Math.abs(actual[i] - expected[i]) <= tol,
          what + "[" + (i - from) + "]: reference " + expected[i] + ", kernel " + actual[i]
              + " (tolerance " + tol + ")");
    }
  }

  static void assertMatchesReference(Case c, LtcCell cell, Inputs in, Step ref, Step fast) {
    String k = cell.kernelName() + " " + c + ": ";
    assertClose(k + "hNext", ref.hNext, fast.hNext, 0, ref.hNext.length);
    assertClose(k + "out", ref.out, fast.out, 0, ref.out.length);
    if (ref.dP == null) {
      return;
    }
    for (ParameterLayout.Entry e : cell.layout().entries()) {
      int from = in.pOff + e.offset();
      if (!e.trainable()) {
        assertArrayEquals(Arrays.copyOfRange(in.dPrior, from, from + e.size()),
            Arrays.copyOfRange(fast.dP, from, from + e.size()), 0.0,
            k + "frozen " + e.name() + " got a gradient");
        continue;
      }
      // Compare the gradient, not the prior it was added to.
      double[] refG = new double[e.size()];
      double[] fastG = new double[e.size()];
      for (int i = 0; i < e.size(); i++) {
        refG[i] = ref.dP[from + i] - in.dPrior[from + i];
        fastG[i] = fast.dP[from + i] - in.dPrior[from + i];
      }
      assertClose(k + "d/d " + e.name(), refG, fastG, 0, e.size());
    }
    int size = cell.layout().size();
    for (int i = 0; i < in.pOff; i++) {
      assertEquals(in.dPrior[i], fast.dP[i], 0.0, k + "dP before the cell's parameters");
    }
    for (int i = in.pOff + size; i < in.dPrior.length; i++) {
      assertEquals(in.dPrior[i], fast.dP[i], 0.0, k + "dP after the cell's parameters");
    }
    assertClose(k + "dX", ref.dX, fast.dX, 0, ref.dX.length);
    assertClose(k + "dH", ref.dH, fast.dH, 0, ref.dH.length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fastKernelsMatchTheReferenceAndEachOther(Case c) {
    LtcCell reference = c.cell(LtcKernel.Kind.REFERENCE);
    LtcCell sparse = c.cell(LtcKernel.Kind.SPARSE);
    LtcCell dense = c.cell(LtcKernel.Kind.DENSE);
    Inputs in = new Inputs(reference, c.batch, c.seed);
    Step ref = run(reference, in, c.batch, false);
    Step s = run(sparse, in, c.batch, true);
    Step d = run(dense, in, c.batch, true);
    assertMatchesReference(c, sparse, in, ref, s);
    assertMatchesReference(c, dense, in, ref, d);
    assertBitwiseEqual(c.toString(), s, d);
    // Without a workspace, each kernel makes its own: the same results.
    assertBitwiseEqual(c + " without workspace", d, run(dense, in, c.batch, false));
  }

  static void assertBitwiseEqual(String what, Step a, Step b) {
    assertArrayEquals(a.hNext, b.hNext, 0.0, what + ": hNext");
    assertArrayEquals(a.out, b.out, 0.0, what + ": out");
    if (a.dP != null) {
      assertArrayEquals(a.dP, b.dP, 0.0, what + ": dP");
      assertArrayEquals(a.dX, b.dX, 0.0, what + ": dX");
      assertArrayEquals(a.dH, b.dH, 0.0, what + ": dH");
    }
  }

  /**
   * Several steps through reused tapes and one workspace rebound to new parameters, backward in
   * reverse: what a training loop does. The dense kernel equals the sparse one bit for bit.
   */
  @Test
  void aSequenceThroughReusedTapesAndWorkspacesMatches() {
    Case c = new Case("Random(24)", new RandomWiring(24, 4, 0.2, 5), 3, SolverKind.FUSED, 6,
        Mapping.AFFINE, Mapping.AFFINE, true, 6, 77);
    LtcCell sparse = c.cell(LtcKernel.Kind.SPARSE);
    LtcCell dense = c.cell(LtcKernel.Kind.DENSE);
    Cell.Workspace wsSparse = null;
    Cell.Workspace wsDense = null;
    Cell.Tape[] tapesSparse = new Cell.Tape[3];
    Cell.Tape[] tapesDense = new Cell.Tape[3];
    for (int round = 0; round < 2; round++) {
      Inputs in = new Inputs(sparse, c.batch, 300 + round);
      wsSparse = sparse.newWorkspace(in.p, in.pOff, c.batch, wsSparse);
      wsDense = dense.newWorkspace(in.p, in.pOff, c.batch, wsDense);
      List<double[]> sparseResults = runSequence(sparse, in, c.batch, wsSparse, tapesSparse);
      List<double[]> denseResults = runSequence(dense, in, c.batch, wsDense, tapesDense);
      for (int i = 0; i < sparseResults.size(); i++) {
        assertArrayEquals(sparseResults.get(i), denseResults.get(i), 0.0, "round " + round
            + ", result " + i);
      }
    }
  }

  /** Three steps from in.h with inputs in.x shifted per step; returns states, outputs, dP, dH. */
  static List<double[]> runSequence(LtcCell cell, Inputs in, int batch, Cell.Workspace ws,
      Cell.Tape[] tapes) {
    int n = cell.stateSize();
    int steps = tapes.length;
    double[][] hs = new double[steps + 1][];
    double[][] xs = new double[steps][];
    hs[0] = in.h;
    List<double[]> results = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      tapes[s] = cell.newTape(batch, null, tapes[s]);
      xs[s] = in.x.clone();
      for (int i = 0; i < xs[s].length; i++) {
        xs[s][i] += 0.3 * s;
      }
      hs[s + 1] = new double[batch * n];
      double[] out = new double[batch * cell.outputSize()];
      cell.forward(in.p, in.pOff, xs[s], hs[s], in.dt, batch, hs[s + 1], out, tapes[s], ws);
      results.add(hs[s + 1]);
      results.add(out);
    }
    double[] dP = in.dPrior.clone();
    double[] dH = in.dHNext.clone();
    for (int s = steps - 1; s >= 0; s--) {
      double[] dX = new double[batch * cell.inputSize()];
      double[] dPrev = new double[batch * n];
      cell.backward(in.p, in.pOff, xs[s], hs[s], in.dt, batch, tapes[s], dH, in.dOut, dP, dX,
          dPrev, ws);
      results.add(dX);
      dH = dPrev;
    }
    results.add(dP);
    results.add(dH);
    return results;
  }

  /** Each sample's results are those it has alone: they do not depend on the batch around it. */
  @ParameterizedTest
  @MethodSource("kinds")
  void aSampleDoesNotDependOnItsBatch(LtcKernel.Kind kind) {
    Case c = new Case("FullyConnected(20)", new FullyConnected(20), 4, SolverKind.FUSED, 6,
        Mapping.AFFINE, Mapping.AFFINE, true, 4, 9);
    LtcCell cell = c.cell(kind);
    Inputs in = new Inputs(cell, c.batch, c.seed);
    Step all = run(cell, in, c.batch, true);
    int n = cell.stateSize();
    int m = cell.outputSize();
    for (int b = 0; b < c.batch; b++) {
      Inputs one = new Inputs(cell, 1, c.seed);
      System.arraycopy(in.x, b * 4, one.x, 0, 4);
      System.arraycopy(in.h, b * n, one.h, 0, n);
      one.dt[0] = in.dt[b];
      Step alone = run(cell, one, 1, true);
      assertArrayEquals(Arrays.copyOfRange(all.hNext, b * n, (b + 1) * n), alone.hNext, 0.0);
      assertArrayEquals(Arrays.copyOfRange(all.out, b * m, (b + 1) * m), alone.out, 0.0);
    }
  }

  static Stream<Arguments> kinds() {
    return Stream.of(Arguments.of(LtcKernel.Kind.SPARSE), Arguments.of(LtcKernel.Kind.DENSE));
  }

  /**
   * Parameters of synapses absent from the wiring are never read and never get a gradient: with
   * NaN there, every kernel's results are finite and those of ordinary values.
   */
  @ParameterizedTest
  @MethodSource("kinds")
  void absentSynapsesAreNeitherReadNorWritten(LtcKernel.Kind kind) {
    Case c = new Case("Random(18)", new RandomWiring(18, 3, 0.4, 21), 4, SolverKind.FUSED, 4,
        Mapping.AFFINE, Mapping.AFFINE, true, 3, 31);
    LtcCell cell = c.cell(kind);
    Inputs in = new Inputs(cell, c.batch, c.seed);
    Step plain = run(cell, in, c.batch, true);
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
    Step poisoned = run(cell, in, c.batch, true);
    assertBitwiseEqual(kind + " with NaN in absent synapses", plain, poisoned);
    for (int i : absent) {
      assertEquals(in.dPrior[i], poisoned.dP[i], 0.0, "absent synapse's gradient at " + i);
    }
  }

  /** The reference's own gradients against central finite differences of its forward pass. */
  @ParameterizedTest
  @MethodSource("finiteDifferenceCells")
  void referenceGradientsMatchFiniteDifferences(LtcCell cell) {
    CellGradients.check(cell, 41);
  }

  static Stream<Arguments> finiteDifferenceCells() {
    Wiring random = new RandomWiring(5, 2, 0.4, 3).build(2);
    Wiring ncp = new AutoNcp(7, 2).build(3);
    return Stream.of(
        Arguments.of(new LtcCell(random, Mapping.AFFINE, Mapping.AFFINE, 3, 1e-8, true,
            SolverKind.FUSED, 1e-6, 1e-8, LtcKernel.Kind.REFERENCE)),
        Arguments.of(new LtcCell(ncp, Mapping.AFFINE, Mapping.LINEAR, 2, 1e-8, false,
            SolverKind.EULER, 1e-6, 1e-8, LtcKernel.Kind.REFERENCE)),
        Arguments.of(new LtcCell(random, Mapping.LINEAR, Mapping.AFFINE, 2, 1e-8, true,
            SolverKind.RK4, 1e-6, 1e-8, LtcKernel.Kind.REFERENCE)),
        Arguments.of(new LtcCell(random, Mapping.AFFINE, Mapping.AFFINE, 3, 1e-8, true,
            SolverKind.FUSED, 1e-6, 1e-8, LtcKernel.Kind.DENSE)));
  }

  @Test
  void theKernelFollowsTheWiringsDensity() {
    assertEquals("dense", cellOf(new FullyConnected(64), 8).kernelName());
    assertEquals("dense", cellOf(new FullyConnected(32), 8).kernelName());
    assertEquals("dense", cellOf(new RandomWiring(40, 4, 0.2, 1), 3).kernelName());
    assertEquals("sparse", cellOf(new RandomWiring(40, 4, 0.3, 1), 3).kernelName());
    assertEquals("sparse", cellOf(new AutoNcp(32, 4), 8).kernelName());
    assertEquals("sparse", cellOf(new FullyConnected(16), 3).kernelName());
    assertEquals("sparse", cellOf(new FullyConnected(8), 3).kernelName());
  }

  static LtcCell cellOf(WiringSpec spec, int inputs) {
    return new LtcCell(spec.build(inputs), Mapping.AFFINE, Mapping.AFFINE, 6, 1e-8, true,
        SolverKind.FUSED, 1e-6, 1e-8);
  }

  @Test
  void tapesAndWorkspacesOfAnotherKernelAreNotReused() {
    Case c = new Case("FullyConnected(20)", new FullyConnected(20), 4, SolverKind.FUSED, 2,
        Mapping.AFFINE, Mapping.AFFINE, true, 2, 5);
    LtcCell dense = c.cell(LtcKernel.Kind.DENSE);
    LtcCell sparse = c.cell(LtcKernel.Kind.SPARSE);
    Inputs in = new Inputs(dense, 2, 1);
    Cell.Tape sparseTape = sparse.newTape(2);
    Cell.Workspace sparseWs = sparse.newWorkspace(in.p, in.pOff, 2);
    assertTrue(dense.newTape(2, null, sparseTape) != sparseTape);
    assertTrue(dense.newWorkspace(in.p, in.pOff, 2, sparseWs) != sparseWs);
    Cell.Tape denseTape = dense.newTape(2);
    assertTrue(dense.newTape(2, null, denseTape) == denseTape);
    assertTrue(dense.newTape(3, null, denseTape) != denseTape);
    Cell.Workspace ws = dense.newWorkspace(in.p, in.pOff, 2);
    double[] other = in.p.clone();
    assertThrows(IllegalArgumentException.class, () -> dense.forward(other, in.pOff, in.x, in.h,
        in.dt, 2, new double[40], new double[40], null, ws));
  }
}
