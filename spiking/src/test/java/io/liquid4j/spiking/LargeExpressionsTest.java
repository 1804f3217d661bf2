package io.liquid4j.spiking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.spiking.equations.Equations;
import io.liquid4j.spiking.equations.Expressions;
import io.liquid4j.spiking.equations.Limits;
import io.liquid4j.spiking.equations.Statements;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, case 10: long and deep expressions from the Java API. Legal ones compile (to flat
 * code) and compute what a plain Java sum computes; those past {@link Limits} are refused with a
 * one-line IllegalArgumentException quoting a short excerpt at the line and column; no
 * StackOverflowError and no generated source ever reaches the caller.
 */
class LargeExpressionsTest {
  /** The coefficient of term k. */
  private static double c(int k) {
    return 1.0 / (k + 3);
  }

  /** {@code x*c0 + x*c1 + ... } with {@code n} terms (2n numbers and names). */
  private static String sum(int n) {
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < n; k++) {
      s.append(k == 0 ? "" : " + ").append("x*").append(c(k));
    }
    return s.toString();
  }

  /** One long line, one short excerpt: the error a user can read. */
  private static IllegalArgumentException assertOneLine(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String m = e.getMessage();
    assertFalse(m.contains("\n"), m);
    assertTrue(m.length() < 400, m.length() + " characters: " + m);
    for (String p : parts) {
      assertTrue(m.contains(p), "expected '" + p + "' in: " + m);
    }
    return e;
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 1000})
  void longSumsCompileAndAddInTheSameOrderAsJava(int terms) {
    double x = 0.7;
    double expected = x * c(0);
    for (int k = 1; k < terms; k++) {
      expected = expected + x * c(k);
    }
    // The reset runs the sum in compiled code once the neuron spikes (threshold True).
    NeuronGroup g = NeuronGroup.builder(2, "v : 1\nx : 1").threshold("True")
        .reset("v = " + sum(terms)).build();
    g.set("x", new double[] {x, x});
    Network net = new Network(g);
    net.run("0.1*ms");
    assertEquals(expected, g.get("v")[0], 0.0);
    assertEquals(expected, g.get("v")[1], 0.0);
    // The generated Java is flat: no parenthesis opens before each term.
    assertFalse(g.generatedCode().contains("(((("), "nested sum in generated code");
  }

  @ParameterizedTest
  @ValueSource(strings = {"euler", "rk4"})
  void aThousandTermDifferentialEquationCompilesWithEveryExplicitMethod(String method) {
    NeuronGroup g = NeuronGroup.builder(1, "dv/dt = -(" + sum(1000) + ")*v/tau : 1\nx : 1")
        .constant("tau", "10*ms").method(method).build();
    g.set("v", new double[] {1});
    g.set("x", new double[] {0.01});
    new Network(g).run("1*ms");
    double v = g.get("v")[0];
    assertTrue(v > 0 && v < 1, "v decays: " + v);
  }

  @Test
  void fiveThousandTermsAreRefusedWithTheLimitAndAShortExcerpt() {
    assertOneLine(() -> NeuronGroup.builder(1, "v : 1\nx : 1").threshold("True")
        .reset("v = " + sum(5000)).build(), "reset line 1, column ", "more than "
        + Limits.MAX_OPERANDS + " numbers and names", "...");
    assertOneLine(() -> NeuronGroup.builder(1, "dv/dt = (" + sum(5000) + ")/tau : 1\nx : 1")
        .constant("tau", "10*ms").build(), "equations line 1, column ", "more than "
        + Limits.MAX_OPERANDS);
    assertOneLine(() -> NeuronGroup.builder(1, "v : 1\nx : 1")
        .threshold(sum(5000) + " > 0").build(), "threshold line 1, column ");
  }

  @Test
  void aHugeExpressionIsRefusedQuickly() {
    String huge = "v" + " + v".repeat(1_000_000);
    assertOneLine(() -> Expressions.parse(huge), "expression line 1, column ",
        "more than " + Limits.MAX_OPERANDS);
    assertOneLine(() -> Equations.parse("dv/dt = " + huge + " : 1"), "equations line 1");
  }

  @ParameterizedTest
  @ValueSource(ints = {65, 1000, 100_000})
  void deepNestingIsRefusedAtTheLevelPastTheLimit(int depth) {
    String parens = "(".repeat(depth) + "v" + ")".repeat(depth);
    // The 65th '(' is at column 65.
    assertOneLine(() -> Expressions.parse(parens), "expression line 1, column 65: ",
        "more than 64 levels of nesting");
    assertOneLine(() -> Expressions.parse("-".repeat(depth) + "v"), "column 65: ",
        "more than 64 levels");
    assertOneLine(() -> Expressions.parse("not ".repeat(depth) + "v"), "more than 64 levels");
    // (Past 3 000 names, function names included, the size limit refuses it first.)
    assertOneLine(() -> Expressions.parse("v" + "**v".repeat(Math.min(depth, 1000))),
        "more than 64 levels");
    int calls = Math.min(depth, 1000);
    assertOneLine(() -> Expressions.parse("exp(".repeat(calls) + "v" + ")".repeat(calls)),
        "more than 64 levels");
    assertOneLine(() -> Statements.parse("reset", "v = " + parens), "reset line 1, column ",
        "more than 64 levels");
    assertOneLine(() -> NeuronGroup.builder(1, "dv/dt = " + parens + "/tau : 1")
        .constant("tau", "10*ms").build(), "equations line 1, column 73: ",
        "more than 64 levels");
  }

  @Test
  void sixtyFourLevelsAreStillLegal() {
    String parens = "(".repeat(63) + "-v" + ")".repeat(63);
    NeuronGroup g = NeuronGroup.builder(1, "dv/dt = " + parens + "/tau : 1")
        .constant("tau", "10*ms").method("euler").build();
    g.set("v", new double[] {1});
    new Network(g).run("0.1*ms");
    assertEquals(0.99, g.get("v")[0], 1e-12);
  }

  @Test
  void aStackOverflowBecomesAnIllegalArgumentException() throws InterruptedException {
    // Within the limits, but on a thread whose stack is far too small for a 1 000-term sum:
    // whichever pass overflows, the caller gets the front end's one-line error.
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Supplier<NeuronGroup> build = () -> NeuronGroup.builder(1, "dv/dt = -(" + sum(1000)
        + ")*v/tau : 1\nx : 1").constant("tau", "10*ms").method("euler").build();
    Thread t = new Thread(null, () -> {
      try {
        build.get();
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, "small-stack", 128 * 1024);
    t.start();
    t.join();
    Throwable e = thrown.get();
    assertTrue(e instanceof IllegalArgumentException, "expected IllegalArgumentException, "
        + "found " + e);
    assertOneLine(() -> {
      throw e;
    }, "neuron group neurongroup: ", "nested too deeply");
  }

  @Test
  void noCodeGetsInThroughALongExpression() {
    String tail = "); System.exit(3); double _d = (x";
    assertOneLine(() -> NeuronGroup.builder(1, "v : 1\nx : 1").threshold("True")
        .reset("v = " + sum(1400) + tail).build(), "reset line 1, column ",
        "unexpected ')'");
    assertOneLine(() -> NeuronGroup.builder(1, "v : 1\nx : 1")
        .threshold(sum(1400) + " > 0 \" + System.exit(3) + \"").build(),
        "threshold line 1, column ", "unexpected character '\"'");
    assertOneLine(() -> NeuronGroup.builder(1, "dv/dt = (" + sum(1400) + tail + ")/tau : 1")
        .constant("tau", "10*ms").build(), "equations line 1, column ");
    // A long sum of a name that is Java, not Brian2: an unknown identifier, not code.
    assertOneLine(() -> NeuronGroup.builder(1, "v : 1\nx : 1").threshold("True")
        .reset("v = " + sum(1400) + " + System").build(), "reset line 1, column ",
        "unknown identifier 'System'");
  }
}
