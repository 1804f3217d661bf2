package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.FullyConnected;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Batch semantics, streaming, and rejection of bad input for every kind of model. */
class SequenceModelTest {
  static Stream<ModelConfig> configs() {
    return Stream.of(
        ModelConfig.ltc(3, new AutoNcp(10, 2)).build(),
        ModelConfig.ltc(3, 5).mixedMemory(true).build(),
        ModelConfig.ltc(3, new FullyConnected(4, 2, 1111, true)).solver(SolverKind.RK4).build(),
        ModelConfig.ltc(3, 4).solver(SolverKind.DOPRI5).build(),
        ModelConfig.cfc(3, 6).backbone(8, 2, 0.0).build(),
        ModelConfig.cfc(3, 6).mode(CfcMode.PURE).activation(Activation.GELU).build(),
        ModelConfig.cfc(3, 6).mode(CfcMode.NO_GATE).projSize(2).mixedMemory(true).build(),
        ModelConfig.cfc(3, 6).backbone(8, 1, 0.0).projSize(2).mixedMemory(true)
            .cfcVariant(io.liquid4j.cell.CfcVariant.PAPER).build(),
        ModelConfig.cfc(3, new AutoNcp(12, 3)).build(),
        ModelConfig.ctrnn(3, 5).build(),
        ModelConfig.ctrnn(3, 5).solver(SolverKind.RK4).projSize(1).build());
  }

  static double[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble(-1, 1);
    }
    return a;
  }

  static double[] positive(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble(0.1, 2.0);
    }
    return a;
  }

  @ParameterizedTest
  @MethodSource("configs")
  void streamingStepsEqualTheBatchForwardPass(ModelConfig config) {
    SequenceModel model = SequenceModel.create(config, 11);
    int b = 3;
    int l = 5;
    double[] x = random(b * l * 3, 1);
    double[] ts = positive(b * l, 2);
    SequenceOutput y = model.forward(x, b, l, ts, null);
    int o = model.outputSize();
    for (int s = 0; s < b; s++) {
      StreamingSession session = model.newSession();
      double[] last = null;
      for (int t = 0; t < l; t++) {
        last = session.step(Arrays.copyOfRange(x, (s * l + t) * 3, (s * l + t + 1) * 3),
            ts[s * l + t]);
        if (config.returnSequences()) {
          assertArrayEquals(y.at(s, t), last, 0.0, "sample " + s + " step " + t);
        }
      }
      assertEquals(l, session.steps());
      assertEquals(y.finalState().sample(s), session.state(), "final state of sample " + s);
      assertEquals(o, last.length);
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void eachSampleUsesItsOwnElapsedTime(ModelConfig config) {
    // ncps #81: timespans of shape (B, L) must apply per sample. Sample 1's result must not
    // depend on sample 0's Δt.
    SequenceModel model = SequenceModel.create(config, 5);
    int l = 4;
    double[] x = random(2 * l * 3, 3);
    double[] ts = positive(2 * l, 4);
    double[] ts2 = ts.clone();
    Arrays.fill(ts2, 0, l, 0.37); // change sample 0 only
    SequenceOutput a = model.forward(x, 2, l, ts, null);
    SequenceOutput b = model.forward(x, 2, l, ts2, null);
    assertArrayEquals(a.finalState().sample(1).h(), b.finalState().sample(1).h(), 0.0);
    assertNotEquals(Arrays.toString(a.finalState().sample(0).h()),
        Arrays.toString(b.finalState().sample(0).h()), "Δt must matter");
  }

  @Test
  void initialStateIsContinuedAndReturnSequencesFalseGivesTheLastStep() {
    ModelConfig seq = ModelConfig.ltc(3, new AutoNcp(10, 2)).build();
    ModelConfig last = seq.toBuilder().returnSequences(false).build();
    SequenceModel model = SequenceModel.create(seq, 1);
    SequenceModel lastModel = SequenceModel.create(last, 1);
    assertArrayEquals(model.parameters(), lastModel.parameters(), 0.0);
    double[] x = random(2 * 6 * 3, 9);
    SequenceOutput whole = model.forward(x, 2, 6, null, null);
    SequenceOutput onlyLast = lastModel.forward(x, 2, 6, null, null);
    assertArrayEquals(new int[] {2, 2}, onlyLast.shape());
    assertArrayEquals(whole.at(1, 5), Arrays.copyOfRange(onlyLast.outputs(), 2, 4), 0.0);
    // Split the sequence in two halves, carrying the state.
    double[] first = new double[2 * 3 * 3];
    double[] second = new double[2 * 3 * 3];
    for (int b = 0; b < 2; b++) {
      System.arraycopy(x, b * 18, first, b * 9, 9);
      System.arraycopy(x, b * 18 + 9, second, b * 9, 9);
    }
    ModelState mid = model.forward(first, 2, 3, null, null).finalState();
    SequenceOutput rest = model.forward(second, 2, 3, null, mid);
    assertEquals(whole.finalState(), rest.finalState());
  }

  @Test
  void sessionResetAndRestore() {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(2, 4).mixedMemory(true).build(), 3);
    StreamingSession s = model.newSession();
    s.step(new double[] {0.5, -0.5}, 0.3);
    ModelState saved = s.state();
    double[] next = s.step(new double[] {1, 1}, 2.0);
    s.reset();
    assertArrayEquals(new double[4], s.state().h(), 0.0);
    assertEquals(0, s.steps());
    s.restore(saved);
    assertArrayEquals(next, s.step(new double[] {1, 1}, 2.0), 0.0);
  }

  @Test
  void badInputsAreRejectedWithArgumentAndPosition() {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(2, 4).build(), 1);
    double[] x = new double[2 * 3 * 2];
    assertMessage(() -> model.forward(new double[5], 2, 3, null, null), "x", "(2, 3, 2)", "5");
    double[] nan = x.clone();
    nan[7] = Double.NaN;
    assertMessage(() -> model.forward(nan, 2, 3, null, null), "x", "NaN", "[1, 0, 1]");
    double[] inf = x.clone();
    inf[0] = Double.POSITIVE_INFINITY;
    assertMessage(() -> model.forward(inf, 2, 3, null, null), "x", "Infinity");
    double[] ts = {1, 1, 1, 1, 0, 1};
    assertMessage(() -> model.forward(x, 2, 3, ts, null), "timespans", "0.0", "[1, 1]");
    double[] negative = {1, 1, -2, 1, 1, 1};
    assertMessage(() -> model.forward(x, 2, 3, negative, null), "timespans", "-2.0", "[0, 2]");
    double[] nanTs = {1, 1, 1, 1, 1, Double.NaN};
    assertMessage(() -> model.forward(x, 2, 3, nanTs, null), "timespans", "NaN");
    assertMessage(() -> model.forward(x, 2, 3, new double[4], null), "timespans", "(2, 3)", "4");
    assertMessage(() -> model.forward(x, 0, 3, null, null), "batch", "0");
    assertMessage(
        () -> model.forward(x, 2, 3, null, ModelState.zeros(1, 4, false)), "initial state",
        "(2, 4)", "(1, 4)");
    assertMessage(
        () -> model.forward(x, 2, 3, null, ModelState.zeros(2, 4, true)), "initial state",
        "memory");
    StreamingSession s = model.newSession();
    assertMessage(() -> s.step(new double[3], 1.0), "x", "2 features", "3");
    assertMessage(() -> s.step(new double[2], 0.0), "dt", "0.0");
    assertMessage(() -> s.step(new double[] {Double.NaN, 0}, 1.0), "x", "NaN");
    assertMessage(() -> s.restore(ModelState.zeros(1, 5, false)), "state", "(1, 4)");
    assertMessage(() -> model.forward(new double[][][] {{{1, 2}}, {{1, 2}, {3, 4}}}), "x",
        "sequence 1");
  }

  @Test
  void badConfigsAreRejectedNamingTheKey() {
    assertMessage(() -> ModelConfig.ltc(0, 4).build(), "input_size", "0");
    assertMessage(() -> ModelConfig.ltc(2, 4).odeUnfolds(0).build(), "ode_unfolds", "0");
    assertMessage(() -> ModelConfig.ltc(2, 4).epsilon(-1).build(), "epsilon");
    assertMessage(() -> ModelConfig.cfc(2, 4).backbone(8, 2, 1.0).build(), "backbone_dropout");
    assertMessage(() -> ModelConfig.ctrnn(2, 4).solver(SolverKind.FUSED).build(), "solver");
    assertMessage(() -> ModelConfig.ltc(2, 4).solver(SolverKind.DOPRI5).tolerances(0, 1e-8)
        .build(), "rtol");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "GRU", "input_size", 2,
        "units", 4), "c.json"), "c.json", "model", "GRU");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "CfC", "input_size", 2,
        "units", 4, "mode", "fast"), "c.json"), "c.json", "mode", "fast");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "CfC", "input_size", 2,
        "units", 4, "activation", "swish"), "c.json"), "activation", "swish");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "LTC", "input_size", 2,
        "units", 4, "ode_unfold", 3), "c.json"), "unknown key 'ode_unfold'");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "LTC", "input_size", 2,
        "units", 4, "mode", "pure"), "c.json"), "unknown key 'mode'", "LTC");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "LTC", "input_size", "2",
        "units", 4), "c.json"), "input_size", "integer", "'2'");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "LTC", "input_size", 2.5,
        "units", 4), "c.json"), "input_size", "2.5");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "LTC", "units", 4),
        "c.json"), "missing required key 'input_size'");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "LTC", "input_size", 2,
        "units", 4, "input_mapping", "afine"), "c.json"), "input_mapping", "afine");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "CfC", "input_size", 2,
        "units", java.util.Map.of("type", "AutoNCP", "units", 10, "output_size", 2),
        "backbone_units", 4), "c.json"), "backbone", "wiring");
    assertMessage(() -> ModelConfig.fromMap(java.util.Map.of("model", "LTC", "input_size", 2,
        "units", java.util.Map.of("type", "AutoNCP", "units", 10, "output_size", 9)), "c.json"),
        "c.json", "units", "output_size");
  }

  @Test
  void anLstmStreamsLikeItsBatchForwardAndRejectsMixedMemory() {
    SequenceModel model = SequenceModel.create(ModelConfig.lstm(3, 4).projSize(2).build(), 2);
    double[] x = random(2 * 3 * 3, 1);
    SequenceOutput y = model.forward(x, 2, 3, null, null);
    StreamingSession s = model.newSession();
    for (int t = 0; t < 3; t++) {
      assertArrayEquals(y.at(0, t), s.step(Arrays.copyOfRange(x, t * 3, t * 3 + 3)), 0.0);
    }
    assertEquals(8, model.stateSize(), "state is [h | c]");
    assertEquals(ModelConfig.lstm(3, 4).build(),
        ModelConfig.fromMap(ModelConfig.lstm(3, 4).build().toMap(), "round trip"));
    assertMessage(() -> ModelConfig.lstm(3, 4).mixedMemory(true).build(), "mixed_memory");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void configSurvivesAMapRoundTrip(ModelConfig config) {
    assertEquals(config, ModelConfig.fromMap(config.toMap(), "round trip"));
  }

  @Test
  void seedFixesInitialisation() {
    ModelConfig c = ModelConfig.cfc(3, new AutoNcp(12, 3)).build();
    assertArrayEquals(SequenceModel.create(c, 7).parameters(),
        SequenceModel.create(c, 7).parameters(), 0.0);
    assertNotEquals(Arrays.toString(SequenceModel.create(c, 7).parameters()),
        Arrays.toString(SequenceModel.create(c, 8).parameters()));
  }

  @Test
  void oneWiringSpecServesTwoModels() {
    // ncps #75: reusing a wiring object for a second layer fails there.
    AutoNcp spec = new AutoNcp(10, 2);
    SequenceModel first = SequenceModel.create(ModelConfig.ltc(3, spec).build(), 1);
    SequenceModel second = SequenceModel.create(ModelConfig.ltc(2, spec).build(), 1);
    assertEquals(3, first.wiring().inputDim());
    assertEquals(2, second.wiring().inputDim());
  }

  static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message '" + e.getMessage() + "' should mention '" + part + "'");
    }
  }
}
