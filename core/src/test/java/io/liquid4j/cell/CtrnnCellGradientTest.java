package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.solver.SolverKind;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CTRNN backward through every Euler and RK4 stage against finite differences. */
class CtrnnCellGradientTest {
  static Stream<Arguments> solversAndActivations() {
    return Stream.of(SolverKind.EULER, SolverKind.RK4)
        .flatMap(s -> Arrays.stream(Activation.values()).map(a -> Arguments.of(s, a)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("solversAndActivations")
  void stagesMatchFiniteDifferences(SolverKind solver, Activation activation) {
    CtrnnCell cell = new CtrnnCell(3, 4, activation, solver, 3, 1e-6, 1e-8);
    CellGradients.check(cell, 7L * solver.ordinal() + activation.ordinal());
  }

  @Test
  void dopri5CannotRecordATape() {
    CtrnnCell cell = new CtrnnCell(3, 4, Activation.TANH, SolverKind.DOPRI5, 1, 1e-6, 1e-8);
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> cell.newTape(2));
    assertTrue(e.getMessage().contains("dopri5") && e.getMessage().contains("euler")
        && e.getMessage().contains("rk4"), e.getMessage());
  }
}
