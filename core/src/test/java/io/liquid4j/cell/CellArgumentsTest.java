package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.FullyConnected;
import io.liquid4j.wiring.Wiring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every public constructor and parser of the cell package rejects bad arguments by name. */
class CellArgumentsTest {
  static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention " + p);
    }
  }

  final Wiring wiring = new FullyConnected(4).build(2);

  @Test
  void ltcCell() {
    assertMessage(() -> new LtcCell(wiring, Mapping.AFFINE, Mapping.AFFINE, 0, 1e-8, true,
        SolverKind.FUSED, 1e-6, 1e-8), "ode_unfolds", "0");
    assertMessage(() -> new LtcCell(wiring, Mapping.AFFINE, Mapping.AFFINE, 6, -1, true,
        SolverKind.FUSED, 1e-6, 1e-8), "epsilon", "-1");
    assertMessage(() -> new LtcCell(wiring, Mapping.AFFINE, Mapping.AFFINE, 6, 1e-8, true,
        SolverKind.DOPRI5, -1e-6, 1e-8), "rtol");
  }

  @Test
  void cfcCell() {
    assertMessage(() -> new CfcCell(0, 4, CfcMode.DEFAULT, Activation.TANH, 8, 1, 0, null),
        "input_size", "0");
    assertMessage(() -> new CfcCell(2, 0, CfcMode.DEFAULT, Activation.TANH, 8, 1, 0, null),
        "units", "0");
    assertMessage(() -> new CfcCell(2, 4, CfcMode.DEFAULT, Activation.TANH, 0, 1, 0, null),
        "backbone_units", "0");
    assertMessage(() -> new CfcCell(2, 4, CfcMode.DEFAULT, Activation.TANH, 8, -1, 0, null),
        "backbone_layers", "-1");
    assertMessage(() -> new CfcCell(2, 4, CfcMode.DEFAULT, Activation.TANH, 8, 2, 1.5, null),
        "backbone_dropout", "1.5");
    assertMessage(() -> new CfcCell(2, 4, CfcMode.DEFAULT, Activation.TANH, 8, 2, 0,
        new double[5]), "sparsity mask", "(6, 4)", "5");
  }

  @Test
  void ctrnnCell() {
    assertMessage(() -> new CtrnnCell(2, 4, Activation.TANH, SolverKind.FUSED, 6, 1e-6, 1e-8),
        "solver", "fused");
    assertMessage(() -> new CtrnnCell(2, 4, Activation.TANH, SolverKind.EULER, 0, 1e-6, 1e-8),
        "steps", "0");
    assertMessage(() -> new CtrnnCell(0, 4, Activation.TANH, SolverKind.EULER, 6, 1e-6, 1e-8),
        "input_size");
  }

  @Test
  void namesOfModesActivationsMappingsAndSolvers() {
    assertMessage(() -> CfcMode.fromName("mode", "gated"), "mode", "gated", "no_gate");
    assertMessage(() -> Activation.fromName("activation", "swish"), "activation", "swish",
        "lecun_tanh");
    assertMessage(() -> Mapping.fromName("input_mapping", "Affine"), "input_mapping", "Affine");
    assertMessage(() -> SolverKind.fromName("solver", ""), "solver", "dopri5");
    assertEquals(CfcMode.NO_GATE, CfcMode.fromName("mode", "no_gate"));
    assertEquals(Activation.LECUN_TANH, Activation.fromName("activation", "lecun_tanh"));
  }

  @Test
  void parameterLayout() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    b.add("w", 2, 3);
    b.addFrozen("mask", 3);
    ParameterLayout layout = b.build();
    assertEquals(9, layout.size());
    assertEquals(6, layout.trainableSize());
    assertEquals(6, layout.offset("mask"));
    assertMessage(() -> layout.entry("v"), "no parameter named 'v'", "w, mask");
    ParameterLayout.Builder dup = ParameterLayout.builder();
    dup.add("w", 1);
    dup.add("w", 1);
    assertMessage(dup::build, "duplicate", "'w'");
    assertEquals("rnn_cell.w", layout.shifted("rnn_cell.", 10).entries().get(0).name());
    assertEquals(10, layout.shifted("rnn_cell.", 10).offset("rnn_cell.w"));
  }
}
