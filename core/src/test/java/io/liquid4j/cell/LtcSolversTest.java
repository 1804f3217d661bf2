package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.NeuronType;
import io.liquid4j.wiring.Wiring;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The LTC ODE solved by the fused, Euler, RK4 and Dormand–Prince solvers: all converge to the same
 * trajectory as steps shrink, with the expected orders.
 */
class LtcSolversTest {
  static final int S = 2;
  static final int N = 5;

  /** A random signed wiring with about half the synapses present. */
  static Wiring randomWiring(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] adj = new byte[N * N];
    byte[] sens = new byte[S * N];
    for (int i = 0; i < adj.length; i++) {
      adj[i] = (byte) (r.nextBoolean() ? (r.nextBoolean() ? 1 : -1) : 0);
    }
    for (int i = 0; i < sens.length; i++) {
      sens[i] = (byte) (r.nextBoolean() ? 1 : -1);
    }
    NeuronType[] types = new NeuronType[N];
    Arrays.fill(types, NeuronType.INTER);
    types[0] = NeuronType.MOTOR;
    return new Wiring(null, N, S, 1, adj, sens, new int[][] {{0, 1, 2, 3, 4}}, types);
  }

  static LtcCell cell(SolverKind solver, int unfolds, double rtol) {
    return new LtcCell(randomWiring(7), Mapping.AFFINE, Mapping.AFFINE, unfolds, 1e-8, true,
        solver, rtol, rtol * 1e-2);
  }

  /** Runs 4 steps of Δt = 0.7 from a fixed state and input; returns the final state. */
  static double[] run(LtcCell cell) {
    double[] p = new double[cell.layout().size()];
    cell.initParameters(p, 0, new SplittableRandom(3));
    double[] h = {0.1, -0.2, 0.3, 0.0, 0.05};
    double[] next = new double[N];
    double[] out = new double[1];
    double[][] xs = {{0.5, -1.0}, {1.0, 0.2}, {-0.3, 0.8}, {0.0, 0.0}};
    for (double[] x : xs) {
      cell.step(p, 0, x, h, new double[] {0.7}, 1, next, out);
      h = next.clone();
    }
    return h;
  }

  static double err(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static final double[] REFERENCE = run(cell(SolverKind.DOPRI5, 1, 1e-12));

  static double order(SolverKind kind, int steps) {
    double coarse = err(run(cell(kind, steps, 1e-6)), REFERENCE);
    double fine = err(run(cell(kind, 2 * steps, 1e-6)), REFERENCE);
    return Math.log(coarse / fine) / Math.log(2);
  }

  @Test
  void eulerConvergesWithOrderOne() {
    assertEquals(1.0, order(SolverKind.EULER, 64), 0.1);
  }

  @Test
  void rk4ConvergesWithOrderFour() {
    assertEquals(4.0, order(SolverKind.RK4, 8), 0.3);
  }

  @Test
  void fusedSemiImplicitSolverConvergesWithOrderOne() {
    // The fused step is a semi-implicit Euler step: first order, but unconditionally stable.
    assertEquals(1.0, order(SolverKind.FUSED, 64), 0.1);
  }

  @Test
  void allSolversAgreeWithTheTightReference() {
    assertTrue(err(run(cell(SolverKind.EULER, 4096, 1e-6)), REFERENCE) < 1e-3);
    assertTrue(err(run(cell(SolverKind.FUSED, 4096, 1e-6)), REFERENCE) < 1e-3);
    assertTrue(err(run(cell(SolverKind.RK4, 64, 1e-6)), REFERENCE) < 1e-8);
    assertTrue(err(run(cell(SolverKind.DOPRI5, 1, 1e-8)), REFERENCE) < 1e-7);
  }

  @Test
  void fusedStaysBoundedWhereEulerWithFewStepsDoesNot() {
    // Stiffness: with one sub-step over a long Δt explicit Euler overshoots; the fused solver's
    // denominator keeps v a convex-like combination of bounded terms.
    LtcCell fused = cell(SolverKind.FUSED, 1, 1e-6);
    double[] p = new double[fused.layout().size()];
    fused.initParameters(p, 0, new SplittableRandom(3));
    double[] h = new double[N];
    double[] next = new double[N];
    fused.step(p, 0, new double[] {1, 1}, h, new double[] {50.0}, 1, next, new double[1]);
    for (double v : next) {
      assertTrue(Math.abs(v) <= 1.0 + 1e-9, "fused state " + v + " left [-1, 1]");
    }
  }
}
