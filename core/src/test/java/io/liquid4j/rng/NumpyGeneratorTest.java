package io.liquid4j.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class NumpyGeneratorTest {

  @Test
  void seedSequenceWordsFor1111MatchNumpy() {
    // Appendix A.2 of the reference notes: SeedSequence(1111).generate_state(8).
    int[] expected = {
      1016718093, 525758819, 1142929953, (int) 3354900395L,
      24213781, (int) 2492715974L, (int) 3710295400L, 754555413
    };
    assertArrayEquals(expected, new SeedSequence(1111).generateState(8));
  }

  @Test
  void firstOutputsForSeed1111MatchNumpy() {
    NumpyGenerator rng = new NumpyGenerator(1111);
    assertEquals("15852105362585597067", Long.toUnsignedString(rng.next64()));
    assertEquals("12115427431398542507", Long.toUnsignedString(rng.next64()));
  }

  static Stream<Arguments> seedSequences() {
    return NumpyVectors.load().get("seed_sequence").valueStream()
        .map(s -> Arguments.of(s.get("seed").longValue(), NumpyVectors.words(s.get("words"))));
  }

  @ParameterizedTest(name = "SeedSequence({0})")
  @MethodSource("seedSequences")
  void seedSequenceMatchesNumpy(long seed, int[] words) {
    assertArrayEquals(words, new SeedSequence(seed).generateState(8));
  }

  @Test
  void generateState64JoinsWordsLittleEndian() {
    SeedSequence seq = new SeedSequence(1111);
    int[] words = seq.generateState(4);
    long[] joined = seq.generateState64(2);
    assertEquals(Integer.toUnsignedLong(words[0]) | (long) words[1] << 32, joined[0]);
    assertEquals(Integer.toUnsignedLong(words[2]) | (long) words[3] << 32, joined[1]);
  }

  static Stream<Arguments> numpyScripts() {
    return NumpyVectors.load().get("generator").valueStream()
        .map(s -> Arguments.of(s.get("seed").longValue(), s.get("ops")));
  }

  /** Replays numpy call sequences; every result and the stream position after it must agree. */
  @ParameterizedTest(name = "default_rng({0}) #{index}")
  @MethodSource("numpyScripts")
  void replaysNumpyCallSequence(long seed, JsonNode ops) {
    NumpyGenerator rng = new NumpyGenerator(seed);
    int step = 0;
    for (JsonNode op : ops) {
      JsonNode expected = op.get("expected");
      String where = "seed " + seed + ", call " + step++ + ": " + op.get("op");
      switch (op.get("op").stringValue()) {
        case "next64" ->
            assertEquals(expected.stringValue(), Long.toUnsignedString(rng.next64()), where);
        case "next32" -> assertEquals(expected.longValue(), rng.next32(), where);
        case "bounded" ->
            assertEquals(expected.intValue(), rng.bounded(op.get("r").intValue()), where);
        case "choice" ->
            assertEquals(expected.intValue(), rng.choice(NumpyVectors.ints(op.get("list"))), where);
        case "choiceIndices" ->
            assertArrayEquals(
                NumpyVectors.ints(expected),
                rng.choiceIndices(op.get("pop").intValue(), op.get("k").intValue()),
                where);
        case "double" -> assertEquals(expected.doubleValue(), rng.nextDouble(), where);
        default -> throw new IllegalStateException("unknown op in fixture: " + op);
      }
    }
  }

  @Test
  void next32SplitsOne64BitOutputLowHalfFirst() {
    NumpyGenerator a = new NumpyGenerator(5);
    NumpyGenerator b = new NumpyGenerator(5);
    long whole = b.next64();
    assertEquals(whole & 0xFFFF_FFFFL, a.next32());
    assertEquals(whole >>> 32, a.next32());
    assertEquals(b.next64(), a.next64());
  }

  @Test
  void choiceIndicesAreDistinctAndInRange() {
    NumpyGenerator rng = new NumpyGenerator(8);
    for (int[] popK : new int[][] {{50, 50}, {50, 7}, {20_000, 9_000}, {20_000, 100}}) {
      int[] picks = rng.choiceIndices(popK[0], popK[1]);
      assertEquals(popK[1], picks.length);
      Set<Integer> seen = new HashSet<>();
      for (int p : picks) {
        assertTrue(p >= 0 && p < popK[0], "index " + p + " outside population " + popK[0]);
        assertTrue(seen.add(p), "index " + p + " picked twice");
      }
    }
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new NumpyGenerator(-5));
    assertTrue(e.getMessage().contains("-5"), e.getMessage());
    NumpyGenerator rng = new NumpyGenerator(1);
    e = assertThrows(IllegalArgumentException.class, () -> rng.choiceIndices(4, 5));
    assertTrue(e.getMessage().contains("sample of 5 from a population of 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rng.bounded(-1));
    assertThrows(IllegalArgumentException.class, () -> rng.choice(new int[0]));
  }
}
