package io.liquid4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.wiring.Ncp;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** CfC backward against finite differences, one step at cell level. */
class CfcCellGradientTest {
  static Stream<Arguments> modesAndActivations() {
    return Arrays.stream(CfcMode.values())
        .flatMap(m -> Arrays.stream(Activation.values()).map(a -> Arguments.of(m, a)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("modesAndActivations")
  void twoLayerBackboneMatchesFiniteDifferences(CfcMode mode, Activation activation) {
    CfcCell cell = new CfcCell(3, 4, mode, activation, 5, 2, 0.0, null);
    CellGradients.check(cell, 31L * mode.ordinal() + activation.ordinal());
  }

  @ParameterizedTest
  @EnumSource(CfcMode.class)
  void sparsityMaskGivesMaskedWeightsNoGradient(CfcMode mode) {
    int s = 3;
    int n = 4;
    double[] structure = new double[(s + n) * n]; // (S+N, N) [source, target]
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < structure.length; i++) {
      structure[i] = r.nextInt(3) == 0 ? 0 : (r.nextBoolean() ? 1 : -1);
    }
    CfcCell cell = new CfcCell(s, n, mode, Activation.LECUN_TANH, 0, 0, 0.0, structure);
    CellGradients.Result result = CellGradients.check(cell, 17 + mode.ordinal());
    ParameterLayout layout = cell.layout();
    for (String head : mode == CfcMode.PURE
        ? new String[] {"ff1.weight"} : new String[] {"ff1.weight", "ff2.weight"}) {
      int off = layout.offset(head);
      for (int dst = 0; dst < n; dst++) {
        for (int src = 0; src < s + n; src++) {
          if (structure[src * n + dst] == 0) {
            assertEquals(0.0, result.grad(off + dst * (s + n) + src), 0.0,
                head + "[" + dst + ", " + src + "] is masked");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CfcMode.class)
  void wiredCellMatchesFiniteDifferences(CfcMode mode) {
    // inter 3, command 3, motor 2: three chained layers, a gradient through each layer's input.
    WiredCfcCell cell = new WiredCfcCell(new Ncp(3, 3, 2, 2, 2, 2, 2, 23).build(3), mode);
    CellGradients.check(cell, 41 + mode.ordinal());
  }
}
