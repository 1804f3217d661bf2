package io.liquid4j.spiking.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The column's grid, E/I split and connection statistics against the paper's probabilities. */
class ColumnTest {
  @Test
  void neuronsOccupyEveryGridPointOnceAndAFifthAreInhibitory() {
    Column c = Column.paper(new SplittableRandom(1));
    assertEquals(135, c.size());
    assertEquals(108, c.excitatory());
    Set<String> points = new HashSet<>();
    for (int k = 0; k < c.size(); k++) {
      int[] p = c.position(k);
      assertTrue(p[0] >= 0 && p[0] < 3 && p[1] >= 0 && p[1] < 3 && p[2] >= 0 && p[2] < 15);
      points.add(p[0] + "," + p[1] + "," + p[2]);
    }
    assertEquals(135, points.size());
    assertArrayEquals(new int[] {3, 3, 15}, c.grid());
  }

  @Test
  void connectionCountsFollowTheDistanceDependentProbability() {
    // Over 30 columns, the count of each type equals the sum of its probabilities within 4 SD,
    // and the expected counts are the paper's (computed for λ = 2 with self-connections).
    double[] counts = new double[4];
    double[] expected = new double[4];
    double[] variance = new double[4];
    int columns = 30;
    for (int s = 0; s < columns; s++) {
      Column c = Column.paper(new SplittableRandom(100 + s));
      for (Column.Connection connection : c.connections()) {
        counts[connection.type().ordinal()]++;
        assertEquals(connection.type(),
            SynapseType.of(connection.pre() < 108, connection.post() < 108));
      }
      for (int a = 0; a < 135; a++) {
        for (int b = 0; b < 135; b++) {
          double p = c.probability(a, b, 2.0);
          int type = SynapseType.of(a < 108, b < 108).ordinal();
          expected[type] += p;
          variance[type] += p * (1 - p);
        }
      }
    }
    for (SynapseType t : SynapseType.values()) {
      int k = t.ordinal();
      assertEquals(expected[k], counts[k], 4 * Math.sqrt(variance[k]), t.name());
    }
    assertEquals(450, expected[0] / columns, 15, "EE per column");
    assertEquals(70.3, expected[1] / columns, 5, "EI per column");
    assertEquals(140.6, expected[2] / columns, 8, "IE per column");
    assertEquals(11.2, expected[3] / columns, 2, "II per column");
  }

  @Test
  void selfConnectionsCanBeExcluded() {
    Column c = Column.create(3, 3, 15, 0.2, 2.0, false, new SplittableRandom(3));
    assertTrue(c.connections().stream().noneMatch(x -> x.pre() == x.post()));
    Column with = Column.create(3, 3, 15, 0.2, 2.0, true, new SplittableRandom(3));
    assertTrue(with.connections().stream().anyMatch(x -> x.pre() == x.post()));
  }

  @Test
  void aSeedFixesTheColumn() {
    assertEquals(Column.paper(new SplittableRandom(9)).connections(),
        Column.paper(new SplittableRandom(9)).connections());
  }

  @Test
  void badShapesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Column.create(3, 0, 15, 0.2, 2, true, new SplittableRandom(1)));
    assertEquals("grid: expected at least 1 × 1 × 1, found 3 × 0 × 15", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Column.create(3, 3, 15, 1.2, 2, true, new SplittableRandom(1)));
    assertThrows(IllegalArgumentException.class,
        () -> Column.create(3, 3, 15, 0.2, 0, true, new SplittableRandom(1)));
  }
}
