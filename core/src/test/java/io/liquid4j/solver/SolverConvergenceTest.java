package io.liquid4j.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each solver on a nonlinear ODE with a closed-form solution, checking the measured order of
 * convergence: error(h) / error(h/2) ≈ 2^p.
 */
class SolverConvergenceTest {
  /**
   * Logistic growth v' = v(1 − v) per component plus a rotation of two other components: exact
   * solutions v(t) = 1 / (1 + (1/v0 − 1)e^−t) and (cos t, −sin t)·r.
   */
  static final OdeSystem SYSTEM =
      new OdeSystem() {
        @Override
        public int dimension() {
          return 3;
        }

        @Override
        public void derivative(double[] v, double[] dvdt) {
          dvdt[0] = v[0] * (1 - v[0]);
          dvdt[1] = v[2];
          dvdt[2] = -v[1];
        }
      };

  static final double T = 2.0;

  static double[] exact() {
    double v0 = 0.1;
    return new double[] {1 / (1 + (1 / v0 - 1) * Math.exp(-T)), Math.cos(T), -Math.sin(T)};
  }

  static double error(OdeSolver solver) {
    double[] v = {0.1, 1.0, 0.0};
    solver.integrate(SYSTEM, v, T);
    double[] e = exact();
    double m = 0;
    for (int i = 0; i < 3; i++) {
      m = Math.max(m, Math.abs(v[i] - e[i]));
    }
    return m;
  }

  static double measuredOrder(java.util.function.IntFunction<OdeSolver> solverWithSteps, int steps) {
    double coarse = error(solverWithSteps.apply(steps));
    double fine = error(solverWithSteps.apply(2 * steps));
    return Math.log(coarse / fine) / Math.log(2);
  }

  @Test
  void eulerIsFirstOrder() {
    double p = measuredOrder(ExplicitEuler::new, 200);
    assertEquals(1.0, p, 0.05, "Euler order");
  }

  @Test
  void rk4IsFourthOrder() {
    double p = measuredOrder(ClassicRk4::new, 20);
    assertEquals(4.0, p, 0.15, "RK4 order");
  }

  @Test
  void dormandPrinceMeetsItsToleranceAndTightensWithIt() {
    double loose = error(new DormandPrince54(1e-4, 1e-6, 1, 100_000));
    double tight = error(new DormandPrince54(1e-10, 1e-12, 1, 100_000));
    assertTrue(loose < 1e-3, "loose error " + loose);
    assertTrue(tight < 1e-9, "tight error " + tight);
    assertTrue(tight < loose / 100, "tightening the tolerance must reduce the error");
  }

  @Test
  void allSolversAgreeAsStepsShrink() {
    double euler = error(new ExplicitEuler(20_000));
    double rk4 = error(new ClassicRk4(200));
    double dopri = error(new DormandPrince54(1e-9, 1e-11, 1, 100_000));
    assertTrue(euler < 1e-4, "euler " + euler);
    assertTrue(rk4 < 1e-9, "rk4 " + rk4);
    assertTrue(dopri < 1e-8, "dopri " + dopri);
  }

  @Test
  void badArgumentsAreRejectedWithTheirNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ExplicitEuler(0));
    assertTrue(e.getMessage().contains("steps"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DormandPrince54(-1, 1e-8, 1, 10));
    assertTrue(e.getMessage().contains("rtol"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> new DormandPrince54(1e-6, Double.NaN, 1, 10));
    assertTrue(e.getMessage().contains("atol"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SolverKind.fromName("solver", "rk45"));
    assertTrue(e.getMessage().contains("rk45") && e.getMessage().contains("dopri5"),
        e.getMessage());
  }

  @Test
  void dormandPrinceReportsNonConvergence() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new DormandPrince54(1e-14, 1e-16, 1, 3).integrate(SYSTEM, new double[] {0.1, 1, 0},
                T));
    assertTrue(e.getMessage().contains("no convergence"), e.getMessage());
  }
}
