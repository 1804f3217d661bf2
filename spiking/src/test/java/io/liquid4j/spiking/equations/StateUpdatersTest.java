package io.liquid4j.spiking.equations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.spiking.units.Dimension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The statements each method writes, and the linear algebra behind the closed forms. */
class StateUpdatersTest {
  /** Every identifier is a per-neuron variable except the constants named here. */
  private static Scope scope(Map<String, Double> constants) {
    return name -> {
      if (constants.containsKey(name)) {
        return Symbol.constant(name, constants.get(name), Dimension.DIMENSIONLESS);
      }
      if (name.equals("t")) {
        return Symbol.special("t", Symbol.Kind.TIME, Dimension.TIME, ValueType.FLOAT);
      }
      return Symbol.variable(name, Dimension.DIMENSIONLESS, ValueType.FLOAT, false);
    };
  }

  private static String step(String method, String equations, boolean refractory) {
    StateUpdate u = StateUpdaters.generate(method, Equations.parse(equations),
        scope(Map.of("tau", 0.01, "taue", 0.005)), refractory);
    return u.statements().stream().map(Statement::text).collect(Collectors.joining("\n"));
  }

  @Test
  void exactWritesBrian2sClosedForm() {
    assertEquals("""
        _inf_v = v0
        _new_v = _inf_v + (v - _inf_v)*exp(-dt/tau)
        v = where(not_refractory, _new_v, v)""",
        step("exact", "dv/dt = (v0 - v)/tau : 1 (unless refractory)\nv0 : 1", true));
    assertEquals("""
        _new_v = v*exp(-dt/tau)
        v = _new_v""", step("exact", "dv/dt = -v/tau : 1", false));
    assertEquals("""
        _new_v = v + dt*(I/C)
        v = _new_v""", step("exact", "dv/dt = I/C : 1\nI : 1\nC : 1", false));
    assertEquals("""
        _inf_v = El + I*R
        _new_v = _inf_v + (v - _inf_v)*exp(-dt/tau)
        v = _new_v""", step("exact", "dv/dt = (El - v + R*I)/tau : 1\nEl : 1\nR : 1\nI : 1",
        false));
  }

  @Test
  void exactSolvesCoupledSystemsWithPropagatorsComputedPerRun() {
    StateUpdate u = StateUpdaters.generate("exact", Equations.parse("""
        dv/dt = (ge - v)/tau : 1
        dge/dt = -ge/taue : 1
        """), scope(Map.of("tau", 0.01, "taue", 0.005)), false);
    String text = u.statements().stream().map(Statement::text)
        .collect(Collectors.joining("\n"));
    // ge does not depend on v, so its row has a single term.
    assertEquals("""
        _new_v = _prep_0*v + _prep_1*ge
        _new_ge = _prep_3*ge
        v = _new_v
        ge = _new_ge""", text);
    double dt = 1e-4;
    double[] p = u.prepared().values(dt);
    assertEquals(8, p.length);
    assertEquals(Math.exp(-dt / 0.01), p[0], 2e-16);
    assertEquals(Math.exp(-dt / 0.005), p[3], 2e-16);
    assertEquals(0, p[2], 0);
    // v(dt) from v = 0, ge = 1: taue·(e^(−dt/taue) − e^(−dt/tau))/(taue − tau), with expm1
    // so that the expected value does not lose digits to cancellation.
    double expected = 0.005 / (0.005 - 0.01) * (Math.expm1(-dt / 0.005) - Math.expm1(-dt / 0.01));
    assertEquals(expected, p[1], 1e-17);
  }

  @Test
  void explicitMethodsFreezeRefractoryVariablesAsBrian2Does() {
    assertEquals("""
        _k_v = dt*(not_refractory*((v0 - v)/tau))
        _new_v = v + dt*(not_refractory*((v0 - (v + _k_v/2))/tau))
        v = _new_v""",
        step("rk2", "dv/dt = (v0 - v)/tau : 1 (unless refractory)\nv0 : 1", true));
    assertEquals("""
        _new_v = v + dt*((v0 - v)/tau)
        v = _new_v""", step("euler", "dv/dt = (v0 - v)/tau : 1 (unless refractory)\nv0 : 1",
        false));
  }

  @Test
  void eulerMaruyamaDrawsOneIncrementPerNoiseAndNeuron() {
    assertEquals("""
        _dW_xi = sqrt(dt)*randn()
        _new_v = v + dt*(-v/tau) + sigma*_dW_xi
        v = _new_v""", step("euler", "dv/dt = -v/tau + sigma*xi : 1\nsigma : 1", false));
    assertEquals("""
        _dW_xi_1 = sqrt(dt)*randn()
        _dW_xi_2 = sqrt(dt)*randn()
        _new_v = v + dt*(-v/tau) + a*_dW_xi_1 + -(b/tau)*_dW_xi_2
        _new_w = w + _dW_xi_1
        v = _new_v
        w = _new_w""", step("euler", """
        dv/dt = -v/tau + a*xi_1 - b*xi_2/tau : 1
        dw/dt = xi_1 : 1
        a : 1
        b : 1
        """, false));
  }

  @Test
  void rejectsNoiseThatIsNotLinear() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> step(null, "dv/dt = -v/tau + xi*xi : 1", false));
    assertTrue(e.getMessage().contains("white noise must appear linearly"), e.getMessage());
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 20).mapToObj(k -> 13L * k + 3);
  }

  private static String randomLinear(SplittableRandom r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return switch (r.nextInt(5)) {
        case 0 -> "v";
        case 1 -> "a";
        case 2 -> "b";
        case 3 -> "exp(a/3)";
        default -> Integer.toString(r.nextInt(1, 7));
      };
    }
    String x = randomLinear(r, depth - 1);
    String y = randomLinear(r, depth - 1);
    return switch (r.nextInt(6)) {
      case 0 -> "(" + x + " + " + y + ")";
      case 1 -> "(" + x + " - " + y + ")";
      case 2 -> "(" + x + " * a)";
      case 3 -> "(" + x + " / (b + 2))";
      case 4 -> "(" + x + " / 3)";
      default -> "-(" + x + ")";
    };
  }

  /** Whatever the form of a linear expression, coefficient·v + rest gives its value back. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void splitsLinearExpressionsIntoCoefficientAndRest(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int k = 0; k < 40; k++) {
      Expr e = Expressions.parse(randomLinear(r, 5));
      Map<String, Expr> atoms = new HashMap<>();
      SymbolicSum s = SymbolicSum.of(e, Set.of("v"), atoms);
      Expr coefficient = s.coefficientOf("v", Set.of("v")).toExpr();
      Expr rest = s.without(Set.of("v")).toExpr();
      for (int point = 0; point < 5; point++) {
        Map<String, Double> values = Map.of("v", r.nextDouble() * 4 - 2,
            "a", r.nextDouble() * 4 - 2, "b", r.nextDouble() * 3);
        double direct = Evaluator.evaluate(e, values::get, null);
        double split = Evaluator.evaluate(coefficient, values::get, null) * values.get("v")
            + Evaluator.evaluate(rest, values::get, null);
        assertEquals(direct, split, 1e-9 * (1 + Math.abs(direct)), Expr.print(e));
      }
    }
  }

  @Test
  void refusesWhatIsNotLinear() {
    for (String text : List.of("v*v", "exp(v)", "1/v", "v**0.5", "(v > 1)*v", "v*rand()")) {
      assertThrows(SymbolicSum.NotLinear.class, () -> {
        SymbolicSum s = SymbolicSum.of(Expressions.parse(text), Set.of("v"), new HashMap<>());
        s.coefficientOf("v", Set.of("v"));
      }, text);
    }
  }
}
