package io.liquid4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.experiments.LtcPaperExperiment.Initialisation;
import io.liquid4j.experiments.bench.TrainingBenchmark;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.wiring.AutoNcp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

/**
 * The experiments build their networks through {@link ModelSpec}: the shared spec matrix gives
 * the same parameter layout through their path as through {@link ModelSpec#create}, and their
 * own networks are the ones they built before (written here with the builder, as they were).
 */
class ModelSpecEntryPointTest {
  /** Two features, two classes, per-step targets: the data the matrix is written for. */
  private static final SequenceDataset DATA = SequenceDataset.classification(
      new double[3 * 4 * 2], 3, 4, 2, new double[3 * 4], true, 2);

  static Stream<Arguments> matrix() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = new ObjectMapper().readValue(
        Path.of(System.getProperty("liquid4j.model.specs")).toFile(), LinkedHashMap.class);
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void theExperimentsPathBuildsTheSpecsLayout(String name, Map<String, Object> json) {
    ModelSpec spec = ModelSpec.fromMap(json, name);
    SequenceModel reference = spec.create(2, 2, true, 3);
    SequenceModel viaExperiment = LtcPaperExperiment.initialModel(
        LtcPaperExperiment.modelFor(spec, DATA), 3, Initialisation.NCPS);
    assertLayoutsEqual(reference.layout(), viaExperiment.layout());
    assertArrayEquals(reference.parameters(), viaExperiment.parameters());
  }

  @Test
  void thePaperModelsAreTheOnesBuiltBefore() {
    assertEquals(ModelConfig.ltc(2, 32).projSize(2).build(),
        LtcPaperExperiment.modelFor("ltc", DATA));
    // The paper's LTC: clipping, and its state read directly (ltc_model.py has no output mapping).
    assertEquals(ModelConfig.ltc(2, 32).projSize(2).implicitParamConstraints(false)
            .mappings(io.liquid4j.cell.Mapping.AFFINE, io.liquid4j.cell.Mapping.NONE).build(),
        LtcPaperExperiment.modelFor("LTC", DATA, Initialisation.PAPER));
    assertEquals(ModelConfig.cfc(2, 32).backbone(64, 1, 0.0).projSize(2).build(),
        LtcPaperExperiment.modelFor("cfc", DATA));
    assertEquals(ModelConfig.ctrnn(2, 32).projSize(2).build(),
        LtcPaperExperiment.modelFor("ctrnn", DATA));
    assertEquals(ModelConfig.lstm(2, 32).projSize(2).build(),
        LtcPaperExperiment.modelFor("lstm", DATA));
    // The CfC spec as a user would write it builds the experiment's CfC.
    assertEquals(LtcPaperExperiment.modelFor("cfc", DATA), ModelSpec.parse(
        "{\"model\": \"cfc\", \"units\": 32, \"backbone_units\": 64}", "s").toConfig(2, 2, true));
  }

  @Test
  void theDemoAndBenchmarkModelsAreTheOnesBuiltBefore() {
    assertEquals(ModelConfig.ltc(6, new AutoNcp(16, 2)).build(),
        OccupancyDemo.ltc().toConfig(6, 2, true));
    assertEquals(ModelConfig.cfc(6, 32).backbone(64, 1, 0.0).projSize(2).build(),
        OccupancyDemo.cfc().toConfig(6, 2, true));
    assertEquals(ModelConfig.ltc(8, new AutoNcp(32, 4)).build(), TrainingBenchmark.ltc());
    assertEquals(ModelConfig.cfc(8, 64).backbone(128, 1, 0.0).build(), TrainingBenchmark.cfc());
  }

  static void assertLayoutsEqual(ParameterLayout expected, ParameterLayout actual) {
    assertEquals(expected.entries().size(), actual.entries().size(), "number of tensors");
    for (int i = 0; i < expected.entries().size(); i++) {
      ParameterLayout.Entry e = expected.entries().get(i);
      ParameterLayout.Entry a = actual.entries().get(i);
      assertEquals(e.name(), a.name(), "tensor " + i);
      assertArrayEquals(e.shape(), a.shape(), e.name());
    }
  }
}
