package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data fingerprints with valid steps: the steps or lengths are part of the fingerprint, so a
 * resume with other lengths is refused, while a dataset without valid steps keeps the fingerprint
 * of the documented recipe (as before valid steps existed), so that older checkpoints resume.
 */
class DataFingerprintTest {
  @TempDir Path dir;

  /** The documented recipe for one array, written out independently of DataFingerprint. */
  static String recipe(double[] values, int... shape) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeLittleEndian(bytes, shape.length, 4);
    for (int s : shape) {
      writeLittleEndian(bytes, s, 4);
    }
    writeLittleEndian(bytes, values == null ? -1 : values.length, 8);
    if (values != null) {
      for (double v : values) {
        writeLittleEndian(bytes, Double.doubleToLongBits(v), 8);
      }
    }
    return "sha256:" + hex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
  }

  private static void writeLittleEndian(ByteArrayOutputStream out, long value, int width) {
    for (int i = 0; i < width; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  private static String hex(byte[] digest) {
    StringBuilder s = new StringBuilder();
    for (byte b : digest) {
      s.append(String.format("%02x", b & 0xff));
    }
    return s.toString();
  }

  /** The whole-dataset fingerprint of the five parts a dataset had before valid steps. */
  static String recipeWithoutValidSteps(SequenceDataset d) throws Exception {
    int b = d.size();
    int l = d.length();
    List<String[]> parts = List.of(
        new String[] {"inputs", recipe(d.inputs(), b, l, d.features())},
        new String[] {"targets", recipe(d.targets(), b, d.task().ordinal(), d.perStep() ? 1 : 0,
            d.targetWidth())},
        new String[] {"timespans", recipe(d.timespans(), b, l)},
        new String[] {"mask", recipe(d.mask(), b, l)},
        new String[] {"sampleWeights", recipe(d.sampleWeights(), b)});
    StringBuilder text = new StringBuilder();
    for (String[] p : parts) {
      text.append(p[0]).append('=').append(p[1]).append(';');
    }
    return "sha256:" + hex(MessageDigest.getInstance("SHA-256")
        .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aDatasetWithoutValidStepsKeepsTheFingerprintOfTheRecipe() throws Exception {
    SequenceDataset plain = TrainerTest.runningSign(12, 3);
    assertEquals(recipeWithoutValidSteps(plain), DataFingerprint.of(plain));
    assertFalse(DataFingerprint.parts(plain).containsKey("validSteps"));
    // Also with a mask, timespans and sample weights present.
    double[] ts = new double[12 * 8];
    java.util.Arrays.fill(ts, 0.5);
    double[] w = new double[12];
    java.util.Arrays.fill(w, 2.0);
    SequenceDataset rich = plain.withTimespans(ts).withMask(ts).withSampleWeights(w);
    assertEquals(recipeWithoutValidSteps(rich), DataFingerprint.of(rich));
  }

  @Test
  void validStepsAndLengthsAreFingerprinted() throws Exception {
    SequenceDataset plain = TrainerTest.runningSign(12, 3);
    int[] lengths = new int[12];
    java.util.Arrays.fill(lengths, 8);
    lengths[5] = 6;
    SequenceDataset padded = plain.withLengths(lengths);
    Map<String, String> parts = DataFingerprint.parts(padded);
    assertEquals(recipe(padded.validSteps(), 12, 8), parts.get("validSteps"));
    assertNotEquals(DataFingerprint.of(plain), DataFingerprint.of(padded));

    int[] other = lengths.clone();
    other[5] = 7; // one length changed by one step
    assertNotEquals(DataFingerprint.of(padded), DataFingerprint.of(plain.withLengths(other)));
    // Every step valid, but stated: another fingerprint than no valid steps at all, since the
    // checkpoint then records a part the plain data lack.
    int[] full = new int[12];
    java.util.Arrays.fill(full, 8);
    assertNotEquals(DataFingerprint.of(plain), DataFingerprint.of(plain.withLengths(full)));
    // The same valid steps given as lengths or as the 0/1 array: the same data, one fingerprint.
    assertEquals(DataFingerprint.of(padded),
        DataFingerprint.of(plain.withValidSteps(padded.validSteps())));
  }

  @Test
  void resumingWithOtherLengthsIsRefusedAndWithTheSameLengthsContinues() throws IOException {
    SequenceDataset plain = TrainerTest.runningSign(24, 1);
    int[] lengths = new int[24];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = 4 + i % 5;
    }
    Path ckpt = dir.resolve("t.ckpt");
    new Trainer(TrainerTest.config(1, 2), new CrossEntropy())
        .fit(TrainerTest.ltc(), plain.withLengths(lengths), null, null, ckpt, false);
    Trainer two = new Trainer(TrainerTest.config(2, 2), new CrossEntropy());
    int[] other = lengths.clone();
    other[3]++;
    CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
        () -> two.fit(TrainerTest.ltc(), plain.withLengths(other), null, null, ckpt, true));
    assertEquals("training data", e.setting());
    e = assertThrows(CheckpointMismatchException.class,
        () -> two.fit(TrainerTest.ltc(), plain, null, null, ckpt, true));
    assertEquals("training data", e.setting());
    assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    assertEquals(2, two.fit(TrainerTest.ltc(), plain.withLengths(lengths), null, null, ckpt, true)
        .history().size());
  }
}
