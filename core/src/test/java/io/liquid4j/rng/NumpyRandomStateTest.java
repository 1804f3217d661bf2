package io.liquid4j.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class NumpyRandomStateTest {

  @Test
  void firstWordsForSeed22222MatchNumpy() {
    // Appendix A.1 of the reference notes: np.random.RandomState(22222) raw words.
    NumpyRandomState rs = new NumpyRandomState(22222);
    assertEquals(294195201L, rs.next32());
    assertEquals(1847582594L, rs.next32());
    assertEquals(1342442730L, rs.next32());
  }

  static Stream<Arguments> numpyScripts() {
    return NumpyVectors.load().get("random_state").valueStream()
        .map(s -> Arguments.of(s.get("seed").longValue(), s.get("ops")));
  }

  /** Replays numpy call sequences; every result and the stream position after it must agree. */
  @ParameterizedTest(name = "RandomState({0})")
  @MethodSource("numpyScripts")
  void replaysNumpyCallSequence(long seed, JsonNode ops) {
    NumpyRandomState rs = new NumpyRandomState(seed);
    int step = 0;
    for (JsonNode op : ops) {
      JsonNode expected = op.get("expected");
      String where = "seed " + seed + ", call " + step++ + ": " + op;
      switch (op.get("op").stringValue()) {
        case "next32" -> assertEquals(expected.longValue(), rs.next32(), where);
        case "interval" ->
            assertEquals(expected.intValue(), rs.interval(op.get("max").intValue()), where);
        case "choice" ->
            assertEquals(expected.intValue(), rs.choice(NumpyVectors.ints(op.get("list"))), where);
        case "choiceK" ->
            assertArrayEquals(
                NumpyVectors.ints(expected),
                rs.choice(NumpyVectors.ints(op.get("list")), op.get("k").intValue()),
                where);
        case "double" -> assertEquals(expected.doubleValue(), rs.nextDouble(), where);
        default -> throw new IllegalStateException("unknown op in fixture: " + op);
      }
    }
  }

  @Test
  void choiceWithoutReplacementShufflesWholeListEvenForSmallK() {
    // numpy's permutation(n)[:k] consumes n-1 swaps whatever k is, so after a k=0 choice the
    // stream must stand where it stands after a full shuffle.
    NumpyRandomState a = new NumpyRandomState(7);
    NumpyRandomState b = new NumpyRandomState(7);
    a.choice(new int[] {1, 2, 3, 4, 5, 6}, 0);
    b.choice(new int[] {1, 2, 3, 4, 5, 6}, 6);
    assertEquals(b.next32(), a.next32());
  }

  @Test
  void singleElementChoiceDrawsNothing() {
    NumpyRandomState a = new NumpyRandomState(9);
    NumpyRandomState b = new NumpyRandomState(9);
    assertEquals(42, a.choice(new int[] {42}));
    assertEquals(0, a.interval(0));
    assertEquals(b.next32(), a.next32());
  }

  @Test
  void rejectsSeedsNumpyRejects() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 32));
    assertTrue(e.getMessage().contains("2^32 - 1"), e.getMessage());
  }

  @Test
  void rejectsSampleLargerThanPopulation() {
    NumpyRandomState rs = new NumpyRandomState(1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rs.choice(new int[] {1, 2}, 3));
    assertTrue(e.getMessage().contains("sample of 3 from a population of 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rs.choice(new int[0]));
    assertThrows(IllegalArgumentException.class, () -> rs.interval(-1));
  }

  @Test
  void doublesStayInUnitInterval() {
    NumpyRandomState rs = new NumpyRandomState(3);
    for (int i = 0; i < 10_000; i++) {
      double d = rs.nextDouble();
      assertTrue(d >= 0.0 && d < 1.0, "draw " + i + " = " + d);
    }
  }
}
