package io.liquid4j.tune;

import java.nio.file.Path;

/**
 * A search resumed in a folder whose records were written by another search: a different grid,
 * other training or validation data, other fixed training settings, or (for the final step) other
 * test data or seeds. Nothing in the folder is changed. The message is one line naming the setting,
 * its value then and now.
 */
public final class SearchMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The setting that differs. */
  private final String setting;

  /** Its recorded value. */
  private final String then;

  /** Its value now. */
  private final String now;

  /** The record that holds the old value. */
  private final transient Path record;

  /**
   * A mismatch.
   *
   * @param record the record that holds the old value
   * @param setting the setting that differs: {@code grid}, {@code train}, {@code validation},
   *     {@code trainer}, {@code task}, {@code test}, {@code seeds} or {@code metric}
   * @param then its recorded value
   * @param now its value now
   */
  public SearchMismatchException(Path record, String setting, String then, String now) {
    super(record + ": " + setting + " differs from the search recorded there (" + cut(then)
        + " then, " + cut(now) + " now); rerun with the same " + setting
        + " to resume, or give another folder for a new search");
    this.record = record;
    this.setting = setting;
    this.then = then;
    this.now = now;
  }

  private static String cut(String value) {
    String v = value == null ? "not given" : value.replace('\n', ' ');
    return v.length() > 100 ? v.substring(0, 100) + "…" : v;
  }

  /** {@return the setting that differs} */
  public String setting() {
    return setting;
  }

  /** {@return its recorded value} */
  public String then() {
    return then;
  }

  /** {@return its value now} */
  public String now() {
    return now;
  }

  /** {@return the record that holds the old value} */
  public Path record() {
    return record;
  }
}
