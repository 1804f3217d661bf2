package io.liquid4j.cell;

import static io.liquid4j.cell.LstmKernelTest.P_OFF;
import static io.liquid4j.cell.LstmKernelTest.filled;
import static io.liquid4j.cell.LstmKernelTest.parameters;
import static io.liquid4j.cell.LstmKernelTest.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 LSTM ({@link LstmCell} and {@link LstmSequenceCell} made with {@link
 * Precision#FLOAT32}) on seeded random shapes and values:
 *
 * <ul>
 *   <li>the batched float kernel against the one-sample float reference ({@link
 *       LstmCell#forwardReference32}, {@link LstmCell#backwardReference32}): the same bits under
 *       core's scalar element kernel, since both add the same float terms in the same order;
 *   <li>against the float64 kernel over several steps of a sequence (each precision following its
 *       own trajectory, and backpropagating through it): h and c within {@link #ABS} + {@link
 *       #REL}·|float64| at every step, and every gradient (parameters, inputs of every step,
 *       initial h and c) within {@link #GRAD_REL} of the largest float64 gradient of its kind;
 *   <li>the same bits when a call is repeated or its workspace reused, a sample's result
 *       independent of its batch, no allocation per step, and workspaces and tapes of one
 *       precision refused by the other.
 * </ul>
 */
class LstmFloat32Test {
  /** Per-value bound against float64: |float32 − float64| ≤ ABS + REL·|float64|. */
  static final double ABS = 1e-5;

  static final double REL = 1e-4;

  /** Gradient bound against float64: |float32 − float64| ≤ GRAD_REL·max|float64| per array. */
  static final double GRAD_REL = 1e-4;

  /** Relative bound float kernel vs float reference under a non-scalar element kernel. */
  static final double KERNEL_REL = 1e-5;

  /** Hand-picked edge shapes, then seeded random ones: (S, N, B). */
  static Stream<Arguments> shapes() {
    Stream<Arguments> fixed = Stream.of(
        Arguments.of(1, 1, 1), Arguments.of(3, 5, 1), Arguments.of(1, 7, 4),
        Arguments.of(17, 13, 7), Arguments.of(2, 1, 9), Arguments.of(5, 3, 8),
        Arguments.of(17, 32, 13), Arguments.of(33, 19, 5));
    SplittableRandom r = new SplittableRandom(23);
    Stream<Arguments> random = Stream.generate(
        () -> Arguments.of(1 + r.nextInt(20), 1 + r.nextInt(24), 1 + r.nextInt(11))).limit(10);
    return Stream.concat(fixed, random.toList().stream());
  }

  /** Same bits under core's scalar element kernel; within {@link #KERNEL_REL} otherwise. */
  static void assertKernelMatches(String label, double[] expected, double[] actual) {
    if (Kernels.elements() == ElementKernel.scalar()) {
      assertArrayEquals(expected, actual, 0.0, label);
    } else {
      double scale = maxAbs(expected);
      for (int i = 0; i < expected.length; i++) {
        double bound = KERNEL_REL * (1 + scale);
        if (!(Math.abs(expected[i] - actual[i]) <= bound)) {
          fail(label + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
        }
      }
    }
  }

  /** |actual − expected| ≤ ABS + REL·|expected| for every value. */
  static void assertFloat32Close(String label, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, label + ": length");
    for (int i = 0; i < expected.length; i++) {
      double bound = ABS + REL * Math.abs(expected[i]);
      if (!(Math.abs(expected[i] - actual[i]) <= bound)) {
        fail(label + "[" + i + "]: float64 " + expected[i] + ", float32 " + actual[i]
            + ", bound " + bound);
      }
    }
  }

  /** |actual − expected| ≤ GRAD_REL·max|expected| for every value. */
  static void assertGradientClose(String label, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, label + ": length");
    double bound = GRAD_REL * maxAbs(expected);
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= bound)) {
        fail(label + "[" + i + "]: float64 " + expected[i] + ", float32 " + actual[i]
            + ", bound " + bound + " (" + GRAD_REL + " of the largest)");
      }
    }
  }

  /** Every value is a float: what a float32 step writes into its double arrays. */
  static void assertFloats(String label, double[] values, int from, int to) {
    for (int i = from; i < to; i++) {
      if ((double) (float) values[i] != values[i]) {
        fail(label + "[" + i + "] = " + values[i] + " is not a float32 value");
      }
    }
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  @Test
  void thePrecisionIsKeptAndFloat64IsTheDefault() {
    assertEquals(Precision.FLOAT64, new LstmCell(2, 3).precision());
    assertEquals(Precision.FLOAT32, new LstmCell(2, 3, Precision.FLOAT32).precision());
    assertEquals(Precision.FLOAT64, new LstmSequenceCell(2, 3).precision());
    assertEquals(Precision.FLOAT32, new LstmSequenceCell(2, 3, Precision.FLOAT32).precision());
    assertThrows(NullPointerException.class, () -> new LstmSequenceCell(2, 3, null));
    assertThrows(IllegalArgumentException.class,
        () -> new LstmSequenceCell(0, 3, Precision.FLOAT32));
    assertThrows(IllegalArgumentException.class,
        () -> new LstmCell(3, 0, Precision.FLOAT32));
  }

  @ParameterizedTest(name = "S {0}, N {1}, B {2}")
  @MethodSource("shapes")
  void batchedFloatKernelEqualsTheFloatReference(int s, int n, int batch) {
    SplittableRandom r = new SplittableRandom(1000L * s + 31L * n + batch + 7);
    LstmCell cell = new LstmCell(s, n, Precision.FLOAT32);
    double[] p = parameters(cell, r);
    double[] x = uniform(r, batch * s, -2, 2);
    double[] h = uniform(r, batch * n, -1, 1);
    double[] c = uniform(r, batch * n, -3, 3);

    double[] hRef = new double[batch * n];
    double[] cRef = new double[batch * n];
    float[] gates = new float[batch * 4 * n];
    float[] tanhC = new float[batch * n];
    cell.forwardReference32(p, P_OFF, x, h, c, batch, hRef, cRef, gates, tanhC);

    Cell.Workspace ws = cell.newWorkspace(p, P_OFF, batch, null);
    Cell.Tape tape = cell.newTape(batch, null);
    double[] hNext = new double[batch * n];
    double[] cNext = new double[batch * n];
    cell.forward(p, P_OFF, x, h, c, batch, hNext, cNext, tape, ws);
    assertKernelMatches("h'", hRef, hNext);
    assertKernelMatches("c'", cRef, cNext);
    assertFloats("h'", hNext, 0, hNext.length);
    assertFloats("c'", cNext, 0, cNext.length);

    double[] hStep = new double[batch * n];
    double[] cStep = new double[batch * n];
    cell.step(p, P_OFF, x, h, c, batch, hStep, cStep);
    assertArrayEquals(hNext, hStep, 0.0, "step's h' differs from forward's");
    assertArrayEquals(cNext, cStep, 0.0, "step's c' differs from forward's");

    double[] dHNext = uniform(r, batch * n, -1, 1);
    double[] dCNext = uniform(r, batch * n, -1, 1);
    double[] dPRef = uniform(r, p.length, -1, 1); // backward adds to what is there
    double[] dP = dPRef.clone();
    double[] dXRef = new double[batch * s];
    double[] dHRef = new double[batch * n];
    double[] dCRef = new double[batch * n];
    cell.backwardReference32(p, P_OFF, x, h, c, batch, gates, tanhC, dHNext, dCNext, dPRef, dXRef,
        dHRef, dCRef);
    double[] dX = filled(batch * s, Double.NaN); // overwritten, whatever they held
    double[] dH = filled(batch * n, Double.NaN);
    double[] dC = filled(batch * n, Double.NaN);
    cell.backward(p, P_OFF, x, h, c, batch, tape, dHNext, dCNext, dP, dX, dH, dC, ws);
    assertKernelMatches("dP", dPRef, dP);
    assertKernelMatches("dX", dXRef, dX);
    assertKernelMatches("dH", dHRef, dH);
    assertKernelMatches("dC", dCRef, dC);
    assertFloats("dX", dX, 0, dX.length);
    assertFloats("dH", dH, 0, dH.length);
    assertFloats("dC", dC, 0, dC.length);
  }

  /** What a sequence of T steps gives: states after each step and the gradients of BPTT. */
  record Run(double[][] h, double[][] c, double[] dP, double[][] dX, double[] dH0, double[] dC0) {}

  /**
   * T steps from (h0, c0), then backpropagation from dL/dh_t at every step and dL/dc_T at the
   * last: a training pass of the mixed-memory LSTM, with one workspace and a tape per step.
   */
  static Run sequence(LstmCell cell, double[] p, double[][] xs, double[] h0, double[] c0,
      int batch, double[][] dHs, double[] dCLast) {
    int steps = xs.length;
    int s = cell.inputSize();
    int n = cell.hiddenSize();
    double[][] h = new double[steps + 1][];
    double[][] c = new double[steps + 1][];
    h[0] = h0;
    c[0] = c0;
    Cell.Workspace ws = cell.newWorkspace(p, P_OFF, batch, null);
    Cell.Tape[] tapes = new Cell.Tape[steps];
    for (int t = 0; t < steps; t++) {
      tapes[t] = cell.newTape(batch, null);
      h[t + 1] = new double[batch * n];
      c[t + 1] = new double[batch * n];
      cell.forward(p, P_OFF, xs[t], h[t], c[t], batch, h[t + 1], c[t + 1], tapes[t], ws);
    }
    double[] dP = new double[p.length];
    double[][] dX = new double[steps][batch * s];
    double[] dh = new double[batch * n];
    double[] dc = dCLast.clone();
    double[] dhPrev = new double[batch * n];
    double[] dcPrev = new double[batch * n];
    for (int t = steps - 1; t >= 0; t--) {
      for (int i = 0; i < dh.length; i++) {
        dh[i] += dHs[t][i];
      }
      cell.backward(p, P_OFF, xs[t], h[t], c[t], batch, tapes[t], dh, dc, dP, dX[t], dhPrev,
          dcPrev, ws);
      System.arraycopy(dhPrev, 0, dh, 0, dh.length);
      System.arraycopy(dcPrev, 0, dc, 0, dc.length);
    }
    return new Run(Arrays.copyOfRange(h, 1, steps + 1), Arrays.copyOfRange(c, 1, steps + 1), dP,
        dX, dh, dc);
  }

  @ParameterizedTest(name = "S {0}, N {1}, B {2}")
  @MethodSource("shapes")
  void aSequenceInFloat32FollowsFloat64(int s, int n, int batch) {
    SplittableRandom r = new SplittableRandom(77L * s + 5L * n + batch);
    int steps = 7;
    LstmCell f64 = new LstmCell(s, n);
    LstmCell f32 = new LstmCell(s, n, Precision.FLOAT32);
    double[] p = parameters(f64, r);
    double[][] xs = new double[steps][];
    double[][] dHs = new double[steps][];
    for (int t = 0; t < steps; t++) {
      xs[t] = uniform(r, batch * s, -1.5, 1.5);
      dHs[t] = uniform(r, batch * n, -1, 1);
    }
    double[] h0 = uniform(r, batch * n, -1, 1);
    double[] c0 = uniform(r, batch * n, -2, 2);
    double[] dCLast = uniform(r, batch * n, -1, 1);
    Run ref = sequence(f64, p, xs, h0, c0, batch, dHs, dCLast);
    Run run = sequence(f32, p, xs, h0, c0, batch, dHs, dCLast);
    for (int t = 0; t < steps; t++) {
      assertFloat32Close("h at step " + t, ref.h()[t], run.h()[t]);
      assertFloat32Close("c at step " + t, ref.c()[t], run.c()[t]);
      assertFloats("h at step " + t, run.h()[t], 0, run.h()[t].length);
      assertGradientClose("dL/dx at step " + t, ref.dX()[t], run.dX()[t]);
    }
    assertGradientClose("dL/dW_in", slice(ref.dP(), f64.oInW, s * 4 * n),
        slice(run.dP(), f64.oInW, s * 4 * n));
    assertGradientClose("dL/db_in", slice(ref.dP(), f64.oInB, 4 * n),
        slice(run.dP(), f64.oInB, 4 * n));
    assertGradientClose("dL/dW_rec", slice(ref.dP(), f64.oRecW, n * 4 * n),
        slice(run.dP(), f64.oRecW, n * 4 * n));
    assertGradientClose("dL/dh0", ref.dH0(), run.dH0());
    assertGradientClose("dL/dc0", ref.dC0(), run.dC0());
    // Nothing outside the LSTM's parameters is touched.
    assertArrayEquals(new double[P_OFF], Arrays.copyOf(run.dP(), P_OFF), 0.0);
    assertArrayEquals(new double[3], Arrays.copyOfRange(run.dP(), p.length - 3, p.length), 0.0);

    // The same sequence again, with new workspaces and tapes: the same bits.
    Run again = sequence(f32, p, xs, h0, c0, batch, dHs, dCLast);
    for (int t = 0; t < steps; t++) {
      assertArrayEquals(run.h()[t], again.h()[t], 0.0, "h repeated, step " + t);
      assertArrayEquals(run.c()[t], again.c()[t], 0.0, "c repeated, step " + t);
      assertArrayEquals(run.dX()[t], again.dX()[t], 0.0, "dX repeated, step " + t);
    }
    assertArrayEquals(run.dP(), again.dP(), 0.0, "dP repeated");
    assertArrayEquals(run.dH0(), again.dH0(), 0.0, "dh0 repeated");
    assertArrayEquals(run.dC0(), again.dC0(), 0.0, "dc0 repeated");
  }

  static double[] slice(double[] a, int off, int len) {
    return Arrays.copyOfRange(a, P_OFF + off, P_OFF + off + len);
  }

  /**
   * One workspace carried across batch sizes (growing and shrinking) and rebound to other
   * parameters gives the bits of a fresh one: the weights are rounded again at each binding.
   */
  @Test
  void reusedWorkspaceAndTapesGiveTheResultsOfFreshOnes() {
    SplittableRandom r = new SplittableRandom(5);
    LstmCell cell = new LstmCell(4, 6, Precision.FLOAT32);
    Cell.Workspace ws = null;
    Cell.Tape tape = null;
    for (int batch : new int[] {3, 9, 1, 9, 4}) {
      double[] p = parameters(cell, r);
      double[] x = uniform(r, batch * 4, -1, 1);
      double[] h = uniform(r, batch * 6, -1, 1);
      double[] c = uniform(r, batch * 6, -1, 1);
      Cell.Workspace before = ws;
      ws = cell.newWorkspace(p, P_OFF, batch, ws);
      if (before != null) {
        assertSame(before, ws, "the workspace was not reused");
      }
      tape = cell.newTape(batch, tape);
      assertSame(tape, cell.newTape(batch, tape), "a tape of the same batch size was not reused");
      double[] hNext = new double[batch * 6];
      double[] cNext = new double[batch * 6];
      cell.forward(p, P_OFF, x, h, c, batch, hNext, cNext, tape, ws);
      double[] dHNext = uniform(r, batch * 6, -1, 1);
      double[] dCNext = uniform(r, batch * 6, -1, 1);
      double[] dP = new double[p.length];
      double[] dX = new double[batch * 4];
      double[] dH = new double[batch * 6];
      double[] dC = new double[batch * 6];
      cell.backward(p, P_OFF, x, h, c, batch, tape, dHNext, dCNext, dP, dX, dH, dC, ws);

      Cell.Tape freshTape = cell.newTape(batch, null);
      double[] hFresh = new double[batch * 6];
      double[] cFresh = new double[batch * 6];
      cell.forward(p, P_OFF, x, h, c, batch, hFresh, cFresh, freshTape, null);
      double[] dPFresh = new double[p.length];
      double[] dXFresh = new double[batch * 4];
      double[] dHFresh = new double[batch * 6];
      double[] dCFresh = new double[batch * 6];
      cell.backward(p, P_OFF, x, h, c, batch, freshTape, dHNext, dCNext, dPFresh, dXFresh,
          dHFresh, dCFresh, null);
      String at = "batch " + batch + ": ";
      assertArrayEquals(hFresh, hNext, 0.0, at + "h'");
      assertArrayEquals(cFresh, cNext, 0.0, at + "c'");
      assertArrayEquals(dPFresh, dP, 0.0, at + "dP");
      assertArrayEquals(dXFresh, dX, 0.0, at + "dX");
      assertArrayEquals(dHFresh, dH, 0.0, at + "dH");
      assertArrayEquals(dCFresh, dC, 0.0, at + "dC");
    }
  }

  /** A sample's h', c', dL/dx, dL/dh and dL/dc do not depend on the batch it is computed in. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aSampleGivesTheSameBitsAloneAndInABatch(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int s = 1 + r.nextInt(19);
    int n = 1 + r.nextInt(23);
    int batch = 2 + r.nextInt(9);
    LstmCell cell = new LstmCell(s, n, Precision.FLOAT32);
    double[] p = parameters(cell, r);
    double[] x = uniform(r, batch * s, -1, 1);
    double[] h = uniform(r, batch * n, -1, 1);
    double[] c = uniform(r, batch * n, -1, 1);
    double[] dHNext = uniform(r, batch * n, -1, 1);
    double[] dCNext = uniform(r, batch * n, -1, 1);
    double[] hNext = new double[batch * n];
    double[] cNext = new double[batch * n];
    Cell.Tape tape = cell.newTape(batch, null);
    cell.forward(p, P_OFF, x, h, c, batch, hNext, cNext, tape, null);
    double[] dX = new double[batch * s];
    double[] dH = new double[batch * n];
    double[] dC = new double[batch * n];
    cell.backward(p, P_OFF, x, h, c, batch, tape, dHNext, dCNext, new double[p.length], dX, dH,
        dC, null);
    Cell.Workspace ws1 = cell.newWorkspace(p, P_OFF, 1, null);
    Cell.Tape tape1 = cell.newTape(1, null);
    for (int b = 0; b < batch; b++) {
      double[] h1 = new double[n];
      double[] c1 = new double[n];
      double[] xb = Arrays.copyOfRange(x, b * s, (b + 1) * s);
      double[] hb = Arrays.copyOfRange(h, b * n, (b + 1) * n);
      double[] cb = Arrays.copyOfRange(c, b * n, (b + 1) * n);
      cell.forward(p, P_OFF, xb, hb, cb, 1, h1, c1, tape1, ws1);
      double[] dX1 = new double[s];
      double[] dH1 = new double[n];
      double[] dC1 = new double[n];
      cell.backward(p, P_OFF, xb, hb, cb, 1, tape1, Arrays.copyOfRange(dHNext, b * n, b * n + n),
          Arrays.copyOfRange(dCNext, b * n, b * n + n), new double[p.length], dX1, dH1, dC1, ws1);
      assertArrayEquals(Arrays.copyOfRange(hNext, b * n, (b + 1) * n), h1, 0.0, "h' of " + b);
      assertArrayEquals(Arrays.copyOfRange(cNext, b * n, (b + 1) * n), c1, 0.0, "c' of " + b);
      assertArrayEquals(Arrays.copyOfRange(dX, b * s, (b + 1) * s), dX1, 0.0, "dX of " + b);
      assertArrayEquals(Arrays.copyOfRange(dH, b * n, (b + 1) * n), dH1, 0.0, "dH of " + b);
      assertArrayEquals(Arrays.copyOfRange(dC, b * n, (b + 1) * n), dC1, 0.0, "dC of " + b);
    }
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void workspacesAndTapesOfTheOtherPrecisionAreRefused() {
    LstmCell f32 = new LstmCell(2, 3, Precision.FLOAT32);
    LstmCell f64 = new LstmCell(2, 3);
    LstmCell other32 = new LstmCell(2, 3, Precision.FLOAT32);
    double[] p = new double[f32.layout().size()];
    f32.initParameters(p, 0, new SplittableRandom(1));
    double[] q = p.clone();
    double[] x = new double[4];
    double[] h = new double[6];
    double[] out = new double[6];
    Cell.Workspace ws = f32.newWorkspace(p, 0, 2, null);
    Cell.Workspace ws64 = f64.newWorkspace(p, 0, 2, null);
    assertNotSame(ws64, f32.newWorkspace(p, 0, 2, ws64), "a float64 workspace was reused");
    assertNotSame(ws, f64.newWorkspace(p, 0, 2, ws), "a float32 workspace was reused");
    Cell.Tape tape64 = f64.newTape(2, null);
    assertNotSame(tape64, f32.newTape(2, tape64), "a float64 tape was reused");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f32.forward(p, 0, x, h, h, 2, out, out.clone(), null, ws64));
    assertTrue(e.getMessage().contains("workspace"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f64.forward(p, 0, x, h, h, 2, out, out.clone(), null, ws));
    assertTrue(e.getMessage().contains("workspace"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f32.forward(p, 0, x, h, h, 2, out, out.clone(), tape64, ws));
    assertTrue(e.getMessage().contains("tape"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f32.forward(p, 0, x, h, h, 2, out, out.clone(), other32.newTape(2, null), ws));
    assertTrue(e.getMessage().contains("tape"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f32.forward(q, 0, x, h, h, 2, out, out.clone(), null, ws));
    assertTrue(e.getMessage().contains("another parameter array"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f32.forward(p, 0, x, h, h, 2, out, out.clone(), f32.newTape(3, null), ws));
    assertTrue(e.getMessage().contains("batches of 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> f32.backward(p, 0, x, h, h, 2, null, h, h, p.clone(), x.clone(), h.clone(),
            h.clone(), ws));
    assertTrue(e.getMessage().contains("tape"), e.getMessage());
  }

  /**
   * With a workspace and a tape made beforehand, a float32 training step allocates nothing, as
   * the float64 one (under core's scalar kernels, see {@link LstmKernelTest}).
   */
  @Test
  void aStepWithWorkspaceAndTapeAllocatesNothing() {
    assumeTrue(Kernels.elements() == ElementKernel.scalar(), "scalar element kernel only");
    assumeTrue(Kernels.matmul() == MatmulKernel.scalar(), "scalar matmul kernel only");
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "per-thread allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled(), "per-thread allocation counter");
    SplittableRandom r = new SplittableRandom(3);
    int s = 6;
    int n = 16;
    int batch = 8;
    LstmCell cell = new LstmCell(s, n, Precision.FLOAT32);
    double[] p = parameters(cell, r);
    double[] x = uniform(r, batch * s, -1, 1);
    double[] h = uniform(r, batch * n, -1, 1);
    double[] c = uniform(r, batch * n, -1, 1);
    double[] hNext = new double[batch * n];
    double[] cNext = new double[batch * n];
    double[] dP = new double[p.length];
    double[] dX = new double[batch * s];
    double[] dH = new double[batch * n];
    double[] dC = new double[batch * n];
    Cell.Workspace ws = cell.newWorkspace(p, P_OFF, batch, null);
    Cell.Tape tape = cell.newTape(batch, null);
    int steps = 50;
    cell.forward(p, P_OFF, x, h, c, batch, hNext, cNext, tape, ws);
    cell.backward(p, P_OFF, x, h, c, batch, tape, hNext, cNext, dP, dX, dH, dC, ws);
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < steps; i++) {
      cell.forward(p, P_OFF, x, h, c, batch, hNext, cNext, tape, ws);
      cell.backward(p, P_OFF, x, h, c, batch, tape, hNext, cNext, dP, dX, dH, dC, ws);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 1024, steps + " steps allocated " + allocated + " bytes");
  }

  /**
   * The plain LSTM model cell in float32: through the {@link Cell} interface it gives the bits of
   * the float32 LSTM on [h | c] split in halves, and over a sequence with irregular Δt (which it
   * ignores) it follows the float64 model cell within the float32 bounds.
   */
  @ParameterizedTest(name = "S {0}, N {1}, B {2}")
  @MethodSource("shapes")
  void sequenceCellInFloat32(int s, int n, int batch) {
    SplittableRandom r = new SplittableRandom(13L * s + 3L * n + batch);
    LstmSequenceCell cell = new LstmSequenceCell(s, n, Precision.FLOAT32);
    LstmSequenceCell cell64 = new LstmSequenceCell(s, n);
    LstmCell lstm = new LstmCell(s, n, Precision.FLOAT32);
    double[] p = new double[P_OFF + cell.layout().size()];
    cell.initParameters(p, P_OFF, r);
    for (int i = P_OFF; i < p.length; i++) {
      p[i] += r.nextDouble(-0.3, 0.3);
    }
    int steps = 5;
    double[][] xs = new double[steps][];
    double[][] dts = new double[steps][];
    double[][] dOuts = new double[steps][];
    for (int t = 0; t < steps; t++) {
      xs[t] = uniform(r, batch * s, -1, 1);
      dts[t] = uniform(r, batch, 0.05, 3);
      dOuts[t] = uniform(r, batch * n, -1, 1);
    }
    double[] state0 = uniform(r, batch * 2 * n, -1, 1);
    double[] dLast = uniform(r, batch * 2 * n, -1, 1);
    SequenceRun run = sequence(cell, p, xs, dts, state0, batch, dOuts, dLast);
    SequenceRun ref = sequence(cell64, p, xs, dts, state0, batch, dOuts, dLast);

    // Step 0 against the float32 LSTM on the split state, bit for bit.
    double[] h = new double[batch * n];
    double[] c = new double[batch * n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(state0, b * 2 * n, h, b * n, n);
      System.arraycopy(state0, b * 2 * n + n, c, b * n, n);
    }
    double[] hNext = new double[batch * n];
    double[] cNext = new double[batch * n];
    lstm.step(p, P_OFF, xs[0], h, c, batch, hNext, cNext);
    for (int b = 0; b < batch; b++) {
      assertArrayEquals(Arrays.copyOfRange(hNext, b * n, b * n + n),
          Arrays.copyOfRange(run.states()[0], b * 2 * n, b * 2 * n + n), 0.0, "h' of " + b);
      assertArrayEquals(Arrays.copyOfRange(cNext, b * n, b * n + n),
          Arrays.copyOfRange(run.states()[0], b * 2 * n + n, b * 2 * n + 2 * n), 0.0,
          "c' of " + b);
      assertArrayEquals(Arrays.copyOfRange(hNext, b * n, b * n + n),
          Arrays.copyOfRange(run.outs()[0], b * n, b * n + n), 0.0, "the output is h'");
    }

    for (int t = 0; t < steps; t++) {
      assertFloat32Close("[h | c] at step " + t, ref.states()[t], run.states()[t]);
      assertFloats("[h | c] at step " + t, run.states()[t], 0, run.states()[t].length);
      assertGradientClose("dL/dx at step " + t, ref.dX()[t], run.dX()[t]);
    }
    assertGradientClose("dL/dθ", ref.dP(), run.dP());
    assertGradientClose("dL/d[h0 | c0]", ref.dState0(), run.dState0());

    SequenceRun again = sequence(cell, p, xs, dts, state0, batch, dOuts, dLast);
    for (int t = 0; t < steps; t++) {
      assertArrayEquals(run.states()[t], again.states()[t], 0.0, "repeated, step " + t);
      assertArrayEquals(run.dX()[t], again.dX()[t], 0.0, "dX repeated, step " + t);
    }
    assertArrayEquals(run.dP(), again.dP(), 0.0, "dP repeated");
    assertArrayEquals(run.dState0(), again.dState0(), 0.0, "d[h0 | c0] repeated");
  }

  /** States, outputs and BPTT gradients of a {@link Cell} over a sequence. */
  record SequenceRun(double[][] states, double[][] outs, double[] dP, double[][] dX,
      double[] dState0) {}

  static SequenceRun sequence(Cell cell, double[] p, double[][] xs, double[][] dts,
      double[] state0, int batch, double[][] dOuts, double[] dLast) {
    int steps = xs.length;
    int s = cell.inputSize();
    int w = cell.stateSize();
    int o = cell.outputSize();
    double[][] states = new double[steps + 1][];
    double[][] outs = new double[steps][];
    states[0] = state0;
    Cell.Workspace ws = cell.newWorkspace(p, P_OFF, batch, null);
    Cell.Tape[] tapes = new Cell.Tape[steps];
    for (int t = 0; t < steps; t++) {
      tapes[t] = cell.newTape(batch, null, null);
      states[t + 1] = new double[batch * w];
      outs[t] = new double[batch * o];
      cell.forward(p, P_OFF, xs[t], states[t], dts[t], batch, states[t + 1], outs[t], tapes[t],
          ws);
    }
    double[] dP = new double[p.length];
    double[][] dX = new double[steps][batch * s];
    double[] d = dLast.clone();
    double[] dPrev = new double[batch * w];
    for (int t = steps - 1; t >= 0; t--) {
      cell.backward(p, P_OFF, xs[t], states[t], dts[t], batch, tapes[t], d, dOuts[t], dP, dX[t],
          dPrev, ws);
      System.arraycopy(dPrev, 0, d, 0, d.length);
    }
    return new SequenceRun(Arrays.copyOfRange(states, 1, steps + 1), outs, dP, dX, d);
  }
}
