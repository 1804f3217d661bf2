package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One cell step's backward against central finite differences of its forward, for every
 * parameter, input and state entry. The loss is L = Σ hNext·wH + Σ out·wO with fixed random
 * weights, so dHNext = wH and dOut = wO. Also checks the {@link Cell#backward} contract: dP is
 * added to (and only inside the cell's parameters, never for frozen ones), dX and dH are
 * overwritten, and recording a tape leaves the forward results bit-for-bit unchanged.
 */
final class CellGradients {
  static final int BATCH = 2;
  static final double EPS = 1e-6;
  static final double PRIOR = 0.25; // what dP holds before backward, to check that it is added to
  static final int P_OFF = 3; // parameters start at a non-zero offset, with values on both sides

  private CellGradients() {}

  /** Result of one checked backward, for extra assertions by the caller. */
  record Result(double[] p, double[] dP) {
    /** dL/dθ at layout offset i (without the prior). */
    double grad(int i) {
      return dP[P_OFF + i] - PRIOR;
    }
  }

  static Result check(Cell cell, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int size = cell.layout().size();
    double[] p = new double[P_OFF + size + 2];
    Arrays.fill(p, 1e6); // outside the cell: must not be read
    cell.initParameters(p, P_OFF, r);
    int s = cell.inputSize();
    int n = cell.stateSize();
    int m = cell.outputSize();
    double[] x = uniform(r, BATCH * s, -1, 1);
    double[] h = uniform(r, BATCH * n, -1, 1);
    double[] dt = uniform(r, BATCH, 0.1, 2.0);
    double[] wH = uniform(r, BATCH * n, -1, 1);
    double[] wO = uniform(r, BATCH * m, -1, 1);

    Cell.Tape tape = cell.newTape(BATCH);
    double[] hNext = new double[BATCH * n];
    double[] out = new double[BATCH * m];
    cell.forward(p, P_OFF, x, h, dt, BATCH, hNext, out, tape);
    double[] hPlain = new double[BATCH * n];
    double[] outPlain = new double[BATCH * m];
    cell.step(p, P_OFF, x, h, dt, BATCH, hPlain, outPlain);
    assertArrayEquals(hPlain, hNext, 0.0, "recording a tape changed hNext");
    assertArrayEquals(outPlain, out, 0.0, "recording a tape changed out");

    double[] dP = new double[p.length];
    Arrays.fill(dP, PRIOR);
    double[] dX = new double[BATCH * s];
    double[] dH = new double[BATCH * n];
    Arrays.fill(dX, Double.NaN);
    Arrays.fill(dH, Double.NaN);
    cell.backward(p, P_OFF, x, h, dt, BATCH, tape, wH, wO, dP, dX, dH);

    for (int i = 0; i < P_OFF; i++) {
      assertEquals(PRIOR, dP[i], 0.0, "dP before the cell's parameters was touched");
    }
    for (int i = P_OFF + size; i < dP.length; i++) {
      assertEquals(PRIOR, dP[i], 0.0, "dP after the cell's parameters was touched");
    }
    for (ParameterLayout.Entry e : cell.layout().entries()) {
      for (int k = 0; k < e.size(); k++) {
        int i = P_OFF + e.offset() + k;
        String what = e.name() + "[" + k + "]";
        if (!e.trainable()) {
          assertEquals(PRIOR, dP[i], 0.0, "frozen " + what + " got a gradient");
          continue;
        }
        double[] plus = p.clone();
        double[] minus = p.clone();
        plus[i] += EPS;
        minus[i] -= EPS;
        double numeric = (loss(cell, plus, x, h, dt, wH, wO) - loss(cell, minus, x, h, dt, wH, wO))
            / (2 * EPS);
        assertAgree(cell.getClass().getSimpleName() + " " + what, numeric, dP[i] - PRIOR);
      }
    }
    for (int i = 0; i < x.length; i++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += EPS;
      minus[i] -= EPS;
      double numeric = (loss(cell, p, plus, h, dt, wH, wO) - loss(cell, p, minus, h, dt, wH, wO))
          / (2 * EPS);
      assertAgree("x[" + i + "]", numeric, dX[i]);
    }
    for (int i = 0; i < h.length; i++) {
      double[] plus = h.clone();
      double[] minus = h.clone();
      plus[i] += EPS;
      minus[i] -= EPS;
      double numeric = (loss(cell, p, x, plus, dt, wH, wO) - loss(cell, p, x, minus, dt, wH, wO))
          / (2 * EPS);
      assertAgree("h[" + i + "]", numeric, dH[i]);
    }
    return new Result(p, dP);
  }

  static double loss(
      Cell cell, double[] p, double[] x, double[] h, double[] dt, double[] wH, double[] wO) {
    double[] hNext = new double[BATCH * cell.stateSize()];
    double[] out = new double[BATCH * cell.outputSize()];
    cell.step(p, P_OFF, x, h, dt, BATCH, hNext, out);
    double l = 0;
    for (int i = 0; i < hNext.length; i++) {
      l += hNext[i] * wH[i];
    }
    for (int i = 0; i < out.length; i++) {
      l += out[i] * wO[i];
    }
    return l;
  }

  static double[] uniform(SplittableRandom r, int count, double lo, double hi) {
    double[] a = new double[count];
    for (int i = 0; i < count; i++) {
      a[i] = r.nextDouble(lo, hi);
    }
    return a;
  }

  static void assertAgree(String what, double numeric, double analytic) {
    double tol = 1e-6 + 1e-5 * Math.max(Math.abs(numeric), Math.abs(analytic));
    assertTrue(Math.abs(numeric - analytic) <= tol,
        what + ": finite difference " + numeric + " vs backward " + analytic);
  }
}
