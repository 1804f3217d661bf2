package io.liquid4j.reservoir.task;

import static io.liquid4j.reservoir.task.MackeyGlassTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Series: rescaling, forecasting pairs, columns. */
class SeriesTest {
  @Test
  void minMaxScaleMapsExtremesToTheBounds() {
    assertArrayEquals(
        new double[] {-1, 0, 1}, Series.minMaxScale(new double[] {2, 4, 6}, -1, 1), 0);
    assertArrayEquals(
        new double[] {10, 15, 20, 12.5},
        Series.minMaxScale(new double[] {0, 1, 2, 0.5}, 10, 20), 1e-12);
  }

  @Test
  void minMaxScaleIsTheTutorialExpression() {
    double[] x = MackeyGlass.generate(2510, 5555);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double[] scaled = Series.minMaxScale(x, -1, 1);
    for (int i = 0; i < x.length; i++) {
      // 2 * (X - X.min()) / (X.max() - X.min()) - 1, evaluated as numpy does
      assertEquals(2 * (x[i] - min) / (max - min) - 1, scaled[i], 0);
    }
  }

  @Test
  void toForecastingShiftsTargetsByTheHorizon() {
    ForecastPairs p = Series.toForecasting(new double[] {1, 2, 3, 4, 5}, 2);
    assertArrayEquals(new double[] {1, 2, 3}, p.inputs(), 0);
    assertArrayEquals(new double[] {3, 4, 5}, p.targets(), 0);
    assertEquals(3, p.rows());
    assertEquals(1, p.columns());

    double[] rows = {0, 10, 1, 11, 2, 12, 3, 13};
    ForecastPairs q = Series.toForecasting(rows, 2, 1);
    assertArrayEquals(new double[] {0, 10, 1, 11, 2, 12}, q.inputs(), 0);
    assertArrayEquals(new double[] {1, 11, 2, 12, 3, 13}, q.targets(), 0);
    assertEquals(3, q.rows());
  }

  @Test
  void columnPicksOneComponent() {
    double[] rows = {0, 10, 20, 1, 11, 21};
    assertArrayEquals(new double[] {10, 11}, Series.column(rows, 3, 1), 0);
    double[] xyz = Lorenz.generate(50);
    double[] z = Series.column(xyz, 3, 2);
    assertEquals(50, z.length);
    assertEquals(xyz[3 * 49 + 2], z[49], 0);
  }

  @Test
  void rejectsBadArguments() {
    assertMessage("x", () -> Series.minMaxScale(new double[0], -1, 1));
    assertMessage("x", () -> Series.minMaxScale(new double[] {3, 3}, -1, 1));
    assertMessage("x[1]", () -> Series.minMaxScale(new double[] {3, Double.NaN}, -1, 1));
    assertMessage("hi", () -> Series.minMaxScale(new double[] {1, 2}, 1, 1));
    assertMessage("horizon", () -> Series.toForecasting(new double[] {1, 2}, 2));
    assertMessage("horizon", () -> Series.toForecasting(new double[] {1, 2}, 0));
    assertMessage("x", () -> Series.toForecasting(new double[] {1, 2, 3}, 2, 1));
    assertMessage("columns", () -> Series.column(new double[] {1, 2}, 0, 0));
    assertMessage("column", () -> Series.column(new double[] {1, 2}, 2, 2));
    assertMessage("targets", () -> new ForecastPairs(new double[2], new double[3], 1));
  }
}
