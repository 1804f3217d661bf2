package io.liquid4j.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A resume refused because the run differs from the one that wrote the checkpoint: its data, how
 * they were read or split, or a setting. The message is one line naming the checkpoint file, the
 * setting and both values (fingerprints of data cut to a readable length), for example {@code
 * c.ckpt: the checkpoint was written with other testFraction (0.15 then, 0.2 now); use another
 * checkpoint file or start a new run without resuming}. The checkpoint is left as it was.
 */
public final class CheckpointMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The checkpoint file. */
  private final transient Path checkpoint;

  /** The setting that differs, by its library name. */
  private final String setting;

  /** Its value recorded in the checkpoint, or null when the checkpoint has none. */
  private final String then;

  /** Its value in this run, or null when this run has none. */
  private final String now;

  /**
   * A refusal naming the setting that differs.
   *
   * @param checkpoint the checkpoint file
   * @param setting the setting's library name, such as {@code testFraction}, {@code data.inputs}
   *     or {@code training data}
   * @param then its value in the checkpoint, or null when the checkpoint does not record it
   * @param now its value in this run, or null when this run does not have it
   */
  public CheckpointMismatchException(Path checkpoint, String setting, String then, String now) {
    this(checkpoint, setting, then, now, null);
  }

  /**
   * A refusal naming the setting that differs, described in the caller's words.
   *
   * @param checkpoint the checkpoint file
   * @param setting the setting's library name
   * @param then its value in the checkpoint, or null when the checkpoint does not record it
   * @param now its value in this run, or null when this run does not have it
   * @param detail the message after the file name, on one line; null for the standard one
   */
  public CheckpointMismatchException(
      Path checkpoint, String setting, String then, String now, String detail) {
    super(detail == null ? message(checkpoint, setting, then, now) : checkpoint + ": " + detail);
    this.checkpoint = checkpoint;
    this.setting = setting;
    this.then = then;
    this.now = now;
  }

  private static String message(Path checkpoint, String setting, String then, String now) {
    String what = (then != null && then.startsWith(DataFingerprint.PREFIX))
        || (now != null && now.startsWith(DataFingerprint.PREFIX))
        ? setting + " differ from the checkpoint's (its fingerprint was "
            + shown(then, "not recorded") + ", now " + shown(now, "none") + ")"
        : "the checkpoint was written with other " + setting + " ("
            + shown(then, "not recorded") + " then, " + shown(now, "not given") + " now)";
    return checkpoint + ": " + what
        + "; use another checkpoint file or start a new run without resuming";
  }

  private static String shown(String value, String absent) {
    if (value == null) {
      return absent;
    }
    String v = DataFingerprint.abbreviate(value).replace('\n', ' ').replace('\r', ' ');
    return v.length() > 120 ? v.substring(0, 120) + "…" : v;
  }

  /** {@return the checkpoint file} */
  public Path checkpoint() {
    return checkpoint;
  }

  /** {@return the setting that differs, by its library name} */
  public String setting() {
    return setting;
  }

  /** {@return the value recorded in the checkpoint, or null when it records none} */
  public String then() {
    return then;
  }

  /** {@return the value in this run, or null when it has none} */
  public String now() {
    return now;
  }
}
