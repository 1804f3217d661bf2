package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liquid4j.testing.Tensors;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batched LSTM kernel ({@link LstmCell#forward}, {@link LstmCell#backward}) against the
 * one-sample reference ({@link LstmCell#forwardReference}, {@link LstmCell#backwardReference}) on
 * seeded random shapes and values: outputs, memories and every gradient. With core's scalar
 * element kernel they add the same terms in the same order and must agree bit for bit; with the
 * Vector API kernel (the vector module reruns these tests) the gates may differ by a few ulp, so
 * there they must agree to 1e-12 relative.
 */
class LstmKernelTest {
  static final double RTOL = 1e-12;
  static final int P_OFF = 5;

  /** Hand-picked edge shapes, then seeded random ones: (S, N, B). */
  static Stream<Arguments> shapes() {
    Stream<Arguments> fixed = Stream.of(
        Arguments.of(1, 1, 1), Arguments.of(3, 5, 1), Arguments.of(1, 7, 4),
        Arguments.of(17, 13, 7), Arguments.of(2, 1, 9), Arguments.of(5, 3, 8),
        Arguments.of(17, 32, 13));
    SplittableRandom r = new SplittableRandom(17);
    Stream<Arguments> random = Stream.generate(
        () -> Arguments.of(1 + r.nextInt(20), 1 + r.nextInt(24), 1 + r.nextInt(11))).limit(12);
    return Stream.concat(fixed, random.toList().stream());
  }

  /** Equal bit for bit under the scalar element kernel; to {@link #RTOL} under another. */
  static void assertMatches(String label, double[] expected, double[] actual) {
    if (Kernels.elements() == ElementKernel.scalar()) {
      assertArrayEquals(expected, actual, 0.0, label);
    } else {
      double scale = 0;
      for (double v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      Tensors.assertClose(label, expected, actual, RTOL * scale, RTOL);
    }
  }

  static double[] uniform(SplittableRandom r, int count, double lo, double hi) {
    return r.doubles(count, lo, hi).toArray();
  }

  /** Parameters at {@link #P_OFF}, with values around them that the kernels must not read. */
  static double[] parameters(LstmCell cell, SplittableRandom r) {
    double[] p = new double[P_OFF + cell.layout().size() + 3];
    Arrays.fill(p, 1e6);
    cell.initParameters(p, P_OFF, r);
    // ncps's init leaves the recurrent weight orthogonal and small; wider values reach the
    // saturated ends of the gates as well.
    for (int i = P_OFF; i < P_OFF + cell.layout().size(); i++) {
      p[i] += r.nextDouble(-0.5, 0.5);
    }
    return p;
  }

  @ParameterizedTest(name = "S {0}, N {1}, B {2}")
  @MethodSource("shapes")
  void batchedKernelEqualsTheReference(int s, int n, int batch) {
    SplittableRandom r = new SplittableRandom(1000L * s + 31L * n + batch);
    LstmCell cell = new LstmCell(s, n);
    double[] p = parameters(cell, r);
    double[] x = uniform(r, batch * s, -2, 2);
    double[] h = uniform(r, batch * n, -1, 1);
    double[] c = uniform(r, batch * n, -3, 3);

    double[] hRef = new double[batch * n];
    double[] cRef = new double[batch * n];
    double[] z = new double[batch * 4 * n];
    cell.forwardReference(p, P_OFF, x, h, c, batch, hRef, cRef, z);

    Cell.Workspace ws = cell.newWorkspace(p, P_OFF, batch, null);
    Cell.Tape tape = cell.newTape(batch, null);
    double[] hNext = new double[batch * n];
    double[] cNext = new double[batch * n];
    cell.forward(p, P_OFF, x, h, c, batch, hNext, cNext, tape, ws);
    assertMatches("h'", hRef, hNext);
    assertMatches("c'", cRef, cNext);

    // Inference (no tape, a workspace made for the call) computes the same bits.
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
    cell.backwardReference(p, P_OFF, x, h, c, batch, z, cRef, dHNext, dCNext, dPRef, dXRef, dHRef,
        dCRef);
    double[] dX = filled(batch * s, Double.NaN); // overwritten, whatever they held
    double[] dH = filled(batch * n, Double.NaN);
    double[] dC = filled(batch * n, Double.NaN);
    cell.backward(p, P_OFF, x, h, c, batch, tape, dHNext, dCNext, dP, dX, dH, dC, ws);
    assertMatches("dP", dPRef, dP);
    assertMatches("dX", dXRef, dX);
    assertMatches("dH", dHRef, dH);
    assertMatches("dC", dCRef, dC);
  }

  static double[] filled(int count, double value) {
    double[] a = new double[count];
    Arrays.fill(a, value);
    return a;
  }

  /**
   * One workspace carried across batch sizes (growing and shrinking) and rebound to other
   * parameters gives the results of a fresh one, and one tape per step serves the backward.
   */
  @Test
  void reusedWorkspaceAndTapesGiveTheResultsOfFreshOnes() {
    SplittableRandom r = new SplittableRandom(5);
    LstmCell cell = new LstmCell(4, 6);
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

  /** A sample's result does not depend on the batch it is computed in. */
  @Test
  void aSampleGivesTheSameBitsAloneAndInABatch() {
    SplittableRandom r = new SplittableRandom(9);
    int s = 5;
    int n = 11;
    int batch = 6;
    LstmCell cell = new LstmCell(s, n);
    double[] p = parameters(cell, r);
    double[] x = uniform(r, batch * s, -1, 1);
    double[] h = uniform(r, batch * n, -1, 1);
    double[] c = uniform(r, batch * n, -1, 1);
    double[] hNext = new double[batch * n];
    double[] cNext = new double[batch * n];
    cell.step(p, P_OFF, x, h, c, batch, hNext, cNext);
    for (int b = 0; b < batch; b++) {
      double[] h1 = new double[n];
      double[] c1 = new double[n];
      cell.step(p, P_OFF, Arrays.copyOfRange(x, b * s, (b + 1) * s),
          Arrays.copyOfRange(h, b * n, (b + 1) * n), Arrays.copyOfRange(c, b * n, (b + 1) * n), 1,
          h1, c1);
      assertArrayEquals(Arrays.copyOfRange(hNext, b * n, (b + 1) * n), h1, 0.0, "h' of " + b);
      assertArrayEquals(Arrays.copyOfRange(cNext, b * n, (b + 1) * n), c1, 0.0, "c' of " + b);
    }
  }

  @Test
  void misusedTapesAndWorkspacesAreRefused() {
    LstmCell cell = new LstmCell(2, 3);
    LstmCell other = new LstmCell(2, 3);
    double[] p = new double[cell.layout().size()];
    cell.initParameters(p, 0, new SplittableRandom(1));
    double[] q = p.clone();
    double[] x = new double[4];
    double[] h = new double[6];
    double[] out = new double[6];
    Cell.Workspace ws = cell.newWorkspace(p, 0, 2, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cell.forward(q, 0, x, h, h, 2, out, out.clone(), null, ws));
    assertTrue(e.getMessage().contains("another parameter array"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> cell.forward(p, 0, x, h, h, 2, out, out.clone(), cell.newTape(3, null), ws));
    assertTrue(e.getMessage().contains("batches of 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> cell.forward(p, 0, x, h, h, 2, out, out.clone(), other.newTape(2, null), ws));
    assertTrue(e.getMessage().contains("tape"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> cell.forward(p, 0, x, h, h, 2, out, out.clone(), null,
            other.newWorkspace(p, 0, 2, null)));
    assertTrue(e.getMessage().contains("workspace"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> cell.backward(p, 0, x, h, h, 2, null, h, h, p.clone(), x.clone(), h.clone(),
            h.clone(), ws));
    assertTrue(e.getMessage().contains("tape"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LstmCell(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new LstmCell(3, 0));
  }

  /**
   * With a workspace and a tape made beforehand, a training step (forward and backward) allocates
   * nothing: the per-sample arrays of the former kernel were most of its run time. Measured with
   * the JVM's per-thread allocation counter, under core's scalar element kernel (the Vector API
   * allocates vector boxes until C2 has compiled it).
   */
  @Test
  void aStepWithWorkspaceAndTapeAllocatesNothing() {
    assumeTrue(Kernels.elements() == ElementKernel.scalar(), "scalar element kernel only");
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
    LstmCell cell = new LstmCell(s, n);
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
    // The former kernel allocated two (4N) arrays per forward call and one per backward call
    // (over 1.5 KB per step here); what remains allowed is the counter's own noise.
    assertTrue(allocated < 1024, steps + " steps allocated " + allocated + " bytes");
  }

  /** The plain LSTM model cell, through the {@link Cell} interface, against finite differences. */
  @Test
  void sequenceCellMatchesFiniteDifferences() {
    CellGradients.check(new LstmSequenceCell(3, 4), 11);
  }

  /** The plain LSTM model cell splits [h | c] and runs the batched kernel: the reference again. */
  @ParameterizedTest(name = "S {0}, N {1}, B {2}")
  @MethodSource("shapes")
  void sequenceCellEqualsTheReference(int s, int n, int batch) {
    SplittableRandom r = new SplittableRandom(77L * s + 5L * n + batch);
    LstmSequenceCell cell = new LstmSequenceCell(s, n);
    LstmCell lstm = new LstmCell(s, n);
    double[] p = new double[P_OFF + cell.layout().size()];
    cell.initParameters(p, P_OFF, r);
    double[] x = uniform(r, batch * s, -1, 1);
    double[] state = uniform(r, batch * 2 * n, -1, 1);
    double[] dt = filled(batch, 1.0);
    double[] h = new double[batch * n];
    double[] c = new double[batch * n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(state, b * 2 * n, h, b * n, n);
      System.arraycopy(state, b * 2 * n + n, c, b * n, n);
    }
    double[] hRef = new double[batch * n];
    double[] cRef = new double[batch * n];
    double[] z = new double[batch * 4 * n];
    lstm.forwardReference(p, P_OFF, x, h, c, batch, hRef, cRef, z);

    Cell.Workspace ws = cell.newWorkspace(p, P_OFF, batch);
    Cell.Tape tape = cell.newTape(batch, null, null);
    double[] next = new double[batch * 2 * n];
    double[] out = new double[batch * n];
    cell.forward(p, P_OFF, x, state, dt, batch, next, out, tape, ws);
    double[] hNext = new double[batch * n];
    double[] cNext = new double[batch * n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(next, b * 2 * n, hNext, b * n, n);
      System.arraycopy(next, b * 2 * n + n, cNext, b * n, n);
    }
    assertMatches("h'", hRef, hNext);
    assertMatches("c'", cRef, cNext);
    assertArrayEquals(hNext, out, 0.0, "the output is h'");

    double[] dNext = uniform(r, batch * 2 * n, -1, 1);
    double[] dOut = uniform(r, batch * n, -1, 1);
    double[] dHNext = new double[batch * n];
    double[] dCNext = new double[batch * n];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < n; j++) {
        dHNext[b * n + j] = dNext[b * 2 * n + j] + dOut[b * n + j];
        dCNext[b * n + j] = dNext[b * 2 * n + n + j];
      }
    }
    double[] dPRef = new double[p.length];
    double[] dXRef = new double[batch * s];
    double[] dHRef = new double[batch * n];
    double[] dCRef = new double[batch * n];
    lstm.backwardReference(p, P_OFF, x, h, c, batch, z, cRef, dHNext, dCNext, dPRef, dXRef, dHRef,
        dCRef);
    double[] dP = new double[p.length];
    double[] dX = new double[batch * s];
    double[] dState = new double[batch * 2 * n];
    cell.backward(p, P_OFF, x, state, dt, batch, tape, dNext, dOut, dP, dX, dState, ws);
    double[] dStateRef = new double[batch * 2 * n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(dHRef, b * n, dStateRef, b * 2 * n, n);
      System.arraycopy(dCRef, b * n, dStateRef, b * 2 * n + n, n);
    }
    assertMatches("dP", dPRef, dP);
    assertMatches("dX", dXRef, dX);
    assertMatches("d[h | c]", dStateRef, dState);
  }
}
