package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.Mapping;
import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.cell.Precision;
import io.liquid4j.data.Standardizer;
import io.liquid4j.model.LtcInitialisation;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelKind;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import io.liquid4j.predict.Preprocessing;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.CustomWiring;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.Ncp;
import io.liquid4j.wiring.RandomWiring;
import io.liquid4j.wiring.Wiring;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Export back to ncps: on every golden ncps case, import → export → import gives a bit-identical
 * model and the exported state_dict equals the file ncps wrote tensor by tensor (names, order,
 * shapes, dtype and bytes); seeded random models of every ncps kind round-trip exactly in float64
 * and round each value to float in float32, with the tensor names ncps's modules register
 * (derived here from the ncps 1.0.1 source, independently of liquid4j's layout); every setting
 * ncps cannot express is refused with one line naming it, and nothing is written.
 */
class NcpsExportTest {
  @TempDir Path tmp;

  static Stream<Path> cases() {
    return GoldenFiles.cases().stream();
  }

  static long[] bits(double[] values) {
    long[] b = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = Double.doubleToRawLongBits(values[i]);
    }
    return b;
  }

  /** The data buffer of a safetensors file: everything after its header. */
  static byte[] dataBuffer(byte[] file) {
    long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Arrays.copyOfRange(file, 8 + (int) headerLength, file.length);
  }

  static void assertSameRun(SequenceOutput expected, SequenceOutput actual) {
    assertArrayEquals(expected.shape(), actual.shape());
    assertArrayEquals(bits(expected.outputs()), bits(actual.outputs()), "outputs");
    assertArrayEquals(bits(expected.finalState().h()), bits(actual.finalState().h()), "final h");
    if (expected.finalState().hasMemory()) {
      assertArrayEquals(bits(expected.finalState().c()), bits(actual.finalState().c()),
          "final c");
    }
  }

  static void assertSameModel(SequenceModel expected, SequenceModel actual) {
    assertEquals(expected.config(), actual.config());
    assertArrayEquals(bits(expected.parameters()), bits(actual.parameters()), "parameters");
    assertArrayEquals(ModelFile.toBytes(expected), ModelFile.toBytes(actual), "model file bytes");
  }

  static SequenceModel reimport(Path dir) throws IOException {
    return NcpsImport.load(dir.resolve(NcpsExport.CONFIG_FILE),
        dir.resolve(NcpsExport.WEIGHTS_FILE));
  }

  // ------------------------------------------------------------------------------ golden cases

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenCasesRoundTripBitForBit(Path golden) throws IOException {
    SequenceModel imported = NcpsImport.load(golden.resolve("config.json"),
        golden.resolve("model.safetensors"));
    for (DType dtype : List.of(DType.F32, DType.F64)) {
      Path out = tmp.resolve(dtype.name());
      NcpsExport.Result r = NcpsExport.write(imported, out, dtype, false);
      assertTrue(r.warnings().isEmpty(), r.warnings().toString());
      assertNull(r.preprocessing());
      SequenceModel again = reimport(out);
      assertSameModel(imported, again);
      assertSameRun(NcpsImportTest.run(imported, golden), NcpsImportTest.run(again, golden));
      // The exported config reads as the config the ncps user wrote.
      assertEquals(NcpsImport.readConfig(golden.resolve("config.json")),
          NcpsImport.readConfig(out.resolve("config.json")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exportedStateDictIsTheOneNcpsWrote(Path golden) throws IOException {
    SequenceModel imported = NcpsImport.load(golden.resolve("config.json"),
        golden.resolve("model.safetensors"));
    NcpsExport.write(imported, tmp, DType.F32, false);
    SafetensorsFile original = Safetensors.read(golden.resolve("model.safetensors"));
    SafetensorsFile exported = Safetensors.read(tmp.resolve("model.safetensors"));
    assertEquals(new ArrayList<>(original.tensors().keySet()),
        new ArrayList<>(exported.tensors().keySet()), "names, in state_dict order");
    for (Tensor t : original.tensors().values()) {
      Tensor e = exported.tensors().get(t.name());
      assertEquals(DType.F32, e.dtype(), t.name());
      assertArrayEquals(t.shape(), e.shape(), t.name());
    }
    // Same tensors in the same order and dtype tile the buffer alike: equal buffers are equal
    // bytes for every tensor.
    assertArrayEquals(dataBuffer(Files.readAllBytes(golden.resolve("model.safetensors"))),
        dataBuffer(Files.readAllBytes(tmp.resolve("model.safetensors"))));
    assertEquals(Map.of("format", "pt"), exported.metadata());
  }

  // ---------------------------------------------------------------------- random models, kinds

  static List<Arguments> ncpsKinds() {
    Ncp ncp = new Ncp(5, 4, 2, 2, 2, 2, 2, 7);
    return List.of(
        Arguments.of("LTC units", ModelConfig.ltc(3, 6).build()),
        Arguments.of("LTC FullyConnected out2 no self, mixed, last",
            ModelConfig.ltc(2, new FullyConnected(7, 2, 99, false)).mixedMemory(true)
                .returnSequences(false).build()),
        Arguments.of("LTC NCP none maps, unfolds 2, eps, clip",
            ModelConfig.ltc(3, ncp).mappings(Mapping.NONE, Mapping.NONE).odeUnfolds(2)
                .epsilon(1e-6).implicitParamConstraints(false).build()),
        Arguments.of("LTC AutoNCP linear/affine",
            ModelConfig.ltc(4, new AutoNcp(10, 3, 0.4, 5))
                .mappings(Mapping.LINEAR, Mapping.AFFINE).build()),
        Arguments.of("LTC Random",
            ModelConfig.ltc(2, new RandomWiring(6, 4, 0.3, 12)).build()),
        Arguments.of("CfC default mixed proj",
            ModelConfig.cfc(3, 5).backbone(8, 1, 0.0).mixedMemory(true).projSize(2).build()),
        Arguments.of("CfC no_gate 3 layers dropout relu",
            ModelConfig.cfc(2, 4).mode(CfcMode.NO_GATE).backbone(6, 3, 0.1)
                .activation(Activation.RELU).build()),
        Arguments.of("CfC pure no backbone",
            ModelConfig.cfc(3, 4).mode(CfcMode.PURE).backbone(0, 0, 0.0)
                .returnSequences(false).build()),
        Arguments.of("CfC gelu", ModelConfig.cfc(2, 3).backbone(5, 2, 0.0)
            .activation(Activation.GELU).build()),
        Arguments.of("CfC silu", ModelConfig.cfc(2, 3).backbone(5, 1, 0.0)
            .activation(Activation.SILU).build()),
        Arguments.of("CfC tanh pure", ModelConfig.cfc(2, 3).mode(CfcMode.PURE)
            .backbone(4, 2, 0.0).activation(Activation.TANH).build()),
        Arguments.of("wired CfC AutoNCP mixed proj",
            ModelConfig.cfc(3, new AutoNcp(12, 2)).mixedMemory(true).projSize(3).build()),
        Arguments.of("wired CfC NCP pure", ModelConfig.cfc(3, ncp).mode(CfcMode.PURE).build()),
        Arguments.of("wired CfC Random no_gate last",
            ModelConfig.cfc(2, new RandomWiring(6, 6, 0.5, 3)).mode(CfcMode.NO_GATE)
                .returnSequences(false).build()),
        Arguments.of("wired CfC FullyConnected",
            ModelConfig.cfc(2, new FullyConnected(5)).build()));
  }

  /** A model of the config with every trainable value drawn at random (masks kept). */
  static SequenceModel randomModel(ModelConfig config, long seed) {
    SequenceModel m = SequenceModel.create(config, seed);
    double[] p = m.parameters();
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (ParameterLayout.Entry e : m.layout().entries()) {
      if (e.trainable()) {
        for (int i = e.offset(); i < e.offset() + e.size(); i++) {
          p[i] += 0.1 * (2 * rng.nextDouble() - 1);
        }
      }
    }
    return m.withParameters(p);
  }

  static SequenceOutput runRandom(SequenceModel m, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int b = 2;
    int l = 5;
    double[] x = new double[b * l * m.inputSize()];
    double[] ts = new double[b * l];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * rng.nextDouble() - 1;
    }
    for (int i = 0; i < ts.length; i++) {
      ts[i] = 0.2 + 1.5 * rng.nextDouble(); // irregular Δt
    }
    return m.forward(x, b, l, ts, null);
  }

  /**
   * The state_dict keys and shapes of the ncps 1.0.1 module for a config, as its source registers
   * them: a module's own parameters first, then its children's (PyTorch's state_dict order).
   */
  static Map<String, List<Integer>> ncpsStateDict(ModelConfig c, Wiring wiring) {
    Map<String, List<Integer>> d = new LinkedHashMap<>();
    int s = c.inputSize();
    int n = c.units();
    if (c.model() == ModelKind.LTC) {
      // LTCCell._allocate_parameters
      for (String k : List.of("gleak", "vleak", "cm")) {
        d.put("rnn_cell." + k, List.of(n));
      }
      for (String k : List.of("sigma", "mu", "w", "erev")) {
        d.put("rnn_cell." + k, List.of(n, n));
      }
      for (String k : List.of("sensory_sigma", "sensory_mu", "sensory_w", "sensory_erev")) {
        d.put("rnn_cell." + k, List.of(s, n));
      }
      d.put("rnn_cell.sparsity_mask", List.of(n, n));
      d.put("rnn_cell.sensory_sparsity_mask", List.of(s, n));
      if (c.inputMapping() != Mapping.NONE) {
        d.put("rnn_cell.input_w", List.of(s));
      }
      if (c.inputMapping() == Mapping.AFFINE) {
        d.put("rnn_cell.input_b", List.of(s));
      }
      int motors = wiring.outputDim();
      if (c.outputMapping() != Mapping.NONE) {
        d.put("rnn_cell.output_w", List.of(motors));
      }
      if (c.outputMapping() == Mapping.AFFINE) {
        d.put("rnn_cell.output_b", List.of(motors));
      }
    } else if (c.wiring() != null) {
      // WiredCfCCell: one CfCCell per layer, no backbone, a sparsity mask (layer, in + layer).
      int in = s;
      for (int l = 0; l < wiring.numLayers(); l++) {
        int units = wiring.neuronsOfLayer(l).length;
        cfcCell(d, "rnn_cell.layer_" + l + ".", c.mode(), in, units, 0, 0, true);
        in = units;
      }
    } else {
      cfcCell(d, "rnn_cell.", c.mode(), s, n, c.backboneUnits(), c.backboneLayers(),
          false);
      if (c.backboneDropout() > 0) {
        // nn.Sequential numbers its children: Linear, act, then Linear, act, Dropout per layer.
        Map<String, List<Integer>> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : d.entrySet()) {
          String k = e.getKey();
          for (int layer = 1; layer < c.backboneLayers(); layer++) {
            String from = "rnn_cell.backbone." + (2 * layer) + ".";
            if (k.startsWith(from)) {
              k = "rnn_cell.backbone." + (3 * layer - 1) + "." + k.substring(from.length());
              break;
            }
          }
          renamed.put(k, e.getValue());
        }
        d = renamed;
      }
    }
    if (c.mixedMemory()) {
      d.put("lstm.input_map.weight", List.of(4 * n, s));
      d.put("lstm.input_map.bias", List.of(4 * n));
      d.put("lstm.recurrent_map.weight", List.of(4 * n, n));
    }
    if (c.projSize() > 0) {
      int out = wiring != null ? wiring.outputDim() : n;
      d.put("fc.weight", List.of(c.projSize(), out));
      d.put("fc.bias", List.of(c.projSize()));
    }
    return d;
  }

  /** ncps's CfCCell: sparsity_mask, w_tau, A (own), then backbone, ff1, ff2, time_a, time_b. */
  static void cfcCell(Map<String, List<Integer>> d, String prefix, CfcMode mode, int in,
      int hidden, int backboneUnits, int backboneLayers, boolean mask) {
    int cat = backboneLayers == 0 ? in + hidden : backboneUnits;
    if (mask) {
      d.put(prefix + "sparsity_mask", List.of(hidden, in + hidden));
    }
    if (mode == CfcMode.PURE) {
      d.put(prefix + "w_tau", List.of(1, hidden));
      d.put(prefix + "A", List.of(1, hidden));
    }
    for (int l = 0; l < backboneLayers; l++) {
      int width = l == 0 ? in + hidden : backboneUnits;
      d.put(prefix + "backbone." + (2 * l) + ".weight", List.of(backboneUnits, width));
      d.put(prefix + "backbone." + (2 * l) + ".bias", List.of(backboneUnits));
    }
    List<String> heads = mode == CfcMode.PURE ? List.of("ff1")
        : List.of("ff1", "ff2", "time_a", "time_b");
    for (String h : heads) {
      d.put(prefix + h + ".weight", List.of(hidden, cat));
      d.put(prefix + h + ".bias", List.of(hidden));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ncpsKinds")
  void randomModelsRoundTripExactlyInFloat64(String name, ModelConfig config)
      throws IOException {
    SequenceModel model = randomModel(config, name.hashCode());
    NcpsExport.write(model, tmp, DType.F64, false);
    SequenceModel again = reimport(tmp);
    assertSameModel(model, again);
    assertSameRun(runRandom(model, 11), runRandom(again, 11));

    SafetensorsFile file = Safetensors.read(tmp.resolve("model.safetensors"));
    Map<String, List<Integer>> names = new LinkedHashMap<>();
    for (Tensor t : file.tensors().values()) {
      assertEquals(DType.F64, t.dtype(), t.name());
      names.put(t.name(), Arrays.stream(t.shape()).boxed().toList());
    }
    assertEquals(ncpsStateDict(config, model.wiring()), names,
        "ncps's state_dict keys, shapes and order");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ncpsKinds")
  void float32RoundsEachValueAndThenRoundTrips(String name, ModelConfig config)
      throws IOException {
    SequenceModel model = randomModel(config, 31L * name.hashCode());
    NcpsExport.write(model, tmp.resolve("a"), DType.F32, false);
    SafetensorsFile file = Safetensors.read(tmp.resolve("a").resolve("model.safetensors"));
    double[] p = model.parameters();
    boolean rounded = false;
    for (ParameterLayout.Entry e : model.layout().entries()) {
      Tensor t = file.tensors().get(e.name());
      assertEquals(DType.F32, t.dtype());
      for (int i = 0; i < e.size(); i++) {
        double v = p[e.offset() + i];
        assertEquals(Double.doubleToRawLongBits((float) v),
            Double.doubleToRawLongBits(t.get(i)), e.name() + "[" + i + "]");
        rounded |= (float) v != v;
      }
    }
    assertTrue(rounded, "a random float64 model has values float32 cannot hold");
    // A model from float32 tensors (as an ncps import is) goes back exactly.
    SequenceModel fromFloat32 = reimport(tmp.resolve("a"));
    assertNotEquals(Arrays.toString(model.parameters()),
        Arrays.toString(fromFloat32.parameters()));
    NcpsExport.write(fromFloat32, tmp.resolve("b"), DType.F32, false);
    assertSameModel(fromFloat32, reimport(tmp.resolve("b")));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve("model.safetensors")),
        Files.readAllBytes(tmp.resolve("b").resolve("model.safetensors")));
  }

  @Test
  void configJsonHoldsOnlyNcpsConstructorKeywords() throws IOException {
    SequenceModel ltc = randomModel(ModelConfig.ltc(2, new AutoNcp(8, 2)).build(), 1);
    NcpsExport.write(ltc, tmp.resolve("ltc"), DType.F32, false);
    @SuppressWarnings("unchecked")
    Map<String, Object> l = JsonMapper.builder().build()
        .readValue(tmp.resolve("ltc").resolve("config.json").toFile(), Map.class);
    // ncps.torch.LTC's keywords (its signature in ncps 1.0.1), plus "model".
    assertEquals(List.of("model", "input_size", "units", "return_sequences", "mixed_memory",
        "input_mapping", "output_mapping", "ode_unfolds", "epsilon",
        "implicit_param_constraints"), new ArrayList<>(l.keySet()));
    assertEquals(Map.of("type", "AutoNCP", "units", 8, "output_size", 2, "sparsity_level", 0.5,
        "seed", 22222), l.get("units"));

    SequenceModel cfc = randomModel(ModelConfig.cfc(2, 4).projSize(1).build(), 2);
    NcpsExport.write(cfc, tmp.resolve("cfc"), DType.F32, false);
    @SuppressWarnings("unchecked")
    Map<String, Object> c = JsonMapper.builder().build()
        .readValue(tmp.resolve("cfc").resolve("config.json").toFile(), Map.class);
    assertEquals(List.of("model", "input_size", "units", "proj_size", "return_sequences",
        "mixed_memory", "mode", "activation", "backbone_units", "backbone_layers",
        "backbone_dropout"), new ArrayList<>(c.keySet()));

    SequenceModel wired = randomModel(ModelConfig.cfc(2, new AutoNcp(8, 2)).build(), 3);
    // ncps raises on backbone keywords with a wiring.
    assertFalse(NcpsExport.constructorArguments(wired.config()).containsKey("backbone_units"));
  }

  @Test
  void aWiredCfcsUnusedActivationIsNotPartOfTheModel() throws IOException {
    // Neither ncps's nor liquid4j's wired cells apply an activation (they have no backbone), so
    // it is left out as a model file leaves it out, and the model comes back the same.
    SequenceModel model = randomModel(ModelConfig.cfc(3, new AutoNcp(10, 2))
        .activation(Activation.RELU).build(), 8);
    NcpsExport.write(model, tmp, DType.F64, false);
    SequenceModel again = reimport(tmp);
    assertEquals(Activation.LECUN_TANH, again.config().activation());
    assertArrayEquals(ModelFile.toBytes(model), ModelFile.toBytes(again));
    assertSameRun(runRandom(model, 3), runRandom(again, 3));
  }

  // ------------------------------------------------------------------------------- refusals

  static List<Arguments> refusals() {
    return List.of(
        Arguments.of(ModelConfig.ctrnn(2, 4).build(), "model is CTRNN"),
        Arguments.of(ModelConfig.lstm(2, 4).build(), "model is LSTM"),
        Arguments.of(ModelConfig.ltc(2, new CustomWiring(2, 1, new int[][] {{0, 1}, {-1, 1}},
            new int[][] {{1, 0}, {0, -1}})).build(), "units is a Custom wiring"),
        Arguments.of(ModelConfig.cfc(2, new CustomWiring(2, 1, new int[][] {{0, 1}, {-1, 1}},
            new int[][] {{1, 0}, {0, -1}})).build(), "units is a Custom wiring"),
        Arguments.of(ModelConfig.cfc(2, 4).mixedMemory(true).forgetBias(0.5).build(),
            "forget_bias is 0.5"),
        Arguments.of(ModelConfig.ltc(2, 4).projSize(2).build(), "proj_size is 2"),
        Arguments.of(ModelConfig.ltc(2, 4).solver(SolverKind.EULER).build(), "solver is euler"),
        Arguments.of(ModelConfig.ltc(2, 4).solver(SolverKind.RK4).build(), "solver is rk4"),
        Arguments.of(ModelConfig.ltc(2, 4).solver(SolverKind.DOPRI5).build(),
            "solver is dopri5"),
        Arguments.of(ModelConfig.ltc(2, 4).tolerances(1e-3, 1e-8).build(), "rtol is 0.001"),
        Arguments.of(ModelConfig.ltc(2, 4).tolerances(1e-6, 1e-5).build(), "atol is 1.0E-5"),
        Arguments.of(ModelConfig.ltc(2, 4).implicitParamConstraints(false)
            .initialisation(LtcInitialisation.PAPER).build(), "init is paper"),
        Arguments.of(ModelConfig.cfc(2, 4).cfcVariant(CfcVariant.PAPER).build(),
            "cfc_variant is paper"),
        Arguments.of(ModelConfig.cfc(2, 4).cfcVariant(CfcVariant.PAPER).mixedMemory(true)
            .build(), "cfc_variant is paper"));
  }

  /**
   * Precision is liquid4j's arithmetic setting, not a model ncps could not run: a float32 model is
   * exported with a warning, and comes back with the same parameters at float64, the tensors
   * byte for byte those of the float64 model.
   */
  @Test
  void aFloat32PrecisionModelIsExportedWithAWarning() throws IOException {
    for (ModelConfig config : List.of(ModelConfig.cfc(2, 4).build(),
        ModelConfig.ltc(2, new AutoNcp(8, 1)).build())) {
      SequenceModel model = randomModel(config, 4);
      SequenceModel fast = model.withPrecision(Precision.FLOAT32);
      Path a = tmp.resolve("f32-" + config.model());
      Path b = tmp.resolve("f64-" + config.model());
      NcpsExport.Result r = NcpsExport.write(fast, a, DType.F64, false);
      NcpsExport.write(model, b, DType.F64, false);
      assertEquals(1, r.warnings().size(), r.warnings().toString());
      assertTrue(r.warnings().get(0).contains("precision float32 is liquid4j's arithmetic"
          + " setting and not written"), r.warnings().get(0));
      assertArrayEquals(Files.readAllBytes(b.resolve(NcpsExport.WEIGHTS_FILE)),
          Files.readAllBytes(a.resolve(NcpsExport.WEIGHTS_FILE)));
      assertEquals(Files.readString(b.resolve(NcpsExport.CONFIG_FILE)),
          Files.readString(a.resolve(NcpsExport.CONFIG_FILE)));
      SequenceModel again = reimport(a);
      assertEquals(Precision.FLOAT64, again.precision());
      assertArrayEquals(model.parameters(), again.parameters());
    }
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refusals")
  void settingsNcpsCannotExpressAreRefused(ModelConfig config, String setting)
      throws IOException {
    SequenceModel model = SequenceModel.create(config, 1);
    Path out = tmp.resolve("out");
    for (DType dtype : List.of(DType.F32, DType.F64)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> NcpsExport.write(model, out, dtype, true));
      assertTrue(e.getMessage().startsWith("cannot export to ncps: " + setting), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line");
    }
    assertFalse(Files.exists(out), "nothing written");
    // Through a model file, the message names the file too.
    Path file = tmp.resolve("m.model");
    ModelFile.save(model, file, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NcpsExport.write(file, out, DType.F32, false));
    assertTrue(e.getMessage().startsWith(file + ": cannot export to ncps: " + setting),
        e.getMessage());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void float32RefusesValuesBeyondItsRangeAndOtherDtypesAreRefused() throws IOException {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(2, 3).backbone(4, 1, 0).build(), 4);
    double[] p = model.parameters();
    int at = model.layout().entry("rnn_cell.ff1.bias").offset() + 1;
    p[at] = 1e39;
    SequenceModel huge = model.withParameters(p);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NcpsExport.write(huge, tmp.resolve("out"), DType.F32, false));
    assertEquals("dtype float32: parameter rnn_cell.ff1.bias[1] = 1.0E39 is beyond float32's"
        + " range; export with dtype float64", e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out")));
    NcpsExport.write(huge, tmp.resolve("out"), DType.F64, false);
    assertSameModel(huge, reimport(tmp.resolve("out")));
    for (DType other : List.of(DType.F16, DType.BF16, DType.I32)) {
      IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
          () -> NcpsExport.write(model, tmp.resolve("o2"), other, false));
      assertTrue(d.getMessage().startsWith("dtype: "), d.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------- files

  @Test
  void existingFilesAreKeptUnlessOverwriteAndOnlyRegularFilesAreReplaced() throws IOException {
    SequenceModel a = randomModel(ModelConfig.ltc(2, 4).build(), 1);
    SequenceModel b = randomModel(ModelConfig.ltc(2, 4).build(), 2);
    NcpsExport.write(a, tmp, DType.F64, false);
    byte[] weights = Files.readAllBytes(tmp.resolve("model.safetensors"));
    byte[] config = Files.readAllBytes(tmp.resolve("config.json"));
    assertThrows(FileAlreadyExistsException.class,
        () -> NcpsExport.write(b, tmp, DType.F64, false));
    assertArrayEquals(weights, Files.readAllBytes(tmp.resolve("model.safetensors")));
    assertArrayEquals(config, Files.readAllBytes(tmp.resolve("config.json")));

    // Only one of the two files there: still refused, and the missing one is not created.
    Path half = tmp.resolve("half");
    Files.createDirectories(half);
    Files.writeString(half.resolve("config.json"), "precious");
    assertThrows(FileAlreadyExistsException.class,
        () -> NcpsExport.write(b, half, DType.F64, false));
    assertEquals("precious", Files.readString(half.resolve("config.json")));
    assertFalse(Files.exists(half.resolve("model.safetensors")));

    NcpsExport.write(b, tmp, DType.F64, true);
    assertSameModel(b, reimport(tmp));

    Path linked = tmp.resolve("linked");
    Files.createDirectories(linked);
    Path victim = tmp.resolve("victim.txt");
    Files.writeString(victim, "keep");
    Files.createSymbolicLink(linked.resolve("model.safetensors"), victim);
    FileSystemException link = assertThrows(FileSystemException.class,
        () -> NcpsExport.write(b, linked, DType.F64, true));
    assertTrue(link.getMessage().contains("symbolic link"), link.getMessage());
    assertEquals("keep", Files.readString(victim));
    assertFalse(Files.exists(linked.resolve("config.json")));

    Path file = tmp.resolve("a-file");
    Files.writeString(file, "x");
    assertThrows(NotDirectoryException.class, () -> NcpsExport.write(b, file, DType.F64, true));
    assertEquals("x", Files.readString(file));
  }

  static Preprocessing preprocessing(boolean scaled) {
    Preprocessing.Builder p = Preprocessing.builder().features(List.of("a", "b"))
        .regression(List.of("y1", "y2", "y3", "y4"));
    if (scaled) {
      p.inputScaling(Standardizer.of(new double[] {1.5, -2}, new double[] {0.5, 3}))
          .targetScaling(Standardizer.of(new double[] {0, 1, 2, 3}, new double[] {1, 2, 3, 4}));
    }
    return p.build();
  }

  @Test
  void storedPreprocessingGoesToASideFileWithAWarning() throws IOException {
    SequenceModel model = randomModel(ModelConfig.ltc(2, 4).build(), 5);
    Path file = tmp.resolve("trained.model");
    Preprocessing p = preprocessing(true);
    ModelFile.save(model, p, file, false);
    Path out = tmp.resolve("out");
    NcpsExport.Result r = NcpsExport.write(file, out, DType.F64, false);
    assertEquals(out.resolve("preprocessing.json"), r.preprocessing());
    @SuppressWarnings("unchecked")
    Map<String, Object> stored = JsonMapper.builder().build()
        .readValue(r.preprocessing().toFile(), Map.class);
    assertEquals(p, Preprocessing.fromMap(stored, r.preprocessing().toString()));
    assertEquals(1, r.warnings().size());
    String w = r.warnings().get(0);
    assertTrue(w.contains(r.preprocessing().toString()) && w.contains("ncps does not apply it")
        && w.contains("input_scaling") && w.contains("target_scaling"), w);
    assertSameModel(model, reimport(out));

    // Without scaling the side file is still written, and the warning says it changes nothing.
    Path plain = tmp.resolve("plain.model");
    ModelFile.save(model, preprocessing(false), plain, false);
    NcpsExport.Result q = NcpsExport.write(plain, tmp.resolve("out2"), DType.F64, false);
    assertTrue(q.warnings().get(0).contains("changes no numbers"), q.warnings().get(0));

    // A later export without preprocessing does not leave the old one beside the new model.
    assertThrows(FileAlreadyExistsException.class,
        () -> NcpsExport.write(model, out, DType.F64, false));
    NcpsExport.Result none = NcpsExport.write(model, out, DType.F64, true);
    assertNull(none.preprocessing());
    assertTrue(none.warnings().isEmpty());
    assertFalse(Files.exists(out.resolve("preprocessing.json")));
  }

  @Test
  void preprocessingThatDoesNotFitIsRefused() {
    SequenceModel model = randomModel(ModelConfig.ltc(3, 4).build(), 5);
    assertThrows(IllegalArgumentException.class,
        () -> NcpsExport.write(model, preprocessing(true), tmp.resolve("o"), DType.F32, false));
    assertFalse(Files.exists(tmp.resolve("o")));
  }
}
