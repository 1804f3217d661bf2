package io.liquid4j.onnx;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.Mapping;
import io.liquid4j.cell.Precision;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.RandomWiring;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random models of every kind liquid4j runs, exported in both forms and both precisions,
 * run in ONNX Runtime and compared with liquid4j's forward ({@link ExportCheck}).
 */
class RandomModelsOrtTest {
  static Stream<Arguments> models() {
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {"cfc default", ModelConfig.cfc(3, 5).build()});
    cases.add(new Object[] {"cfc default backbone 8x2 silu",
        ModelConfig.cfc(3, 5).backbone(8, 2, 0.0).activation(Activation.SILU).build()});
    cases.add(new Object[] {"cfc no_gate backbone gelu dropout",
        ModelConfig.cfc(2, 4).mode(CfcMode.NO_GATE).backbone(6, 2, 0.2)
            .activation(Activation.GELU).build()});
    cases.add(new Object[] {"cfc pure relu backbone",
        ModelConfig.cfc(3, 4).mode(CfcMode.PURE).backbone(5, 1, 0.0)
            .activation(Activation.RELU).build()});
    cases.add(new Object[] {"cfc lecun_tanh backbone proj last step",
        ModelConfig.cfc(3, 6).backbone(7, 1, 0.0).activation(Activation.LECUN_TANH)
            .projSize(2).returnSequences(false).build()});
    cases.add(new Object[] {"cfc tanh backbone mixed memory proj",
        ModelConfig.cfc(2, 5).backbone(4, 1, 0.0).activation(Activation.TANH)
            .mixedMemory(true).projSize(3).build()});
    cases.add(new Object[] {"cfc paper variant",
        ModelConfig.cfc(3, 5).cfcVariant(CfcVariant.PAPER).backbone(6, 2, 0.1).build()});
    cases.add(new Object[] {"cfc paper variant mixed memory forget bias",
        ModelConfig.cfc(3, 4).cfcVariant(CfcVariant.PAPER).mixedMemory(true).forgetBias(0.5)
            .backbone(6, 1, 0.0).build()});
    cases.add(new Object[] {"wired cfc autoncp default",
        ModelConfig.cfc(3, new AutoNcp(9, 2)).build()});
    cases.add(new Object[] {"wired cfc random wiring no_gate mixed memory",
        ModelConfig.cfc(2, new RandomWiring(6, 2, 0.5, 3)).mode(CfcMode.NO_GATE)
            .mixedMemory(true).build()});
    cases.add(new Object[] {"wired cfc pure",
        ModelConfig.cfc(2, new AutoNcp(8, 1)).mode(CfcMode.PURE).build()});
    cases.add(new Object[] {"ltc fused autoncp",
        ModelConfig.ltc(3, new AutoNcp(10, 2)).build()});
    cases.add(new Object[] {"ltc fused fully connected clip constraints linear maps",
        ModelConfig.ltc(2, new FullyConnected(6, 2, 7, true)).implicitParamConstraints(false)
            .mappings(Mapping.LINEAR, Mapping.LINEAR).odeUnfolds(3).build()});
    cases.add(new Object[] {"ltc fused no maps mixed memory proj last step",
        ModelConfig.ltc(2, new AutoNcp(8, 2)).mappings(Mapping.NONE, Mapping.NONE)
            .mixedMemory(true).projSize(1).returnSequences(false).build()});
    cases.add(new Object[] {"ltc euler",
        ModelConfig.ltc(2, new AutoNcp(8, 2)).solver(SolverKind.EULER).odeUnfolds(4).build()});
    cases.add(new Object[] {"ltc rk4",
        ModelConfig.ltc(2, new RandomWiring(6, 2, 0.4, 11)).solver(SolverKind.RK4)
            .odeUnfolds(2).build()});
    cases.add(new Object[] {"ctrnn euler tanh",
        ModelConfig.ctrnn(3, 5).solver(SolverKind.EULER).odeUnfolds(3).build()});
    cases.add(new Object[] {"ctrnn rk4 silu proj",
        ModelConfig.ctrnn(2, 4).solver(SolverKind.RK4).odeUnfolds(2)
            .activation(Activation.SILU).projSize(2).build()});
    cases.add(new Object[] {"lstm", ModelConfig.lstm(3, 5).build()});
    cases.add(new Object[] {"lstm proj last step",
        ModelConfig.lstm(2, 4).projSize(1).returnSequences(false).build()});
    List<Arguments> out = new ArrayList<>();
    long seed = 1;
    for (Object[] c : cases) {
      for (Precision p : Precision.values()) {
        out.add(Arguments.of(c[0], c[1], p, seed++));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("models")
  void exportRunsInOnnxRuntimeAsInLiquid4j(String name, ModelConfig config, Precision precision,
      long seed) throws Exception {
    SequenceModel model = SequenceModel.create(config, 100 + seed);
    ExportCheck.check(name + " " + precision, model, null, precision, 3, 7, seed);
  }

  @BeforeAll
  static void resetWorst() {
    java.util.Arrays.fill(ExportCheck.WORST, 0.0);
  }

  @AfterAll
  static void report() {
    System.out.println("RandomModelsOrtTest " + ExportCheck.worst());
  }
}
