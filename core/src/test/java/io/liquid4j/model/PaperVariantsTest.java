package io.liquid4j.model;

import static io.liquid4j.model.SequenceModelTest.assertMessage;
import static io.liquid4j.model.SequenceModelTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.Cell;
import io.liquid4j.cell.CfcCell;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.cell.Precision;
import io.liquid4j.io.ModelFile;
import io.liquid4j.wiring.AutoNcp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The papers' variants as model options ({@code cfc_variant}, {@code forget_bias}, {@code
 * init}): one step of each against a hand computation from the equations (the CfC paper's
 * {@code tf_cfc.py}, the LSTM of its {@code MixedCfcCell}), in both precisions; gradients by
 * finite differences; the keys through config maps and model files; and the one-line errors.
 */
class PaperVariantsTest {
  @TempDir Path tmp;

  // ---------------------------------------------------------------------------------------------
  // Hand computations, from the equations alone

  static double sigmoid(double v) {
    return 1.0 / (1.0 + Math.exp(-v));
  }

  static double silu(double v) {
    return v * sigmoid(v);
  }

  /** y = W·v + b for W (rows, v.length) row-major at {@code w}, b at {@code b}. */
  static double[] dense(double[] p, int w, int b, double[] v, int rows) {
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      double sum = p[b + r];
      for (int k = 0; k < v.length; k++) {
        sum += p[w + r * v.length + k] * v[k];
      }
      y[r] = sum;
    }
    return y;
  }

  /**
   * One CfC step of one sample: backbone of silu layers with a dropout multiplier per layer (null:
   * none), then the heads; tanh heads for ncps, 1.7159·tanh(0.666·x) for the paper.
   */
  static double[] cfcStep(ParameterLayout layout, double[] p, String[] backbone, double[] x,
      double[] h, double dt, CfcMode mode, boolean lecunHeads, double[][] masks) {
    int n = h.length;
    double[] z = new double[x.length + n];
    System.arraycopy(x, 0, z, 0, x.length);
    System.arraycopy(h, 0, z, x.length, n);
    for (int l = 0; l < backbone.length; l++) {
      int rows = layout.entry(backbone[l] + ".bias").size();
      double[] a = dense(p, layout.offset(backbone[l] + ".weight"),
          layout.offset(backbone[l] + ".bias"), z, rows);
      for (int u = 0; u < rows; u++) {
        a[u] = silu(a[u]);
        if (masks != null && masks[l] != null) {
          a[u] *= masks[l][u];
        }
      }
      z = a;
    }
    double[] ff1 = dense(p, layout.offset("ff1.weight"), layout.offset("ff1.bias"), z, n);
    double[] ff2 = dense(p, layout.offset("ff2.weight"), layout.offset("ff2.bias"), z, n);
    double[] ta = dense(p, layout.offset("time_a.weight"), layout.offset("time_a.bias"), z, n);
    double[] tb = dense(p, layout.offset("time_b.weight"), layout.offset("time_b.bias"), z, n);
    double[] next = new double[n];
    for (int j = 0; j < n; j++) {
      double f1 = lecunHeads ? 1.7159 * Math.tanh(0.666 * ff1[j]) : Math.tanh(ff1[j]);
      double f2 = lecunHeads ? 1.7159 * Math.tanh(0.666 * ff2[j]) : Math.tanh(ff2[j]);
      double g = sigmoid(ta[j] * dt + tb[j]);
      next[j] = mode == CfcMode.DEFAULT ? f1 * (1 - g) + g * f2 : f1 + g * f2;
    }
    return next;
  }

  /** The model's cell tensors (first in its layout) without the "rnn_cell." prefix. */
  static ParameterLayout cellLayout(SequenceModel m) {
    ParameterLayout.Builder b = ParameterLayout.builder();
    for (ParameterLayout.Entry e : m.layout().entries()) {
      if (e.name().startsWith("rnn_cell.")) {
        b.add(e.name().substring("rnn_cell.".length()), e.shape());
      }
    }
    return b.build();
  }

  static double[] cellParameters(SequenceModel m) {
    ParameterLayout cell = cellLayout(m);
    return Arrays.copyOfRange(m.parameters(), 0, cell.size());
  }

  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])),
          what + " [" + i + "]");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // cfc_variant: heads and dropout placement

  static Stream<Arguments> cfcCases() {
    return Stream.of(
        Arguments.of(CfcMode.DEFAULT, CfcVariant.PAPER, 1),
        Arguments.of(CfcMode.NO_GATE, CfcVariant.PAPER, 2),
        Arguments.of(CfcMode.DEFAULT, CfcVariant.NCPS, 2),
        Arguments.of(CfcMode.NO_GATE, CfcVariant.NCPS, 1));
  }

  @ParameterizedTest(name = "{0} {1} layers={2}")
  @MethodSource("cfcCases")
  void oneCfcStepMatchesTheHandComputationInBothPrecisions(CfcMode mode, CfcVariant variant,
      int layers) {
    ModelConfig config = ModelConfig.cfc(2, 3).mode(mode).activation(Activation.SILU)
        .backbone(4, layers, 0.0).cfcVariant(variant).build();
    SequenceModel model = SequenceModel.create(config, 5);
    ParameterLayout layout = cellLayout(model);
    double[] p = cellParameters(model);
    double[] x = {0.7, -1.3, 0.2, 0.9}; // (B = 2, L = 1, S = 2)
    double[] h = {0.5, -0.25, 1.5, -0.8, 0.1, 0.3};
    double[] dt = {0.4, 2.5};
    String[] backbone = layers == 1 ? new String[] {"backbone.0"}
        : new String[] {"backbone.0", "backbone.2"};
    double[] expected = new double[6];
    for (int b = 0; b < 2; b++) {
      double[] one = cfcStep(layout, p, backbone, Arrays.copyOfRange(x, 2 * b, 2 * b + 2),
          Arrays.copyOfRange(h, 3 * b, 3 * b + 3), dt[b], mode, variant == CfcVariant.PAPER,
          null);
      System.arraycopy(one, 0, expected, 3 * b, 3);
    }
    ModelState initial = new ModelState(2, 3, h, null);
    assertClose(expected, model.forward(x, 2, 1, dt, initial).outputs(), 1e-13, "float64");
    assertClose(expected, model.withPrecision(Precision.FLOAT32).forward(x, 2, 1, dt, initial)
        .outputs(), 2e-6, "float32");
  }

  @Test
  void thePaperVariantChangesTheHeadsButNotThePureMode() {
    double[] x = random(2 * 3 * 2, 1);
    for (CfcMode mode : CfcMode.values()) {
      ModelConfig ncps = ModelConfig.cfc(2, 3).mode(mode).backbone(4, 1, 0.0).build();
      SequenceModel a = SequenceModel.create(ncps, 2);
      SequenceModel b = SequenceModel.create(ncps.toBuilder().cfcVariant(CfcVariant.PAPER)
          .build(), 2);
      assertArrayEquals(a.parameters(), b.parameters(), 0.0, "the same draws");
      double[] ya = a.forward(x, 2, 3, null, null).outputs();
      double[] yb = b.forward(x, 2, 3, null, null).outputs();
      if (mode == CfcMode.PURE) {
        assertArrayEquals(ya, yb, 0.0, "pure mode's ff1 has no activation in either");
      } else {
        assertFalse(Arrays.equals(ya, yb), mode + ": lecun_tanh heads differ from tanh");
      }
    }
  }

  /** The masks a training tape draws: per layer from {@code first}, sample, unit. */
  static double[][][] drawMasks(long seed, int layers, int first, int batch, int units,
      double rate) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][][] m = new double[batch][layers][];
    for (int l = first; l < layers; l++) {
      for (int b = 0; b < batch; b++) {
        m[b][l] = new double[units];
        for (int u = 0; u < units; u++) {
          m[b][l][u] = r.nextDouble() < rate ? 0.0 : 1.0 / (1.0 - rate);
        }
      }
    }
    return m;
  }

  static Stream<Arguments> dropoutCases() {
    return Stream.of(
        Arguments.of(CfcVariant.PAPER, 1, Precision.FLOAT64),
        Arguments.of(CfcVariant.PAPER, 2, Precision.FLOAT64),
        Arguments.of(CfcVariant.NCPS, 2, Precision.FLOAT64),
        Arguments.of(CfcVariant.PAPER, 1, Precision.FLOAT32),
        Arguments.of(CfcVariant.PAPER, 2, Precision.FLOAT32),
        Arguments.of(CfcVariant.NCPS, 2, Precision.FLOAT32));
  }

  @ParameterizedTest(name = "{0} layers={1} {2}")
  @MethodSource("dropoutCases")
  void dropoutFollowsEveryLayerInThePaperAndLayersTwoOnInNcps(CfcVariant variant, int layers,
      Precision precision) {
    int s = 2;
    int n = 3;
    int u = 16;
    int batch = 2;
    double rate = 0.4;
    CfcCell cell = new CfcCell(s, n, CfcMode.DEFAULT, Activation.SILU, u, layers, rate, null,
        precision, variant);
    double[] p = new double[cell.layout().size()];
    cell.initParameters(p, 0, new SplittableRandom(3));
    double[] x = random(batch * s, 4);
    double[] h = random(batch * n, 5);
    double[] dt = {1.0, 0.5};
    Cell.Tape tape = cell.newTape(batch, new SplittableRandom(77));
    double[] hNext = new double[batch * n];
    double[] out = new double[batch * n];
    cell.forward(p, 0, x, h, dt, batch, hNext, out, tape, cell.newWorkspace(p, 0, batch));
    int first = variant == CfcVariant.PAPER ? 0 : 1;
    double[][][] masks = drawMasks(77, layers, first, batch, u, rate);
    String[] backbone = new String[layers];
    for (int l = 0; l < layers; l++) {
      // nn.Sequential indices: the paper's [Linear, act, Dropout] per layer; ncps's first
      // layer has no Dropout.
      int index = variant == CfcVariant.PAPER ? 3 * l : l == 0 ? 0 : 2 + 3 * (l - 1);
      backbone[l] = "backbone." + index;
    }
    double[] expected = new double[batch * n];
    for (int b = 0; b < batch; b++) {
      double[] one = cfcStep(cell.layout(), p, backbone, Arrays.copyOfRange(x, s * b, s * b + s),
          Arrays.copyOfRange(h, n * b, n * b + n), dt[b], CfcMode.DEFAULT,
          variant == CfcVariant.PAPER, masks[b]);
      System.arraycopy(one, 0, expected, n * b, n);
    }
    assertClose(expected, hNext, precision == Precision.FLOAT64 ? 1e-13 : 2e-6, "h'");
    // Without the masks the result differs: the draws did drop units.
    double[] plain = cfcStep(cell.layout(), p, backbone, Arrays.copyOfRange(x, 0, s),
        Arrays.copyOfRange(h, 0, n), dt[0], CfcMode.DEFAULT, variant == CfcVariant.PAPER, null);
    assertFalse(Math.abs(plain[0] - hNext[0]) < 1e-6, "the masks changed the step");
  }

  static double loss(double[] y, double[] w) {
    double l = 0;
    for (int i = 0; i < y.length; i++) {
      l += y[i] * w[i];
    }
    return l;
  }

  /** Gradients of a weighted sum of the outputs against central differences, dropout fixed. */
  static void assertGradientsMatchFiniteDifferences(ModelConfig config, ModelState initial,
      long dropoutSeed) {
    SequenceModel model = SequenceModel.create(config, 3);
    int batch = 2;
    int length = 3;
    double[] x = random(batch * length * config.inputSize(), 4);
    double[] dt = {0.5, 1.0, 2.0, 1.5, 0.25, 1.0};
    TrainingPass pass = model.forwardForTraining(x, batch, length, dt, initial, dropoutSeed);
    double[] w = random(pass.outputLength(), 5);
    double[] g = pass.backward(w, null, null).parameters().clone();
    double[] p = model.parameters();
    SplittableRandom pick = new SplittableRandom(6);
    double eps = 1e-6;
    ParameterLayout layout = model.layout();
    int checked = 0;
    for (int trial = 0; trial < 60; trial++) {
      int i = pick.nextInt(p.length);
      if (!isTrainable(layout, i)) {
        continue;
      }
      double[] plus = p.clone();
      double[] minus = p.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (loss(model.withParameters(plus).forwardForTraining(x, batch, length, dt,
          initial, dropoutSeed).output().outputs(), w)
          - loss(model.withParameters(minus).forwardForTraining(x, batch, length, dt, initial,
          dropoutSeed).output().outputs(), w)) / (2 * eps);
      assertEquals(numeric, g[i], 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + i);
      checked++;
    }
    assertTrue(checked > 30, "checked " + checked);
  }

  static boolean isTrainable(ParameterLayout layout, int i) {
    for (ParameterLayout.Entry e : layout.entries()) {
      if (i >= e.offset() && i < e.offset() + e.size()) {
        return e.trainable();
      }
    }
    return false;
  }

  @Test
  void paperCfcGradientsThroughDropoutAndLecunHeadsMatchFiniteDifferences() {
    assertGradientsMatchFiniteDifferences(ModelConfig.cfc(2, 3).activation(Activation.SILU)
        .backbone(5, 1, 0.3).cfcVariant(CfcVariant.PAPER).build(), null, 13);
    assertGradientsMatchFiniteDifferences(ModelConfig.cfc(2, 3).mode(CfcMode.NO_GATE)
        .backbone(5, 2, 0.3).cfcVariant(CfcVariant.PAPER).build(), null, 14);
  }

  @Test
  void aOneLayerPaperBackboneDropsOutInTraining() {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(2, 3).backbone(8, 1, 0.3)
        .cfcVariant(CfcVariant.PAPER).build(), 1);
    double[] x = random(2 * 4 * 2, 2);
    double[] inference = model.forward(x, 2, 4, null, null).outputs();
    assertFalse(Arrays.equals(inference,
        model.forwardForTraining(x, 2, 4, null, null, 7).output().outputs()));
  }

  // ---------------------------------------------------------------------------------------------
  // forget_bias

  @ParameterizedTest(name = "{0}")
  @MethodSource("precisions")
  void theMixedMemoryLstmStepUsesTheForgetBias(Precision precision) {
    double beta = 2.1;
    ModelConfig config = ModelConfig.cfc(2, 3).backbone(4, 1, 0.0).mixedMemory(true)
        .forgetBias(beta).precision(precision).build();
    SequenceModel model = SequenceModel.create(config, 8);
    double[] x = {0.3, -0.9};
    double[] h = {0.4, -0.6, 0.2};
    double[] c = {1.2, -0.7, 0.5};
    SequenceOutput y = model.forward(x, 1, 1, null, new ModelState(1, 3, h, c));
    double[] p = model.parameters();
    ParameterLayout layout = model.layout();
    int n = 3;
    double[] zIn = dense(p, layout.offset("lstm.input_map.weight"),
        layout.offset("lstm.input_map.bias"), x, 4 * n);
    int rec = layout.offset("lstm.recurrent_map.weight");
    double[] cNext = new double[n];
    double[] hLstm = new double[n];
    for (int j = 0; j < n; j++) {
      double[] z = new double[4];
      for (int k = 0; k < 4; k++) {
        int r = k * n + j;
        double sum = zIn[r];
        for (int q = 0; q < n; q++) {
          sum += p[rec + r * n + q] * h[q];
        }
        z[k] = sum;
      }
      // c' = c·σ(fg + β) + tanh(i)·σ(ig);  h' = tanh(c')·σ(og)
      cNext[j] = c[j] * sigmoid(z[2] + beta) + Math.tanh(z[0]) * sigmoid(z[1]);
      hLstm[j] = Math.tanh(cNext[j]) * sigmoid(z[3]);
    }
    double tol = precision == Precision.FLOAT64 ? 1e-14 : 2e-6;
    assertClose(cNext, y.finalState().c(), tol, "c'");
    // ncps's wiring: the cell runs from the LSTM's h on the input x.
    double[] expected = cfcStepLecunBackbone(cellLayout(model), cellParameters(model), x, hLstm);
    assertClose(expected, y.outputs(), precision == Precision.FLOAT64 ? 1e-13 : 2e-6, "h");
    // With ncps's β = 1 the memory differs.
    SequenceModel ncps = SequenceModel.withParameters(config.toBuilder().forgetBias(1.0).build(),
        model.parameters());
    assertFalse(Arrays.equals(cNext, ncps.forward(x, 1, 1, null, new ModelState(1, 3, h, c))
        .finalState().c()));
  }

  /** As {@link #cfcStep} with one lecun_tanh backbone layer (the CfC default), tanh heads. */
  static double[] cfcStepLecunBackbone(ParameterLayout layout, double[] p, double[] x,
      double[] h) {
    int n = h.length;
    double[] z = new double[x.length + n];
    System.arraycopy(x, 0, z, 0, x.length);
    System.arraycopy(h, 0, z, x.length, n);
    double[] a = dense(p, layout.offset("backbone.0.weight"), layout.offset("backbone.0.bias"),
        z, layout.entry("backbone.0.bias").size());
    for (int u = 0; u < a.length; u++) {
      a[u] = 1.7159 * Math.tanh(0.666 * a[u]);
    }
    double[] ff1 = dense(p, layout.offset("ff1.weight"), layout.offset("ff1.bias"), a, n);
    double[] ff2 = dense(p, layout.offset("ff2.weight"), layout.offset("ff2.bias"), a, n);
    double[] ta = dense(p, layout.offset("time_a.weight"), layout.offset("time_a.bias"), a, n);
    double[] tb = dense(p, layout.offset("time_b.weight"), layout.offset("time_b.bias"), a, n);
    double[] next = new double[n];
    for (int j = 0; j < n; j++) {
      double g = sigmoid(ta[j] + tb[j]);
      next[j] = Math.tanh(ff1[j]) * (1 - g) + g * Math.tanh(ff2[j]);
    }
    return next;
  }

  static Stream<Precision> precisions() {
    return Stream.of(Precision.FLOAT64, Precision.FLOAT32);
  }

  @Test
  void forgetBiasGradientsMatchFiniteDifferences() {
    double[] h = random(2 * 3, 21);
    double[] c = random(2 * 3, 22);
    assertGradientsMatchFiniteDifferences(ModelConfig.cfc(2, 3).backbone(4, 1, 0.0)
        .mixedMemory(true).forgetBias(2.1).build(), new ModelState(2, 3, h, c), 1);
    assertGradientsMatchFiniteDifferences(ModelConfig.ltc(2, 3).mixedMemory(true)
        .forgetBias(-0.5).build(), new ModelState(2, 3, h, c), 1);
  }

  // ---------------------------------------------------------------------------------------------
  // init

  @Test
  void paperInitialisationDrawsThePapersConstantsAndRanges() {
    ModelConfig config = ModelConfig.ltc(3, new AutoNcp(8, 2)).implicitParamConstraints(false)
        .odeUnfolds(4).projSize(2).initialisation(LtcInitialisation.PAPER).build();
    SequenceModel m = SequenceModel.create(config, 4);
    for (double cm : m.parameter("rnn_cell.cm")) {
      assertEquals(0.5 / 4, cm, 0.0, "cm/(Δt/K) = 0.5 at Δt = 1");
    }
    for (double g : m.parameter("rnn_cell.gleak")) {
      assertEquals(1.0, g, 0.0);
    }
    for (String name : new String[] {"rnn_cell.w", "rnn_cell.sensory_w"}) {
      for (double w : m.parameter(name)) {
        assertTrue(w >= 0.01 && w < 1.0, name + " = " + w);
      }
    }
    int plus = 0;
    int all = 0;
    for (String name : new String[] {"rnn_cell.erev", "rnn_cell.sensory_erev"}) {
      for (double e : m.parameter(name)) {
        assertTrue(e == 1.0 || e == -1.0, name + " = " + e);
        plus += e > 0 ? 1 : 0;
        all++;
      }
    }
    assertTrue(Math.abs(plus - all / 2.0) < 4 * Math.sqrt(all) / 2, plus + " of " + all);
    // Everything else is ncps's draw for the seed, the sparsity masks included.
    SequenceModel ncps = SequenceModel.create(
        config.toBuilder().initialisation(LtcInitialisation.NCPS).build(), 4);
    for (ParameterLayout.Entry e : m.layout().entries()) {
      String short_ = e.name().substring(e.name().indexOf('.') + 1);
      if (!Arrays.asList("cm", "gleak", "w", "sensory_w", "erev", "sensory_erev")
          .contains(short_)) {
        assertArrayEquals(ncps.parameter(e.name()), m.parameter(e.name()), 0.0, e.name());
      }
    }
    assertArrayEquals(m.parameters(), SequenceModel.create(config, 4).parameters(), 0.0,
        "fixed by the seed");
    assertFalse(Arrays.equals(m.parameters(), SequenceModel.create(config, 5).parameters()));
  }

  // ---------------------------------------------------------------------------------------------
  // Config maps, model files, errors

  @Test
  void theKeysRoundTripThroughMapsAndModelFiles() throws IOException {
    ModelConfig[] configs = {
        ModelConfig.cfc(2, 4).backbone(6, 1, 0.1).cfcVariant(CfcVariant.PAPER).build(),
        ModelConfig.cfc(2, 4).mixedMemory(true).forgetBias(2.1).build(),
        ModelConfig.ltc(2, 4).implicitParamConstraints(false)
            .initialisation(LtcInitialisation.PAPER).build(),
    };
    String[] keys = {"cfc_variant", "forget_bias", "init"};
    Object[] values = {"paper", 2.1, "paper"};
    for (int i = 0; i < configs.length; i++) {
      Map<String, Object> map = configs[i].toMap();
      assertEquals(values[i], map.get(keys[i]), keys[i]);
      assertEquals(configs[i], ModelConfig.fromMap(map, "m"));
      SequenceModel model = SequenceModel.create(configs[i], 2);
      Path file = tmp.resolve("m" + i + ".model");
      ModelFile.save(model, file, false);
      SequenceModel loaded = ModelFile.load(file);
      assertEquals(configs[i], loaded.config());
      assertArrayEquals(model.parameters(), loaded.parameters(), 0.0);
    }
  }

  @Test
  void absentKeysReadAsTodaysBehaviourAndDefaultsAreNotWritten() {
    ModelConfig cfc = ModelConfig.cfc(2, 4).backbone(6, 2, 0.1).mixedMemory(true).build();
    ModelConfig ltc = ModelConfig.ltc(2, 4).build();
    for (ModelConfig c : new ModelConfig[] {cfc, ltc}) {
      Map<String, Object> map = c.toMap();
      for (String key : new String[] {"cfc_variant", "forget_bias", "init"}) {
        assertFalse(map.containsKey(key), key + " written for a default");
      }
      assertEquals(CfcVariant.NCPS, c.cfcVariant());
      assertEquals(1.0, c.forgetBias(), 0.0);
      assertEquals(LtcInitialisation.NCPS, c.init());
    }
    // A map as written before the keys existed.
    Map<String, Object> old = new LinkedHashMap<>();
    old.put("model", "CfC");
    old.put("input_size", 2);
    old.put("units", 4);
    old.put("mixed_memory", true);
    old.put("backbone_layers", 2);
    old.put("backbone_dropout", 0.1);
    ModelConfig read = ModelConfig.fromMap(old, "old.model");
    assertEquals(CfcVariant.NCPS, read.cfcVariant());
    assertEquals(1.0, read.forgetBias(), 0.0);
    assertNull(read.toMap().get("cfc_variant"));
  }

  @Test
  void whatCannotApplyIsAOneLineError() {
    assertMessage(() -> ModelConfig.cfc(2, 4).backbone(8, 1, 0.1).build(),
        "backbone_dropout: ncps applies dropout only after backbone layers 2..L; with 1 layer"
            + " use cfc_variant paper or dropout 0");
    assertMessage(() -> ModelConfig.cfc(2, 4).backbone(8, 0, 0.1).cfcVariant(CfcVariant.PAPER)
        .build(), "backbone_dropout", "backbone_layers 0");
    assertMessage(() -> ModelConfig.ltc(2, 4).cfcVariant(CfcVariant.PAPER).build(),
        "cfc_variant", "LTC");
    assertMessage(() -> ModelConfig.cfc(2, new AutoNcp(8, 1)).cfcVariant(CfcVariant.PAPER)
        .build(), "cfc_variant", "wiring");
    assertMessage(() -> ModelConfig.cfc(2, 4).forgetBias(2.1).build(), "forget_bias",
        "mixed_memory");
    assertMessage(() -> ModelConfig.cfc(2, 4).mixedMemory(true).forgetBias(Double.NaN).build(),
        "forget_bias must be a finite number");
    assertMessage(() -> ModelConfig.cfc(2, 4).initialisation(LtcInitialisation.PAPER).build(),
        "init", "CfC");
    assertMessage(() -> ModelConfig.ltc(2, 4).initialisation(LtcInitialisation.PAPER).build(),
        "init", "implicit_param_constraints false");
    Map<String, Object> bad = new LinkedHashMap<>(Map.of("model", "CfC", "input_size", 2,
        "units", 4, "cfc_variant", "keras"));
    assertMessage(() -> ModelConfig.fromMap(bad, "m.json"),
        "m.json: 'cfc_variant': expected ncps or paper, got 'keras'");
    Map<String, Object> badInit = new LinkedHashMap<>(Map.of("model", "LTC", "input_size", 2,
        "units", 4, "init", "glorot"));
    assertMessage(() -> ModelConfig.fromMap(badInit, "m.json"),
        "m.json: 'init': expected ncps or paper, got 'glorot'");
    Map<String, Object> oneLayer = new LinkedHashMap<>(Map.of("model", "cfc", "units", 4,
        "backbone_dropout", 0.1));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> ModelSpec.fromMap(oneLayer, "spec.json").toConfig(2, 1, true));
    assertTrue(e.getMessage().startsWith("spec.json: backbone_dropout: ncps applies dropout"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
