package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 16 cases 5 and 6: sizes with no real upper bound are refused, naming the key and the
 * limit, before anything of that size is allocated (each case runs in milliseconds).
 */
class ModelLimitsTest {
  private static void assertRefused(Executable e, String... parts) {
    Throwable t = assertThrows(Throwable.class, e);
    assertTrue(t instanceof IllegalArgumentException || t instanceof FileFormatException,
        () -> "expected a one-line error, got " + t);
    String m = t.getMessage();
    assertTrue(!m.contains("\n"), m);
    for (String p : parts) {
      assertTrue(m.contains(p), () -> "'" + m + "' should contain '" + p + "'");
    }
  }

  private static Map<String, Object> ltc(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", "LTC");
    m.put("input_size", 2);
    m.put("units", 4);
    m.put(key, value);
    return m;
  }

  @Test
  void eachSizeHasALimitNamedWithItsKey() {
    assertRefused(() -> ModelConfig.fromMap(ltc("units", 30_000), "m.json"),
        "m.json", "units", "<= 10000", "30000");
    assertRefused(() -> ModelConfig.fromMap(ltc("input_size", 100_000_000), "m.json"),
        "input_size", "<= 1000000", "100000000");
    assertRefused(() -> ModelConfig.fromMap(ltc("ode_unfolds", 1_000_000_000), "m.json"),
        "ode_unfolds", "<= 1000", "1000000000");
    assertRefused(() -> ModelConfig.fromMap(ltc("proj_size", 2_000_000), "m.json"),
        "proj_size", "1000000", "2000000");
    Map<String, Object> cfc = new LinkedHashMap<>(Map.of("model", "CfC", "input_size", 2,
        "units", 4, "backbone_units", 200_000));
    assertRefused(() -> ModelConfig.fromMap(cfc, "m.json"),
        "backbone_units", "<= 100000", "200000");
    cfc.put("backbone_units", 8);
    cfc.put("backbone_layers", 5_000);
    assertRefused(() -> ModelConfig.fromMap(cfc, "m.json"),
        "backbone_layers", "<= 1000", "5000");
    Map<String, Object> wired = ltc("units",
        Map.of("type", "AutoNCP", "units", 30_000, "output_size", 1));
    assertRefused(() -> ModelConfig.fromMap(wired, "m.json"), "units", "10000", "30000");
  }

  @Test
  void wiringInputsAreBoundedBeforeTheSensoryMatrixIsAllocated() {
    assertRefused(() -> new io.liquid4j.wiring.AutoNcp(16, 1).build(100_000_000),
        "input_dim must be <= 1000000", "100000000");
    assertRefused(() -> new io.liquid4j.wiring.FullyConnected(10_000).build(20_000),
        "input_dim * units", "20000 * 10000", "100000000");
    assertRefused(() -> new io.liquid4j.wiring.FullyConnected(20_000), "units", "1..10000");
  }

  @Test
  void theLimitsThemselvesAreAccepted() {
    ModelConfig c = ModelConfig.ltc(2, ModelConfig.MAX_UNITS)
        .odeUnfolds(ModelConfig.MAX_ODE_UNFOLDS).build();
    assertTrue(c.units() == ModelConfig.MAX_UNITS);
  }

  @Test
  void aModelLargerThanTheHeapIsRefusedBeforeItIsBuilt() {
    // 10 000 units on 1 000 000 inputs: 5e10 parameters, far beyond any test heap.
    ModelConfig huge = ModelConfig.ltc(ModelConfig.MAX_INPUT_SIZE, ModelConfig.MAX_UNITS).build();
    assertTrue(huge.estimatedBytes() > Runtime.getRuntime().maxMemory());
    assertRefused(() -> SequenceModel.create(huge, 0), "units 10000", "input_size 1000000",
        "MiB", "maximum heap");
    ModelConfig small = ModelConfig.ltc(3, 8).build();
    SequenceModel m = SequenceModel.create(small, 0);
    // The estimate is an upper bound of what the model actually holds.
    assertTrue(small.estimatedParameters() >= m.parameters().length,
        small.estimatedParameters() + " < " + m.parameters().length);
  }

  @Test
  void theEstimateBoundsTheActualParametersOfEveryKind() {
    for (ModelConfig c : java.util.List.of(
        ModelConfig.ltc(3, 8).build(),
        ModelConfig.ltc(3, 8).mixedMemory(true).projSize(2).build(),
        ModelConfig.ltc(3, new io.liquid4j.wiring.AutoNcp(10, 2)).build(),
        ModelConfig.cfc(3, 8).build(),
        ModelConfig.cfc(3, 8).backbone(16, 3, 0.0).build(),
        ModelConfig.cfc(3, new io.liquid4j.wiring.AutoNcp(10, 2)).build(),
        ModelConfig.ctrnn(3, 8).build(),
        ModelConfig.lstm(3, 8).build())) {
      long actual = SequenceModel.create(c, 0).parameters().length;
      long estimate = c.estimatedParameters();
      assertTrue(estimate >= actual && estimate <= 4 * actual + 64,
          c + ": estimate " + estimate + ", actual " + actual);
    }
  }

  private static byte[] withConfig(String from, String to) throws Exception {
    byte[] bytes = ModelFile.toBytes(SequenceModel.create(ModelConfig.ltc(2, 4).build(), 0),
        Map.<String, String>of());
    SafetensorsFile f = Safetensors.read(bytes, "m.safetensors");
    Map<String, String> meta = new LinkedHashMap<>(f.metadata());
    String config = meta.get("config");
    assertTrue(config.contains(from), config);
    meta.put("config", config.replace(from, to));
    return Safetensors.toBytes(f.tensorList(), meta);
  }

  @Test
  void aSmallModelFileWhoseConfigIsHugeIsRefusedNamingTheFileAndKey() throws Exception {
    byte[] units = withConfig("\"units\":4", "\"units\":30000");
    assertRefused(() -> ModelFile.fromBytes(units, "m.safetensors"),
        "m.safetensors", "units", "10000", "30000");
    byte[] unfolds = withConfig("\"ode_unfolds\":6", "\"ode_unfolds\":1000000000");
    assertRefused(() -> ModelFile.fromBytes(unfolds, "m.safetensors"),
        "m.safetensors", "ode_unfolds", "1000", "1000000000");
  }
}
