package io.liquid4j.train;

import io.liquid4j.data.SequenceDataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHA-256 fingerprints of training data, as checkpoints record them so that a resumed run can
 * tell whether it is given the data it was started on: each array's values (their exact bits)
 * and shape, so that any change of a value, a window or a split gives another fingerprint.
 * Fingerprints are written {@code sha256:} and 64 hexadecimal digits.
 */
public final class DataFingerprint {
  /** The prefix of every fingerprint. */
  public static final String PREFIX = "sha256:";

  private DataFingerprint() {}

  /**
   * The fingerprints of a dataset's parts, in this order: {@code inputs} (with B, L, S),
   * {@code targets}, {@code timespans}, {@code mask} and {@code sampleWeights} (each with B and
   * L; an absent array has a fingerprint of its own), and {@code validSteps} (with B and L) only
   * when the dataset has valid steps ({@link SequenceDataset#withValidSteps}, {@link
   * SequenceDataset#withLengths}): a dataset without them has exactly the parts, and so the
   * fingerprint, it had before valid steps existed, so that checkpoints written then still
   * resume, while adding, removing or changing valid steps or lengths changes the fingerprint.
   *
   * @param data the dataset
   * @return a new ordered map from the part's name to its fingerprint
   */
  public static Map<String, String> parts(SequenceDataset data) {
    int b = data.size();
    int l = data.length();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("inputs", of(data.inputs(), b, l, data.features()));
    out.put("targets", of(data.targets(), b, data.task().ordinal(), data.perStep() ? 1 : 0,
        data.targetWidth()));
    out.put("timespans", of(data.timespans(), b, l));
    out.put("mask", of(data.mask(), b, l));
    out.put("sampleWeights", of(data.sampleWeights(), b));
    double[] validSteps = data.validSteps();
    if (validSteps != null) {
      // Only when present: an absent part keeps older checkpoints' recorded parts unchanged.
      out.put("validSteps", of(validSteps, b, l));
    }
    return out;
  }

  /**
   * One fingerprint of the whole dataset: of all its {@link #parts}, in their order, each as the
   * UTF-8 bytes of {@code name=fingerprint;}.
   *
   * @param data the dataset
   * @return {@code sha256:} and 64 hexadecimal digits
   */
  public static String of(SequenceDataset data) {
    MessageDigest md = sha256();
    for (Map.Entry<String, String> e : parts(data).entrySet()) {
      md.update((e.getKey() + "=" + e.getValue() + ";").getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
    }
    return PREFIX + HexFormat.of().formatHex(md.digest());
  }

  /**
   * The fingerprint of an array and the numbers that describe its shape: the SHA-256 of, all
   * little-endian, the count of shape numbers (int32), each shape number (int32), the count of
   * values (int64; −1 for an absent array) and each value's IEEE 754 bits ({@link
   * Double#doubleToLongBits}, int64).
   *
   * @param values the values, or null for an absent array
   * @param shape the shape (or any numbers that belong to the array's meaning)
   * @return {@code sha256:} and 64 hexadecimal digits
   */
  public static String of(double[] values, int... shape) {
    MessageDigest md = sha256();
    ByteBuffer buf = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(shape.length);
    for (int s : shape) {
      buf.putInt(s);
    }
    buf.putLong(values == null ? -1 : values.length);
    if (values != null) {
      for (double v : values) {
        if (buf.remaining() < Long.BYTES) {
          md.update(buf.array(), 0, buf.position());
          buf.clear();
        }
        buf.putLong(Double.doubleToLongBits(v));
      }
    }
    md.update(buf.array(), 0, buf.position());
    return PREFIX + HexFormat.of().formatHex(md.digest());
  }

  /**
   * A fingerprint cut to a readable length for messages: its first 12 digits and an ellipsis.
   *
   * @param fingerprint a fingerprint, or any other value (returned as it is)
   * @return the short form
   */
  public static String abbreviate(String fingerprint) {
    if (fingerprint != null && fingerprint.startsWith(PREFIX)
        && fingerprint.length() > PREFIX.length() + 12) {
      return fingerprint.substring(PREFIX.length(), PREFIX.length() + 12) + "…";
    }
    return fingerprint;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
